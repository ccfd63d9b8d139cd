import Foundation

/// A small JSON Schema validator for tests: the keywords `crmpipe schema` writes (`type`,
/// `enum`, `const`, `required`, `properties`, `additionalProperties: false`, `items`,
/// `anyOf`, `oneOf`, `minimum`, `maximum`, `minLength`, `pattern`). `value` is made of
/// `[String: Any]`, `[Any]`, `String`, `Int`, `Double`, `Bool` and `NSNull`.
public enum JSONSchemaCheck {
  /// Every violation, as `path: message`; empty when `value` is valid.
  public static func errors(_ value: Any, against schema: [String: Any], at path: String = "$") -> [String] {
    var errors: [String] = []
    if let types = schema["type"] {
      let allowed = (types as? [String]) ?? [types as? String ?? ""]
      if !allowed.contains(where: { matches(value, type: $0) }) {
        return ["\(path): expected \(allowed.joined(separator: " or ")), got \(describe(value))"]
      }
    }
    if let constant = schema["const"], !equal(value, constant) {
      errors.append("\(path): expected \(constant), got \(describe(value))")
    }
    if let choices = schema["enum"] as? [Any], !choices.contains(where: { equal(value, $0) }) {
      errors.append("\(path): \(describe(value)) is not one of \(choices)")
    }
    if let found = number(value) {
      if let minimum = number(schema["minimum"] as Any), found < minimum {
        errors.append("\(path): \(found) is below \(minimum)")
      }
      if let maximum = number(schema["maximum"] as Any), found > maximum {
        errors.append("\(path): \(found) is above \(maximum)")
      }
    }
    if let text = value as? String {
      if let minimum = schema["minLength"] as? Int, text.count < minimum { errors.append("\(path): too short") }
      if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
        errors.append("\(path): '\(text)' does not match \(pattern)")
      }
    }
    if let object = value as? [String: Any] {
      let properties = schema["properties"] as? [String: Any] ?? [:]
      for name in schema["required"] as? [String] ?? [] where object[name] == nil {
        errors.append("\(path): missing required '\(name)'")
      }
      for (name, item) in object {
        if let property = properties[name] as? [String: Any] {
          errors += Self.errors(item, against: property, at: "\(path).\(name)")
        } else if schema["additionalProperties"] as? Bool == false {
          errors.append("\(path): '\(name)' is not allowed")
        }
      }
    }
    if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
      for (index, item) in array.enumerated() { errors += Self.errors(item, against: items, at: "\(path)[\(index)]") }
    }
    if let options = schema["anyOf"] as? [[String: Any]] {
      let results = options.map { Self.errors(value, against: $0, at: path) }
      if !results.contains(where: \.isEmpty) { errors.append("\(path): matches none of anyOf: \(results.flatMap { $0 })") }
    }
    if let options = schema["oneOf"] as? [[String: Any]] {
      let results = options.map { Self.errors(value, against: $0, at: path) }
      let matching = results.filter(\.isEmpty).count
      if matching != 1 {
        // The closest option (fewest errors) says most about what is wrong.
        let closest = results.min { $0.count < $1.count } ?? []
        errors.append("\(path): matches \(matching) of oneOf, expected 1: \(closest)")
      }
    }
    return errors
  }

  static func number(_ value: Any) -> Double? {
    if value is Bool { return nil }
    if let integer = value as? Int { return Double(integer) }
    if let double = value as? Double { return double }
    return (value as? NSNumber)?.doubleValue
  }

  static func matches(_ value: Any, type: String) -> Bool {
    switch type {
    case "object": return value is [String: Any]
    case "array": return value is [Any]
    case "string": return value is String
    case "boolean": return value is Bool
    case "integer": return number(value).map { $0.rounded() == $0 } ?? false
    case "number": return number(value) != nil
    case "null": return value is NSNull
    default: return false
    }
  }

  static func equal(_ a: Any, _ b: Any) -> Bool {
    if let x = a as? String, let y = b as? String { return x == y }
    if let x = a as? Bool, let y = b as? Bool { return x == y }
    if let x = number(a), let y = number(b) { return x == y }
    return false
  }

  static func describe(_ value: Any) -> String {
    switch value {
    case is String: return "a string"
    case is [String: Any]: return "a mapping"
    case is [Any]: return "a list"
    case is Bool: return "a boolean"
    case _ where number(value) != nil: return "a number"
    default: return "null"
    }
  }
}
