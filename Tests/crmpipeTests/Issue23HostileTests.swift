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
    let log = "\(out)/../crmpipe-output.txt"
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
    let root = TestFiles.temporaryDirectory("crmpipe-issue23")
    let manager = FileManager.default
    for path in ["Pipelines", "SampleData/\(folder)", "out"] {
      try manager.createDirectory(atPath: "\(root)/\(path)", withIntermediateDirectories: true)
    }
    try manager.copyItem(atPath: "\(TestFiles.root)/Pipelines/nightly.yml", toPath: "\(root)/Pipelines/nightly.yml")
    try manager.copyItem(atPath: "\(TestFiles.root)/SampleData/settings.yml", toPath: "\(root)/SampleData/settings.yml")
    try manager.copyItem(atPath: HostileInputTests.baseline, toPath: "\(root)/out/warehouse.sqlite")
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
}
