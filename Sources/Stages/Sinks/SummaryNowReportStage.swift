import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.summary-now`: summary for the moment, as tables with their charts.
struct SummaryNowReportStage: ReportStage {
  static let descriptor = descriptor(
    "summary-now",
    summary:
      "Write the summary for the moment (open deals, stages, contacts, open tasks and invoices of the items created in the period) as XLSX."
  )

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let workload = options.workload(context, report: report)
      let converter = try options.converter(context)
      let ((deals, money), data) = try SummaryData.alongside(
        context, period: report.period.interval, viewer: options.viewer, calls: false
      ) {
        let deals = try context.warehouse.deals(
          .created, in: report.period.interval, status: .open, managers: options.managers, viewer: options.viewer,
          listed: false)
        let money = try options.computing { () throws(ReportError) in
          try ReportMoney.convert(deals, converter: converter, rateDate: options.rateDate(context))
        }
        return (deals, money)
      }
      let lists = context.settings.lists
      let tables = workload.summaryNow(
        deals: deals, converted: money.values, currency: context.settings.baseCurrency,
        stages: try context.warehouse.dealStages().map(\.stage), contacts: data.contacts,
        contactTypes: lists.contactTypes, temperatures: lists.temperatureLevels.map(\.name), tasks: data.tasks,
        taskCategories: lists.taskCategories, invoices: data.invoices, timeZone: context.settings.timeZone)
      return try options.write(
        Workbook.workload("Summary for the moment", tables, context: report, derivedRates: money.derived), report: report,
        context: context,
        count: deals.count, what: "deal")
    }
  }
}
