import CSVBridge
import Foundation
import PipelineTestSupport
import SQLiteBridge
import Stages
import Testing
import Warehouse

/// Runs the built `crmpipe` binary as a user would.
@Suite(.serialized) struct EndToEndTests {
  func crmpipe(_ arguments: [String], environment: [String: String] = [:]) throws -> Binary.Result {
    try Binary.run(arguments, environment: environment)
  }

  @Test func theNightlyPipelineRunsOnTheSampleDataAndRerunsChangeNothing() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-e2e")
    let first = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    #expect(first.status == 1, "\(first.stderr)")  // success, with the sample data's rejected rows
    #expect(
      first.stdout.contains(
        "contacts           files 2 imported, 0 skipped | rows read 298: inserted 280, updated 10, skipped 7, rejected 1"))
    #expect(
      first.stdout.contains(
        "rates              files 2 imported, 0 skipped | rows read 20: inserted 20, updated 0, skipped 0, rejected 0"))
    #expect(
      first.stdout.contains(
        "deals              files 2 imported, 0 skipped | rows read 156: inserted 156, updated 0, skipped 0, rejected 0 | warnings 3"
      ))
    #expect(
      first.stdout.contains(
        "webform            files 2 imported, 0 skipped | rows read 32: inserted 23, updated 4, skipped 0, rejected 5"))
    #expect(
      first.stdout.contains(
        "calls              files 4 imported, 0 skipped | rows read 64: inserted 52, updated 10, skipped 2, rejected 0"))
    #expect(
      first.stdout.contains(
        "events             files 1 imported, 0 skipped | rows read 8: inserted 7, updated 0, skipped 0, rejected 1"))
    #expect(
      first.stdout.contains(
        "tasks              files 1 imported, 0 skipped | rows read 44: inserted 41, updated 0, skipped 0, rejected 3 | warnings 1"
      ))
    #expect(
      first.stdout.contains(
        "invoices           files 1 imported, 0 skipped | rows read 21: inserted 19, updated 0, skipped 0, rejected 2 | warnings 1"
      ))
    #expect(first.stdout.contains("rejected rows: 13, written to"))
    for report in [
      "sales-funnel-current-quarter", "sales-funnel-during-all-time", "sales-forecast-current-quarter",
      "sales-by-managers-current-month", "workload-contacts-current-month", "workload-deals-current-month",
      "workload-calls-current-month", "workload-tasks-current-month", "workload-invoices-current-month",
      "summary-period-current-month", "summary-now-current-quarter", "managers/amartin-workload-deals-current-month",
    ] {
      #expect(FileManager.default.fileExists(atPath: "\(out)/reports/\(report).xlsx"))
    }

    // The month's opportunities include deals in yen and dollars, converted through the
    // inverse of the ECB's euro rates: the sheet says so.
    let workload = try #require(
      try XLSXDocument(path: "\(out)/reports/workload-deals-current-month.xlsx").sheet(named: "Opportunities by managers"))
    let note = try #require((1...200).first { workload.text("A\($0)")?.hasPrefix("Rates not given directly") == true })
    #expect(workload.text("A\(note + 1)")?.contains("→ EUR on 2026-11-28:") == true)
    #expect(workload.text("A\(note + 1)")?.hasSuffix("(inverse)") == true)

    // The all-time funnel adds up to the deals files, summed here independently of crmpipe:
    // a deal in another currency is its value divided by the ECB rate in force on the as-of
    // day (Friday's daily file), rounded half to even to cents.
    var eurRate: [String: Decimal] = [:]
    var rateHeader: [String] = []
    try CSVReader(path: "\(TestFiles.root)/SampleData/rates/eurofxref.csv").forEachRecord { record in
      let cells = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
      if rateHeader.isEmpty { rateHeader = cells; return }
      for (code, cell) in zip(rateHeader, cells) where code != "Date" && !code.isEmpty { eurRate[code] = Decimal(string: cell) }
    }
    var budget = Decimal(0), count = 0, won = 0, lost = 0
    for file in ["2026-11-28.csv", "2026-11-28-international.csv"] {
      var header: [String] = []
      try CSVReader(path: "\(TestFiles.root)/SampleData/deals/\(file)").forEachRecord { record in
        if header.isEmpty { header = record.fields; return }
        let row = Dictionary(uniqueKeysWithValues: zip(header, record.fields))
        let periods = Int(row["Periods"] ?? "") ?? 0
        let amount = Decimal(string: row["Budget"] ?? "0") ?? 0
        var value = row["Bid Type"] == "fixed" ? amount : amount * Decimal(max(periods, 1))
        if let currency = row["Currency"], currency != "EUR", let rate = eurRate[currency] {
          var exact = value / rate
          NSDecimalRound(&value, &exact, 2, .bankers)
        }
        budget += value
        count += 1
        if row["Stage"] == "Closure/Transaction" { won += 1 }
        if row["Stage"] == "Unsuccessfully closed" { lost += 1 }
      }
    }
    #expect(eurRate.count == 11)
    let sheet = try #require(
      try XLSXDocument(path: "\(out)/reports/sales-funnel-during-all-time.xlsx").sheet(named: "Sales funnel"))
    #expect(sheet.decimal("C6") == Decimal(count))
    #expect(sheet.decimal("C7") == budget)
    #expect(sheet.text("B3") == "Period: During all time (Europe/Paris)")
    let statusCounts = (25...27).compactMap { sheet.decimal("C\($0)") }
    #expect(statusCounts == [Decimal(count - won - lost), Decimal(won), Decimal(lost)])

    let again = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    #expect(again.status == 0)
    #expect(again.stdout.contains("contacts           files 0 imported, 2 skipped | rows read 0"))
    #expect(again.stdout.contains("already imported by run 1"))
    let rejects = try String(contentsOfFile: "\(out)/warehouse.rejects.csv", encoding: .utf8)
    #expect(rejects.split(separator: "\n").count == 14)
  }

  @Test func validateStagesAndHelpWork() throws {
    let valid = try crmpipe(["validate", "Pipelines/nightly.yml"])
    #expect(valid.status == 0)
    #expect(
      valid.stdout
        == "Pipelines/nightly.yml: ok (20 stages: contacts, rates, deals, webform, calls, events, tasks, invoices, funnel-quarter, funnel-all-time, forecast-quarter, sales-month, workload-contacts, workload-deals, workload-calls, workload-tasks, workload-invoices, summary-month, summary-now, manager-workbooks)\n"
    )
    let stages = try crmpipe(["stages"])
    #expect(stages.status == 0)
    for kind in ["import.contacts:", "import.deals:", "report.sales-funnel:"] { #expect(stages.stdout.contains(kind)) }
    #expect(stages.stdout.contains("  on_error (one of skip, fail, default skip):"))
    let help = try crmpipe(["run", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--as-of"))
  }

  @Test func anInvalidPipelineExitsWithStatus2AndSaysWhere() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-e2e")
    let path = try TestFiles.write(
      "version: 1\nwarehouse: w.sqlite\nsettings: {base_currency: EUR}\nstages:\n  - kind: import.contact\n", to: "bad.yml",
      in: folder)
    let result = try crmpipe(["run", path])
    #expect(result.status == 2)
    #expect(
      result.stderr == """
        \(path):5:11: error: [pipeline] unknown stage kind 'import.contact'; did you mean 'import.contacts'?
        crmpipe: 1 problem in \(path); nothing was run

        """)
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/w.sqlite"))
    let badDate = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "28/11/2026"])
    #expect(badDate.status == 2)
    #expect(badDate.stderr == "crmpipe: --as-of expects a date as YYYY-MM-DD, got '28/11/2026'\n")
  }

  @Test func aFailedRunExitsWith3AndNamesTheFileAndLine() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-e2e")
    try TestFiles.write("base_currency: EUR\n", to: "settings.yml", in: folder)
    try TestFiles.write("Name,Company\n\"Bad\"x,Acme\n", to: "c.csv", in: folder)
    let path = try TestFiles.write(
      "version: 1\nwarehouse: w.sqlite\nsettings: settings.yml\nstages:\n  - kind: import.contacts\n    input: c.csv\n    mapping: {company_name: Company}\n",
      to: "p.yml", in: folder)
    let result = try crmpipe(["run", path])
    #expect(result.status == 3)
    #expect(result.stderr.hasPrefix("\(folder)/c.csv:2: error: [import.contacts] field 1 ('Name'): malformed quoting"))
    #expect(result.stderr.contains("\(folder)/p.yml:5:5: note: in the stage defined here"))
  }

  /// 0 clean, 1 rows rejected, 2 usage, 3 input (above), 4 missing rates, 5 running (below), 6 internal.
  @Test func exitCodesSayHowARunEnded() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-e2e")
    try TestFiles.write("base_currency: EUR\nusers: [{id: ana, name: Ana Lima}]\n", to: "settings.yml", in: folder)
    try TestFiles.write("First,Last,Email\nAna,Lima,ana@example.com\n", to: "good.csv", in: folder)
    try TestFiles.write("First,Last,Email\nAna,Lima,ana@example.com\n,,\n", to: "one-bad.csv", in: folder)
    try TestFiles.write(
      "ID,Title,Owner,Stage,Currency,Budget,Created\nD1,Audit,ana,Proposal,USD,100,2026-11-02\n", to: "deals.csv",
      in: folder)
    func pipeline(_ name: String, _ stages: String) throws -> String {
      try TestFiles.write(
        "version: 1\nwarehouse: \(name).sqlite\nsettings: settings.yml\nstages:\n" + stages, to: "\(name).yml", in: folder)
    }
    let contacts = "  - kind: import.contacts\n    input: %@\n    mapping: {first_name: First, last_name: Last, email: Email}\n"
    let clean = try crmpipe(["run", try pipeline("clean", contacts.replacingOccurrences(of: "%@", with: "good.csv"))])
    #expect(clean.status == 0, "\(clean.stderr)")
    // A warehouse that fails in a way nothing plans for (here a trigger someone added) is an
    // internal error, and the file it failed on is not imported.
    try SQLiteDatabase(path: "\(folder)/clean.sqlite").execute(
      "CREATE TRIGGER boom BEFORE INSERT ON contacts BEGIN SELECT RAISE(ABORT, 'boom'); END;")
    try TestFiles.write("First,Last,Email\nBob,Stone,bob@example.com\n", to: "good.csv", in: folder)
    let broken = try crmpipe(["run", "\(folder)/clean.yml"])
    #expect(broken.status == 6, "\(broken.stderr)")
    #expect(broken.stderr.contains("boom"))
    let rejected = try crmpipe(["run", try pipeline("rejected", contacts.replacingOccurrences(of: "%@", with: "one-bad.csv"))])
    #expect(rejected.status == 1, "\(rejected.stderr)")
    #expect(rejected.stdout.contains("rejected rows: 1, written to"))
    let usage = try crmpipe(["run"])
    #expect(usage.status == 2)
    #expect(usage.stderr.contains("Missing expected argument '<pipeline>'"))
    try TestFiles.write("the previous report\n", to: "tasks.xlsx", in: folder)
    let rates = try crmpipe([
      "run",
      try pipeline(
        "rates",
        """
          - kind: import.deals
            input: deals.csv
            mapping: {external_id: ID, title: Title, responsible: Owner, stage: Stage, bid_currency: Currency, bid_value: Budget, created: Created}
          - kind: report.workload-tasks
            output: tasks.xlsx
          - kind: report.sales-funnel
            period: current-quarter
            output: funnel.xlsx

        """),
      "--as-of", "2026-11-28",
    ])
    #expect(rates.status == 4, "\(rates.stderr)")
    #expect(rates.stderr.contains("USD"))
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/funnel.xlsx"))
    // The report the run wrote before it failed is not put in place: the previous one stays.
    #expect(try String(contentsOfFile: "\(folder)/tasks.xlsx", encoding: .utf8) == "the previous report\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pending") }.isEmpty)
  }

  @Test func jsonLogsParseQuietIsQuietAndValuesAreMaskedUnlessAsked() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-e2e")
    let run = try crmpipe(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--log-format", "json"], environment: ["CRMPIPE_OUT": out])
    #expect(run.status == 1, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    #expect(!lines.isEmpty && lines.allSatisfy { $0 != nil }, "\(run.stdout)")
    let events = lines.compactMap { $0?["event"] as? String }
    #expect(events.filter { $0 == "stage-started" }.count == 20)
    #expect(events.filter { $0 == "stage-finished" }.count == 20)
    let finished = try #require(lines.last ?? nil)
    #expect(finished["event"] as? String == "run-finished")
    #expect(finished["status"] as? String == "succeeded")
    #expect(finished["exit_code"] as? Int == 1)
    #expect(finished["rejected_rows"] as? Int == 13)
    let contacts = lines.compactMap { $0 }.first {
      $0["event"] as? String == "stage-finished" && $0["stage"] as? String == "contacts"
    }
    #expect(contacts?["inserted"] as? Int == 280)
    #expect(run.stderr.isEmpty)
    // An email in a reject reason is masked, unless --show-values.
    let rejects = lines.compactMap { $0 }.filter { $0["event"] as? String == "rejected-row" }.compactMap {
      $0["reason"] as? String
    }
    #expect(rejects.contains { $0.contains("***@") })

    let again = TestFiles.temporaryDirectory("crmpipe-e2e")
    let shown = try crmpipe(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--show-values"], environment: ["CRMPIPE_OUT": again])
    #expect(shown.status == 1)
    #expect(shown.stdout.contains("no contact matches '"))
    #expect(!shown.stdout.contains("***@"))

    let quiet = try crmpipe(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--quiet"],
      environment: ["CRMPIPE_OUT": TestFiles.temporaryDirectory("crmpipe-e2e")])
    #expect(quiet.status == 1)
    #expect(quiet.stdout.isEmpty)
    #expect(quiet.stderr.isEmpty)
  }

  @Test func guessPrintsTheDialectAndAStageBlock() throws {
    let result = try crmpipe(["guess", "Tests/crmpipeTests/Fixtures/csv/presets/excel-fr.csv"])
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        Tests/crmpipeTests/Fixtures/csv/presets/excel-fr.csv: windows-1252, delimiter ';', CRLF, 9 columns
        preset: none fits; mapping from common header names
        dates: dd/mm/yyyy

          - kind: import.contacts
            input: Tests/crmpipeTests/Fixtures/csv/presets/excel-fr.csv
            mapping:
              first_name: Prénom
              last_name: Nom
              company_name: Société
              email: E-mail
              phone: Téléphone
              city: Ville
              country: Pays
              created: Date de création
            # not mapped: Chiffre d'affaires

        """)
  }

  @Test func importThenExportAMigrationWithoutAPipelineFile() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-e2e")
    let csv =
      "First,Last,Email,Phone,Job\nAna,Lima,ana@x.org,06 12 34 56 78,\"=HYPERLINK(\"\"http://x\"\")\"\nAna,Lima,ANA@x.org,,@boss\n"
    let file = try TestFiles.write(csv, to: "people.csv", in: folder)
    let mapping = try TestFiles.write(
      "first_name: First\nlast_name: Last\nemail: Email\nphone: Phone\njob_title: Job\n", to: "m.yml", in: folder)
    let imported = try crmpipe([
      "import", "contacts", file, "--warehouse", "\(folder)/w.sqlite", "--mapping", mapping, "--region", "FR",
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("rows read 2: inserted 1, updated 1, skipped 0, rejected 0"))
    let exported = try crmpipe(["export", "--warehouse", "\(folder)/w.sqlite", "--out", "\(folder)/export"])
    #expect(exported.status == 0)
    for name in ["deals", "calls", "contact_history", "tasks", "events", "invoices", "invoice_lines", "exchange_rates"] {
      #expect(FileManager.default.fileExists(atPath: "\(folder)/export/\(name).csv"), "\(name).csv")
    }
    var contacts: [[String]] = []
    try CSVReader(path: "\(folder)/export/contacts.csv").forEachRecord { contacts.append($0.fields) }
    #expect(contacts.count == 2)
    let row = Dictionary(uniqueKeysWithValues: zip(contacts[0], contacts[1]))
    #expect(row["job_title"] == "'@boss")  // the later row won, neutralised
    #expect(row["phone"] == "+33612345678")  // a number, not a formula: kept as it is
    var sources: [[String]] = []
    try CSVReader(path: "\(folder)/export/contact_sources.csv").forEachRecord { sources.append($0.fields) }
    #expect(
      sources.map { [$0[1], $0[4], $0[5], $0[6]] } == [
        ["line", "contact_id", "action", "rule"], ["2", "1", "inserted", ""], ["3", "1", "updated", "email"],
      ])
    // The link's probability, weight and evidence field by field.
    #expect(Array(sources[0].suffix(3)) == ["probability", "weight", "evidence"])
    #expect(sources[2][7] == "1.0" || sources[2][7].hasPrefix("0.99"), "\(sources[2])")
    #expect(Double(sources[2][8]) ?? 0 > 0)
    #expect(sources[2][9].contains("\"email\":[\"exact\""))
  }

  /// The nightly pipeline's twelve report stages run side by side; each, run alone in its own
  /// pipeline on the same warehouse, writes the same bytes.
  @Test func reportStagesSideBySideWriteWhatEachWritesAlone() throws {
    let together = TestFiles.temporaryDirectory("crmpipe-e2e")
    let run = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": together])
    #expect(run.status == 1, "\(run.stderr)")
    let nightly = try String(contentsOfFile: "Pipelines/nightly.yml", encoding: .utf8)
    let reports = nightly.components(separatedBy: "\n\n").filter {
      $0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("- kind: report.")
    }
    #expect(reports.count == 12)
    // In the summary, the stages are in the pipeline's order.
    let ids = reports.compactMap { $0.components(separatedBy: "id: ").dropFirst().first?.prefix { $0 != "\n" } }
    let positions = ids.compactMap { run.stdout.range(of: "  \($0) ")?.lowerBound }
    #expect(positions.count == 12 && positions == positions.sorted(), "\(run.stdout)")

    let alone = TestFiles.temporaryDirectory("crmpipe-e2e")
    let settings = FileManager.default.currentDirectoryPath + "/SampleData/settings.yml"
    for (index, stage) in reports.enumerated() {
      let pipeline = try TestFiles.write(
        "version: 1\nwarehouse: \(together)/warehouse.sqlite\nsettings: \(settings)\nstages:\n\(stage)\n",
        to: "report-\(index).yml", in: alone)
      let one = try crmpipe(["run", pipeline, "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": alone])
      #expect(one.status == 0, "\(one.stderr)")
    }
    let written = try FileManager.default.subpathsOfDirectory(atPath: "\(together)/reports").filter {
      $0.hasSuffix(".xlsx")
    }
    #expect(written.count == 16)  // eleven reports and five managers' workbooks
    for path in written {
      let (a, b) = (
        FileManager.default.contents(atPath: "\(together)/reports/\(path)"),
        FileManager.default.contents(atPath: "\(alone)/reports/\(path)")
      )
      #expect(a != nil && a == b, "\(path)")
    }
  }

  @Test func aReportIsMadeAgainFromTheWarehouseAloneForAnyPeriod() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-e2e")
    _ = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    let result = try crmpipe([
      "report", "workload-deals", "--warehouse", "\(out)/warehouse.sqlite", "--period", "during-all-time", "--as-of",
      "2026-11-28", "--out", "\(out)/all-deals.xlsx",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("run 2 of crmpipe report workload-deals, as of 2026-11-28"))
    let sheet = try #require(try XLSXDocument(path: "\(out)/all-deals.xlsx").sheet(named: "Opportunities by managers"))
    // All time: every deal of the sample data is new, won or lost.
    let total = try #require((1...60).first { sheet.text("B\($0)") == "Total" })
    #expect((["C", "D", "E"].compactMap { sheet.decimal("\($0)\(total)") }).reduce(0, +) == 156)
    // The same warehouse and as-of day give the same bytes.
    let again = try crmpipe([
      "report", "workload-deals", "--warehouse", "\(out)/warehouse.sqlite", "--period", "during-all-time", "--as-of",
      "2026-11-28", "--out", "\(out)/all-deals-again.xlsx",
    ])
    #expect(again.status == 0)
    #expect(
      FileManager.default.contents(atPath: "\(out)/all-deals.xlsx")
        == FileManager.default.contents(atPath: "\(out)/all-deals-again.xlsx"))
    let unknown = try crmpipe(["report", "sales-fun", "--warehouse", "\(out)/warehouse.sqlite"])
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("unknown report 'sales-fun'; expected one of: sales-funnel,"))
  }

  @Test func historyListsRunsWithTheirFilesAndTheErrorOfAFailedOne() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-e2e")
    _ = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    // A second run on a file with broken quoting fails, and says why.
    let bad = try TestFiles.write("First,Last\nAna,\"Lima\n", to: "bad.csv", in: out)
    let failed = try crmpipe([
      "import", "contacts", bad, "--warehouse", "\(out)/warehouse.sqlite", "--mapping",
      try TestFiles.write("first_name: First\nlast_name: Last\n", to: "m.yml", in: out),
    ])
    #expect(failed.status != 0)
    let history = try crmpipe(["history", "--warehouse", "\(out)/warehouse.sqlite"])
    #expect(history.status == 0)
    let lines = history.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("run 2  failed  ") == true)
    #expect(lines.dropFirst().first?.hasPrefix("  \(bad):2: error: [import.contacts] ") == true)
    #expect(lines.contains { $0.hasPrefix("run 1  succeeded  ") && $0.contains("as of 2026-11-28  Pipelines/nightly.yml") })
    #expect(
      lines.contains(
        "  contacts (import.contacts)  SampleData/contacts/2026-11-28.csv: read 98, inserted 81, updated 10, skipped 7, rejected 0"
      ))
  }

  @Test func aSecondRunOnTheSameWarehouseStopsAtOnceAndADeadRunsLockIsTakenOver() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-e2e")
    var holder: RunLock? = try RunLock(warehouse: "\(out)/warehouse.sqlite")
    let refused = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    #expect(refused.status == 5)
    #expect(refused.stderr.contains("is in use by another run (pid \(getpid()), started "))
    #expect(!FileManager.default.fileExists(atPath: "\(out)/reports"))
    withExtendedLifetime(holder) {}
    holder = nil
    // What a killed run leaves: a lock file that nobody holds.
    try TestFiles.write("pid 999999, started 2026-11-28T01:00:00Z\n", to: "warehouse.sqlite.lock", in: out)
    let taken = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    #expect(taken.status == 1, "\(taken.stderr)")  // it ran: the sample data has rejected rows
  }

  @Test func aDryRunChangesNothingAndOnlyRunsTheNamedStages() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-e2e")
    let contactsOnly = try crmpipe(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--only", "contacts", "rates"],
      environment: ["CRMPIPE_OUT": out])
    #expect(contactsOnly.status == 1, "\(contactsOnly.stderr)")
    #expect(contactsOnly.stdout.contains("contacts ") && contactsOnly.stdout.contains("rates "))
    #expect(!contactsOnly.stdout.contains("deals "))
    let before = FileManager.default.contents(atPath: "\(out)/warehouse.sqlite")
    let plan = try crmpipe(["plan", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    #expect(plan.status == 1, "\(plan.stderr)")
    #expect(plan.stdout.hasPrefix("dry run: the warehouse is copied and nothing is changed or written"))
    #expect(plan.stdout.contains("deals              files 2 imported, 0 skipped | rows read 156: inserted 156"))
    #expect(plan.stdout.contains("(would write) \(out)/reports/sales-funnel-current-quarter.xlsx"))
    #expect(plan.stdout.contains("rejected rows: 12, would be written to"))
    #expect(FileManager.default.contents(atPath: "\(out)/warehouse.sqlite") == before)
    #expect(!FileManager.default.fileExists(atPath: "\(out)/reports"))
    let unknown = try crmpipe(["run", "Pipelines/nightly.yml", "--only", "contact"], environment: ["CRMPIPE_OUT": out])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("--only: no stage 'contact' in Pipelines/nightly.yml; did you mean 'contacts'?"))
  }

  @Test func explainShowsWhyRowsWereMerged() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-e2e")
    _ = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    let id = try #require(try Warehouse(path: "\(out)/warehouse.sqlite").contactID(email: "jean.dupont@acme.fr"))
    let result = try crmpipe(["explain", "contact", String(id), "--warehouse", "\(out)/warehouse.sqlite"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("  first_name: Jean\n  last_name: Dupont\n"))
    #expect(result.stdout.contains("emails: j***@a***.fr"))
    #expect(result.stdout.contains("source rows (2):\n  SampleData/contacts/2026-11-27.csv:104: inserted\n"))
    #expect(result.stdout.contains("  SampleData/contacts/2026-11-28.csv:23: updated by email (score 1.000)\n"))
    #expect(!result.stdout.contains("jean.dupont@acme.fr"))
    let shown = try crmpipe(["explain", "contact", String(id), "--warehouse", "\(out)/warehouse.sqlite", "--show-values"])
    #expect(shown.stdout.contains("Jean.Dupont@Acme.fr"))
  }
}
