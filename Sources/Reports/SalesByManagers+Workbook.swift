import Foundation
import PipelineModel
import Warehouse
import XLSXBridge

extension SalesByManagers {
  /// Sales per manager over time and in total, with a stacked chart and a bar chart, and the
  /// won deals behind them.
  public func workbook(_ context: ReportContext) -> Workbook {
    var sheet = Sheet(name: "Sales by managers")
    context.header(&sheet, title: "Sales by managers")
    let currency = baseCurrency
    let unit = size == .hour ? "hour" : size == .day ? "day" : "month"
    let header = 7
    sheet.text(header - 1, 2, "Sales by the \(unit), by the managers, \(currency)", .label)
    sheet.text(header, 2, "Manager", .header)
    for (offset, label) in labels.enumerated() { sheet.text(header, 3 + offset, label, .header) }
    for (offset, row) in rows.enumerated() {
      let r = header + 1 + offset
      sheet.text(r, 2, row.manager)
      for (index, value) in row.values.enumerated() { sheet.number(r, 3 + index, value, .money) }
    }
    let totalRow = header + 1 + rows.count
    let firstRow = header + 1
    sheet.text(totalRow, 2, "Total", .label)
    for (index, value) in columnTotals.enumerated() {
      sheet.columnSum(totalRow, 3 + index, rows: firstRow, totalRow - 1, value, .totalMoney)
    }
    if rows.isEmpty { sheet.text(totalRow + 1, 2, Sheet.nothingLine, .subtitle) }

    // Table 2: each manager's total for the period, from table 1.
    let second = totalRow + 4
    sheet.text(second - 1, 2, "Total sales for the period by managers, \(currency)", .label)
    sheet.text(second, 2, "Manager", .header)
    sheet.text(second, 3, "Sum, \(currency)", .header)
    for (offset, row) in rows.enumerated() {
      let r = second + 1 + offset
      let source = firstRow + offset
      sheet.text(r, 2, row.manager)
      sheet.sum(r, 3, over: source, 3, to: source, 2 + labels.count, row.total, .money)
    }
    let secondTotal = second + 1 + rows.count
    sheet.text(secondTotal, 2, "Total", .label)
    sheet.columnSum(secondTotal, 3, rows: second + 1, secondTotal - 1, total, .totalMoney)

    // A chart needs a series, and a series a row: an empty period has the tables alone.
    guard !rows.isEmpty else {
      sheet.freeze = (header + 1, 3)
      sheet.minimumWidths = [1: 3]
      return Workbook(title: "Sales by managers", sheets: [sheet, detailSheet(context)])
    }
    let categories = XLSXRange(firstRow: header, firstColumn: 3, lastRow: header, lastColumn: 2 + max(labels.count, 1))
    sheet.charts = [
      Chart(
        kind: .columnStacked, title: "Sales by the \(unit), \(currency)",
        series: rows.indices.map { offset in
          XLSXSeries(
            name: rows[offset].manager, categories: categories,
            values: XLSXRange(
              firstRow: firstRow + offset, firstColumn: 3, lastRow: firstRow + offset, lastColumn: 2 + max(labels.count, 1)))
        }, row: secondTotal + 3, column: 2, legend: true),
      Chart(
        kind: .bar, title: "Total sales by managers, \(currency)",
        series: [
          XLSXSeries(
            name: "Sum",
            categories: XLSXRange(firstRow: second + 1, firstColumn: 2, lastRow: max(secondTotal - 1, second + 1), lastColumn: 2),
            values: XLSXRange(firstRow: second + 1, firstColumn: 3, lastRow: max(secondTotal - 1, second + 1), lastColumn: 3))
        ], row: secondTotal + 3, column: 10),
    ]
    sheet.freeze = (header + 1, 3)
    sheet.minimumWidths = [1: 3]
    return Workbook(title: "Sales by managers", sheets: [sheet, detailSheet(context)])
  }

  /// The won deals behind the figures.
  func detailSheet(_ context: ReportContext) -> Sheet {
    let headings = [
      "Deal", "Title", "Contact", "Responsible", "Actual close", size == .hour ? "Hour" : size == .day ? "Day" : "Month", "Bid",
      "Currency", "Value, \(baseCurrency)",
    ]
    let zone = context.settings.timeZone
    var sheet = Sheet.detail(
      "Won deals", context: context, headings: headings, items: deals, derivedRates: derivedRates
    ) { sheet, r, deal in
      sheet.text(r, 1, deal.externalID ?? "#\(deal.id)")
      sheet.text(r, 2, deal.title)
      sheet.text(r, 3, deal.contactName ?? "")
      sheet.text(r, 4, deal.responsibleName)
      if let closed = deal.actualClose {
        sheet.number(r, 5, context.excelDay(closed), .date)
        let day = DateText.localDayText(closed, zone)
        let hour = DateText.gregorian(zone).component(.hour, from: closed)
        sheet.text(r, 6, size == .hour ? String(format: "%02d:00", hour) : size == .day ? day : String(day.prefix(7)))
      }
      sheet.number(r, 7, deal.value, .amount)
      sheet.text(r, 8, deal.bid.currency)
      sheet.number(r, 9, converted[deal.id] ?? 0, .money)
    }
    sheet.minimumWidths = [5: 11]
    return sheet
  }
}
