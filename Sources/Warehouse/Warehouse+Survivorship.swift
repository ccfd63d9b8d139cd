import Foundation
import PipelineModel
import SQLiteBridge

/// A golden contact's survivorship state: its field values and where each came from.
///
/// Provenance is stored compactly: the contact's base provenance (`source_priority`,
/// `source_sequence`) covers every field without a row in `contact_field_sources`. After a
/// merge the base moves to the provenance most fields share, and a field keeps a row of its
/// own only when its priority differs from the base's. A field of the base's priority set by
/// an earlier row is folded into the base: rows arrive in sequence order, so no later row can
/// tell the difference; only a merge of two golden contacts compares such fields, and then a
/// tie goes to the merged-in contact's value.
struct GoldenState {
  var kind: ContactKind
  /// The survivor fields' values, in `Warehouse.survivorFields` order.
  var values: [String?]
  var base: Provenance
  /// A field's own provenance, when it has one, in `Warehouse.survivorFields` order.
  var sources: [Provenance?]
  var companyID: Int64?
  var createdAt: String
  /// The display and match names stored with the contact when it was read.
  var storedNames: (display: String, match: String)?

  func provenance(_ field: Int) -> Provenance { sources[field] ?? base }

  /// The value of the survivor field named `name`.
  func value(_ name: String) -> String? { Warehouse.survivorField(name).flatMap { values[$0] } }

  /// The provenance of the survivor field named `name`.
  func provenance(_ name: String) -> Provenance? { Warehouse.survivorField(name).map(provenance) }

  /// Whether the display name comes from the names rather than an email or phone.
  var isNamed: Bool {
    kind == .company
      ? values[Warehouse.companyNameField] != nil
      : values[Warehouse.firstNameField] != nil || values[Warehouse.lastNameField] != nil
  }

  /// Takes each incoming value whose provenance is at least the stored one's (or whose field
  /// is empty). `fields` is in `Warehouse.survivorFields` order. Returns whether a value changed.
  mutating func apply(_ fields: [(value: String, provenance: Provenance)?]) -> Bool {
    var changed = false
    for (field, incoming) in fields.enumerated() {
      guard let incoming else { continue }
      if values[field] != nil, provenance(field) > incoming.provenance { continue }
      if values[field] != incoming.value {
        values[field] = incoming.value
        changed = true
      }
      sources[field] = incoming.provenance
    }
    return changed
  }

  /// The base provenance most set fields share, and the fields that need their own row.
  func compacted() -> (base: Provenance, overrides: [Provenance?]) {
    var counts: [(provenance: Provenance, count: Int)] = []
    for field in values.indices where values[field] != nil {
      let own = provenance(field)
      if let known = counts.firstIndex(where: { $0.provenance == own }) {
        counts[known].count += 1
      } else {
        counts.append((own, 1))
      }
    }
    let newBase = counts.max { ($0.count, $0.provenance) < ($1.count, $1.provenance) }?.provenance ?? base
    var overrides = [Provenance?](repeating: nil, count: values.count)
    for field in values.indices where values[field] != nil {
      let own = provenance(field)
      if own.priority != newBase.priority || own.sequence > newBase.sequence { overrides[field] = own }
    }
    return (newBase, overrides)
  }
}

extension Warehouse {
  static let survivorFields = [
    "first_name", "last_name", "company_name", "job_title", "contact_type", "temperature", "currency", "access", "notes",
    "birthday",
  ]
  static let firstNameField = 0, lastNameField = 1, companyNameField = 2, accessField = 7

  /// The position of a survivor field in `survivorFields`.
  static func survivorField(_ name: String) -> Int? { survivorFields.firstIndex(of: name) }

  static let goldenStateSQL = """
    SELECT kind, \(survivorFields.joined(separator: ", ")), company_id, created_at, source_priority, source_sequence,
      display_name, match_name
    FROM contacts WHERE id = ?
    """
  static let saveGoldenSQL = saveGoldenSQL(company: true)
  /// `saveGoldenSQL` for a contact whose company did not change. An UPDATE that sets
  /// `company_id` makes SQLite check the company exists (the foreign key) and rewrite the
  /// contact's `contacts_company` entry, even to the same value: about six times the cost of
  /// the UPDATE without it, measured in the shell on a 1,000,000-row warehouse.
  static let saveGoldenSameCompanySQL = saveGoldenSQL(company: false)

  private static func saveGoldenSQL(company: Bool) -> String {
    """
    UPDATE contacts SET \(survivorFields.map { "\($0) = ?" }.joined(separator: ", ")),\(company ? " company_id = ?," : "")
      created_at = ?, source_priority = ?, source_sequence = ?, display_name = ?, match_name = ?
    WHERE id = ?
    """
  }

  func goldenState(_ id: Int64) throws -> GoldenState? {
    guard
      let row = try run(.goldenState, [.integer(id)])
    else { return nil }
    let count = Self.survivorFields.count
    let values = (0..<count).map { row[1 + $0].string }
    var sources = [Provenance?](repeating: nil, count: count)
    try statement(.fieldSources).forEach([.integer(id)]) {
      if let name = $0[0].string, let field = Self.survivorField(name) {
        sources[field] = Provenance(priority: Int($0[1].int ?? 0), sequence: $0[2].int ?? 0)
      }
    }
    return GoldenState(
      kind: ContactKind(rawValue: row[0].string ?? "") ?? .person, values: values,
      base: Provenance(priority: Int(row[count + 3].int ?? 0), sequence: row[count + 4].int ?? 0), sources: sources,
      companyID: row[count + 1].int, createdAt: row[count + 2].string ?? "",
      storedNames: row[count + 5].string.flatMap { display in row[count + 6].string.map { (display, $0) } })
  }

  /// Writes a golden contact's state back in one UPDATE, with its derived names and the
  /// per-field provenance rows that differ from the new base.
  /// `detailsAdded`: emails or phones may have changed the display name of a contact without a name.
  func save(_ id: Int64, _ state: GoldenState, before: GoldenState, detailsAdded: Bool) throws {
    let (base, overrides) = state.compacted()
    let (oldBase, oldOverrides) = (before.base, before.sources)
    if state.values != before.values || state.companyID != before.companyID || state.createdAt != before.createdAt
      || base != oldBase || (detailsAdded && !state.isNamed)
    {
      let (display, key) = try names(id, state, before: before)
      let sameCompany = state.companyID == before.companyID
      try run(
        sameCompany ? .saveGoldenSameCompany : .saveGolden,
        state.values.map(SQLiteValue.init) + (sameCompany ? [] : [SQLiteValue(state.companyID)]) + [
          .text(state.createdAt), .integer(Int64(base.priority)), .integer(base.sequence), .text(display), .text(key),
          .integer(id),
        ])
    }
    for (field, name) in Self.survivorFields.enumerated() {
      let wanted = overrides[field]
      guard wanted != oldOverrides[field] else { continue }
      if let wanted {
        try run(
          "INSERT OR REPLACE INTO contact_field_sources (contact_id, field, priority, sequence) VALUES (?, ?, ?, ?)",
          [.integer(id), .text(name), .integer(Int64(wanted.priority)), .integer(wanted.sequence)])
      } else {
        try run("DELETE FROM contact_field_sources WHERE contact_id = ? AND field = ?", [.integer(id), .text(name)])
      }
    }
  }

  /// Display name (the first email or phone of a contact without a name) and folded match name.
  /// A named contact whose kind and names are those it was read with keeps its stored ones.
  private func names(_ id: Int64, _ state: GoldenState, before: GoldenState) throws -> (String, String) {
    let (first, last, company) = (
      state.values[Self.firstNameField], state.values[Self.lastNameField], state.values[Self.companyNameField]
    )
    let nameFields = [Self.firstNameField, Self.lastNameField, Self.companyNameField]
    if state.isNamed, let stored = before.storedNames, state.kind == before.kind,
      nameFields.allSatisfy({ state.values[$0] == before.values[$0] })
    {
      return stored
    }
    let fallback =
      state.isNamed
      ? nil
      : try run("SELECT email FROM contact_emails WHERE contact_id = ? ORDER BY position LIMIT 1", [.integer(id)])?.first?.string
        ?? run("SELECT phone FROM contact_phones WHERE contact_id = ? ORDER BY position LIMIT 1", [.integer(id)])?.first?.string
    return Self.names(kind: state.kind, first: first, last: last, company: company, fallback: fallback)
  }
}
