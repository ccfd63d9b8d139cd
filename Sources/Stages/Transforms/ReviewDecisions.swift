import CSVBridge
import Foundation
import PipelineModel
import Warehouse

/// A person's decisions on the pairs the matcher left to review (`crmpipe review apply`): a
/// CSV as `crmpipe review export` writes it, with `merge` or `keep-apart` in its `decision`
/// column (blank: undecided). All decisions of a file are applied in one transaction: a file
/// with one bad line, or a killed apply, changes nothing. Merges are recorded like a run's
/// (`contact_merges`, rule `review`, with the file and line); a pair kept apart is never merged
/// by a later run.
public enum ReviewDecisions {
  public struct Outcome: Sendable, Equatable {
    public var merged = 0
    public var keptApart = 0
    public var undecided = 0
    /// The run that applied this same file before, when it had been.
    public var appliedBefore: Int64?
  }

  /// The columns `crmpipe review export` writes.
  public static let header = [
    "pair_id", "decision", "probability", "reason", "contact_id", "contact_name", "contact_emails", "contact_phones",
    "contact_address", "contact_birthday", "other_id", "other_name", "other_emails", "other_phones", "other_address",
    "other_birthday", "evidence",
  ]

  /// The export's row of a pair.
  public static func row(_ pair: PossibleDuplicateRow, _ warehouse: Warehouse) throws -> [String] {
    func describe(_ id: Int64) throws -> [String] {
      guard let contact = try warehouse.glance(id) else { return ["\(id)", "(merged away)", "", "", "", ""] }
      return [
        "\(id)", contact.name, contact.emails.joined(separator: "; "), contact.phones.joined(separator: "; "),
        contact.address, contact.birthday ?? "",
      ]
    }
    let decision = pair.status == "open" ? "" : pair.status == "merged" ? "merge" : "keep-apart"
    return ["\(pair.id)", decision, String(format: "%.6f", pair.probability), pair.reason]
      + (try describe(pair.contactID)) + (try describe(pair.otherID)) + [pair.evidence]
  }

  /// Applies the decisions of `path` (shown as `display`), holding nothing else: the caller
  /// holds the warehouse's lock.
  public static func apply(_ path: String, display: String, to warehouse: Warehouse) throws -> Outcome {
    let problem = { (line: Int, column: Int?, message: String) -> DiagnosticList in
      DiagnosticList([.error(message, at: SourceLocation(file: display, line: line, column: column), stage: "review")])
    }
    let hash = try FileImport.sha256(of: path) {
      problem(0, nil, "cannot read the file: \($0); check that it exists and can be read")
    }
    let reader: CSVReader
    // A spreadsheet may save it with a byte-order mark, semicolons or in Windows-1252.
    do { reader = try CSVReader(path: path, dialect: CSVDialect.detect(path: path)) } catch {
      throw problem(0, nil, "cannot read the file: \(error)")
    }
    var header: [String]?
    var decisions: [(line: Int, pair: Int64, decision: String)] = []
    do {
      try reader.forEachRecord { record in
        guard let names = header else {
          header = record.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
          return
        }
        guard let idColumn = names.firstIndex(of: "pair_id"), let decisionColumn = names.firstIndex(of: "decision") else {
          return
        }
        guard record.fields.count == names.count else {
          throw problem(record.line, nil, "expected \(names.count) fields as in the header, got \(record.fields.count)")
        }
        let text = record.fields[decisionColumn].trimmingCharacters(in: .whitespaces).lowercased()
        guard let pair = Int64(record.fields[idColumn].trimmingCharacters(in: .whitespaces)) else {
          throw problem(record.line, idColumn + 1, "pair_id '\(record.fields[idColumn].prefix(40))' is not a pair number")
        }
        decisions.append((record.line, pair, text))
      }
    } catch let error as CSVError {
      throw problem(error.line, error.field.map { $0 + 1 }, error.message)
    }
    guard let names = header, names.contains("pair_id"), names.contains("decision") else {
      throw problem(1, nil, "expected a header with pair_id and decision columns, as `crmpipe review export` writes")
    }
    return try warehouse.transaction {
      var outcome = Outcome()
      if let run = try warehouse.runThatImported(stageKind: "review.apply", sha256: hash) {
        outcome.appliedBefore = run
        return outcome
      }
      let runID = try warehouse.startRun(pipeline: "crmpipe review apply \(display)", asOf: Date())
      let fileID = try warehouse.beginFile(
        runID: runID, stageKind: "review.apply", stageID: "review", path: display, sha256: hash)
      let pairs = Dictionary(try warehouse.possibleDuplicates(status: nil).map { ($0.id, $0) }) { first, _ in first }
      let column = (names.firstIndex(of: "decision") ?? 0) + 1
      for entry in decisions {
        guard let pair = pairs[entry.pair] else {
          throw problem(entry.line, nil, "no pair \(entry.pair) in the warehouse; export the pairs again")
        }
        switch entry.decision {
        case "", "skip", "undecided":
          outcome.undecided += 1
        case "merge", "same", "yes":
          guard pair.status != "kept-apart" else {
            throw problem(entry.line, column, "pair \(pair.id) was kept apart before; it cannot be merged now")
          }
          try warehouse.decidePossibleDuplicate(pair.id, status: "merged", at: Date())
          if pair.status == "open", pair.contactID != pair.otherID {
            guard try warehouse.contactExists(pair.contactID), try warehouse.contactExists(pair.otherID) else {
              throw problem(entry.line, nil, "a contact of pair \(pair.id) no longer exists; export the pairs again")
            }
            try warehouse.mergeContacts(
              from: max(pair.contactID, pair.otherID), into: min(pair.contactID, pair.otherID), rule: "review", score: 1,
              fileID: fileID, line: entry.line)
          }
          outcome.merged += 1
        case "keep-apart", "keep apart", "different", "no":
          guard pair.status != "merged" else {
            throw problem(entry.line, column, "pair \(pair.id) was merged before; it cannot be kept apart now")
          }
          try warehouse.decidePossibleDuplicate(pair.id, status: "kept-apart", at: Date())
          outcome.keptApart += 1
        default:
          throw problem(
            entry.line, column, "decision '\(entry.decision.prefix(40))' is not one of merge, keep-apart or blank (undecided)")
        }
      }
      var counts = FileCounts()
      counts.read = decisions.count
      counts.updated = outcome.merged + outcome.keptApart
      counts.skipped = outcome.undecided
      try warehouse.finishFile(fileID, counts: counts)
      try warehouse.finishRun(runID, succeeded: true)
      return outcome
    }
  }
}
