import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.workload-tasks`: tasks by managers, as manager tables with their charts.
struct WorkloadTasksReportStage: ReportStage {
  static let descriptor = descriptor(
    "workload-tasks", summary: "Write tasks by managers (closed, new and overdue tasks by category) as XLSX.")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let workload = options.workload(context, report: report)
      let tables = workload.tasks(
        try context.warehouse.reportTasks(viewer: options.viewer, touching: report.period.interval),
        categories: context.settings.lists.taskCategories)
      return try options.write(
        Workbook.workload("Tasks by managers", tables, context: report), report: report, context: context,
        count: tables.map(\.rows.count).max() ?? 0, what: "task for any manager", counted: "managers")
    }
  }
}
