/// The type a configuration key accepts.
public indirect enum KeyType: Sendable, Equatable {
  case string
  /// A file path, relative to the pipeline file.
  case path
  /// A file path or glob pattern (`contacts/*.csv`), relative to the pipeline file.
  case glob
  case integer(ClosedRange<Int>)
  case boolean
  /// One of a fixed set of words.
  case choice([String])
  case date
  /// A probability strictly between 0 and 1, written as a decimal (`0.999`).
  case probability
  case list(KeyType)
  /// A mapping from the given field names to a column header (or a list of headers).
  case columnMapping(fields: [String])

  /// How the type is named in messages and docs.
  public var name: String {
    switch self {
    case .string: return "string"
    case .path: return "path"
    case .glob: return "path or glob"
    case .integer(let range): return "integer (\(range.lowerBound)...\(range.upperBound))"
    case .boolean: return "boolean"
    case .choice(let words): return "one of " + words.joined(separator: ", ")
    case .date: return "date (YYYY-MM-DD)"
    case .probability: return "probability (a number between 0 and 1, such as 0.999)"
    case .list(let element): return "list of \(element.name)"
    case .columnMapping: return "mapping of field to column header"
    }
  }
}

/// Whether a key must be given, and what it is when it is not.
public enum KeyRequirement: Sendable, Equatable {
  case required
  case optional
  case defaultValue(String)
}

/// One key a stage (or the pipeline file) accepts.
public struct KeySpec: Sendable {
  public var name: String
  public var type: KeyType
  public var requirement: KeyRequirement
  public var doc: String
  public var example: String?

  public init(_ name: String, _ type: KeyType, _ requirement: KeyRequirement, doc: String, example: String? = nil) {
    self.name = name
    self.type = type
    self.requirement = requirement
    self.doc = doc
    self.example = example
  }
}

/// What a stage kind accepts, with its documentation. Drives validation, `crmpipe stages`
/// and the README reference.
public struct StageSpec: Sendable {
  public var kind: String
  public var summary: String
  public var keys: [KeySpec]
  public var example: String

  public init(kind: String, summary: String, keys: [KeySpec], example: String) {
    self.kind = kind
    self.summary = summary
    self.keys = keys
    self.example = example
  }

  /// Keys every stage has besides its own.
  public static let commonKeys: [KeySpec] = [
    KeySpec("kind", .string, .required, doc: "The stage kind, e.g. `import.contacts`."),
    KeySpec("id", .string, .optional, doc: "A name for the stage, unique in the file; defaults to the kind."),
  ]
}
