import CSVBridge
import Foundation
import PipelineConfig
import PipelineModel
import PipelineTestSupport
import Stages
import Testing
import Warehouse

@Suite struct ImportTests {
  let out = TestFiles.temporaryDirectory()

  static let contactsStage = """
      - kind: import.contacts
        input: contacts/*.csv
        mapping: {first_name: First, last_name: Last, company_name: Company, email: Email, tags: Tags}

    """

  func warehouse() throws -> Warehouse { try Warehouse(path: "\(out)/w.sqlite") }

  @Test func aFileThatFailsHalfWayLeavesNoRowsAndEarlierFilesStay() throws {
    let good = "First,Last,Company,Email,Tags\nAna,Lima,,ana@x.org,Lead\n"
    let bad = "First,Last,Company,Email,Tags\nBea,Roy,,bea@x.org,\nCid,Moss,,\"cid@x.org\"x,\nDan,Hale,,dan@x.org,\n"
    let pipeline = try RunSupport.pipeline(stages: Self.contactsStage, files: ["contacts/a.csv": good, "contacts/b.csv": bad])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(
      summary.failure?.description.contains("contacts/b.csv:3: error: [import.contacts] field 4 ('Email'): malformed quoting")
        == true, "\(summary.failure?.description ?? "")")
    let counts = try warehouse().tableCounts()
    #expect(counts["contacts"] == 1)
    #expect(counts["import_files"] == 1)
    #expect(counts["source_rows"] == 1)
    #expect(try warehouse().contactID(email: "bea@x.org") == nil)
    #expect(!FileManager.default.fileExists(atPath: "\(out)/w.rejects.csv"))

    // Fixed, the next run imports b.csv only.
    try TestFiles.write(
      bad.replacingOccurrences(of: "\"cid@x.org\"x", with: "cid@x.org"), to: "contacts/b.csv",
      in: (pipeline as NSString).deletingLastPathComponent)
    let rerun = try RunSupport.run(pipeline, out: out)
    #expect(rerun.failure == nil)
    #expect(rerun.stages[0].filesSkipped.count == 1)
    #expect(rerun.stages[0].counts.inserted == 3)
    #expect(try warehouse().tableCounts()["contacts"] == 4)
  }

  @Test func rejectedRowsGoToTheRejectsFileAndCountsAddUp() throws {
    let csv = """
      First,Last,Company,Email,Tags
      Ana,Lima,,ana@x.org,"Lead,Customer"
      ,Roy,,roy@x.org,
      ,,,,
      Zoé,Ndiaye,Acme SARL,not-an-email,
      ,,Acme SARL,info@acme.fr,
      Ana,Lima,,ANA@x.org,
      Ana,Lima,,ana@x.org,Staff
      Only,Two
      """
    let pipeline = try RunSupport.pipeline(stages: Self.contactsStage, files: ["contacts/a.csv": csv])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil)
    let c = summary.stages[0].counts
    #expect(c.read == 8)
    let outcome: [Int] = [c.inserted, c.updated, c.skipped, c.rejected, c.fieldsDropped]
    #expect(outcome == [3, 2, 1, 2, 1])
    #expect(c.read == c.inserted + c.updated + c.skipped + c.rejected)

    var rows: [[String]] = []
    try CSVReader(path: "\(out)/w.rejects.csv").forEachRecord { rows.append($0.fields) }
    #expect(rows.first == ["run", "stage", "file", "line", "field", "reason", "row"])
    let positions: [[String]] = rows.dropFirst().map { [$0[3], $0[4]] }
    #expect(positions == [["4", ""], ["5", "email"], ["9", ""]])
    #expect(rows[1][5] == "no name, no email and no phone: nothing to identify a contact by")
    #expect(rows[1][6] == "\"\",\"\",\"\",\"\",\"\"")
    #expect(rows[2][5] == "'n***********' is not an email address (expected name@domain.tld) (value dropped, row imported)")
    #expect(rows[3][5] == "expected 5 fields as in the header, got 2")
    #expect(rows.dropFirst().allSatisfy { $0[2].hasSuffix("contacts/a.csv") })

    // Ana merged: one contact, tags from both rows, traced to lines 2, 7 and 8. Row 6 (the
    // company itself) joined the Acme created for Zoé on line 5, which had nothing to compare.
    let w = try warehouse()
    let ana = try #require(try w.contactID(email: "ANA@X.ORG"))
    #expect(try w.sources(entity: "contact", id: ana).map { $0.split(separator: ":").last.map(String.init) } == ["2", "7", "8"])
    #expect(try w.tableCounts()["contact_tags"] == 3)
    #expect(try w.tableCounts()["contacts"] == 4)
  }

  @Test func rejectsCommittedByAKilledRunAreWrittenByTheNextRun() throws {
    // A run that committed a file and died before writing its rejects leaves them unexported.
    let w = try warehouse()
    let run = try w.startRun(pipeline: "p.yml", asOf: RunSupport.asOf)
    let file = try w.beginFile(runID: run, stageKind: "import.contacts", stageID: "contacts", path: "old.csv", sha256: "x")
    try w.addRejectedRow(fileID: file, line: 7, field: "email", reason: "bad", raw: "\"a\"")
    let pipeline = try RunSupport.pipeline(
      stages: Self.contactsStage, files: ["contacts/a.csv": "First,Last,Company,Email,Tags\n"])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.rejectsWritten == 1)
    var rows: [[String]] = []
    try CSVReader(path: "\(out)/w.rejects.csv").forEachRecord { rows.append($0.fields) }
    #expect(
      rows == [
        ["run", "stage", "file", "line", "field", "reason", "row"], ["1", "contacts", "old.csv", "7", "email", "bad", "\"a\""],
      ])
    #expect(try w.unexportedRejectedRows().isEmpty)
  }

  @Test func onErrorFailRefusesTheWholeFile() throws {
    let stage = Self.contactsStage.replacingOccurrences(of: "tags: Tags}", with: "tags: Tags}\n    on_error: fail")
    let csv = "First,Last,Company,Email,Tags\nAna,Lima,,ana@x.org,\n,,,,\n"
    let pipeline = try RunSupport.pipeline(stages: stage, files: ["contacts/a.csv": csv])
    let summary = try RunSupport.run(pipeline, out: out)
    let message = try #require(summary.failure?.diagnostics.first)
    #expect(message.location?.line == 3)
    #expect(
      message.message
        == "no name, no email and no phone: nothing to identify a contact by; the file was not imported (on_error: fail)")
    #expect(try warehouse().tableCounts()["contacts"] == 0)
  }

  @Test func theSameFileTwiceChangesNothing() throws {
    let csv = "First,Last,Company,Email,Tags\nAna,Lima,,ana@x.org,\n"
    let pipeline = try RunSupport.pipeline(stages: Self.contactsStage, files: ["contacts/a.csv": csv])
    _ = try RunSupport.run(pipeline, out: out)
    var before = try warehouse().tableCounts()
    let again = try RunSupport.run(pipeline, out: out)
    #expect(again.stages[0].filesSkipped == ["\(Paths.displayForTests(pipeline, "contacts/a.csv")) (already imported by run 1)"])
    var after = try warehouse().tableCounts()
    before["import_runs"] = nil
    after["import_runs"] = nil
    #expect(before == after)
  }

  @Test func aMappedColumnMissingFromTheHeaderStopsWithBothPlaces() throws {
    let pipeline = try RunSupport.pipeline(
      stages: Self.contactsStage, files: ["contacts/a.csv": "First,Last,Company,E-mail,Tags\n"])
    let failure = try #require(try RunSupport.run(pipeline, out: out).failure)
    let text = failure.description
    #expect(
      text.contains(
        "contacts/a.csv:1: error: [import.contacts] column 'Email' (mapped to email) is not in the header; the header has: First, Last, Company, E-mail, Tags"
      ))
    #expect(text.contains("pipeline.yml:7:74: note: mapped here"))
  }

  @Test func dealsFindTheirContactOrAreKeptWithAWarning() throws {
    let stages =
      Self.contactsStage + """
          - kind: import.deals
            input: deals.csv
            mapping: {external_id: ID, title: Title, contact_email: Email, contact_name: Client, responsible: Owner, stage: Stage, bid_value: Amount, bid_currency: Currency, probability: P}

        """
    let contacts = "First,Last,Company,Email,Tags\nAna,Lima,Acme SAS,ana@x.org,\n"
    let deals = """
      ID,Title,Email,Client,Owner,Stage,Amount,Currency,P
      1,By email, ANA@X.ORG ,,ana,Proposal,10.5,,
      2,By company,,acme sas,Ana Lima,Suspect,1,eur,33
      3,Nobody,,Initech,ana@example.com,Initial contact,0,,
      4,Won without date,,,ana,Closure/Transaction,5,,
      5,Bad amount,,,ana,Suspect,12.5abc,,
      6,Bad stage,,,ana,Nowhere,1,,
      7,Bad currency,,,ana,Suspect,1,EUX,
      8,Yen,,,ana,Suspect,1234.5,JPY,
      """
    let pipeline = try RunSupport.pipeline(stages: stages, files: ["contacts/a.csv": contacts, "deals.csv": deals])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil)
    let stage = summary.stages[1]
    let outcome: [Int] = [stage.counts.inserted, stage.counts.rejected]
    #expect(outcome == [5, 3])
    #expect(
      stage.warnings.map(\.message) == [
        "deal 'Nobody': no contact matches 'Initech'; the deal is kept without a contact",
        "deal 'Won without date' is won but has no actual close date; using the run's as-of date",
      ])
    let deals2 = try warehouse().deals(.created, in: nil, status: nil, managers: [])
    let contactNames: [String?] = deals2.map(\.contactName)
    #expect(contactNames == ["Ana Lima", "Acme SAS", nil, nil, nil])
    #expect(deals2.map(\.probability) == [75, 33, 1, 100, 3])
    #expect(
      deals2.map(\.bid) == [
        Money(minorUnits: 1050, currency: "EUR"), Money(minorUnits: 100, currency: "EUR"),
        Money(minorUnits: 0, currency: "EUR"), Money(minorUnits: 500, currency: "EUR"), Money(minorUnits: 1235, currency: "JPY"),
      ])
    #expect(deals2[3].actualClose == RunSupport.asOf)
    var rows: [[String]] = []
    try CSVReader(path: "\(out)/w.rejects.csv").forEachRecord { rows.append($0.fields) }
    #expect(
      rows.dropFirst().map { $0[5] } == [
        "expected an amount like 1234.56 or 1 234,56, got '12.5abc'",
        "unknown stage 'Nowhere'; expected one of: Initial contact, Application of initial fit criteria, Suspect, Need assessment, Qualified prospect, Proposal, Negotiations, Closure/Transaction, Unsuccessfully closed",
        "unknown currency 'EUX'; expected an ISO 4217 code such as EUR or USD",
      ])
  }
}

extension Paths {
  /// How a file next to `pipeline` is shown in messages.
  static func displayForTests(_ pipeline: String, _ name: String) -> String {
    display(((pipeline as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name))
  }
}
