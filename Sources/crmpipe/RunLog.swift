import ArgumentParser
import Foundation
import PipelineConfig
import PipelineModel
import Stages

/// `--log-format`, `--quiet`, `--show-values` and `--verbose`, for every command that runs stages.
struct LogOptions: ParsableArguments {
  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Option(
    name: .customLong("log-format"),
    help: "text, for people; or json, one JSON object a line on standard output, for cron and log collectors.")
  var format: Format = .text

  @Flag(name: .shortAndLong, help: "Print only errors.")
  var quiet = false

  @Flag(name: .customLong("show-values"), help: "Show emails and phone numbers in messages; they are masked by default.")
  var showValues = false

  @Flag(name: .shortAndLong, help: "Print each stage as it starts.")
  var verbose = false
}

/// Everything a run tells its operator, in the format asked for. Text goes to standard output
/// (the summary) and standard error (problems, progress); JSON lines all go to standard output.
final class RunLog {
  let options: LogOptions
  private let bar: ProgressBar?

  init(_ options: LogOptions) {
    self.options = options
    Masking.showsValues = options.showValues
    bar = options.format == .text && !options.quiet && isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
  }

  /// For `PipelineRunner.run`.
  func event(_ event: RunEvent) {
    switch event {
    case .stageStarted(let id, let kind):
      if options.format == .json {
        json("info", "stage-started", ["stage": id, "kind": kind])
      } else if options.verbose && !options.quiet {
        Console.error("running \(id) (\(kind))")
      }
    case .progress(let progress):
      bar?.show(progress)
    case .stageFinished(let stage):
      bar?.clear()
      if options.format == .json { json("info", "stage-finished", Self.fields(stage)) }
    }
  }

  /// A line for people (the dry-run notice, say); JSON logs carry it as a note.
  func info(_ text: String) {
    guard !options.quiet else { return }
    if options.format == .json { json("info", "note", ["message": text]) } else { Console.out(text) }
  }

  func error(_ text: String) {
    if options.format == .json { json("error", "error", ["message": text]) } else { Console.error(text) }
  }

  func diagnostics(_ diagnostics: [Diagnostic]) {
    bar?.clear()
    guard options.format == .json else {
      Console.diagnostics(diagnostics.filter { !options.quiet || $0.severity == .error })
      return
    }
    for diagnostic in diagnostics where !options.quiet || diagnostic.severity == .error {
      var fields: [String: Any] = ["message": diagnostic.message]
      if let location = diagnostic.location {
        fields["file"] = location.file
        fields["line"] = location.line
        if let column = location.column { fields["column"] = column }
      }
      if let stage = diagnostic.stage { fields["stage"] = stage }
      if !diagnostic.notes.isEmpty { fields["notes"] = diagnostic.notes.map(\.description) }
      json(diagnostic.severity.rawValue, "diagnostic", fields)
    }
  }

  /// The end of a run: the summary for people, or one `run-finished` line.
  func finished(_ summary: RunSummary, definition: PipelineDefinition, asOf: Date, exitCode: ExitCode?) {
    bar?.clear()
    guard options.format == .json else {
      if !options.quiet { Console.out(RunReport.text(summary, definition: definition, asOf: asOf)) }
      return
    }
    for reject in summary.firstRejects where !options.quiet {
      json(
        "warning", "rejected-row",
        ["file": reject.file, "line": reject.line, "field": reject.field, "reason": reject.reason])
    }
    json(
      summary.failure == nil ? "info" : "error", "run-finished",
      [
        "run": summary.runID, "pipeline": definition.displayPath,
        "as_of": DateText.localDayText(asOf, definition.settings.timeZone),
        "status": summary.failure == nil ? "succeeded" : "failed", "exit_code": Int(exitCode?.rawValue ?? 0),
        "rejected_rows": summary.rejectsWritten, "rejects_file": summary.rejectsPath,
        "stages": summary.stages.map(Self.fields),
      ])
  }

  /// The end of a run that did not start (an invalid pipeline file, a warehouse held by another
  /// run): `message` for people, or the `run-finished` line, after the diagnostics.
  func notRun(pipeline: String, exitCode: ExitCode, message: String) {
    bar?.clear()
    guard options.format == .json else { return Console.error(message) }
    json(
      "error", "run-finished",
      [
        "pipeline": pipeline, "status": "not-run", "exit_code": Int(exitCode.rawValue), "message": message,
        "stages": [Any](),
      ])
  }

  static func fields(_ stage: StageSummary) -> [String: Any] {
    var fields: [String: Any] = [
      "stage": stage.stageID, "kind": stage.kind, "read": stage.counts.read, "outputs": stage.outputs,
      "warnings": stage.warnings.map(\.description),
    ]
    if stage.kind.hasPrefix("import.") {
      fields["inserted"] = stage.counts.inserted
      fields["updated"] = stage.counts.updated
      fields["skipped"] = stage.counts.skipped
      fields["rejected"] = stage.counts.rejected
      fields["files_imported"] = stage.filesImported
      fields["files_skipped"] = stage.filesSkipped
    }
    return fields
  }

  private func json(_ level: String, _ event: String, _ fields: [String: Any]) {
    var line = fields
    line["time"] = ISO8601DateFormatter().string(from: Date())
    line["level"] = level
    line["event"] = event
    let data =
      (try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
  }
}
