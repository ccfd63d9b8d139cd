import Foundation
import PipelineModel
import PipelineTestSupport
import Testing
import Warehouse

@testable import Stages

/// The matcher's hashed keys and its open-addressing index.
@Suite struct MatcherIndexTests {
  /// The matcher reads which rules are on by `position`: it is each rule's place in `allCases`.
  @Test func aRulesPositionIsItsPlaceAmongAllRules() {
    #expect(MatchRule.allCases.map(\.position) == Array(MatchRule.allCases.indices))
  }

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
  @Test func touchingSlotsOnlyReadsThem() {
    var index = HashMultimap(capacity: 4)
    for id in 1...50 { index.insert(KeyHash.of("k\(id % 5)", .email), UInt32(id)) }
    let keys = (0..<10).map { KeyHash.of("k\($0)", .email) } + [0]
    _ = index.touch(keys)
    #expect(index.keyCount == 5)
    #expect(keys.map { index.count($0) } == [10, 10, 10, 10, 10, 0, 0, 0, 0, 0, 0])
  }

  @Test func aKeyStopsTakingIdsAtItsLimit() {
    var index = HashMultimap(capacity: 4)
    for id in 1...100 { index.insert(KeyHash.of("martin paris", .block), UInt32(id), limit: 64) }
    index.insert(KeyHash.of("other", .block), 7, limit: 64)
    var found: [UInt32] = []
    index.forEach(KeyHash.of("martin paris", .block)) { found.append($0) }
    #expect(found.sorted() == Array(1...64).map(UInt32.init))
    #expect(index.count(KeyHash.of("other", .block)) == 1)
  }

  /// Name words are hashed as the text "word initials", "word *" or "word" would be.
  @Test func nameWordsHashTheTextOfEachVariant() {
    #expect(KeyHash.bytes("jean".utf8, "pm".utf8) == KeyHash.bytes("jean pm"))
    #expect(KeyHash.bytes(utf8: "élodie".utf8) == KeyHash.bytes("élodie"))
    let bytes = { (text: String) in KeyHash.bytes(text) }
    #expect(ContactMatcher.nameWords("dupont jean", lookup: false) == ["dupont j", "dupont *", "jean d", "jean *"].map(bytes))
    #expect(ContactMatcher.nameWords("dupont jean", lookup: true) == ["dupont j", "dupont", "jean d", "jean"].map(bytes))
    #expect(ContactMatcher.nameWords("martin", lookup: true) == ["martin", "martin *"].map(bytes))
    #expect(ContactMatcher.nameWords("martin", lookup: false) == ["martin"].map(bytes))
    #expect(
      ContactMatcher.nameWords("élodie dupont", lookup: false) == ["élodie d", "élodie *", "dupont é", "dupont *"].map(bytes),
      "a name that is not ASCII goes character by character")
    #expect(
      ContactMatcher.nameWords("a de la cruz", lookup: false)
        == ["de alc", "de *", "la adc", "la *", "cruz adl", "cruz *"].map(bytes))
  }

  /// ASCII names are split into words byte by byte; the result is the character split's,
  /// on names with runs of spaces, one-letter words and digits, and on non-ASCII names.
  @Test func asciiNameWordsAreTheCharacterSplit() {
    var generator = SystemRandomNumberGenerator()
    let pieces = ["", " ", "  ", "a", "b", "de", "la", "jean", "dupont", "42", "x9", "é", "élodie", "*", "ß"]
    for _ in 0..<3_000 {
      let name = (0..<Int.random(in: 1...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
        .joined(separator: " ")
      for lookup in [false, true] {
        #expect(ContactMatcher.nameWords(name, lookup: lookup) == ContactMatcher.characterNameWords(name, lookup: lookup))
      }
    }
  }

  @Test func hashesAreOfTheBytesAndCarryTheirTag() {
    #expect(KeyHash.of("élodie", .city) == KeyHash.of("élodie", .city))
    #expect(KeyHash.of("élodie", .city) != KeyHash.of("elodie", .city))
    #expect(KeyHash.tag(of: KeyHash.of("a@b.fr", .email)) == .email)
    #expect(KeyHash.tag(of: KeyHash.block(word: KeyHash.bytes("jean"), attribute: KeyHash.of("paris", .city))) == .block)
    #expect(KeyHash.of("", .phone) != 0)
  }

  @Test func aMergedContactsKeysLeadToTheSurvivor() throws {
    let matcher = try ContactMatcher([], rules: Set(MatchRule.allCases), threshold: 0.92)
    var jean = MatchKeys(kind: .person, name: "jean martin", companyKey: "acme")
    jean.add(["jean@acme.fr"], .email)
    var other = MatchKeys(kind: .person, name: "jean martin", companyKey: nil)
    other.add(["+33612345678"], .phone)
    try matcher.add(1, jean)
    try matcher.add(2, other)
    try matcher.merge(from: 2, into: 1)
    var probe = MatchKeys(kind: .person, name: "martin jean", companyKey: nil)
    probe.add(["+33612345678"], .phone)
    #expect(matcher.matches(probe) == [Match(id: 1, rule: .phoneName, score: 1)])
    var fuzzy = MatchKeys(kind: .person, name: "jean martn", companyKey: "acme")
    fuzzy.add(["jean.martin@acme.fr"], .email)
    // Same company and a similar name, but both have emails and they differ: not the same person.
    #expect(matcher.matches(fuzzy).isEmpty)
  }

  /// A run keeps one contact matcher for its stages with the same rules; another rule set
  /// builds its own from the warehouse, and the first is then built again, not reused stale.
  @Test func aRunKeepsItsMatcherForStagesWithTheSameRules() throws {
    let folder = TestFiles.temporaryDirectory()
    let warehouse = try Warehouse(path: "\(folder)/w.sqlite")
    let context = RunContext(
      warehouse: warehouse,
      settings: Settings(baseCurrency: "EUR", timeZone: DateText.utc, firstDayOfWeek: .monday, users: [], dealStages: []),
      asOf: Date(), runID: 1, rejects: RejectsWriter(path: "\(folder)/r.csv"))
    let all = Set(MatchRule.allCases)
    let first = try context.contactLanding(rules: all, threshold: 0.92)
    #expect(try context.contactLanding(rules: all, threshold: 0.92) === first)
    let emailOnly = try context.contactLanding(rules: [MatchRule.email], threshold: 0.92)
    #expect(emailOnly !== first)
    #expect(try context.contactLanding(rules: all, threshold: 0.92) !== first)
    #expect(try context.contactLanding(rules: all, threshold: 0.95) !== first)
    let kept = try context.contactLanding(rules: all, threshold: 0.95)
    context.releaseContactLanding()
    #expect(try context.contactLanding(rules: all, threshold: 0.95) !== kept)
  }

  /// A golden contact read back from the warehouse has the name key it was landed with: the
  /// stored `match_name`, which the matcher takes instead of folding the names again.
  @Test func aContactReadBackHasTheNameKeyItWasLandedWith() throws {
    let warehouse = try Warehouse(path: "\(TestFiles.temporaryDirectory())/w.sqlite")
    var person = ContactRecord(kind: .person, createdAt: Date(timeIntervalSince1970: 0))
    (person.firstName, person.lastName, person.companyName) = ("Élodie", "De La Tour", "Émaux Pérez S.A.R.L.")
    var company = ContactRecord(kind: .company, createdAt: Date(timeIntervalSince1970: 0))
    company.companyName = "Émaux Pérez S.A.R.L."
    for contact in [person, company] {
      let keys = ContactLanding.keys(contact)
      _ = try warehouse.insertContact(
        contact, companyID: nil, provenance: .init(priority: 0, sequence: 1), matchName: keys.name)
    }
    let loaded = try warehouse.contactMatchData()
    #expect(loaded.map(\.matchName) == [person, company].map { ContactLanding.keys($0).name })
    for (data, contact) in zip(loaded, [person, company]) {
      var unnamed = data
      unnamed.matchName = nil
      #expect(MatchKeys(data).name == ContactLanding.keys(contact).name)
      #expect(MatchKeys(unnamed).name == MatchKeys(data).name)
      #expect(MatchKeys(data).companyKey == ContactLanding.keys(contact).companyKey)
      var stored = data
      stored.matchName = "the stored key"
      #expect(MatchKeys(stored).name == "the stored key")
    }
  }
}
