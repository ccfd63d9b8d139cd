import ArgumentParser
import Foundation
import PipelineConfig
import PipelineModel
import Stages

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run a pipeline file: import, then write the reports.")

  @Argument(help: "The pipeline file, e.g. Pipelines/nightly.yml.")
  var pipeline: String

  @Option(
    name: .customLong("as-of"),
    help: "The day taken as today (YYYY-MM-DD, in the settings' time zone), so a run can be reproduced.")
  var asOf: String?

  @Flag(
    name: .customLong("dry-run"),
    help: "Read and check every input and say what would be inserted, merged, rejected and written, changing nothing.")
  var dryRun = false

  @Option(parsing: .upToNextOption, help: "Run only these stages (their ids), in the pipeline's order.")
  var only: [String] = []

  @OptionGroup var logging: LogOptions

  func run() throws {
    let log = RunLog(logging)
    var definition = try loadPipeline(pipeline, log: log)
    if !only.isEmpty {
      let ids = definition.stages.map(\.id)
      for id in only where !ids.contains(id) {
        log.notRun(
          pipeline: pipeline, exitCode: Exit.invalidConfiguration,
          message: "--only: no stage '\(id)' in \(pipeline)\(DidYouMean.phrase(for: id, in: ids)); nothing was run")
        throw Exit.invalidConfiguration
      }
      definition.stages = definition.stages.filter { only.contains($0.id) }
    }
    let day = try asOfDate(asOf, timeZone: definition.settings.timeZone)
    let summary: RunSummary
    if dryRun { log.info("dry run: the warehouse is copied and nothing is changed or written\n") }
    do {
      summary = try PipelineRunner.run(definition, asOf: day, dryRun: dryRun, log: log.event)
    } catch {
      log.diagnostics(error.diagnostics)
      log.notRun(pipeline: definition.displayPath, exitCode: Exit.of(error), message: "nothing was run")
      throw Exit.of(error)
    }
    let code = Exit.of(summary)
    // Diagnostics first: a JSON log ends with `run-finished`.
    if let failure = summary.failure {
      log.diagnostics(failure.diagnostics)
      log.error(
        "run \(summary.runID) failed; files and stages before the error are committed, the failing file is not, and no report of this run replaced an earlier one. Fix it and run again."
      )
    }
    log.finished(summary, definition: definition, asOf: day, exitCode: code)
    if let code { throw code }
  }
}

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check a pipeline file and its settings without running anything.")

  @Argument(help: "The pipeline file.")
  var pipeline: String

  func run() throws {
    let definition = try loadPipeline(pipeline)
    Console.out(
      "\(definition.displayPath): ok (\(definition.stages.count) stages: \(definition.stages.map(\.id).joined(separator: ", ")))")
  }
}

struct StagesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stages", abstract: "List every stage kind with its keys and documentation.")

  @Flag(help: "Print the reference as Markdown (as in the README).")
  var markdown = false

  func run() throws {
    Console.out(markdown ? StageDocs.markdown() : StageDocs.text())
  }
}

/// `crmpipe plan PIPELINE`: `run --dry-run`.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan", abstract: "Say what a run would do (run --dry-run): read and check every input, change nothing.")

  @Argument(help: "The pipeline file.")
  var pipeline: String

  @Option(name: .customLong("as-of"), help: "The day taken as today (YYYY-MM-DD).")
  var asOf: String?

  @OptionGroup var logging: LogOptions

  func run() throws {
    var command = try RunCommand.parse([pipeline, "--dry-run"] + (asOf.map { ["--as-of", $0] } ?? []))
    command.logging = logging
    try command.run()
  }
}
