import Foundation
import PipelineModel
import Warehouse

/// The contact a row of another entity names (a deal's client, a task's contact, an event's
/// participant): by email, else by name, companies first, then persons.
enum ContactReference {
  /// The row's `contact_email` and `contact_name` fields.
  static func find(_ row: MappedRow, in warehouse: Warehouse) throws -> Int64? {
    try find(emails: FieldParsing.list(row.values("contact_email")), name: row.value("contact_name"), in: warehouse)
  }

  static func find(emails: [String], name: String?, in warehouse: Warehouse) throws -> Int64? {
    for email in emails {
      if let id = try warehouse.contactID(email: email.trimmedSpaces) { return id }
    }
    guard let name else { return nil }
    return try warehouse.contactID(name: name, kind: .company) ?? warehouse.contactID(name: name, kind: .person)
  }

  /// The most participants a row may list (10,000): more rejects the row.
  static let mostParticipants = 10_000

  /// The contacts a row's `participants` name, each once in the row's order, `excluding` the
  /// row's own contact, and the one `RowError` that lists those matching no contact (the
  /// first 10, masked, and how many more): one line in the rejects however many there are.
  /// Each distinct text is looked up once, through the warehouse's indexes.
  static func participants(_ row: MappedRow, excluding: Int64? = nil, in warehouse: Warehouse) throws -> (
    ids: [Int64], unmatched: RowError?
  ) {
    let texts = FieldParsing.list(row.values("participants"))
    guard texts.count <= mostParticipants else {
      throw RowError(
        field: "participants",
        reason:
          "lists \(texts.count) participants, more than the \(mostParticipants) a row may list; split the row, or check the file")
    }
    var ids: [Int64] = []
    var seenIDs = Set<Int64>()
    var seenTexts = Set<String>()
    var unmatched: [String] = []
    for text in texts where seenTexts.insert(text).inserted {
      if let id = try find(text, in: warehouse) {
        if id != excluding, seenIDs.insert(id).inserted { ids.append(id) }
      } else {
        unmatched.append(text)
      }
    }
    guard !unmatched.isEmpty else { return (ids, nil) }
    var names = unmatched.prefix(10).map { "'\(Masking.mask($0))'" }.joined(separator: ", ")
    if unmatched.count > 10 { names += " and \(unmatched.count - 10) more" }
    let what = unmatched.count == 1 ? "the participant is" : "these \(unmatched.count) participants are"
    return (ids, RowError(field: "participants", reason: "no contact matches \(names); \(what) left out"))
  }

  /// One participant written as an email or a name.
  static func find(_ text: String, in warehouse: Warehouse) throws -> Int64? {
    text.contains("@") ? try find(emails: [text], name: nil, in: warehouse) : try find(emails: [], name: text, in: warehouse)
  }
}
