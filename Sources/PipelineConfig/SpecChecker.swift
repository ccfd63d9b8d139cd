import Foundation
import PipelineModel
import Yams

/// Checks a YAML mapping against key specs, collecting every problem.
struct SpecChecker {
  let source: YAMLSource
  var diagnostics: [Diagnostic] = []

  init(source: YAMLSource) { self.source = source }

  /// The checked values of `mapping`, defaults included. Keys in `ignoring` are left to the caller.
  mutating func check(
    _ mapping: Node.Mapping, at location: SourceLocation, specs: [KeySpec], area: String?, ignoring: Set<String> = []
  ) -> [String: ConfigValue] {
    var values: [String: ConfigValue] = [:]
    let known = specs.map(\.name)
    for (keyNode, valueNode) in mapping {
      let key = keyNode.string ?? ""
      if ignoring.contains(key) { continue }
      guard let spec = specs.first(where: { $0.name == key }) else {
        let hint = DidYouMean.phrase(for: key, in: known + ignoring.sorted())
        diagnostics.append(.error("unknown key '\(key.echoed)'\(hint)", at: source.location(of: keyNode), stage: area))
        continue
      }
      if let value = check(valueNode, as: spec.type, key: key, area: area) { values[key] = value }
    }
    for spec in specs where values[spec.name] == nil && !ignoring.contains(spec.name) {
      switch spec.requirement {
      case .required:
        if mapping.contains(where: { $0.key.string == spec.name }) { continue }  // present but invalid
        diagnostics.append(
          .error("missing required key '\(spec.name)' (\(spec.type.name)): \(spec.doc)", at: location, stage: area))
      case .optional: break
      case .defaultValue(let text):
        if mapping.contains(where: { $0.key.string == spec.name }) { continue }
        // A list default is written "a,b,c".
        let node: Node =
          if case .list = spec.type {
            .sequence(.init(text.split(separator: ",").map { Node.scalar(.init(String($0))) }))
          } else {
            .scalar(.init(text))
          }
        values[spec.name] = check(node, as: spec.type, key: spec.name, area: area, at: location)
      }
    }
    return values
  }

  /// One value, or nil after recording why it is wrong.
  mutating func check(
    _ node: Node, as type: KeyType, key: String, area: String?, at fixedLocation: SourceLocation? = nil
  ) -> ConfigValue? {
    let location = fixedLocation ?? source.location(of: node)
    func fail(_ message: String) -> ConfigValue? {
      diagnostics.append(.error(message, at: location, stage: area))
      return nil
    }
    func expected() -> ConfigValue? { fail("'\(key)' expects \(type.name), got \(node.shapeDescription)") }

    switch type {
    case .list(let element):
      let items: [Node]
      switch node {
      case .sequence(let sequence): items = Array(sequence)
      case .scalar: items = [node]
      default: return expected()
      }
      var checked: [ConfigValue] = []
      for item in items {
        if let value = check(item, as: element, key: key, area: area) { checked.append(value) }
      }
      return checked.count == items.count ? ConfigValue(.list(checked), at: location) : nil
    case .columnMapping(let fields):
      guard case .mapping(let mapping) = node else { return expected() }
      var entries: [ColumnMappingEntry] = []
      for (fieldNode, headerNode) in mapping {
        let field = fieldNode.string ?? ""
        let fieldLocation = source.location(of: fieldNode)
        guard fields.contains(field) else {
          diagnostics.append(
            .error(
              "unknown field '\(field.echoed)' in '\(key)'\(DidYouMean.phrase(for: field, in: fields))", at: fieldLocation,
              stage: area))
          continue
        }
        guard let headers = check(headerNode, as: .list(.string), key: "\(key).\(field)", area: area)?.list else { continue }
        entries.append(ColumnMappingEntry(field: field, headers: headers.compactMap(\.string), location: fieldLocation))
      }
      return ConfigValue(.columns(entries), at: location)
    default:
      break
    }

    guard case .scalar(let scalar) = node else { return expected() }
    let text: String
    switch source.expand(scalar.string, at: location, area: area) {
    case .success(let value): text = value
    case .failure(let diagnostic):
      diagnostics.append(diagnostic)
      return nil
    }
    switch type {
    case .string, .path, .glob:
      if text.isEmpty, type != .string { return fail("'\(key)' expects \(type.name), got an empty value") }
      return ConfigValue(.string(text), at: location)
    case .integer(let range):
      guard let value = Int(text) else { return expected() }
      guard range.contains(value) else {
        return fail("'\(key)' must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
      }
      return ConfigValue(.integer(value), at: location)
    case .boolean:
      switch text.lowercased() {
      case "true", "yes", "on": return ConfigValue(.boolean(true), at: location)
      case "false", "no", "off": return ConfigValue(.boolean(false), at: location)
      default: return expected()
      }
    case .choice(let words):
      guard words.contains(text) else {
        return fail("'\(key)' got '\(text.echoed)'\(DidYouMean.phrase(for: text, in: words))")
      }
      return ConfigValue(.string(text), at: location)
    case .date:
      guard (try? DateText.parse(text, format: .iso, timeZone: DateText.utc)) != nil, text.count == 10 else {
        return expected()
      }
      return ConfigValue(.string(text), at: location)
    case .probability:
      guard let value = Double(text), value > 0, value < 1 else { return expected() }
      return ConfigValue(.string(text), at: location)
    case .list, .columnMapping:
      return expected()
    }
  }
}
