import CSVBridge
import Crypto
import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

#if canImport(Glibc)
  import Glibc
#endif

/// The bookkeeping every import stage shares: input files in byte order, a file already
/// imported (same SHA-256) skipped, one transaction per file, counts, source rows and rejects.
///
/// A malformed file, `on_error: fail` on a bad row, or too many rejects roll the file back
/// and stop the run.
struct FileImport {
  let config: StageConfig
  let pattern: String
  let failOnBadRow: Bool
  let maxRejects: Int

  init(config: StageConfig) {
    self.config = config
    pattern = config.path("input") ?? ""
    failOnBadRow = config.string("on_error") == "fail"
    maxRejects = config.integer("max_rejects") ?? 1000
  }

  /// The keys of `on_error` and `max_rejects`, for every import stage's spec.
  static let errorKeys: [KeySpec] = [
    KeySpec(
      "on_error", .choice(["skip", "fail"]), .defaultValue("skip"),
      doc: "A bad row: `skip` writes it to the rejects file and goes on; `fail` refuses the whole file."),
    KeySpec(
      "max_rejects", .integer(0...1_000_000_000), .defaultValue("1000"),
      doc:
        "Refuse a file with more rows than this that are rejected or lose a value to the rejects file (a wrong mapping, usually)."
    ),
  ]

  /// A file that cannot be read as CSV, as the stage's error: where (the line, and the column
  /// with its header when known), what is wrong, and what to do. `together`: files that land
  /// together, none of which was imported.
  func unreadable(_ error: CSVError, display: String, header: [String]? = nil, together: Bool = false) -> DiagnosticList {
    let column = error.field.map { index in
      let name = header.flatMap { index <= $0.count ? $0[index - 1] : nil }.map { " ('\($0)')" } ?? ""
      return "field \(index)\(name): "
    }
    let notImported = together ? "the files were not imported" : "the file was not imported"
    let advice =
      switch error.cause {
      case .encoding:
        "Save the file as UTF-8, or set the stage's encoding to the one it was written in (windows-1252, utf-16), then run again"
      case .quoting: "Fix the quoting, then run again"
      case .limit: "Check that it is the file meant, with the right delimiter, then run again"
      case .reading: "Check that it can be read, then run again"
      }
    return stageError(
      "\(column ?? "")\(error.message); \(notImported). \(advice)",
      at: SourceLocation(file: display, line: error.line))
  }

  func stageError(_ message: String, at location: SourceLocation? = nil) -> DiagnosticList {
    DiagnosticList([
      .error(message, at: location, stage: config.kind, notes: [.note("in the stage defined here", at: config.location)])
    ])
  }

  /// The input files, in a stable order.
  func inputFiles() throws(DiagnosticList) -> [String] {
    let files: [String]
    if Glob.isPattern(pattern) {
      files = Glob.expand(pattern)
    } else {
      guard FileManager.default.fileExists(atPath: pattern) else {
        throw stageError(
          "input file \(Paths.display(pattern)) not found; check 'input' (relative paths start at the pipeline file's folder)")
      }
      files = [pattern]
    }
    for file in files {
      if let problem = Self.notARegularFile(file) {
        throw DiagnosticList([
          .error(
            "\(Paths.display(file)): \(problem); the stage was not run. Remove it from the input folder, or point 'input' at regular files",
            at: config.location, stage: config.kind)
        ])
      }
    }
    return files
  }

  /// Why `path` cannot be read as an input (a FIFO never ends without a writer, a device
  /// such as /dev/zero never ends at all, a broken link has nothing to read); nil for a
  /// regular file.
  static func notARegularFile(_ path: String) -> String? {
    var info = stat()
    if stat(path, &info) != 0 {
      switch errno {
      case ELOOP: return "a symbolic link loop"
      case ENOENT: return "a dangling symbolic link (its target \(Self.linkTarget(path)) does not exist)"
      default: return "cannot be read (\(String(cString: strerror(errno))))"
      }
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFIFO: return "not a regular file but a FIFO (named pipe), which would wait for a writer"
    case S_IFCHR, S_IFBLK: return "not a regular file but a device, which has no end"
    case S_IFSOCK: return "not a regular file but a socket"
    default: return "not a regular file"
    }
  }

  private static func linkTarget(_ path: String) -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map(Paths.display) ?? "?"
  }

  /// Runs `body` on each new input file in its own transaction; `body` lands the file's rows
  /// through the `RowLanding` it is given and may add notes and warnings.
  ///
  /// A file for which `bulk` says yes lands with a rollback journal instead of the write-ahead
  /// log when nothing else has the warehouse open (`Warehouse.withRollbackJournal`): its pages
  /// are written once instead of twice.
  func run(
    _ context: RunContext, bulk: (_ path: String) throws -> Bool = { _ in false },
    file body: (_ path: String, _ landing: inout RowLanding, _ notes: inout [Diagnostic]) throws -> Void
  ) throws -> StageSummary {
    try run(context, together: false, bulk: { try bulk($0[0]) }) { paths, landings, notes in
      try body(paths[0], &landings[0], &notes)
    }
  }

  /// For a stage whose files only make sense together (invoice headers in one file, their
  /// lines in another): every new file lands in one transaction, all or none.
  func runTogether(
    _ context: RunContext,
    files body: (_ paths: [String], _ landings: inout [RowLanding], _ notes: inout [Diagnostic]) throws -> Void
  ) throws -> StageSummary {
    try run(context, together: true, bulk: { _ in false }, body)
  }

  private func run(
    _ context: RunContext, together: Bool, bulk: (_ paths: [String]) throws -> Bool,
    _ body: (_ paths: [String], _ landings: inout [RowLanding], _ notes: inout [Diagnostic]) throws -> Void
  ) throws -> StageSummary {
    var summary = StageSummary(stageID: config.id, kind: config.kind)
    let files = try inputFiles()
    if files.isEmpty {
      summary.warn(.init(.warning, at: config.location, stage: config.kind, "no file matches \(Paths.display(pattern))"))
    }
    // Each file is read (hashed) just before it lands, so a file that cannot be read stops the
    // stage after the files before it are committed (files that land together: before any).
    for files in together ? [files] : files.map({ [$0] }) {
      var batch: [(path: String, hash: String)] = []
      for file in files {
        let hash = try sha256(of: file)
        if let run = try context.warehouse.runThatImported(stageKind: config.kind, sha256: hash) {
          summary.filesSkipped.append("\(Paths.display(file)) (already imported by run \(run))")
        } else {
          batch.append((file, hash))
        }
      }
      guard !batch.isEmpty else { continue }
      var notes: [Diagnostic] = []
      func land() throws -> [FileCounts] {
        try context.warehouse.transaction {
          var landings = try batch.map { file in
            let display = Paths.display(file.path)
            try context.warehouse.forgetRejectedImport(stageKind: config.kind, sha256: file.hash)
            let fileID = try context.warehouse.beginFile(
              runID: context.runID, stageKind: config.kind, stageID: config.id, path: display, sha256: file.hash)
            return RowLanding(import: self, context: context, fileID: fileID, display: display, path: file.path)
          }
          try body(batch.map(\.path), &landings, &notes)
          for landing in landings { try context.warehouse.finishFile(landing.fileID, counts: landing.counts) }
          return landings.map(\.counts)
        }
      }
      let counts = try bulk(batch.map(\.path)) ? context.warehouse.withRollbackJournal(land) : land()
      for note in notes {
        if note.severity == .note { summary.notes.append(note) } else { summary.warn(note) }
      }
      try context.rejects.flush(context.warehouse)
      for count in counts {
        summary.counts.read += count.read
        summary.counts.inserted += count.inserted
        summary.counts.updated += count.updated
        summary.counts.skipped += count.skipped
        summary.counts.rejected += count.rejected
        summary.counts.fieldsDropped += count.fieldsDropped
      }
      summary.filesImported += batch.count
    }
    return summary
  }

  /// The file's SHA-256; a file that cannot be read is the stage's error, naming it.
  func sha256(of path: String) throws(DiagnosticList) -> String {
    try Self.sha256(of: path) { reason in
      self.stageError(
        "cannot read \(Paths.display(path)): \(reason); check that it exists and can be read. The files before it are committed; a rerun imports it and the rest",
        at: SourceLocation(file: Paths.display(path), line: 1))
    }
  }

  /// The file's SHA-256; `unreadable` makes the error of a file that cannot be read, with why.
  static func sha256(of path: String, unreadable: (String) -> DiagnosticList) throws(DiagnosticList) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw unreadable(String(cString: strerror(errno))) }
    defer { try? handle.close() }
    var hasher = SHA256()
    do {
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
    } catch {
      throw unreadable(EnvironmentProblem.reason(error))
    }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }
}

/// Lands the rows of one file: the records a row produced become its source rows, dropped
/// values and bad rows go to the rejects, and the counts add up.
struct RowLanding {
  let `import`: FileImport
  let context: RunContext
  let fileID: Int64
  let display: String
  private(set) var counts = FileCounts()
  /// Rows that wrote to the rejects: rejected, or landed with values dropped (each row once),
  /// which `max_rejects` caps.
  private var rowsWithRejects = 0
  private var progress: StageProgress
  private var bytes = 0
  private let totalBytes: Int
  private var reported = Date()

  init(import: FileImport, context: RunContext, fileID: Int64, display: String, path: String) {
    self.import = `import`
    self.context = context
    self.fileID = fileID
    self.display = display
    totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    progress = StageProgress(stage: `import`.config.id, item: display, done: 0, unit: "rows")
  }

  /// Says how far the file is, at most five times a second.
  private mutating func report(_ raw: String) {
    progress.done += 1
    bytes += raw.utf8.count + 1
    guard progress.done % 256 == 0 else { return }
    let now = Date()
    guard now.timeIntervalSince(reported) >= 0.2 else { return }
    reported = now
    progress.fraction = totalBytes > 0 ? min(Double(bytes) / Double(totalBytes), 1) : nil
    context.events(.progress(progress))
  }

  /// Lands one row read at `line`; `raw` is the row as the file has it (secrets removed).
  mutating func land(line: Int, raw: String, _ body: () throws -> RowResult) throws {
    report(raw)
    counts.read += 1
    do {
      let result = try body()
      for (index, outcome) in result.outcomes.enumerated() {
        if index == 0 {
          switch outcome.action {
          case .inserted: counts.inserted += 1
          case .updated: counts.updated += 1
          case .unchanged: counts.skipped += 1
          }
        }
        try context.warehouse.addSourceRow(
          fileID: fileID, line: line, entity: outcome.entity, entityID: outcome.id, action: outcome.action,
          rule: outcome.rule, score: outcome.score, raw: raw, evidence: outcome.evidence)
      }
      for issue in result.dropped {
        counts.fieldsDropped += 1
        try context.warehouse.addRejectedRow(
          fileID: fileID, line: line, field: issue.field, reason: "\(issue.reason) (value dropped, row imported)", raw: raw)
      }
      if let issue = result.dropped.last {
        rowsWithRejects += 1
        if rowsWithRejects > `import`.maxRejects {
          throw `import`.stageError(
            "more than \(`import`.maxRejects) rows with rejected values or rejected (last: field '\(issue.field)': \(issue.reason)); the file was not imported. Check the mapping, or raise max_rejects",
            at: SourceLocation(file: display, line: line))
        }
      }
    } catch let error as RowError {
      counts.rejected += 1
      rowsWithRejects += 1
      try context.warehouse.addRejectedRow(fileID: fileID, line: line, field: error.field, reason: error.reason, raw: raw)
      let location = SourceLocation(file: display, line: line)
      let field = error.field.isEmpty ? "" : "field '\(error.field)': "
      if `import`.failOnBadRow {
        throw `import`.stageError("\(field)\(error.reason); the file was not imported (on_error: fail)", at: location)
      }
      if rowsWithRejects > `import`.maxRejects {
        throw `import`.stageError(
          "more than \(`import`.maxRejects) rejected rows (last: \(field)\(error.reason)); the file was not imported. Check the mapping, or raise max_rejects",
          at: location)
      }
    }
  }
}
