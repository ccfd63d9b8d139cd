import Foundation
import PipelineTestSupport
import SQLiteBridge
import Testing

/// Issue 23's hostile inputs that hung, crashed or gave wrong results: each runs the built
/// binary on a copy of the sample warehouse (as `HostileInputTests` does), with a time limit,
/// so that a hang fails the test instead of the suite.
@Suite struct Issue23HostileTests {
  struct Outcome {
    var status: Int32
    var output: String
    var root: String
    var warehouse: String { "\(root)/out/warehouse.sqlite" }
    var timedOut: Bool { status == -1 }
  }

  /// Runs `crmpipe arguments` in `folder`, killed after `seconds` (status -1 then; a run
  /// stopping on SIGTERM waits for its stage, which a hang never ends).
  static func crmpipe(_ arguments: [String], in folder: String, out: String, seconds: Double = 60) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binary.path)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.environment = ProcessInfo.processInfo.environment.merging(["CRMPIPE_OUT": out]) { $1 }
    let log = (NSTemporaryDirectory() as NSString).appendingPathComponent("crmpipe-issue23-\(UUID().uuidString).txt")
    defer { try? FileManager.default.removeItem(atPath: log) }
    FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    var timedOut = false
    if process.isRunning {
      timedOut = true
      kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    try handle.close()
    let output = String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
    return Outcome(status: timedOut ? -1 : process.terminationStatus, output: output, root: folder)
  }

  /// A copy of the sample setup with the sample warehouse, whose `folder` of inputs holds
  /// only what `fill` puts there; runs that stage alone.
  static func runStage(
    _ folder: String, seconds: Double = 60, extra: [String] = [], fill: (_ directory: String) throws -> Void
  ) throws -> Outcome {
    let root = try HostileInputTests.stageCopy(folder: folder)
    try fill("\(root)/SampleData/\(folder)")
    return try crmpipe(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--only", folder] + extra, in: root, out: "\(root)/out",
      seconds: seconds)
  }

  static func header(_ folder: String, _ file: String) throws -> String {
    try String(contentsOfFile: "\(TestFiles.root)/SampleData/\(folder)/\(file)", encoding: .utf8).prefix { $0 != "\n" }
      .description
  }

  static func query(_ warehouse: String, _ sql: String) throws -> [[SQLiteValue]] {
    try SQLiteDatabase(path: warehouse, readOnly: true).query(sql)
  }

  // MARK: - Item 10: inputs that are not regular files

  @Test func aFIFOWithNoWriterIsRefusedWithExit3NamingIt() throws {
    let outcome = try Self.runStage("contacts", seconds: 30) { directory in
      #expect(mkfifo("\(directory)/pipe.csv", 0o600) == 0)
    }
    #expect(!outcome.timedOut, "the run hung on the FIFO")
    #expect(outcome.status == 3, "\(outcome.output)")
    #expect(outcome.output.contains("SampleData/contacts/pipe.csv"), "\(outcome.output)")
    #expect(outcome.output.contains("not a regular file"), "\(outcome.output)")
  }

  @Test func anInputLinkedToDevZeroIsRefusedWithExit3NamingIt() throws {
    let outcome = try Self.runStage("contacts", seconds: 30) { directory in
      try FileManager.default.createSymbolicLink(atPath: "\(directory)/zero.csv", withDestinationPath: "/dev/zero")
    }
    #expect(!outcome.timedOut, "the run hung on /dev/zero")
    #expect(outcome.status == 3, "\(outcome.output)")
    #expect(outcome.output.contains("SampleData/contacts/zero.csv"), "\(outcome.output)")
    #expect(outcome.output.contains("not a regular file"), "\(outcome.output)")
  }

  @Test(arguments: ["dangling", "loop"])
  func aBrokenSymlinkMatchedByTheGlobIsAnErrorNamingIt(_ kind: String) throws {
    let outcome = try Self.runStage("contacts") { directory in
      let manager = FileManager.default
      if kind == "dangling" {
        try manager.createSymbolicLink(atPath: "\(directory)/gone.csv", withDestinationPath: "\(directory)/nowhere.csv")
      } else {
        try manager.createSymbolicLink(atPath: "\(directory)/gone.csv", withDestinationPath: "\(directory)/other.csv")
        try manager.createSymbolicLink(atPath: "\(directory)/other.csv", withDestinationPath: "\(directory)/gone.csv")
      }
    }
    #expect(outcome.status == 3, "\(outcome.output)")
    #expect(outcome.output.contains("SampleData/contacts/gone.csv"), "\(outcome.output)")
    #expect(outcome.output.contains(kind == "dangling" ? "dangling symbolic link" : "symbolic link loop"), "\(outcome.output)")
  }

  // MARK: - Item 11: limits on records, aliases, echoed values and period counts

  @Test func aFiftyMegabyteLineOfEmptyFieldsIsRefusedAtTheLineLengthLimit() throws {
    let outcome = try Self.runStage("contacts", seconds: 120) { directory in
      var data = Data(try Self.header("contacts", "2026-11-28.csv").utf8 + Array("\n".utf8))
      data.append(Data(repeating: UInt8(ascii: ","), count: 50_000_000))
      data.append(Data("\n".utf8))
      try data.write(to: URL(fileURLWithPath: "\(directory)/wide.csv"))
    }
    #expect(outcome.status == 3, "\(outcome.output)")
    #expect(
      outcome.output.contains(
        "wide.csv:2: error: [import.contacts] a record longer than 16777216 bytes (16 MiB), the most one may hold"),
      "\(outcome.output)")
  }

  @Test func aRecordOfMoreFieldsThanTheLimitIsRefusedNamingTheLimit() throws {
    let outcome = try Self.runStage("contacts") { directory in
      let text = try Self.header("contacts", "2026-11-28.csv") + "\n" + String(repeating: ",", count: 100_000) + "\n"
      try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory)/fields.csv"))
    }
    #expect(outcome.status == 3, "\(outcome.output)")
    #expect(
      outcome.output.contains("fields.csv:2: error: [import.contacts] a record of more than 65536 fields, the most one may hold"),
      "\(outcome.output)")
  }

  /// A settings (or pipeline) file whose aliases expand to 10^9 nodes.
  static func laughs(_ first: String) -> String {
    var text = first + "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    let names = Array("abcdefghi")
    for (previous, name) in zip(names, names.dropFirst()) {
      text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
    }
    return text
  }

  @Test(arguments: ["settings", "pipeline"])
  func aBillionLaughsOfAliasesIsRefusedAtTheCapWithItsLine(_ where_: String) throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-issue23")
    let settings = "base_currency: EUR\ntime_zone: Europe/Paris\nusers: [{id: ana, name: Ana Lima, email: ana@example.com}]\n"
    let pipeline =
      "version: 1\nwarehouse: w.sqlite\nsettings: settings.yml\nstages: [{kind: import.rates, id: r, input: r.csv}]\n"
    try TestFiles.write(where_ == "settings" ? Self.laughs(settings) : settings, to: "settings.yml", in: folder)
    try TestFiles.write(where_ == "pipeline" ? Self.laughs(pipeline) : pipeline, to: "pipeline.yml", in: folder)
    let outcome = try Self.crmpipe(["validate", "pipeline.yml"], in: folder, out: folder, seconds: 30)
    #expect(!outcome.timedOut)
    #expect(outcome.status == 2, "\(outcome.output)")
    // The cap is passed while the list on line 8 (settings) or 9 (pipeline) is expanded.
    let line = where_ == "settings" ? 8 : 9
    #expect(outcome.output.contains("\(where_).yml:\(line):"), "\(outcome.output)")
    #expect(outcome.output.contains("its aliases expand to more than 100000 nodes"), "\(outcome.output)")
  }

  @Test func aHugeScalarInAPipelineFileIsEchoedCutShort() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-issue23")
    let huge = String(repeating: "x", count: 5_000_000)
    try TestFiles.write(
      "version: 1\nwarehouse: w.sqlite\nstages:\n  - kind: \(huge)\n    id: a\n", to: "pipeline.yml", in: folder)
    let outcome = try Self.crmpipe(["validate", "pipeline.yml"], in: folder, out: folder, seconds: 30)
    #expect(outcome.status == 2, "\(outcome.output.prefix(2000))")
    #expect(outcome.output.contains("pipeline.yml:4:"), "\(outcome.output.prefix(2000))")
    #expect(outcome.output.contains("(5000000 characters)"), "\(outcome.output.prefix(2000))")
    #expect(outcome.output.utf8.count < 5_000, "\(outcome.output.prefix(2000))")
  }

  static let reportStages = [
    "funnel-quarter", "funnel-all-time", "forecast-quarter", "sales-month", "workload-contacts", "workload-deals",
    "workload-calls", "workload-tasks", "workload-invoices", "summary-month", "summary-now", "manager-workbooks",
  ]

  @Test func aPeriodCountAboveItsMaximumOrAnOverflowingValueIsRejectedWithItsReason() throws {
    let outcome = try Self.runStage("deals") { directory in
      let rows = [
        "Z-1,Many periods,,,amartin,Proposal,,EUR,100.00,per month,10001,2026-12-02,,2026-10-14",
        "Z-2,Huge value,,,amartin,Proposal,,EUR,1000000000000000.00,per month,10000,2026-12-02,,2026-10-14",
        "Z-3,Fine,,,amartin,Proposal,,EUR,100.00,per month,10000,2026-12-02,,2026-10-14",
      ]
      let text = try Self.header("deals", "2026-11-28.csv") + "\n" + rows.joined(separator: "\n") + "\n"
      try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory)/periods.csv"))
    }
    #expect(outcome.status == 1, "\(outcome.output)")
    #expect(outcome.output.contains("expected a whole number from 0 to 10000, got '10001'"), "\(outcome.output)")
    #expect(
      outcome.output.contains("field 'bid_value': the value 1000000000000000.00 × 10000 periods is too large"),
      "\(outcome.output)")
    #expect(try Self.query(outcome.warehouse, "SELECT external_id FROM deals WHERE external_id LIKE 'Z-%'") == [[.text("Z-3")]])
  }

  @Test func reportsOverADealWithAHugePeriodCountInTheWarehouseDoNotTrap() throws {
    let root = TestFiles.temporaryDirectory("crmpipe-issue23")
    let manager = FileManager.default
    try manager.createDirectory(atPath: "\(root)/out", withIntermediateDirectories: true)
    try manager.copyItem(atPath: "\(TestFiles.root)/Pipelines", toPath: "\(root)/Pipelines")
    try manager.copyItem(atPath: "\(TestFiles.root)/SampleData", toPath: "\(root)/SampleData")
    try manager.copyItem(atPath: HostileInputTests.baseline, toPath: "\(root)/out/warehouse.sqlite")
    try SQLiteDatabase(path: "\(root)/out/warehouse.sqlite").execute(
      "UPDATE deals SET period_count = 9223372036854775807 WHERE bid_type <> 'fixed'")
    let run = try Self.crmpipe(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28"] + Self.reportStages.flatMap { ["--only", $0] }, in: root,
      out: "\(root)/out")
    #expect(run.status == 0, "\(run.output.prefix(3000))")
    #expect(!run.output.contains("arithmetic overflow"), "\(run.output.prefix(3000))")
  }

  // MARK: - Item 10: participants that match nobody

  static func participantsRow(_ count: Int) throws -> String {
    let emails = (0..<count).map { "nobody\($0)@unknown-\($0 % 97).example" }.joined(separator: "; ")
    return try header("events", "2026-11-28.csv") + "\nE-X,Crowd,\"\(emails)\",,,no,2026-11-21\n"
  }

  @Test func thousandsOfUnknownParticipantsGiveOneRejectLineAndTheRowOnce() throws {
    let row = try Self.participantsRow(3_000)
    let outcome = try Self.runStage("events", seconds: 120) { directory in
      try Data(row.utf8).write(to: URL(fileURLWithPath: "\(directory)/crowd.csv"))
    }
    #expect(!outcome.timedOut)
    #expect(outcome.status == 1, "\(outcome.output.prefix(2000))")
    #expect(outcome.output.contains("and 2990 more; these 3000 participants are left out"), "\(outcome.output.prefix(2000))")
    let rejects = try Self.query(
      outcome.warehouse,
      "SELECT count(*), sum(length(raw)) FROM rejected_rows r JOIN import_files f ON f.id = r.file_id WHERE f.path LIKE '%crowd.csv'"
    )
    #expect(rejects.first?[0].int == 1)
    #expect((rejects.first?[1].int ?? .max) <= Int64(row.utf8.count))
    #expect(try Self.query(outcome.warehouse, "SELECT count(*) FROM events WHERE external_id = 'E-X'") == [[.integer(1)]])
  }

  @Test func aRowOfMoreParticipantsThanTheLimitIsRejected() throws {
    let outcome = try Self.runStage("events", seconds: 120) { directory in
      try Data(try Self.participantsRow(10_001).utf8).write(to: URL(fileURLWithPath: "\(directory)/crowd.csv"))
    }
    #expect(outcome.status == 1, "\(outcome.output.prefix(2000))")
    #expect(
      outcome.output.contains("field 'participants': lists 10001 participants, more than the 10000 a row may list"),
      "\(outcome.output.prefix(2000))")
    #expect(try Self.query(outcome.warehouse, "SELECT count(*) FROM events WHERE external_id = 'E-X'") == [[.integer(0)]])
  }

  // MARK: - Item 13: wrong results

  @Test func anEmailLongerThanTheLimitsIsNotKept() throws {
    let long = [String(repeating: "a", count: 65) + "@example.org", "ab@" + String(repeating: "d", count: 248) + ".org"]
    let outcome = try Self.runStage("contacts") { directory in
      let rows = long.enumerated().map { index, email in
        "person,Long\(index),Mail,,,\(email),,Lille,France,Client,Warm,amartin,public-read-write,,2026-11-10"
      }
      let text = try Self.header("contacts", "2026-11-28.csv") + "\n" + rows.joined(separator: "\n") + "\n"
      try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory)/long.csv"))
    }
    #expect(outcome.status == 1, "\(outcome.output)")
    #expect(
      outcome.output.contains("is not an email address (expected name@domain.tld, at most 254 characters and 64 before the @)"),
      "\(outcome.output)")
    for email in long {
      #expect(
        try Self.query(outcome.warehouse, "SELECT count(*) FROM contact_emails WHERE email = '\(email)'") == [[.integer(0)]])
    }
  }

  @Test func aNULByteInAFormFieldRejectsTheSubmissionNamingTheField() throws {
    let outcome = try Self.runStage("webform") { directory in
      try Data("first_name=Ann%00x&last_name=Lee&email=ann.lee%40example.org\n".utf8).write(
        to: URL(fileURLWithPath: "\(directory)/nul.txt"))
    }
    #expect(outcome.status == 1, "\(outcome.output)")
    #expect(outcome.output.contains("field 'first_name': holds the control byte 0x00"), "\(outcome.output)")
    #expect(
      try Self.query(outcome.warehouse, "SELECT count(*) FROM contacts WHERE instr(first_name, char(0)) > 0") == [[.integer(0)]])
  }

  @Test func theFormKeyIsMaskedInSourceRowsHoweverItIsWritten() throws {
    let outcome = try Self.runStage("webform") { directory in
      try Data("web%5Fform%5Fkey=SECRET-ONE&first_name=Bea&last_name=Roy&email=bea.roy%40example.org\n".utf8).write(
        to: URL(fileURLWithPath: "\(directory)/escaped.txt"))
      let json =
        #"{"fields":{"web\u005fform_key":"SECRET-TWO","WEB_FORM_KEY":["SECRET-THREE"],"firstName":"Cy","lastName":"Dao","contactInfo_Email_1":"cy.dao@example.org"}}"#
      try Data((json + "\n").utf8).write(to: URL(fileURLWithPath: "\(directory)/escaped.jsonl"))
    }
    #expect(outcome.status <= 1, "\(outcome.output)")
    let stored = try Self.query(
      outcome.warehouse,
      "SELECT count(*) FROM source_rows s JOIN import_files f ON f.id = s.file_id WHERE f.path LIKE '%escaped%'")
    #expect(stored.first?[0].int == 2, "\(outcome.output)")
    for table in ["source_rows", "rejected_rows"] {
      #expect(try Self.query(outcome.warehouse, "SELECT count(*) FROM \(table) WHERE raw LIKE '%SECRET%'") == [[.integer(0)]])
    }
  }

  @Test func anInvoiceWhoseAmountsDoNotFitIsRejectedNotStoredAsZero() throws {
    let outcome = try Self.runStage("invoices") { directory in
      let row =
        "INV-9999999,sent,2026-11-21,2026-11-16,2026-12-16,valerie.gauthier@numerique-cie.fr,cnguyen,EUR,Audit day,100000000000000000000,100000000000000000000,,,,"
      try Data((try Self.header("invoices", "2026-11.csv") + "\n" + row + "\n").utf8).write(
        to: URL(fileURLWithPath: "\(directory)/huge.csv"))
    }
    #expect(outcome.status == 1, "\(outcome.output)")
    #expect(outcome.output.contains("is too large to store"), "\(outcome.output)")
    #expect(try Self.query(outcome.warehouse, "SELECT count(*) FROM invoices WHERE number = 'INV-9999999'") == [[.integer(0)]])
  }

  @Test func anAsOfDateOutsideTheYearRangeIsRefusedWithExit2() throws {
    let folder = try Self.runStage("contacts") { _ in }.root
    let run = try Self.crmpipe(
      ["run", "Pipelines/nightly.yml", "--as-of", "0000-01-01"], in: folder, out: "\(folder)/out")
    #expect(run.status == 2, "\(run.output)")
    #expect(
      run.output.contains("--as-of '0000-01-01': the year 0 is out of range; dates must fall in the years 1900 to 9999"),
      "\(run.output)")
  }

  @Test func aYearTenThousandDateIsCalledOutOfRangeWithTheWholeValue() throws {
    let outcome = try Self.runStage("deals") { directory in
      let row = "Z-9,Far future,,,amartin,Proposal,,EUR,100.00,fixed,,2026-12-02,,10000-01-01"
      try Data((try Self.header("deals", "2026-11-28.csv") + "\n" + row + "\n").utf8).write(
        to: URL(fileURLWithPath: "\(directory)/future.csv"))
    }
    #expect(outcome.status == 1, "\(outcome.output)")
    #expect(
      outcome.output.contains(
        "field 'created': '10000-01-01': the year 10000 is out of range; dates must fall in the years 1900 to 9999"),
      "\(outcome.output)")
    #expect(!outcome.output.contains("ambiguous"), "\(outcome.output)")
  }

  @Test func rowsThatLoseValuesToTheRejectsCountTowardMaxRejects() throws {
    let outcome = try Self.runStage("events") { directory in
      let nightly = "\(directory)/../../Pipelines/nightly.yml"
      let text = try String(contentsOfFile: nightly, encoding: .utf8)
      try Data(text.replacingOccurrences(of: "    id: events\n", with: "    id: events\n    max_rejects: 2\n").utf8).write(
        to: URL(fileURLWithPath: nightly))
      let rows = (1...3).map { "E-Y\($0),Lost \($0),nobody\($0)@unknown.example,,,no,2026-11-21" }
      let file = try Self.header("events", "2026-11-28.csv") + "\n" + rows.joined(separator: "\n") + "\n"
      try Data(file.utf8).write(to: URL(fileURLWithPath: "\(directory)/lost.csv"))
    }
    #expect(outcome.status == 3, "\(outcome.output)")
    #expect(
      outcome.output.contains("lost.csv:4: error: [import.events] more than 2 rows with rejected values"), "\(outcome.output)")
    #expect(try Self.query(outcome.warehouse, "SELECT count(*) FROM events WHERE external_id LIKE 'E-Y%'") == [[.integer(0)]])
  }
}
