import Foundation
import PipelineTestSupport
import SQLiteBridge
import Testing
import Warehouse

@testable import Stages

/// The matcher's index in the warehouse (`match_keys`, `match_terms`): a matcher that reads
/// each row's candidates from it decides as one that holds every record.
@Suite struct MatchIndexTests {
  /// Varied rows: namesakes in a few cities, people seen again with their email in capitals,
  /// a typo, a missing phone or another city, families at one address, colleagues sharing a
  /// switchboard number and info@, and companies on their own rows.
  static func rows(count: Int, seed: UInt64) -> [ContactRecord] {
    var state = seed
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let first = [
      "Léa", "Hugo", "Chloé", "Louis", "Emma", "Jules", "Inès", "Arthur", "Zoé", "Adam", "Jean", "Marie", "Đức", "Yuki",
      "Sofía", "Piotr", "Aoife", "Kwame", "Ngozi", "Lars",
    ]
    let last = [
      "Martin", "Bernard", "Dubois", "Nguyễn", "Satō", "García", "Kowalski", "Szczebrzeszyński", "Petit", "Kim", "Okafor",
      "Murphy", "Larsen", "Mensah", "Leroy",
    ]
    let cities = [("Paris", "75011"), ("Lyon", "69003"), ("Lille", "59000"), ("Nantes", "44000")]
    var people: [ContactRecord] = []
    var rows: [ContactRecord] = []
    let created = Date(timeIntervalSince1970: 1_767_225_600)
    for index in 0..<count {
      if index % 11 == 10 {
        var company = ContactRecord(kind: .company, createdAt: created)
        company.companyName = "Société \(next(40))"
        company.address = .init(street: nil, city: cities[next(4)].0, state: nil, zip: nil, country: "France")
        rows.append(company)
        continue
      }
      if !people.isEmpty, next(10) < 3 {
        var again = people[next(people.count)]
        switch next(4) {
        case 0: again.emails = again.emails.map { $0.uppercased() }
        case 1: again.lastName = again.lastName.map { String($0.dropLast()) }
        case 2: again.phones = []
        default: again.address?.city = cities[next(4)].0
        }
        rows.append(again)
        continue
      }
      var person = ContactRecord(kind: .person, createdAt: created)
      let (f, l) = (first[next(first.count)], last[next(last.count)])
      (person.firstName, person.lastName) = (f, l)
      let city = cities[next(4)]
      person.address = .init(
        street: "\(1 + next(60)) rue \(["Oberkampf", "de la Paix", "Nationale"][next(3)])", city: city.0, state: nil,
        zip: city.1, country: "France")
      if next(3) > 0 { person.emails = [next(8) == 0 ? "info@societe\(next(5)).fr" : "\(f).\(l).\(index)@example.org"] }
      if next(2) == 0 { person.phones = [PhoneValue(raw: "", e164: "+3361\(String(format: "%07d", next(40)))", problem: nil)] }
      if next(3) == 0 { person.birthday = "19\(60 + next(40))-0\(1 + next(9))-1\(next(10))" }
      if next(4) == 0 { person.companyName = "Société \(next(40))" }
      people.append(person)
      rows.append(person)
    }
    return rows
  }

  /// Lands `rows` in one transaction, as a file does, planning each before writing it; with
  /// `bulk`, with the contacts' indexes dropped as a large file lands. `landing`: one made
  /// before, else one made in the transaction with `wholeLimit`.
  static func land(
    _ rows: [ContactRecord], in warehouse: Warehouse, wholeLimit: Int, fileID file: Int64, bulk: Bool = false,
    landing given: ContactLanding? = nil
  ) throws -> [String] {
    try warehouse.transaction {
      if bulk { try warehouse.dropDeferrableIndexes(.contacts) }
      let run = try warehouse.startRun(pipeline: "test", asOf: Date(timeIntervalSince1970: 1_767_225_600))
      let fileID = try warehouse.beginFile(
        runID: run, stageKind: "import.contacts", stageID: "contacts", path: "file\(file).csv", sha256: "\(file)")
      let landing =
        try given
        ?? ContactLanding(
          warehouse, settings: MatchSettings(), runID: 1, stageID: "contacts", training: [], wholeLimit: wholeLimit)
      var ids = try ContactLanding.NewIDs(warehouse)
      var outcomes: [String] = []
      for (line, row) in rows.enumerated() {
        let plan = try landing.plan(row, record: ContactLanding.record(row), ids: &ids)
        let written = try landing.write(
          plan, row, fileID: fileID, line: line + 2, provenance: Provenance(priority: 0, sequence: fileID << 32 | Int64(line)))
        outcomes.append(
          written.map { "\($0.id) \($0.action) \($0.rule ?? "") \($0.evidence ?? "")" }.joined(separator: "; ")
            + " review: \(plan.review.map { "\($0.other) \($0.evidence.json) \($0.reason)" })")
      }
      if bulk { try warehouse.rebuildDeferredIndexes(.contacts) }
      return outcomes
    }
  }

  static func dump(_ path: String) throws -> [String] {
    let db = try SQLiteDatabase(path: path, readOnly: true)
    var lines: [String] = []
    for query in [
      "SELECT id, kind, display_name, birthday FROM contacts ORDER BY id",
      "SELECT * FROM match_records ORDER BY id",
      "SELECT key, record_id FROM match_keys ORDER BY key, record_id",
      "SELECT * FROM match_terms ORDER BY field, value",
      "SELECT contact_id, other_id, probability, reason FROM possible_duplicates ORDER BY contact_id, other_id",
    ] {
      lines += try db.query(query).map { "\($0)" }
    }
    return lines
  }

  /// A warehouse of 2,000 rows, then three files of 450 matched against it: once by a matcher
  /// reading the warehouse whole, once by one reading each row's candidates from the index
  /// (over a second connection, which sees the warehouse as before the file).
  @Test func aMatcherReadingCandidatesFromTheIndexDecidesAsOneHoldingEverything() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-match-index")
    let (whole, reading) = (try Warehouse(path: "\(folder)/whole.sqlite"), try Warehouse(path: "\(folder)/reading.sqlite"))
    let base = Self.rows(count: 2_000, seed: 7)
    #expect(
      try Self.land(base, in: whole, wholeLimit: .max, fileID: 1) == Self.land(base, in: reading, wholeLimit: .max, fileID: 1))
    for (file, seed) in [(2, 11), (3, 12), (4, 13)] as [(Int64, UInt64)] {
      // The same people come back: the first rows of the base, in another order, and new ones.
      let rows = Self.rows(count: 250, seed: seed) + Array(base.prefix(200).reversed())
      let expected = try Self.land(rows, in: whole, wholeLimit: .max, fileID: file)
      let got = try Self.land(rows, in: reading, wholeLimit: 0, fileID: file)
      for (line, pair) in zip(expected, got).enumerated() where pair.0 != pair.1 {
        Issue.record("file \(file), row \(line): \(pair.1), expected \(pair.0)")
      }
      #expect(expected.filter { $0.contains("updated") || $0.contains("unchanged") }.count > 150)
    }
    #expect(try Self.dump(whole.path) == Self.dump(reading.path))
    // The terms counted row by row are those counted from the records.
    let db = try SQLiteDatabase(path: reading.path, readOnly: true)
    let stored = try db.query("SELECT field, value, count FROM match_terms ORDER BY field, value").map { "\($0)" }
    var counted: [String] = []
    for field in ["first_name", "last_name", "company", "city", "kind"] {
      counted += try db.query(
        "SELECT '\(field)', \(field), count(*) FROM match_records WHERE \(field) IS NOT NULL GROUP BY \(field)"
      ).map { "\($0)" }
    }
    #expect(stored.sorted() == counted.sorted())
  }

  /// A matcher reading from the index reads the warehouse whole once a bulk file starts (its
  /// rollback journal would hold off a second connection), and decides as before.
  @Test func aBulkFileMakesAReadingMatcherReadTheWarehouseWhole() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-match-bulk")
    let (whole, bulk) = (try Warehouse(path: "\(folder)/whole.sqlite"), try Warehouse(path: "\(folder)/bulk.sqlite"))
    let base = Self.rows(count: 600, seed: 17)
    for warehouse in [whole, bulk] { _ = try Self.land(base, in: warehouse, wholeLimit: .max, fileID: 1) }
    let rows = Self.rows(count: 100, seed: 19) + Array(base.prefix(60))
    let expected = try Self.land(rows, in: whole, wholeLimit: .max, fileID: 2)
    let landing = try ContactLanding(bulk, settings: MatchSettings(), runID: 1, stageID: "contacts", wholeLimit: 0)
    #expect(!landing.matcher.holdsEverything)
    let got = try Self.land(rows, in: bulk, wholeLimit: 0, fileID: 2, bulk: true, landing: landing)
    #expect(landing.matcher.holdsEverything)
    #expect(got == expected)
    #expect(try Self.dump(whole.path) == Self.dump(bulk.path))
  }

  /// A warehouse from before schema 8 has match records without keys: the matcher reads it
  /// whole once and files their keys, after which a file is matched from the index.
  @Test func recordsWithoutKeysGetThemWhenTheMatcherFirstReadsTheWarehouse() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-match-keys")
    let warehouse = try Warehouse(path: "\(folder)/w.sqlite")
    _ = try Self.land(Self.rows(count: 500, seed: 3), in: warehouse, wholeLimit: .max, fileID: 1)
    let db = try SQLiteDatabase(path: warehouse.path)
    let keys = try db.query("SELECT key, record_id FROM match_keys ORDER BY key, record_id").map { "\($0)" }
    let last = try db.query("SELECT max(id) FROM match_records").first?.first?.int ?? 0
    #expect(keys.count > 2_000)
    try db.execute("DELETE FROM match_keys")
    #expect(try warehouse.matchRecordsLackKeys())
    let rows = Self.rows(count: 100, seed: 5)
    let reading = try Self.land(rows, in: warehouse, wholeLimit: 0, fileID: 2)
    #expect(!reading.isEmpty)
    let after = try db.query(
      "SELECT key, record_id FROM match_keys WHERE record_id <= ? ORDER BY key, record_id", [.integer(last)]
    )
    .map { "\($0)" }
    #expect(after == keys)
  }
}
