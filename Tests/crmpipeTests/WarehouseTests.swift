import Foundation
import PipelineModel
import PipelineTestSupport
import SQLiteBridge
import Testing

@testable import Warehouse

@Suite struct WarehouseTests {
  /// Survivorship works on field positions: a record's scalar fields and the named positions
  /// follow `survivorFields`, the columns they are written to.
  @Test func scalarFieldsFollowTheSurvivorColumns() {
    var contact = ContactRecord(kind: .person, createdAt: Date(timeIntervalSince1970: 0))
    (contact.firstName, contact.lastName, contact.companyName, contact.jobTitle) =
      ("first_name", "last_name", "company_name", "job_title")
    (contact.contactType, contact.temperature, contact.currency, contact.notes) =
      ("contact_type", "temperature", "currency", "notes")
    contact.access = .private
    contact.birthday = "birthday"
    #expect(contact.scalarFields == Warehouse.survivorFields.map { $0 == "access" ? "private" : $0 })
    #expect(Warehouse.survivorField("first_name") == Warehouse.firstNameField)
    #expect(Warehouse.survivorField("last_name") == Warehouse.lastNameField)
    #expect(Warehouse.survivorField("company_name") == Warehouse.companyNameField)
    #expect(Warehouse.survivorField("access") == Warehouse.accessField)
  }

  @Test func aNewWarehouseIsMigratedWithForeignKeysAndWAL() throws {
    let path = "\(TestFiles.temporaryDirectory())/sub/w.sqlite"
    let warehouse = try Warehouse(path: path)
    #expect(try warehouse.schemaVersion() == Schema.migrations.count)
    #expect(try warehouse.pragma("foreign_keys") == "1")
    #expect(try warehouse.pragma("journal_mode") == "wal")
    let tables = Set(try warehouse.tableCounts().keys)
    let expected: Set<String> = [
      "users", "deal_stages", "import_runs", "import_files", "contacts", "contact_responsibles", "contact_access_users",
      "contact_emails", "contact_phones", "contact_addresses", "contact_websites", "tags", "contact_tags", "deals",
      "exchange_rates", "source_rows", "rejected_rows", "contact_external_ids", "contact_field_sources", "contact_merges",
      "contact_custom_fields", "calls", "contact_history", "events", "event_participants", "event_tags", "event_access_users",
      "tasks", "deal_participants", "deal_tags", "deal_access_users", "invoices", "invoice_lines", "settings_snapshots",
      "match_records", "match_models", "possible_duplicates", "match_keys", "match_terms",
    ]
    #expect(tables == expected)
    #expect(try warehouse.integrityProblems().isEmpty)
  }

  @Test func reopeningKeepsDataAndDoesNotMigrateAgain() throws {
    let path = "\(TestFiles.temporaryDirectory())/w.sqlite"
    let settings = Settings(
      baseCurrency: "EUR", timeZone: DateText.utc, firstDayOfWeek: .monday,
      users: [User(id: "u1", name: "Ulla", email: nil)], dealStages: DealStage.defaults)
    try Warehouse(path: path).apply(settings)
    let reopened = try Warehouse(path: path)
    #expect(try reopened.schemaVersion() == Schema.migrations.count)
    #expect(try reopened.users().map(\.id) == ["u1"])
    #expect(try reopened.dealStages().map(\.stage.position) == Array(1...9))
  }

  /// Schema 5 rebuilds `import_runs` to allow `interrupted`: a schema 4 warehouse keeps its runs,
  /// their files and settings, and a run it left running is marked by the next one.
  @Test func schema5KeepsTheRunsAndMarksARunLeftRunningAsInterrupted() throws {
    let path = "\(TestFiles.temporaryDirectory())/w.sqlite"
    let old = try Warehouse(path: path, migrations: Array(Schema.migrations.prefix(4)))
    let finished = try old.startRun(pipeline: "p.yml", asOf: Date(timeIntervalSince1970: 0))
    try old.finishRun(finished, succeeded: true)
    let killed = try old.startRun(pipeline: "p.yml", asOf: Date(timeIntervalSince1970: 0))
    _ = try old.beginFile(runID: killed, stageKind: "import.contacts", stageID: "c", path: "a.csv", sha256: "00")
    try old.keepSettings("base_currency: EUR", runID: killed)
    let upgraded = try Warehouse(path: path)
    #expect(try upgraded.schemaVersion() == Schema.migrations.count)
    #expect(try upgraded.runHistory(limit: 5).map(\.status) == ["running", "succeeded"])
    let next = try upgraded.startRun(pipeline: "p.yml", asOf: Date(timeIntervalSince1970: 0))
    let history = try upgraded.runHistory(limit: 5)
    #expect(history.map(\.status) == ["running", "interrupted", "succeeded"])
    #expect(history[1].finishedAt != nil)
    #expect(history[1].error?.contains("found by run \(next)") == true)
    #expect(history[1].files.map(\.path) == ["a.csv"])
    #expect(try upgraded.integrityProblems().isEmpty)
  }

  @Test func aWarehouseFromANewerCrmpipeIsRefused() throws {
    let path = "\(TestFiles.temporaryDirectory())/w.sqlite"
    try SQLiteDatabase(path: path).execute("PRAGMA user_version = 99")
    let error = #expect(throws: WarehouseError.self) { try Warehouse(path: path) }
    #expect(error?.message.contains("schema version 99, newer than this crmpipe knows (\(Schema.migrations.count))") == true)
  }

  @Test func aLaterMigrationUpgradesInPlaceAndAFailedOneChangesNothing() throws {
    let path = "\(TestFiles.temporaryDirectory())/w.sqlite"
    try Warehouse(path: path).apply(
      Settings(
        baseCurrency: "EUR", timeZone: DateText.utc, firstDayOfWeek: .monday, users: [User(id: "u1", name: "U", email: nil)],
        dealStages: []))
    let upgraded = try Warehouse(path: path, migrations: Schema.migrations + ["ALTER TABLE users ADD COLUMN time_zone TEXT"])
    #expect(try upgraded.schemaVersion() == Schema.migrations.count + 1)
    #expect(try upgraded.users().map(\.id) == ["u1"])

    let broken =
      Schema.migrations + ["ALTER TABLE users ADD COLUMN time_zone TEXT", "CREATE TABLE t (a); ALTER TABLE nowhere ADD b"]
    let error = #expect(throws: WarehouseError.self) { try Warehouse(path: path, migrations: broken) }
    #expect(
      error?.message.contains(
        "to schema version \(Schema.migrations.count + 2) failed, nothing changed: SQLite error 1: no such table: nowhere")
        == true)
    let after = try Warehouse(path: path, migrations: Schema.migrations + ["ALTER TABLE users ADD COLUMN time_zone TEXT"])
    #expect(try after.schemaVersion() == Schema.migrations.count + 1)
    #expect(try after.tableCounts()["t"] == nil)
  }

  @Test func schemaThreeKeepsAVersionTwoWarehousesContactsDetailsAndSourceRows() throws {
    let path = "\(TestFiles.temporaryDirectory())/w.sqlite"
    let old = try Warehouse(path: path, migrations: Array(Schema.migrations.prefix(2)))
    try old.db.execute(
      """
      INSERT INTO import_runs VALUES (1, 'p', 'x', 'x', NULL, 'succeeded');
      INSERT INTO import_files (id, run_id, stage_kind, stage_id, path, sha256) VALUES (1, 1, 'k', 's', 'f.csv', 'h');
      INSERT INTO contacts (id, kind, company_name, display_name, match_name, created_at) VALUES (1, 'company', 'Acme', 'Acme', 'acme', 't');
      INSERT INTO contacts (id, kind, first_name, display_name, match_name, company_id, created_at, origin)
        VALUES (2, 'person', 'Ana', 'Ana', 'ana', 1, 't', 'call');
      INSERT INTO contact_emails (id, contact_id, email, email_key, is_primary) VALUES (5, 2, 'b@x.org', 'b@x.org', 1);
      INSERT INTO contact_emails (id, contact_id, email, email_key, is_primary) VALUES (9, 2, 'A@x.org', 'a@x.org', 0);
      INSERT INTO contact_phones (id, contact_id, phone, e164, is_valid, is_primary) VALUES (3, 2, '06', '+336', 1, 1);
      INSERT INTO contact_external_ids VALUES ('crm', '42', 2);
      INSERT INTO source_rows (file_id, line, entity, entity_id, action, raw) VALUES (1, 2, 'contact', 2, 'inserted', 'Ana');
      """)
    let upgraded = try Warehouse(path: path)
    #expect(try upgraded.schemaVersion() == Schema.migrations.count)
    #expect(try upgraded.pragma("foreign_keys") == "1")
    let explained = try #require(try upgraded.explainContact(2))
    #expect(explained.emails == ["b@x.org", "A@x.org"])
    #expect(explained.phones.map(\.e164) == ["+336"])
    #expect(explained.sources.map(\.raw) == ["Ana"])
    #expect(explained.fields.contains { $0 == ("company_id", "1") })
    #expect(try upgraded.contactMatchData().first { $0.id == 2 }?.externalIDs == ["crm\u{1F}42"])
    #expect(try upgraded.integrityProblems().isEmpty)
    let error = #expect(throws: SQLiteError.self) {
      try upgraded.db.execute("INSERT INTO contacts (kind, display_name, match_name, created_at) VALUES ('robot', 'R', 'r', 't')")
    }
    #expect(error?.message.contains("CHECK constraint failed") == true)
  }

  @Test func aBulkLoadDropsTheRandomOrderIndexesAndBuildsThemAgain() throws {
    let path = "\(TestFiles.temporaryDirectory())/w.sqlite"
    let warehouse = try Warehouse(path: path)
    func indexes() throws -> Set<String> {
      Set(try SQLiteDatabase(path: path).query("SELECT name FROM sqlite_master WHERE type = 'index'").compactMap { $0[0].string })
    }
    let deferrable = Set((Schema.deferrableIndexes(.contacts) + Schema.deferrableIndexes(.deals)).map(\.name))
    #expect(try indexes().isSuperset(of: deferrable))
    try warehouse.transaction {
      try warehouse.dropDeferrableIndexes(.contacts)
      try warehouse.dropDeferrableIndexes(.deals)
      var contact = ContactRecord(kind: .person, createdAt: Date())
      contact.firstName = "Ana"
      contact.emails = ["ana@x.org"]
      contact.phones = [PhoneValue(raw: "06 12 34 56 78", e164: "+33612345678", problem: nil)]
      _ = try warehouse.insertContact(contact, companyID: nil, provenance: Provenance(priority: 0, sequence: 1))
      try warehouse.rebuildDeferredIndexes(.contacts)
      try warehouse.rebuildDeferredIndexes(.deals)
    }
    #expect(try indexes().isSuperset(of: deferrable))
    #expect(try warehouse.contactID(email: "ANA@x.org") != nil)
    #expect(try warehouse.integrityProblems().isEmpty)
  }

  @Test func aBulkLoadUsesARollbackJournalWhenAloneAndGoesBackToTheLog() throws {
    let path = "\(TestFiles.temporaryDirectory())/w.sqlite"
    let warehouse = try Warehouse(path: path)
    var contact = ContactRecord(kind: .person, createdAt: Date())
    contact.firstName = "Ana"
    let provenance = Provenance(priority: 0, sequence: 1)
    // Alone: the journal during the body, the log again after it.
    let inside = try warehouse.withRollbackJournal {
      try warehouse.transaction { _ = try warehouse.insertContact(contact, companyID: nil, provenance: provenance) }
      return try warehouse.pragma("journal_mode")
    }
    #expect(inside == "delete")
    #expect(try warehouse.pragma("journal_mode") == "wal")
    // A failed body rolls back in the journal too, and the log comes back.
    struct Stop: Error {}
    #expect(throws: Stop.self) {
      try warehouse.withRollbackJournal {
        try warehouse.transaction {
          _ = try warehouse.insertContact(contact, companyID: nil, provenance: provenance)
          throw Stop()
        }
      }
    }
    #expect(try warehouse.pragma("journal_mode") == "wal")
    #expect(try warehouse.tableCounts()["contacts"] == 1)
    // Another connection open (a report reading): the body runs in the log.
    let reader = try Warehouse.reader(path, mapped: false)
    _ = try reader.tableCounts()
    #expect(try warehouse.withRollbackJournal { try warehouse.pragma("journal_mode") } == "wal")
    #expect(try warehouse.integrityProblems().isEmpty)
  }

  @Test func emailsAndPhonesKeepTheOrderTheyCameInAcrossMerges() throws {
    let warehouse = try Warehouse(path: "\(TestFiles.temporaryDirectory())/w.sqlite")
    var first = ContactRecord(kind: .person, createdAt: Date())
    first.firstName = "Ana"
    first.emails = ["b@x.org", "a@x.org"]
    let id = try warehouse.insertContact(first, companyID: nil, provenance: Provenance(priority: 0, sequence: 1))
    var later = first
    later.emails = ["A@x.org", "c@x.org"]
    later.phones = [PhoneValue(raw: "bad", e164: nil, problem: "not a number")]
    _ = try warehouse.mergeContact(id, with: later, companyID: nil, provenance: Provenance(priority: 0, sequence: 2))
    let explained = try #require(try warehouse.explainContact(id))
    #expect(explained.emails == ["b@x.org", "a@x.org", "c@x.org"])
    #expect(explained.phones.map(\.0) == ["bad"])
  }

  @Test func foreignKeysAreEnforced() throws {
    let warehouse = try Warehouse(path: "\(TestFiles.temporaryDirectory())/w.sqlite")
    var contact = ContactRecord(kind: .person, createdAt: Date())
    contact.firstName = "A"
    contact.lastName = "B"
    contact.responsibles = ["nobody"]
    #expect(throws: SQLiteError.self) {
      try warehouse.insertContact(contact, companyID: nil, provenance: Provenance(priority: 0, sequence: 1))
    }
  }

  @Test func survivorshipKeepsOneBaseProvenanceAndOnlyTheFieldsThatDifferFromIt() throws {
    let warehouse = try Warehouse(path: "\(TestFiles.temporaryDirectory())/w.sqlite")
    func row(_ first: String, _ job: String?) -> ContactRecord {
      var contact = ContactRecord(kind: .person, createdAt: Date(timeIntervalSince1970: 0))
      (contact.firstName, contact.lastName, contact.jobTitle) = (first, "Martin", job)
      return contact
    }
    let id = try warehouse.insertContact(row("Jean", "Sales"), companyID: nil, provenance: .init(priority: 0, sequence: 1))
    // Later rows with the same fields move the base: no per-field rows.
    #expect(
      try warehouse.mergeContact(id, with: row("Jean", "Buyer"), companyID: nil, provenance: .init(priority: 0, sequence: 2)))
    #expect(try warehouse.tableCounts()["contact_field_sources"] == 0)
    // A high-priority source sets the first name only; a later low-priority row cannot change it.
    _ = try warehouse.mergeContact(id, with: row("Jehan", nil), companyID: nil, provenance: .init(priority: 5, sequence: 3))
    _ = try warehouse.mergeContact(id, with: row("John", "CEO"), companyID: nil, provenance: .init(priority: 0, sequence: 4))
    let state = try #require(try warehouse.goldenState(id))
    #expect(state.value("first_name") == "Jehan")
    #expect(state.value("job_title") == "CEO")
    #expect(state.provenance("first_name") == Provenance(priority: 5, sequence: 3))
    #expect(state.provenance("job_title") == Provenance(priority: 0, sequence: 4))
    // The base is the priority-5 row (first and last name); the job title and the default
    // access of priority 0 keep rows of their own.
    #expect(state.base == Provenance(priority: 5, sequence: 3))
    #expect(try warehouse.tableCounts()["contact_field_sources"] == 2)
    // The same row again changes nothing.
    #expect(
      try !warehouse.mergeContact(id, with: row("John", "CEO"), companyID: nil, provenance: .init(priority: 0, sequence: 4)))
  }

  /// A merge that keeps the contact's company (saved by the statement without `company_id`)
  /// and one that brings another company both save the contact's values where they belong.
  @Test func aMergeSetsTheCompanyOnlyWhenItChanges() throws {
    let warehouse = try Warehouse(path: "\(TestFiles.temporaryDirectory())/w.sqlite")
    func company(_ name: String) throws -> Int64 {
      var record = ContactRecord(kind: .company, createdAt: Date(timeIntervalSince1970: 0))
      record.companyName = name
      return try warehouse.insertContact(record, companyID: nil, provenance: .init(priority: 0, sequence: 0))
    }
    let (acme, globex) = (try company("Acme"), try company("Globex"))
    func row(_ job: String) -> ContactRecord {
      var contact = ContactRecord(kind: .person, createdAt: Date(timeIntervalSince1970: 0))
      (contact.firstName, contact.lastName, contact.jobTitle) = ("Ana", "Lima", job)
      return contact
    }
    let id = try warehouse.insertContact(row("Sales"), companyID: acme, provenance: .init(priority: 0, sequence: 1))
    func saved() throws -> (company: Int64?, job: String?) {
      let state = try #require(try warehouse.goldenState(id))
      return (state.companyID, state.value("job_title"))
    }
    #expect(try warehouse.mergeContact(id, with: row("Buyer"), companyID: acme, provenance: .init(priority: 0, sequence: 2)))
    #expect(try saved() == (acme, "Buyer"))
    #expect(try warehouse.mergeContact(id, with: row("Buyer"), companyID: globex, provenance: .init(priority: 0, sequence: 3)))
    #expect(try saved() == (globex, "Buyer"))
    // A row without a company leaves the contact's.
    #expect(try warehouse.mergeContact(id, with: row("CEO"), companyID: nil, provenance: .init(priority: 0, sequence: 4)))
    #expect(try saved() == (globex, "CEO"))
    #expect(try warehouse.integrityProblems().isEmpty)
  }
}
