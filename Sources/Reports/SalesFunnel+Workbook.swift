import Foundation
import PipelineModel
import Warehouse
import XLSXBridge

extension SalesFunnel {
  /// Two sheets: the funnel, and the deals it counts so every figure can be checked by hand.
  public func workbook(_ context: ReportContext) -> Workbook {
    var sheet = Sheet(name: "Sales funnel")
    context.header(&sheet, title: "Sales funnel")
    let currency = baseCurrency
    let dealRows = deals.count
    let detail = "Deals"

    // Summary block.
    sheet.text(6, 2, "Total number of opportunities", .label)
    sheet.sum(6, 3, over: 13, 4, to: 12 + stages.count, 4, Decimal(totalCount), .integer)
    sheet.text(7, 2, "Total budget, \(currency)", .label)
    sheet.sum(7, 3, over: 13, 5, to: 12 + stages.count, 5, totalBudget, .money)
    sheet.text(8, 2, "Average budget, \(currency)", .label)
    let scale = Currency.minorUnits(currency) ?? 2
    sheet.formula(8, 3, "=IF(C6>0,ROUND(C7/C6,\(scale)),0)", averageBudget, .money)
    sheet.text(9, 2, "Average days to win", .label)
    let firstDeal = Sheet.detailHeader + 1
    let daysRange = "'\(detail)'!Q\(firstDeal):Q\(Sheet.detailHeader + max(dealRows, 1))"
    sheet.formula(
      9, 3, "=IF(COUNT(\(daysRange))>0,ROUND(AVERAGE(\(daysRange)),1),0)", averageDaysToWin ?? 0, .days)

    // Deals by stage: the raw counts everything else is computed from.
    let stageHeader = 12
    sheet.text(11, 2, "Opportunities by stage", .label)
    for (column, title) in ["Stage", "Status", "Number", "Budget, \(currency)"].enumerated() {
      sheet.text(stageHeader, column + 2, title, .header)
    }
    for (offset, row) in stages.enumerated() {
      let r = stageHeader + 1 + offset
      sheet.text(r, 2, row.stage.name)
      sheet.text(r, 3, row.stage.status.label)
      sheet.number(r, 4, Decimal(row.count), .integer)
      sheet.number(r, 5, row.budget, .money)
    }
    let lastStage = stageHeader + stages.count
    let stageRange = { (column: String) in "\(column)\(stageHeader + 1):\(column)\(lastStage)" }

    // By status, by number and by budget.
    let statusHeader = lastStage + 3
    sheet.text(statusHeader - 1, 2, "Opportunities by status", .label)
    for (column, title) in ["Status", "Number", "%", "Budget, \(currency)", "%"].enumerated() {
      sheet.text(statusHeader, column + 2, title, .header)
    }
    for (offset, status) in StageStatus.allCases.enumerated() {
      let r = statusHeader + 1 + offset
      let label = status.label
      sheet.text(r, 2, label)
      let number = Decimal(count(status))
      let money = budget(status)
      sheet.formula(r, 3, "=SUMIF(\(stageRange("C")),B\(r),\(stageRange("D")))", number, .integer)
      sheet.formula(r, 4, "=IF($C$6>0,C\(r)/$C$6,0)", totalCount > 0 ? number / Decimal(totalCount) : 0, .percent)
      sheet.formula(r, 5, "=SUMIF(\(stageRange("C")),B\(r),\(stageRange("E")))", money, .money)
      sheet.formula(r, 6, "=IF($C$7>0,E\(r)/$C$7,0)", totalBudget > 0 ? money / totalBudget : 0, .percent)
    }
    let lostRow = statusHeader + 1 + (StageStatus.allCases.firstIndex(of: .lost) ?? 2)

    // The two cumulative funnels, side by side.
    let funnelHeader = statusHeader + 6
    var charts: [Chart] = []
    for (index, byBudget) in [false, true].enumerated() {
      let column = index == 0 ? 2 : 7
      let rows = funnel(byBudget: byBudget)
      let title = byBudget ? "Funnel by budget, \(currency)" : "Funnel by number"
      sheet.text(funnelHeader - 1, column, title, .label)
      for (offset, heading) in ["Stage", byBudget ? "Budget, \(currency)" : "Number", "Conversion"].enumerated() {
        sheet.text(funnelHeader, column + offset, heading, .header)
      }
      let valueColumn = Sheet.reference(1, column + 1).dropLast()
      let sourceColumn = byBudget ? "E" : "D"
      let totalCell = byBudget ? "$C$7" : "$C$6"
      let lostCell = "\(byBudget ? "E" : "C")\(lostRow)"
      for (offset, row) in rows.enumerated() {
        let r = funnelHeader + 1 + offset
        sheet.text(r, column, row.stage.name)
        let style: CellStyle = byBudget ? .money : .integer
        if offset == 0 {
          sheet.formula(r, column + 1, "=\(totalCell)-\(lostCell)", row.reached, style)
          sheet.formula(r, column + 2, "=1", 1, .percent)
        } else {
          let previousStage = stageHeader + 1 + (stages.firstIndex { $0.stage == rows[offset - 1].stage } ?? 0)
          sheet.formula(r, column + 1, "=\(valueColumn)\(r - 1)-\(sourceColumn)\(previousStage)", row.reached, style)
          sheet.formula(
            r, column + 2, "=IF(\(valueColumn)\(r - 1)>0,\(valueColumn)\(r)/\(valueColumn)\(r - 1),0)", row.conversion,
            .percent)
        }
      }
      let last = funnelHeader + rows.count
      charts.append(
        Chart(
          kind: .bar, title: title,
          series: [
            XLSXSeries(
              name: title,
              categories: XLSXRange(firstRow: funnelHeader + 1, firstColumn: column, lastRow: last, lastColumn: column),
              values: XLSXRange(firstRow: funnelHeader + 1, firstColumn: column + 1, lastRow: last, lastColumn: column + 1))
          ], row: last + 3, column: column, reverseCategories: true))
    }
    sheet.charts = charts
    sheet.minimumWidths = [1: 3]
    return Workbook(title: "Sales funnel", sheets: [sheet, detailSheet(context, name: detail)])
  }

  /// Every deal the funnel counts, with its value and days to win.
  func detailSheet(_ context: ReportContext, name: String) -> Sheet {
    let headings = [
      "Deal", "Title", "Contact", "Responsible", "Stage", "Status", "Created", "Actual close", "Bid", "Currency",
      "Bid type", "Periods", "Value", "Rate to \(baseCurrency)", "Rate date", "Value, \(baseCurrency)", "Days to win",
    ]
    var sheet = Sheet.detail(
      name, context: context, headings: headings, items: deals, derivedRates: derivedRates
    ) { sheet, r, deal in
      sheet.text(r, 1, deal.externalID ?? "#\(deal.id)")
      sheet.text(r, 2, deal.title)
      sheet.text(r, 3, deal.contactName ?? "")
      sheet.text(r, 4, deal.responsibleName)
      sheet.text(r, 5, deal.stageName)
      sheet.text(r, 6, deal.status.label)
      sheet.number(r, 7, context.excelDay(deal.createdAt), .date)
      if let closed = deal.actualClose { sheet.number(r, 8, context.excelDay(closed), .date) }
      sheet.number(r, 9, deal.bid.decimal, .amount)
      sheet.text(r, 10, deal.bid.currency)
      sheet.text(r, 11, deal.bidType.rawValue)
      sheet.number(r, 12, Decimal(deal.periodCount), .integer)
      let periods = deal.bidType == .fixed ? "1" : "MAX(L\(r),1)"
      sheet.formula(r, 13, "=I\(r)*\(periods)", deal.value, .amount)
      if let conversion = converted[deal.id] {
        sheet.number(r, 14, conversion.rate, .rate)
        sheet.text(r, 15, conversion.date)
        // Value × rate, rounded once with the settings' rule (half-even by default, which
        // Excel's ROUND is not): the value is written, the two cells before it explain it.
        sheet.number(r, 16, conversion.value, .money)
      }
      if let days = daysToWin[deal.id] { sheet.number(r, 17, Decimal(days), .integer) }
    }
    sheet.minimumWidths = [7: 11, 8: 11]
    return sheet
  }
}

extension StageStatus {
  /// English label of the reference CRM.
  public var label: String {
    switch self {
    case .open: return "Open"
    case .won: return "Successfully closed"
    case .lost: return "Unsuccessfully closed"
    }
  }
}
