import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.webform`: website contact-form submissions (JSON lines or raw urlencoded bodies)
/// as leads, normalised and deduplicated like contact files.
///
/// The reference CRM's form and Salesforce web-to-lead are understood as they are; a stage
/// `mapping` reads any other form. The submission time becomes the contact's creation time
/// and the form the contact's origin. Secrets (`web_form_key`, `oid`, captcha tokens) are
/// dropped on reading and replaced by `<redacted>` in the lines kept as source rows and rejects.
struct ImportWebformStage: Stage {
  static let keys: [KeySpec] =
    [
      KeySpec(
        "input", .glob, .required,
        doc: "Form dumps, relative to the pipeline file: one JSON object or one urlencoded body a line.",
        example: "../SampleData/webform/*"),
      KeySpec(
        "mapping", .columnMapping(fields: ImportContactsStage.fields), .optional,
        doc:
          "For a form the stage does not know: contact field to form field name(s). Unmapped fields are kept as custom fields.",
        example: "{first_name: prenom, last_name: nom, email: courriel}"),
      KeySpec(
        "priority", .integer(-1000...1000), .defaultValue("0"),
        doc: "Survivorship: a field from a higher-priority stage beats a more recent one from a lower."),
      KeySpec(
        "default_region", .string, .optional,
        doc: "Region for phone numbers when the submission has no country; overrides the settings'.", example: "FR"),
    ] + FileImport.errorKeys

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.webform",
      summary: "Import website contact-form submissions as leads, deduplicated into golden contacts.",
      keys: keys,
      example: """
        - kind: import.webform
          input: ../SampleData/webform/*
        """),
    build: { config, _ in ImportWebformStage(config: config) })

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    let files = FileImport(config: config)
    let builder = ContactRowBuilder(
      settings: context.settings, asOf: context.asOf, source: config.id,
      defaultRegion: config.string("default_region")?.uppercased() ?? context.settings.defaultRegion, keepUnmapped: true)
    let mapping = config["mapping"]?.columns
    let priority = config.integer("priority") ?? 0
    return try files.run(context) { path, landing, notes in
      // Built only when a file is new: a run with nothing new does not read every contact.
      let contacts = try context.contactLanding(stageID: config.id)
      guard let reader = LineReader(path: path) else { throw files.stageError("cannot read \(landing.display)") }
      let (display, fileID) = (landing.display, landing.fileID)
      var legacyLines: [Int] = []
      defer {
        if let first = legacyLines.first {
          notes.append(
            Diagnostic(
              .warning, at: SourceLocation(file: display, line: first), stage: config.kind,
              "\(legacyLines.count) submission(s) percent-encoded in Windows-1252, not UTF-8 (an old form page?): read as Windows-1252; check their accents"
            ))
        }
      }
      try reader.forEachLine { lineNumber, line in
        guard !line.trimmedWhitespace.isEmpty else { return }
        try landing.land(line: lineNumber, raw: WebformSubmission.redacted(line)) {
          let submission = try WebformSubmission.parse(line)
          if submission.wasWindows1252 { legacyLines.append(lineNumber) }
          let (mapped, origin) = try Self.map(submission, mapping: mapping)
          let row = Self.row(mapped, submittedAt: submission.submittedAt, file: display, fileID: fileID, line: lineNumber)
          var (contact, dropped) = try builder.contact(from: row)
          contact.origin = "webform:\(origin)"
          let outcomes = try contacts.land(
            contact, record: ContactLanding.record(contact), fileID: fileID, line: lineNumber,
            provenance: Provenance(priority: priority, sequence: fileID << 32 | Int64(lineNumber)))
          return RowResult(outcomes: outcomes, dropped: dropped)
        }
      }
    }
  }

  /// The contact fields of a submission, and the name of the form it came from.
  static func map(_ submission: WebformSubmission, mapping: [ColumnMappingEntry]?) throws(RowError) -> (
    WebformVocabulary.Mapped, String
  ) {
    if let mapping {
      var mapped = WebformVocabulary.Mapped()
      var used = Set<String>()
      for entry in mapping {
        for key in entry.headers {
          used.insert(key)
          for value in submission.values(key) { mapped.add(entry.field, value) }
        }
      }
      for (key, values) in submission.fields where !used.contains(key) {
        for value in values where !value.isEmpty { mapped.custom.append((key, value)) }
      }
      return (mapped, submission.source ?? "mapping")
    }
    guard let vocabulary = WebformVocabulary.of(submission) else {
      throw RowError(
        field: "",
        reason:
          "the form's fields are neither the reference CRM's (firstName, companyName, ...) nor Salesforce's (first_name, company, ...); give the stage a mapping"
      )
    }
    return (try vocabulary.map(submission), vocabulary.rawValue)
  }

  /// The mapped fields as a row the contact builder reads, with the submission time as `created`.
  static func row(
    _ mapped: WebformVocabulary.Mapped, submittedAt: Date?, file: String, fileID: Int64, line: Int
  ) -> MappedRow {
    var values: [String] = []
    var columns: [String: [Int]] = [:]
    var fields = mapped.fields
    if let submittedAt { fields["created"] = [DateText.utcText(submittedAt)] }
    for field in fields.keys.sorted() {
      for value in fields[field] ?? [] {
        columns[field, default: []].append(values.count)
        values.append(value)
      }
    }
    return MappedRow(
      file: file, fileID: fileID, fields: values, line: line, dateFormat: .iso, columns: columns,
      unmapped: mapped.custom.map { (header: $0.name, value: $0.value) })
  }
}
