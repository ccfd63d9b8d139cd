import Foundation
import PipelineModel
import SQLiteBridge

public enum ContactKind: String, Sendable { case person, company }
public enum ContactAccess: String, Sendable, CaseIterable {
  case publicRead = "public-read", publicReadWrite = "public-read-write", `private`
}

/// A contact as an import stage hands it to the warehouse, already checked.
public struct ContactRecord: Sendable, Equatable {
  public var kind: ContactKind
  public var firstName: String?
  public var lastName: String?
  public var companyName: String?
  public var jobTitle: String?
  public var contactType: String?
  public var temperature: String?
  public var currency: String?
  public var access: ContactAccess?
  public var notes: String?
  public var createdAt: Date
  public var emails: [String] = []
  public var phones: [String] = []
  public var websites: [String] = []
  public var address: Address?
  public var responsibles: [String] = []
  public var accessUsers: [String] = []
  public var tags: [String] = []

  public struct Address: Sendable, Equatable {
    public var street, city, state, zip, country: String?
    public init(street: String?, city: String?, state: String?, zip: String?, country: String?) {
      (self.street, self.city, self.state, self.zip, self.country) = (street, city, state, zip, country)
    }
    public var isEmpty: Bool { [street, city, state, zip, country].allSatisfy { $0 == nil } }
  }

  public init(kind: ContactKind, createdAt: Date) {
    self.kind = kind
    self.createdAt = createdAt
  }

  public var displayName: String {
    switch kind {
    case .company: return companyName ?? ""
    case .person: return [firstName, lastName].compactMap { $0 }.joined(separator: " ")
    }
  }
}

extension Warehouse {
  /// The contact owning this email (case-insensitive), if any.
  public func contactID(email: String) throws -> Int64? {
    try run("SELECT contact_id FROM contact_emails WHERE email_key = ? ORDER BY contact_id LIMIT 1", [.text(email.lowercased())])?
      .first?.int
  }

  /// The first contact of `kind` whose folded name is `name`'s.
  public func contactID(name: String, kind: ContactKind) throws -> Int64? {
    try run(
      "SELECT id FROM contacts WHERE kind = ? AND match_name = ? ORDER BY id LIMIT 1",
      [.text(kind.rawValue), .text(TextFolding.key(name))])?.first?.int
  }

  public func insertContact(_ contact: ContactRecord, companyID: Int64?) throws -> Int64 {
    try run(
      """
      INSERT INTO contacts (kind, first_name, last_name, company_name, display_name, match_name, company_id, job_title,
        contact_type, temperature, currency, access, notes, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .text(contact.kind.rawValue), SQLiteValue(contact.firstName), SQLiteValue(contact.lastName),
        SQLiteValue(contact.companyName), .text(contact.displayName), .text(TextFolding.key(contact.displayName)),
        SQLiteValue(companyID), SQLiteValue(contact.jobTitle), SQLiteValue(contact.contactType),
        SQLiteValue(contact.temperature), SQLiteValue(contact.currency),
        .text((contact.access ?? .publicReadWrite).rawValue), SQLiteValue(contact.notes),
        .text(DateText.utcText(contact.createdAt)),
      ])
    let id = db.lastInsertRowID
    _ = try addDetails(contact, to: id)
    return id
  }

  /// Fills the contact's empty fields from `contact` and adds its new emails, phones, tags and
  /// users. Values already set are kept (first source wins). Returns whether anything changed.
  public func mergeContact(_ id: Int64, with contact: ContactRecord, companyID: Int64?) throws -> Bool {
    let fields: [(String, String?)] = [
      ("job_title", contact.jobTitle), ("contact_type", contact.contactType), ("temperature", contact.temperature),
      ("currency", contact.currency), ("notes", contact.notes),
    ]
    var changed = false
    for (column, value) in fields {
      guard let value else { continue }
      try run("UPDATE contacts SET \(column) = ? WHERE id = ? AND \(column) IS NULL", [.text(value), .integer(id)])
      changed = changed || db.changes > 0
    }
    if let companyID {
      try run(
        "UPDATE contacts SET company_id = ? WHERE id = ? AND company_id IS NULL AND kind = 'person'",
        [.integer(companyID), .integer(id)])
      changed = changed || db.changes > 0
    }
    return try addDetails(contact, to: id) || changed
  }

  /// Adds what is new among the contact's emails, phones, websites, address, tags and users.
  private func addDetails(_ contact: ContactRecord, to id: Int64) throws -> Bool {
    var added = 0
    let hasPrimaryEmail = try run("SELECT 1 FROM contact_emails WHERE contact_id = ?", [.integer(id)]) != nil
    for (index, email) in contact.emails.enumerated() {
      try run(
        "INSERT OR IGNORE INTO contact_emails (contact_id, email, email_key, is_primary) VALUES (?, ?, ?, ?)",
        [.integer(id), .text(email), .text(email.lowercased()), .integer(!hasPrimaryEmail && index == 0 ? 1 : 0)])
      added += db.changes
    }
    let hasPrimaryPhone = try run("SELECT 1 FROM contact_phones WHERE contact_id = ?", [.integer(id)]) != nil
    for (index, phone) in contact.phones.enumerated() {
      try run(
        "INSERT OR IGNORE INTO contact_phones (contact_id, phone, is_primary) VALUES (?, ?, ?)",
        [.integer(id), .text(phone), .integer(!hasPrimaryPhone && index == 0 ? 1 : 0)])
      added += db.changes
    }
    for url in contact.websites {
      try run("INSERT OR IGNORE INTO contact_websites (contact_id, url) VALUES (?, ?)", [.integer(id), .text(url)])
      added += db.changes
    }
    if let address = contact.address, !address.isEmpty {
      let parts = [address.street, address.city, address.state, address.zip, address.country]
      let exists =
        try run(
          """
          SELECT 1 FROM contact_addresses WHERE contact_id = ? AND street IS ? AND city IS ? AND state IS ?
            AND zip IS ? AND country IS ?
          """, [.integer(id)] + parts.map(SQLiteValue.init)) != nil
      if !exists {
        try run(
          "INSERT INTO contact_addresses (contact_id, street, city, state, zip, country) VALUES (?, ?, ?, ?, ?, ?)",
          [.integer(id)] + parts.map(SQLiteValue.init))
        added += 1
      }
    }
    for tag in contact.tags {
      let key = TextFolding.key(tag)
      try run("INSERT OR IGNORE INTO tags (name, name_key) VALUES (?, ?)", [.text(tag), .text(key)])
      try run(
        "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) SELECT ?, id FROM tags WHERE name_key = ?",
        [.integer(id), .text(key)])
      added += db.changes
    }
    for user in contact.responsibles {
      try run("INSERT OR IGNORE INTO contact_responsibles (contact_id, user_id) VALUES (?, ?)", [.integer(id), .text(user)])
      added += db.changes
    }
    for user in contact.accessUsers {
      try run("INSERT OR IGNORE INTO contact_access_users (contact_id, user_id) VALUES (?, ?)", [.integer(id), .text(user)])
      added += db.changes
    }
    return added > 0
  }
}
