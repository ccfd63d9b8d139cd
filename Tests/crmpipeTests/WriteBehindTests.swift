import Foundation
import PipelineModel
import PipelineTestSupport
import Synchronization
import Testing
import Warehouse

@testable import Stages

/// Writing on a thread of its own while rows are planned, and contact landing in two steps.
@Suite struct WriteBehindTests {
  @Test func piecesRunInTheOrderGiven() throws {
    let writer = WriteBehind(ahead: 2)
    let seen = Mutex<[Int]>([])
    for piece in 0..<500 { try writer.submit { seen.withLock { $0.append(piece) } } }
    try writer.finish()
    #expect(seen.withLock { $0 } == Array(0..<500))
  }

  struct Broken: Error, Equatable { var piece: Int }

  @Test func afterAFailureLaterPiecesAreSkippedAndTheErrorReachesTheGiver() throws {
    let writer = WriteBehind(ahead: 1)
    let ran = Mutex<[Int]>([])
    try writer.submit { ran.withLock { $0.append(0) } }
    try writer.submit { throw Broken(piece: 1) }
    var refused: (any Error)?
    for piece in 2..<50 {
      do { try writer.submit { ran.withLock { $0.append(piece) } } } catch {
        refused = error
        break
      }
    }
    #expect(refused as? Broken == Broken(piece: 1))
    #expect(throws: Broken(piece: 1)) { try writer.finish() }
    #expect(ran.withLock { $0 } == [0])
  }

  func warehouse() throws -> Warehouse {
    try Warehouse(path: "\(TestFiles.temporaryDirectory())/w.sqlite")
  }

  func person(_ first: String, _ last: String, email: String, company: String? = nil) -> ContactRecord {
    var contact = ContactRecord(kind: .person, createdAt: Date(timeIntervalSince1970: 1_767_225_600))
    (contact.firstName, contact.lastName, contact.emails, contact.companyName) = (first, last, [email], company)
    return contact
  }

  /// Planned ids are those SQLite gives: the next after the highest, companies on the side
  /// numbered in turn; a plan merging into a contact writes what landing at once writes.
  @Test func planThenWriteLandsWhatLandingAtOnceLands() throws {
    let rows = [
      person("Ana", "Lima", email: "ana@x.org", company: "Acme SARL"),
      person("Jean", "Dupont", email: "jean@y.fr", company: "Acme"),
      person("Ana", "Lima", email: "ANA@x.org", company: "Globex"),
      person("Marie", "Curie", email: "marie@z.fr"),
    ]
    let atOnce = try warehouse()
    let now = try ContactLanding(atOnce, settings: MatchSettings(), runID: 1, stageID: "contacts")
    var expected: [[RowOutcome]] = []
    for (line, row) in rows.enumerated() {
      expected.append(
        try now.land(
          row, record: ContactLanding.record(row), fileID: 1, line: line + 2,
          provenance: Provenance(priority: 0, sequence: Int64(line))))
    }
    let planned = try warehouse()
    let later = try ContactLanding(planned, settings: MatchSettings(), runID: 1, stageID: "contacts")
    var ids = try ContactLanding.NewIDs(planned)
    let plans = try rows.map { try later.plan($0, record: ContactLanding.record($0), ids: &ids) }
    var written: [[RowOutcome]] = []
    for (line, (plan, row)) in zip(plans, rows).enumerated() {
      written.append(
        try later.write(
          plan, row, fileID: 1, line: line + 2,
          provenance: Provenance(priority: 0, sequence: Int64(line))))
    }
    #expect(written.map { $0.map(\.id) } == expected.map { $0.map(\.id) })
    #expect(written.map { $0.map(\.action) } == expected.map { $0.map(\.action) })
    #expect(try planned.contactMatchData() == atOnce.contactMatchData())
    #expect(written.map { $0.map(\.id) } == [[2, 1], [3], [2, 4], [5]])
    #expect(try planned.nextContactID() == 6)
  }
}
