import Foundation
import PipelineModel
import PipelineTestSupport
import SQLiteBridge
import Stages
import Testing

/// `import.tasks` and `import.events`: links to contacts, deals and events, closed times,
/// access, re-imports, and the rejects.
@Suite struct TasksEventsTests {
  let out = TestFiles.temporaryDirectory()

  static let stages = """
      - kind: import.contacts
        input: contacts.csv
        mapping: {type: Kind, first_name: First, last_name: Last, company_name: Company, email: Email}
      - kind: import.deals
        input: deals.csv
        mapping: {external_id: ID, title: Title, responsible: Owner, stage: Stage}
      - kind: import.events
        id: events
        input: events.csv
        mapping: {external_id: ID, title: Title, participants: Who, tags: Tags, access_users: Visible, closed: Closed, created: Created}
      - kind: import.tasks
        id: tasks
        input: tasks*.csv
        mapping:
          external_id: ID
          title: Title
          category: Category
          deadline: Deadline
          responsible: Owner
          contact_email: Contact
          deal: Deal
          event: Event
          closed: Closed
          closed_at: Closed At

    """

  static let contacts = "Kind,First,Last,Company,Email\nperson,Jean,Roux,,jean@roux.fr\ncompany,,,Globex GmbH,\n"
  static let deals = "ID,Title,Owner,Stage\nD1,Audit,ana,Proposal\n"
  static let events = """
    ID,Title,Who,Tags,Visible,Closed,Created
    E1,Trade fair Lyon,jean@roux.fr; Globex; nobody@nowhere.fr,"salon, 2026",ana,yes,2026-11-02
    ,Kick-off,Jean Roux,,,,
    E3,,Jean Roux,,,,
    E4,Review,,,,maybe,

    """
  static let tasks = """
    ID,Title,Category,Deadline,Owner,Contact,Deal,Event,Closed,Closed At
    T1,Call Jean,phone CALL,2026-11-30,ana,jean@roux.fr,D1,Trade fair Lyon,yes,2026-11-20 16:30
    T2,Send offer,Email,2026-11-25,Ana Lima,,Audit,,true,
    T3,Demo,Demo,2026-12-01,ana,,,,no,2026-11-21
    T4,Dinner,Banquet,2026-12-01,ana,,,,,
    T5,Follow up,Note,,ana,,,,,
    T6,Prepare,Note,2026-12-03,ana,,D9,,,

    """

  func strings(_ db: SQLiteDatabase, _ sql: String) throws -> [String] {
    try db.query(sql).map { row in row.map { $0.string ?? $0.int.map(String.init) ?? "" }.joined(separator: "|") }
  }

  @Test func tasksAndEventsLandWithTheirLinksClosedTimesAndRejects() throws {
    let files = [
      "contacts.csv": Self.contacts, "deals.csv": Self.deals, "events.csv": Self.events, "tasks.csv": Self.tasks,
    ]
    let pipeline = try RunSupport.pipeline(stages: Self.stages, files: files)
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let events = try #require(summary.stages.first { $0.stageID == "events" })
    #expect((events.counts.read, events.counts.inserted, events.counts.rejected) == (4, 2, 2))
    #expect(events.counts.fieldsDropped == 1)
    let tasks = try #require(summary.stages.first { $0.stageID == "tasks" })
    #expect((tasks.counts.read, tasks.counts.inserted, tasks.counts.rejected) == (6, 3, 3))
    #expect(
      tasks.warnings.map(\.message).sorted() == [
        "task 'Prepare': no deal matches 'D9'; kept without a deal",
        "task 'Send offer' is closed without a closed time; using the run's as-of date",
      ])

    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    #expect(
      try strings(
        db,
        """
        SELECT e.title, e.is_closed, e.created_at, (SELECT count(*) FROM event_participants p WHERE p.event_id = e.id),
          (SELECT group_concat(t.name, ',') FROM event_tags x JOIN tags t ON t.id = x.tag_id WHERE x.event_id = e.id),
          (SELECT group_concat(user_id) FROM event_access_users a WHERE a.event_id = e.id)
        FROM events e ORDER BY e.id
        """) == ["Trade fair Lyon|1|2026-11-01T23:00:00Z|2|salon,2026|ana", "Kick-off|0|2026-11-27T23:00:00Z|1||"])
    #expect(
      try strings(
        db,
        """
        SELECT t.external_id, t.category, t.deadline, c.display_name, d.title, e.title, t.is_closed, t.closed_at
        FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id LEFT JOIN deals d ON d.id = t.deal_id
        LEFT JOIN events e ON e.id = t.event_id ORDER BY t.id
        """) == [
          // Deadlines given as days are due by the end of the day: its last second, local time.
          "T1|Phone call|2026-11-30T22:59:59Z|Jean Roux|Audit|Trade fair Lyon|1|2026-11-20T15:30:00Z",
          "T2|Email|2026-11-25T22:59:59Z||Audit||1|2026-11-27T23:00:00Z",
          "T6|Note|2026-12-03T22:59:59Z||||0|",
        ])
    let reasons = try strings(db, "SELECT line || ' ' || field || ': ' || reason FROM rejected_rows ORDER BY file_id, line")
    #expect(
      reasons == [
        "2 participants: no contact matches 'n***@n***.fr'; the participant is left out (value dropped, row imported)",
        "4 title: an event needs a title",
        "5 closed: expected true or false (yes/no, 1/0, closed/open), got 'maybe'",
        "4 closed_at: the task is open (closed: 'no') but has a closed time",
        "5 category: unknown task category 'Banquet'; expected one of: Phone call, Opportunity, Demo, Email, Fax, Execution control, Lunch, Appointment, Note, Delivery, Social networks, Expression of gratitude",
        "6 deadline: a task needs a deadline",
      ])

    // A later file that changes a task and repeats another updates one and leaves the other.
    try TestFiles.write(
      "ID,Title,Category,Deadline,Owner,Contact,Deal,Event,Closed,Closed At\nT1,Call Jean back,Phone call,2026-11-30,ana,jean@roux.fr,D1,E1,yes,2026-11-20 16:30\nT6,Prepare,Note,2026-12-03,ana,,D9,,,\n",
      to: "tasks2.csv", in: (pipeline as NSString).deletingLastPathComponent)
    let rerun = try RunSupport.run(pipeline, out: out)
    let again = try #require(rerun.stages.first { $0.stageID == "tasks" })
    #expect((again.counts.read, again.counts.updated, again.counts.skipped) == (2, 1, 1))
    #expect(try strings(db, "SELECT title FROM tasks WHERE external_id = 'T1'") == ["Call Jean back"])
  }
}

/// `import.deals` with the reference CRM's export preset, other participants, tags and access.
@Suite struct DealExportTests {
  let out = TestFiles.temporaryDirectory()

  @Test func theReferenceCRMsDealExportImportsThroughItsPresetWithParticipantsTagsAndAccess() throws {
    let stages = """
        - kind: import.contacts
          input: contacts.csv
          mapping: {type: Kind, first_name: First, last_name: Last, company_name: Company, email: Email}
        - kind: import.deals
          id: deals
          input: opportunities.csv
          preset: auto
          mapping: {access_users: Visible}

      """
    let deals = """
      Opportunity Title,Client,Description,Currency,Budget,Bid Type,Per Period Value,Responsible,Expected Close Date,Actual Close Date,Opportunity Stage,Probability of Winning,Other Participants,Tags,Created,Visible
      Audit,Globex GmbH,,EUR,1200,fix,,Ana Lima,2026-12-01,,Proposal,,jean@roux.fr; ghost@nowhere.fr,"vip, 2026",2026-11-01,ana
      Support,Jean Roux,,USD,100,par mois,12,ana,2026-12-15,2026-11-20,Closure/Transaction,80,,,2026-11-02,

      """
    let pipeline = try RunSupport.pipeline(
      stages: stages, files: ["contacts.csv": TasksEventsTests.contacts, "opportunities.csv": deals])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let stage = try #require(summary.stages.first { $0.stageID == "deals" })
    #expect((stage.counts.read, stage.counts.inserted, stage.counts.fieldsDropped) == (2, 2, 1))
    #expect(stage.notes.contains { $0.message.contains("preset onlyoffice") })
    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    func strings(_ sql: String) throws -> [String] {
      try db.query(sql).map { row in row.map { $0.string ?? $0.int.map(String.init) ?? "" }.joined(separator: "|") }
    }
    #expect(
      try strings(
        """
        SELECT d.title, c.display_name, d.probability, d.bid_currency, d.bid_value_minor, d.bid_type, d.period_count,
          d.actual_close_date,
          (SELECT group_concat(x.display_name) FROM deal_participants p JOIN contacts x ON x.id = p.contact_id WHERE p.deal_id = d.id),
          (SELECT group_concat(t.name, ',') FROM deal_tags g JOIN tags t ON t.id = g.tag_id WHERE g.deal_id = d.id),
          (SELECT group_concat(user_id) FROM deal_access_users a WHERE a.deal_id = d.id)
        FROM deals d LEFT JOIN contacts c ON c.id = d.contact_id ORDER BY d.id
        """) == [
          "Audit|Globex GmbH|75|EUR|120000|fixed|0||Jean Roux|vip,2026|ana",
          "Support|Jean Roux|80|USD|10000|per-month|12|2026-11-19T23:00:00Z|||",
        ])
    #expect(
      try strings("SELECT field || ': ' || reason FROM rejected_rows") == [
        "participants: no contact matches 'g***@n***.fr'; the participant is left out (value dropped, row imported)"
      ])
  }
}
