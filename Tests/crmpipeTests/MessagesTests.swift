import Foundation
import PipelineModel
import PipelineTestSupport
import Testing

@testable import crmpipe

/// What crmpipe says, and to whom (issue 23, item 16): JSON logs that are JSON to the end,
/// masks on phone numbers only, messages that name the field and say what to do, help that
/// reads, and exports a migration can use.
@Suite(.serialized) struct MessagesTests {
  let out = TestFiles.temporaryDirectory("crmpipe-messages")

  static func jsonLines(_ stdout: String) -> [[String: Any]?] {
    stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
  }

  @Test func anInvalidPipelineLogsJSONAndEndsWithRunFinished() throws {
    let pipeline = try TestFiles.write(
      "version: 1\nwarehouse: w.sqlite\nstages:\n  - kind: import.contactz\n    input: x.csv\n", to: "broken.yml", in: out)
    let result = try Binary.run(["run", pipeline, "--log-format", "json"])
    #expect(result.status == 2)
    let lines = Self.jsonLines(result.stdout)
    #expect(lines.count == 3 && lines.allSatisfy { $0 != nil }, "\(result.stdout)")
    #expect(lines.prefix(2).allSatisfy { $0?["event"] as? String == "diagnostic" })
    #expect(lines[1]?["line"] as? Int == 4 && lines[1]?["column"] as? Int == 11)
    #expect(lines.last??["event"] as? String == "run-finished")
    #expect(lines.last??["exit_code"] as? Int == 2)
    #expect(result.stderr.isEmpty)
  }

  @Test func aFailedRunLogsItsDiagnosticsBeforeRunFinished() throws {
    try TestFiles.write("base_currency: EUR\nusers: [{id: ana, name: Ana}]\n", to: "s.yml", in: out)
    try TestFiles.write("First,Last\n\"Jean,Roux\n", to: "bad.csv", in: out)
    let pipeline = try TestFiles.write(
      """
      version: 1
      warehouse: w.sqlite
      settings: s.yml
      stages:
        - kind: import.contacts
          input: bad.csv
          mapping: {first_name: First, last_name: Last}

      """, to: "p.yml", in: out)
    let result = try Binary.run(["run", pipeline, "--log-format", "json"], in: out)
    #expect(result.status == 3)
    let events = Self.jsonLines(result.stdout).map { $0?["event"] as? String }
    #expect(events.contains("diagnostic"))
    #expect(events.last == "run-finished", "\(events)")
    // History names the error once.
    let history = try Binary.run(["history", "--warehouse", "\(out)/w.sqlite"])
    #expect(history.stdout.contains("  bad.csv:2: error: [import.contacts] a quoted field is never closed"))
    #expect(!history.stdout.contains("error: bad.csv"))
  }

  @Test func onlyPhoneNumbersAndEmailsAreMaskedInText() {
    let text = "2026-11-28 09:14:00,28.11.2026,192.168.1.10,1234567.89,+33 6 12 34 56 78,ana@x.org"
    let masked = Masking.maskText(text)
    #expect(masked.hasPrefix("2026-11-28 09:14:00,28.11.2026,192.168.1.10,1234567.89,"))
    #expect(!masked.contains("12 34 56") && masked.contains("+33"))
    #expect(!masked.contains("ana@x.org"))
  }

  @Test func aTwilioPageAfterLeadingWhiteSpaceIsReadAsJSON() throws {
    let sid = "CA" + String(repeating: "0", count: 31) + "1"
    let page = """
      {"calls": [{"sid": "\(sid)", "direction": "inbound", "status": "completed", "from": "+33612345678",
      "to": "+33180000000", "start_time": "Fri, 27 Nov 2026 10:00:00 +0000", "duration": "30"}], "next_page_uri": null}
      """
    let file = try TestFiles.write(String(repeating: " ", count: 70_000) + "\n" + page, to: "page.json", in: out)
    let result = try Binary.run(["import", "calls", file, "--warehouse", "\(out)/calls.sqlite", "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    let mapping = try TestFiles.write("sid: Sid\n", to: "m.yml", in: out)
    let refused = try Binary.run(["import", "calls", file, "--warehouse", "\(out)/calls.sqlite", "--mapping", mapping])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("importing calls takes no --mapping"))
  }

  @Test func invalidUTF8NamesItsColumnAndSaysHowToFixIt() throws {
    var bytes = Data("First,Last,Email\n".utf8)
    for index in 0..<5_000 { bytes += Data("Jean\(index),Roux,j\(index)@r.fr\n".utf8) }
    bytes += Data([0x4A, 0x6F, 0x73, 0xC3]) + Data(",Roux,x@r.fr\n".utf8)
    let file = "\(out)/latin.csv"
    try bytes.write(to: URL(fileURLWithPath: file))
    let mapping = try TestFiles.write("first_name: First\nlast_name: Last\nemail: Email\n", to: "c.yml", in: out)
    let result = try Binary.run(["import", "contacts", file, "--warehouse", "\(out)/u.sqlite", "--mapping", mapping])
    #expect(result.status == 3)
    #expect(result.stderr.contains("latin.csv:5002: error: [import.contacts] field 1 ('First'): invalid UTF-8"))
    #expect(result.stderr.contains("Save the file as UTF-8, or set the stage's encoding"))
    #expect(!result.stderr.contains("quoting"))
  }

  @Test func helpListsTheExitCodesOneALine() throws {
    let help = try Binary.run(["--help"])
    #expect(help.stdout.contains("\n  3  a file, the warehouse or an output could not be read or written\n"))
    #expect(help.stdout.contains("\n  5  another run holds the warehouse\n"))
    // Every command's overview: no line broken where the width does not force it (a short
    // line followed by a word that would have fitted on it).
    for command in ["run", "plan", "validate", "stages", "schema", "explain", "guess", "import", "export", "report", "history"] {
      let text = try Binary.run([command, "--help"]).stdout
      let overview =
        text.components(separatedBy: "USAGE:").first?.split(separator: "\n", omittingEmptySubsequences: false).map(
          String.init) ?? []
      for (line, next) in zip(overview, overview.dropFirst())
      where !next.hasPrefix(" ") && !next.isEmpty && !line.isEmpty && !".:".contains(line.last ?? ".") {
        let word = next.split(separator: " ").first.map(String.init) ?? ""
        #expect(line.count + 1 + word.count > 80, "\(command) --help breaks early: '\(line)' / '\(next)'")
      }
    }
  }

  @Test func oneReportedItemIsSingular() throws {
    let result = try Binary.run(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--only", "contacts", "deals", "rates", "forecast-quarter"],
      environment: ["CRMPIPE_OUT": out])
    #expect(result.status == 1, "\(result.stderr)")
    let warehouse = "\(out)/warehouse.sqlite"
    // One deal of the sample was won on 2026-11-24, two on the 24th and 25th.
    for (to, count) in [("2026-11-24", "1 deal →"), ("2026-11-25", "2 deals →")] {
      let report = try Binary.run([
        "report", "sales-by-managers", "--warehouse", warehouse, "--from", "2026-11-24", "--to", to, "--as-of",
        "2026-11-28", "--out", "\(out)/won-\(to).xlsx",
      ])
      #expect(report.status == 0, "\(report.stderr)")
      #expect(report.stdout.contains("  report  \(count) "), "\(report.stdout)")
    }
  }

  @Test(arguments: ["google", "outlook", "outlook-fr", "hubspot", "onlyoffice"])
  func theMigrationPipelineTakesARealExport(preset: String) throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-migrate")
    let input = "\(TestFiles.root)/Tests/crmpipeTests/Fixtures/csv/presets/\(preset).csv"
    let result = try Binary.run(
      ["run", "Pipelines/migrate-contacts.yml", "--quiet"], environment: ["CRMPIPE_OUT": folder, "MIGRATION_INPUT": input])
    #expect(result.status == 0, "\(preset): \(result.stderr)")
  }

  @Test(arguments: [
    ("+33619542555", "+33619542555"), ("-12.5", "-12.5"), ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-1+HYPERLINK(\"x\")", "'-1+HYPERLINK(\"x\")"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("+", "'+"),
    ("Ana", "Ana"),
  ])
  func anExportedCellIsNeutralisedOnlyWhenASpreadsheetWouldRunIt(cell: String, written: String) {
    #expect(ExportCommand.neutralised(cell) == written)
  }
}

extension MessagesTests {
  /// A column mapped wrong rejects every row alike: the summary shows the first and the lines of
  /// the others, and a value that is no date is not called an ambiguous one.
  @Test func rowsRejectedAlikeAreShownOnceWithTheirLines() throws {
    let rows = (0..<12).map { "Jean\($0),j\($0)@x.fr" }.joined(separator: "\n")
    let file = try TestFiles.write("First,Email\n" + rows + "\n", to: "wrong.csv", in: out)
    let mapping = try TestFiles.write("first_name: First\nemail: Email\ncreated: First\n", to: "w.yml", in: out)
    let result = try Binary.run(["import", "contacts", file, "--warehouse", "\(out)/wrong.sqlite", "--mapping", mapping])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.components(separatedBy: "field 'created'").count - 1 == 1, "\(result.stdout)")
    #expect(
      result.stdout.contains(
        "wrong.csv:2: field 'created': 'Jean0' is not a date: expected ISO 8601 (2026-11-28), dd/mm/yyyy or mm/dd/yyyy"))
    #expect(result.stdout.contains("    and 9 more rows like it: lines 3, 4, 5, 6, 7, 8, 9, 10, 11"), "\(result.stdout)")
    #expect(!result.stdout.contains("ambiguous"))
  }
}
