import Foundation
import PipelineModel
import Warehouse
import XLSXBridge

extension SalesForecast {
  /// The forecast by day or month with a line chart, and the open deals behind it.
  public func workbook(_ context: ReportContext) -> Workbook {
    var sheet = Sheet(name: "Sales forecast")
    context.header(&sheet, title: "Sales forecast")
    let currency = baseCurrency
    let header = 7
    sheet.text(header - 1, 2, "Sales forecast, \(currency)", .label)
    let headings = [
      size == .month ? "Month" : "Day", "With respect to probability, \(currency)", "If all opportunities won, \(currency)",
    ]
    for (offset, heading) in headings.enumerated() { sheet.text(header, 2 + offset, heading, .header) }
    for (offset, row) in rows.enumerated() {
      let r = header + 1 + offset
      sheet.text(r, 2, row.label)
      sheet.number(r, 3, row.weighted, .money)
      sheet.number(r, 4, row.allWon, .money)
    }
    let total = header + 1 + rows.count
    let last = max(total - 1, header + 1)
    sheet.text(total, 2, "Total", .label)
    sheet.columnSum(total, 3, rows: header + 1, total - 1, totalWeighted, .totalMoney)
    sheet.columnSum(total, 4, rows: header + 1, total - 1, totalAllWon, .totalMoney)
    if deals.isEmpty { sheet.text(total + 1, 2, Sheet.nothingLine, .subtitle) }
    let categories = XLSXRange(firstRow: header + 1, firstColumn: 2, lastRow: last, lastColumn: 2)
    sheet.charts =
      rows.isEmpty
      ? []
      : [
        Chart(
          kind: .line, title: "Sales forecast, \(currency)",
          series: [3, 4].map { column in
            XLSXSeries(
              name: headings[column - 2], categories: categories,
              values: XLSXRange(firstRow: header + 1, firstColumn: column, lastRow: last, lastColumn: column))
          }, row: header, column: 6, legend: true)
      ]
    sheet.freeze = (header + 1, 1)
    sheet.minimumWidths = [1: 3]
    return Workbook(title: "Sales forecast", sheets: [sheet, detailSheet(context)])
  }

  /// The open deals the forecast counts: each one's converted value and weighted value.
  func detailSheet(_ context: ReportContext) -> Sheet {
    let headings = [
      "Deal", "Title", "Contact", "Responsible", "Stage", "Expected close", size == .month ? "Month" : "Day", "Bid",
      "Currency", "Probability", "Value, \(baseCurrency)", "Weighted, \(baseCurrency)",
    ]
    let buckets = rows.map(\.label)
    var sheet = Sheet.detail(
      "Open deals", context: context, headings: headings, items: deals, derivedRates: derivedRates
    ) { sheet, r, deal in
      sheet.text(r, 1, deal.externalID ?? "#\(deal.id)")
      sheet.text(r, 2, deal.title)
      sheet.text(r, 3, deal.contactName ?? "")
      sheet.text(r, 4, deal.responsibleName)
      sheet.text(r, 5, deal.stageName)
      if let expected = deal.expectedClose {
        sheet.number(r, 6, context.excelDay(expected), .date)
        let day = DateText.localDayText(expected, context.settings.timeZone)
        sheet.text(r, 7, buckets.first { day.hasPrefix($0) } ?? "")
      }
      sheet.number(r, 8, deal.value, .amount)
      sheet.text(r, 9, deal.bid.currency)
      sheet.number(r, 10, Decimal(deal.probability).hundredth, .percent)
      let value = converted[deal.id] ?? 0
      sheet.number(r, 11, value, .money)
      sheet.formula(r, 12, "=K\(r)*J\(r)", (value * Decimal(deal.probability)).hundredth, .amount)
    }
    sheet.minimumWidths = [6: 11]
    return sheet
  }
}
