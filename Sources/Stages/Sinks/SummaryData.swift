import Foundation
import Warehouse

/// What the two summaries count besides deals: contacts, tasks, invoices and, for the
/// period summary, calls.
struct SummaryData: Sendable {
  var contacts: [ReportContact]
  var tasks: [ReportTask]
  var invoices: [ReportInvoice]
  var calls: [ReportCall]

  /// Runs `deals` (the deal query and conversion) on the run's connection while a second,
  /// read-only connection reads the rest: the machine has two cores and these are
  /// independent reads of committed data.
  static func alongside<T>(
    _ context: RunContext, period: DateInterval?, viewer: String?, calls: Bool, _ deals: () throws -> T
  ) throws -> (T, SummaryData) {
    let (path, mapped) = (context.warehouse.path, context.warehouse.isMapped)
    return try Parallel.both(deals) {
      let reader = try Warehouse.reader(path, mapped: mapped)
      return SummaryData(
        contacts: try reader.reportContacts(viewer: viewer, createdIn: period),
        tasks: try reader.reportTasks(viewer: viewer, touching: period),
        invoices: try reader.reportInvoices(viewer: viewer),
        calls: calls ? try reader.reportCalls(touching: period) : [])
    }
  }
}
