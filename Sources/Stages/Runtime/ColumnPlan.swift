import PipelineConfig
import PipelineModel

/// Which columns feed which fields: a preset's mapping, extended or overridden field by
/// field by the stage's own. A preset's columns may be missing from a file (an export only
/// writes the groups it uses); a column the stage names must be there.
struct ColumnPlan {
  struct Entry {
    var field: String
    var headers: [String]
    var required: Bool
    var location: SourceLocation?
  }

  var entries: [Entry]

  init(preset: [(field: String, headers: [String])], mapping: [ColumnMappingEntry]) {
    let explicit = Set(mapping.map(\.field))
    entries = preset.filter { !explicit.contains($0.field) }.map { Entry(field: $0.field, headers: $0.headers, required: false) }
    entries += mapping.map { Entry(field: $0.field, headers: $0.headers, required: true, location: $0.location) }
  }

  /// Headers compare without case, accents or spaces: `E-mail Address`, `e-mail address `
  /// and `E-MAIL  ADDRESS` are one column.
  static func headerKey(_ header: String) -> String {
    TextFolding.key(header).filter { !$0.isWhitespace }
  }

  /// `Titre#2` names the second column headed `Titre` (localised Outlook repeats headers).
  static func split(_ name: String) -> (key: String, occurrence: Int) {
    if let hash = name.lastIndex(of: "#"), let number = Int(name[name.index(after: hash)...]), number >= 1 {
      return (headerKey(String(name[..<hash])), number)
    }
    return (headerKey(name), 1)
  }

  struct Resolved: Sendable {
    var columns: [String: [Int]]
    /// Columns no field reads, by index.
    var unmapped: [Int]
  }

  func resolve(_ header: [String], display: String, stage: String) throws(DiagnosticList) -> Resolved {
    let keys = header.map(Self.headerKey)
    var columns: [String: [Int]] = [:]
    var used = Set<Int>()
    var problems: [Diagnostic] = []
    for entry in entries {
      for name in entry.headers {
        let (key, occurrence) = Self.split(name)
        let matches = keys.indices.filter { keys[$0] == key }
        // `Titre#2` needs a second `Titre`; a plain name, one column (or, in a preset, the first).
        if matches.count >= occurrence && (occurrence > 1 || matches.count == 1 || !entry.required) {
          let index = matches[occurrence - 1]
          columns[entry.field, default: []].append(index)
          used.insert(index)
        } else if entry.required {
          let why =
            matches.isEmpty
            ? "column '\(name)' (mapped to \(entry.field)) is not in the header; the header has: \(header.joined(separator: ", "))"
            : occurrence > matches.count
              ? "column '\(name)' (mapped to \(entry.field)) asks for occurrence \(occurrence) of '\(header[matches[0]])', which the header has \(matches.count == 1 ? "once; write '\(header[matches[0]])'" : "\(matches.count) times; write '#1' to '#\(matches.count)'")"
              : "column '\(name)' (mapped to \(entry.field)) appears \(matches.count) times in the header; write '\(name)#2' for the second"
          problems.append(
            .error(
              why, at: SourceLocation(file: display, line: 1), stage: stage,
              notes: entry.location.map { [.note("mapped here", at: $0)] } ?? []))
        }
      }
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
    let unmapped = header.indices.filter { !used.contains($0) && !keys[$0].isEmpty }
    return Resolved(columns: columns, unmapped: unmapped)
  }
}
