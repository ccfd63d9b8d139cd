import ArgumentParser
import Foundation
import PipelineConfig
import PipelineModel
import Stages
import Warehouse

@main
struct CRMPipe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "crmpipe",
    abstract: "Turn a sales team's CRM exports into a SQLite warehouse and XLSX reports.",
    discussion: """
      Exit status: 0 on success, 1 when a run fails (bad file, failed report), 2 when a pipeline
      or settings file is invalid.
      """,
    subcommands: [
      RunCommand.self, ValidateCommand.self, StagesCommand.self, ExplainCommand.self, GuessCommand.self, ImportCommand.self,
      ExportCommand.self, ReportCommand.self, HistoryCommand.self, PlanCommand.self,
    ])
}

/// Exit codes shared by the commands.
enum Exit {
  static let runFailed = ExitCode(1)
  static let invalidConfiguration = ExitCode(2)
  /// Another run holds the warehouse.
  static let alreadyRunning = ExitCode(5)

  /// The exit code of a run that could not run or stopped: already running, else `runFailed`.
  static func of(_ error: DiagnosticList) -> ExitCode {
    error.diagnostics.first?.stage == RunLock.area ? alreadyRunning : runFailed
  }
}

/// Loads and checks a pipeline file, printing every problem on failure.
func loadPipeline(_ path: String) throws -> PipelineDefinition {
  do {
    let definition = try PipelineLoader.load(path: path, specs: StageRegistry.specs)
    _ = try PipelineRunner.build(definition)
    return definition
  } catch {
    Console.diagnostics(error.diagnostics)
    Console.error("\(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s") in \(path); nothing was run")
    throw Exit.invalidConfiguration
  }
}

/// `--as-of`: the day taken as today, local midnight in `timeZone`; now when absent.
func asOfDate(_ text: String?, timeZone: TimeZone) throws -> Date {
  guard let text else { return Date() }
  guard text.count == 10, let day = try? DateText.parse(text, format: .iso, timeZone: timeZone) else {
    Console.error("--as-of expects a date as YYYY-MM-DD, got '\(text)'")
    throw Exit.invalidConfiguration
  }
  return day
}

/// A warehouse that must already exist (commands that read one).
func existingWarehouse(_ path: String) throws -> Warehouse {
  guard FileManager.default.fileExists(atPath: path) else {
    Console.error("no warehouse at \(path)")
    throw Exit.invalidConfiguration
  }
  return try Warehouse(path: path)
}

/// Runs a pipeline a command generated (`file` is its made-up name) and prints the summary.
/// The stage was generated: a note pointing at it would name a file that does not exist.
func runGenerated(_ definition: PipelineDefinition, asOf: String?, file: String) throws {
  let day = try asOfDate(asOf, timeZone: definition.settings.timeZone)
  let summary: RunSummary
  do {
    summary = try PipelineRunner.run(definition, asOf: day) { _ in }
  } catch {
    Console.diagnostics(error.diagnostics)
    throw Exit.of(error)
  }
  Console.out(RunReport.text(summary, definition: definition, asOf: day))
  if let failure = summary.failure {
    Console.diagnostics(
      failure.diagnostics.map { diagnostic in
        var copy = diagnostic
        copy.notes.removeAll { $0.location?.file == file }
        return copy
      })
    throw Exit.runFailed
  }
}
