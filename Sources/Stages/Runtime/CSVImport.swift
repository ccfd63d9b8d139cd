import CSVBridge
import Crypto
import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// A problem with one row: which field, and why. The row goes to the rejects file.
struct RowError: Error {
  var field: String
  var reason: String
}

/// What a row became in the warehouse, and for a row linked to an existing record, why.
struct RowOutcome {
  var entity: String
  var id: Int64
  var action: Warehouse.SourceAction
  var rule: String? = nil
  var score: Double? = nil
}

/// The records a row produced (its own first, then any it created on the side, such as a
/// person's new company), and the fields dropped from it with their reasons.
struct RowResult {
  var outcomes: [RowOutcome]
  var dropped: [RowError] = []
}

/// One data row with its cells looked up by mapped field name.
struct MappedRow {
  let file: String
  let fileID: Int64
  let fields: [String]
  let line: Int
  let columns: [String: [Int]]

  /// The cleaned, non-empty values of `field`'s columns, in mapping order.
  func values(_ field: String) -> [String] {
    (columns[field] ?? []).compactMap { index in
      guard index < fields.count else { return nil }
      let value = TextFolding.clean(fields[index])
      return value.isEmpty ? nil : value
    }
  }

  /// The first non-empty value of `field`, or nil.
  func value(_ field: String) -> String? { values(field).first }
}

/// The keys every CSV import stage has, plus its mapping of `fields`.
enum CSVImportKeys {
  static func keys(fields: [String], mappingExample: String) -> [KeySpec] {
    [
      KeySpec(
        "input", .glob, .required,
        doc: "CSV file or glob, relative to the pipeline file; files run in byte order of their paths.",
        example: "../SampleData/contacts/*.csv"),
      KeySpec(
        "mapping", .columnMapping(fields: fields), .required,
        doc: "Field name to the file's column header (or a list of headers). Fields: \(fields.joined(separator: ", ")).",
        example: mappingExample),
      KeySpec("delimiter", .choice([",", ";", "tab", "|"]), .defaultValue(","), doc: "Field separator."),
      KeySpec(
        "date_format", .choice(DateFormat.allCases.map(\.rawValue)), .defaultValue("iso"),
        doc: "How dates are written: iso, dd/mm/yyyy or mm/dd/yyyy."),
      KeySpec(
        "on_error", .choice(["skip", "fail"]), .defaultValue("skip"),
        doc: "A bad row: `skip` writes it to the rejects file and goes on; `fail` refuses the whole file."),
      KeySpec(
        "max_rejects", .integer(0...1_000_000_000), .defaultValue("1000"),
        doc: "Refuse a file with more rejected rows than this (a wrong mapping, usually)."),
    ]
  }
}

/// Reads each input file of a CSV import stage in its own transaction.
///
/// A file already imported (same SHA-256) is skipped. A malformed file, `on_error: fail`
/// on a bad row, or too many rejects roll the file back and stop the run.
struct CSVImport {
  let config: StageConfig
  let pattern: String
  let delimiter: UInt8
  let mapping: [ColumnMappingEntry]
  let failOnBadRow: Bool
  let maxRejects: Int
  let dateFormat: DateFormat

  init(config: StageConfig) {
    self.config = config
    pattern = config.path("input") ?? ""
    switch config.string("delimiter") ?? "," {
    case "tab": delimiter = UInt8(ascii: "\t")
    case let text: delimiter = text.utf8.first ?? UInt8(ascii: ",")
    }
    mapping = config["mapping"]?.columns ?? []
    failOnBadRow = config.string("on_error") == "fail"
    maxRejects = config.integer("max_rejects") ?? 1000
    dateFormat = DateFormat(rawValue: config.string("date_format") ?? "iso") ?? .iso
  }

  func stageError(_ message: String, at location: SourceLocation? = nil) -> DiagnosticList {
    DiagnosticList([
      .error(message, at: location, stage: config.kind, notes: [.note("in the stage defined here", at: config.location)])
    ])
  }

  /// The input files, in a stable order.
  func inputFiles() throws(DiagnosticList) -> [String] {
    if Glob.isPattern(pattern) { return Glob.expand(pattern) }
    guard FileManager.default.fileExists(atPath: pattern) else {
      throw stageError(
        "input file \(Paths.display(pattern)) not found; check 'input' (relative paths start at the pipeline file's folder)")
    }
    return [pattern]
  }

  /// `handle` turns a row into warehouse records; every record is traced to the row.
  func run(_ context: RunContext, row handle: (MappedRow) throws -> RowResult) throws -> StageSummary {
    var summary = StageSummary(stageID: config.id, kind: config.kind)
    let files = try inputFiles()
    if files.isEmpty {
      summary.warn(.init(.warning, at: config.location, stage: config.kind, "no file matches \(Paths.display(pattern))"))
    }
    for file in files {
      let display = Paths.display(file)
      let hash = try Self.sha256(of: file)
      if let run = try context.warehouse.runThatImported(stageKind: config.kind, sha256: hash) {
        summary.filesSkipped.append("\(display) (already imported by run \(run))")
        continue
      }
      let counts = try context.warehouse.transaction { () throws -> FileCounts in
        let fileID = try context.warehouse.beginFile(
          runID: context.runID, stageKind: config.kind, stageID: config.id, path: display, sha256: hash)
        let counts = try importFile(file, display: display, fileID: fileID, context: context, handle: handle)
        try context.warehouse.finishFile(fileID, counts: counts)
        return counts
      }
      try context.rejects.flush(context.warehouse)
      summary.counts.read += counts.read
      summary.counts.inserted += counts.inserted
      summary.counts.updated += counts.updated
      summary.counts.skipped += counts.skipped
      summary.counts.rejected += counts.rejected
      summary.counts.fieldsDropped += counts.fieldsDropped
      summary.filesImported += 1
    }
    return summary
  }

  private func importFile(
    _ file: String, display: String, fileID: Int64, context: RunContext,
    handle: (MappedRow) throws -> RowResult
  ) throws -> FileCounts {
    var counts = FileCounts()
    var header: [String]?
    var columns: [String: [Int]] = [:]
    do {
      let reader = try CSVReader(path: file, delimiter: delimiter)
      try reader.forEachRecord { record in
        guard let names = header else {
          header = record.fields
          columns = try resolveColumns(record.fields, display: display)
          return
        }
        counts.read += 1
        let raw = CSVWriter.line(record.fields).dropLast().description
        do {
          if record.fields.count != names.count {
            throw RowError(field: "", reason: "expected \(names.count) fields as in the header, got \(record.fields.count)")
          }
          let result = try handle(
            MappedRow(file: display, fileID: fileID, fields: record.fields, line: record.line, columns: columns))
          for (index, outcome) in result.outcomes.enumerated() {
            if index == 0 {
              switch outcome.action {
              case .inserted: counts.inserted += 1
              case .updated: counts.updated += 1
              case .unchanged: counts.skipped += 1
              }
            }
            try context.warehouse.addSourceRow(
              fileID: fileID, line: record.line, entity: outcome.entity, entityID: outcome.id, action: outcome.action,
              rule: outcome.rule, score: outcome.score, raw: raw)
          }
          for issue in result.dropped {
            counts.fieldsDropped += 1
            try context.warehouse.addRejectedRow(
              fileID: fileID, line: record.line, field: issue.field, reason: "\(issue.reason) (value dropped, row imported)",
              raw: raw)
          }
        } catch let error as RowError {
          counts.rejected += 1
          try context.warehouse.addRejectedRow(
            fileID: fileID, line: record.line, field: error.field, reason: error.reason, raw: raw)
          let location = SourceLocation(file: display, line: record.line)
          let field = error.field.isEmpty ? "" : "field '\(error.field)': "
          if failOnBadRow {
            throw stageError("\(field)\(error.reason); the file was not imported (on_error: fail)", at: location)
          }
          if counts.rejected > maxRejects {
            throw stageError(
              "more than \(maxRejects) rejected rows (last: \(field)\(error.reason)); the file was not imported. Check the mapping, or raise max_rejects",
              at: location)
          }
        }
      }
    } catch let error as CSVError {
      throw stageError(
        "\(error.message); the file was not imported. Fix the quoting, then run again",
        at: SourceLocation(file: display, line: error.line, column: nil))
    }
    if header == nil {
      throw stageError("the file is empty: expected a header row", at: SourceLocation(file: display, line: 1))
    }
    return counts
  }

  /// Finds each mapped header in the file's header row (case and surrounding spaces ignored).
  private func resolveColumns(_ header: [String], display: String) throws -> [String: [Int]] {
    let keys = header.map { TextFolding.clean($0).lowercased() }
    var columns: [String: [Int]] = [:]
    var problems: [Diagnostic] = []
    for entry in mapping {
      for name in entry.headers {
        let matches = keys.indices.filter { keys[$0] == TextFolding.clean(name).lowercased() }
        if matches.count == 1 {
          columns[entry.field, default: []].append(matches[0])
        } else {
          let why =
            matches.isEmpty
            ? "column '\(name)' (mapped to \(entry.field)) is not in the header; the header has: \(header.joined(separator: ", "))"
            : "column '\(name)' (mapped to \(entry.field)) appears \(matches.count) times in the header"
          problems.append(
            .error(
              why, at: SourceLocation(file: display, line: 1), stage: config.kind,
              notes: [.note("mapped here", at: entry.location)]))
        }
      }
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
    return columns
  }

  static func sha256(of path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw DiagnosticList([.error("cannot open \(Paths.display(path)) for reading")])
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }
}
