import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.workload-calls`: voip by managers, as manager tables with their charts.
struct WorkloadCallsReportStage: ReportStage {
  static let descriptor = descriptor(
    "workload-calls", summary: "Write calls by managers (outgoing and incoming, counted and timed) as XLSX.")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let workload = options.workload(context, report: report)
      let tables = workload.calls(try context.warehouse.reportCalls(touching: report.period.interval))
      return try options.write(
        Workbook.workload("VoIP by managers", tables, context: report), report: report, context: context,
        count: tables.map(\.rows.count).max() ?? 0, what: "call for any manager", counted: "managers")
    }
  }
}
