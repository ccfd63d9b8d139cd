import Foundation
import PipelineConfig
import PipelineModel
import Stages
import Warehouse

/// The run summary printed after `crmpipe run`.
enum RunReport {
  static func text(_ summary: RunSummary, definition: PipelineDefinition, asOf: Date) -> String {
    let day = DateText.localDayText(asOf, definition.settings.timeZone)
    var lines = ["run \(summary.runID) of \(definition.displayPath), as of \(day)"]
    let width = max(summary.stages.map(\.stageID.count).max() ?? 0, 6)
    for stage in summary.stages {
      let name = stage.stageID.padding(toLength: width, withPad: " ", startingAt: 0)
      if stage.kind.hasPrefix("import.") {
        let c = stage.counts
        var line = "  \(name)  files \(stage.filesImported) imported, \(stage.filesSkipped.count) skipped"
        line +=
          " | rows read \(c.read): inserted \(c.inserted), updated \(c.updated), skipped \(c.skipped), rejected \(c.rejected)"
        if stage.warningCount > 0 { line += " | warnings \(stage.warningCount)" }
        lines.append(line)
        let indent = "  " + String(repeating: " ", count: width) + "  "
        for note in stage.notes { lines.append(indent + "\(note.location?.file ?? ""): \(note.message)") }
        for file in stage.filesSkipped { lines.append(indent + "skipped \(file)") }
      } else {
        let what = stage.counts.read == 1 && stage.counted.hasSuffix("s") ? String(stage.counted.dropLast()) : stage.counted
        var line = "  \(name)  \(stage.counts.read) \(what) → \(stage.outputs.joined(separator: ", "))"
        if stage.warningCount > 0 { line += " | warnings \(stage.warningCount)" }
        lines.append(line)
      }
    }
    let warnings = summary.stages.flatMap(\.warnings)
    if !warnings.isEmpty {
      let total = summary.stages.reduce(0) { $0 + $1.warningCount }
      lines.append("warnings (\(total)\(total > warnings.count ? ", first \(warnings.count) shown" : "")):")
      lines += warnings.map { "  \($0)" }
    }
    if summary.rejectsWritten > 0 {
      let path = summary.rejectsPath
      lines.append(
        path.hasPrefix("(would write) ")
          ? "rejected rows: \(summary.rejectsWritten), would be written to \(path.dropFirst(14))"
          : "rejected rows: \(summary.rejectsWritten), written to \(path)")
      // Rows of a file rejected for the same reason (a column mapped wrong rejects them all):
      // the first is shown, then the lines of the others.
      var groups: [(reject: Warehouse.RejectedRow, key: String, lines: [Int])] = []
      for reject in summary.firstRejects {
        let key = "\(reject.file)\u{1F}\(reject.field)\u{1F}\(Self.withoutValues(reject.reason))"
        if !reject.field.isEmpty, let index = groups.firstIndex(where: { $0.key == key }) {
          groups[index].lines.append(reject.line)
        } else {
          groups.append((reject, key, []))
        }
      }
      for (reject, _, others) in groups {
        let field = reject.field.isEmpty ? "" : "field '\(reject.field)': "
        lines.append("  \(reject.file):\(reject.line): \(field)\(reject.reason)")
        if !others.isEmpty {
          let rows = others.count == 1 ? "row" : "rows"
          lines.append("    and \(others.count) more \(rows) like it: lines \(others.map(String.init).joined(separator: ", "))")
        }
      }
      if summary.rejectsWritten > summary.firstRejects.count {
        lines.append("  ... and \(summary.rejectsWritten - summary.firstRejects.count) more in the rejects file")
      }
    }
    return lines.joined(separator: "\n")
  }

  /// A reject's reason without the values it quotes (`'Jean' is not a date` and `'Paul' is not
  /// a date` are one reason).
  static func withoutValues(_ reason: String) -> String {
    reason.replacingOccurrences(of: #"'[^']*'"#, with: "'…'", options: .regularExpression)
  }
}
