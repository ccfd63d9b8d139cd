import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.workload-contacts`: contacts by managers, as manager tables with their charts.
struct WorkloadContactsReportStage: ReportStage {
  static let descriptor = descriptor(
    "workload-contacts", summary: "Write contacts by managers (new contacts by type, with and without opportunities) as XLSX.")

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    try options.forEachAudience(context) { options in
      let report = options.reportContext(context)
      let workload = options.workload(context, report: report)
      let tables = workload.contacts(
        try context.warehouse.reportContacts(viewer: options.viewer, createdIn: report.period.interval),
        types: context.settings.lists.contactTypes)
      return try options.write(
        Workbook.workload("Contacts by managers", tables, context: report), report: report, context: context,
        count: tables.map(\.rows.count).max() ?? 0, what: "contact for any manager", counted: "managers")
    }
  }
}
