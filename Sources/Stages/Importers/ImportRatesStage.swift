import CSVBridge
import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.rates`: exchange rates from `from,to,rate[,date]` files or the European Central
/// Bank's reference-rate files (daily `eurofxref.csv` and historical `eurofxref-hist.csv`).
///
/// A rate is stored by pair and day: a file that gives the same pair and day again updates
/// it. Reports use these rates and the settings' `exchange_rates`.
struct ImportRatesStage: Stage {
  static let keys: [KeySpec] =
    [
      KeySpec(
        "input", .glob, .required, doc: "Rate files, relative to the pipeline file.", example: "../SampleData/rates/*.csv"),
      KeySpec(
        "format", .choice(RateFile.Format.allCases.map(\.rawValue)), .defaultValue("auto"),
        doc:
          "`csv` (columns from, to, rate and an optional date), `ecb` (Date, then one column a currency), or `auto` by the header."
      ),
    ] + FileImport.errorKeys

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.rates",
      summary: "Import exchange rates: from,to,rate[,date] files or the ECB's reference-rate files, daily or historical.",
      keys: keys,
      example: """
        - kind: import.rates
          input: ../SampleData/rates/*.csv
        """),
    build: { config, _ in ImportRatesStage(config: config) })

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    let files = FileImport(config: config)
    let format = RateFile.Format(rawValue: config.string("format") ?? "auto") ?? .auto
    return try files.run(context) { path, landing, notes in
      let (display, fileID) = (landing.display, landing.fileID)
      var layout: RateFile.Layout?
      do {
        try CSVReader(path: path, dialect: try CSVDialect.detect(path: path)).forEachRecord { record in
          guard let known = layout else {
            guard let found = RateFile.layout(record.fields, format: format) else {
              throw files.stageError(
                "expected a header 'from,to,rate[,date]' or the ECB's 'Date, USD, JPY, ...', got '\(record.fields.prefix(6).joined(separator: ","))'; the file was not imported",
                at: SourceLocation(file: display, line: record.line))
            }
            if case .ecb(_, let ignored) = found, !ignored.isEmpty {
              notes.append(
                Diagnostic(
                  .note, at: SourceLocation(file: display, line: record.line), stage: config.kind,
                  "columns of currencies no longer in ISO 4217 skipped: \(ignored.joined(separator: ", "))"))
            }
            layout = found
            return
          }
          guard record.fields.contains(where: { !$0.trimmedSpaces.isEmpty }) else { return }
          try landing.land(line: record.line, raw: CSVWriter.record(record.fields)) {
            var first: (id: Int64, action: Warehouse.SourceAction)?
            for rate in try RateFile.rates(record.fields, layout: known) {
              let result = try context.warehouse.upsertRate(rate, fileID: fileID, line: record.line)
              if first == nil || (first?.action != .inserted && result.action != .unchanged) { first = result }
            }
            guard let first else { throw RowError(field: "", reason: "no rate on this line (every cell is N/A or empty)") }
            return RowResult(outcomes: [RowOutcome(entity: "rate", id: first.id, action: first.action)])
          }
        }
      } catch let error as CSVError {
        throw files.unreadable(error, display: display)
      }
      if layout == nil {
        throw files.stageError("the file is empty: expected a header row", at: SourceLocation(file: display, line: 1))
      }
    }
  }
}
