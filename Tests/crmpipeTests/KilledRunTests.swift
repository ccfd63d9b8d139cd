import Foundation
import PipelineTestSupport
import SQLiteBridge
import Testing

/// The nightly pipeline killed with SIGKILL in each of its 20 stages (halfway through the
/// stage, by the time it took in an uninterrupted run), on the sample data plus 3,000
/// generated contacts so that the run takes seconds. After each kill the warehouse must be
/// sound, hold only whole files, show no report, and a rerun must end where an
/// uninterrupted run ends: the same rows, golden contacts, rejects file and reports.
@Suite(.serialized) struct KilledRunTests {
  struct Event {
    var stage: String
    var started: Double
    var finished: Double?
  }

  struct Outcome {
    var killed: Bool
    var status: Int32
    /// The stages that started, with their times since the process started.
    var events: [Event]
  }

  /// A copy of `Pipelines/` and `SampleData/`, with a generated contacts file.
  static func workspace() throws -> String {
    let root = TestFiles.temporaryDirectory("crmpipe-kill")
    for folder in ["Pipelines", "SampleData"] {
      try FileManager.default.copyItem(atPath: "\(TestFiles.root)/\(folder)", toPath: "\(root)/\(folder)")
    }
    try bulkContacts().write(toFile: "\(root)/SampleData/contacts/2026-11-29-bulk.csv", atomically: true, encoding: .utf8)
    return root
  }

  /// `count` contacts in the sample's layout; every fifth repeats an earlier one with its email
  /// in capitals and its phone written another way, so deduplication has work to do.
  static func bulkContacts(count: Int = 3_000) -> String {
    let first = ["Léa", "Hugo", "Chloé", "Louis", "Emma", "Jules", "Inès", "Arthur", "Zoé", "Adam", "Manon", "Noah"]
    let last = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
    let cities = ["Paris", "Lyon", "Lille", "Nantes", "Bordeaux"]
    let users = ["amartin", "bdupont", "cnguyen", "dschmidt", "eoconnor"]
    var lines = [
      "Kind,First Name,Last Name,Company,Job Title,Email,Phone,City,Country,Contact Type,Temperature,Responsible,Access,Tags,Created"
    ]
    for index in 0..<count {
      let person = index % 5 == 4 ? index - 3 : index
      let (f, l) = (first[person % first.count], last[(person / first.count) % last.count])
      let email = "\(f.lowercased()).\(l.lowercased()).\(person)@example.org"
      let digits = String(format: "%08d", 10_000_000 + person * 7)
      let phone =
        index == person ? "+33 6 \(digits.prefix(2)) \(digits.dropFirst(2).prefix(2)) \(digits.suffix(4))" : "06\(digits)"
      lines.append(
        [
          "person", f, l, "Société \(person % 300)", "Acheteur", index == person ? email : email.uppercased(), phone,
          cities[person % cities.count], "France", "Client", "Warm", users[person % users.count], "public-read-write", "",
          "2026-11-0\(1 + person % 9)",
        ].joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Runs the nightly pipeline with JSON logs; with `kill`, sends SIGKILL `after` seconds
  /// once stage number `stage` (from 0) has started.
  static func run(_ root: String, out: String, kill: (stage: Int, after: Double)? = nil) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binary.path)
    process.arguments = ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--log-format", "json"]
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    process.environment = ProcessInfo.processInfo.environment.merging(["CRMPIPE_OUT": out]) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    let start = Date()
    try process.run()
    var events: [Event] = []
    var pending = Data()
    while case let data = output.fileHandleForReading.availableData, !data.isEmpty {
      pending += data
      while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        let line = pending[pending.startIndex..<newline]
        pending = pending[(newline + 1)...]
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
          let stage = object["stage"] as? String
        else { continue }
        let now = Date().timeIntervalSince(start)
        switch object["event"] as? String {
        case "stage-started":
          events.append(Event(stage: stage, started: now))
          if let kill, events.count == kill.stage + 1 {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + kill.after) { _ = Glibc.kill(pid, SIGKILL) }
          }
        case "stage-finished":
          // Report stages run side by side: a stage may finish after a later one started.
          if let index = events.lastIndex(where: { $0.stage == stage && $0.finished == nil }) { events[index].finished = now }
        default: break
        }
      }
    }
    process.waitUntilExit()
    return Outcome(
      killed: process.terminationReason == .uncaughtSignal, status: process.terminationStatus, events: events)
  }

  /// Every table but the run log, without run ids, in a stable order: what a rerun must rebuild.
  static func dump(_ path: String) throws -> [String: [String]] {
    let db = try SQLiteDatabase(path: path, readOnly: true)
    var tables: [String: [String]] = [:]
    let names = try db.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('import_runs', 'settings_snapshots')"
    ).compactMap { $0.first?.string }
    for table in names {
      let columns = try db.query("SELECT name FROM pragma_table_info('\(table)')").compactMap { $0.first?.string }
        .filter { $0 != "run_id" }
      let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
      tables[table] = try db.query("SELECT \(list) FROM \(table) ORDER BY \(list)").map { "\($0)" }
    }
    return tables
  }

  /// The rejects file without its run column (a rerun's run id differs), in order.
  static func rejects(_ out: String) throws -> [String] {
    try String(contentsOfFile: "\(out)/warehouse.rejects.csv", encoding: .utf8).split(separator: "\n")
      .map { $0.drop { $0 != "," } }.map(String.init)
  }

  static func reports(_ out: String) -> [String: Data] {
    let folder = "\(out)/reports"
    let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter {
      $0.hasSuffix(".xlsx") && !($0 as NSString).lastPathComponent.hasPrefix(".")
    }
    return Dictionary(uniqueKeysWithValues: names.map { ($0, FileManager.default.contents(atPath: "\(folder)/\($0)") ?? Data()) })
  }

  /// Per imported file (by stage and content hash): its counts and how many source rows it has.
  static func files(_ path: String) throws -> [String: String] {
    let db = try SQLiteDatabase(path: path, readOnly: true)
    let rows = try db.query(
      """
      SELECT f.stage_kind || ' ' || f.sha256, f.path, f.rows_read, f.inserted, f.updated, f.skipped, f.rejected,
        (SELECT count(*) FROM source_rows s WHERE s.file_id = f.id), (SELECT count(*) FROM rejected_rows r WHERE r.file_id = f.id)
      FROM import_files f
      """)
    return Dictionary(uniqueKeysWithValues: rows.map { ($0[0].string ?? "", "\(Array($0.dropFirst()))") })
  }

  /// Runs `crmpipe import contacts` of `file` into `warehouse`; with `killAfter`, sends SIGKILL
  /// that many seconds after it started. Returns whether it was killed and how long it ran.
  static func importContacts(_ file: String, into warehouse: String, killAfter: Double? = nil) throws -> (
    killed: Bool, seconds: Double
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binary.path)
    let mapping = (file as NSString).deletingPathExtension + "-mapping.yml"
    try """
    first_name: First Name
    last_name: Last Name
    company_name: Company
    email: Email
    phone: Phone
    city: City
    country: Country
    """.write(toFile: mapping, atomically: true, encoding: .utf8)
    process.arguments = [
      "import", "contacts", file, "--warehouse", warehouse, "--mapping", mapping, "--as-of", "2026-11-28",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = Date()
    try process.run()
    if let killAfter {
      let pid = process.processIdentifier
      DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) { _ = Glibc.kill(pid, SIGKILL) }
    }
    process.waitUntilExit()
    return (process.terminationReason == .uncaughtSignal, Date().timeIntervalSince(start))
  }

  /// A file large against the warehouse lands with a rollback journal and without its
  /// random-order indexes (`CSVImport.isBulk`): killed halfway, the next connection rolls the
  /// journal back, the warehouse is as before, and a rerun ends where an uninterrupted run ends.
  @Test func aBulkImportKilledHalfwayLeavesTheWarehouseAsItWasAndARerunFinishesIt() throws {
    let root = TestFiles.temporaryDirectory("crmpipe-kill-bulk")
    let file = "\(root)/contacts.csv"
    try Self.bulkContacts(count: 14_000).write(toFile: file, atomically: true, encoding: .utf8)
    let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0
    #expect(size >= 2_000_000, "the file must be large enough to land in bulk: \(size) bytes")

    let reference = try Self.importContacts(file, into: "\(root)/reference.sqlite")
    #expect(!reference.killed)
    let expected = try Self.dump("\(root)/reference.sqlite")
    #expect((expected["contacts"]?.count ?? 0) > 11_000)

    let warehouse = "\(root)/killed.sqlite"
    let killed = try Self.importContacts(file, into: warehouse, killAfter: reference.seconds / 2)
    #expect(killed.killed, "the import ended before it was killed")
    if killed.killed {
      // The killed transaction left its rollback journal: the bulk path was taken.
      #expect(FileManager.default.fileExists(atPath: "\(warehouse)-journal"))
      let db = try SQLiteDatabase(path: warehouse)
      #expect(try db.query("PRAGMA integrity_check").first?.first?.string == "ok")
      #expect(try db.query("SELECT count(*) FROM contacts").first?.first?.int == 0)
      #expect(try db.query("SELECT count(*) FROM source_rows").first?.first?.int == 0)
    }
    #expect(!(try Self.importContacts(file, into: warehouse)).killed)
    // Back in the write-ahead log once the import is done.
    #expect(try SQLiteDatabase(path: warehouse).query("PRAGMA journal_mode").first?.first?.string == "wal")
    let dump = try Self.dump(warehouse)
    for (table, rows) in expected where dump[table] != rows {
      Issue.record("table \(table) differs after the rerun (\(dump[table]?.count ?? 0) rows, \(rows.count) expected)")
    }
  }

  @Test func aRunKilledInAnyStageLeavesASoundWarehouseAndARerunFinishesTheJob() throws {
    let root = try Self.workspace()
    let referenceOut = "\(root)/reference"
    let reference = try Self.run(root, out: referenceOut)
    #expect(reference.status == 1 && !reference.killed)  // done, with the sample's rejected rows
    #expect(reference.events.count == 20)
    let (expectedDump, expectedFiles) = (
      try Self.dump("\(referenceOut)/warehouse.sqlite"), try Self.files("\(referenceOut)/warehouse.sqlite")
    )
    let (expectedRejects, expectedReports) = (try Self.rejects(referenceOut), Self.reports(referenceOut))
    #expect(expectedReports.count > 10)

    var killedIn: [String] = []
    for (index, stage) in reference.events.enumerated() {
      // Halfway through the stage by the reference's time; a stage that ran faster this time
      // (short stages on a busy machine) is tried again with the kill sent earlier.
      let duration = (stage.finished ?? stage.started) - stage.started
      var (out, killed, attempt) = ("", Outcome(killed: false, status: 0, events: []), 0)
      for fraction in [0.5, 0.25, 0.1, 0.0] {
        out = "\(root)/killed-\(index)-\(attempt)"
        attempt += 1
        killed = try Self.run(root, out: out, kill: (index, duration * fraction))
        if killed.events.contains(where: { $0.stage == stage.stage && $0.finished == nil }) { break }
      }
      guard killed.killed else {
        // Faster than the reference this time: it finished. It must still be right.
        #expect(try Self.dump("\(out)/warehouse.sqlite") == expectedDump, "stage \(stage.stage): not killed")
        continue
      }
      // The stages running when it was killed (report stages run side by side).
      killedIn += killed.events.filter { $0.finished == nil }.map(\.stage)
      let warehouse = "\(out)/warehouse.sqlite"
      let db = try SQLiteDatabase(path: warehouse)
      #expect(try db.query("PRAGMA integrity_check").first?.first?.string == "ok", "killed in \(stage.stage)")
      #expect(try db.query("PRAGMA foreign_key_check").isEmpty, "killed in \(stage.stage)")
      // Every file the killed run kept is whole: as in the uninterrupted run.
      for (file, counts) in try Self.files(warehouse) {
        #expect(expectedFiles[file] == counts, "killed in \(stage.stage): \(counts)")
      }
      // Reports are renamed into place one by one once every stage has finished: a kill that
      // lands then (the last stage is short) may leave some visible, each whole. Before that,
      // none may be.
      let visible = Self.reports(out)
      if killed.events.count == reference.events.count && killed.events.allSatisfy({ $0.finished != nil }) {
        #expect(
          visible.allSatisfy { expectedReports[$0.key] == $0.value },
          "killed in \(stage.stage), after every stage: a report is not whole")
      } else {
        #expect(visible.isEmpty, "killed in \(stage.stage): a report of the killed run is visible")
      }

      let rerun = try Self.run(root, out: out)
      // 1 when the rerun itself rejected rows; 0 when the killed run had already kept them.
      #expect([0, 1].contains(rerun.status) && !rerun.killed, "killed in \(stage.stage): rerun ended with \(rerun.status)")
      let dump = try Self.dump(warehouse)
      for (table, rows) in expectedDump where dump[table] != rows {
        Issue.record(
          "killed in \(stage.stage), then rerun: table \(table) differs (\(dump[table]?.count ?? 0) rows, \(rows.count) expected)"
        )
      }
      #expect(try Self.rejects(out) == expectedRejects, "killed in \(stage.stage), then rerun")
      #expect(Self.reports(out) == expectedReports, "killed in \(stage.stage), then rerun")
      // The killed run is in the history as interrupted, with the time the rerun found it (or
      // succeeded, when the kill landed after it recorded its end); the hidden files it was
      // writing reports to are gone.
      let history = try db.query("SELECT status, finished_at IS NOT NULL FROM import_runs ORDER BY id").map {
        "\($0[0].string ?? "")|\($0[1].int ?? -1)"
      }
      #expect(
        history == ["interrupted|1", "succeeded|1"] || history == ["succeeded|1", "succeeded|1"],
        "killed in \(stage.stage): \(history)")
      let hidden = (FileManager.default.enumerator(atPath: "\(out)/reports")?.allObjects as? [String] ?? []).filter {
        ($0 as NSString).lastPathComponent.hasPrefix(".")
      }
      #expect(hidden.isEmpty, "killed in \(stage.stage), then rerun: left \(hidden)")
    }
    // Most kills land while a stage runs: imports (deduplication included) and reports.
    #expect(killedIn.count >= 15, "\(killedIn)")
    // Report stages run side by side, so a kill timed for one may land in its neighbour.
    let reports: Set = ["funnel-quarter", "funnel-all-time", "forecast-quarter", "summary-month", "manager-workbooks"]
    #expect(killedIn.contains("contacts") && killedIn.contains("deals") && !reports.isDisjoint(with: killedIn), "\(killedIn)")
  }
}
