import Foundation
import PipelineTestSupport
import SQLiteBridge
import Testing

/// Real files that broke crmpipe (issue 23, items 14 and 15): a French Outlook export, a
/// `#2` mapping of a header the file has once, day-first dates only in a task's deadline or an
/// invoice's dates, and a file every row of which was rejected, imported again once fixed.
@Suite(.serialized) struct InputFilesTests {
  let out = TestFiles.temporaryDirectory("crmpipe-input-files")

  func strings(_ db: SQLiteDatabase, _ sql: String) throws -> [String] {
    try db.query(sql).map { row in row.map { $0.string ?? $0.int.map(String.init) ?? "" }.joined(separator: "|") }
  }

  @Test func aFrenchOutlookExportIsGuessedAndImported() throws {
    let file = try TestFiles.write(
      "Prénom,Nom,Adresse de messagerie\nJean,Dupont,jean.dupont@exemple.fr\n", to: "outlook.csv", in: out)
    let guess = try Binary.run(["guess", file])
    #expect(guess.status == 0, "\(guess.stderr)")
    #expect(guess.stdout.contains("preset: outlook-fr"))
    for preset in ["auto", "outlook-fr"] {
      let warehouse = "\(out)/\(preset).sqlite"
      let result = try Binary.run(["import", "contacts", file, "--warehouse", warehouse, "--preset", preset, "--quiet"])
      #expect(result.status == 0, "\(preset): \(result.stderr)")
      let db = try SQLiteDatabase(path: warehouse)
      #expect(try strings(db, "SELECT first_name, last_name FROM contacts") == ["Jean|Dupont"])
      #expect(try strings(db, "SELECT email FROM contact_emails") == ["jean.dupont@exemple.fr"])
    }
  }

  @Test func aSecondOccurrenceOfAHeaderTheFileHasOnceIsAMappingError() throws {
    let file = try TestFiles.write("Titre,Prénom,Nom\nM.,Jean,Dupont\n", to: "titre.csv", in: out)
    let mapping = try TestFiles.write("first_name: Prénom\nlast_name: Nom\njob_title: Titre#2\n", to: "m.yml", in: out)
    let result = try Binary.run(["import", "contacts", file, "--warehouse", "\(out)/w.sqlite", "--mapping", mapping])
    #expect(result.status == 3, "\(result.stderr)")
    #expect(
      result.stderr.contains(
        "titre.csv:1: error: [import.contacts] column 'Titre#2' (mapped to job_title) asks for occurrence 2 of 'Titre', which the header has once; write 'Titre'"
      ))
    #expect(result.stderr.contains("m.yml:3:1: note: mapped here"))
    #expect(!result.stderr.contains("Backtrace"))
  }

  static let settings = """
    base_currency: EUR
    time_zone: Europe/Paris
    users: [{id: ana, name: Ana Lima, email: ana@example.com}]
    """

  /// Day first is told by a deadline (25/11) or an invoice's due date (20/11) alone: the other
  /// rows' dates (02/12, 05/11) are then read day first, not rejected as ambiguous.
  @Test func theDayOrderComesFromEveryDateColumn() throws {
    let files = [
      "settings.yml": Self.settings,
      "tasks.csv": "Title,Category,Deadline,Owner\nT1,Email,25/11/2026,ana\nT2,Email,02/12/2026,ana\n",
      "contacts.csv": "First,Last,Email\nJean,Roux,jean@roux.fr\n",
      "invoices.csv": """
      Number,Status,Issue,Due,Client,Owner,Product,Qty,Price
      I1,sent,05/11/2026,20/11/2026,jean@roux.fr,ana,Kit,1,10
      I2,sent,03/11/2026,04/12/2026,jean@roux.fr,ana,Kit,1,10

      """,
    ]
    let stages = """
        - kind: import.contacts
          input: contacts.csv
          mapping: {first_name: First, last_name: Last, email: Email}
        - kind: import.tasks
          input: tasks.csv
          mapping: {title: Title, category: Category, deadline: Deadline, responsible: Owner}
        - kind: import.invoices
          input: invoices.csv
          mapping: {number: Number, status: Status, issue_date: Issue, due_date: Due, client_email: Client, responsible: Owner, product: Product, quantity: Qty, price: Price}

      """
    let summary = try RunSupport.run(try RunSupport.pipeline(stages: stages, files: files), out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    #expect(summary.stages.map(\.counts.rejected) == [0, 0, 0])
    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    // Day first, due by the end of the day in Paris (UTC+1).
    #expect(
      try strings(db, "SELECT title, deadline FROM tasks ORDER BY title") == [
        "T1|2026-11-25T22:59:59Z", "T2|2026-12-02T22:59:59Z",
      ])
    #expect(
      try strings(db, "SELECT number, issue_date FROM invoices ORDER BY number") == [
        "I1|2026-11-04T23:00:00Z", "I2|2026-11-02T23:00:00Z",
      ])
  }

  /// Every row rejected (dates nothing in the file orders): the file did not land, so once the
  /// stage says `date_format`, the same file is imported, and its old rejects are gone.
  @Test func aFileEveryRowOfWhichWasRejectedIsImportedAgainOnceFixed() throws {
    let files = [
      "settings.yml": Self.settings,
      "tasks.csv": "Title,Category,Deadline,Owner\nT1,Email,05/11/2026,ana\nT2,Email,02/12/2026,ana\n",
    ]
    let stage = { (format: String) in
      """
        - kind: import.tasks
          input: tasks.csv
          mapping: {title: Title, category: Category, deadline: Deadline, responsible: Owner}
      \(format)

      """
    }
    let folder = TestFiles.temporaryDirectory()
    let first = try RunSupport.run(try RunSupport.pipeline(stages: stage(""), files: files, folder: folder), out: out)
    #expect(first.stages.first?.counts.rejected == 2)
    let fixed = try RunSupport.pipeline(stages: stage("    date_format: dd/mm/yyyy"), files: files, folder: folder)
    let second = try RunSupport.run(fixed, out: out)
    #expect(second.failure == nil, "\(second.failure?.description ?? "")")
    #expect(second.stages.first?.filesImported == 1)
    #expect(second.stages.first?.counts.inserted == 2)
    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    #expect(try strings(db, "SELECT count(*) FROM tasks") == ["2"])
    #expect(try strings(db, "SELECT count(*) FROM rejected_rows") == ["0"])
    #expect(try strings(db, "SELECT count(*) FROM import_files") == ["1"])
    // Landed now: a third run skips it.
    let third = try RunSupport.run(fixed, out: out)
    #expect(third.stages.first?.filesSkipped.count == 1)
  }
}

extension InputFilesTests {
  /// The header list of input-formats.md 3.3: a full name `Nom`, then `Titre` (salutation),
  /// `Prénom`, `Nom`, `Société`, `Titre` (job title) ... with `Adresse de messagerie 2`.
  @Test func theFullFrenchOutlookHeaderMapsEachNomAndTitreByOccurrence() throws {
    let stage =
      "  - kind: import.contacts\n    input: \(TestFiles.fixture("issue23/messages/outlook-fr-full.csv"))\n    preset: auto\n"
    let summary = try RunSupport.run(try RunSupport.pipeline(stages: stage, files: [:]), out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    #expect(summary.stages.first?.notes.first?.message.contains("preset outlook-fr") == true)
    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    #expect(
      try strings(db, "SELECT first_name, last_name, job_title FROM contacts WHERE kind = 'person'") == [
        "Claire|Moreau|Directrice commerciale"
      ])
    #expect(
      try strings(db, "SELECT email FROM contact_emails ORDER BY email") == ["c.moreau@perso.fr", "claire.moreau@vignoble.fr"])
  }
}
