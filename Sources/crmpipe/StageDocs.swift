import PipelineConfig
import Stages

/// `crmpipe stages`: the stage reference generated from the specs.
enum StageDocs {
  static func requirement(_ key: KeySpec) -> String {
    switch key.requirement {
    case .required: return "required"
    case .optional: return "optional"
    case .defaultValue(let value): return "default \(value)"
    }
  }

  static func text() -> String {
    StageRegistry.specs.map { spec in
      var lines = ["\(spec.kind): \(spec.summary)"]
      for key in StageSpec.commonKeys + spec.keys {
        lines.append("  \(key.name) (\(key.type.name), \(requirement(key))): \(key.doc)")
      }
      lines.append("  example:")
      lines += spec.example.split(separator: "\n").map { "    \($0)" }
      return lines.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  static func markdown() -> String {
    StageRegistry.specs.map { spec in
      var lines = ["### `\(spec.kind)`", "", spec.summary, "", "| key | type | | meaning |", "|---|---|---|---|"]
      for key in StageSpec.commonKeys + spec.keys {
        let doc = key.doc.replacingOccurrences(of: "|", with: "\\|")
        lines.append(
          "| `\(key.name)` | \(key.type.name.replacingOccurrences(of: "|", with: "\\|")) | \(requirement(key)) | \(doc) |")
      }
      lines += ["", "```yaml", spec.example, "```"]
      return lines.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }
}
