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

  @Flag(name: .shortAndLong, help: "Print each stage as it starts.")
  var verbose = false

  func run() throws {
    let definition = try loadPipeline(pipeline)
    let day = try asOfDate(asOf, timeZone: definition.settings.timeZone)
    let verbose = self.verbose
    let summary: RunSummary
    do {
      summary = try PipelineRunner.run(definition, asOf: day) { if verbose { Console.error($0) } }
    } catch {
      Console.diagnostics(error.diagnostics)
      throw Exit.of(error)
    }
    Console.out(RunReport.text(summary, definition: definition, asOf: day))
    if let failure = summary.failure {
      Console.diagnostics(failure.diagnostics)
      Console.error(
        "run \(summary.runID) failed; files and stages before the error are committed, the failing file is not. Fix it and run again."
      )
      throw Exit.runFailed
    }
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
