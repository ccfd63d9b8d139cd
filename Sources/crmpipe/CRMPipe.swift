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
      Exit status:
        0  success
        1  success, but rows were rejected (see the rejects file)
        2  invalid pipeline file, settings or arguments; nothing was run
        3  a file, the warehouse or an output could not be read or written
           (bad input or environment; earlier files are kept)
        4  exchange rates missing for a report
        5  another run holds the warehouse
        6  internal error (please report it)
      """,
    subcommands: [
      RunCommand.self, ValidateCommand.self, StagesCommand.self, SchemaCommand.self, ExplainCommand.self,
      GuessCommand.self, ImportCommand.self, ExportCommand.self, ReportCommand.self, HistoryCommand.self,
      PlanCommand.self, ReviewCommand.self,
    ])

  /// ArgumentParser's own `main`, with crmpipe's exit codes: a usage error is 2 (not 64) and an
  /// error nobody caught is 6 (not 1, which means rejected rows here).
  static func main() {
    LargePages.enable()
    var command: any ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      let code = exitCode(for: error)
      if code == .success { exit(withError: error) }
      Console.error(fullMessage(for: error))
      exit(withError: Exit.invalidConfiguration)
    }
    do {
      try command.run()
    } catch {
      // Help asked of a subcommand arrives here too, as does a command's own exit code.
      if error is ExitCode || exitCode(for: error) == .success { exit(withError: error) }
      if error is ValidationError {
        Console.error(fullMessage(for: error))
        exit(withError: Exit.invalidConfiguration)
      }
      // A full disk, a damaged warehouse, a folder that cannot be written: not a bug.
      if let problem = EnvironmentProblem.diagnostics(error) {
        Console.diagnostics(problem.diagnostics)
        exit(withError: Exit.of(problem))
      }
      Console.error("internal error: \(error); please report it with the command that caused it")
      exit(withError: Exit.internalError)
    }
  }
}

/// Exit codes shared by the commands (the `discussion` above lists them).
enum Exit {
  static let rowsRejected = ExitCode(1)
  static let invalidConfiguration = ExitCode(2)
  static let inputError = ExitCode(3)
  static let missingRates = ExitCode(4)
  /// Another run holds the warehouse.
  static let alreadyRunning = ExitCode(5)
  static let internalError = ExitCode(6)

  /// The exit code of a run that could not run or stopped.
  static func of(_ error: DiagnosticList) -> ExitCode {
    if error.diagnostics.first?.stage == RunLock.area { return alreadyRunning }
    switch error.kind {
    case .input: return inputError
    case .missingRates: return missingRates
    case .internalError: return internalError
    }
  }

  /// The exit code of a finished run: its failure's, else 1 when rows were rejected, else nil (0).
  static func of(_ summary: RunSummary) -> ExitCode? {
    if let failure = summary.failure { return of(failure) }
    return summary.rejectsWritten > 0 ? rowsRejected : nil
  }
}

/// Loads and checks a pipeline file, printing every problem on failure.
func loadPipeline(_ path: String, log: RunLog? = nil) throws -> PipelineDefinition {
  do {
    let definition = try PipelineLoader.load(path: path, specs: StageRegistry.specs)
    _ = try PipelineRunner.build(definition)
    return definition
  } catch {
    let message = "\(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s") in \(path); nothing was run"
    guard let log else {
      Console.diagnostics(error.diagnostics)
      Console.error(message)
      throw Exit.invalidConfiguration
    }
    log.diagnostics(error.diagnostics)
    log.notRun(pipeline: path, exitCode: Exit.invalidConfiguration, message: message)
    throw Exit.invalidConfiguration
  }
}

/// `--as-of`: the day taken as today, local midnight in `timeZone`; now when absent.
func asOfDate(_ text: String?, timeZone: TimeZone) throws -> Date {
  guard let text else { return Date() }
  if let year = DateText.outOfRangeYear(text) {
    Console.error("--as-of \(DateText.Failure.yearOutOfRange(text, year))")
    throw Exit.invalidConfiguration
  }
  guard text.count == 10, let day = try? DateText.parse(text, format: .iso, timeZone: timeZone) else {
    Console.error("--as-of expects a date as YYYY-MM-DD, got '\(text)'")
    throw Exit.invalidConfiguration
  }
  return day
}

/// A warehouse that must already exist (commands that read one).
func existingWarehouse(_ path: String) throws -> Warehouse {
  try requireWarehouse(path)
  return try Warehouse(path: path)
}

/// Stops with exit 2 when there is no warehouse at `path`.
func requireWarehouse(_ path: String) throws {
  guard FileManager.default.fileExists(atPath: path) else {
    Console.error("no warehouse at \(path)")
    throw Exit.invalidConfiguration
  }
}

/// Holds the warehouse for a command's run before the command reads it: a command started while
/// another run writes the warehouse stops at once (exit 5) instead of waiting for SQLite.
func holdWarehouse(_ path: String, log: RunLog) throws -> RunLock {
  do {
    return try RunLock(warehouse: path)
  } catch {
    log.diagnostics(error.diagnostics)
    throw Exit.of(error)
  }
}

/// The `settings:` key of a generated pipeline holding the settings the warehouse's latest run
/// kept, inline; nil when no run kept any.
func storedSettings(_ warehouse: Warehouse) throws -> String? {
  guard let stored = try warehouse.latestSettings() else { return nil }
  let lines = stored.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
  return "settings:\n" + lines.joined(separator: "\n") + "\n"
}

/// Runs a pipeline a command generated (`file` is its made-up name) and prints the summary.
/// The stage was generated: a note pointing at it would name a file that does not exist.
func runGenerated(_ definition: PipelineDefinition, asOf: String?, file: String, lock: RunLock, log: RunLog) throws {
  let day = try asOfDate(asOf, timeZone: definition.settings.timeZone)
  let summary: RunSummary
  do {
    summary = try PipelineRunner.run(definition, asOf: day, lock: lock, log: log.event)
  } catch {
    log.diagnostics(withoutPlaces(in: file, error.diagnostics))
    log.notRun(pipeline: definition.displayPath, exitCode: Exit.of(error), message: "nothing was run")
    throw Exit.of(error)
  }
  let code = Exit.of(summary)
  // Diagnostics first: a JSON log ends with `run-finished`.
  if let failure = summary.failure { log.diagnostics(withoutPlaces(in: file, failure.diagnostics)) }
  log.finished(summary, definition: definition, asOf: day, exitCode: code)
  if let code { throw code }
}

/// `diagnostics` without the places in a pipeline a command generated (`file` is its made-up
/// name): they would name a file that does not exist.
func withoutPlaces(in file: String, _ diagnostics: [Diagnostic]) -> [Diagnostic] {
  diagnostics.map { diagnostic in
    var copy = diagnostic
    if copy.location?.file == file { copy.location = nil }
    copy.notes.removeAll { $0.location?.file == file }
    return copy
  }
}
