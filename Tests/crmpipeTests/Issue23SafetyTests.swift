import Foundation
import PipelineConfig
import PipelineModel
import PipelineTestSupport
import SQLiteBridge
import Stages
import Testing
import Warehouse

/// Issue 23: a run never writes over what it must keep, never changes the settings unasked,
/// holds the warehouse file itself, and meets a broken environment with exit 3.
@Suite struct Issue23SafetyTests {
  static let contactsStage = """
      - kind: import.contacts
        id: contacts
        input: contacts.csv
        mapping: {first_name: First, last_name: Last, email: Email}

    """
  static let contacts = "First,Last,Email\nAna,Lima,ana@example.com\nBob,Stone,bob@example.com\n"

  func crmpipe(
    _ arguments: [String], in folder: String = TestFiles.root, environment: [String: String] = [:], through: [String] = []
  ) throws -> Binary.Result {
    try Binary.run(arguments, in: folder, environment: environment, through: through)
  }

  /// A report stage writing to `output`, with more keys in `extra`.
  static func report(_ output: String, kind: String = "sales-funnel", id: String = "funnel", extra: String = "") -> String {
    "  - kind: report.\(kind)\n    id: \(id)\n    output: \(output)\n\(extra)"
  }

  // MARK: Item 6: a report output never names what the run keeps

  /// Each case: the report output (the pipeline's folder holds `contacts.csv`, `settings.yml`,
  /// `pipeline.yml`; `${OUT}/w.sqlite` is the warehouse, `${OUT}/link` a symbolic link to
  /// `${OUT}`) and what the message says it is.
  static let keptOutputs: [(output: String, what: String)] = [
    ("${OUT}/w.sqlite", "is the warehouse"),
    ("${OUT}/link/w.sqlite", "is the warehouse"),
    ("${OUT}/link/./w.sqlite-wal", "is the journal of the warehouse"),
    ("${OUT}/./w.sqlite-journal", "is the journal of the warehouse"),
    ("${OUT}/w.sqlite-shm", "is the journal of the warehouse"),
    ("${OUT}/w.sqlite.lock", "is the lock file of the warehouse"),
    ("${OUT}/link/w.rejects.csv", "is the rejects file of the warehouse"),
    ("contacts.csv", "is an input of stage 'contacts'"),
    ("settings.yml", "is the settings file"),
    ("pipeline.yml", "is the pipeline file"),
    ("${OUT}/hard-link.xlsx", "is the warehouse"),
    ("${OUT}/w{date}.sqlite", ""),
  ]

  @Test(arguments: keptOutputs)
  func aReportOutputThatNamesAKeptFileIsRefusedAtValidationWithItsLineAndColumn(output: String, what: String) throws {
    let out = TestFiles.temporaryDirectory()
    let folder = TestFiles.temporaryDirectory()
    let pipeline = try RunSupport.pipeline(
      stages: Self.contactsStage + Self.report(output), files: ["contacts.csv": Self.contacts], folder: folder)
    try FileManager.default.createSymbolicLink(atPath: "\(out)/link", withDestinationPath: out)
    _ = try Warehouse(path: "\(out)/w.sqlite")
    try FileManager.default.linkItem(atPath: "\(out)/w.sqlite", toPath: "\(out)/hard-link.xlsx")
    let before = try Data(contentsOf: URL(fileURLWithPath: "\(out)/w.sqlite"))

    let validated = try crmpipe(["validate", pipeline], environment: ["OUT": out])
    if what.isEmpty {
      // `w{date}.sqlite` is never the warehouse: any day makes another name.
      #expect(validated.status == 0, "\(validated.stderr)")
      return
    }
    #expect(validated.status == 2, "\(validated.stderr)")
    // The output key's value is on line 11, column 13 of the generated pipeline file.
    #expect(validated.stderr.contains("pipeline.yml:11:13: error: [report.sales-funnel] report output "), "\(validated.stderr)")
    #expect(validated.stderr.contains(" \(what)"), "\(validated.stderr)")
    #expect(validated.stderr.contains("the report would overwrite it. Choose another path"))
    let run = try crmpipe(["run", pipeline], environment: ["OUT": out])
    #expect(run.status == 2, "\(run.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/w.sqlite")) == before)
  }

  @Test func twoReportsWithOnePathAreRefusedAndADateOrManagerInThePathKeepsThemApart() throws {
    let out = TestFiles.temporaryDirectory()
    let cases: [(stages: String, refused: Bool)] = [
      (Self.report("${OUT}/r.xlsx") + Self.report("${OUT}/./r.xlsx", kind: "sales-forecast", id: "forecast"), true),
      (Self.report("${OUT}/{report}.xlsx") + Self.report("${OUT}/sales-funnel.xlsx", id: "again"), true),
      (Self.report("${OUT}/{date}.xlsx") + Self.report("${OUT}/{date}.xlsx", kind: "sales-forecast", id: "forecast"), true),
      (
        Self.report("${OUT}/{manager}.xlsx", extra: "    per: manager\n")
          + Self.report("${OUT}/ana.xlsx", kind: "sales-forecast", id: "forecast"), true
      ),
      (Self.report("${OUT}/{report}.xlsx") + Self.report("${OUT}/{report}.xlsx", kind: "sales-forecast", id: "forecast"), false),
      (
        Self.report("${OUT}/{report}-{period}.xlsx")
          + Self.report("${OUT}/{report}-{period}.xlsx", id: "quarter", extra: "    period: current-quarter\n"), false
      ),
    ]
    for (stages, refused) in cases {
      let pipeline = try RunSupport.pipeline(stages: stages, files: [:])
      let validated = try crmpipe(["validate", pipeline], environment: ["OUT": out])
      #expect(validated.status == (refused ? 2 : 0), "\(stages)\n\(validated.stderr)")
      if refused {
        #expect(validated.stderr.contains(":13: error: [report.sales-"), "\(validated.stderr)")
        #expect(validated.stderr.contains("is also the output of stage 'funnel' (line 5)"), "\(validated.stderr)")
      }
    }
  }

  @Test func anOutputAnInputGlobWouldMatchIsRefused() throws {
    let out = TestFiles.temporaryDirectory()
    let stages = """
        - kind: import.contacts
          id: contacts
          input: data/*
          mapping: {first_name: First, last_name: Last, email: Email}

      """ + Self.report("data/funnel.xlsx")
    let pipeline = try RunSupport.pipeline(stages: stages, files: ["data/a.csv": Self.contacts])
    let validated = try crmpipe(["validate", pipeline], environment: ["OUT": out])
    #expect(validated.status == 2, "\(validated.stderr)")
    #expect(
      validated.stderr.contains("is matched by the input of stage 'contacts', so a later run would import the report"),
      "\(validated.stderr)")
  }

  @Test func reportOutRefusesTheWarehouseAndItsRejectsFile() throws {
    let out = TestFiles.temporaryDirectory()
    let first = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    #expect(first.status == 1, "\(first.stderr)")
    let before = try Data(contentsOf: URL(fileURLWithPath: "\(out)/warehouse.sqlite"))
    let rejects = try Data(contentsOf: URL(fileURLWithPath: "\(out)/warehouse.rejects.csv"))
    for target in ["warehouse.sqlite", "warehouse.rejects.csv", "./sub/../warehouse.sqlite"] {
      let result = try crmpipe(["report", "sales-funnel", "--warehouse", "warehouse.sqlite", "--out", target], in: out)
      #expect(result.status == 2, "\(result.stderr)")
      #expect(result.stderr.contains("error: [report.sales-funnel] report output "), "\(result.stderr)")
      #expect(!result.stderr.contains("crmpipe-report.yml"), "\(result.stderr)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/warehouse.sqlite")) == before)
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/warehouse.rejects.csv")) == rejects)
  }
}

extension Issue23SafetyTests {
  // MARK: Item 7: a command without --settings uses the warehouse's and changes none

  /// The deal stages, the settings kept last and how many were kept.
  func settingsState(_ path: String) throws -> (stages: [String], latest: String?, kept: Int) {
    let warehouse = try Warehouse(path: path)
    let stages = try warehouse.dealStages().map { "\($0.stage.name) \($0.stage.probability) \($0.stage.status.rawValue)" }
    return (stages, try warehouse.latestSettings(), try warehouse.tableCounts()["settings_snapshots"] ?? 0)
  }

  /// The `created` value of the contact with `email`, as `export` writes it.
  func created(email: String, in path: String) throws -> String? {
    var header: [String] = []
    var found: String?
    try Warehouse(path: path).export(
      "contacts", header: { header = $0 },
      row: { row in
        guard let created = header.firstIndex(of: "created_at"), row.contains(where: { $0.contains(email) }) else { return }
        found = row[created]
      })
    return found
  }

  @Test func aOneOffImportOrReportWithoutSettingsUsesTheWarehousesSettingsAndChangesNone() throws {
    let out = TestFiles.temporaryDirectory()
    let warehouse = "\(out)/warehouse.sqlite"
    // The nightly pipeline, with its settings' Proposal stage at 50 % (the defaults say 75 %).
    let copy = TestFiles.temporaryDirectory()
    try FileManager.default.createSymbolicLink(atPath: "\(copy)/SampleData", withDestinationPath: "\(TestFiles.root)/SampleData")
    let settings = try String(contentsOfFile: "\(TestFiles.root)/SampleData/settings.yml", encoding: .utf8)
    _ = try TestFiles.write(
      settings.replacingOccurrences(of: "{name: \"Proposal\", probability: 75", with: "{name: \"Proposal\", probability: 50"),
      to: "Pipelines/settings.yml", in: copy)
    let pipeline = try String(contentsOfFile: "\(TestFiles.root)/Pipelines/nightly.yml", encoding: .utf8)
    let nightly = try crmpipe(
      [
        "run",
        try TestFiles.write(
          pipeline.replacingOccurrences(of: "settings: ../SampleData/settings.yml", with: "settings: settings.yml"),
          to: "Pipelines/nightly.yml", in: copy),
        "--as-of", "2026-11-28",
      ], environment: ["CRMPIPE_OUT": out])
    #expect(nightly.status == 1, "\(nightly.stderr)")
    let before = try settingsState(warehouse)
    #expect(before.stages.contains("Proposal 50 open"))

    let file = try TestFiles.write("First,Last,Email,Created\nZoe,Marchal,zoe@example.org,2026-11-20\n", to: "c.csv", in: out)
    let mapping = try TestFiles.write(
      "first_name: First\nlast_name: Last\nemail: Email\ncreated: Created\n", to: "m.yml", in: out)
    let imported = try crmpipe(["import", "contacts", file, "--warehouse", warehouse, "--mapping", mapping])
    #expect(imported.status == 0, "\(imported.stderr)")
    let after = try settingsState(warehouse)
    #expect(after.stages == before.stages)
    #expect(after.latest == before.latest)
    #expect(after.kept == before.kept)
    // The day is midnight in the warehouse's time zone (Europe/Paris), not in UTC.
    #expect(try created(email: "zoe@example.org", in: warehouse) == "2026-11-19T23:00:00Z")

    let report = try crmpipe([
      "report", "sales-funnel", "--warehouse", warehouse, "--as-of", "2026-11-28", "--out", "\(out)/funnel.xlsx",
    ])
    #expect(report.status == 0, "\(report.stderr)")
    let reported = try settingsState(warehouse)
    #expect(reported.stages == before.stages)
    #expect(reported.latest == before.latest)
    #expect(reported.kept == before.kept)
  }

  @Test func aOneOffImportWithExplicitSettingsChangesThem() throws {
    let out = TestFiles.temporaryDirectory()
    let warehouse = "\(out)/warehouse.sqlite"
    let nightly = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    #expect(nightly.status == 1, "\(nightly.stderr)")
    let settings = try TestFiles.write(
      """
      base_currency: EUR
      time_zone: America/New_York
      deal_stages:
        - {name: Proposal, probability: 60, status: open, position: 1}
        - {name: Won, probability: 100, status: won, position: 2}
        - {name: Lost, probability: 0, status: lost, position: 3}

      """, to: "settings.yml", in: out)
    let file = try TestFiles.write("First,Last,Email\nZoe,Marchal,zoe@example.org\n", to: "c.csv", in: out)
    let mapping = try TestFiles.write("first_name: First\nlast_name: Last\nemail: Email\n", to: "m.yml", in: out)
    let imported = try crmpipe([
      "import", "contacts", file, "--warehouse", warehouse, "--mapping", mapping, "--settings", settings,
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    let after = try settingsState(warehouse)
    #expect(after.stages.contains("Proposal 60 open"))
    #expect(after.latest?.contains("America/New_York") == true)
  }
}

extension Issue23SafetyTests {
  // MARK: Two runs at once: the lock holds the warehouse file, whatever path names it

  @Test func aSecondRunNamingTheWarehouseThroughALinkOrAnotherSpellingStopsWithExit5() throws {
    let out = TestFiles.temporaryDirectory()
    let pipeline = try RunSupport.pipeline(stages: Self.contactsStage, files: ["contacts.csv": Self.contacts])
    let first = try crmpipe(["run", pipeline], environment: ["OUT": out])
    #expect(first.status == 0, "\(first.stderr)")
    let before = try Data(contentsOf: URL(fileURLWithPath: "\(out)/w.sqlite"))
    let holder = try RunLock(warehouse: "\(out)/w.sqlite")
    // A folder that links to the warehouse's, and a folder whose w.sqlite links to it.
    let linkedFolder = TestFiles.temporaryDirectory() + "-link"
    try FileManager.default.createSymbolicLink(atPath: linkedFolder, withDestinationPath: out)
    let linkedFile = TestFiles.temporaryDirectory()
    try FileManager.default.createSymbolicLink(atPath: "\(linkedFile)/w.sqlite", withDestinationPath: "\(out)/w.sqlite")
    let nested = TestFiles.temporaryDirectory()
    try FileManager.default.createSymbolicLink(atPath: "\(nested)/up", withDestinationPath: "\(out)/sub")
    try FileManager.default.createDirectory(atPath: "\(out)/sub", withIntermediateDirectories: true)
    for spelling in [linkedFolder, linkedFile, "\(nested)/up/.."] {
      let second = try crmpipe(["run", pipeline], environment: ["OUT": spelling])
      #expect(second.status == 5, "\(spelling): \(second.stderr)")
      #expect(second.stderr.contains("is in use by another run (pid \(getpid()), started "), "\(second.stderr)")
    }
    withExtendedLifetime(holder) {}
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/w.sqlite")) == before)
  }

  #if os(Linux)
    @Test func aSecondRunNamingTheWarehouseThroughAHardLinkStopsWithExit5() throws {
      let out = TestFiles.temporaryDirectory()
      let pipeline = try RunSupport.pipeline(stages: Self.contactsStage, files: ["contacts.csv": Self.contacts])
      let first = try crmpipe(["run", pipeline], environment: ["OUT": out])
      #expect(first.status == 0, "\(first.stderr)")
      let holder = try RunLock(warehouse: "\(out)/w.sqlite")
      let other = TestFiles.temporaryDirectory()
      try FileManager.default.linkItem(atPath: "\(out)/w.sqlite", toPath: "\(other)/w.sqlite")
      let second = try crmpipe(["run", pipeline], environment: ["OUT": other])
      #expect(second.status == 5, "\(second.stderr)")
      #expect(second.stderr.contains("is in use by another run, which names it by another path"), "\(second.stderr)")
      withExtendedLifetime(holder) {}
    }
  #endif

  @Test func aFirstRunThroughALinkToAWarehouseNotYetCreatedHoldsTheWarehouseItCreates() throws {
    let out = TestFiles.temporaryDirectory()
    let pipeline = try RunSupport.pipeline(stages: Self.contactsStage, files: ["contacts.csv": Self.contacts])
    let holder = try RunLock(warehouse: "\(out)/new.sqlite")
    let linked = TestFiles.temporaryDirectory()
    try FileManager.default.createSymbolicLink(atPath: "\(linked)/w.sqlite", withDestinationPath: "\(out)/new.sqlite")
    let second = try crmpipe(["run", pipeline], environment: ["OUT": linked])
    #expect(second.status == 5, "\(second.stderr)")
    #expect(second.stderr.contains("is in use by another run (pid \(getpid()), started "), "\(second.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(out)/new.sqlite"))
    withExtendedLifetime(holder) {}
  }

  @Test func aLockPathThatIsAFolderIsAnEnvironmentErrorNotAnotherRun() throws {
    let out = TestFiles.temporaryDirectory()
    let pipeline = try RunSupport.pipeline(stages: Self.contactsStage, files: ["contacts.csv": Self.contacts])
    try FileManager.default.createDirectory(atPath: "\(out)/w.sqlite.lock", withIntermediateDirectories: true)
    let result = try crmpipe(["run", pipeline], environment: ["OUT": out])
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("\(out)/w.sqlite.lock"), "\(result.stderr)")
    #expect(result.stderr.contains("is a folder; remove it or move it away"), "\(result.stderr)")
    #expect(!result.stderr.contains("in use by another run"), "\(result.stderr)")
  }

  /// The nightly pipeline's warehouse (in the folder returned) and a connection holding it as
  /// a bulk load does: SQLite's exclusive lock, with a rollback journal.
  func bulkLoading() throws -> (folder: String, connection: SQLiteDatabase) {
    let out = TestFiles.temporaryDirectory()
    let nightly = try crmpipe(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"], environment: ["CRMPIPE_OUT": out])
    #expect(nightly.status == 1, "\(nightly.stderr)")
    let loading = try SQLiteDatabase(path: "\(out)/warehouse.sqlite")
    #expect(try loading.query("PRAGMA journal_mode = DELETE").first?.first?.string == "delete")
    try loading.execute("BEGIN EXCLUSIVE; DELETE FROM tasks;")
    return (out, loading)
  }

  /// What a run holds in its bulk-load phase: the run lock, and SQLite's lock.
  @Test(arguments: ["report", "import"])
  func aCommandStartedDuringABulkLoadStopsWithExit5AndWhoHoldsTheWarehouse(command: String) throws {
    let (out, loading) = try bulkLoading()
    let warehouse = "\(out)/warehouse.sqlite"
    let holder = try RunLock(warehouse: warehouse)
    let file = try TestFiles.write("First,Last,Email\nZoe,Marchal,zoe@example.org\n", to: "c.csv", in: out)
    let mapping = try TestFiles.write("first_name: First\nlast_name: Last\nemail: Email\n", to: "m.yml", in: out)
    let arguments =
      command == "report"
      ? ["report", "sales-funnel", "--warehouse", warehouse, "--out", "\(out)/funnel.xlsx"]
      : ["import", "contacts", file, "--warehouse", warehouse, "--mapping", mapping]
    let started = Date()
    let result = try crmpipe(arguments)
    #expect(result.status == 5, "\(result.stderr)")
    #expect(result.stderr.contains("is in use by another run (pid \(getpid()), started "), "\(result.stderr)")
    #expect(!result.stderr.contains("SQLite error"), "\(result.stderr)")
    #expect(Date().timeIntervalSince(started) < 5, "it stops at once, without waiting for SQLite's lock")
    try loading.execute("ROLLBACK")
    withExtendedLifetime(holder) {}
  }

  /// A command that only reads (`history`, `plan`) takes no run lock: it waits for SQLite's
  /// lock as long as SQLite's busy timeout allows, then says the warehouse is busy.
  @Test(arguments: ["history", "plan"])
  func aReadingCommandDuringABulkLoadSaysTheWarehouseIsBusyWithExit5(command: String) throws {
    let (out, loading) = try bulkLoading()
    let warehouse = "\(out)/warehouse.sqlite"
    let arguments =
      command == "history" ? ["history", "--warehouse", warehouse] : ["plan", "Pipelines/nightly.yml", "--as-of", "2026-11-28"]
    let result = try crmpipe(arguments, environment: ["CRMPIPE_OUT": out])
    #expect(result.status == 5, "\(result.stderr)")
    #expect(result.stderr.contains("the warehouse \(warehouse) is busy: another program holds it"), "\(result.stderr)")
    #expect(!result.stderr.contains("internal error"), "\(result.stderr)")
    try loading.execute("ROLLBACK")
  }
}

extension Issue23SafetyTests {
  // MARK: Item 12: what is not a bug is exit 3, with the path and what to do

  /// Whether a private mount namespace can be made (`unshare`, as root or in a user namespace):
  /// the full-disk and read-only cases mount a tmpfs there, gone when the command ends.
  static let canMount: Bool = {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    process.arguments = ["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$(mktemp -d)\""]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }()

  /// Runs `crmpipe arguments` after `script` (shell, `$0` is crmpipe) in a private mount namespace.
  func crmpipe(after script: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Binary.Result {
    try Binary.run(
      arguments, environment: environment,
      through: ["/usr/bin/unshare", "-rm", "sh", "-c", "set -e; \(script); exec \"$0\" \"$@\""])
  }

  /// What every environment error says: no internal error, no Foundation error text.
  func expectEnvironmentError(
    _ result: Binary.Result, naming path: String, _ saying: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    #expect(result.status == 3, "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(path), "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(saying), "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(!result.stderr.contains("internal error"), "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)", sourceLocation: sourceLocation)
  }

  @Test(.enabled(if: canMount)) func aFullDiskIsExit3NamingTheWarehouseAndEarlierFilesStay() throws {
    let folder = TestFiles.temporaryDirectory()
    let mount = "\(folder)/disk"
    try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
    let rows = (0..<20_000).map { "Name\($0),Last\($0),person\($0)@example\($0 % 97).org" }
    let big = try TestFiles.write("First,Last,Email\n" + rows.joined(separator: "\n") + "\n", to: "big.csv", in: folder)
    let small = try TestFiles.write(Self.contacts, to: "small.csv", in: folder)
    let mapping = try TestFiles.write("first_name: First\nlast_name: Last\nemail: Email\n", to: "m.yml", in: folder)
    let warehouse = "\(mount)/w.sqlite"
    let importing = ["--warehouse", warehouse, "--mapping", mapping]
    // A 1 MB disk: the first file fits, the second (about 2 MB of warehouse) does not.
    let result = try crmpipe(
      after: "mount -t tmpfs -o size=1m tmpfs '\(mount)'; \"$0\" import contacts '\(small)' \(importing.joined(separator: " "))",
      ["import", "contacts", big] + importing)
    expectEnvironmentError(result, naming: warehouse, "is full")
    #expect(result.stderr.contains("Free some space"), "\(result.stderr)")
    #expect(result.stdout.contains("rows read 2: inserted 2"), "\(result.stdout)")
  }

  /// A report folder on a tmpfs mounted with `options`: full (4 KB, the workbook is about 9 KB:
  /// found while it is written, after the import) or read-only (found before anything runs).
  @Test(.enabled(if: canMount), arguments: ["size=4k", "ro"])
  func aFullOrReadOnlyReportFolderIsExit3NamingIt(options: String) throws {
    let out = TestFiles.temporaryDirectory()
    try FileManager.default.createDirectory(atPath: "\(out)/reports", withIntermediateDirectories: true)
    let pipeline = try RunSupport.pipeline(
      stages: Self.contactsStage + Self.report("${OUT}/reports/funnel.xlsx"), files: ["contacts.csv": Self.contacts])
    let result = try crmpipe(
      after: "mount -t tmpfs -o \(options) tmpfs '\(out)/reports'", ["run", pipeline, "--as-of", "2026-11-28"],
      environment: ["OUT": out])
    if options == "ro" {
      expectEnvironmentError(result, naming: "\(out)/reports/funnel.xlsx", "Read-only file system")
      #expect(result.stderr.contains("check that the folder exists and can be written"), "\(result.stderr)")
      #expect(!FileManager.default.fileExists(atPath: "\(out)/w.sqlite"))
    } else {
      expectEnvironmentError(
        result, naming: "\(out)/reports", "cannot write the report in \(out)/reports: No space left on device")
      #expect(result.stderr.contains("check that the disk has space"), "\(result.stderr)")
    }
  }

  /// Outputs that cannot be written: a folder in the report's place, a file in its folder's.
  @Test(arguments: [
    ("${OUT}/taken.xlsx/", "taken.xlsx", "is a folder; give the path of a file"),
    ("${OUT}/taken.xlsx", "taken.xlsx", "is a folder; give the path of a file"),
    ("${OUT}/notes.txt/funnel.xlsx", "notes.txt", "is a file, not a folder"),
  ])
  func anOutputThatCannotBeWrittenIsExit3WithThePath(output: String, named: String, saying: String) throws {
    let out = TestFiles.temporaryDirectory()
    try FileManager.default.createDirectory(atPath: "\(out)/taken.xlsx", withIntermediateDirectories: true)
    _ = try TestFiles.write("a note\n", to: "notes.txt", in: out)
    let pipeline = try RunSupport.pipeline(
      stages: Self.contactsStage + Self.report(output), files: ["contacts.csv": Self.contacts])
    let result = try crmpipe(["run", pipeline, "--as-of", "2026-11-28"], environment: ["OUT": out])
    expectEnvironmentError(result, naming: "\(out)/\(named)", saying)
  }

  @Test func aMissingReportFolderIsCreated() throws {
    let out = TestFiles.temporaryDirectory()
    let pipeline = try RunSupport.pipeline(
      stages: Self.contactsStage + Self.report("${OUT}/new/deeper/funnel.xlsx"), files: ["contacts.csv": Self.contacts])
    let result = try crmpipe(["run", pipeline, "--as-of", "2026-11-28"], environment: ["OUT": out])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(out)/new/deeper/funnel.xlsx"))
    let report = try crmpipe(
      [
        "report", "sales-funnel", "--warehouse", "w.sqlite", "--settings",
        pipeline.replacingOccurrences(of: "pipeline.yml", with: "settings.yml"),
        "--out", "other/funnel.xlsx",
      ], in: out)
    #expect(report.status == 0, "\(report.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(out)/other/funnel.xlsx"))
  }

  @Test func exportOntoAnExistingFileIsExit3() throws {
    let out = TestFiles.temporaryDirectory()
    let pipeline = try RunSupport.pipeline(stages: Self.contactsStage, files: ["contacts.csv": Self.contacts])
    #expect(try crmpipe(["run", pipeline], environment: ["OUT": out]).status == 0)
    let file = try TestFiles.write("keep me\n", to: "export.csv", in: out)
    let result = try crmpipe(["export", "--warehouse", "\(out)/w.sqlite", "--out", file])
    expectEnvironmentError(result, naming: file, "is a file; give a folder")
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me\n")
  }

  /// A warehouse that is garbage, one whose pages after the header are, and one from a newer crmpipe.
  @Test(arguments: ["garbage", "damaged pages", "newer schema"])
  func aWarehouseCrmpipeCannotUseIsExit3ForEveryCommand(damage: String) throws {
    let out = TestFiles.temporaryDirectory()
    let pipeline = try RunSupport.pipeline(
      stages: Self.contactsStage + Self.report("${OUT}/funnel.xlsx"), files: ["contacts.csv": Self.contacts])
    #expect(try crmpipe(["run", pipeline, "--as-of", "2026-11-28"], environment: ["OUT": out]).status == 0)
    let warehouse = "\(out)/w.sqlite"
    var generator = SeededGenerator(state: 23)
    let noise = Data((0..<65_536).map { _ in UInt8(generator.next(256)) })
    let saying: String
    switch damage {
    case "garbage":
      try noise.write(to: URL(fileURLWithPath: warehouse))
      saying = "is damaged or is not a crmpipe warehouse"
    case "damaged pages":
      let database = try SQLiteDatabase(path: warehouse)
      try database.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
      var bytes = try Data(contentsOf: URL(fileURLWithPath: warehouse))
      bytes.replaceSubrange(4096..<min(bytes.count, 4096 + noise.count), with: noise.prefix(bytes.count - 4096))
      try bytes.write(to: URL(fileURLWithPath: warehouse))
      saying = "is damaged or is not a crmpipe warehouse"
    default:
      try SQLiteDatabase(path: warehouse).execute("PRAGMA user_version = 999")
      saying = "has schema version 999, newer than this crmpipe knows"
    }
    let settings = pipeline.replacingOccurrences(of: "pipeline.yml", with: "settings.yml")
    let file = try TestFiles.write("First,Last,Email\nZoe,Marchal,zoe@example.org\n", to: "c.csv", in: out)
    let mapping = try TestFiles.write("first_name: First\nlast_name: Last\nemail: Email\n", to: "m.yml", in: out)
    let commands = [
      ["run", pipeline, "--as-of", "2026-11-29"],
      ["report", "sales-funnel", "--warehouse", warehouse, "--settings", settings, "--out", "\(out)/r.xlsx"],
      ["report", "sales-funnel", "--warehouse", warehouse, "--out", "\(out)/r.xlsx"],
      ["import", "contacts", file, "--warehouse", warehouse, "--mapping", mapping],
      ["history", "--warehouse", warehouse],
      ["export", "--warehouse", warehouse, "--out", "\(out)/export"],
    ]
    for command in commands {
      let result = try crmpipe(command, environment: ["OUT": out])
      expectEnvironmentError(result, naming: warehouse, saying)
    }
  }
}

extension Issue23SafetyTests {
  // MARK: Item 13: an unreadable file stops the run after the files before it are committed

  /// Whether `unshare --map-user` can run a command as a user without privileges (for whom a
  /// file of mode 000 is unreadable, as it is not for root).
  static let canDropPrivileges: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    process.arguments = ["--map-user=1000", "--map-group=1000", "true"]
    process.standardError = FileHandle.nullDevice
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }()

  @Test(.enabled(if: canDropPrivileges)) func anUnreadableSecondFileKeepsTheFirstFilesRowsAndNamesIt() throws {
    let out = TestFiles.temporaryDirectory()
    let stage = """
        - kind: import.contacts
          id: contacts
          input: c*.csv
          mapping: {first_name: First, last_name: Last, email: Email}

      """
    let pipeline = try RunSupport.pipeline(
      stages: stage, files: ["c1.csv": Self.contacts, "c2.csv": "First,Last,Email\nZoe,Marchal,zoe@example.org\n"])
    let unreadable = pipeline.replacingOccurrences(of: "pipeline.yml", with: "c2.csv")
    try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: unreadable)
    let result = try crmpipe(
      ["run", pipeline], environment: ["OUT": out], through: ["/usr/bin/unshare", "--map-user=1000", "--map-group=1000"])
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("c2.csv"), "\(result.stderr)")
    #expect(result.stderr.contains("Permission denied"), "\(result.stderr)")
    #expect(!result.stderr.contains("internal error"), "\(result.stderr)")
    let warehouse = try Warehouse(path: "\(out)/w.sqlite")
    #expect(try warehouse.contactID(email: "ana@example.com") != nil, "the first file's rows are committed")
    #expect(try warehouse.contactID(email: "bob@example.com") != nil)
    #expect(try warehouse.runHistory(limit: 1).first?.files.map(\.path).contains { $0.hasSuffix("c1.csv") } == true)
    // Once readable, a rerun imports the second file and skips the first.
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: unreadable)
    let rerun = try crmpipe(["run", pipeline], environment: ["OUT": out])
    #expect(rerun.status == 0, "\(rerun.stderr)")
    #expect(try warehouse.contactID(email: "zoe@example.org") != nil)
  }
}
