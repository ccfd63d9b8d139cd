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
    "tags", "notes", "created", "external_id", "birthday",
  ]

  static let keys: [KeySpec] =
    CSVImportKeys.keys(
      fields: fields, mappingExample: "{first_name: First Name, last_name: Last Name, email: [Email, Email 2]}",
      presets: ContactPreset.allCases.map(\.rawValue))
    + [
      KeySpec(
        "match_threshold", .probability, .defaultValue("\(MatchSettings().matchThreshold)"),
        doc:
          "Probability at or above which a row joins a contact it matches (see docs/matching.md); lower merges more, and wrongly more often."
      ),
      KeySpec(
        "review_threshold", .probability, .defaultValue("\(MatchSettings().reviewThreshold)"),
        doc:
          "Probability from which a pair below the match threshold is left to a person (`crmpipe review`) instead of kept apart."
      ),
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
    let match = MatchSettings(
      matchThreshold: Double(config.string("match_threshold") ?? "") ?? MatchSettings().matchThreshold,
      reviewThreshold: Double(config.string("review_threshold") ?? "") ?? MatchSettings().reviewThreshold)
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
    let preparer = RowPreparer<(ContactRecord, [RowError], MatchRecord)>(all: { rows in
      let phones = rows.map(builder.phones)
      return zip(rows, phones).map { row, phones in
        Result {
          let (contact, dropped) = try builder.contact(from: row, phones: phones)
          return (contact, dropped, ContactLanding.record(contact))
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
      let (contact, dropped, record) = prepared
      let landing =
        try kept
        ?? context.contactLanding(match, stageID: config.id) {
          importer.sampleRows(limit: ContactLanding.trainingLimit).compactMap { row in
            (try? builder.contact(from: row)).map { ContactLanding.record($0.0) }
          }
        }
      kept = landing
      var next = try ids.flatMap { $0.fileID == row.fileID ? $0.next : nil } ?? ContactLanding.NewIDs(context.warehouse)
      let plan = try landing.plan(contact, record: record, ids: &next)
      ids = (row.fileID, next)
      // The writing thread is given only what it writes: the row and its record are freed
      // here, on the thread that is done with them.
      let (fileID, line) = (row.fileID, row.line)
      return {
        let provenance = Provenance(priority: priority, sequence: fileID << 32 | Int64(line))
        let outcomes = try landing.write(plan, contact, fileID: fileID, line: line, provenance: provenance)
        return RowResult(outcomes: outcomes, dropped: dropped)
      }
    }
  }
}
