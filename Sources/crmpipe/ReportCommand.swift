import ArgumentParser
import Foundation
import PipelineConfig
import PipelineModel
import Stages
import Warehouse

/// One report from a warehouse, for analysts: no import, the settings of the warehouse's
/// latest run (or a settings file), any period.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write one report from a warehouse without importing anything.",
    discussion: """
      KIND is a report stage without its `report.` prefix: sales-funnel, sales-forecast, sales-by-managers, \
      workload-contacts, workload-tasks, workload-deals, workload-invoices, workload-calls, summary-period, summary-now. \
      The settings are those the warehouse's latest pipeline run used, unless --settings is given.
      """)

  @Argument(help: "The report: sales-funnel, sales-forecast, sales-by-managers, workload-..., summary-period, summary-now.")
  var kind: String

  @Option(help: "The warehouse file.")
  var warehouse: String

  @Option(help: "A named period: today, current-week, previous-month, current-quarter, during-all-time...")
  var period: String?

  @Option(help: "First day of an explicit period (YYYY-MM-DD), with --to.")
  var from: String?

  @Option(help: "Last day of an explicit period, included.")
  var to: String?

  @Option(name: .customLong("as-of"), help: "The day taken as today (YYYY-MM-DD).")
  var asOf: String?

  @OptionGroup var logging: LogOptions

  @Option(parsing: .upToNextOption, help: "User ids to include (all when absent).")
  var managers: [String] = []

  @Option(name: .customLong("rate-date"), help: "as-of (default) or close-date: which day's exchange rate converts a deal.")
  var rateDate: String?

  @Option(help: "Labels in en (default) or fr.")
  var language: String?

  @Option(help: "A settings file instead of the warehouse's.")
  var settings: String?

  @Option(help: "The XLSX file to write (default: <report>-<period>.xlsx here).")
  var out: String?

  func run() throws {
    let stageKind = "report.\(kind)"
    guard StageRegistry.descriptor(for: stageKind) != nil else {
      let reports = StageRegistry.specs.map(\.kind).filter { $0.hasPrefix("report.") }.map { $0.dropFirst(7) }
      Console.error("unknown report '\(kind)'; expected one of: \(reports.joined(separator: ", "))")
      throw Exit.invalidConfiguration
    }
    let cwd = FileManager.default.currentDirectoryPath
    let absolute = { (path: String) in Paths.resolve(path, against: cwd) }
    try requireWarehouse(absolute(warehouse))
    let log = RunLog(logging)
    let lock = try holdWarehouse(absolute(warehouse), log: log)
    // Read and closed before the run: no connection outlives the lock.
    let stored = try storedSettings(Warehouse(path: absolute(warehouse)))
    var yaml = "version: 1\nwarehouse: \(ImportCommand.quoted(absolute(warehouse)))\n"
    if let settings {
      yaml += "settings: \(ImportCommand.quoted(absolute(settings)))\n"
    } else if let stored {
      yaml += stored
    } else {
      Console.error("\(warehouse) has no settings yet (no pipeline has run on it); give --settings")
      throw Exit.invalidConfiguration
    }
    var stage = "  - kind: \(stageKind)\n    id: report\n"
    if let period { stage += "    period: \(ImportCommand.quoted(period))\n" }
    if let from { stage += "    from: \(ImportCommand.quoted(from))\n" }
    if let to { stage += "    to: \(ImportCommand.quoted(to))\n" }
    if !managers.isEmpty { stage += "    managers: [\(managers.map(ImportCommand.quoted).joined(separator: ", "))]\n" }
    if let rateDate { stage += "    rate_date: \(ImportCommand.quoted(rateDate))\n" }
    if let language { stage += "    language: \(ImportCommand.quoted(language))\n" }
    stage += "    output: \(ImportCommand.quoted(absolute(out ?? "{report}-{period}.xlsx")))\n"
    let definition: PipelineDefinition
    do {
      var loaded = try PipelineLoader.load(
        text: yaml + "stages:\n" + stage, path: "crmpipe-report.yml", specs: StageRegistry.specs)
      loaded.displayPath = "crmpipe report \(kind)"
      loaded.settingsFromWarehouse = settings == nil
      definition = loaded
      _ = try PipelineRunner.build(definition)
    } catch {
      Console.diagnostics(withoutPlaces(in: "crmpipe-report.yml", error.diagnostics))
      throw Exit.invalidConfiguration
    }
    try runGenerated(definition, asOf: asOf, file: "crmpipe-report.yml", lock: lock, log: log)
  }
}
