import Foundation
import PipelineTestSupport
import Testing

/// Every figure of the contacts, tasks, invoices and calls workload reports, read back from their
/// workbooks and compared with a second computation written here from the generated rows
/// (the deals are ReportCrossCheckTests's, a third of them linked to a generated contact).
@Suite struct WorkloadCrossCheckTests {
  let out = TestFiles.temporaryDirectory()
  typealias Deals = ReportCrossCheckTests

  struct Contact {
    var email: String
    var type: String?
    var responsibles: [String]
    var created: Int
  }

  struct Task {
    var category: String
    var manager: String
    var deadline: Int
    var closed: Int?
    var created: Int
  }

  struct Invoice {
    var status: String
    var manager: String
    var client: Int
    var issued: Int
    var due: Int
    var changed: Int
  }

  struct Call {
    var agent: String
    var outgoing: Bool
    var started: Int
    var seconds: Int
  }

  static let names = Dictionary(uniqueKeysWithValues: Deals.managers.map { ($0.0, $0.1) })
  static let categories = ["Phone call", "Email", "Appointment", "Demo"]

  static let data: (contacts: [Contact], tasks: [Task], calls: [Call], invoices: [Invoice]) = {
    var random = SeededGenerator(state: 1_129)
    let owners: [[String]] = [["ana"], ["bob"], ["cy"], ["ana", "bob"], []]
    let contacts = (0..<200).map { index in
      Contact(
        email: "c\(index)@d\(index).example", type: [nil, "Client", "Supplier", "Partner", "Competitor"][random.next(5)],
        responsibles: owners[random.next(owners.count)], created: 50 + random.next(50))
    }
    let tasks = (0..<150).map { _ -> Task in
      let deadline = 50 + random.next(50)
      let created = deadline - 1 - random.next(20)
      // Closed the day before its deadline, or some days after it, or not at all.
      let closed = [nil, deadline - 1, deadline + 1 + random.next(5)][random.next(3)]
      return Task(
        category: categories[random.next(categories.count)], manager: Deals.managers[random.next(3)].0, deadline: deadline,
        closed: closed, created: created)
    }
    let calls = (0..<300).map { _ in
      Call(
        agent: Deals.managers[random.next(3)].0, outgoing: random.next(2) == 0, started: 50 + random.next(50),
        seconds: random.next(3_600))
    }
    let invoices = (0..<120).map { _ -> Invoice in
      let issued = 40 + random.next(60)
      return Invoice(
        status: ["draft", "sent", "paid", "rejected"][random.next(4)], manager: Deals.managers[random.next(3)].0,
        client: random.next(contacts.count), issued: issued, due: issued + random.next(40), changed: issued + random.next(30))
    }
    return (contacts, tasks, calls, invoices)
  }()

  static var files: [String: String] {
    var contacts = ["First,Last,Email,Type,Responsible,Created"]
    var random = SeededGenerator(state: 7)
    for contact in data.contacts {
      contacts.append(
        [
          random.word(), random.word(), contact.email, contact.type ?? "", contact.responsibles.joined(separator: ";"),
          Deals.day(contact.created),
        ].joined(separator: ","))
    }
    var tasks = ["ID,Title,Category,Deadline,Responsible,Closed,Closed At,Created"]
    for (index, task) in data.tasks.enumerated() {
      tasks.append(
        [
          "T\(index)", "Task \(index)", task.category, Deals.day(task.deadline), task.manager, task.closed == nil ? "no" : "yes",
          task.closed.map { Deals.day($0) + " 12:00" } ?? "", Deals.day(task.created),
        ].joined(separator: ","))
    }
    var calls = ["Sid,Direction,From,To,Status,Duration,StartTime"]
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    for (index, call) in data.calls.enumerated() {
      let date = Date(timeIntervalSince1970: 1_788_220_800 + Double(call.started) * 86_400 + 36_000)
      let number = "+3361234\(String(format: "%04d", index))"
      let agent = "client:\(call.agent)"
      calls.append(
        [
          String(format: "CA%032x", index + 1), call.outgoing ? "outbound-api" : "inbound", call.outgoing ? agent : number,
          call.outgoing ? number : agent, "completed", "\(call.seconds)", "\"\(formatter.string(from: date))\"",
        ].joined(separator: ","))
    }
    var invoices = ["Number,Status,Changed,Issue Date,Due Date,Client,Responsible,Product,Qty,Price"]
    for (index, invoice) in data.invoices.enumerated() {
      invoices.append(
        [
          "INV-X\(index)", invoice.status, Deals.day(invoice.changed), Deals.day(invoice.issued), Deals.day(invoice.due),
          data.contacts[invoice.client].email, invoice.manager, "Audit day", "1", "100",
        ].joined(separator: ","))
    }
    // A third of the deals have a generated contact as their main contact.
    var deals = Deals.csv.split(separator: "\n").map(String.init)
    deals[0] += ",Contact"
    for index in deals.indices.dropFirst() {
      deals[index] += "," + (index % 3 == 0 ? data.contacts[index % data.contacts.count].email : "")
    }
    return [
      "settings.yml": Deals.settings, "contacts.csv": contacts.joined(separator: "\n") + "\n",
      "tasks.csv": tasks.joined(separator: "\n") + "\n", "calls.csv": calls.joined(separator: "\n") + "\n",
      "deals.csv": deals.joined(separator: "\n") + "\n", "invoices.csv": invoices.joined(separator: "\n") + "\n",
    ]
  }

  static let stages = """
      - kind: import.contacts
        input: contacts.csv
        mapping: {first_name: First, last_name: Last, email: Email, contact_type: Type, responsible: Responsible, created: Created}
      - kind: import.deals
        input: deals.csv
        mapping: {external_id: ID, title: Title, responsible: Owner, stage: Stage, probability: Probability, bid_currency: Currency, bid_value: Budget, bid_type: Bid Type, period_count: Periods, expected_close_date: Expected, actual_close_date: Closed, created: Created, contact_email: Contact}
      - kind: import.tasks
        input: tasks.csv
        mapping: {external_id: ID, title: Title, category: Category, deadline: Deadline, responsible: Responsible, closed: Closed, closed_at: Closed At, created: Created}
      - kind: import.calls
        input: calls.csv
      - kind: import.invoices
        input: invoices.csv
        mapping: {number: Number, status: Status, status_changed_at: Changed, issue_date: Issue Date, due_date: Due Date, client_email: Client, responsible: Responsible, product: Product, quantity: Qty, price: Price}
      - kind: report.workload-invoices
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.workload-contacts
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.workload-tasks
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.workload-calls
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.summary-period
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.summary-now
        period: current-month
        output: ${OUT}/{report}.xlsx

    """

  /// Rows by manager name plus a Total row of column sums, as the workload tables are.
  static func withTotal(_ rows: [String: [String: Decimal]]) -> [String: [String: Decimal]] {
    guard !rows.isEmpty else { return [:] }
    var result = rows
    var total: [String: Decimal] = [:]
    for row in rows.values { for (column, value) in row { total[column, default: 0] += value } }
    result["Total"] = total
    return result
  }

  @Test func everyContactsTasksAndCallsWorkloadFigure() throws {
    let pipeline = try RunSupport.pipeline(stages: Self.stages, files: Self.files)
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    #expect(summary.stages.map(\.counts.rejected).prefix(5) == [0, 0, 0, 0, 0], "\(summary.stages.map(\.warnings))")
    let november = Deals.november

    // Contacts created in November, per responsible (both of two; "No manager" for none).
    // Each call from or to a number no contact has made a contact, created when it started.
    let fromCalls = Self.data.calls.map { Contact(email: "", type: nil, responsibles: [], created: $0.started) }
    let contacts = (Self.data.contacts + fromCalls).filter { november.contains($0.created) }
    let linked = Set(
      Deals.csv.split(separator: "\n").indices.dropFirst().filter { $0 % 3 == 0 }.map {
        Self.data.contacts[$0 % Self.data.contacts.count].email
      })
    let seen = Set(contacts.compactMap(\.type))
    let types = ["Client", "Supplier", "Partner", "Competitor"].filter(seen.contains) + ["Not specified"]
    var byType: [String: [String: Decimal]] = [:]
    var byDeals: [String: [String: Decimal]] = [:]
    for contact in contacts {
      for owner in contact.responsibles.isEmpty ? ["No manager"] : contact.responsibles.map({ Self.names[$0] ?? $0 }) {
        var row = byType[owner] ?? Dictionary(uniqueKeysWithValues: types.map { ($0, Decimal(0)) })
        row[contact.type ?? "Not specified", default: 0] += 1
        byType[owner] = row
        var deals = byDeals[owner] ?? ["Without opportunities": 0, "With opportunities": 0]
        deals[linked.contains(contact.email) ? "With opportunities" : "Without opportunities", default: 0] += 1
        byDeals[owner] = deals
      }
    }
    let contactsSheet = try #require(
      try XLSXDocument(path: "\(out)/workload-contacts.xlsx").sheet(named: "Contacts by managers"))
    #expect(contactsSheet.table(titled: "New contacts") == Self.withTotal(byType))
    #expect(contactsSheet.table(titled: "New contacts with and without opportunities") == Self.withTotal(byDeals))

    // Tasks that touch November: closed, created, and overdue (due in it and late) in it.
    let asOf = Deals.asOf
    let tasks = Self.data.tasks.filter {
      november.contains($0.created) || november.contains($0.deadline) || $0.closed.map(november.contains) == true
    }
    let categories = Self.categories.filter { name in tasks.contains { $0.category == name } }
    var tables: [String: [String: [String: Decimal]]] = ["Closed tasks": [:], "New tasks": [:], "Overdue tasks": [:]]
    func count(_ table: String, _ task: Task) {
      let name = Self.names[task.manager] ?? task.manager
      var row = tables[table]?[name] ?? Dictionary(uniqueKeysWithValues: categories.map { ($0, Decimal(0)) })
      row[task.category, default: 0] += 1
      tables[table]?[name] = row
    }
    for task in tasks {
      if let closed = task.closed, november.contains(closed) { count("Closed tasks", task) }
      if november.contains(task.created) { count("New tasks", task) }
      let late = task.closed.map { $0 > task.deadline } ?? (task.deadline < asOf)
      if november.contains(task.deadline), late { count("Overdue tasks", task) }
    }
    let tasksSheet = try #require(try XLSXDocument(path: "\(out)/workload-tasks.xlsx").sheet(named: "Tasks by managers"))
    for (title, rows) in tables {
      #expect(tasksSheet.table(titled: title) == Self.withTotal(rows), "\(title)")
    }

    // Calls started in November, per agent: counts, and durations (read back in seconds).
    var counts: [String: [String: Decimal]] = [:]
    var seconds: [String: [String: Decimal]] = [:]
    for call in Self.data.calls where november.contains(call.started) {
      let name = Self.names[call.agent] ?? call.agent
      let column = call.outgoing ? "Outgoing" : "Incoming"
      counts[name, default: ["Outgoing": 0, "Incoming": 0, "Total": 0]][column, default: 0] += 1
      counts[name]?["Total", default: 0] += 1
      seconds[name, default: ["Outgoing": 0, "Incoming": 0, "Total": 0]][column, default: 0] += Decimal(call.seconds)
      seconds[name]?["Total", default: 0] += Decimal(call.seconds)
    }
    let callsSheet = try #require(try XLSXDocument(path: "\(out)/workload-calls.xlsx").sheet(named: "VoIP by managers"))
    #expect(callsSheet.table(titled: "Call count") == Self.withTotal(counts))
    let durations = callsSheet.table(titled: "Call duration").mapValues { row in
      row.mapValues { Deals.round($0 * 86_400, 0, .plain) }
    }
    #expect(durations == Self.withTotal(seconds))

    // Invoices, all of them, per manager: billed (issued in November, not a draft), paid and
    // rejected (changed to that in November), overdue (due in November and sent past it, or
    // paid after it).
    var billed: [String: [String: Decimal]] = [:]
    var outcomes: [String: [String: Decimal]] = [:]
    for invoice in Self.data.invoices {
      let name = Self.names[invoice.manager] ?? invoice.manager
      billed[name, default: ["Billed": 0]]["Billed", default: 0] +=
        invoice.status != "draft" && november.contains(invoice.issued) ? 1 : 0
      var row = outcomes[name] ?? ["Paid": 0, "Rejected": 0, "Overdue": 0]
      if invoice.status == "paid", november.contains(invoice.changed) { row["Paid", default: 0] += 1 }
      if invoice.status == "rejected", november.contains(invoice.changed) { row["Rejected", default: 0] += 1 }
      if Self.isOverdue(invoice) { row["Overdue", default: 0] += 1 }
      outcomes[name] = row
    }
    let invoicesSheet = try #require(
      try XLSXDocument(path: "\(out)/workload-invoices.xlsx").sheet(named: "Invoices by managers"))
    #expect(invoicesSheet.table(titled: "Invoices") == Self.withTotal(billed))
    #expect(invoicesSheet.table(titled: "Invoices by outcome") == Self.withTotal(outcomes))
  }

  static func isOverdue(_ invoice: Invoice) -> Bool {
    Deals.november.contains(invoice.due)
      && ((invoice.status == "sent" && invoice.due < Deals.asOf) || (invoice.status == "paid" && invoice.changed > invoice.due))
  }

  /// The summaries' tables other than deals (ReportCrossCheckTests checks those): contacts by
  /// type and temperature, tasks, invoices and calls.
  @Test func everyNonDealFigureOfTheSummaries() throws {
    let pipeline = try RunSupport.pipeline(stages: Self.stages, files: Self.files)
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let (november, asOf) = (Deals.november, Deals.asOf)
    let fromCalls = Self.data.calls.map { Contact(email: "", type: nil, responsibles: [], created: $0.started) }
    let contacts = (Self.data.contacts + fromCalls).filter { november.contains($0.created) }
    var byType: [String: [String: Decimal]] = [:]
    for contact in contacts { byType[contact.type ?? "Not specified", default: ["Number": 0]]["Number", default: 0] += 1 }
    let newTasks = Self.data.tasks.filter { november.contains($0.created) }
    var tasks: [String: [String: Decimal]] = [:]
    for task in newTasks {
      var row = tasks[task.category] ?? ["Closed": 0, "Overdue": 0, "Created": 0]
      row["Created", default: 0] += 1
      if let closed = task.closed, november.contains(closed) { row["Closed", default: 0] += 1 }
      if task.closed.map({ $0 > task.deadline }) ?? (task.deadline < asOf) { row["Overdue", default: 0] += 1 }
      tasks[task.category] = row
    }
    var calls: [String: [String: Decimal]] = ["Incoming": ["Count": 0, "Duration": 0], "Outgoing": ["Count": 0, "Duration": 0]]
    for call in Self.data.calls where november.contains(call.started) {
      calls[call.outgoing ? "Outgoing" : "Incoming"]?["Count", default: 0] += 1
      calls[call.outgoing ? "Outgoing" : "Incoming"]?["Duration", default: 0] += Decimal(call.seconds)
    }
    let period = try #require(
      try XLSXDocument(path: "\(out)/summary-period.xlsx").sheet(named: "Summary for the period"))
    #expect(period.table(titled: "Contacts") == Self.withTotal(byType))
    #expect(period.table(titled: "Tasks") == Self.withTotal(tasks))
    // The period's invoices (issued in it); overdue whenever they fall due, unlike the workload.
    let issued = Self.data.invoices.filter { november.contains($0.issued) }
    let number = { (invoices: [Invoice]) in ["Number": Decimal(invoices.count)] }
    #expect(
      period.table(titled: "Invoices") == [
        "Billed": number(issued.filter { $0.status != "draft" }), "Paid": number(issued.filter { $0.status == "paid" }),
        "Rejected": number(issued.filter { $0.status == "rejected" }),
        "Overdue": number(
          issued.filter { ($0.status == "sent" && $0.due < asOf) || ($0.status == "paid" && $0.changed > $0.due) }),
      ])
    let callTable = period.table(titled: "Calls").mapValues { row in
      row.mapValues { $0 }.merging(row["Duration"].map { ["Duration": Deals.round($0 * 86_400, 0, .plain)] } ?? [:]) { $1 }
    }
    #expect(callTable == Self.withTotal(calls))

    let now = try #require(try XLSXDocument(path: "\(out)/summary-now.xlsx").sheet(named: "Summary for the moment"))
    #expect(now.table(titled: "Contacts by type") == Self.withTotal(byType))
    #expect(
      now.table(titled: "Contacts by temperature") == Self.withTotal(["Not specified": ["Number": Decimal(contacts.count)]]))
    var open: [String: [String: Decimal]] = [:]
    for task in newTasks where task.closed == nil {
      var row = open[task.category] ?? ["Open": 0, "Overdue": 0]
      row["Open", default: 0] += 1
      if task.deadline < asOf { row["Overdue", default: 0] += 1 }
      open[task.category] = row
    }
    #expect(now.table(titled: "Tasks") == Self.withTotal(open))
    let sent = issued.filter { $0.status == "sent" }
    #expect(now.table(titled: "Invoices") == ["Billed": number(sent), "Overdue": number(sent.filter { $0.due < asOf })])
  }
}
