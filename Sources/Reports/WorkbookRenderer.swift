import Foundation
import PipelineModel
import XLSXBridge

/// Writes a `Workbook` to XLSX. The file appears only when complete: it is written beside
/// its final path and renamed into place.
public enum WorkbookRenderer {
  public static func write(_ workbook: Workbook, to path: String, created: Date, currency: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
    defer { try? FileManager.default.removeItem(atPath: temporary) }
    let file = try XLSXWorkbook(path: temporary, created: created, title: workbook.title)
    // Made once in the workbook: a cell then gives its style's format without a lookup by spec.
    let formats = Dictionary(
      uniqueKeysWithValues: try CellStyle.allCases.map { ($0, try file.format(for: format($0, currency: currency))) })
    for sheet in workbook.sheets {
      let worksheet = try file.addWorksheet(named: sheet.name)
      worksheet.hideGridlines()
      worksheet.fitToPageWidth()
      // Panes, filter and charts first, then the cells in row order: in constant-memory mode
      // nothing may refer to a row already written out. Column widths are not rows: they are
      // measured as the cells are written (detail rows are made once) and set after them.
      if let freeze = sheet.freeze { try worksheet.freezePanes(row: freeze.row, column: freeze.column) }
      if let range = sheet.autofilter { try worksheet.autofilter(range) }
      for chart in sheet.charts {
        try worksheet.insertChart(
          chart.kind, title: chart.title, series: chart.series, row: chart.row, column: chart.column,
          legend: chart.legend, reverseCategories: chart.reverseCategories)
      }
      var widths = sheet.minimumWidths
      try sheet.forEachCell { cell in
        Sheet.widen(&widths, toFit: cell)
        let format = formats[cell.style] ?? XLSXFormat.none
        switch cell.content {
        case .text(let text): try worksheet.write(text, row: cell.row, column: cell.column, format: format)
        case .number(let value): try worksheet.write(double(value), row: cell.row, column: cell.column, format: format)
        case .formula(let formula, let value):
          try worksheet.write(formula: formula, value: double(value), row: cell.row, column: cell.column, format: format)
        }
      }
      for (column, width) in widths.sorted(by: { $0.key < $1.key }) { try worksheet.setColumnWidth(column, width) }
    }
    do {
      try file.close()
    } catch let error as XLSXError where error.systemReason != nil {
      throw WorkbookFileError(folder: folder, reason: error.systemReason ?? "", library: error.message)
    }
    if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
    try FileManager.default.moveItem(atPath: temporary, toPath: path)
  }

  /// XLSX stores every number as a binary double; amounts are exact up to here.
  static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }

  static func format(_ style: CellStyle, currency: String) -> XLSXFormatSpec? {
    let decimals = Currency.minorUnits(currency) ?? 2
    let money = (decimals > 0 ? "#,##0." + String(repeating: "0", count: decimals) : "#,##0") + " \"\(currency)\""
    switch style {
    case .title: return XLSXFormatSpec(bold: true, fontSize: 18)
    case .subtitle: return XLSXFormatSpec(fontColor: 0x595959)
    case .label: return XLSXFormatSpec(bold: true, fontColor: 0x404040)
    case .header: return XLSXFormatSpec(bold: true, backgroundColor: 0xDDEBF7, bottomBorder: true)
    case .text: return nil
    case .integer: return XLSXFormatSpec(numberFormat: "#,##0")
    case .money: return XLSXFormatSpec(numberFormat: money)
    case .percent: return XLSXFormatSpec(numberFormat: "0.0%")
    case .days: return XLSXFormatSpec(numberFormat: "0.0")
    case .date: return XLSXFormatSpec(numberFormat: "yyyy-mm-dd")
    case .total: return XLSXFormatSpec(numberFormat: "#,##0", bold: true)
    case .totalMoney: return XLSXFormatSpec(numberFormat: money, bold: true)
    case .amount: return XLSXFormatSpec(numberFormat: "#,##0.00###")
    case .rate: return XLSXFormatSpec(numberFormat: "0.000000##########")
    case .duration: return XLSXFormatSpec(numberFormat: "[h]:mm:ss")
    case .totalDuration: return XLSXFormatSpec(numberFormat: "[h]:mm:ss", bold: true)
    }
  }
}
