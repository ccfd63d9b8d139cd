import Foundation
import PipelineModel
import XLSXBridge

/// A report table: one row per manager (or per stage, status, type... in the summaries), a
/// column per category, and a Total row of `SUM` formulas (which also carry their values).
public struct ManagerTable: Sendable, Equatable {
  public enum Kind: Sendable { case count, money, duration }

  public var title: String
  public var columns: [String]
  public var rows: [(manager: String, values: [Decimal])]
  public var kind: Kind
  /// A last column with each row's sum, as a formula.
  public var rowTotals: Bool
  /// The heading of the first column: "Manager", or "Stage", "Status"... in the summaries.
  public var firstColumn = "Manager"
  /// Per column, when the columns are not all of `kind` (a count next to a duration).
  public var columnKinds: [Kind]?
  /// Text written after a row's last value ("of which 2 are unanswered"), by row label.
  public var rowNotes: [String: String] = [:]
  /// Whether a Total row is written (not for rows that overlap, such as "overdue" among "opened").
  public var totalRow = true

  public init(
    title: String, columns: [String], rows: [(manager: String, values: [Decimal])], kind: Kind, rowTotals: Bool = false
  ) {
    (self.title, self.columns, self.rows, self.kind, self.rowTotals) = (title, columns, rows, kind, rowTotals)
  }

  public static func == (a: Self, b: Self) -> Bool {
    a.title == b.title && a.columns == b.columns && a.rows.map(\.manager) == b.rows.map(\.manager)
      && a.rows.map(\.values) == b.rows.map(\.values) && a.rowTotals == b.rowTotals && a.firstColumn == b.firstColumn
      && a.rowNotes == b.rowNotes && a.totalRow == b.totalRow
  }

  /// The value of `manager` in `column`, or nil.
  public func value(_ manager: String, _ column: String) -> Decimal? {
    guard let index = columns.firstIndex(of: column) else { return nil }
    return rows.first { $0.manager == manager }?.values[index]
  }

  public var columnTotals: [Decimal] { columns.indices.map { index in rows.reduce(0) { $0 + $1.values[index] } } }

  private static func styles(_ kind: Kind) -> (cell: CellStyle, total: CellStyle) {
    switch kind {
    case .count: (.integer, .total)
    case .money: (.money, .totalMoney)
    case .duration: (.duration, .totalDuration)
    }
  }

  /// Writes the table with its title on `row - 1` and its header on `row`, from column B; a
  /// stacked bar chart of it at `chartColumn`. Returns the first free row after it.
  func render(_ sheet: inout Sheet, at row: Int, chartColumn: Int? = nil) -> Int {
    let kinds = columnKinds ?? [Kind](repeating: kind, count: columns.count)
    let styles = (kinds + (rowTotals ? [kind] : [])).map(Self.styles)
    sheet.text(row - 1, 2, title, .label)
    sheet.text(row, 2, firstColumn, .header)
    let headings = columns + (rowTotals ? ["Total"] : [])
    for (offset, heading) in headings.enumerated() { sheet.text(row, 3 + offset, heading, .header) }
    for (offset, line) in rows.enumerated() {
      let r = row + 1 + offset
      sheet.text(r, 2, line.manager)
      for (index, value) in line.values.enumerated() { sheet.number(r, 3 + index, value, styles[index].cell) }
      if rowTotals {
        sheet.sum(
          r, 3 + columns.count, over: r, 3, to: r, 2 + columns.count, line.values.reduce(0, +), styles[columns.count].cell)
      }
      if let note = rowNotes[line.manager] { sheet.text(r, 3 + headings.count, note) }
    }
    let lastRow = row + rows.count
    if totalRow {
      sheet.text(lastRow + 1, 2, "Total", .label)
      let sums = columnTotals + (rowTotals ? [columnTotals.reduce(0, +)] : [])
      for (index, value) in sums.enumerated() {
        sheet.columnSum(lastRow + 1, 3 + index, rows: row + 1, lastRow, value, styles[index].total)
      }
    }
    if rows.isEmpty { sheet.text(lastRow + (totalRow ? 2 : 1), 2, Sheet.nothingLine, .subtitle) }
    if let chartColumn, !rows.isEmpty, !columns.isEmpty {
      let categories = XLSXRange(firstRow: row + 1, firstColumn: 2, lastRow: lastRow, lastColumn: 2)
      sheet.charts.append(
        Chart(
          kind: .barStacked, title: title,
          series: columns.indices.map { index in
            XLSXSeries(
              name: columns[index], categories: categories,
              values: XLSXRange(firstRow: row + 1, firstColumn: 3 + index, lastRow: lastRow, lastColumn: 3 + index))
          }, row: row - 1, column: chartColumn, legend: true))
    }
    return lastRow + 4
  }
}

extension Workbook {
  /// A one-sheet workbook of tables, one below the other, each with its chart.
  /// `derivedRates`: how the exchange rates that were not given directly were found.
  public static func workload(
    _ title: String, _ tables: [ManagerTable], context: ReportContext, derivedRates: [String] = []
  ) -> Workbook {
    var sheet = Sheet(name: title)
    context.header(&sheet, title: title)
    var row = 7
    let chartColumn =
      3 + (tables.map { $0.columns.count + ($0.rowTotals ? 1 : 0) + ($0.rowNotes.isEmpty ? 0 : 1) }.max() ?? 1) + 1
    for table in tables { row = max(table.render(&sheet, at: row, chartColumn: chartColumn), row + 18) }
    sheet.derivedRatesNote(derivedRates, below: row - 2)
    sheet.minimumWidths = [1: 3, 2: 18]
    return Workbook(title: title, sheets: [sheet])
  }
}
