import Foundation
import PipelineModel
import PipelineTestSupport
import Reports
import Stages
import Testing

/// The five workload reports on one small warehouse, read back and compared with counts
/// worked out by hand (as of 2026-11-28 00:00 Europe/Paris, period: November 2026).
@Suite struct WorkloadReportsTests {
  let out = TestFiles.temporaryDirectory()

  static let settings = """
    base_currency: EUR
    time_zone: Europe/Paris
    users:
      - {id: ana, name: Ana Lima, twilio: ["client:ana"]}
      - {id: bob, name: Bob Stone, twilio: ["client:bob"]}
    exchange_rates: [{from: USD, to: EUR, rate: 0.9}]

    """

  static let files: [String: String] = [
    "settings.yml": settings,
    // Ana: C1 Client (has a deal), C2 no type, C5 Supplier (shared with Bob). Bob: C3 Partner
    // (has a deal), C5. C4 was created in September.
    "contacts.csv": """
    Kind,First,Last,Company,Email,Owner,Type,Created
    person,Jean,Roux,,jean@roux.fr,ana,Client,2026-11-05
    person,Marie,Curie,,marie@x.fr,ana,,2026-11-06
    company,,,Globex GmbH,,bob,Partner,2026-11-07
    person,Old,Timer,,old@x.fr,bob,Client,2026-09-01
    person,Sam,Shared,,sam@x.fr,"ana, bob",Supplier,2026-11-10

    """,
    // D1 new (Ana), D2 won in November (Bob, 100 USD = 90 EUR), D3 lost (Ana), D4 out of the period.
    "deals.csv": """
    ID,Title,Owner,Stage,Currency,Budget,Client,Closed,Created
    D1,Audit,ana,Proposal,EUR,1000,jean@roux.fr,,2026-11-02
    D2,Licences,bob,Closure/Transaction,USD,100,Globex GmbH,2026-11-15,2026-10-01
    D3,Lost one,ana,Unsuccessfully closed,EUR,50,,2026-11-04,2026-11-03
    D4,Old deal,bob,Proposal,EUR,999,,,2026-10-10

    """,
    // T1 Ana, closed late: closed, new, overdue. T2 Ana, open past its deadline: overdue.
    // T3 Bob, new. T4 Bob, closed in time, during its deadline day (a day is due by its end):
    // closed, new.
    "tasks.csv": """
    Title,Category,Deadline,Owner,Closed At,Created
    T1,Phone call,2026-11-10,ana,2026-11-12,2026-11-01
    T2,Email,2026-11-20,ana,,2026-10-15
    T3,Phone call,2026-12-05,bob,,2026-11-20
    T4,Email,2026-11-25,bob,2026-11-25 16:30,2026-11-02

    """,
    // I1 Ana sent, due the 20th: billed, overdue. I2 Ana paid on the 12th, due the 10th:
    // billed, paid, overdue. I3 Bob draft. I4 Bob rejected on the 2nd, issued in October.
    // I5 Bob paid during its due day (a day is due by its end): billed, paid, not overdue.
    "invoices.csv": """
    Number,Status,Changed,Issue,Due,Client,Owner,Product,Qty,Price
    I1,sent,2026-11-05,2026-11-05,2026-11-20,jean@roux.fr,ana,Kit,1,10
    I2,paid,2026-11-12,2026-11-01,2026-11-10,jean@roux.fr,ana,Kit,1,10
    I3,draft,2026-11-03,2026-11-03,,jean@roux.fr,bob,Kit,1,10
    I4,rejected,2026-11-02,2026-10-20,,jean@roux.fr,bob,Kit,1,10
    I5,paid,2026-11-15 17:00,2026-11-03,2026-11-15,jean@roux.fr,bob,Kit,1,10

    """,
    // Ana: one outgoing (90 s) and one incoming (1 h, answered on a child leg). Bob: one
    // missed incoming. An October call is outside the period.
    "calls/log.csv": """
    Sid,ParentCallSid,Direction,Status,From,To,StartTime,Duration
    CA00000000000000000000000000000001,,outbound-api,completed,client:ana,+33612345678,"Mon, 02 Nov 2026 10:00:00 +0000",90
    CA00000000000000000000000000000002,,inbound,completed,+33698765432,+33180000000,"Tue, 03 Nov 2026 10:00:00 +0000",3600
    CA00000000000000000000000000000004,CA00000000000000000000000000000002,outbound-dial,completed,+33698765432,client:ana,"Tue, 03 Nov 2026 10:00:05 +0000",3595
    CA00000000000000000000000000000003,,inbound,no-answer,+33698765433,client:bob,"Tue, 03 Nov 2026 11:00:00 +0000",0
    CA00000000000000000000000000000005,,outbound-api,completed,client:bob,+33612345679,"Fri, 02 Oct 2026 10:00:00 +0000",30

    """,
  ]

  static let stages = """
      - kind: import.contacts
        input: contacts.csv
        mapping: {type: Kind, first_name: First, last_name: Last, company_name: Company, email: Email, responsible: Owner, contact_type: Type, created: Created}
      - kind: import.deals
        input: deals.csv
        mapping: {external_id: ID, title: Title, responsible: Owner, stage: Stage, bid_currency: Currency, bid_value: Budget, contact_email: Client, contact_name: Client, actual_close_date: Closed, created: Created}
      - kind: import.tasks
        input: tasks.csv
        mapping: {title: Title, category: Category, deadline: Deadline, responsible: Owner, closed_at: Closed At, created: Created}
      - kind: import.invoices
        input: invoices.csv
        mapping: {number: Number, status: Status, status_changed_at: Changed, issue_date: Issue, due_date: Due, client_email: Client, responsible: Owner, product: Product, quantity: Qty, price: Price}
      - kind: import.calls
        input: calls/*

    """
    + ["contacts", "tasks", "deals", "invoices", "calls", "summary-period", "summary-now"].map { kind in
      """
        - kind: report.\(kind.hasPrefix("summary") ? kind : "workload-" + kind)
          period: current-month
          output: ${OUT}/{report}.xlsx

      """
    }.joined()

  /// The table titled `title`: each manager's values by column heading.
  func table(_ sheet: XLSXSheet, _ title: String) -> [String: [String: Decimal]] { sheet.table(titled: title) }

  @Test func workloadReportsCountWhatTheirSectionsSay() throws {
    let pipeline = try RunSupport.pipeline(stages: Self.stages, files: Self.files)
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")

    let contacts = try #require(try XLSXDocument(path: "\(out)/workload-contacts.xlsx").sheet(named: "Contacts by managers"))
    let byType = table(contacts, "New contacts")
    #expect(byType["Ana Lima"] == ["Client": 1, "Supplier": 1, "Partner": 0, "Not specified": 1])
    #expect(byType["Bob Stone"] == ["Client": 0, "Supplier": 1, "Partner": 1, "Not specified": 0])
    #expect(byType["Total"]?["Supplier"] == 2)
    let byDeals = table(contacts, "New contacts with and without opportunities")
    #expect(byDeals["Ana Lima"] == ["Without opportunities": 2, "With opportunities": 1])
    #expect(byDeals["Bob Stone"] == ["Without opportunities": 1, "With opportunities": 1])

    let tasks = try #require(try XLSXDocument(path: "\(out)/workload-tasks.xlsx").sheet(named: "Tasks by managers"))
    #expect(table(tasks, "Closed tasks")["Ana Lima"] == ["Phone call": 1, "Email": 0])
    #expect(table(tasks, "Closed tasks")["Bob Stone"] == ["Phone call": 0, "Email": 1])
    #expect(table(tasks, "New tasks")["Bob Stone"] == ["Phone call": 1, "Email": 1])
    #expect(table(tasks, "New tasks")["Ana Lima"] == ["Phone call": 1, "Email": 0])
    #expect(table(tasks, "Overdue tasks")["Ana Lima"] == ["Phone call": 1, "Email": 1])
    #expect(table(tasks, "Overdue tasks")["Bob Stone"] == nil)

    let deals = try #require(try XLSXDocument(path: "\(out)/workload-deals.xlsx").sheet(named: "Opportunities by managers"))
    #expect(table(deals, "By number")["Ana Lima"] == ["New": 1, "Won": 0, "Lost": 1])
    #expect(table(deals, "By number")["Bob Stone"] == ["New": 0, "Won": 1, "Lost": 0])
    #expect(table(deals, "By budget, EUR")["Bob Stone"] == ["New": 0, "Won": 90, "Lost": 0])
    #expect(table(deals, "By budget, EUR")["Total"] == ["New": 1000, "Won": 90, "Lost": 50])

    let invoices = try #require(try XLSXDocument(path: "\(out)/workload-invoices.xlsx").sheet(named: "Invoices by managers"))
    #expect(table(invoices, "Invoices")["Ana Lima"] == ["Billed": 2])
    #expect(table(invoices, "Invoices")["Bob Stone"] == ["Billed": 1])
    #expect(table(invoices, "Invoices by outcome")["Ana Lima"] == ["Paid": 1, "Rejected": 0, "Overdue": 2])
    #expect(table(invoices, "Invoices by outcome")["Bob Stone"] == ["Paid": 1, "Rejected": 1, "Overdue": 0])

    let calls = try #require(try XLSXDocument(path: "\(out)/workload-calls.xlsx").sheet(named: "VoIP by managers"))
    #expect(table(calls, "Call count")["Ana Lima"] == ["Outgoing": 1, "Incoming": 1, "Total": 2])
    #expect(table(calls, "Call count")["Bob Stone"] == ["Outgoing": 0, "Incoming": 1, "Total": 1])
    let durations = table(calls, "Call duration")
    // Durations are days, stored as doubles: back to whole seconds.
    func seconds(_ value: Decimal?) -> Int? { value.map { Int(NSDecimalNumber(decimal: $0 * 86_400).doubleValue.rounded()) } }
    #expect(seconds(durations["Ana Lima"]?["Incoming"]) == 3600)
    #expect(seconds(durations["Ana Lima"]?["Outgoing"]) == 90)
    #expect(seconds(durations["Ana Lima"]?["Total"]) == 3690)
    let row = try #require((1...60).first { calls.text("B\($0)") == "Call duration" }) + 2
    #expect(calls["D\(row)"]?.numberFormat == "[h]:mm:ss")
  }

  @Test func theSummariesCountTheItemsOfThePeriodAndOfTheMoment() throws {
    let pipeline = try RunSupport.pipeline(stages: Self.stages, files: Self.files)
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")

    let period = try #require(try XLSXDocument(path: "\(out)/summary-period.xlsx").sheet(named: "Summary for the period"))
    // Created D1 + D3, won D2 (100 USD = 90 EUR), lost D3; none has an expected date: no overdue.
    #expect(table(period, "Deals by budget, EUR")["Created"] == ["Budget, EUR": 1050])
    #expect(table(period, "Deals by budget, EUR")["Won"] == ["Budget, EUR": 90])
    #expect(table(period, "Deals by number")["Lost"] == ["Number": 1])
    #expect(table(period, "Deals by number")["Overdue"] == ["Number": 0])
    // C1, C2, C3, C5, and the three contacts the November calls created for unknown numbers.
    #expect(table(period, "Contacts")["Not specified"] == ["Number": 4])
    #expect(table(period, "Contacts")["Total"] == ["Number": 7])
    #expect(table(period, "Tasks")["Phone call"] == ["Closed": 1, "Overdue": 1, "Created": 2])
    #expect(table(period, "Tasks")["Email"] == ["Closed": 1, "Overdue": 0, "Created": 1])
    #expect(table(period, "Invoices")["Billed"] == ["Number": 3])
    #expect(table(period, "Invoices")["Overdue"] == ["Number": 2])
    #expect(table(period, "Calls")["Incoming"]?["Count"] == 2)
    #expect(table(period, "Calls")["Outgoing"]?["Count"] == 1)
    let incoming = try #require((1...120).first { period.text("B\($0)") == "Incoming" })
    #expect(period.text("E\(incoming)") == "of which 1 are unanswered")

    let now = try #require(try XLSXDocument(path: "\(out)/summary-now.xlsx").sheet(named: "Summary for the moment"))
    #expect(table(now, "Deals")["Opened"] == ["Budget, EUR": 1000, "Number": 1])
    #expect(table(now, "Deals")["Overdue"] == ["Budget, EUR": 0, "Number": 0])
    let stages = table(now, "Open deals by stage")
    #expect(stages.count == 8)  // the seven open stages and the total
    #expect(stages["Proposal"] == ["Budget, EUR": 1000, "Number": 1])
    #expect(table(now, "Contacts by temperature")["Not specified"] == ["Number": 7])
    #expect(table(now, "Tasks")["Phone call"] == ["Open": 1, "Overdue": 0])
    #expect(table(now, "Invoices")["Billed"] == ["Number": 1])
    #expect(table(now, "Invoices")["Overdue"] == ["Number": 1])
  }

  /// Summary for the moment, as of 2026-11-28 00:00: a deal expected on the 30th day after it
  /// (2026-12-28) will close in the next 30 days, as in the reference; one on the 31st does not.
  /// Summary for the period at close-date rates converts only the deals of its figures: D2,
  /// lost in October but expected in November, is in none, and no rate covers its close.
  @Test func theNext30DaysIncludeTheThirtiethAndOnlyCountedDealsNeedARate() throws {
    let settings = """
      base_currency: EUR
      time_zone: Europe/Paris
      users: [{id: ana, name: Ana Lima}]
      exchange_rates: [{from: USD, to: EUR, rate: 0.9, date: 2026-11-10}]
      """
    let deals = """
      ID,Title,Owner,Stage,Currency,Budget,Expected,Closed,Created
      E0,Today,ana,Proposal,EUR,1,2026-11-28,,2026-11-02
      E29,Day 29,ana,Proposal,EUR,10,2026-12-27,,2026-11-02
      E30,Day 30,ana,Proposal,EUR,100,2026-12-28,,2026-11-02
      E31,Day 31,ana,Proposal,EUR,1000,2026-12-29,,2026-11-02
      D1,Won,ana,Closure/Transaction,USD,100,2026-11-20,2026-11-15,2026-10-01
      D2,Lost,ana,Unsuccessfully closed,USD,500,2026-11-05,2026-10-20,2026-10-01

      """
    let stages = """
        - kind: import.deals
          input: deals.csv
          mapping: {external_id: ID, title: Title, responsible: Owner, stage: Stage, bid_currency: Currency, bid_value: Budget, expected_close_date: Expected, actual_close_date: Closed, created: Created}
        - kind: report.summary-now
          period: current-month
          output: ${OUT}/summary-now.xlsx
        - kind: report.summary-period
          period: current-month
          rate_date: close-date
          output: ${OUT}/summary-period.xlsx

      """
    let pipeline = try RunSupport.pipeline(stages: stages, files: ["settings.yml": settings, "deals.csv": deals])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let now = try #require(try XLSXDocument(path: "\(out)/summary-now.xlsx").sheet(named: "Summary for the moment"))
    #expect(table(now, "Deals")["Will close in the next 30 days"] == ["Budget, EUR": 111, "Number": 3])
    let period = try #require(try XLSXDocument(path: "\(out)/summary-period.xlsx").sheet(named: "Summary for the period"))
    #expect(table(period, "Deals by budget, EUR")["Won"] == ["Budget, EUR": 90])
    #expect(table(period, "Deals by number")["Lost"] == ["Number": 0])
  }

  @Test func perManagerWorkbooksAndAViewerSeeOnlyWhatTheyMay() throws {
    let files: [String: String] = [
      "settings.yml": Self.settings,
      // Pat is private to Bob.
      "contacts.csv": """
      Kind,First,Last,Company,Email,Owner,Type,Created,Access
      person,Jean,Roux,,jean@roux.fr,ana,Client,2026-11-05,public-read
      person,Pat,Private,,pat@x.fr,bob,Client,2026-11-06,private

      """,
      // D5 is restricted to Bob.
      "deals.csv": """
      ID,Title,Owner,Stage,Currency,Budget,Created,Visible
      D1,Audit,ana,Proposal,EUR,1000,2026-11-02,
      D2,Licences,bob,Proposal,EUR,300,2026-11-03,
      D5,Secret,bob,Proposal,EUR,700,2026-11-04,bob

      """,
    ]
    let stages = """
        - kind: import.contacts
          input: contacts.csv
          mapping: {type: Kind, first_name: First, last_name: Last, company_name: Company, email: Email, responsible: Owner, contact_type: Type, created: Created, access: Access}
        - kind: import.deals
          input: deals.csv
          mapping: {external_id: ID, title: Title, responsible: Owner, stage: Stage, bid_currency: Currency, bid_value: Budget, created: Created, access_users: Visible}
        - kind: report.workload-deals
          id: per-manager
          per: manager
          output: ${OUT}/deals-{manager}.xlsx
        - kind: report.workload-deals
          id: as-ana
          viewer: ana
          output: ${OUT}/deals-as-ana.xlsx
        - kind: report.workload-contacts
          id: contacts-as-ana
          viewer: ana
          output: ${OUT}/contacts-as-ana.xlsx

      """
    let pipeline = try RunSupport.pipeline(stages: stages, files: files)
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    #expect(summary.stages.first { $0.stageID == "per-manager" }?.outputs.count == 2)

    let ana = try #require(try XLSXDocument(path: "\(out)/deals-ana.xlsx").sheet(named: "Opportunities by managers"))
    #expect(ana.text("B4")?.contains("managers: Ana Lima") == true)
    #expect(ana.text("B4")?.contains("as Ana Lima may see it") == true)
    #expect(table(ana, "By budget, EUR").keys.sorted() == ["Ana Lima", "Total"])
    // Bob sees his restricted deal in his own workbook.
    let bob = try #require(try XLSXDocument(path: "\(out)/deals-bob.xlsx").sheet(named: "Opportunities by managers"))
    #expect(table(bob, "By budget, EUR")["Bob Stone"]?["New"] == 1000)
    // Ana, looking at everyone, does not see Bob's restricted deal, nor his private contact.
    let asAna = try #require(try XLSXDocument(path: "\(out)/deals-as-ana.xlsx").sheet(named: "Opportunities by managers"))
    #expect(table(asAna, "By budget, EUR")["Bob Stone"]?["New"] == 300)
    let contacts = try #require(try XLSXDocument(path: "\(out)/contacts-as-ana.xlsx").sheet(named: "Contacts by managers"))
    #expect(table(contacts, "New contacts")["Bob Stone"] == nil)
    #expect(table(contacts, "New contacts")["Ana Lima"]?["Client"] == 1)
  }
}
