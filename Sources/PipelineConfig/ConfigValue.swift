import PipelineModel

/// A checked configuration value with the place it was written.
public struct ConfigValue: Sendable, Equatable {
  public indirect enum Kind: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case list([ConfigValue])
    /// Field name to one or more column headers, in file order.
    case columns([ColumnMappingEntry])
  }

  public var kind: Kind
  public var location: SourceLocation

  public init(_ kind: Kind, at location: SourceLocation) {
    self.kind = kind
    self.location = location
  }

  public var string: String? { if case .string(let v) = kind { return v } else { return nil } }
  public var integer: Int? { if case .integer(let v) = kind { return v } else { return nil } }
  public var boolean: Bool? { if case .boolean(let v) = kind { return v } else { return nil } }
  public var list: [ConfigValue]? { if case .list(let v) = kind { return v } else { return nil } }
  public var columns: [ColumnMappingEntry]? { if case .columns(let v) = kind { return v } else { return nil } }
}

public struct ColumnMappingEntry: Sendable, Equatable {
  public var field: String
  public var headers: [String]
  public var location: SourceLocation
}

/// One stage of a pipeline file, checked against its spec, with defaults filled in.
public struct StageConfig: Sendable {
  public var kind: String
  public var id: String
  public var location: SourceLocation
  /// The pipeline file's folder: relative paths start there.
  public var baseDirectory: String
  public var values: [String: ConfigValue]

  public init(kind: String, id: String, location: SourceLocation, baseDirectory: String, values: [String: ConfigValue]) {
    self.kind = kind
    self.id = id
    self.location = location
    self.baseDirectory = baseDirectory
    self.values = values
  }

  public subscript(_ key: String) -> ConfigValue? { values[key] }

  public func string(_ key: String) -> String? { values[key]?.string }
  public func integer(_ key: String) -> Int? { values[key]?.integer }
  public func boolean(_ key: String) -> Bool? { values[key]?.boolean }
  public func strings(_ key: String) -> [String] { values[key]?.list?.compactMap(\.string) ?? [] }

  /// A path value resolved against the pipeline file's folder.
  public func path(_ key: String) -> String? {
    values[key]?.string.map { Paths.resolve($0, against: baseDirectory) }
  }
}
