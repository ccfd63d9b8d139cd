import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.sales-by-managers`: deals won in the period, per manager, over time and in total.
struct SalesByManagersReportStage: ReportStage {
  static let descriptor = descriptor(
    "sales-by-managers", summary: "Write sales by managers (won deals per manager by hour, day or month, and in total) as XLSX.")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let deals = try context.warehouse.deals(
        .actualClose, in: report.period.interval, status: .won, managers: options.managers, viewer: options.viewer)
      let converter = try options.converter(context)
      let sales = try options.computing { () throws(ReportError) in
        try SalesByManagers.compute(
          deals: deals, period: report.period.interval, converter: converter, rateDate: options.rateDate(context),
          timeZone: context.settings.timeZone)
      }
      return try options.write(sales.workbook(report), report: report, context: context, count: deals.count, what: "won deal")
    }
  }
}
