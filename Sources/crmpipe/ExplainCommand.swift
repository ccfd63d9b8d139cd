import ArgumentParser
import Foundation
import PipelineModel
import Stages
import Warehouse

struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Show a golden contact, the source rows linked to it and why each was merged.")

  @Argument(help: "What to explain: 'contact'.")
  var entity: String

  @Argument(help: "The contact id.")
  var id: Int64

  @Option(help: "The warehouse file.")
  var warehouse: String

  @Flag(name: .customLong("show-values"), help: "Show emails and phone numbers instead of masking them.")
  var showValues = false

  func run() throws {
    guard entity == "contact" else {
      Console.error("explain knows 'contact', got '\(entity)'")
      throw Exit.invalidConfiguration
    }
    let store = try existingWarehouse(warehouse)
    guard let explanation = try store.explainContact(id) else {
      if let merged = try store.mergedInto(id) {
        Console.out(
          "contact \(id) was merged into contact \(merged.into) (rule \(merged.rule), at \(merged.file):\(merged.line))")
        return
      }
      Console.error("no contact \(id) in \(warehouse)")
      throw Exit.inputError
    }
    Console.out(text(explanation))
  }

  func text(_ e: ContactExplanation) -> String {
    let show = { (value: String) in showValues ? value : Masking.mask(value) }
    var lines = ["contact \(e.id)"]
    lines += e.fields.map { "  \($0.name): \($0.value)" }
    if !e.emails.isEmpty { lines.append("  emails: " + e.emails.map(show).joined(separator: ", ")) }
    for phone in e.phones {
      let normal = phone.e164.map { " → \(show($0))" } ?? " (not used for matching: \(phone.problem ?? "invalid"))"
      lines.append("  phone: \(show(phone.raw))\(normal)")
    }
    if !e.tags.isEmpty { lines.append("  tags: " + e.tags.joined(separator: ", ")) }
    lines.append("source rows (\(e.sources.count)):")
    for source in e.sources {
      let why = source.rule.map { " by \($0) (score \(String(format: "%.3f", source.score ?? 0)))" } ?? ""
      let raw = showValues ? source.raw : Masking.maskText(source.raw)
      lines.append("  \(source.file):\(source.line): \(source.action)\(why)")
      lines.append("    \(raw)")
      if let evidence = source.evidence { lines += EvidenceWaterfall.lines(evidence).map { "    " + $0 } }
    }
    if !e.merges.isEmpty {
      lines.append("merged contacts (\(e.merges.count)):")
      for merge in e.merges {
        lines.append(
          "  contact \(merge.fromID) by \(merge.rule) (score \(String(format: "%.3f", merge.score))) at \(merge.file):\(merge.line)"
        )
      }
    }
    if !e.pairs.isEmpty {
      lines.append("pairs left to review (\(e.pairs.count)):")
      for pair in e.pairs {
        let other = pair.contactID == e.id ? pair.otherID : pair.contactID
        lines.append(
          "  with contact \(other): \(pair.status), probability \(String(format: "%.4f", pair.probability)): \(pair.reason)")
        lines += EvidenceWaterfall.lines(pair.evidence).map { "    " + $0 }
      }
    }
    return lines.joined(separator: "\n")
  }
}
