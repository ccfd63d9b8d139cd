import Foundation
import PipelineModel
import SQLiteBridge

/// A task as an import stage hands it to the warehouse, already checked.
public struct TaskRecord: Sendable, Equatable {
  public var externalID: String?
  public var title: String
  public var description: String?
  public var category: String
  public var deadline: Date
  public var responsibleID: String
  public var contactID: Int64?
  public var dealID: Int64?
  public var eventID: Int64?
  /// When the task was closed; nil while it is open.
  public var closedAt: Date?
  public var createdAt: Date

  public init(
    externalID: String?, title: String, description: String?, category: String, deadline: Date, responsibleID: String,
    contactID: Int64?, dealID: Int64?, eventID: Int64?, closedAt: Date?, createdAt: Date
  ) {
    (self.externalID, self.title, self.description, self.category, self.deadline) =
      (externalID, title, description, category, deadline)
    (self.responsibleID, self.contactID, self.dealID, self.eventID, self.closedAt, self.createdAt) =
      (responsibleID, contactID, dealID, eventID, closedAt, createdAt)
  }
}

extension Warehouse {
  static let taskColumns = [
    "external_id", "title", "description", "category", "deadline", "responsible_id", "contact_id", "deal_id", "event_id",
    "is_closed", "closed_at", "created_at",
  ]

  /// Inserts the task, or updates the one with the same external id.
  public func upsertTask(_ task: TaskRecord) throws -> UpsertResult {
    let values: [SQLiteValue] = [
      SQLiteValue(task.externalID), .text(task.title), SQLiteValue(task.description), .text(task.category),
      .text(DateText.utcText(task.deadline)), .text(task.responsibleID), SQLiteValue(task.contactID), SQLiteValue(task.dealID),
      SQLiteValue(task.eventID), .integer(task.closedAt == nil ? 0 : 1), SQLiteValue(task.closedAt.map(DateText.utcText)),
      .text(DateText.utcText(task.createdAt)),
    ]
    return try upsertByExternalID(table: "tasks", columns: Self.taskColumns, values: values, externalID: task.externalID)
  }

  /// The deal with this external id, else the oldest with this title (without case or accents).
  public func dealID(reference: String) throws -> Int64? {
    if let id = try run("SELECT id FROM deals WHERE external_id = ?", [.text(reference)])?.first?.int { return id }
    let key = TextFolding.key(reference)
    return try rows("SELECT id, title FROM deals ORDER BY id").first { TextFolding.key($0[1].string ?? "") == key }?[0].int
  }

  /// The event with this external id, else the oldest with this title (without case or accents).
  public func eventID(reference: String) throws -> Int64? {
    if let id = try run("SELECT id FROM events WHERE external_id = ?", [.text(reference)])?.first?.int { return id }
    let key = TextFolding.key(reference)
    return try rows("SELECT id, title FROM events ORDER BY id").first { TextFolding.key($0[1].string ?? "") == key }?[0].int
  }
}
