import Foundation
import PipelineModel
import Warehouse

/// The two summaries of sections 1.13 and 1.14 of the reference, as tables of the same
/// shape as the workload ones (the first column a status, stage, type or category).
extension Workload {
  private func labelled(
    _ title: String, first: String, columns: [String], _ kind: ManagerTable.Kind, _ rows: [(String, [Decimal])],
    total: Bool = true
  ) -> ManagerTable {
    var table = ManagerTable(title: title, columns: columns, rows: rows.map { (manager: $0.0, values: $0.1) }, kind: kind)
    table.firstColumn = first
    table.totalRow = total
    return table
  }

  /// Counts per name in `names` order, then the other names, then "Not specified" for nil.
  private func perName(_ values: [(name: String?, count: Int)], order: [String]) -> [(String, [Decimal])] {
    let present = Set(values.compactMap(\.name))
    let names = order.filter(present.contains) + present.subtracting(order).sorted()
    func total(_ name: String?) -> Decimal { Decimal(values.filter { $0.name == name }.reduce(0) { $0 + $1.count }) }
    var rows = names.map { name in (name, [total(name)]) }
    if values.contains(where: { $0.name == nil }) { rows.append(("Not specified", [total(nil)])) }
    return rows
  }

  /// Summary for the period: deals created, won, lost and overdue (by budget and number);
  /// contacts by type; tasks by category; invoices by status; calls in and out.
  public func summaryPeriod(
    deals: [ReportDeal], converted: [Int64: Decimal], currency: String, contacts: [ReportContact], contactTypes: [String],
    tasks: [ReportTask], taskCategories: [String], invoices: [ReportInvoice], calls: [ReportCall]
  ) -> [ManagerTable] {
    let kept = deals.filter { keeps($0.responsibleID) }
    let groups: [(String, [ReportDeal])] = [
      ("Created", kept.filter { inPeriod($0.createdAt) }),
      ("Won", kept.filter { $0.status == .won && inPeriod($0.actualClose) }),
      ("Lost", kept.filter { $0.status == .lost && inPeriod($0.actualClose) }),
      ("Overdue", kept.filter { isOverdue($0) }),
    ]
    let budget = groups.map { ($0.0, [$0.1.reduce(Decimal(0)) { $0 + (converted[$1.id] ?? 0) }]) }
    let number = groups.map { ($0.0, [Decimal($0.1.count)]) }

    let newContacts = contacts.filter { managers.isEmpty || $0.responsibles.contains(where: managers.contains) }
    let newTasks = tasks.filter { keeps($0.responsibleID) && inPeriod($0.createdAt) }
    let categories =
      taskCategories.filter { name in newTasks.contains { $0.category == name } }
      + Set(newTasks.map(\.category)).subtracting(taskCategories).sorted()
    let taskRows = categories.map { category -> (String, [Decimal]) in
      let inCategory = newTasks.filter { $0.category == category }
      let closed = inCategory.filter { inPeriod($0.closedAt) }.count
      let overdue = inCategory.filter { task in task.closedAt.map { $0 > task.deadline } ?? (task.deadline < asOf) }.count
      return (category, [Decimal(closed), Decimal(overdue), Decimal(inCategory.count)])
    }
    let newInvoices = invoices.filter { keeps($0.responsibleID) && inPeriod($0.createdAt) }
    let invoiceRows: [(String, [Decimal])] = [
      ("Billed", [Decimal(newInvoices.filter { $0.status != .draft }.count)]),
      ("Paid", [Decimal(newInvoices.filter { $0.status == .paid }.count)]),
      ("Rejected", [Decimal(newInvoices.filter { $0.status == .rejected }.count)]),
      ("Overdue", [Decimal(newInvoices.filter(isOverdue).count)]),
    ]
    let periodCalls = calls.filter { keeps($0.agentID) && inPeriod($0.startedAt) }
    let incoming = periodCalls.filter { !$0.isOutgoing }
    let outgoing = periodCalls.filter(\.isOutgoing)
    func seconds(_ calls: [ReportCall]) -> Decimal { Decimal(calls.reduce(0) { $0 + $1.durationSeconds }) / 86_400 }
    var callTable = labelled(
      "Calls", first: "", columns: ["Count", "Duration"], .count,
      [("Incoming", [Decimal(incoming.count), seconds(incoming)]), ("Outgoing", [Decimal(outgoing.count), seconds(outgoing)])]
    )
    callTable.columnKinds = [.count, .duration]
    callTable.rowNotes = ["Incoming": "of which \(incoming.filter(\.isMissed).count) are unanswered"]
    return [
      labelled("Deals by budget, \(currency)", first: "Deals", columns: ["Budget, \(currency)"], .money, budget, total: false),
      labelled("Deals by number", first: "Deals", columns: ["Number"], .count, number, total: false),
      labelled(
        "Contacts", first: "Type", columns: ["Number"], .count,
        perName(newContacts.map { ($0.contactType, $0.count) }, order: contactTypes)),
      labelled("Tasks", first: "Category", columns: ["Closed", "Overdue", "Created"], .count, taskRows),
      labelled("Invoices", first: "Status", columns: ["Number"], .count, invoiceRows, total: false),
      callTable,
    ]
  }

  /// Summary for the moment: of the items created in the period, the deals open, overdue and
  /// closing within 30 days, the open stages, contacts by type and temperature, open and
  /// overdue tasks by category, invoices sent and overdue.
  public func summaryNow(
    deals: [ReportDeal], converted: [Int64: Decimal], currency: String, stages: [DealStage], contacts: [ReportContact],
    contactTypes: [String], temperatures: [String], tasks: [ReportTask], taskCategories: [String],
    invoices: [ReportInvoice], timeZone: TimeZone
  ) -> [ManagerTable] {
    let open = deals.filter { keeps($0.responsibleID) && inPeriod($0.createdAt) && $0.status == .open }
    // From now to the end of the 30th day after today, both included (the reference counts a
    // deal expected on the 30th day): 30 local days, whatever daylight saving does.
    let calendar = DateText.gregorian(timeZone)
    let soon =
      calendar.date(byAdding: .day, value: 31, to: calendar.startOfDay(for: asOf)) ?? asOf.addingTimeInterval(31 * 86_400)
    let groups: [(String, [ReportDeal])] = [
      ("Opened", open),
      ("Overdue", open.filter { ($0.expectedClose ?? .distantFuture) < asOf }),
      ("Will close in the next 30 days", open.filter { $0.expectedClose.map { asOf <= $0 && $0 < soon } ?? false }),
    ]
    func row(_ label: String, _ deals: [ReportDeal]) -> (String, [Decimal]) {
      (label, [deals.reduce(Decimal(0)) { $0 + (converted[$1.id] ?? 0) }, Decimal(deals.count)])
    }
    var status = labelled(
      "Deals", first: "Status", columns: ["Budget, \(currency)", "Number"], .money, groups.map(row), total: false)
    status.columnKinds = [.money, .count]
    var byStage = labelled(
      "Open deals by stage", first: "Stage", columns: ["Budget, \(currency)", "Number"], .money,
      stages.filter { $0.status == .open }.sorted { $0.position < $1.position }.map { stage in
        row(stage.name, open.filter { $0.stageName == stage.name })
      })
    byStage.columnKinds = [.money, .count]

    let newContacts = contacts.filter { managers.isEmpty || $0.responsibles.contains(where: managers.contains) }
    let openTasks = tasks.filter { keeps($0.responsibleID) && inPeriod($0.createdAt) && $0.closedAt == nil }
    let categories =
      taskCategories.filter { name in openTasks.contains { $0.category == name } }
      + Set(openTasks.map(\.category)).subtracting(taskCategories).sorted()
    let sent = invoices.filter { keeps($0.responsibleID) && inPeriod($0.createdAt) && $0.status == .sent }
    return [
      status, byStage,
      labelled(
        "Contacts by type", first: "Type", columns: ["Number"], .count,
        perName(newContacts.map { ($0.contactType, $0.count) }, order: contactTypes)),
      labelled(
        "Contacts by temperature", first: "Temperature level", columns: ["Number"], .count,
        perName(newContacts.map { ($0.temperature, $0.count) }, order: temperatures)),
      labelled(
        "Tasks", first: "Category", columns: ["Open", "Overdue"], .count,
        categories.map { category in
          let inCategory = openTasks.filter { $0.category == category }
          return (category, [Decimal(inCategory.count), Decimal(inCategory.filter { $0.deadline < asOf }.count)])
        }),
      labelled(
        "Invoices", first: "Status", columns: ["Number"], .count,
        [("Billed", [Decimal(sent.count)]), ("Overdue", [Decimal(sent.filter { ($0.dueDate ?? .distantFuture) < asOf }.count)])],
        total: false),
    ]
  }

  /// Whether the period summary looks at a deal: of a kept manager, and created, closed or
  /// expected to close in the period.
  public func touches(_ deal: ReportDeal) -> Bool {
    keeps(deal.responsibleID)
      && (inPeriod(deal.createdAt) || (deal.status != .open && inPeriod(deal.actualClose)) || isOverdue(deal))
  }

  /// Expected to close in the period and still open after it, or won after it.
  private func isOverdue(_ deal: ReportDeal) -> Bool {
    guard let expected = deal.expectedClose, inPeriod(expected) else { return false }
    return (deal.status == .open && expected < asOf) || (deal.status == .won && (deal.actualClose ?? .distantPast) > expected)
  }

  /// Sent and past its due date, or paid after it.
  private func isOverdue(_ invoice: ReportInvoice) -> Bool {
    guard let due = invoice.dueDate else { return false }
    return (invoice.status == .sent && due < asOf) || (invoice.status == .paid && invoice.statusChangedAt > due)
  }
}
