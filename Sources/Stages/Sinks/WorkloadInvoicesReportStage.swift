import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.workload-invoices`: invoices by managers, as manager tables with their charts.
struct WorkloadInvoicesReportStage: ReportStage {
  static let descriptor = descriptor(
    "workload-invoices", summary: "Write invoices by managers (billed, paid, rejected and overdue) as XLSX.")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let workload = options.workload(context, report: report)
      let tables = workload.invoices(try context.warehouse.reportInvoices(viewer: options.viewer))
      return try options.write(
        Workbook.workload("Invoices by managers", tables, context: report), report: report, context: context,
        count: tables.map(\.rows.count).max() ?? 0, what: "invoice for any manager", counted: "managers")
    }
  }
}
