import Foundation
import PipelineTestSupport
import SQLiteBridge
import Testing

/// The hostile-input corpus (Fixtures/hostile, written by its make_corpus.py; cases.json says
/// what each case must give), plus two large cases made here: a 10 MB field and 10,000
/// columns. Each bad file is the only file of its nightly stage, run on a copy of the sample
/// warehouse: no crash, the exit code and the message (file, line, field) cases.json gives,
/// the good rows of the file imported or the whole file refused, and nothing else changed.
@Suite struct HostileInputTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    var name = ""
    var folder: String
    var file: String
    var status: Int32
    var outcome: String
    var message: String
    var inserted: Int
    var testDescription: String { name }

    enum CodingKeys: String, CodingKey { case folder, file, status, outcome, message, inserted }
  }

  static let folder = TestFiles.fixture("hostile")

  static let cases: [Case] = {
    guard let data = FileManager.default.contents(atPath: "\(folder)/cases.json"),
      let table = try? JSONDecoder().decode([String: Case].self, from: data)
    else { return [] }
    return table.map { name, value in
      var named = value
      named.name = name
      return named
    }.sorted { $0.name < $1.name }
  }()

  /// The sample warehouse, made once: every case starts from a copy of it.
  static let baseline: String = {
    let out = TestFiles.temporaryDirectory("crmpipe-hostile-base")
    _ = try? run(["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--quiet"], in: TestFiles.root, out: out)
    return "\(out)/warehouse.sqlite"
  }()

  static func run(_ arguments: [String], in folder: String, out: String) throws -> (status: Int32, output: String) {
    let result = try Binary.run(arguments, in: folder, environment: ["CRMPIPE_OUT": out])
    return (result.status, result.stdout + result.stderr)
  }

  /// Runs the nightly stage of `folder` alone on a copy of the sample warehouse, `content`
  /// being its only file; returns the exit status, the output, and the warehouse path.
  static func runStage(folder: String, file: String, content: Data) throws -> (Int32, String, String) {
    let root = try stageCopy(folder: folder)
    try content.write(to: URL(fileURLWithPath: "\(root)/SampleData/\(folder)/\(file)"))
    let (status, output) = try run(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--only", folder], in: root, out: "\(root)/out")
    return (status, output, "\(root)/out/warehouse.sqlite")
  }

  /// A new folder with the nightly pipeline, the sample settings, an empty input `folder` and
  /// a copy of the sample warehouse in `out`; returns its path.
  static func stageCopy(folder: String) throws -> String {
    let root = TestFiles.temporaryDirectory("crmpipe-hostile")
    let manager = FileManager.default
    for path in ["Pipelines", "SampleData/\(folder)", "out"] {
      try manager.createDirectory(atPath: "\(root)/\(path)", withIntermediateDirectories: true)
    }
    try manager.copyItem(atPath: "\(TestFiles.root)/Pipelines/nightly.yml", toPath: "\(root)/Pipelines/nightly.yml")
    try manager.copyItem(atPath: "\(TestFiles.root)/SampleData/settings.yml", toPath: "\(root)/SampleData/settings.yml")
    try manager.copyItem(atPath: baseline, toPath: "\(root)/out/warehouse.sqlite")
    return root
  }

  /// The import_files rows the baseline does not have: (rows read, inserted, rejected).
  static func newFiles(_ warehouse: String) throws -> [(read: Int, inserted: Int, rejected: Int)] {
    let known =
      try SQLiteDatabase(path: baseline, readOnly: true).query("SELECT max(id) FROM import_files").first?.first?.int ?? 0
    return try SQLiteDatabase(path: warehouse, readOnly: true).query(
      "SELECT rows_read, inserted, rejected FROM import_files WHERE id > ?", [.integer(known)]
    ).map { (Int($0[0].int ?? 0), Int($0[1].int ?? 0), Int($0[2].int ?? 0)) }
  }

  @Test func theCorpusHasAtLeastFortyCasesOfEveryKind() {
    #expect(Self.cases.count + 2 >= 40)
    #expect(
      Set(Self.cases.map(\.folder)).isSuperset(of: [
        "contacts", "deals", "tasks", "events", "invoices", "rates", "webform", "calls", "pipelines",
      ]))
  }

  @Test(arguments: HostileInputTests.cases)
  func eachBadInputGetsItsExitCodeAndAClearMessageAndChangesNothingElse(_ bad: Case) throws {
    let path = "\(Self.folder)/\(bad.folder)/\(bad.file)"
    if bad.folder == "pipelines" {
      let out = TestFiles.temporaryDirectory("crmpipe-hostile")
      let (status, output) = try Self.run(["validate", path], in: TestFiles.root, out: out)
      #expect(status == bad.status, "\(output)")
      #expect(output.contains(bad.message), "\(output)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
      return
    }
    let content = try #require(FileManager.default.contents(atPath: path))
    let (status, output, warehouse) = try Self.runStage(folder: bad.folder, file: bad.file, content: content)
    #expect(status == bad.status, "\(output)")
    #expect(output.contains(bad.message), "\(output)")
    #expect(!output.contains("internal error"))
    let db = try SQLiteDatabase(path: warehouse, readOnly: true)
    #expect(try db.query("PRAGMA integrity_check").first?.first?.string == "ok")
    if bad.outcome == "refused" {
      // The whole file refused: the warehouse holds what it held (the run's own record aside).
      #expect(try KilledRunTests.dump(warehouse) == KilledRunTests.dump(Self.baseline))
    } else {
      let files = try Self.newFiles(warehouse)
      #expect(files.count == 1)
      #expect(files.first?.inserted == bad.inserted, "\(output)")
    }
  }

  @Test func aTenMegabyteFieldIsRejectedWithItsSizeAndTheRestOfTheFileImported() throws {
    let header = try String(contentsOfFile: "\(TestFiles.root)/SampleData/contacts/2026-11-28.csv", encoding: .utf8)
      .prefix { $0 != "\n" }
    let good =
      "person,Odile,Vasseur,Atelier Vasseur,Gérante,odile.vasseur@atelier-vasseur.fr,,Lille,France,Client,Warm,amartin,public-read-write,,2026-11-10"
    let huge = "person,Max,Large,\"" + String(repeating: "x", count: 10_000_000) + "\",,max@example.org,,,,,,,,,"
    let (status, output, warehouse) = try Self.runStage(
      folder: "contacts", file: "huge.csv", content: Data("\(header)\n\(good)\n\(huge)\n".utf8))
    #expect(status == 1, "\(output)")
    #expect(output.contains("huge.csv:3: field 'Company': is 10000000 bytes long, more than the 1048576 a field may hold"))
    #expect(try Self.newFiles(warehouse).first.map { [$0.read, $0.inserted, $0.rejected] } == [2, 1, 1])
  }

  @Test func tenThousandColumnsAreReadAndTheUnusedOnesNamedBriefly() throws {
    let header = try String(contentsOfFile: "\(TestFiles.root)/SampleData/contacts/2026-11-28.csv", encoding: .utf8)
      .prefix { $0 != "\n" }
    let extra = (0..<9_985).map { "Extra \($0)" }.joined(separator: ",")
    let good =
      "person,Odile,Vasseur,Atelier Vasseur,Gérante,odile.vasseur@atelier-vasseur.fr,,Lille,France,Client,Warm,amartin,public-read-write,,2026-11-10"
    let (status, output, warehouse) = try Self.runStage(
      folder: "contacts", file: "wide.csv",
      content: Data("\(header),\(extra)\n\(good)\(String(repeating: ",", count: 9_985))\n".utf8))
    #expect(status == 0, "\(output)")
    #expect(output.contains("'Extra 19' and 9965 more; map them"))
    #expect(try Self.newFiles(warehouse).first?.inserted == 1)
  }
}
