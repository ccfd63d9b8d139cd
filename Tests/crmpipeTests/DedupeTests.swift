import CSVBridge
import Foundation
import PipelineConfig
import PipelineModel
import PipelineTestSupport
import SQLiteBridge
import Stages
import Testing
import Warehouse

/// Each match rule alone, a transitive cluster, survivorship and idempotence.
@Suite struct DedupeTests {
  let out = TestFiles.temporaryDirectory()
  static let header = "ID,First,Last,Company,Email,Phone,City,Country,Job,Tags\n"

  func stage(_ rules: String, id: String = "contacts", input: String = "c*.csv", extra: String = "") -> String {
    """
      - kind: import.contacts
        id: \(id)
        input: \(input)
        mapping: {external_id: ID, first_name: First, last_name: Last, company_name: Company, email: Email, phone: Phone, city: City, country: Country, job_title: Job, tags: Tags}
    \(extra)

    """
  }

  /// Runs the rows through a contacts stage with `rules`; returns the warehouse.
  func run(_ rules: String, _ rows: String) throws -> Warehouse {
    let pipeline = try RunSupport.pipeline(stages: stage(rules), files: ["c.csv": Self.header + rows])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    return try Warehouse(path: "\(out)/w.sqlite")
  }

  func persons(_ warehouse: Warehouse) throws -> Int {
    try warehouse.contactMatchData().filter { $0.kind == .person }.count
  }

  @Test func emailRuleMatchesCaseInsensitively() throws {
    let w = try run("email", ",Ana,Lima,,ana@x.org,,,,,\n,A.,Lima,,  ANA@X.ORG ,,,,,\n,Ana,Lima,,other@x.org,,,,,\n")
    #expect(try persons(w) == 2)
  }

  @Test func phoneRuleNeedsTheSameNumberAndACompatibleName() throws {
    let rows = """
      ,Jean,Dupont,,,+33 6 12 34 56 78,,,,
      ,Jean,Dupond,,,06 12 34 56 78,,France,,
      ,Marie,Curie,,,0612345678,,France,,
      ,Jean,Dupont,,,612345678,,,,

      """
    let w = try run("phone-name", rows)
    #expect(try persons(w) == 3)  // Marie is someone else; the last number has no region: not valid, not a key
    let jean = try #require(try w.contactMatchData().first { $0.firstName == "Jean" && !$0.phones.isEmpty })
    #expect(jean.phones == ["+33612345678"])
  }

  @Test func externalIDRuleMatchesWithinOneSourceOnly() throws {
    let w = try run("external-id", "17,Ana,Lima,,,,,,,\n17,Anna,Lima-Silva,,,,,,,\n18,Ana,Lima,,,,,,,\n")
    #expect(try persons(w) == 2)
  }

  /// A name with only a company or a city in common is not enough to merge (namesakes share
  /// both): such pairs are left to a person. With an email or phone in common, a typo or
  /// swapped names still merge.
  @Test func aNameWithACompanyOrCityAloneGoesToReview() throws {
    let rows = """
      ,Jürgen,Müller,Acme GmbH,,,,,,
      ,Jurgen,Muler,ACME,,,,,,
      ,Müller,Jürgen,Acme,,,,,,
      ,Jürgen,Müller,,,,Berlin,,,
      ,Jurgen,Muller,,,,berlin,,,
      ,Jurgen,Moller,Initech,,,,,,
      ,Jürgen,Müler,,jm@acme.de,,,,,
      ,Müller,Jurgen,,JM@acme.de,,,,,

      """
    let w = try run("", rows)
    #expect(try persons(w) == 7)
    let pairs = try w.possibleDuplicates()
    let linked = Set(pairs.map { [$0.contactID, $0.otherID] })
    // Contact 1 is the company Acme, made for the first row.
    #expect(linked.isSuperset(of: [[2, 3], [2, 4], [5, 6]]), "\(linked)")
    let moller = try #require(try w.contactID(name: "Jurgen Moller", kind: .person))
    #expect(!linked.contains { $0.contains(moller) }, "Initech's Jurgen Moller is nobody's pair")
    let jm = try #require(try w.contactID(email: "jm@acme.de"))
    #expect(try w.explainContact(jm)?.sources.map(\.line) == [8, 9])
  }

  @Test func aCommonNameInACommonPlaceStillFindsItsDuplicate() throws {
    // 200 Martins in Paris would fill a block of "martin" in Paris; the initials of the other
    // words keep Jean's own block small, so his misspelt row still finds him: with the same
    // phone it merges. With the city alone it does not: among 200 Martins, Paris proves little.
    let others = (0..<200).map { ",\(["Anne", "Luc", "Marc", "Zoé"][$0 % 4])\($0),Martin,,,,Paris,,,\n" }.joined()
    let rows =
      ",Jean,Martin,,,+33 6 12 34 56 78,Paris,,,\n" + others + ",Jean,Martn,,,06 12 34 56 78,paris,France,,\n"
      + ",Jean,Martinn,,,,Paris,,,\n"
    let w = try run("", rows)
    let jean = try #require(try w.contactID(name: "Jean Martn", kind: .person))  // the latest row wins the name
    let explained = try #require(try w.explainContact(jean))
    #expect(explained.sources.map(\.line) == [2, 203])
    #expect(explained.sources.last?.rule == "weighed")
    #expect(explained.sources.last?.evidence?.contains("\"phone\":[\"exact\"") == true)
    let last = try #require(try w.contactID(name: "Jean Martinn", kind: .person))
    #expect(last != jean)
  }

  @Test func companyRuleNeedsTheSameNameAndOneMoreAttribute() throws {
    let header = "Kind,Company,City,Email\n"
    let rows = "company,Acme SARL,Paris,\ncompany,ACME S.A.R.L.,paris,\ncompany,Acme,Lyon,\ncompany,Acme SA,,contact@acme.fr\n"
    let stages = stage("company").replacingOccurrences(
      of:
        "{external_id: ID, first_name: First, last_name: Last, company_name: Company, email: Email, phone: Phone, city: City, country: Country, job_title: Job, tags: Tags}",
      with: "{type: Kind, company_name: Company, city: City, email: Email}")
    let pipeline = try RunSupport.pipeline(stages: stages, files: ["c.csv": header + rows])
    #expect(try RunSupport.run(pipeline, out: out).failure == nil)
    let companies = try Warehouse(path: "\(out)/w.sqlite").contactMatchData().filter { $0.kind == .company }
    #expect(companies.count == 3)
  }

  @Test func aRowLinkingTwoContactsMergesThemIntoOneCluster() throws {
    let rows = """
      ,Ana,Lima,,ana@x.org,,,,,Lead
      ,Ana,Lima,,,+33 6 12 34 56 78,,,Engineer,Staff
      ,Ana,Lima,,ana@x.org,+33612345678,,,,

      """
    let w = try run("email,phone-name", rows)
    let contacts = try w.contactMatchData()
    #expect(contacts.count == 1)
    let ana = try #require(contacts.first)
    #expect(ana.id == 1)
    #expect(ana.phones == ["+33612345678"])
    let explanation = try #require(try w.explainContact(1))
    #expect(explanation.sources.map(\.line) == [2, 3, 4])
    #expect(explanation.sources.map(\.rule) == [nil, nil, "email"])
    #expect(explanation.merges.map(\.fromID) == [2])
    #expect(explanation.merges.map(\.rule) == ["weighed"])
    #expect(explanation.merges.map(\.line) == [4])
    #expect(explanation.tags == ["Lead", "Staff"])
    #expect(explanation.fields.first { $0.name == "job_title" }?.value == "Engineer")
    #expect(try w.mergedInto(2)?.into == 1)
  }

  /// A row merged into a contact adds only what the contact lacks, after what it has: a new
  /// email or number at the next position (not primary), a number it has in another form
  /// (same E.164) or an address it has (missing parts equal) not at all.
  @Test func aMergedRowAddsItsNewDetailsAfterTheContactsOwn() throws {
    let rows = """
      ,Ana,Lima,,ana@x.org,+33 6 12 34 56 78,Lyon,France,,
      ,Ana,Lima,,ana@x.org;ana@y.org,06 12 34 56 78,Lyon,France,,
      ,Ana,Lima,,ANA@X.ORG,01 23 45 67 89,Paris,France,,
      ,Ana,Lima,,ana@x.org,0123456789,Paris,France,,

      """
    _ = try run("email", rows)
    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    #expect(try db.query("SELECT count(*) FROM contacts").first?.first?.int == 1)
    let emails = try db.query("SELECT email, is_primary, position FROM contact_emails ORDER BY position")
    #expect(emails == [[.text("ana@x.org"), .integer(1), .integer(0)], [.text("ana@y.org"), .integer(0), .integer(1)]])
    let phones = try db.query("SELECT phone, e164, is_primary, position FROM contact_phones ORDER BY position")
    #expect(
      phones == [
        [.text("+33 6 12 34 56 78"), .text("+33612345678"), .integer(1), .integer(0)],
        [.text("01 23 45 67 89"), .text("+33123456789"), .integer(0), .integer(1)],
      ])
    let cities = try db.query("SELECT city, country FROM contact_addresses ORDER BY id")
    #expect(cities == [[.text("Lyon"), .text("France")], [.text("Paris"), .text("France")]])
  }

  /// A merge that leaves the names as they were keeps the stored display and match names; one
  /// that changes them writes them again.
  @Test func aMergeRenamesTheContactOnlyWhenItsNamesChange() throws {
    let names = { (rows: String) throws -> [[SQLiteValue]] in
      _ = try self.run("email", rows)
      let db = try SQLiteDatabase(path: "\(self.out)/w.sqlite")
      return try db.query("SELECT display_name, match_name, job_title FROM contacts")
    }
    let first = ",Ana,Lima,,ana@x.org,,,,,\n,Ana,Lima,,ana@x.org,,,,CTO,\n"
    #expect(try names(first) == [[.text("Ana Lima"), .text("ana lima"), .text("CTO")]])
    #expect(
      try names(first + ",Anna,Lima-Silva,,ana@x.org,,,,,\n")
        == [[.text("Anna Lima-Silva"), .text("anna lima silva"), .text("CTO")]])
  }

  @Test func theLatestValueWinsUnlessAnotherSourceHasPriority() throws {
    let folder = TestFiles.temporaryDirectory()
    let stages =
      stage("email", id: "crm", input: "crm.csv", extra: "    priority: 10")
      + stage("email", id: "sheet", input: "sheet.csv")
    let pipeline = try RunSupport.pipeline(
      stages: stages,
      files: [
        "crm.csv": Self.header + ",Ana,Lima,,ana@x.org,,,,Engineer,\n",
        "sheet.csv": Self.header
          + ",Ana,Lima,Acme,ana@x.org,,,,CTO,\n,Bob,Stone,,bob@x.org,,,,Intern,\n,Bob,Stone,,bob@x.org,,,,CEO,\n",
      ], folder: folder)
    #expect(try RunSupport.run(pipeline, out: out).failure == nil)
    let w = try Warehouse(path: "\(out)/w.sqlite")
    let job = { (email: String) throws -> String? in
      guard let id = try w.contactID(email: email) else { return nil }
      return try w.explainContact(id)?.fields.first { $0.name == "job_title" }?.value
    }
    #expect(try job("ana@x.org") == "Engineer")  // the crm stage has priority 10
    #expect(try job("bob@x.org") == "CEO")  // same source: the later row wins
    let anaID = try #require(try w.contactID(email: "ana@x.org"))
    let ana = try #require(try w.explainContact(anaID))
    #expect(ana.fields.first { $0.name == "company_name" }?.value == "Acme")  // empty before: filled
  }

  @Test func reimportingTheSameRowsChangesNothing() throws {
    let rows = ",Ana,Lima,Acme,ana@x.org,+33 6 12 34 56 78,Paris,France,CTO,Lead\n,Bob,Stone,,bob@x.org,,,,,\n"
    let pipeline = try RunSupport.pipeline(stages: stage("email,phone-name,fuzzy-person"), files: ["c1.csv": Self.header + rows])
    _ = try RunSupport.run(pipeline, out: out)
    let before = try Warehouse(path: "\(out)/w.sqlite").contactMatchData()
    // The same rows in a new file: every row is found and nothing changes.
    try TestFiles.write(Self.header + rows + "\n", to: "c2.csv", in: (pipeline as NSString).deletingLastPathComponent)
    let again = try RunSupport.run(pipeline, out: out)
    let counts = try #require(again.stages.first?.counts)
    #expect(counts.read == 2)
    #expect(counts.skipped == 2)
    #expect(try Warehouse(path: "\(out)/w.sqlite").contactMatchData() == before)
  }

  @Test func droppedValuesGoToTheRejectsFileAndTheRowStays() throws {
    _ = try run("email", ",Ana,Lima,,not-an-email,,,,,\n,,,,,,,,,\n")
    var rows: [[String]] = []
    try CSVReader(path: "\(out)/w.rejects.csv").forEachRecord { rows.append($0.fields) }
    let reasons: [String] = rows.dropFirst().map { "\($0[3]) \($0[4]): \($0[5])" }
    #expect(
      reasons == [
        "2 email: 'n***********' is not an email address (expected name@domain.tld) (value dropped, row imported)",
        "3 : no name, no email and no phone: nothing to identify a contact by",
      ])
  }
}
