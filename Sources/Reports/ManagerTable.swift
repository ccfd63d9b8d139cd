import Foundation
import PipelineModel
import XLSXBridge

/// A workload table: one row per manager, a column per category, and a Total row of `SUM`
/// formulas (which also carry their values).
public struct ManagerTable: Sendable, Equatable {
  public enum Kind: Sendable { case count, money, duration }

  public var title: String
  public var columns: [String]
  public var rows: [(manager: String, values: [Decimal])]
  public var kind: Kind
  /// A last column with each row's sum, as a formula.
  public var rowTotals: Bool

  public init(title: String, columns: [String], rows: [(manager: String, values: [Decimal])], kind: Kind, rowTotals: Bool = false)
  {
    (self.title, self.columns, self.rows, self.kind, self.rowTotals) = (title, columns, rows, kind, rowTotals)
  }

  public static func == (a: Self, b: Self) -> Bool {
    a.title == b.title && a.columns == b.columns && a.rows.map(\.manager) == b.rows.map(\.manager)
      && a.rows.map(\.values) == b.rows.map(\.values) && a.rowTotals == b.rowTotals
  }

  /// The value of `manager` in `column`, or nil.
  public func value(_ manager: String, _ column: String) -> Decimal? {
    guard let index = columns.firstIndex(of: column) else { return nil }
    return rows.first { $0.manager == manager }?.values[index]
  }

  public var columnTotals: [Decimal] { columns.indices.map { index in rows.reduce(0) { $0 + $1.values[index] } } }

  /// Writes the table with its title on `row - 1` and its header on `row`, from column B; a
  /// bar chart of it to the right. Returns the first free row after it.
  func render(_ sheet: inout Sheet, at row: Int, manager: String, chartColumn: Int? = nil) -> Int {
    let (style, total): (CellStyle, CellStyle) =
      switch kind {
      case .count: (.integer, .total)
      case .money: (.money, .totalMoney)
      case .duration: (.duration, .totalDuration)
      }
    sheet.text(row - 1, 2, title, .label)
    sheet.text(row, 2, manager, .header)
    let headings = columns + (rowTotals ? ["Total"] : [])
    for (offset, heading) in headings.enumerated() { sheet.text(row, 3 + offset, heading, .header) }
    for (offset, line) in rows.enumerated() {
      let r = row + 1 + offset
      sheet.text(r, 2, line.manager)
      for (index, value) in line.values.enumerated() { sheet.number(r, 3 + index, value, style) }
      if rowTotals {
        let last = Sheet.reference(r, 2 + columns.count)
        sheet.formula(r, 3 + columns.count, "=SUM(C\(r):\(last))", line.values.reduce(0, +), style)
      }
    }
    let totalRow = row + 1 + rows.count
    sheet.text(totalRow, 2, "Total", .label)
    let sums = columnTotals + (rowTotals ? [columnTotals.reduce(0, +)] : [])
    for (index, value) in sums.enumerated() {
      let column = Sheet.reference(1, 3 + index).dropLast()
      sheet.formula(totalRow, 3 + index, "=SUM(\(column)\(row + 1):\(column)\(max(totalRow - 1, row + 1)))", value, total)
    }
    if let chartColumn, !rows.isEmpty, !columns.isEmpty {
      let categories = XLSXRange(firstRow: row + 1, firstColumn: 2, lastRow: totalRow - 1, lastColumn: 2)
      sheet.charts.append(
        Chart(
          kind: .barStacked, title: title,
          series: columns.indices.map { index in
            XLSXSeries(
              name: columns[index], categories: categories,
              values: XLSXRange(firstRow: row + 1, firstColumn: 3 + index, lastRow: totalRow - 1, lastColumn: 3 + index))
          }, row: row - 1, column: chartColumn, legend: true))
    }
    return totalRow + 3
  }
}

extension Workbook {
  /// A one-sheet workbook of workload tables, one below the other, each with its chart.
  public static func workload(_ title: String, _ tables: [ManagerTable], context: ReportContext, manager: String = "Manager")
    -> Workbook
  {
    var sheet = Sheet(name: title)
    context.header(&sheet, title: title)
    var row = 7
    let chartColumn = 3 + (tables.map { $0.columns.count + ($0.rowTotals ? 1 : 0) }.max() ?? 1) + 1
    for table in tables { row = max(table.render(&sheet, at: row, manager: manager, chartColumn: chartColumn), row + 18) }
    sheet.minimumWidths = [1: 3, 2: 18]
    return Workbook(title: title, sheets: [sheet])
  }
}
