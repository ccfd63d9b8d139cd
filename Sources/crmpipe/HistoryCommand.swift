import ArgumentParser
import Foundation
import Warehouse

/// The runs a warehouse has seen: when, how they ended, and what each file brought.
struct HistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history", abstract: "List a warehouse's past runs: start, end, status, error, and each file's counts.")

  @Option(help: "The warehouse file.")
  var warehouse: String

  @Option(help: "How many runs, newest first.")
  var limit = 20

  func run() throws {
    let store = try existingWarehouse(warehouse)
    let runs = try store.runHistory(limit: max(limit, 1))
    if runs.isEmpty { Console.out("no run yet\n") }
    var text = ""
    for run in runs {
      text +=
        "run \(run.id)  \(run.status)  \(run.startedAt) → \(run.finishedAt ?? "(not finished)")  as of \(run.asOf)  \(run.pipeline)\n"
      if let error = run.error?.split(separator: "\n").first {
        // A run's error is kept as printed (`file:line: error: ...`); others get the word once.
        text += error.contains("error: ") ? "  \(error)\n" : "  error: \(error)\n"
      }
      for file in run.files {
        let c = file.counts
        text +=
          "  \(file.stageID) (\(file.stageKind))  \(file.path): read \(c.read), inserted \(c.inserted), updated \(c.updated), skipped \(c.skipped), rejected \(c.rejected)\n"
      }
    }
    Console.out(text)
  }
}
