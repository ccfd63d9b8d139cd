import Foundation
import PipelineConfig
import PipelineModel
import Stages

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
      for reject in summary.firstRejects {
        let field = reject.field.isEmpty ? "" : "field '\(reject.field)': "
        lines.append("  \(reject.file):\(reject.line): \(field)\(reject.reason)")
      }
      if summary.rejectsWritten > summary.firstRejects.count {
        lines.append("  ... and \(summary.rejectsWritten - summary.firstRejects.count) more in the rejects file")
      }
    }
    return lines.joined(separator: "\n")
  }
}
