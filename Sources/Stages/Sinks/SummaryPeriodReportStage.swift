import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.summary-period`: summary for the period, as tables with their charts.
struct SummaryPeriodReportStage: ReportStage {
  static let descriptor = descriptor(
    "summary-period",
    summary: "Write the summary for the period (deals, contacts, tasks, invoices and calls of the period) as XLSX.")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let workload = options.workload(context, report: report)
      let converter = try options.converter(context)
      let ((deals, money), data) = try SummaryData.alongside(
        context, period: report.period.interval, viewer: options.viewer, calls: true
      ) {
        let all = try context.warehouse.deals(
          anyOf: [.created, .actualClose, .expectedClose], in: report.period.interval, status: nil,
          managers: options.managers, viewer: options.viewer, listed: false)
        let deals = all.filter { workload.touches($0) }
        let money = try options.computing { () throws(ReportError) in
          try ReportMoney.convert(deals, converter: converter, rateDate: options.rateDate(context))
        }
        return (deals, money)
      }
      let lists = context.settings.lists
      let tables = workload.summaryPeriod(
        deals: deals, converted: money.values, currency: context.settings.baseCurrency, contacts: data.contacts,
        contactTypes: lists.contactTypes, tasks: data.tasks, taskCategories: lists.taskCategories,
        invoices: data.invoices, calls: data.calls)
      return try options.write(
        Workbook.workload("Summary for the period", tables, context: report, derivedRates: money.derived), report: report,
        context: context,
        count: deals.count, what: "deal")
    }
  }
}
