import Foundation

/// A JSON Schema (draft 2020-12) of pipeline files, generated from the same specs that check
/// them, for editors' YAML completion and checks (`crmpipe schema`).
///
/// It accepts what the checker accepts: any scalar where a string is expected, a single
/// value where a list is, and `${VARIABLE}` in place of any scalar. It cannot say what only
/// the checker knows (that a file exists, that a manager is in the settings).
public enum PipelineSchema {
  public static func json(stages: [StageSpec]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object(stages: stages), options: [.prettyPrinted, .sortedKeys]))
    return String(decoding: data ?? Data(), as: UTF8.self)
  }

  /// The schema as nested dictionaries and arrays of strings, integers and booleans.
  public static func object(stages: [StageSpec]) -> [String: Any] {
    let stageSchemas = stages.map(stageSchema)
    let settings: [String: Any] = [
      "description": "Settings file path, or the settings inline as a mapping.",
      "anyOf": [
        ["type": "string"],
        [
          "type": "object", "additionalProperties": false,
          "required": SettingsLoader.keys.filter { $0.requirement == .required }.map(\.name),
          "properties": Dictionary(
            uniqueKeysWithValues: SettingsLoader.keys.map { key in
              // Several settings are lists of mappings the spec types as text: any value here.
              (key.name, SettingsLoader.listKeys.contains(key.name) ? ["description": key.doc] : schema(for: key))
            }),
        ],
      ],
    ]
    var properties = Dictionary(uniqueKeysWithValues: PipelineLoader.topKeys.map { ($0.name, schema(for: $0)) })
    properties["settings"] = settings
    properties["stages"] = [
      "description": "The stages, run in order.", "type": "array", "items": ["oneOf": stageSchemas],
    ]
    return [
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://crmpipe.example/pipeline.schema.json",
      "title": "crmpipe pipeline file",
      "type": "object",
      "additionalProperties": false,
      "required": PipelineLoader.topKeys.filter { $0.requirement == .required }.map(\.name),
      "properties": properties,
    ]
  }

  static func stageSchema(_ spec: StageSpec) -> [String: Any] {
    var properties: [String: Any] = [:]
    for key in StageSpec.commonKeys + spec.keys { properties[key.name] = schema(for: key) }
    properties["kind"] = ["const": spec.kind, "description": spec.summary]
    return [
      "type": "object",
      "title": spec.kind,
      "description": spec.summary,
      "additionalProperties": false,
      "required": (StageSpec.commonKeys + spec.keys).filter { $0.requirement == .required }.map(\.name),
      "properties": properties,
    ]
  }

  static func schema(for key: KeySpec) -> [String: Any] {
    var schema = schema(for: key.type)
    var description = key.doc
    if case .defaultValue(let value) = key.requirement {
      description += " Default: \(value)."
    }
    schema["description"] = description
    return schema
  }

  /// `${NAME}` or `${NAME:-default}`, replaced when the file is read.
  static var variable: [String: Any] { ["type": "string", "pattern": "\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}"] }

  static func schema(for type: KeyType) -> [String: Any] {
    switch type {
    case .string: return ["type": ["string", "number", "boolean"]]
    case .path, .glob: return ["type": "string", "minLength": 1]
    case .integer(let range):
      return ["anyOf": [["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound], variable]]
    case .boolean:
      return ["anyOf": [["type": "boolean"], ["enum": ["true", "false", "yes", "no", "on", "off"]], variable]]
    case .choice(let words): return ["anyOf": [["enum": words], variable]]
    case .date: return ["anyOf": [["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"], variable]]
    case .probability: return ["anyOf": [["type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1], variable]]
    case .list(let element):
      let item = schema(for: element)
      return ["anyOf": [item, ["type": "array", "items": item]]]
    case .columnMapping(let fields):
      let headers: [String: Any] = ["anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]]
      return [
        "type": "object", "additionalProperties": false,
        "properties": Dictionary(uniqueKeysWithValues: fields.map { ($0, headers) }),
      ]
    }
  }
}
