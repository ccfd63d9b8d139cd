import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.sales-funnel`: the funnel of deals created in the period, as an XLSX workbook.
struct SalesFunnelReportStage: ReportStage {
  static let descriptor = descriptor(
    "sales-funnel",
    summary: "Write the sales funnel (deals created in the period, by stage and status, cumulative funnel) as XLSX.",
    period: "current-quarter")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let deals = try context.warehouse.deals(
        .created, in: report.period.interval, status: nil, managers: options.managers, viewer: options.viewer)
      let stages = try context.warehouse.dealStages().map(\.stage)
      let converter = try options.converter(context)
      let funnel = try options.computing { () throws(ReportError) in
        try SalesFunnel.compute(
          deals: deals, stages: stages, converter: converter, rateDate: options.rateDate(context),
          timeZone: context.settings.timeZone)
      }
      return try options.write(
        funnel.workbook(report), report: report, context: context, count: deals.count, what: "deal was created")
    }
  }
}
