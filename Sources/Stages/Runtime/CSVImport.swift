import CSVBridge
import Crypto
import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// A problem with one row: which field, and why. The row goes to the rejects file.
struct RowError: Error, Sendable {
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
  /// The link's evidence field by field (`MatchEvidence.json`).
  var evidence: String? = nil
}

/// The records a row produced (its own first, then any it created on the side, such as a
/// person's new company), and the fields dropped from it with their reasons.
struct RowResult {
  var outcomes: [RowOutcome]
  var dropped: [RowError] = []
}

/// Which columns each mapped field reads, made once per file and shared by its rows.
final class FieldLayout: Sendable {
  /// The mapped fields, sorted: a field's position in `columns` is its index here.
  let names: [String]
  /// The column indexes of each field, in mapping order.
  let columns: [[Int]]

  init(_ columns: [String: [Int]]) {
    names = columns.keys.sorted()
    self.columns = names.map { columns[$0] ?? [] }
  }

  /// A field's position in `columns`, found by comparing names: a stage has a few dozen
  /// fields at most, and short names compare in a few instructions, where a dictionary hashed
  /// the name at each of a contact row's eighteen or so lookups.
  func position(_ field: String) -> Int? {
    let length = field.utf8.count
    return names.firstIndex { $0.utf8.count == length && $0 == field }
  }
}

/// One data row with its cells looked up by mapped field name.
struct MappedRow: Sendable {
  let file: String
  let fileID: Int64
  let line: Int
  /// The file's date order; nil when unknown (ISO and unambiguous dates still read).
  let dateFormat: DateFormat?
  private let layout: FieldLayout
  /// The cleaned, non-empty values of every field, field after field in `layout` order.
  private let cells: [String]
  /// Where each field's values start in `cells`, and where the last one's end.
  private let starts: [Int32]
  /// `(header, value)` of the non-empty cells no field reads.
  let unmapped: [(header: String, value: String)]

  init(
    file: String, fileID: Int64, fields: [String], line: Int, dateFormat: DateFormat?, columns: [String: [Int]],
    unmapped: [(header: String, value: String)] = []
  ) {
    self.init(
      file: file, fileID: fileID, fields: fields, line: line, dateFormat: dateFormat, layout: FieldLayout(columns),
      unmapped: unmapped)
  }

  /// A row of a file whose `layout` was made once for all its rows.
  init(
    file: String, fileID: Int64, fields: [String], line: Int, dateFormat: DateFormat?, layout: FieldLayout,
    unmapped: [(header: String, value: String)] = []
  ) {
    self.file = file
    self.fileID = fileID
    self.line = line
    self.dateFormat = dateFormat
    self.layout = layout
    self.unmapped = unmapped
    var cells: [String] = []
    var starts: [Int32] = []
    cells.reserveCapacity(layout.columns.count)
    starts.reserveCapacity(layout.columns.count + 1)
    for indexes in layout.columns {
      starts.append(Int32(cells.count))
      for index in indexes where index < fields.count {
        let value = TextFolding.clean(fields[index])
        if !value.isEmpty { cells.append(value) }
      }
    }
    starts.append(Int32(cells.count))
    self.cells = cells
    self.starts = starts
  }

  private func range(_ field: String) -> Range<Int>? {
    guard let position = layout.position(field) else { return nil }
    return Int(starts[position])..<Int(starts[position + 1])
  }

  /// The cleaned, non-empty values of `field`'s columns, in mapping order.
  func values(_ field: String) -> [String] { range(field).map { Array(cells[$0]) } ?? [] }

  /// The first non-empty value of `field`, or nil.
  func value(_ field: String) -> String? {
    guard let range = range(field), !range.isEmpty else { return nil }
    return cells[range.lowerBound]
  }
}

/// The keys every CSV import stage has, plus its mapping of `fields`.
enum CSVImportKeys {
  /// With `presets`, a stage may name a preset instead of (or besides) a mapping.
  static func keys(fields: [String], mappingExample: String, presets: [String] = []) -> [KeySpec] {
    let presetKeys =
      presets.isEmpty
      ? []
      : [
        KeySpec(
          "preset", .choice(["auto"] + presets), .optional,
          doc:
            "Column mapping of a known export (`auto` picks the one whose headers fit best); `mapping` extends or overrides it."),
        KeySpec(
          "keep_unmapped", .boolean, .defaultValue("false"),
          doc: "Keep the columns no field reads as custom fields instead of only reporting them."),
      ]
    return presetKeys + [
      KeySpec(
        "input", .glob, .required,
        doc: "CSV file or glob, relative to the pipeline file; files run in byte order of their paths.",
        example: "../SampleData/contacts/*.csv"),
      KeySpec(
        "mapping", .columnMapping(fields: fields), presets.isEmpty ? .required : .optional,
        doc: "Field name to the file's column header (or a list of headers). Fields: \(fields.joined(separator: ", ")).",
        example: mappingExample),
      KeySpec(
        "delimiter", .choice(["auto", ",", ";", "tab", "|"]), .defaultValue("auto"),
        doc: "Field separator; `auto` counts them on the header line and the lines after it."),
      KeySpec(
        "encoding", .choice(["auto"] + CSVEncoding.allCases.map(\.rawValue)), .defaultValue("auto"),
        doc: "Text encoding; `auto`: a byte-order mark, else UTF-8 when the bytes are valid UTF-8, else Windows-1252."),
      KeySpec(
        "date_format", .choice(["auto"] + DateFormat.allCases.map(\.rawValue)), .defaultValue("auto"),
        doc:
          "How dates are written: iso, dd/mm/yyyy or mm/dd/yyyy; `auto` reads ISO 8601 and decides the day/month order per file from its dates (a date like 25/03/2024 can only be day first)."
      ),
    ] + FileImport.errorKeys
  }
}

/// Reads each input file of a CSV import stage in its own transaction.
///
/// A file already imported (same SHA-256) is skipped. A malformed file, `on_error: fail`
/// on a bad row, or too many rejects roll the file back and stop the run.
struct CSVImport {
  /// The columns of a named preset for a header row (`auto` picks one), or nil.
  typealias PresetLookup = (_ name: String, _ header: [String]) -> (name: String, mapping: [(field: String, headers: [String])])?

  let config: StageConfig
  let files: FileImport
  let delimiter: UInt8?
  let encoding: CSVEncoding?
  let mapping: [ColumnMappingEntry]
  let preset: String?
  let presetLookup: PresetLookup?
  /// nil: decided per file (`auto`).
  let dateFormat: DateFormat?

  init(config: StageConfig, presetLookup: PresetLookup? = nil) {
    self.config = config
    self.presetLookup = presetLookup
    files = FileImport(config: config)
    switch config.string("delimiter") ?? "auto" {
    case "auto": delimiter = nil
    case "tab": delimiter = UInt8(ascii: "\t")
    case let text: delimiter = text.utf8.first
    }
    encoding = CSVEncoding(rawValue: config.string("encoding") ?? "auto")
    mapping = config["mapping"]?.columns ?? []
    preset = config.string("preset")
    dateFormat = DateFormat(rawValue: config.string("date_format") ?? "auto")
  }

  /// Every date field of every CSV stage: the day/month order is decided from all of them.
  static let dateFieldNames: Set<String> = [
    "created", "expected_close_date", "actual_close_date", "birthday", "deadline", "closed_at", "issue_date", "due_date",
    "status_changed_at",
  ]

  /// The day/month order of a file's slash dates, from the first 10,000 rows: the order the
  /// unambiguous ones force, or for a semicolon file (European Excel) day first. A file whose
  /// dates force both orders is refused.
  func dateOrder(of file: String, display: String, dialect: CSVDialect, columns: [String: [Int]]) throws -> DateFormat? {
    if let dateFormat { return dateFormat }
    let indexes = Set(Self.dateFieldNames.flatMap { columns[$0] ?? [] })
    guard !indexes.isEmpty else { return nil }
    var seen: [DateFormat: Int] = [:]
    var rows = 0
    struct Enough: Error {}
    do {
      try CSVReader(path: file, dialect: dialect).forEachRecord { record in
        rows += 1
        if rows == 1 { return }
        if rows > 10_000 { throw Enough() }
        for index in indexes where index < record.fields.count {
          if let order = DateText.order(of: record.fields[index]), seen[order] == nil { seen[order] = record.line }
        }
      }
    } catch is Enough {}
    if let dmy = seen[.dmy], let mdy = seen[.mdy] {
      throw stageError(
        "dates are day first on line \(dmy) and month first on line \(mdy); set date_format, or fix the file",
        at: SourceLocation(file: display, line: max(dmy, mdy)))
    }
    return seen.keys.first ?? (dialect.delimiter == UInt8(ascii: ";") ? .dmy : nil)
  }

  func stageError(_ message: String, at location: SourceLocation? = nil) -> DiagnosticList {
    files.stageError(message, at: location)
  }

  /// `handle` turns a row into warehouse records; every record is traced to the row.
  func run(_ context: RunContext, row handle: @escaping (MappedRow) throws -> RowResult) throws -> StageSummary {
    try run(context, prepare: { _ in () }, land: { row, _ in try handle(row) })
  }

  /// Rows are read in batches: `prepare` (pure work such as normalising and parsing phone
  /// numbers) runs on every core, then `land` writes each row in file order.
  ///
  /// With `deferIndexes`, a file large against the warehouse (see `isBulk`) lands without the
  /// warehouse's random-order indexes, which are built again before the file commits, and
  /// with a rollback journal (`FileImport.run(_:bulk:file:)`).
  func run<Prepared: Sendable>(
    _ context: RunContext, deferIndexes: BulkTable? = nil, prepare: @escaping @Sendable (MappedRow) throws -> Prepared,
    land: @escaping (MappedRow, Prepared) throws -> RowResult
  ) throws -> StageSummary {
    try run(context, deferIndexes: deferIndexes, preparer: RowPreparer(each: prepare), landing: .now(land))
  }

  /// Like `run(_:deferIndexes:prepare:land:)`, for rows landed in two steps: `plan` runs in
  /// file order on the reading thread and must not use the warehouse; the writing it returns
  /// runs in file order on a thread of its own (`WriteBehind`), with the row's source rows,
  /// rejects and counts.
  func run<Prepared: Sendable>(
    _ context: RunContext, deferIndexes: BulkTable? = nil, preparer: RowPreparer<Prepared>,
    plan: @escaping (MappedRow, Prepared) throws -> () throws -> RowResult
  ) throws -> StageSummary {
    try run(context, deferIndexes: deferIndexes, preparer: preparer, landing: .behind(plan))
  }

  private enum Landing<Prepared> {
    case now((MappedRow, Prepared) throws -> RowResult)
    case behind((MappedRow, Prepared) throws -> () throws -> RowResult)
  }

  private func run<Prepared: Sendable>(
    _ context: RunContext, deferIndexes: BulkTable?, preparer: RowPreparer<Prepared>,
    landing mode: Landing<Prepared>
  ) throws -> StageSummary {
    // Whether the file is large against its table, decided before its transaction begins.
    var bulk: BulkTable?
    let largeFile = { (file: String) throws -> Bool in
      bulk = try deferIndexes.flatMap { try Self.isBulk(file, rows: context.warehouse.estimatedCount($0)) ? $0 : nil }
      return bulk != nil
    }
    return try files.run(context, bulk: largeFile) { file, landing, notes in
      if let bulk { try context.warehouse.dropDeferrableIndexes(bulk) }
      defer { if let bulk { context.warehouse.endBulk(bulk) } }
      try importFile(file, landing: &landing, notes: &notes, preparer: preparer, mode: mode)
      if let bulk { try context.warehouse.rebuildDeferredIndexes(bulk) }
    }
  }

  /// Whether a file is worth landing without the random-order indexes: at least 2 MB, and
  /// about half as many rows (at 100 bytes a row) as its table has. Building an index again
  /// sorts every row of the table once; keeping it costs a random B-tree insert a row.
  static func isBulk(_ file: String, rows: Int) -> Bool {
    let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    return bytes >= 2_000_000 && bytes / 100 >= rows / 2
  }

  private func importFile<Prepared: Sendable>(
    _ file: String, landing: inout RowLanding, notes: inout [Diagnostic],
    preparer: RowPreparer<Prepared>, mode: Landing<Prepared>
  ) throws {
    let (display, fileID) = (landing.display, landing.fileID)
    let writer: WriteBehind?
    if case .behind = mode { writer = WriteBehind() } else { writer = nil }
    let rows = Unchecked(landing)
    // The writer is done with the warehouse before the file commits or rolls back.
    defer {
      writer?.wait()
      landing = rows.value
    }
    var header: [String]?
    var columns = ColumnPlan.Resolved(columns: [:], unmapped: [])
    var layout: FieldLayout?
    var fileDateFormat: DateFormat?
    var batch: [CSVRecord] = []
    var pending: PreparedBatch<Prepared>?
    /// Starts preparing the rows read so far in the background, and lands the batch before it
    /// meanwhile: reading and landing on this thread, preparing on the others.
    func handOver(final: Bool) throws {
      guard let names = header, let layout else { return }
      let (columns, dateFormat) = (columns, fileDateFormat)
      let makeRow: @Sendable (CSVRecord) -> MappedRow? = { record in
        guard record.fields.count == names.count else { return nil }
        return MappedRow(
          file: display, fileID: fileID, fields: record.fields, line: record.line, dateFormat: dateFormat, layout: layout,
          unmapped: columns.unmapped.compactMap { index in
            let value = TextFolding.clean(record.fields[index])
            return value.isEmpty ? nil : (names[index], value)
          })
      }
      let next = batch.isEmpty ? nil : PreparedBatch(records: batch, makeRow: makeRow, preparer: preparer)
      batch = []
      if let current = pending { try landPrepared(current, names: names) }
      pending = next
      if final, let last = pending {
        pending = nil
        try landPrepared(last, names: names)
      }
    }
    /// Lands the rows of a prepared batch in file order.
    func landPrepared(_ prepared: PreparedBatch<Prepared>, names: [String]) throws {
      let results = prepared.results()
      /// The row and what `prepare` made of it, or the `RowError` that rejects it.
      func checked(_ offset: Int) throws -> (MappedRow, Prepared) {
        let record = prepared.records[offset]
        guard let row = results[offset].row, let ready = results[offset].prepared else {
          throw RowError(field: "", reason: "expected \(names.count) fields as in the header, got \(record.fields.count)")
        }
        if let column = record.fields.firstIndex(where: { $0.utf8.count > Self.longestField }) {
          throw RowError(
            field: names[column],
            reason:
              "is \(record.fields[column].utf8.count) bytes long, more than the \(Self.longestField) a field may hold; check the file's quoting"
          )
        }
        if let (column, byte) = Self.controlByte(in: record.fields) {
          throw RowError(
            field: names[column],
            reason: String(
              format: "holds the control byte 0x%02X, which is not text; check how the file was exported", byte))
        }
        return (row, try ready.get())
      }
      switch mode {
      case .now(let land):
        for (offset, record) in prepared.records.enumerated() {
          try rows.value.land(line: record.line, raw: results[offset].raw) {
            let (row, ready) = try checked(offset)
            return try land(row, ready)
          }
        }
      case .behind(let plan):
        var planned: [PlannedRow] = []
        for (offset, record) in prepared.records.enumerated() {
          let write: Result<() throws -> RowResult, any Error>
          do {
            let (row, ready) = try checked(offset)
            write = .success(try plan(row, ready))
          } catch let error as RowError {
            write = .failure(error)
          }
          planned.append((record.line, results[offset].raw, write))
        }
        try writer?.submit(planned, to: rows)
      }
    }
    do {
      let dialect = try self.dialect(of: file)
      // Parsed on a thread of its own; read, prepared and landed in file order.
      let records = RecordBatches(path: file, dialect: dialect, batchSize: Self.batchSize)
      defer { records.stop() }
      while let chunk = try records.next() {
        for record in chunk {
          guard header != nil else {
            header = record.fields
            columns = try resolveColumns(record.fields, display: display, dialect: dialect, notes: &notes)
            layout = FieldLayout(columns.columns)
            fileDateFormat = try dateOrder(of: file, display: display, dialect: dialect, columns: columns.columns)
            continue
          }
          batch.append(record)
          if batch.count == Self.batchSize {
            try handOver(final: false)
          }
        }
      }
      try handOver(final: true)
      try writer?.finish()
    } catch let error as CSVError {
      // The reading thread may fail before the header reached this one: read it again to name the field.
      throw files.unreadable(error, display: display, header: header ?? Self.header(of: file, dialect: try? dialect(of: file)))
    }
    if header == nil {
      throw stageError("the file is empty: expected a header row", at: SourceLocation(file: display, line: 1))
    }
  }

  /// The first `limit` rows of the stage's first input file, mapped as the import maps them:
  /// what a warehouse without a matching model learns it from. None when the file cannot be
  /// read; the import then says why.
  func sampleRows(limit: Int) -> [MappedRow] {
    guard let file = try? files.inputFiles().first, let dialect = try? dialect(of: file) else { return [] }
    let records = RecordBatches(path: file, dialect: dialect, batchSize: Self.batchSize)
    defer { records.stop() }
    var notes: [Diagnostic] = []
    var header: [String]?
    var layout: FieldLayout?
    var dateFormat: DateFormat?
    var rows: [MappedRow] = []
    while rows.count < limit, let chunk = try? records.next() {
      for record in chunk where rows.count < limit {
        guard let names = header, let layout else {
          header = record.fields
          guard let columns = try? resolveColumns(record.fields, display: file, dialect: dialect, notes: &notes) else {
            return []
          }
          layout = FieldLayout(columns.columns)
          dateFormat = try? dateOrder(of: file, display: file, dialect: dialect, columns: columns.columns)
          continue
        }
        guard record.fields.count == names.count else { continue }
        rows.append(
          MappedRow(
            file: file, fileID: 0, fields: record.fields, line: record.line, dateFormat: dateFormat, layout: layout))
      }
    }
    return rows
  }

  /// The first field with a control byte (below 0x20 but tab, line feed and carriage return,
  /// or 0x7F), and that byte.
  static func controlByte(in fields: [String]) -> (Int, UInt8)? {
    func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != 9 && byte != 10 && byte != 13) || byte == 0x7F }
    for (index, field) in fields.enumerated() {
      // A native string's bytes are scanned in place, without going through its view's index.
      let found = field.utf8.withContiguousStorageIfAvailable { $0.first(where: isControl) } ?? field.utf8.first(where: isControl)
      if let byte = found { return (index, byte) }
    }
    return nil
  }

  /// The most bytes a field may hold (1 MiB): more is a quoting accident, or not a contact file.
  static let longestField = 1 << 20

  /// Rows read before they are prepared together.
  static let batchSize = 2048

  /// The first record of `file`, if it can be read.
  static func header(of file: String, dialect: CSVDialect?) -> [String]? {
    guard let dialect, let reader = try? CSVReader(path: file, dialect: dialect) else { return nil }
    var first: [String]?
    struct Enough: Error {}
    _ = try? reader.forEachRecord { record in
      first = record.fields
      throw Enough()
    }
    return first
  }

  /// The file's dialect: detected, then overridden by what the stage forces.
  func dialect(of file: String) throws -> CSVDialect {
    var dialect = try CSVDialect.detect(path: file)
    if let delimiter { dialect.delimiter = delimiter }
    if let encoding { dialect.encoding = encoding }
    return dialect
  }

  /// The columns of the file for the stage's preset and mapping; says once per file how the
  /// file was read and which columns nothing reads.
  private func resolveColumns(
    _ header: [String], display: String, dialect: CSVDialect, notes: inout [Diagnostic]
  ) throws -> ColumnPlan.Resolved {
    var presetMapping: [(field: String, headers: [String])] = []
    var presetText = ""
    if let preset, let lookup = presetLookup {
      guard let found = lookup(preset, header) else {
        throw stageError(
          "no preset fits this header (\(header.prefix(8).joined(separator: ", "))...); give a mapping, or run `crmpipe guess` on the file",
          at: SourceLocation(file: display, line: 1))
      }
      presetMapping = found.mapping
      presetText = ", preset \(found.name)"
    }
    let resolved = try ColumnPlan(preset: presetMapping, mapping: mapping).resolve(header, display: display, stage: config.kind)
    let location = SourceLocation(file: display, line: 1)
    notes.append(Diagnostic(.note, at: location, stage: config.kind, "read as \(dialect)\(presetText)"))
    if !resolved.unmapped.isEmpty {
      // Named up to 20; a file of thousands of columns gets a line, not a page.
      var names = resolved.unmapped.prefix(20).map { "'\(header[$0])'" }.joined(separator: ", ")
      if resolved.unmapped.count > 20 { names += " and \(resolved.unmapped.count - 20) more" }
      notes.append(
        config.boolean("keep_unmapped") == true
          ? Diagnostic(.note, at: location, stage: config.kind, "kept as custom fields: \(names)")
          : Diagnostic(
            .warning, at: location, stage: config.kind,
            "columns not imported: \(names); map them, or set keep_unmapped: true to keep them as custom fields"))
    }
    return resolved
  }
}
