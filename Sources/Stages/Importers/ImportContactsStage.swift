import Foundation
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
  /// `auto` also maps the columns no preset reads from common header names (as `crmpipe guess`
  /// does), so a CRM's own export with `Kind, First Name, Email...` needs no mapping either.
  static func preset(_ name: String, header: [String]) -> (name: String, mapping: [(field: String, headers: [String])])? {
    guard name == "auto" else { return ContactPreset(rawValue: name).map { ($0.rawValue, $0.mapping) } }
    let (best, common, _) = ContactGuess.columns(of: header)
    guard best != nil || !common.isEmpty else { return nil }
    let names = [best.map(\.preset.rawValue), common.isEmpty ? nil : "common header names"].compactMap { $0 }
    return (names.joined(separator: " and "), (best?.preset.mapping ?? []) + common.map { ($0.field, [$0.header]) })
  }

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    let importer = CSVImport(config: config, presetLookup: Self.preset)
    let rules = Set(config.strings("match").compactMap(MatchRule.init(rawValue:)))
    let threshold = Double(config.integer("fuzzy_threshold") ?? 92) / 100
    let builder = ContactRowBuilder(
      settings: context.settings, asOf: context.asOf,
      source: config.string("source") ?? config.id,
      defaultRegion: config.string("default_region")?.uppercased() ?? context.settings.defaultRegion,
      keepUnmapped: config.boolean("keep_unmapped") == true)
    let priority = config.integer("priority") ?? 0
    // Normalising, phone parsing and match keys run on the preparing threads
    // (`PreparedBatch.workers`); matching and writing in order.
    // A worker parses the phone numbers of all its rows first, in one loop: libphonenumber's
    // regexes and metadata then stay in the core's caches, which the rest of a row's work
    // evicts (40 to 42 µs of thread CPU a number in the import instead of 44 to 54; see
    // README, "Benchmark").
    let preparer = RowPreparer<(ContactRecord, [RowError], MatchKeys)>(all: { rows in
      let phones = rows.map(builder.phones)
      return zip(rows, phones).map { row, phones in
        Result {
          let (contact, dropped) = try builder.contact(from: row, phones: phones)
          return (contact, dropped, ContactLanding.keys(contact))
        }
      }
    })
    // Matching in order on this thread; writing in order on another, a batch behind. New
    // golden contacts are numbered from the warehouse's highest id when a file starts.
    var ids: (fileID: Int64, next: ContactLanding.NewIDs)?
    // The matcher is built at the first row of a new file: a run with nothing new does not
    // read every contact.
    var kept: ContactLanding?
    return try importer.run(context, deferIndexes: .contacts, preparer: preparer) { row, prepared in
      let (contact, dropped, keys) = prepared
      let landing = try kept ?? context.contactLanding(rules: rules, threshold: threshold)
      kept = landing
      var next = try ids.flatMap { $0.fileID == row.fileID ? $0.next : nil } ?? ContactLanding.NewIDs(context.warehouse)
      let plan = try landing.plan(contact, keys: keys, ids: &next)
      ids = (row.fileID, next)
      // The writing thread is given only what it writes: the row and its keys are freed here,
      // on the thread that is done with them.
      let (fileID, line, matchName) = (row.fileID, row.line, keys.name)
      return {
        let provenance = Provenance(priority: priority, sequence: fileID << 32 | Int64(line))
        let outcomes = try landing.write(
          plan, contact, matchName: matchName, fileID: fileID, line: line, provenance: provenance)
        return RowResult(outcomes: outcomes, dropped: dropped)
      }
    }
  }
}
