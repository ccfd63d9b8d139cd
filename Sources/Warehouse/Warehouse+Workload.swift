import Foundation
import PipelineModel
import SQLiteBridge

/// A task as the workload reports read it.
public struct ReportTask: Sendable, Equatable {
  public var title: String
  public var category: String
  public var responsibleID: String
  public var deadline: Date
  public var closedAt: Date?
  public var createdAt: Date
}

/// An invoice as the workload reports read it.
public struct ReportInvoice: Sendable, Equatable {
  public var number: String
  public var status: InvoiceStatus
  public var statusChangedAt: Date
  public var issueDate: Date
  public var dueDate: Date?
  public var responsibleID: String?
  public var createdAt: Date
}

/// A top-level call as the workload reports read it.
public struct ReportCall: Sendable, Equatable {
  public var agentID: String?
  public var isOutgoing: Bool
  public var isMissed: Bool
  public var startedAt: Date?
  public var durationSeconds: Int
}

/// Contacts as the reports count them: how many share a type, temperature, set of
/// responsible managers and having a deal or not.
public struct ReportContact: Sendable, Equatable {
  public var contactType: String?
  public var temperature: String?
  public var responsibles: [String]
  /// The main contact of at least one deal.
  public var hasDeals: Bool
  public var count: Int

  public init(contactType: String?, temperature: String?, responsibles: [String], hasDeals: Bool, count: Int = 1) {
    (self.contactType, self.temperature, self.responsibles, self.hasDeals, self.count) =
      (contactType, temperature, responsibles, hasDeals, count)
  }
}

extension Warehouse {
  private static func date(_ value: SQLiteValue) -> Date? { value.string.flatMap(DateText.fromUTCText) }

  /// Any of `columns` in `[start, end)`, its bounds appended to `values`.
  static func within(_ columns: [String], _ interval: DateInterval, _ values: inout [SQLiteValue]) -> String {
    let bounds: [SQLiteValue] = [.text(DateText.utcText(interval.start)), .text(DateText.utcText(interval.end))]
    for _ in columns { values += bounds }
    return "(" + columns.map { "(\($0) >= ? AND \($0) < ?)" }.joined(separator: " OR ") + ")"
  }

  /// With a `viewer`, only the tasks that user may see: theirs, or linked to a contact or
  /// deal they may see.
  /// With `touching`, only the tasks created, closed or due in it.
  public func reportTasks(viewer: String? = nil, touching interval: DateInterval? = nil) throws -> [ReportTask] {
    var conditions: [String] = []
    var values: [SQLiteValue] = []
    if let viewer {
      conditions.append(Visibility.linked("t", owner: "responsible_id", contactColumn: "contact_id"))
      values += [SQLiteValue](repeating: .text(viewer), count: 5)
    }
    if let interval {
      conditions.append(Self.within(["created_at", "closed_at", "deadline"], interval, &values))
    }
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let sql = "SELECT title, category, responsible_id, deadline, closed_at, created_at FROM tasks t \(filter) ORDER BY id"
    return try mapRows(sql, values) {
      ReportTask(
        title: $0[0].string ?? "", category: $0[1].string ?? "", responsibleID: $0[2].string ?? "",
        deadline: Self.date($0[3]) ?? .distantPast, closedAt: Self.date($0[4]), createdAt: Self.date($0[5]) ?? .distantPast)
    }
  }

  /// With a `viewer`, only the invoices that user may see: theirs, or of a client or deal
  /// they may see.
  public func reportInvoices(viewer: String? = nil) throws -> [ReportInvoice] {
    let visible = viewer == nil ? "" : "WHERE " + Visibility.linked("i", owner: "responsible_id", contactColumn: "client_id")
    let sql = """
      SELECT number, status, status_changed_at, issue_date, due_date, responsible_id, created_at FROM invoices i \(visible)
      ORDER BY id
      """
    return try mapRows(sql, viewer.map { [SQLiteValue](repeating: .text($0), count: 5) } ?? []) {
      ReportInvoice(
        number: $0[0].string ?? "", status: InvoiceStatus(rawValue: $0[1].string ?? "") ?? .draft,
        statusChangedAt: Self.date($0[2]) ?? .distantPast, issueDate: Self.date($0[3]) ?? .distantPast,
        dueDate: Self.date($0[4]), responsibleID: $0[5].string, createdAt: Self.date($0[6]) ?? .distantPast)
    }
  }

  /// Top-level calls only: child legs are the same call on another line.
  /// With `touching`, only the calls started in it.
  public func reportCalls(touching interval: DateInterval? = nil) throws -> [ReportCall] {
    var values: [SQLiteValue] = []
    let period = interval.map { " AND " + Self.within(["started_at"], $0, &values) } ?? ""
    return try mapRows(
      """
      SELECT agent_id, direction, status, started_at, coalesce(duration_seconds, 0) FROM calls
      WHERE parent_sid IS NULL\(period) ORDER BY started_at, sid
      """, values
    ) {
      ReportCall(
        agentID: $0[0].string, isOutgoing: $0[1].string == "outgoing", isMissed: $0[2].string == "missed",
        startedAt: Self.date($0[3]), durationSeconds: Int($0[4].int ?? 0))
    }
  }

  /// The contacts created in `createdIn` (all when nil), counted by type, temperature,
  /// responsible managers and deal; with a `viewer`, only those that user may see.
  ///
  /// Counted here from one join: SQLite's correlated subqueries cost twice as much a contact.
  public func reportContacts(viewer: String? = nil, createdIn interval: DateInterval? = nil) throws -> [ReportContact] {
    var conditions: [String] = []
    var values: [SQLiteValue] = []
    if let viewer {
      conditions.append(Visibility.contact("c"))
      values += [.text(viewer), .text(viewer)]
    }
    if let interval { conditions.append(Self.within(["created_at"], interval, &values)) }
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    var withDeals = Set<Int64>()
    withDeals.reserveCapacity(Int(try rows("SELECT count(*) FROM deals").first?.first?.int ?? 0))
    try forEachRow("SELECT DISTINCT contact_id FROM deals WHERE contact_id IS NOT NULL") { withDeals.insert($0[0].int ?? 0) }
    var counts: [ReportContact.Key: Int] = [:]
    // One row per contact and responsible, a contact's rows together.
    var current: (id: Int64, key: ReportContact.Key)?
    func count() {
      guard var key = current?.key else { return }
      key.responsibles.sort()
      counts[key, default: 0] += 1
    }
    try forEachRow(
      """
      SELECT c.id, c.contact_type, c.temperature, r.user_id
      FROM contacts c LEFT JOIN contact_responsibles r ON r.contact_id = c.id \(filter)
      """, values
    ) { row in
      let id = row[0].int ?? 0
      if current?.id != id {
        count()
        current = (
          id,
          ReportContact.Key(
            contactType: row[1].string, temperature: row[2].string, responsibles: [], hasDeals: withDeals.contains(id))
        )
      }
      if let user = row[3].string { current?.key.responsibles.append(user) }
    }
    count()
    return counts.sorted { $0.key < $1.key }.map {
      ReportContact(
        contactType: $0.key.contactType, temperature: $0.key.temperature, responsibles: $0.key.responsibles,
        hasDeals: $0.key.hasDeals, count: $0.value)
    }
  }
}

extension ReportContact {
  /// What the contacts report counts by, ordered as SQL would: a missing value first.
  struct Key: Hashable, Comparable {
    var contactType: String?
    var temperature: String?
    var responsibles: [String]
    var hasDeals: Bool

    static func < (a: Key, b: Key) -> Bool {
      func order(_ x: String?, _ y: String?) -> Bool? {
        switch (x, y) {
        case let (x?, y?): x == y ? nil : x < y
        case (nil, nil): nil
        case (nil, _): true
        case (_, nil): false
        }
      }
      return order(a.contactType, b.contactType) ?? order(a.temperature, b.temperature)
        ?? (a.responsibles != b.responsibles
          ? a.responsibles.lexicographicallyPrecedes(b.responsibles) : !a.hasDeals && b.hasDeals)
    }
  }
}
