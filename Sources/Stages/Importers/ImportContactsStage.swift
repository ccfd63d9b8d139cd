import Foundation
import PhoneBridge
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.contacts`: persons and companies from CSV files, deduplicated into golden records.
///
/// Each row is normalised (names, emails, phones to E.164), then matched against the golden
/// contacts of the warehouse and of the rows before it by the stage's rules. A matched row is
/// merged by survivorship (highest `priority`, then the latest row wins each field; emails,
/// phones and tags are unioned); a row that links two golden contacts merges them. Every row
/// stays traceable with the rule and score that linked it.
struct ImportContactsStage: Stage {
  static let fields = [
    "type", "first_name", "last_name", "company_name", "job_title", "email", "phone", "website", "street", "city",
    "state", "zip", "country", "contact_type", "temperature", "currency", "responsible", "access", "access_users",
    "tags", "notes", "created", "external_id",
  ]

  static let keys: [KeySpec] =
    CSVImportKeys.keys(
      fields: fields, mappingExample: "{first_name: First Name, last_name: Last Name, email: [Email, Email 2]}",
      presets: ContactPreset.allCases.map(\.rawValue))
    + [
      KeySpec(
        "match", .list(.choice(MatchRule.allCases.map(\.rawValue))),
        .defaultValue(MatchRule.allCases.map(\.rawValue).joined(separator: ",")),
        doc: "Rules that link a row to an existing contact: email, phone-name, external-id, fuzzy-person, company."),
      KeySpec(
        "fuzzy_threshold", .integer(50...100), .defaultValue("92"),
        doc: "Jaro-Winkler similarity (percent) two person names need for the fuzzy-person rule."),
      KeySpec(
        "priority", .integer(-1000...1000), .defaultValue("0"),
        doc: "Survivorship: a field from a higher-priority stage beats a more recent one from a lower."),
      KeySpec(
        "source", .string, .optional, doc: "Name of the system the file comes from, for external ids; defaults to the stage id."),
      KeySpec(
        "default_region", .string, .optional,
        doc: "Region for phone numbers when the row has no country; overrides the settings'.", example: "FR"),
    ]

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.contacts",
      summary: "Import persons and companies from CSV files, deduplicated into golden contacts.",
      keys: keys,
      example: """
        - kind: import.contacts
          input: ../SampleData/contacts/*.csv
          mapping:
            type: Kind
            first_name: First Name
            last_name: Last Name
            company_name: Company
            email: Email
            phone: Phone
            responsible: Responsible
        """),
    build: { config, _ throws(DiagnosticList) in
      if config["mapping"] == nil && config["preset"] == nil {
        throw DiagnosticList([
          .error(
            "give a 'mapping', a 'preset' (\(ContactPreset.allCases.map(\.rawValue).joined(separator: ", ")), or both",
            at: config.location, stage: config.kind)
        ])
      }
      return ImportContactsStage(config: config)
    })

  /// The preset named in the stage, or with `auto` the one that fits the header best.
  static func preset(_ name: String, header: [String]) -> (name: String, mapping: [(field: String, headers: [String])])? {
    let preset = name == "auto" ? ContactPreset.best(for: header)?.preset : ContactPreset(rawValue: name)
    return preset.map { ($0.rawValue, $0.mapping) }
  }

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    let importer = CSVImport(config: config, presetLookup: Self.preset)
    let rules = Set(config.strings("match").compactMap(MatchRule.init(rawValue:)))
    let matcher = try ContactMatcher(
      try context.warehouse.contactMatchData(), rules: rules, threshold: Double(config.integer("fuzzy_threshold") ?? 92) / 100)
    let builder = ContactRowBuilder(
      settings: context.settings, asOf: context.asOf,
      source: config.string("source") ?? config.id,
      defaultRegion: config.string("default_region")?.uppercased() ?? context.settings.defaultRegion,
      keepUnmapped: config.boolean("keep_unmapped") == true)
    let priority = config.integer("priority") ?? 0
    // Normalising, phone parsing and match keys run on every core; matching and writing in order.
    let prepare: @Sendable (MappedRow) throws -> (ContactRecord, [RowError], MatchKeys) = { row in
      let (contact, dropped) = try builder.contact(from: row)
      return (contact, dropped, Self.matchKeys(contact))
    }
    return try importer.run(context, prepare: prepare) { row, prepared in
      let (contact, dropped, keys) = prepared
      let provenance = Provenance(priority: priority, sequence: row.fileID << 32 | Int64(row.line))
      var result = try land(
        contact, keys: keys, row: row, provenance: provenance, matcher: matcher, warehouse: context.warehouse)
      result.dropped = dropped
      return result
    }
  }

  /// Links a person to its company, finds the golden contacts the row matches, and inserts or merges.
  private func land(
    _ contact: ContactRecord, keys: MatchKeys, row: MappedRow, provenance: Provenance, matcher: ContactMatcher,
    warehouse: Warehouse
  ) throws -> RowResult {
    var extra: [RowOutcome] = []
    var companyID: Int64?
    if contact.kind == .person, let company = contact.companyName, let key = keys.companyKey {
      if let existing = matcher.company(key) {
        companyID = existing
      } else {
        var record = ContactRecord(kind: .company, createdAt: contact.createdAt)
        record.companyName = company
        record.access = contact.access
        record.responsibles = contact.responsibles
        record.accessUsers = contact.accessUsers
        let id = try warehouse.insertContact(record, companyID: nil, provenance: provenance, matchName: key)
        try matcher.add(id, MatchKeys(kind: .company, name: key, companyKey: nil))
        companyID = id
        extra.append(RowOutcome(entity: "contact", id: id, action: .inserted))
      }
    }

    let matches = matcher.matches(keys)
    guard let target = matches.first else {
      let id = try warehouse.insertContact(contact, companyID: companyID, provenance: provenance, matchName: keys.name)
      try matcher.add(id, keys)
      return RowResult(outcomes: [RowOutcome(entity: "contact", id: id, action: .inserted)] + extra)
    }
    // The row links several golden contacts: they are one cluster, kept under the oldest id.
    for other in matches.dropFirst() {
      try warehouse.mergeContacts(
        from: other.id, into: target.id, rule: other.rule.rawValue, score: other.score, fileID: row.fileID, line: row.line)
      try matcher.merge(from: other.id, into: target.id)
    }
    let changed = try warehouse.mergeContact(target.id, with: contact, companyID: companyID, provenance: provenance)
    try matcher.add(target.id, keys)
    let outcome = RowOutcome(
      entity: "contact", id: target.id, action: changed || matches.count > 1 ? .updated : .unchanged,
      rule: target.rule.rawValue, score: target.score)
    return RowResult(outcomes: [outcome] + extra)
  }

  static func matchKeys(_ contact: ContactRecord) -> MatchKeys {
    let companyKey = Normalize.companyKey
    let name =
      contact.kind == .company
      ? companyKey(contact.companyName ?? "") : Normalize.personKey([contact.firstName, contact.lastName])
    var keys = MatchKeys(
      kind: contact.kind, name: name, companyKey: contact.kind == .person ? contact.companyName.map(companyKey) : nil)
    keys.add(contact.emails.map(Normalize.emailKey), .email)
    keys.add(contact.emails.compactMap(Normalize.emailDomain), .domain)
    keys.add(contact.phones.compactMap(\.e164), .phone)
    keys.add([Normalize.placeKey(contact.address?.city)].compactMap { $0 }, .city)
    if let external = contact.externalID { keys.add(["\(external.source)\u{1F}\(external.id)"], .externalID) }
    return keys
  }
}
