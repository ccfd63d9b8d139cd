import Foundation
import PipelineModel
import SQLiteBridge

public enum BidType: String, Sendable, CaseIterable {
  case fixed, perHour = "per-hour", perDay = "per-day", perWeek = "per-week", perMonth = "per-month", perYear = "per-year"
}

/// A deal as an import stage hands it to the warehouse, already checked.
public struct DealRecord: Sendable, Equatable {
  public var externalID: String?
  public var title: String
  public var description: String?
  public var contactID: Int64?
  public var responsibleID: String
  public var stageID: Int64
  public var probability: Int
  public var bid: Money
  public var bidType: BidType
  public var periodCount: Int
  public var expectedClose: Date?
  public var actualClose: Date?
  public var createdAt: Date
  /// Contacts taking part besides the main one.
  public var participants: [Int64] = []
  public var tags: [String] = []
  /// The users the deal is restricted to; empty means everyone may see it.
  public var accessUsers: [String] = []

  public init(
    externalID: String?, title: String, description: String?, contactID: Int64?, responsibleID: String, stageID: Int64,
    probability: Int, bid: Money, bidType: BidType, periodCount: Int, expectedClose: Date?, actualClose: Date?,
    createdAt: Date
  ) {
    self.externalID = externalID
    self.title = title
    self.description = description
    self.contactID = contactID
    self.responsibleID = responsibleID
    self.stageID = stageID
    self.probability = probability
    self.bid = bid
    self.bidType = bidType
    self.periodCount = periodCount
    self.expectedClose = expectedClose
    self.actualClose = actualClose
    self.createdAt = createdAt
  }

  var columnValues: [SQLiteValue] {
    [
      SQLiteValue(externalID), .text(title), SQLiteValue(description), SQLiteValue(contactID), .text(responsibleID),
      .integer(stageID), .integer(Int64(probability)), .text(bid.currency), .integer(bid.minorUnits),
      .text(bidType.rawValue), .integer(Int64(periodCount)), SQLiteValue(expectedClose.map(DateText.utcText)),
      SQLiteValue(actualClose.map(DateText.utcText)), .text(DateText.utcText(createdAt)),
    ]
  }
}

extension Warehouse {
  public enum UpsertResult: Sendable, Equatable { case inserted(Int64), updated(Int64), unchanged(Int64) }

  static let dealColumns = [
    "external_id", "title", "description", "contact_id", "responsible_id", "stage_id", "probability", "bid_currency",
    "bid_value_minor", "bid_type", "period_count", "expected_close_date", "actual_close_date", "created_at",
  ]

  /// Inserts the deal, or updates the one with the same external id.
  /// Its participants, tags and access users become the record's.
  public func upsertDeal(_ deal: DealRecord) throws -> UpsertResult {
    let result = try upsertByExternalID(
      table: "deals", columns: Self.dealColumns,
      values: deal.columnValues, externalID: deal.externalID)
    let id: Int64
    switch result {
    case .inserted(let value), .updated(let value), .unchanged(let value): id = value
    }
    let isNew: Bool
    if case .inserted = result { isNew = true } else { isNew = false }
    let linksChanged = try replaceLinks(
      owner: ("deal_id", id), isNew: isNew,
      [
        ("deal_participants", "contact_id", deal.participants.map { .integer($0) }),
        ("deal_tags", "tag_id", try tagIDs(deal.tags).map { .integer($0) }),
        ("deal_access_users", "user_id", deal.accessUsers.map { .text($0) }),
      ])
    if case .unchanged = result, linksChanged { return .updated(id) }
    return result
  }

  /// Inserts a row, or updates the row of `table` with the same external id (when given);
  /// says which, and whether an update changed anything.
  func upsertByExternalID(table: String, columns: [String], values: [SQLiteValue], externalID: String?) throws
    -> UpsertResult
  {
    let sql: (find: String, update: String, insert: String)
    if let made = upsertSQL[table] {
      sql = made
    } else {
      sql = Self.upsertSQL(table: table, columns: columns)
      upsertSQL[table] = sql
    }
    if let externalID, let existing = try run(sql.find, [.text(externalID)])?.first?.int {
      try run(sql.update, values + [.integer(existing)] + values)
      return db.changes > 0 ? .updated(existing) : .unchanged(existing)
    }
    try run(sql.insert, values)
    return .inserted(db.lastInsertRowID)
  }

  /// The row with an external id, an update that changes the row only when a value differs,
  /// and an insert.
  private static func upsertSQL(table: String, columns: [String]) -> (find: String, update: String, insert: String) {
    let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
    let differs = columns.map { "\($0) IS NOT ?" }.joined(separator: " OR ")
    let placeholders = columns.map { _ in "?" }.joined(separator: ", ")
    return (
      "SELECT id FROM \(table) WHERE external_id = ?",
      "UPDATE \(table) SET \(assignments) WHERE id = ? AND (\(differs))",
      "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    )
  }

}
