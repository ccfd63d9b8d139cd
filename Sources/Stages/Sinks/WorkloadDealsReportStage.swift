import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.workload-deals`: opportunities by managers, as manager tables with their charts.
struct WorkloadDealsReportStage: ReportStage {
  static let descriptor = descriptor(
    "workload-deals",
    summary:
      "Write opportunities by managers (deals created or closed in the period, new, won and lost, by number and budget) as XLSX.")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let workload = options.workload(context, report: report)
      let deals = workload.dealsInPeriod(
        try context.warehouse.deals(
          anyOf: [.created, .actualClose], in: report.period.interval, status: nil, managers: options.managers,
          viewer: options.viewer, listed: false))
      let converter = try options.converter(context)
      let money = try options.computing { () throws(ReportError) in
        try ReportMoney.convert(deals, converter: converter, rateDate: options.rateDate(context))
      }
      let tables = workload.deals(deals, converted: money.values, currency: context.settings.baseCurrency)
      return try options.write(
        Workbook.workload("Opportunities by managers", tables, context: report, derivedRates: money.derived), report: report,
        context: context,
        count: tables.map(\.rows.count).max() ?? 0, what: "deal for any manager", counted: "managers")
    }
  }
}
