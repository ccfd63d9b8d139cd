import ArgumentParser
import CSVBridge
import Foundation
import PipelineConfig
import PipelineModel
import Stages
import Warehouse

/// `crmpipe review`: the pairs the matcher left to a person, with their evidence.
struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "List, export and decide the pairs of contacts the matcher left to a person.",
    discussion: """
      A pair whose match probability is between review_threshold and match_threshold, or that a
      decisive identifier links while another field contradicts it, is kept apart and listed here.
      Export the pairs, write merge or keep-apart in the decision column, and apply the file: a pair
      kept apart is never merged by a later run.
      """,
    subcommands: [ReviewListCommand.self, ReviewExportCommand.self, ReviewApplyCommand.self],
    defaultSubcommand: ReviewListCommand.self)
}

struct ReviewListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "Print the open pairs, most probable first, with their evidence.")

  @Option(help: "The warehouse file.")
  var warehouse: String

  @Flag(help: "Also the pairs already decided.")
  var all = false

  @Flag(name: .customLong("show-values"), help: "Show emails and phone numbers instead of masking them.")
  var showValues = false

  func run() throws {
    let store = try existingWarehouse(warehouse)
    let pairs = try store.possibleDuplicates(status: all ? nil : "open")
    guard !pairs.isEmpty else {
      Console.out("no \(all ? "" : "open ")pairs to review in \(warehouse)")
      return
    }
    let show = { (value: String) in showValues ? value : Masking.mask(value) }
    for pair in pairs {
      Console.out(
        "pair \(pair.id): contacts \(pair.contactID) and \(pair.otherID), \(pair.status), probability \(String(format: "%.4f", pair.probability))"
      )
      Console.out("  \(pair.reason)")
      for id in [pair.contactID, pair.otherID] {
        guard let contact = try store.glance(id) else { continue }
        let details =
          [contact.emails.map(show).joined(separator: ", "), contact.phones.map(show).joined(separator: ", ")]
          .filter { !$0.isEmpty } + [contact.address, contact.birthday.map { "born \($0)" } ?? ""].filter { !$0.isEmpty }
        Console.out("  \(id): \(contact.name)\(details.isEmpty ? "" : " — " + details.joined(separator: "; "))")
      }
      for line in EvidenceWaterfall.lines(pair.evidence) { Console.out("    " + line) }
    }
    Console.out("\(pairs.count) pair(s); decide them with `crmpipe review export`, then `crmpipe review apply`")
  }
}

struct ReviewExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write the open pairs as a CSV with an empty decision column, for a person to fill in.",
    discussion: "The file holds emails and phone numbers unmasked: a person needs them to decide.")

  @Option(help: "The warehouse file.")
  var warehouse: String

  @Option(help: "The CSV file to write.")
  var output: String

  @Flag(help: "Also the pairs already decided, with their decision.")
  var all = false

  func run() throws {
    let store = try existingWarehouse(warehouse)
    let pairs = try store.possibleDuplicates(status: all ? nil : "open")
    var text = CSVWriter.line(ReviewDecisions.header)
    for pair in pairs { text += CSVWriter.line(try ReviewDecisions.row(pair, store).map(ExportCommand.neutralised)) }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch {
      Console.error("cannot write \(output): \(EnvironmentProblem.reason(error)); check the folder exists and can be written")
      throw Exit.inputError
    }
    Console.out("\(output): \(pairs.count) pair(s)")
  }
}

struct ReviewApplyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply",
    abstract: "Merge or keep apart the pairs decided in a file `crmpipe review export` wrote.",
    discussion: """
      The decision column takes merge or keep-apart; a blank one leaves the pair open. The file is
      applied whole or not at all, and applying it again changes nothing.
      """)

  @Argument(help: "The CSV file with the decisions.")
  var file: String

  @Option(help: "The warehouse file.")
  var warehouse: String

  func run() throws {
    try requireWarehouse(warehouse)
    let lock = try holdWarehouse(
      Paths.resolve(warehouse, against: FileManager.default.currentDirectoryPath), log: RunLog(try LogOptions.parse([])))
    defer { withExtendedLifetime(lock) {} }
    let store = try Warehouse(path: warehouse)
    let outcome: ReviewDecisions.Outcome
    do {
      outcome = try ReviewDecisions.apply(file, display: Paths.display(file), to: store)
    } catch let error as DiagnosticList {
      Console.diagnostics(error.diagnostics)
      Console.error("nothing was applied; fix the file and apply it again")
      throw Exit.inputError
    }
    if let run = outcome.appliedBefore {
      Console.out("\(file) was applied before, by run \(run): nothing to do")
      return
    }
    Console.out(
      "\(file): \(outcome.merged) pair(s) merged, \(outcome.keptApart) kept apart, \(outcome.undecided) left open")
  }
}
