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

  /// One participant written as an email or a name.
  static func find(_ text: String, in warehouse: Warehouse) throws -> Int64? {
    text.contains("@") ? try find(emails: [text], name: nil, in: warehouse) : try find(emails: [], name: text, in: warehouse)
  }
}
