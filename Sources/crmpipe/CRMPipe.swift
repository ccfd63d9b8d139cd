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
      Exit status: 0 success; 1 success, but rows were rejected (see the rejects file); 2 invalid
      pipeline, settings or arguments; 3 input error (a file, the warehouse or an output could
      not be read or written; earlier files are kept); 4 missing exchange rates; 5 another run
      holds the warehouse; 6 internal error.
      """,
    subcommands: [
      RunCommand.self, ValidateCommand.self, StagesCommand.self, SchemaCommand.self, ExplainCommand.self,
      GuessCommand.self, ImportCommand.self, ExportCommand.self, ReportCommand.self, HistoryCommand.self,
      PlanCommand.self,
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
  guard FileManager.default.fileExists(atPath: path) else {
    Console.error("no warehouse at \(path)")
    throw Exit.invalidConfiguration
  }
  return try Warehouse(path: path)
}

/// Runs a pipeline a command generated (`file` is its made-up name) and prints the summary.
/// The stage was generated: a note pointing at it would name a file that does not exist.
func runGenerated(_ definition: PipelineDefinition, asOf: String?, file: String, log: RunLog) throws {
  let day = try asOfDate(asOf, timeZone: definition.settings.timeZone)
  let summary: RunSummary
  do {
    summary = try PipelineRunner.run(definition, asOf: day, log: log.event)
  } catch {
    log.diagnostics(error.diagnostics)
    throw Exit.of(error)
  }
  let code = Exit.of(summary)
  log.finished(summary, definition: definition, asOf: day, exitCode: code)
  if let failure = summary.failure {
    log.diagnostics(
      failure.diagnostics.map { diagnostic in
        var copy = diagnostic
        copy.notes.removeAll { $0.location?.file == file }
        return copy
      })
  }
  if let code { throw code }
}
