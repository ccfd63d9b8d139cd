import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.sales-forecast`: open deals expected to close in the period, by day or month.
struct SalesForecastReportStage: ReportStage {
  static let descriptor = descriptor(
    "sales-forecast",
    summary: "Write the sales forecast (open deals expected to close in the period, weighted and if all won) as XLSX.",
    period: "next-quarter")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let deals = try context.warehouse.deals(
        .expectedClose, in: report.period.interval, status: .open, managers: options.managers, viewer: options.viewer)
      let converter = try options.converter(context)
      let forecast = try options.computing { () throws(ReportError) in
        try SalesForecast.compute(
          deals: deals, period: report.period.interval, converter: converter, rateDate: options.rateDate(context),
          timeZone: context.settings.timeZone)
      }
      return try options.write(forecast.workbook(report), report: report, context: context, count: deals.count, what: "open deal")
    }
  }
}
