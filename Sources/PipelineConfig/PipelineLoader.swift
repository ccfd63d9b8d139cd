import Foundation
import PipelineModel
import Yams

/// A pipeline file, checked: where the warehouse is, the settings, and the stages in order.
public struct PipelineDefinition: Sendable {
  public var path: String
  public var displayPath: String
  public var baseDirectory: String
  public var warehousePath: String
  public var settings: Settings
  public var stages: [StageConfig]
  /// The settings as YAML (the settings file's text, or the inline mapping), kept in the
  /// warehouse so that `crmpipe report` can use them later.
  public var settingsYAML = ""
  /// The settings file, when the settings are not inline: an input no report may overwrite.
  public var settingsPath: String?
  /// The settings are the warehouse's own (a command given no `--settings`): the run uses
  /// them and changes none of the warehouse's (its deal stages, users, kept settings).
  public var settingsFromWarehouse = false
}

/// Reads `Pipelines/*.yml` and checks it against the stage specs, reporting every problem.
public enum PipelineLoader {
  static let topKeys: [KeySpec] = [
    KeySpec("version", .integer(1...1), .required, doc: "Format version; must be 1."),
    KeySpec("warehouse", .path, .required, doc: "SQLite warehouse file, created if missing.", example: "../out/warehouse.sqlite"),
    KeySpec(
      "settings", .path, .required, doc: "Settings file path, or the settings inline as a mapping.",
      example: "../SampleData/settings.yml"),
    KeySpec("stages", .string, .required, doc: "The stages, run in order."),
  ]

  public static func load(
    path: String, specs: [StageSpec], environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(DiagnosticList) -> PipelineDefinition {
    let absolute = Paths.resolve(path, against: FileManager.default.currentDirectoryPath)
    let source = YAMLSource(path: absolute, displayPath: Paths.display(absolute), environment: environment)
    let root = try source.load(area: "pipeline")
    return try check(root, source: source, specs: specs)
  }

  /// Checks YAML text as if it were the file at `path` (used by tests).
  public static func load(
    text: String, path: String, specs: [StageSpec], environment: [String: String] = [:]
  ) throws(DiagnosticList) -> PipelineDefinition {
    let absolute = Paths.resolve(path, against: FileManager.default.currentDirectoryPath)
    let source = YAMLSource(path: absolute, displayPath: Paths.display(absolute), environment: environment)
    return try check(try source.load(text: text, area: "pipeline"), source: source, specs: specs)
  }

  /// Reads a file holding only a column mapping (field: header), checked like a stage's `mapping`.
  public static func loadColumnMapping(path: String, fields: [String]) throws(DiagnosticList) -> [ColumnMappingEntry] {
    let absolute = Paths.resolve(path, against: FileManager.default.currentDirectoryPath)
    let source = YAMLSource(path: absolute, displayPath: Paths.display(absolute), environment: [:])
    let root = try source.load(area: "mapping")
    var checker = SpecChecker(source: source)
    let value = checker.check(root, as: .columnMapping(fields: fields), key: "mapping", area: "mapping")
    guard checker.diagnostics.isEmpty, let entries = value?.columns else { throw DiagnosticList(checker.diagnostics) }
    return entries
  }

  static func check(_ root: Node, source: YAMLSource, specs: [StageSpec]) throws(DiagnosticList) -> PipelineDefinition {
    var checker = SpecChecker(source: source)
    let area = "pipeline"
    let baseDirectory = (source.path as NSString).deletingLastPathComponent
    guard case .mapping(let mapping) = root else {
      throw DiagnosticList([
        .error(
          "a pipeline file must be a mapping with version, warehouse, settings and stages", at: source.location(of: root),
          stage: area)
      ])
    }
    let values = checker.check(
      mapping, at: source.location(of: root), specs: topKeys, area: area, ignoring: ["settings", "stages"])
    let warehouse = values["warehouse"]?.string.map { Paths.resolve($0, against: baseDirectory) }

    var settings: Settings?
    var settingsYAML = ""
    var settingsFile: String?
    switch mapping["settings"] {
    case nil:
      checker.diagnostics.append(
        .error(
          "missing required key 'settings': a settings file path or an inline mapping", at: source.location(of: root), stage: area
        ))
    case .scalar(let scalar)?:
      let location = source.location(scalar.mark)
      switch source.expand(scalar.string, at: location, area: area) {
      case .failure(let diagnostic): checker.diagnostics.append(diagnostic)
      case .success(let relative):
        let settingsPath = Paths.resolve(relative, against: baseDirectory)
        settingsFile = settingsPath
        let settingsSource = YAMLSource(
          path: settingsPath, displayPath: Paths.display(settingsPath), environment: source.environment)
        do {
          let node = try settingsSource.load(area: "settings")
          settingsYAML = (try? String(contentsOfFile: settingsPath, encoding: .utf8)) ?? ""
          var settingsChecker = SpecChecker(source: settingsSource)
          settings = SettingsLoader.load(node, source: settingsSource, checker: &settingsChecker)
          checker.diagnostics += settingsChecker.diagnostics.map { withNote($0, "settings named here", at: location) }
        } catch {
          checker.diagnostics += error.diagnostics.map { withNote($0, "settings named here", at: location) }
        }
      }
    case let node?:
      settings = SettingsLoader.load(node, source: source, checker: &checker)
      settingsYAML = (try? Yams.serialize(node: node)) ?? ""
    }

    let stages = checkStages(
      mapping["stages"], root: root, source: source, specs: specs, baseDirectory: baseDirectory, checker: &checker)
    guard checker.diagnostics.isEmpty, let warehouse, let settings else {
      throw DiagnosticList(sortedByPosition(checker.diagnostics))
    }
    var definition = PipelineDefinition(
      path: source.path, displayPath: source.displayPath, baseDirectory: baseDirectory, warehousePath: warehouse,
      settings: settings, stages: stages)
    definition.settingsYAML = settingsYAML
    definition.settingsPath = settingsFile
    return definition
  }

  /// File order, then line and column; problems without a position keep their place at the end.
  static func sortedByPosition(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { a, b in
      let x = a.element.location, y = b.element.location
      switch (x, y) {
      case let (x?, y?):
        if x.file != y.file { return a.offset < b.offset }
        if x.line != y.line { return x.line < y.line }
        if (x.column ?? 0) != (y.column ?? 0) { return (x.column ?? 0) < (y.column ?? 0) }
        return a.offset < b.offset
      case (nil, nil): return a.offset < b.offset
      case (nil, _): return false
      case (_, nil): return true
      }
    }.map(\.element)
  }

  private static func withNote(_ diagnostic: Diagnostic, _ text: String, at location: SourceLocation) -> Diagnostic {
    var copy = diagnostic
    copy.notes.append(.note(text, at: location))
    return copy
  }

  private static func checkStages(
    _ node: Node?, root: Node, source: YAMLSource, specs: [StageSpec], baseDirectory: String, checker: inout SpecChecker
  ) -> [StageConfig] {
    let area = "pipeline"
    guard let node else {
      checker.diagnostics.append(
        .error("missing required key 'stages': the list of stages to run", at: source.location(of: root), stage: area))
      return []
    }
    guard case .sequence(let sequence) = node, !sequence.isEmpty else {
      checker.diagnostics.append(
        .error(
          "'stages' expects a non-empty list of stages, got \(node.shapeDescription)", at: source.location(of: node), stage: area)
      )
      return []
    }
    var stages: [StageConfig] = []
    var ids: [String: SourceLocation] = [:]
    let kinds = specs.map(\.kind)
    for item in sequence {
      let location = source.location(of: item)
      guard case .mapping(let mapping) = item else {
        checker.diagnostics.append(
          .error("each stage must be a mapping with a 'kind', got \(item.shapeDescription)", at: location, stage: area))
        continue
      }
      guard let kindNode = mapping["kind"], let kind = kindNode.string else {
        checker.diagnostics.append(
          .error("stage has no 'kind'; expected one of: \(kinds.joined(separator: ", "))", at: location, stage: area))
        continue
      }
      guard let spec = specs.first(where: { $0.kind == kind }) else {
        checker.diagnostics.append(
          .error(
            "unknown stage kind '\(kind.echoed)'\(DidYouMean.phrase(for: kind, in: kinds))", at: source.location(of: kindNode),
            stage: area))
        continue
      }
      var values = checker.check(mapping, at: location, specs: StageSpec.commonKeys + spec.keys, area: kind)
      values["kind"] = nil
      let id = values.removeValue(forKey: "id")?.string ?? kind
      if let previous = ids[id] {
        checker.diagnostics.append(
          .error(
            "duplicate stage id '\(id.echoed)' (first at line \(previous.line)); give each stage a unique 'id'", at: location,
            stage: kind))
      }
      ids[id] = location
      stages.append(StageConfig(kind: kind, id: id, location: location, baseDirectory: baseDirectory, values: values))
    }
    return stages
  }
}
