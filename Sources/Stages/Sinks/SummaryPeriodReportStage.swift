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
      let all = try context.warehouse.deals(
        anyOf: [.created, .actualClose, .expectedClose], in: report.period.interval, status: nil,
        managers: options.managers, viewer: options.viewer, contactNames: false)
      let deals = all.filter { workload.touches($0) }
      let converter = try options.converter(context)
      let money = try options.computing { () throws(ReportError) in
        try ReportMoney.convert(deals, converter: converter, rateDate: options.rateDate(context))
      }
      let lists = context.settings.lists
      let tables = workload.summaryPeriod(
        deals: deals, converted: money.values, currency: context.settings.baseCurrency,
        contacts: try context.warehouse.reportContacts(viewer: options.viewer, createdIn: report.period.interval),
        contactTypes: lists.contactTypes,
        tasks: try context.warehouse.reportTasks(viewer: options.viewer, touching: report.period.interval),
        taskCategories: lists.taskCategories,
        invoices: try context.warehouse.reportInvoices(viewer: options.viewer),
        calls: try context.warehouse.reportCalls(touching: report.period.interval))
      return try options.write(
        Workbook.workload("Summary for the period", tables, context: report, derivedRates: money.derived), report: report,
        context: context,
        count: deals.count, what: "deal")
    }
  }
}
