import Foundation
import PipelineModel
import SQLiteBridge

/// A deal as the deal reports read it.
public struct ReportDeal: Sendable, Equatable {
  public var id: Int64
  public var externalID: String?
  public var title: String
  public var contactName: String?
  public var responsibleID: String
  public var responsibleName: String
  public var stageID: Int64
  public var stageName: String
  public var status: StageStatus
  public var probability: Int
  public var bid: Money
  public var bidType: BidType
  public var periodCount: Int
  public var createdAt: Date
  public var expectedClose: Date?
  public var actualClose: Date?

  public init(
    id: Int64, externalID: String?, title: String, contactName: String?, responsibleID: String, responsibleName: String,
    stageID: Int64, stageName: String, status: StageStatus, probability: Int, bid: Money, bidType: BidType,
    periodCount: Int, createdAt: Date, expectedClose: Date?, actualClose: Date?
  ) {
    self.id = id
    self.externalID = externalID
    self.title = title
    self.contactName = contactName
    self.responsibleID = responsibleID
    self.responsibleName = responsibleName
    self.stageID = stageID
    self.stageName = stageName
    self.status = status
    self.probability = probability
    self.bid = bid
    self.bidType = bidType
    self.periodCount = periodCount
    self.createdAt = createdAt
    self.expectedClose = expectedClose
    self.actualClose = actualClose
  }

  /// The deal's whole value in its own currency: the bid, times the period count for a
  /// non-fixed bid (0 counts as 1), as in the reference CRM (section 1.4).
  ///
  /// In Decimal, exact: a warehouse written before the import capped the periods (or edited
  /// by hand) may hold a product that does not fit in 64 bits, and a report must not trap.
  public var value: Decimal {
    let periods = bidType == .fixed ? 1 : max(periodCount, 1)
    return bid.decimal * Decimal(periods)
  }
}

/// Which date of a deal a report's period applies to.
public enum DealDate: String, Sendable {
  case created = "created_at", expectedClose = "expected_close_date", actualClose = "actual_close_date"
}

extension Warehouse {
  /// Deals whose `date` falls in `[start, end)` (all when nil), of a stage `status` (any when
  /// nil), of `managers` (all when empty), in date then id order.
  /// With a `viewer`, only the deals that user may see. Without `listed`, a deal's title,
  /// external id, contact and responsible names are left empty: a report that only counts
  /// and sums does not list them, and reading them costs more than the rest of the deal.
  public func deals(
    _ date: DealDate, in interval: DateInterval?, status: StageStatus?, managers: [String], viewer: String? = nil,
    listed: Bool = true
  ) throws -> [ReportDeal] {
    try deals(
      anyOf: [date], in: interval, status: status, managers: managers, viewer: viewer, listed: listed)
  }

  /// Deals with any of `dates` in `[start, end)`, ordered by the first of them.
  public func deals(
    anyOf dates: [DealDate], in interval: DateInterval?, status: StageStatus?, managers: [String], viewer: String? = nil,
    listed: Bool = true
  ) throws -> [ReportDeal] {
    let date = dates.first ?? .created
    var conditions: [String] = []
    var values: [SQLiteValue] = []
    if let viewer {
      conditions.append(Visibility.deal("d"))
      values += [.text(viewer), .text(viewer)]
    }
    if let interval {
      conditions.append("(" + dates.map { "(d.\($0.rawValue) >= ? AND d.\($0.rawValue) < ?)" }.joined(separator: " OR ") + ")")
      for _ in dates { values += [.text(DateText.utcText(interval.start)), .text(DateText.utcText(interval.end))] }
    } else if !dates.contains(.created) {
      conditions.append("(" + dates.map { "d.\($0.rawValue) IS NOT NULL" }.joined(separator: " OR ") + ")")
    }
    if let status {
      conditions.append("s.status = ?")
      values.append(.text(status.rawValue))
    }
    if !managers.isEmpty {
      conditions.append("d.responsible_id IN (\(managers.map { _ in "?" }.joined(separator: ", ")))")
      values += managers.map { .text($0) }
    }
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let sql = """
      SELECT d.id, \(listed ? "d.external_id, d.title, c.display_name" : "NULL, '', NULL"), d.responsible_id,
        \(listed ? "u.name" : "''"), s.id, s.name, s.status,
        d.probability, d.bid_currency, d.bid_value_minor, d.bid_type, d.period_count, d.created_at,
        d.expected_close_date, d.actual_close_date
      FROM deals d
      JOIN deal_stages s ON s.id = d.stage_id
      \(listed ? "JOIN users u ON u.id = d.responsible_id LEFT JOIN contacts c ON c.id = d.contact_id" : "")
      \(filter)
      """
    // In date then id order, sorted here: SQLite's sorter costs more than the query itself on a large period.
    var deals: [ReportDeal] = []
    try forEachRow(sql, values) { row in
      deals.append(
        ReportDeal(
          id: row[0].int ?? 0, externalID: row[1].string, title: row[2].string ?? "", contactName: row[3].string,
          responsibleID: row[4].string ?? "", responsibleName: row[5].string ?? "", stageID: row[6].int ?? 0,
          stageName: row[7].string ?? "", status: StageStatus(rawValue: row[8].string ?? "") ?? .open,
          probability: Int(row[9].int ?? 0), bid: Money(minorUnits: row[11].int ?? 0, currency: row[10].string ?? ""),
          bidType: BidType(rawValue: row[12].string ?? "") ?? .fixed, periodCount: Int(row[13].int ?? 0),
          createdAt: DateText.fromUTCText(row[14].string ?? "") ?? Date(timeIntervalSince1970: 0),
          expectedClose: row[15].string.flatMap(DateText.fromUTCText),
          actualClose: row[16].string.flatMap(DateText.fromUTCText)))
    }
    let key: (ReportDeal) -> Date? =
      switch date {
      case .created: { $0.createdAt }
      case .expectedClose: { $0.expectedClose }
      case .actualClose: { $0.actualClose }
      }
    // Sort small keys, not the deals themselves: a deal is large to move.
    let order = deals.indices.map { (date: key(deals[$0]), id: deals[$0].id, index: $0) }.sorted { a, b in
      switch (a.date, b.date) {
      case let (x?, y?): x != y ? x < y : a.id < b.id
      case (nil, nil): a.id < b.id
      case (nil, _): true
      case (_, nil): false
      }
    }
    return order.map { deals[$0.index] }
  }
}
