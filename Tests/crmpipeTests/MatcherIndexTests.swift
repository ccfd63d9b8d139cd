import Foundation
import PipelineModel
import PipelineTestSupport
import Testing
import Warehouse

@testable import Stages

/// The matcher's hashed keys and its open-addressing index.
@Suite struct MatcherIndexTests {

  @Test func theIndexKeepsEveryIdOfAKeyOnceAcrossGrowth() {
    var index = HashMultimap(capacity: 4)
    for id in 1...5000 { index.insert(KeyHash.of("key\(id % 100)", .email), UInt32(id)) }
    for id in 1...5000 { index.insert(KeyHash.of("key\(id % 100)", .email), UInt32(id)) }
    #expect(index.keyCount == 100)
    #expect(index.count(KeyHash.of("key7", .email)) == 50)
    var found: [UInt32] = []
    index.forEach(KeyHash.of("key7", .email)) { found.append($0) }
    #expect(found.sorted() == Array(stride(from: 7, through: 5000, by: 100)).map(UInt32.init))
    var none = 0
    index.forEach(KeyHash.of("key7", .phone)) { _ in none += 1 }
    #expect(none == 0)
  }

  /// An id new to the index goes in without its keys' ids being searched; an id seen
  /// before is still kept once.
  @Test func freshIdsSkipTheSearchAndOthersStayUnique() {
    var index = HashMultimap(capacity: 4)
    for id in 1...300 { index.insert(KeyHash.of("k\(id % 7)", .phone), UInt32(id), limit: 64, fresh: true) }
    for id in 1...300 { index.insert(KeyHash.of("k\(id % 7)", .phone), UInt32(id), limit: 64) }
    index.insert(KeyHash.of("k1", .phone), 1)
    #expect((0..<7).map { index.count(KeyHash.of("k\($0)", .phone)) } == [42, 43, 43, 43, 43, 43, 43])
    var found: [UInt32] = []
    index.forEach(KeyHash.of("k1", .phone)) { found.append($0) }
    #expect(found.sorted() == Array(stride(from: 1, through: 300, by: 7)).map(UInt32.init))
  }

  /// Reading slots ahead changes nothing: keys absent or present, and 0 (no key), are only read.
  @Test func aKeyStopsTakingIdsAtItsLimit() {
    var index = HashMultimap(capacity: 4)
    for id in 1...100 { index.insert(KeyHash.of("martin paris", .block), UInt32(id), limit: 64) }
    index.insert(KeyHash.of("other", .block), 7, limit: 64)
    var found: [UInt32] = []
    index.forEach(KeyHash.of("martin paris", .block)) { found.append($0) }
    #expect(found.sorted() == Array(1...64).map(UInt32.init))
    #expect(index.count(KeyHash.of("other", .block)) == 1)
  }

  @Test func hashesAreOfTheBytesAndCarryTheirTag() {
    #expect(KeyHash.of("élodie", .city) == KeyHash.of("élodie", .city))
    #expect(KeyHash.of("élodie", .city) != KeyHash.of("elodie", .city))
    #expect(KeyHash.tag(of: KeyHash.of("a@b.fr", .email)) == .email)
    #expect(KeyHash.tag(of: KeyHash.of("jean|m\u{1F}cparis", .block)) == .block)
    #expect(KeyHash.of("", .phone) != 0)
  }

  /// A run keeps one contact landing for its stages with the same thresholds; other
  /// thresholds build their own from the warehouse, and the first is then built again.
  @Test func aRunKeepsItsMatcherForStagesWithTheSameThresholds() throws {
    let folder = TestFiles.temporaryDirectory()
    let warehouse = try Warehouse(path: "\(folder)/w.sqlite")
    let context = RunContext(
      warehouse: warehouse,
      settings: Settings(baseCurrency: "EUR", timeZone: DateText.utc, firstDayOfWeek: .monday, users: [], dealStages: []),
      asOf: Date(), runID: 1, rejects: RejectsWriter(path: "\(folder)/r.csv"))
    let first = try context.contactLanding(stageID: "a")
    #expect(try context.contactLanding(stageID: "b") === first)
    let strict = try context.contactLanding(MatchSettings(matchThreshold: 0.9999, reviewThreshold: 0.9), stageID: "c")
    #expect(strict !== first)
    #expect(try context.contactLanding(stageID: "a") !== first)
    let kept = try context.contactLanding(stageID: "a")
    context.releaseContactLanding()
    #expect(try context.contactLanding(stageID: "a") !== kept)
  }
}
