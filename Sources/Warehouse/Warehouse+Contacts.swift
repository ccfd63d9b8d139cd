import Foundation
import PipelineModel
import SQLiteBridge

public enum ContactKind: String, Sendable { case person, company }
public enum ContactAccess: String, Sendable, CaseIterable {
  case publicRead = "public-read", publicReadWrite = "public-read-write", `private`
}

/// A phone number as read, and its E.164 form when it is valid.
public struct PhoneValue: Sendable, Equatable {
  public var raw: String
  public var e164: String?
  public var problem: String?
  public init(raw: String, e164: String?, problem: String?) {
    self.raw = raw
    self.e164 = e164
    self.problem = problem
  }
}

/// Where a value comes from. Survivorship keeps the value of the highest priority, then of
/// the latest sequence (import order: file, then line).
public struct Provenance: Sendable, Comparable, Hashable {
  public var priority: Int
  public var sequence: Int64
  public init(priority: Int, sequence: Int64) {
    self.priority = priority
    self.sequence = sequence
  }
  public static func < (a: Provenance, b: Provenance) -> Bool {
    (a.priority, a.sequence) < (b.priority, b.sequence)
  }
}

/// A contact as an import stage hands it to the warehouse, already checked and normalised.
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
  /// Date of birth, `YYYY-MM-DD`.
  public var birthday: String?
  public var createdAt: Date
  public var emails: [String] = []
  public var phones: [PhoneValue] = []
  public var websites: [String] = []
  public var address: Address?
  public var responsibles: [String] = []
  public var accessUsers: [String] = []
  public var tags: [String] = []
  /// Columns the stage keeps without a field of their own, by header.
  public var customFields: [(name: String, value: String)] = []
  /// `(source, id)`: the id the contact has in the system the file came from.
  public var externalID: (source: String, id: String)?
  /// How a contact was first created when not from a contact file: `webform:<source>` or `call`.
  public var origin: String?

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

  public static func == (a: ContactRecord, b: ContactRecord) -> Bool {
    a.kind == b.kind && a.scalarFields == b.scalarFields && a.emails == b.emails && a.phones == b.phones
      && a.websites == b.websites && a.address == b.address && a.responsibles == b.responsibles
      && a.accessUsers == b.accessUsers && a.tags == b.tags && a.createdAt == b.createdAt
      && a.externalID?.source == b.externalID?.source && a.externalID?.id == b.externalID?.id && a.origin == b.origin
      && a.customFields.map(\.name) == b.customFields.map(\.name) && a.customFields.map(\.value) == b.customFields.map(\.value)
  }

  /// The golden fields survivorship decides, in `Warehouse.survivorFields` order.
  var scalarFields: [String?] {
    [firstName, lastName, companyName, jobTitle, contactType, temperature, currency, access?.rawValue, notes, birthday]
  }

  public var displayName: String {
    switch kind {
    case .company: return companyName ?? ""
    case .person: return Self.personName(firstName, lastName)
    }
  }

  /// First and last name joined by a space, either alone, or "".
  static func personName(_ first: String?, _ last: String?) -> String {
    switch (first, last) {
    case (let first?, let last?): first + " " + last
    case (let first?, nil): first
    case (nil, let last?): last
    case (nil, nil): ""
    }
  }
}

extension Warehouse {
  static let insertContactSQL = """
    INSERT INTO contacts (id, kind, \(survivorFields.joined(separator: ", ")), display_name, match_name, company_id,
      created_at, source_priority, source_sequence, origin)
    VALUES (?, ?, \(survivorFields.map { _ in "?" }.joined(separator: ", ")), ?, ?, ?, ?, ?, ?, ?)
    """

  /// The id SQLite would give the next contact inserted without one: one more than the highest.
  public func nextContactID() throws -> Int64 {
    try (run("SELECT max(id) FROM contacts")?.first?.int ?? 0) + 1
  }

  /// `id`: the id to give it (`nextContactID` and after), or nil for SQLite's next.
  /// `matchName`: the folded name when the caller already has it (see `names`).
  @discardableResult
  public func insertContact(
    _ contact: ContactRecord, id: Int64? = nil, companyID: Int64?, provenance: Provenance, matchName: String? = nil
  ) throws -> Int64 {
    let fields = contact.scalarFields
    let fallback = contact.emails.first ?? contact.phones.first?.raw
    let (display, key) =
      matchName.map { key in
        let display = contact.displayName
        return (display.isEmpty ? fallback ?? "" : display, key)
      }
      ?? Self.names(
        kind: contact.kind, first: contact.firstName, last: contact.lastName, company: contact.companyName,
        fallback: fallback)
    var values: [SQLiteValue] = [SQLiteValue(id), .text(contact.kind.rawValue)]
    values.reserveCapacity(fields.count + 9)
    for (field, value) in fields.enumerated() {
      values.append(field == Self.accessField ? .text(value ?? ContactAccess.publicReadWrite.rawValue) : SQLiteValue(value))
    }
    values += [
      .text(display), .text(key), SQLiteValue(companyID), .text(DateText.utcText(contact.createdAt)),
      .integer(Int64(provenance.priority)), .integer(provenance.sequence), SQLiteValue(contact.origin),
    ]
    try run(.insertContact, values)
    let id = db.lastInsertRowID
    _ = try addDetails(contact, to: id, isNew: true)
    return id
  }

  /// Merges a row into a golden contact: each field takes the row's value when the row's
  /// provenance is at least the stored one's; emails, phones, tags and users are unioned.
  /// Returns whether anything changed.
  public func mergeContact(_ id: Int64, with contact: ContactRecord, companyID: Int64?, provenance: Provenance) throws
    -> Bool
  {
    guard let before = try goldenState(id) else { throw WarehouseError(message: "contact \(id) does not exist") }
    var state = before
    var changed = state.apply(contact.scalarFields.map { value in value.map { ($0, provenance) } })
    if let companyID, state.kind == .person, state.companyID != companyID {
      state.companyID = companyID
      changed = true
    }
    let created = DateText.utcText(contact.createdAt)
    if state.createdAt > created {
      state.createdAt = created
      changed = true
    }
    let added = try addDetails(contact, to: id)
    try save(id, state, before: before, detailsAdded: added)
    return changed || added
  }

  /// Display name (the email or phone of a contact without a name) and folded match name.
  static func names(kind: ContactKind, first: String?, last: String?, company: String?, fallback: String?) -> (String, String) {
    let isCompany = kind == .company
    var display = isCompany ? company ?? "" : ContactRecord.personName(first, last)
    let key = isCompany ? Normalize.companyKey(display) : Normalize.personKey([first, last])
    if display.isEmpty { display = fallback ?? "" }
    return (display, key)
  }

  static let insertEmailSQL =
    "INSERT OR IGNORE INTO contact_emails (contact_id, email, email_key, is_primary, position) VALUES (?, ?, ?, ?, ?)"
  /// A detail added to an existing contact goes after its others; checking and numbering are
  /// done in the insert itself, one statement a detail.
  static let appendEmailSQL = """
    INSERT OR IGNORE INTO contact_emails (contact_id, email, email_key, is_primary, position)
    SELECT ?1, ?2, ?3, p = 0, p FROM (SELECT coalesce(max(position) + 1, 0) AS p FROM contact_emails WHERE contact_id = ?1)
    """
  static let insertPhoneSQL = """
    INSERT OR IGNORE INTO contact_phones (contact_id, phone, e164, is_valid, problem, is_primary, position)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    """
  /// A number the contact already has in another form (same E.164) is not added again.
  static let appendPhoneSQL = """
    INSERT OR IGNORE INTO contact_phones (contact_id, phone, e164, is_valid, problem, is_primary, position)
    SELECT ?1, ?2, ?3, ?4, ?5, p = 0, p FROM (SELECT coalesce(max(position) + 1, 0) AS p FROM contact_phones WHERE contact_id = ?1)
    WHERE ?3 IS NULL OR NOT EXISTS (SELECT 1 FROM contact_phones WHERE contact_id = ?1 AND e164 = ?3)
    """
  static let insertAddressSQL =
    "INSERT INTO contact_addresses (contact_id, street, city, state, zip, country) VALUES (?, ?, ?, ?, ?, ?)"
  /// An address the contact already has is not added again (`IS`: a missing part equals a missing part).
  static let appendAddressSQL = """
    INSERT INTO contact_addresses (contact_id, street, city, state, zip, country) SELECT ?1, ?2, ?3, ?4, ?5, ?6
    WHERE NOT EXISTS (
      SELECT 1 FROM contact_addresses
      WHERE contact_id = ?1 AND street IS ?2 AND city IS ?3 AND state IS ?4 AND zip IS ?5 AND country IS ?6)
    """

  /// Adds what is new among the contact's emails, phones, websites, address, tags, users and external id.
  /// Details keep the order they came in; the first of a contact is its primary.
  private func addDetails(_ contact: ContactRecord, to id: Int64, isNew: Bool = false) throws -> Bool {
    var added = 0
    // A new contact's details are numbered here; an existing contact's by `append...SQL`.
    var position: Int64 = 0
    for email in contact.emails {
      let key = Normalize.emailKey(email)
      try run(
        isNew ? .insertEmail : .appendEmail,
        isNew
          ? [.integer(id), .text(email), .text(key), .integer(position == 0 ? 1 : 0), .integer(position)]
          : [.integer(id), .text(email), .text(key)])
      position += Int64(db.changes)
      added += db.changes
    }
    position = 0
    for phone in contact.phones {
      var values: [SQLiteValue] = [
        .integer(id), .text(phone.raw), SQLiteValue(phone.e164), .integer(phone.e164 == nil ? 0 : 1),
        SQLiteValue(phone.problem),
      ]
      if isNew { values += [.integer(position == 0 ? 1 : 0), .integer(position)] }
      try run(isNew ? .insertPhone : .appendPhone, values)
      position += Int64(db.changes)
      added += db.changes
    }
    for url in contact.websites {
      try run("INSERT OR IGNORE INTO contact_websites (contact_id, url) VALUES (?, ?)", [.integer(id), .text(url)])
      added += db.changes
    }
    if let address = contact.address, !address.isEmpty {
      try run(
        isNew ? .insertAddress : .appendAddress,
        [
          .integer(id), SQLiteValue(address.street), SQLiteValue(address.city), SQLiteValue(address.state),
          SQLiteValue(address.zip), SQLiteValue(address.country),
        ])
      added += db.changes
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
    for field in contact.customFields {
      try run(
        "INSERT INTO contact_custom_fields (contact_id, name, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
        [.integer(id), .text(field.name), .text(field.value)])
      added += db.changes
    }
    if let external = contact.externalID {
      try run(.insertExternalID, [.text(external.source), .text(external.id), .integer(id)])
      added += db.changes
    }
    return added > 0
  }

  /// Folds golden contact `from` into `into`: fields by survivorship, details unioned, and
  /// everything that pointed at `from` (persons, deals, source rows) re-pointed. Recorded in
  /// `contact_merges` with the rule and score that linked them.
  public func mergeContacts(from: Int64, into: Int64, rule: String, score: Double, fileID: Int64, line: Int) throws {
    guard let source = try goldenState(from), let before = try goldenState(into) else {
      throw WarehouseError(message: "contacts \(from) and \(into) cannot be merged: one does not exist")
    }
    var state = before
    _ = state.apply(source.values.enumerated().map { field, value in value.map { ($0, source.provenance(field)) } })
    state.createdAt = min(state.createdAt, source.createdAt)
    if state.kind == .person, state.companyID == nil { state.companyID = source.companyID }
    let ids: [SQLiteValue] = [.integer(into), .integer(from)]
    for table in [
      "contact_emails", "contact_phones", "contact_websites", "contact_addresses", "contact_tags", "contact_responsibles",
      "contact_access_users", "contact_external_ids", "contact_custom_fields", "contact_history", "event_participants",
      "deal_participants",
    ] {
      try run("UPDATE OR IGNORE \(table) SET contact_id = ? WHERE contact_id = ?", ids)
      try run("DELETE FROM \(table) WHERE contact_id = ?", [.integer(from)])
    }
    try run("UPDATE contacts SET company_id = ? WHERE company_id = ?", ids)
    try run("UPDATE deals SET contact_id = ? WHERE contact_id = ?", ids)
    try run("UPDATE calls SET contact_id = ? WHERE contact_id = ?", ids)
    try run("UPDATE tasks SET contact_id = ? WHERE contact_id = ?", ids)
    try run("UPDATE invoices SET client_id = ? WHERE client_id = ?", ids)
    try run("UPDATE invoices SET consignee_id = ? WHERE consignee_id = ?", ids)
    try run("UPDATE source_rows SET entity_id = ? WHERE entity = 'contact' AND entity_id = ?", ids)
    try run("UPDATE contact_merges SET into_id = ? WHERE into_id = ?", ids)
    try repointMatchRecords(from: from, into: into)
    try run(
      "INSERT INTO contact_merges (from_id, into_id, rule, score, file_id, line) VALUES (?, ?, ?, ?, ?, ?)",
      [.integer(from), .integer(into), .text(rule), .real(score), .integer(fileID), .integer(Int64(line))])
    try run("DELETE FROM contacts WHERE id = ?", [.integer(from)])
    try save(into, state, before: before, detailsAdded: true)
  }
}

/// A golden contact's names, emails, phones, cities and external ids: what the matcher makes
/// match records of for a warehouse from before schema 7.
public struct ContactMatchData: Sendable, Equatable {
  public var id: Int64
  public var kind: ContactKind
  public var firstName: String?
  public var lastName: String?
  public var companyName: String?
  public var emailKeys: [String] = []
  public var phones: [String] = []
  public var cities: [String] = []
  public var externalIDs: [String] = []
}

extension Warehouse {
  /// The contact owning this email (case-insensitive), if any.
  public func contactID(email: String) throws -> Int64? {
    try run(
      "SELECT contact_id FROM contact_emails WHERE email_key = ? ORDER BY contact_id LIMIT 1",
      [.text(Normalize.emailKey(email.trimmedSpaces))])?.first?.int
  }

  /// The first contact of `kind` whose name matches `name` (case, accents, word order and,
  /// for companies, legal form ignored).
  public func contactID(name: String, kind: ContactKind) throws -> Int64? {
    let key = kind == .company ? Normalize.companyKey(name) : Normalize.personKey([name])
    return try run(
      "SELECT id FROM contacts WHERE kind = ? AND match_name = ? ORDER BY id LIMIT 1", [.text(kind.rawValue), .text(key)]
    )?.first?.int
  }

  /// Every golden contact with its match keys.
  public func contactMatchData() throws -> [ContactMatchData] {
    var all: [ContactMatchData] = []
    try contactMatchData(batch: 50_000) { all += $0 }
    return all
  }

  /// Every golden contact with its match keys, to build the matcher's in-memory index: in id
  /// order, `batch` contacts at a time, so that a large warehouse is never in memory whole.
  /// Each contact's emails and phones come in their order, primary first.
  public func contactMatchData(batch size: Int, _ body: ([ContactMatchData]) throws -> Void) throws {
    var after: Int64 = 0
    while true {
      var contacts: [ContactMatchData] = []
      try forEachRow(
        "SELECT id, kind, first_name, last_name, company_name FROM contacts WHERE id > ? ORDER BY id LIMIT ?",
        [.integer(after), .integer(Int64(size))]
      ) { row in
        contacts.append(
          ContactMatchData(
            id: row[0].int ?? 0, kind: ContactKind(rawValue: row[1].string ?? "") ?? .person, firstName: row[2].string,
            lastName: row[3].string, companyName: row[4].string))
      }
      guard let first = contacts.first?.id, let last = contacts.last?.id else { return }
      // The batch's offset of each id from `first` to `last` (-1: no such contact). Ids are
      // dense but for contacts merged away, so an array does what a dictionary would, for less.
      var position = [Int32](repeating: -1, count: Int(last - first) + 1)
      for (offset, contact) in contacts.enumerated() { position[Int(contact.id - first)] = Int32(offset) }
      let range: [SQLiteValue] = [.integer(first), .integer(last)]
      func each(_ sql: String, _ add: (inout ContactMatchData, String) -> Void) throws {
        try forEachRow(sql, range) { row in
          guard let id = row[0].int, id >= first, id <= last, let key = row[1].string else { return }
          let offset = Int(position[Int(id - first)])
          if offset >= 0 { add(&contacts[offset], key) }
        }
      }
      try each("SELECT contact_id, email_key FROM contact_emails WHERE contact_id BETWEEN ? AND ? ORDER BY contact_id, position")
      {
        $0.emailKeys.append($1)
      }
      try each(
        "SELECT contact_id, e164 FROM contact_phones WHERE contact_id BETWEEN ? AND ? AND e164 IS NOT NULL ORDER BY contact_id, position"
      ) { $0.phones.append($1) }
      try each(
        "SELECT contact_id, city FROM contact_addresses WHERE contact_id BETWEEN ? AND ? AND city IS NOT NULL ORDER BY contact_id, id"
      ) { $0.cities.append($1) }
      try each(
        """
        SELECT contact_id, source || char(31) || external_id FROM contact_external_ids
        WHERE contact_id BETWEEN ? AND ? ORDER BY contact_id
        """
      ) { $0.externalIDs.append($1) }
      try body(contacts)
      after = last
    }
  }
}
