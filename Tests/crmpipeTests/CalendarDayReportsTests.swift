import Foundation
import PipelineTestSupport
import Reports
import Testing

/// Every report kind, for every period, on days when there is nothing to show: a nightly job
/// must never fail on a calendar day (issue 23, items 1 and 2).
@Suite(.serialized) struct CalendarDayReportsTests {
  static let kinds = [
    "sales-funnel", "sales-forecast", "sales-by-managers", "workload-contacts", "workload-tasks", "workload-deals",
    "workload-invoices", "workload-calls", "summary-period", "summary-now",
  ]
  static let periods = [
    "today", "yesterday", "tomorrow", "current-week", "previous-week", "next-week", "current-month", "previous-month",
    "next-month", "current-quarter", "previous-quarter", "next-quarter", "current-year", "previous-year", "next-year",
    "during-all-time",
  ]

  /// The cells a formula refers to on its own sheet, as (first row, first column, last row, last column).
  static func sameSheetRanges(_ formula: String) -> [(Int, Int, Int, Int)] {
    let pattern = #/('[^']*'!|[A-Za-z_][A-Za-z0-9_]*!)?\$?([A-Z]{1,3})\$?([0-9]+)(?::\$?([A-Z]{1,3})\$?([0-9]+))?/#
    func column(_ letters: Substring) -> Int { letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } }
    return formula.matches(of: pattern).compactMap { match in
      guard match.output.1 == nil, let row = Int(match.output.3) else { return nil }
      let first = (row, column(match.output.2))
      guard let lastLetters = match.output.4, let lastRow = match.output.5.flatMap({ Int($0) }) else {
        return (first.0, first.1, first.0, first.1)
      }
      return (first.0, first.1, lastRow, column(lastLetters))
    }
  }

  /// Formulas of `document` that refer to their own cell (a circular reference).
  static func circularCells(_ document: XLSXDocument) -> [String] {
    document.sheets.flatMap { sheet in
      sheet.cells.compactMap { cell -> String? in
        guard let formula = cell.formula else { return nil }
        let circular = sameSheetRanges(formula).contains { range in
          (range.0...range.2).contains(cell.row) && (range.1...range.3).contains(cell.column)
        }
        return circular ? "\(sheet.name)!\(cell.ref) =\(formula)" : nil
      }
    }
  }

  @Test func theFormulaCheckFindsASumOverItself() {
    #expect(Self.sameSheetRanges("SUM(C8:C8)").count == 1)
    #expect(Self.sameSheetRanges("SUM('Deals'!Q7:Q9)").isEmpty)
    #expect(Self.sameSheetRanges("IF($C$6>0,C9/$C$6,0)").count == 3)
  }

  /// Writes every kind for every period from `warehouse`, as of `day`; returns the documents.
  func everyReport(_ warehouse: String, asOf day: String, into out: String) throws -> [String: XLSXDocument] {
    var documents: [String: XLSXDocument] = [:]
    for kind in Self.kinds {
      for period in Self.periods {
        let path = "\(out)/\(kind)-\(period).xlsx"
        let result = try Binary.run([
          "report", kind, "--warehouse", warehouse, "--period", period, "--as-of", day, "--out", path, "--quiet",
        ])
        #expect(result.status == 0, "\(kind) \(period): \(result.stderr)")
        if result.status == 0 { documents["\(kind) \(period)"] = try XLSXDocument(path: path) }
      }
    }
    return documents
  }

  @Test func everyReportOfAWarehouseWithoutDealsOrContactsIsWrittenWithoutCircularTotals() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-empty-reports")
    let setup = try Binary.run(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--only", "rates", "--quiet"],
      environment: ["CRMPIPE_OUT": out])
    #expect(setup.status == 0, "\(setup.stderr)")
    let documents = try everyReport("\(out)/warehouse.sqlite", asOf: "2026-11-28", into: out)
    #expect(documents.count == Self.kinds.count * Self.periods.count)
    for (name, document) in documents {
      #expect(Self.circularCells(document).isEmpty, "\(name): \(Self.circularCells(document))")
      // No row anywhere: each table and each detail sheet says there is nothing.
      for sheet in document.sheets where !name.hasPrefix("sales-funnel") {
        #expect(sheet.cells.contains { $0.value == .string(Sheet.nothingLine) }, "\(name), sheet \(sheet.name)")
      }
    }
    // In French too, and each manager's own workbook.
    let french = try Binary.run([
      "report", "workload-deals", "--warehouse", "\(out)/warehouse.sqlite", "--as-of", "2026-11-28", "--language", "fr",
      "--out", "\(out)/fr.xlsx", "--quiet",
    ])
    #expect(french.status == 0, "\(french.stderr)")
    #expect(
      try XLSXDocument(path: "\(out)/fr.xlsx").sheets.first?.cells.contains { $0.value == .string("Rien sur cette période.") }
        == true)
    let sales = try #require(documents["sales-by-managers current-month"]?.sheet(named: "Sales by managers"))
    let total = try #require((1...40).first { sales.text("B\($0)") == "Total" })
    #expect(sales.decimal("C\(total)") == 0)
    #expect(documents["sales-by-managers current-month"]?.chartCount == 0)
  }

  @Test func theFirstDayOfAMonthWithNoDealWonWritesEveryReport() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-first-day")
    let run = try Binary.run(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-12-01", "--quiet"], environment: ["CRMPIPE_OUT": out])
    #expect(run.status == 1, "\(run.stderr)")  // done, with the sample data's rejected rows
    let sales = try XLSXDocument(path: "\(out)/reports/sales-by-managers-current-month.xlsx")
    #expect(sales.sheet(named: "Won deals")?.cells.contains { $0.value == .string(Sheet.nothingLine) } == true)
    let documents = try everyReport("\(out)/warehouse.sqlite", asOf: "2026-12-01", into: out)
    for (name, document) in documents {
      #expect(Self.circularCells(document).isEmpty, "\(name): \(Self.circularCells(document))")
    }
  }

  /// The nightly pipeline on the sample data, run each day from 2026-01-01 to 2027-01-31 on one
  /// warehouse as a scheduled job would (the first run imports, later ones find nothing new and
  /// write the reports): every day succeeds and publishes every report.
  @Test func theNightlyPipelineSucceedsOnEveryDayOfTheYear() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-every-day")
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    var day = try #require(calendar.date(from: DateComponents(year: 2026, month: 1, day: 1)))
    let last = try #require(calendar.date(from: DateComponents(year: 2027, month: 1, day: 31)))
    var failures: [String] = []
    var days = 0
    while day <= last {
      let parts = calendar.dateComponents([.year, .month, .day], from: day)
      let text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
      let run = try Binary.run(
        ["run", "Pipelines/nightly.yml", "--as-of", text, "--quiet"], environment: ["CRMPIPE_OUT": out])
      // 1 on the first day: the sample data's rejected rows; later runs import nothing.
      if run.status > 1 || (days > 0 && run.status != 0) { failures.append("\(text): exit \(run.status) \(run.stderr)") }
      days += 1
      day = calendar.date(byAdding: .day, value: 1, to: day) ?? last.addingTimeInterval(1)
    }
    #expect(days == 396)
    #expect(failures.isEmpty, "\(failures.count) days failed, first: \(failures.prefix(3))")
    let reports = try FileManager.default.contentsOfDirectory(atPath: "\(out)/reports").filter { $0.hasSuffix(".xlsx") }
    #expect(reports.count == 11)
  }
}
