import Foundation
import PipelineModel
import Yams

/// A YAML file read with Yams, with positions for every node and `${VAR}` expansion.
struct YAMLSource {
  let path: String
  let displayPath: String
  let environment: [String: String]

  /// The root node, or the YAML error as a diagnostic.
  func load(area: String) throws(DiagnosticList) -> Node {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw DiagnosticList([
        .error(
          "cannot read the file (\(error.localizedDescription))", at: SourceLocation(file: displayPath, line: 1), stage: area)
      ])
    }
    return try load(text: text, area: area)
  }

  func load(text: String, area: String) throws(DiagnosticList) -> Node {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw DiagnosticList([
          .error("the file is empty; expected a mapping", at: SourceLocation(file: displayPath, line: 1, column: 1), stage: area)
        ])
      }
      if let container = Self.overExpanded(node) {
        throw DiagnosticList([
          .error(
            "its aliases expand to more than \(Self.mostNodes) nodes, the most a file may hold (a \"billion laughs\"?); write the values out, or use fewer aliases",
            at: location(container), stage: area)
        ])
      }
      return node
    } catch let error as YamlError {
      throw DiagnosticList([diagnostic(for: error, area: area)])
    } catch let list as DiagnosticList {
      throw list
    } catch {
      throw DiagnosticList([.error("\(error)", at: SourceLocation(file: displayPath, line: 1), stage: area)])
    }
  }

  /// The most nodes a file may hold once its aliases are expanded. Yams shares an aliased
  /// node, but every reader walks it once per alias: ten lists of ten aliases are 10^10 nodes.
  public static let mostNodes = 100_000

  /// Where the file passes `mostNodes`: the collection that uses the alias being expanded
  /// then; nil within the cap. Counts at most `mostNodes` + 1 nodes, however many the
  /// aliases make.
  static func overExpanded(_ root: Node) -> Mark? {
    var count = 0
    /// `use` is the collection that uses an alias, once inside one.
    func walk(_ node: Node, parent: Mark?, use: Mark?) -> Mark? {
      var use = use
      // An alias stands for a node given earlier: a child that starts before its parent.
      if use == nil, let mark = node.mark, let parent, (mark.line, mark.column) < (parent.line, parent.column) {
        use = parent
      }
      count += 1
      if count > mostNodes { return use ?? parent ?? node.mark }
      switch node {
      case .scalar, .alias: return nil
      case .sequence(let sequence):
        for item in sequence { if let found = walk(item, parent: sequence.mark, use: use) { return found } }
      case .mapping(let mapping):
        for (key, value) in mapping {
          if let found = walk(key, parent: mapping.mark, use: use) ?? walk(value, parent: mapping.mark, use: use) {
            return found
          }
        }
      }
      return nil
    }
    return walk(root, parent: nil, use: nil)
  }

  private func diagnostic(for error: YamlError, area: String) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, let yaml), .parser(let context, let problem, let mark, let yaml),
      .composer(let context, let problem, let mark, let yaml):
      var message = "invalid YAML: \(problem)"
      if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
      let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(mark.line - 1).first ?? ""
      if line.contains("\t") { message += "; indent with spaces, not tabs" }
      return .error(message, at: location(mark), stage: area)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      let first = location(context.mark)
      guard let key = duplicates.first, let line = Self.repeated(key, after: context.mark, in: context.text) else {
        return .error("duplicate key \(keys) in one mapping; keep only one", at: first, stage: area)
      }
      return .error(
        "duplicate key \(keys) in one mapping; keep only one",
        at: SourceLocation(file: displayPath, line: line, column: context.mark.column), stage: area,
        notes: [.note("'\(key)' is first given here", at: first)])
    default:
      return .error("invalid YAML: \(error)", at: SourceLocation(file: displayPath, line: 1), stage: area)
    }
  }

  /// The line where `key` is given again in the block mapping whose first key is at `first`:
  /// the next line at the same indentation that starts with it.
  static func repeated(_ key: String, after first: Mark, in text: String) -> Int? {
    let indentation = String(repeating: " ", count: max(first.column - 1, 0))
    for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().dropFirst(first.line) {
      guard line.hasPrefix(indentation), line.dropFirst(indentation.count).first != " " else { continue }
      let rest = line.dropFirst(indentation.count)
      if rest.hasPrefix(key), rest.dropFirst(key.count).drop(while: { $0 == " " }).first == ":" {
        return offset + 1
      }
    }
    return nil
  }

  func location(_ mark: Mark?) -> SourceLocation {
    SourceLocation(file: displayPath, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  func location(of node: Node) -> SourceLocation { location(node.mark) }

  /// Replaces `${VAR}` and `${VAR:-default}` with values from the environment.
  func expand(_ text: String, at location: SourceLocation, area: String?) -> Result<String, Diagnostic> {
    guard text.contains("${") else { return .success(text) }
    var output = ""
    var rest = Substring(text)
    while let start = rest.range(of: "${") {
      output += rest[..<start.lowerBound]
      guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
        return .failure(.error("unclosed '${' in '\(text.echoed)'; write ${NAME} or ${NAME:-default}", at: location, stage: area))
      }
      let body = rest[start.upperBound..<end]
      let name: Substring
      let fallback: Substring?
      if let separator = body.range(of: ":-") {
        name = body[..<separator.lowerBound]
        fallback = body[separator.upperBound...]
      } else {
        name = body
        fallback = nil
      }
      if let value = environment[String(name)], !value.isEmpty {
        output += value
      } else if let fallback {
        output += fallback
      } else {
        return .failure(
          .error(
            "environment variable '\(String(name).echoed)' is not set; set it or write ${\(String(name).echoed):-default}",
            at: location, stage: area))
      }
      rest = rest[rest.index(after: end)...]
    }
    return .success(output + rest)
  }
}

extension Node {
  /// How a node is named in "expected X, got Y" messages.
  var shapeDescription: String {
    switch self {
    case .scalar(let scalar): return "'\(scalar.string.echoed)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }
}
