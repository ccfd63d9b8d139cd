import CSVBridge
import Foundation
import Glibc
import PipelineTestSupport
import SQLiteBridge
import Stages
import Testing
import Warehouse

/// The review queue: pairs left to a person are listed, exported, decided and applied, and a
/// later run respects the decisions; an apply is all or nothing, even when killed.
@Suite(.serialized) struct ReviewTests {
  static let header = "Source ID,First Name,Last Name,Company,Email,Phone,Street,Postcode,City,Country,Birthday,Job Title\n"

  func importContacts(_ rows: String, name: String, into warehouse: String, folder: String) throws {
    let file = try TestFiles.write(Self.header + rows, to: name, in: folder)
    let result = try Binary.run([
      "import", "contacts", file, "--warehouse", warehouse, "--mapping",
      "\(TestFiles.root)/Benchmarks/linkage/mapping.yml", "--quiet",
    ])
    #expect(result.status == 0, "\(result.stderr)")
  }

  /// The export's rows by pair id, and the file's lines.
  func exported(_ warehouse: String, to file: String) throws -> [[String]] {
    let result = try Binary.run(["review", "export", "--warehouse", warehouse, "--output", file])
    #expect(result.status == 0, "\(result.stderr)")
    var rows: [[String]] = []
    try CSVReader(path: file).forEachRecord { rows.append($0.fields) }
    return rows
  }

  func decide(_ rows: [[String]], _ decisions: [String: String], to file: String) throws {
    let decided = rows.enumerated().map { index, row -> [String] in
      guard index > 0, let decision = decisions[row[0]] else { return row }
      var copy = row
      copy[1] = decision
      return copy
    }
    try decided.map { CSVWriter.line($0) }.joined().write(toFile: file, atomically: true, encoding: .utf8)
  }

  @Test func pairsAreListedExportedDecidedAndRespectedByLaterRuns() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-review")
    let warehouse = "\(folder)/w.sqlite"
    // Two pairs a person decides: a name and a city in common only (namesakes or one person),
    // and a name and city with two phones (one person's two numbers, or two people).
    try importContacts(
      """
      R1,Claire,Faivre,,,,,,Leipzig,Germany,,
      R2,Claire,Faivre,,,,,,Leipzig,Germany,,
      R3,Noel,Brule,,,+1 418 641 2200,,,Quebec,Canada,,
      R4,Noel,Brule,,,+1 418 641 2299,,,Quebec,Canada,,

      """, name: "a.csv", into: warehouse, folder: folder)
    let listed = try Binary.run(["review", "--warehouse", warehouse])
    #expect(listed.status == 0)
    #expect(listed.stdout.contains("contacts 1 and 2, open"), "\(listed.stdout)")
    #expect(listed.stdout.contains("first_name   exact"), "the evidence, field by field")
    let rows = try exported(warehouse, to: "\(folder)/pairs.csv")
    #expect(rows.first == ReviewDecisions.header)
    #expect(rows.count == 3)
    let claire = try #require(rows.first { $0[5] == "Claire Faivre" })[0]
    let noel = try #require(rows.first { $0[5] == "Noel Brule" })[0]
    try decide(rows, [claire: "merge", noel: "keep-apart"], to: "\(folder)/decided.csv")
    let applied = try Binary.run(["review", "apply", "\(folder)/decided.csv", "--warehouse", warehouse])
    #expect(applied.status == 0, "\(applied.stderr)")
    #expect(applied.stdout.contains("1 pair(s) merged, 1 kept apart, 0 left open"), "\(applied.stdout)")
    let again = try Binary.run(["review", "apply", "\(folder)/decided.csv", "--warehouse", warehouse])
    #expect(again.stdout.contains("was applied before"), "\(again.stdout)")

    let store = try Warehouse(path: warehouse)
    #expect(try store.contactExists(1) && !store.contactExists(2), "Claire's pair merged into the older contact")
    #expect(try store.mergedInto(2)?.rule == "review")
    #expect(try store.possibleDuplicates().isEmpty)
    // Later rows give one of Noel's contacts an email, then with the other's number match both
    // his contacts: the row joins one only.
    try importContacts(
      "R5,Noel,Brule,,noel@example.org,+1 418 641 2200,,,Quebec,Canada,,\nR6,Noel,Brule,,noel@example.org,+1 418 641 2299,,,Quebec,Canada,,\n",
      name: "b.csv", into: warehouse, folder: folder)
    let later = try Warehouse(path: warehouse)
    #expect(try later.possibleDuplicates(status: nil).filter { $0.status == "kept-apart" }.count == 1)
    let db = try SQLiteDatabase(path: warehouse)
    let count = try db.query("SELECT count(*) FROM contacts WHERE display_name = 'Noel Brule'").first?.first?.int
    #expect(count == 2, "the two contacts kept apart are still two")
  }

  @Test func aFileWithOneBadDecisionChangesNothing() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-review")
    let warehouse = "\(folder)/w.sqlite"
    try importContacts(
      "R1,Claire,Faivre,,,,,,Leipzig,Germany,,\nR2,Claire,Faivre,,,,,,Leipzig,Germany,,\nR3,Noel,Brule,,,,,,Quebec,Canada,,\nR4,Noel,Brule,,,,,,Quebec,Canada,,\n",
      name: "a.csv", into: warehouse, folder: folder)
    let rows = try exported(warehouse, to: "\(folder)/pairs.csv")
    try decide(rows, [rows[1][0]: "merge", rows[2][0]: "perhaps"], to: "\(folder)/decided.csv")
    let result = try Binary.run(["review", "apply", "\(folder)/decided.csv", "--warehouse", warehouse])
    #expect(result.status == 3)
    #expect(result.stderr.contains("decided.csv:3:2: error"), "\(result.stderr)")
    #expect(result.stderr.contains("'perhaps' is not one of merge, keep-apart or blank"), "\(result.stderr)")
    #expect(try Warehouse(path: warehouse).possibleDuplicates().count == 2, "the merge on line 2 was not kept")
  }

  /// An apply killed while it merges leaves the warehouse as it was; applying again does it all.
  @Test func aKilledApplyLeavesTheWarehouseAsItWasAndARerunAppliesIt() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-review")
    let warehouse = "\(folder)/w.sqlite"
    // One email, two dates of birth: a decisive email another field contradicts goes to review.
    let rows = { (id: String, birthday: String) in
      (0..<300).map { "\(id)\($0),Person\($0),Family\($0),,p\($0)@example.org,,,,Town\($0 % 7),France,\(birthday),\n" }
        .joined()
    }
    try importContacts(rows("R", "1970-01-01") + rows("S", "1980-02-02"), name: "a.csv", into: warehouse, folder: folder)
    let pairs = try exported(warehouse, to: "\(folder)/pairs.csv")
    #expect(pairs.count == 301)
    try decide(pairs, Dictionary(uniqueKeysWithValues: pairs.dropFirst().map { ($0[0], "merge") }), to: "\(folder)/all.csv")
    let before = try KilledRunTests.dump(warehouse)
    // The time a whole apply takes, on a copy.
    for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: warehouse + suffix) {
      try FileManager.default.copyItem(atPath: warehouse + suffix, toPath: "\(folder)/copy.sqlite" + suffix)
    }
    let start = Date()
    #expect(try Binary.run(["review", "apply", "\(folder)/all.csv", "--warehouse", "\(folder)/copy.sqlite"]).status == 0)
    let duration = Date().timeIntervalSince(start)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binary.path)
    process.arguments = ["review", "apply", "\(folder)/all.csv", "--warehouse", warehouse]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let pid = process.processIdentifier
    DispatchQueue.global().asyncAfter(deadline: .now() + duration / 2) { _ = Glibc.kill(pid, SIGKILL) }
    process.waitUntilExit()
    let expected = try KilledRunTests.dump("\(folder)/copy.sqlite")
    if process.terminationReason == .uncaughtSignal {
      #expect(try KilledRunTests.dump(warehouse) == before, "a killed apply changed the warehouse")
      let rerun = try Binary.run(["review", "apply", "\(folder)/all.csv", "--warehouse", warehouse])
      #expect(rerun.status == 0, "\(rerun.stderr)")
    }
    let after = try KilledRunTests.dump(warehouse)
    for (table, rows) in expected where table != "possible_duplicates" { #expect(after[table] == rows, "\(table)") }
    #expect(try Warehouse(path: warehouse).possibleDuplicates().isEmpty)
  }
}
