import Foundation
import PipelineModel
import Warehouse

/// The workload reports of sections 1.8 to 1.12 of the reference, as manager tables.
///
/// "Now" is the run's as-of time, so a report is the same whenever it is run again. A
/// record without a manager is counted on a "No manager" row.
public struct Workload: Sendable {
  public let period: DateInterval?
  public let asOf: Date
  /// User ids to keep; empty keeps all.
  public let managers: [String]
  public let users: [User]

  public init(period: DateInterval?, asOf: Date, managers: [String], users: [User]) {
    (self.period, self.asOf, self.managers, self.users) = (period, asOf, managers, users)
  }

  public static let noManager = "No manager"

  func inPeriod(_ date: Date?) -> Bool {
    guard let date else { return false }
    return period.map { $0.start <= date && date < $0.end } ?? true
  }

  func keeps(_ id: String?) -> Bool { managers.isEmpty || id.map(managers.contains) == true }

  func name(_ id: String?) -> String {
    guard let id else { return Self.noManager }
    return users.first { $0.id == id }?.name ?? id
  }

  /// Rows of per-manager sums, by manager name.
  func table(
    _ title: String, columns: [String], _ kind: ManagerTable.Kind, rowTotals: Bool = false,
    _ sums: [String?: [Decimal]]
  ) -> ManagerTable {
    let rows = sums.map { (manager: name($0.key), values: $0.value) }.sorted { $0.manager < $1.manager }
    return ManagerTable(title: title, columns: columns, rows: rows, kind: kind, rowTotals: rowTotals)
  }

  /// Adds `values` to `manager`'s row.
  private func add(_ sums: inout [String?: [Decimal]], _ manager: String?, _ values: [Decimal]) {
    let current = sums[manager] ?? [Decimal](repeating: 0, count: values.count)
    sums[manager] = zip(current, values).map { $0 + $1 }
  }

  /// The deals the opportunities report counts: of the kept managers, created or closed in the period.
  public func dealsInPeriod(_ deals: [ReportDeal]) -> [ReportDeal] {
    deals.filter { keeps($0.responsibleID) && (inPeriod($0.createdAt) || inPeriod($0.actualClose)) }
  }

  /// Opportunities by managers: deals created or closed in the period, by status, counted and
  /// in the base currency (`converted`).
  public func deals(_ deals: [ReportDeal], converted: [Int64: Decimal], currency: String) -> [ManagerTable] {
    var counts: [String?: [Decimal]] = [:]
    var budgets: [String?: [Decimal]] = [:]
    for deal in dealsInPeriod(deals) {
      let column = deal.status == .open ? 0 : deal.status == .won ? 1 : 2
      var one = [Decimal](repeating: 0, count: 3)
      one[column] = 1
      add(&counts, deal.responsibleID, one)
      var money = [Decimal](repeating: 0, count: 3)
      money[column] = converted[deal.id] ?? 0
      add(&budgets, deal.responsibleID, money)
    }
    let columns = ["New", "Won", "Lost"]
    return [
      table("By number", columns: columns, .count, counts), table("By budget, \(currency)", columns: columns, .money, budgets),
    ]
  }

  /// Tasks by managers: closed, created and overdue in the period, by category (the
  /// settings' order; others after them).
  public func tasks(_ tasks: [ReportTask], categories: [String]) -> [ManagerTable] {
    let kept = tasks.filter { keeps($0.responsibleID) }
    let seen = Set(kept.map(\.category))
    let columns = categories.filter(seen.contains) + seen.subtracting(categories).sorted()
    var closed: [String?: [Decimal]] = [:]
    var created: [String?: [Decimal]] = [:]
    var overdue: [String?: [Decimal]] = [:]
    for task in kept {
      var one = [Decimal](repeating: 0, count: columns.count)
      one[columns.firstIndex(of: task.category) ?? 0] = 1
      if inPeriod(task.closedAt) { add(&closed, task.responsibleID, one) }
      if inPeriod(task.createdAt) { add(&created, task.responsibleID, one) }
      let late = task.closedAt.map { $0 > task.deadline } ?? (task.deadline < asOf)
      if inPeriod(task.deadline), late { add(&overdue, task.responsibleID, one) }
    }
    return [
      table("Closed tasks", columns: columns, .count, closed), table("New tasks", columns: columns, .count, created),
      table("Overdue tasks", columns: columns, .count, overdue),
    ]
  }

  /// Invoices by managers: billed (not a draft, issued in the period), paid and rejected
  /// (changed to that status in the period), overdue (due in the period, and still sent after
  /// it, or paid after it). Every manager with an invoice has a row.
  public func invoices(_ invoices: [ReportInvoice]) -> [ManagerTable] {
    var billed: [String?: [Decimal]] = [:]
    var outcomes: [String?: [Decimal]] = [:]
    for invoice in invoices where keeps(invoice.responsibleID) {
      let isBilled = invoice.status != .draft && inPeriod(invoice.issueDate)
      add(&billed, invoice.responsibleID, [isBilled ? 1 : 0])
      let paid = invoice.status == .paid && inPeriod(invoice.statusChangedAt)
      let rejected = invoice.status == .rejected && inPeriod(invoice.statusChangedAt)
      var overdue = false
      if let due = invoice.dueDate, inPeriod(due) {
        overdue =
          (invoice.status == .sent && due < asOf) || (invoice.status == .paid && invoice.statusChangedAt > due)
      }
      add(&outcomes, invoice.responsibleID, [paid ? 1 : 0, rejected ? 1 : 0, overdue ? 1 : 0])
    }
    return [
      table("Invoices", columns: ["Billed"], .count, billed),
      table("Invoices by outcome", columns: ["Paid", "Rejected", "Overdue"], .count, outcomes),
    ]
  }

  /// VoIP by managers: top-level calls started in the period, by agent, outgoing and
  /// incoming (every incoming status summed, where the reference kept only the last), counted
  /// and timed.
  public func calls(_ calls: [ReportCall]) -> [ManagerTable] {
    var counts: [String?: [Decimal]] = [:]
    var durations: [String?: [Decimal]] = [:]
    for call in calls where keeps(call.agentID) && inPeriod(call.startedAt) {
      let days = Decimal(call.durationSeconds) / 86_400
      add(&counts, call.agentID, call.isOutgoing ? [1, 0] : [0, 1])
      add(&durations, call.agentID, call.isOutgoing ? [days, 0] : [0, days])
    }
    let columns = ["Outgoing", "Incoming"]
    return [
      table("Call count", columns: columns, .count, rowTotals: true, counts),
      table("Call duration", columns: columns, .duration, rowTotals: true, durations),
    ]
  }

  /// Contacts by managers: distinct contacts created in the period (`contacts` are already
  /// of the period), per responsible manager
  /// (the warehouse keeps no creator; a contact with two responsibles counts for both), by
  /// contact type, and with or without a deal.
  public func contacts(_ contacts: [ReportContact], types: [String]) -> [ManagerTable] {
    let seen = Set(contacts.compactMap(\.contactType))
    let columns = types.filter(seen.contains) + seen.subtracting(types).sorted() + ["Not specified"]
    var byType: [String?: [Decimal]] = [:]
    var byDeals: [String?: [Decimal]] = [:]
    for group in contacts {
      let count = Decimal(group.count)
      var counts = [Decimal](repeating: 0, count: columns.count)
      counts[group.contactType.flatMap(columns.firstIndex) ?? columns.count - 1] = count
      let owners: [String?] = group.responsibles.isEmpty ? [nil] : group.responsibles
      for owner in owners where keeps(owner) {
        add(&byType, owner, counts)
        add(&byDeals, owner, group.hasDeals ? [0, count] : [count, 0])
      }
    }
    return [
      table("New contacts", columns: columns, .count, byType),
      table(
        "New contacts with and without opportunities", columns: ["Without opportunities", "With opportunities"], .count,
        byDeals),
    ]
  }
}
