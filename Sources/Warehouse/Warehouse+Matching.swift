import Foundation
import SQLiteBridge

/// The fields one source row gave the matcher, as stored (`match_records`); lists joined by U+001F.
public struct StoredMatchRecord: Sendable, Equatable {
  public var id: Int64
  public var contactID: Int64
  public var isCompany: Bool
  public var fields: [String?]
  /// The record's blocking keys (`match_keys`), as the matcher hashes them.
  public var keys: [UInt64] = []

  /// Column order of `fields`.
  public static let columns = [
    "first_name", "last_name", "company", "emails", "phones", "street", "postcode", "city", "country", "birthday",
    "external_id",
  ]

  public init(id: Int64, contactID: Int64, isCompany: Bool, fields: [String?], keys: [UInt64] = []) {
    (self.id, self.contactID, self.isCompany, self.fields, self.keys) = (id, contactID, isCompany, fields, keys)
  }

  /// The fields counted in `match_terms`, with their position in `fields`.
  public static let termFields = ["first_name", "last_name", "company", "city"].compactMap { field in
    columns.firstIndex(of: field).map { (field, $0) }
  }
}

/// A pair of contacts left to a person, with the evidence and why.
public struct PossibleDuplicateRow: Sendable, Equatable {
  public var id: Int64
  public var contactID: Int64
  public var otherID: Int64
  public var probability: Double
  public var weight: Double
  public var evidence: String
  public var reason: String
  public var status: String
}

extension Warehouse {
  /// Files a row's match record, its blocking keys, and its values in the term counts.
  public func insertMatchRecord(_ record: StoredMatchRecord) throws {
    let placeholders = Array(repeating: "?", count: StoredMatchRecord.columns.count + 3).joined(separator: ", ")
    let kind = record.isCompany ? "company" : "person"
    try run(
      "INSERT INTO match_records (id, contact_id, kind, \(StoredMatchRecord.columns.joined(separator: ", "))) VALUES (\(placeholders))",
      [.integer(record.id), .integer(record.contactID), .text(kind)] + record.fields.map { SQLiteValue($0) })
    try insertMatchKeys(record.keys, of: record.id)
    // A large file counts the values of all records once, as it rebuilds its indexes.
    guard !isBulk(.contacts) else { return }
    let count = try statement(
      "INSERT INTO match_terms (field, value, count) VALUES (?, ?, 1) ON CONFLICT (field, value) DO UPDATE SET count = count + 1"
    )
    _ = try count.run([.text("kind"), .text(kind)])
    for (field, position) in StoredMatchRecord.termFields {
      if let value = record.fields[position] { _ = try count.run([.text(field), .text(value)]) }
    }
  }

  /// Files blocking keys of a record.
  public func insertMatchKeys(_ keys: [UInt64], of recordID: Int64) throws {
    let insert = try statement("INSERT INTO match_keys (key, record_id) VALUES (?, ?)")
    for key in keys { try insert.run(Int64(bitPattern: key), recordID) }
  }

  /// Whether match records exist without blocking keys (a warehouse from before schema 8).
  public func matchRecordsLackKeys() throws -> Bool {
    (try run("SELECT EXISTS (SELECT 1 FROM match_records) AND NOT EXISTS (SELECT 1 FROM match_keys)")?.first?.int) == 1
  }

  /// How many match records the warehouse holds.
  public func matchRecordCount() throws -> Int {
    Int(try run("SELECT COALESCE(sum(count), 0) FROM match_terms WHERE field = 'kind'")?.first?.int ?? 0)
  }

  /// The ids of the first `limit` records filed under a blocking key, in id order.
  public func matchRecordIDs(key: UInt64, limit: Int) throws -> [Int64] {
    try rows(
      "SELECT record_id FROM match_keys WHERE key = ? ORDER BY record_id LIMIT ?",
      [.integer(Int64(bitPattern: key)), .integer(Int64(limit))]
    ).compactMap { $0[0].int }
  }

  /// The match record with this id, if any.
  public func matchRecord(id: Int64) throws -> StoredMatchRecord? {
    try rows(
      "SELECT id, contact_id, kind, \(StoredMatchRecord.columns.joined(separator: ", ")) FROM match_records WHERE id = ?",
      [.integer(id)]
    ).first.map(Self.storedMatchRecord)
  }

  /// The first `limit` match records of a contact, in id order.
  public func matchRecords(contact: Int64, limit: Int) throws -> [StoredMatchRecord] {
    try rows(
      """
      SELECT id, contact_id, kind, \(StoredMatchRecord.columns.joined(separator: ", ")) FROM match_records
      WHERE contact_id = ? ORDER BY id LIMIT ?
      """, [.integer(contact), .integer(Int64(limit))]
    ).map(Self.storedMatchRecord)
  }

  /// How many match records hold `value` in `field` (a `termFields` name, or `kind`).
  public func matchTermCount(field: String, value: String) throws -> Int {
    Int(try run("SELECT count FROM match_terms WHERE field = ? AND value = ?", [.text(field), .text(value)])?.first?.int ?? 0)
  }

  private static func storedMatchRecord(_ row: [SQLiteValue]) -> StoredMatchRecord { storedMatchRecord { row[$0] } }

  private static func storedMatchRecord(_ row: (Int) -> SQLiteValue) -> StoredMatchRecord {
    StoredMatchRecord(
      id: row(0).int ?? 0, contactID: row(1).int ?? 0, isCompany: row(2).string == "company",
      fields: (0..<StoredMatchRecord.columns.count).map { row(3 + $0).string })
  }

  /// The id the next match record gets.
  public func nextMatchRecordID() throws -> Int64 {
    (try run("SELECT COALESCE(MAX(id), 0) + 1 FROM match_records")?.first?.int) ?? 1
  }

  /// Every match record (or the first `limit`), in id order (the order rows landed in).
  public func forEachMatchRecord(limit: Int = -1, _ body: (StoredMatchRecord) throws -> Void) throws {
    try forEachRow(
      "SELECT id, contact_id, kind, \(StoredMatchRecord.columns.joined(separator: ", ")) FROM match_records ORDER BY id LIMIT \(limit)"
    ) { row in try body(Self.storedMatchRecord { row[$0] }) }
  }

  /// Whether contacts exist without match records (a warehouse from before schema 7).
  public func contactsLackMatchRecords() throws -> Bool {
    (try run("SELECT EXISTS (SELECT 1 FROM contacts) AND NOT EXISTS (SELECT 1 FROM match_records)")?.first?.int) == 1
  }

  /// `from` was merged into `into`: its match records and review pairs follow.
  func repointMatchRecords(from: Int64, into: Int64) throws {
    let ids: [SQLiteValue] = [.integer(into), .integer(from)]
    try run("UPDATE match_records SET contact_id = ? WHERE contact_id = ?", ids)
    try run("UPDATE OR IGNORE possible_duplicates SET contact_id = ? WHERE contact_id = ?", ids)
    try run("UPDATE OR IGNORE possible_duplicates SET other_id = ? WHERE other_id = ?", ids)
    // An open pair the merge made redundant goes; a decided one stays, as a record of the decision.
    try run(
      "DELETE FROM possible_duplicates WHERE (contact_id = ? OR other_id = ? OR contact_id = other_id) AND status = 'open'",
      [.integer(from), .integer(from)])
  }

  /// The newest model learnt, as JSON.
  public func latestMatchModel() throws -> String? {
    try run("SELECT model FROM match_models ORDER BY id DESC LIMIT 1")?.first?.string
  }

  public func saveMatchModel(runID: Int64, stageID: String, json: String) throws {
    try run(
      "INSERT INTO match_models (run_id, stage_id, model) VALUES (?, ?, ?)", [.integer(runID), .text(stageID), .text(json)])
  }

  /// Leaves a pair to a person, unless it is already there (decided or not).
  public func addPossibleDuplicate(
    contact: Int64, other: Int64, probability: Double, weight: Double, evidence: String, reason: String, runID: Int64,
    fileID: Int64?, line: Int?
  ) throws {
    let (a, b) = (min(contact, other), max(contact, other))
    try run(
      """
      INSERT OR IGNORE INTO possible_duplicates (contact_id, other_id, probability, weight, evidence, reason, run_id, file_id, line)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .integer(a), .integer(b), .real(probability), .real(weight), .text(evidence), .text(reason), .integer(runID),
        SQLiteValue(fileID), line.map { .integer(Int64($0)) } ?? .null,
      ])
  }

  /// Pairs of contacts a person decided are different.
  public func keptApartPairs() throws -> [(Int64, Int64)] {
    try rows("SELECT contact_id, other_id FROM possible_duplicates WHERE status = 'kept-apart' ORDER BY id").compactMap { row in
      guard let a = row[0].int, let b = row[1].int else { return nil }
      return (a, b)
    }
  }

  /// Pairs left to a person: `status` nil for all.
  public func possibleDuplicates(status: String? = "open") throws -> [PossibleDuplicateRow] {
    let filter = status == nil ? "" : "WHERE status = ?"
    return try rows(
      """
      SELECT id, contact_id, other_id, probability, weight, evidence, reason, status FROM possible_duplicates \(filter)
      ORDER BY probability DESC, id
      """, status.map { [.text($0)] } ?? []
    ).map { row in
      PossibleDuplicateRow(
        id: row[0].int ?? 0, contactID: row[1].int ?? 0, otherID: row[2].int ?? 0, probability: row[3].real ?? 0,
        weight: row[4].real ?? 0, evidence: row[5].string ?? "", reason: row[6].string ?? "", status: row[7].string ?? "")
    }
  }

  /// Records a person's decision on a pair.
  public func decidePossibleDuplicate(_ id: Int64, status: String, at date: Date) throws {
    try run(
      "UPDATE possible_duplicates SET status = ?, decided_at = ? WHERE id = ?",
      [.text(status), .text(ISO8601DateFormatter().string(from: date)), .integer(id)])
  }

  /// Whether a contact exists (not merged away).
  public func contactExists(_ id: Int64) throws -> Bool {
    (try run("SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?)", [.integer(id)])?.first?.int) == 1
  }
}

/// What a person deciding a pair needs to see of a contact.
public struct ContactGlance: Sendable, Equatable {
  public var name: String
  public var emails: [String]
  public var phones: [String]
  public var address: String
  public var birthday: String?
}

extension Warehouse {
  /// A contact's name, emails, phones, address and date of birth; nil when it does not exist.
  public func glance(_ id: Int64) throws -> ContactGlance? {
    guard let row = try run("SELECT display_name, birthday FROM contacts WHERE id = ?", [.integer(id)]) else { return nil }
    let emails = try rows("SELECT email FROM contact_emails WHERE contact_id = ? ORDER BY position", [.integer(id)])
      .compactMap { $0[0].string }
    let phones = try rows(
      "SELECT coalesce(e164, phone) FROM contact_phones WHERE contact_id = ? ORDER BY position", [.integer(id)]
    ).compactMap { $0[0].string }
    let address = try run(
      "SELECT street, zip, city, country FROM contact_addresses WHERE contact_id = ? ORDER BY id LIMIT 1", [.integer(id)])
    return ContactGlance(
      name: row[0].string ?? "", emails: emails, phones: phones,
      address: (address ?? []).compactMap(\.string).joined(separator: ", "), birthday: row[1].string)
  }
}
