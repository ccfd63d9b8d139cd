import ArgumentParser
import Foundation
import PipelineConfig
import PipelineModel
import Stages
import Warehouse

/// A one-off migration without a pipeline file: the same stage, rules, rejects and summary.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import contact, deal, web-form or call files into a warehouse without writing a pipeline file.",
    discussion: """
      Builds a one-stage pipeline (import.contacts, import.deals, import.webform, import.calls or import.rates) for the files and \
      runs it. \
      The mapping file holds `field: Column header` lines, as under a stage's `mapping:` key.
      """)

  @Argument(help: "What the files hold: contacts, deals, webform, calls or rates.")
  var kind: String

  @Argument(help: "The CSV files, imported in the order given.")
  var files: [String]

  @Option(help: "The warehouse file, created if missing.")
  var warehouse: String

  @Option(help: "A preset: auto, onlyoffice, google, google-legacy, outlook, outlook-fr, hubspot (contacts only).")
  var preset: String?

  @Option(help: "A YAML file of `field: Column header` lines.")
  var mapping: String?

  @Option(help: "A settings file (users, time zone, deal stages); required for deals.")
  var settings: String?

  @Option(help: "Region for phone numbers without a country code, e.g. FR.")
  var region: String?

  @Option(name: .customLong("as-of"), help: "The day taken as today (YYYY-MM-DD).")
  var asOf: String?

  @OptionGroup var logging: LogOptions

  func run() throws {
    let stageKind: String
    let fields: [String]
    switch kind {
    case "contacts": (stageKind, fields) = ("import.contacts", StageRegistry.fields(of: "import.contacts"))
    case "deals": (stageKind, fields) = ("import.deals", StageRegistry.fields(of: "import.deals"))
    case "webform": (stageKind, fields) = ("import.webform", StageRegistry.fields(of: "import.webform"))
    case "calls": (stageKind, fields) = ("import.calls", [])
    case "rates": (stageKind, fields) = ("import.rates", [])
    default:
      Console.error("import knows contacts, deals, webform, calls and rates, got '\(kind)'")
      throw Exit.invalidConfiguration
    }
    if kind == "deals" && settings == nil {
      Console.error("importing deals needs --settings (deal stages, users, base currency)")
      throw Exit.invalidConfiguration
    }
    var entries: [ColumnMappingEntry] = []
    if mapping != nil && fields.isEmpty {
      Console.error("importing \(kind) takes no --mapping: its fields are read by their own names")
      throw Exit.invalidConfiguration
    }
    if let mapping {
      do {
        entries = try PipelineLoader.loadColumnMapping(path: mapping, fields: fields)
      } catch {
        Console.diagnostics(error.diagnostics)
        throw Exit.invalidConfiguration
      }
    } else if preset == nil && kind == "deals" {
      Console.error("give --mapping for deals")
      throw Exit.invalidConfiguration
    }
    let cwd = FileManager.default.currentDirectoryPath
    let absolute = { (path: String) in Paths.resolve(path, against: cwd) }
    let log = RunLog(logging)
    let lock = try holdWarehouse(absolute(warehouse), log: log)
    var yaml = "version: 1\nwarehouse: \(Self.quoted(absolute(warehouse)))\n"
    yaml += try settings.map { "settings: \(Self.quoted(absolute($0)))\n" } ?? warehouseSettings()
    yaml += "stages:\n"
    for (index, file) in files.enumerated() {
      yaml +=
        "  - kind: \(stageKind)\n    id: \(Self.quoted("\(kind)-\(index + 1)"))\n    input: \(Self.quoted(absolute(file)))\n"
      if kind == "contacts", let chosen = preset ?? (mapping == nil ? "auto" : nil) {
        yaml += "    preset: \(Self.quoted(chosen))\n"
      }
      if let region, kind != "deals", kind != "rates" { yaml += "    default_region: \(Self.quoted(region))\n" }
      if !entries.isEmpty {
        let pairs = entries.map { "\(Self.quoted($0.field)): [\($0.headers.map(Self.quoted).joined(separator: ", "))]" }
        yaml += "    mapping: {\(pairs.joined(separator: ", "))}\n"
      }
    }
    var definition: PipelineDefinition
    do {
      definition = try PipelineLoader.load(text: yaml, path: "crmpipe-import.yml", specs: StageRegistry.specs)
      definition.displayPath = "crmpipe import \(kind)"
      definition.settingsFromWarehouse = settings == nil
      // Problems with a mapped column point into the mapping file, not at the generated stage.
      if let first = entries.first {
        for index in definition.stages.indices {
          definition.stages[index].values["mapping"] = ConfigValue(.columns(entries), at: first.location)
        }
      }
      _ = try PipelineRunner.build(definition)
    } catch {
      Console.diagnostics(error.diagnostics)
      throw Exit.invalidConfiguration
    }
    try runGenerated(definition, asOf: asOf, file: "crmpipe-import.yml", lock: lock, log: log)
  }

  /// The `settings:` key without a settings file: the settings the warehouse's latest run kept,
  /// else (a new warehouse) the defaults with the warehouse's users. The run changes none.
  func warehouseSettings() throws -> String {
    var users: [User] = []
    if FileManager.default.fileExists(atPath: warehouse) {
      let store = try Warehouse(path: warehouse)
      if let stored = try storedSettings(store) { return stored }
      users = try store.users()
    }
    let list = users.map { "{id: \(Self.quoted($0.id)), name: \(Self.quoted($0.name))}" }.joined(separator: ", ")
    return "settings: {base_currency: EUR, users: [\(list)]}\n"
  }

  /// A YAML double-quoted scalar.
  static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
