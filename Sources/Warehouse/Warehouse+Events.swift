import Foundation
import PipelineModel
import SQLiteBridge

/// An event (the reference CRM's "case") as an import stage hands it to the warehouse.
public struct EventRecord: Sendable, Equatable {
  public var externalID: String?
  public var title: String
  public var isClosed: Bool
  public var createdAt: Date
  public var participants: [Int64]
  public var tags: [String]
  /// The users it is restricted to; empty means everyone may see it.
  public var accessUsers: [String]

  public init(
    externalID: String?, title: String, isClosed: Bool, createdAt: Date, participants: [Int64], tags: [String],
    accessUsers: [String]
  ) {
    (self.externalID, self.title, self.isClosed, self.createdAt) = (externalID, title, isClosed, createdAt)
    (self.participants, self.tags, self.accessUsers) = (participants, tags, accessUsers)
  }
}

extension Warehouse {
  /// Inserts the event, or updates the one with the same external id; its participants,
  /// tags and access users become the record's.
  public func upsertEvent(_ event: EventRecord) throws -> UpsertResult {
    let values: [SQLiteValue] = [
      SQLiteValue(event.externalID), .text(event.title), .integer(event.isClosed ? 1 : 0),
      .text(DateText.utcText(event.createdAt)),
    ]
    let result = try upsertByExternalID(
      table: "events", columns: ["external_id", "title", "is_closed", "created_at"], values: values,
      externalID: event.externalID)
    let id: Int64
    switch result {
    case .inserted(let value), .updated(let value), .unchanged(let value): id = value
    }
    let isNew: Bool
    if case .inserted = result { isNew = true } else { isNew = false }
    let linksChanged = try replaceLinks(
      owner: ("event_id", id), isNew: isNew,
      [
        ("event_participants", "contact_id", event.participants.map { .integer($0) }),
        ("event_tags", "tag_id", try tagIDs(event.tags).map { .integer($0) }),
        ("event_access_users", "user_id", event.accessUsers.map { .text($0) }),
      ])
    if case .unchanged = result, linksChanged { return .updated(id) }
    return result
  }
}

extension Warehouse {
  /// The ids of `names` in `tags`, each created when new (names compared without case or accents).
  func tagIDs(_ names: [String]) throws -> [Int64] {
    var ids: [Int64] = []
    for name in names {
      let key = TextFolding.key(name)
      try run("INSERT OR IGNORE INTO tags (name, name_key) VALUES (?, ?)", [.text(name), .text(key)])
      if let id = try run("SELECT id FROM tags WHERE name_key = ?", [.text(key)])?.first?.int { ids.append(id) }
    }
    return ids
  }

  /// Makes each link table hold exactly `values` for the owner; returns whether one changed.
  /// `isNew`: the owner was just inserted, so it has no links yet and none are read.
  func replaceLinks(
    owner: (column: String, id: Int64), isNew: Bool = false,
    _ links: [(table: String, column: String, values: [SQLiteValue])]
  ) throws -> Bool {
    var changed = false
    for link in links {
      if isNew {
        guard !link.values.isEmpty else { continue }
      } else {
        let current = "SELECT \(link.column) FROM \(link.table) WHERE \(owner.column) = ?"
        guard Set(try rows(current, [.integer(owner.id)]).map { $0[0] }) != Set(link.values) else { continue }
        try run("DELETE FROM \(link.table) WHERE \(owner.column) = ?", [.integer(owner.id)])
      }
      changed = true
      for value in Set(link.values) {
        try run("INSERT INTO \(link.table) (\(owner.column), \(link.column)) VALUES (?, ?)", [.integer(owner.id), value])
      }
    }
    return changed
  }
}
