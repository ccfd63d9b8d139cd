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
      let deals = try context.warehouse.deals(
        .created, in: report.period.interval, status: .open, managers: options.managers, viewer: options.viewer,
        contactNames: false)
      let converter = try options.converter(context)
      let money = try options.computing { () throws(ReportError) in
        try ReportMoney.convert(deals, converter: converter, rateDate: options.rateDate(context))
      }
      let lists = context.settings.lists
      let tables = workload.summaryNow(
        deals: deals, converted: money.values, currency: context.settings.baseCurrency,
        stages: try context.warehouse.dealStages().map(\.stage),
        contacts: try context.warehouse.reportContacts(viewer: options.viewer, createdIn: report.period.interval),
        contactTypes: lists.contactTypes, temperatures: lists.temperatureLevels.map(\.name),
        tasks: try context.warehouse.reportTasks(viewer: options.viewer, touching: report.period.interval),
        taskCategories: lists.taskCategories,
        invoices: try context.warehouse.reportInvoices(viewer: options.viewer))
      return try options.write(
        Workbook.workload("Summary for the moment", tables, context: report, derivedRates: money.derived), report: report,
        context: context,
        count: deals.count, what: "deal")
    }
  }
}
