import PipelineModel

/// What links a row to a contact: the weighed evidence, or one of the decisive identifiers.
enum MatchRule: String, Sendable {
  /// The same external id from the same source.
  case externalID = "external-id"
  /// The same email, held by no other contact (not a role address such as info@).
  case email
  /// The same phone number, one side known by its number alone (a contact made from a call).
  case phoneOwner = "phone-owner"
  /// The same company name, one side with nothing else to compare.
  case companyName = "company-name"
  /// The field-by-field evidence reached the match threshold.
  case weighed
}

/// A golden contact a row links to, how, and the evidence of its best-matching source record.
struct Match: Sendable {
  var id: Int64
  var rule: MatchRule
  var evidence: MatchEvidence
  var score: Double { evidence.probability }
}

/// A pair left to a person (`possible_duplicates`): the row's contact and another, the
/// evidence, and why it was not merged.
struct PossibleDuplicate: Sendable {
  var other: Int64
  var evidence: MatchEvidence
  var reason: String
}

/// What the matcher decided for a row: the contacts it joins (merged into the first), and the
/// pairs it leaves to review.
struct MatchDecision: Sendable {
  var matches: [Match] = []
  var review: [PossibleDuplicate] = []
}

/// A match record read from the warehouse: its id, its contact as filed, and its fields.
struct LoadedRecord {
  var id: Int64
  var contact: Int64
  var record: MatchRecord
}

/// Where a matcher that does not hold the whole warehouse reads what a row needs: the records
/// under its blocking keys, the records of their contacts, and how many records hold its
/// values. It sees the warehouse as it was before the records the matcher filed itself.
protocol MatchRecordSource: AnyObject {
  /// The ids of the first `limit` records filed under a blocking key, in id order.
  func recordIDs(under key: UInt64, limit: Int) throws -> [Int64]
  func record(_ id: Int64) throws -> LoadedRecord?
  /// The first `limit` records of a contact, in id order.
  func records(of contact: Int64, limit: Int) throws -> [LoadedRecord]
  /// How many records hold `value` in `field`.
  func termCount(_ field: MatchField, _ value: String) throws -> Int
  /// How many records of persons and of companies there are.
  func population() throws -> (persons: Int, companies: Int)
}

/// Links rows to contacts by the Fellegi–Sunter model, comparing a row with the source records
/// of each candidate contact, never with its golden record (no chaining): a row joins a contact
/// when it matches one of the contact's records at the match threshold (or by a decisive
/// identifier) and strongly contradicts none; it joins two contacts only when it matches each,
/// they were not kept apart, and their records do not contradict each other.
///
/// Candidates come from blocking keys (email, phone and its last eight digits, external id,
/// name words with the other words' initials, alone and with the city or postcode, birthday
/// with postcode or initials); a key holding more than `blockLimit` records is left out of
/// lookups, so a common name in a big city does not make the import quadratic.
///
/// Without a `source`, the matcher holds every record (a new or small warehouse, or a file
/// large against it). With one, it holds the records it filed and reads the others a row
/// needs from the warehouse's index (`match_keys`, `match_terms`) before deciding it; the
/// two ways decide alike.
final class ContactMatcher {
  var model: MatchModel
  let matchThreshold: Double
  let reviewThreshold: Double

  private struct Stored {
    var id: Int64
    var record: MatchRecord
    var contact: Int64
  }
  private var records: [Stored] = []
  /// Record slots of each contact in record id order (the contact a merge kept holds the
  /// merged one's).
  private var members: [Int64: [UInt32]] = [:]
  private var index = HashMultimap()
  /// Values of the records filed here, counted for term frequencies.
  private var frequencies = HashCounter()
  /// Records of persons and of companies filed here, and in the warehouse when read from it.
  private var population = (persons: 0, companies: 0)
  private var basePopulation = (persons: 0, companies: 0)
  /// Pairs of contacts a person decided are different, lower id first.
  private var keptApart: Set<[Int64]> = []
  /// The oldest company record of each company key and its contact, for linking persons.
  private var companies: [String: (record: Int64, contact: Int64)] = [:]

  // Reading from the warehouse (`source` non-nil).
  private let source: (any MatchRecordSource)?
  /// The slot of each record id held.
  private var slotOfID: [Int64: UInt32] = [:]
  /// Keys read from the warehouse, and those holding more than `blockLimit` records there.
  private var fetchedKeys: Set<UInt64> = []
  private var saturated: Set<UInt64> = []
  /// Contacts (as the warehouse files them) whose records were read.
  private var readContacts: Set<Int64> = []
  /// Contacts merged away here, to the contact that kept them.
  private var redirects: [Int64: Int64] = [:]
  /// The warehouse's count of each value read (by `frequencyKey`).
  private var baseTerms: [UInt64: Int] = [:]

  /// The most records a blocking key may hold and still be read.
  static let blockLimit = 50
  /// The most records of a contact a row is compared with.
  static let memberLimit = 200

  init(
    model: MatchModel, matchThreshold: Double, reviewThreshold: Double, source: (any MatchRecordSource)? = nil
  ) throws {
    self.model = model
    self.matchThreshold = matchThreshold
    self.reviewThreshold = min(reviewThreshold, matchThreshold)
    self.source = source
    if let source { basePopulation = try source.population() }
  }

  /// Whether the matcher holds every record (it has no source to read others from).
  var holdsEverything: Bool { source == nil }

  /// The records as they are, for training.
  var allRecords: [MatchRecord] { records.map(\.record) }

  /// Files a record of `contact` (with its id, in filing order; the next slot when nil).
  /// Returns the blocking keys the warehouse keeps for it: those not already holding more
  /// than `blockLimit` records.
  @discardableResult
  func add(_ record: MatchRecord, to contact: Int64, id: Int64? = nil, keys: Keys? = nil) -> [UInt64] {
    if record.isCompany { population.companies += 1 } else { population.persons += 1 }
    for (field, value) in Self.frequencyValues(record) { frequencies.increment(Self.frequencyKey(field, value)) }
    return hold(Stored(id: id ?? Int64(records.count + 1), record: record, contact: contact), keys: keys)
  }

  /// Holds a record in memory: in its contact's members and under its keys.
  @discardableResult
  private func hold(_ stored: Stored, keys: Keys? = nil) -> [UInt64] {
    let slot = UInt32(records.count)
    records.append(stored)
    if source != nil { slotOfID[stored.id] = slot }
    var list = members[stored.contact, default: []]
    list.append(slot)
    if list.count > 1, records[Int(list[list.count - 2])].id > stored.id {
      list.sort { records[Int($0)].id < records[Int($1)].id }
    }
    members[stored.contact] = list
    var kept: [UInt64] = []
    for key in (keys ?? Self.keys(stored.record)).filed
    where !saturated.contains(key) && index.count(key) <= Self.blockLimit {
      index.insert(key, slot, limit: Self.blockLimit + 1, fresh: true)
      kept.append(key)
    }
    if stored.record.isCompany, let key = stored.record.company, (companies[key]?.record ?? .max) > stored.id {
      companies[key] = (stored.id, stored.contact)
    }
    return kept
  }

  /// Whether `record` is the same as one `contact` already has (a row seen again adds nothing).
  func has(_ record: MatchRecord, in contact: Int64) -> Bool {
    (members[contact] ?? []).prefix(Self.memberLimit).contains { records[Int($0)].record == record }
  }

  /// `from` was folded into `into`: its records are `into`'s now.
  func merge(from: Int64, into: Int64) {
    guard from != into else { return }
    if source != nil { redirects[from] = into }
    guard let moved = members.removeValue(forKey: from) else { return }
    for slot in moved { records[Int(slot)].contact = into }
    members[into] = (members[into, default: []] + moved).sorted { records[Int($0)].id < records[Int($1)].id }
    for (key, company) in companies where company.contact == from { companies[key]?.contact = into }
    keptApart = Set(keptApart.map { pair in pair.map { $0 == from ? into : $0 }.sorted() }.filter { $0[0] != $0[1] })
  }

  /// The contact a warehouse contact id is now (after merges here).
  private func resolve(_ contact: Int64) -> Int64 {
    var current = contact
    while let next = redirects[current] { current = next }
    return current
  }

  // MARK: Reading from the warehouse

  /// Reads what deciding `record` needs and the matcher does not hold: the records under its
  /// keys (and its employer's company key), their contacts' records, and its values' counts.
  func read(for record: MatchRecord, keys: Keys? = nil) throws {
    guard let source else { return }
    var keys = (keys ?? Self.keys(record)).lookup
    if !record.isCompany, let company = record.company { keys.append(KeyHash.of(company, .companyName)) }
    for key in keys { try read(key, from: source, oldest: KeyHash.tag(of: key) == .companyName ? 1 : 0) }
    for (field, value) in Self.frequencyValues(record) {
      let key = Self.frequencyKey(field, value)
      if baseTerms[key] == nil { baseTerms[key] = try source.termCount(field, value) }
    }
  }

  /// Reads the records under `key` once: all of them when at most `blockLimit`, else only
  /// the `oldest` few (the first company of a name, the first holders of a phone).
  private func read(_ key: UInt64, from source: any MatchRecordSource, oldest: Int) throws {
    guard fetchedKeys.insert(key).inserted else { return }
    var ids = try source.recordIDs(under: key, limit: Self.blockLimit + 1)
    if ids.count > Self.blockLimit {
      saturated.insert(key)
      ids = Array(ids.prefix(oldest))
    }
    for id in ids where slotOfID[id] == nil {
      if let loaded = try source.record(id) { try read(loaded, from: source) }
    }
  }

  private func read(_ loaded: LoadedRecord, from source: any MatchRecordSource) throws {
    guard slotOfID[loaded.id] == nil else { return }
    hold(Stored(id: loaded.id, record: loaded.record, contact: resolve(loaded.contact)))
    // A candidate is compared with its contact's records: they are read with it.
    guard readContacts.insert(loaded.contact).inserted else { return }
    for other in try source.records(of: loaded.contact, limit: Self.memberLimit) { try read(other, from: source) }
  }

  /// A person decided these two are different: no row merges them.
  func keepApart(_ a: Int64, _ b: Int64) { keptApart.insert([min(a, b), max(a, b)]) }

  private func isKeptApart(_ a: Int64, _ b: Int64) -> Bool { keptApart.contains([min(a, b), max(a, b)]) }

  /// The company whose key is `key`, for linking persons to it (read by `read(for:)`).
  func company(_ key: String) -> Int64? { companies[key]?.contact }

  /// The oldest contact with this E.164 number, if any.
  func contact(phone e164: String) throws -> Int64? {
    let key = KeyHash.of(e164, .phone)
    if let source { try read(key, from: source, oldest: Self.blockLimit + 1) }
    var found: Int64?
    index.forEach(key) { slot in
      let stored = records[Int(slot)]
      guard stored.record.phones.contains(e164) else { return }
      found = min(found ?? stored.contact, stored.contact)
    }
    return found
  }

  /// The evidence of two records under the model, with term frequencies from the records filed.
  func evidence(_ a: MatchRecord, _ b: MatchRecord) -> MatchEvidence {
    let comparison = MatchComparison(a, b)
    let people =
      a.isCompany ? population.companies + basePopulation.companies : population.persons + basePopulation.persons
    var parts: [MatchEvidence.Part] = []
    for field in MatchField.allCases where comparison[field] != .missing {
      let level = comparison[field]
      var frequency: Double?
      if level == .exact, let value = comparison.exactValues[field] {
        frequency = model.frequency(field, count: termCount(field, value), population: people)
      }
      let bits = comparison.isImplied(field) ? 0 : model.bits(field, level, frequency: frequency)
      parts.append(.init(field: field, level: level, bits: bits))
    }
    var evidence = MatchEvidence(prior: model.priorBits(population: people), parts: parts)
    evidence.swappedNames = comparison.swappedNames
    evidence.contradicts = comparison.contradicts
    return evidence
  }

  /// How many records hold `value` in `field`. An email or phone is counted by its blocking
  /// key, which stops at `blockLimit` + 1 records: beyond that it is as common as can matter.
  private func termCount(_ field: MatchField, _ value: String) -> Int {
    switch field {
    case .email: return keyCount(KeyHash.of(value, .email))
    case .phone: return keyCount(KeyHash.of(value, .phone))
    default:
      let key = Self.frequencyKey(field, value)
      return (baseTerms[key] ?? 0) + frequencies.count(key)
    }
  }

  private func keyCount(_ key: UInt64) -> Int { saturated.contains(key) ? Self.blockLimit + 1 : index.count(key) }

  /// The contacts `record` joins and the pairs it leaves to review. Nothing is filed.
  func decide(_ record: MatchRecord, keys: Keys? = nil) throws -> MatchDecision {
    let keys = keys ?? Self.keys(record)
    try read(for: record, keys: keys)
    var candidates: [Int64] = []
    for key in keys.lookup where keyCount(key) <= Self.blockLimit {
      index.forEach(key) { slot in
        let stored = records[Int(slot)]
        if stored.record.isCompany == record.isCompany, !candidates.contains(stored.contact) {
          candidates.append(stored.contact)
        }
      }
    }
    var decision = MatchDecision()
    var matched: [Match] = []
    for contact in candidates.sorted() {
      let slots = (members[contact] ?? []).prefix(Self.memberLimit)
      var all: [MatchEvidence] = []
      var decisive: MatchRule?
      for slot in slots {
        let other = records[Int(slot)].record
        let evidence = evidence(record, other)
        all.append(evidence)
        if decisive == nil { decisive = decisiveRule(record, other, evidence) }
      }
      guard let bestIndex = all.indices.max(by: { all[$0].weight < all[$1].weight }) else { continue }
      let evidence = all[bestIndex]
      // No record of the contact may contradict the row; a decisive identifier does not
      // overrule another date of birth.
      let against = all.first(where: \.contradicts)
      let contradicted = against != nil
      if (evidence.probability >= matchThreshold || decisive != nil) && !contradicted {
        matched.append(Match(id: contact, rule: decisive ?? .weighed, evidence: evidence))
      } else if evidence.probability >= reviewThreshold || decisive != nil {
        let reason =
          against.map { against in
            (decisive.map { "same \($0.rawValue)" } ?? "probability above the review threshold")
              + ", but a record of the contact has \(against.disagreement)"
          } ?? "probability between the review and match thresholds"
        decision.review.append(PossibleDuplicate(other: contact, evidence: evidence, reason: reason))
      }
    }
    // The best match first; another joins it only when not kept apart from those chosen and
    // none of its records contradicts theirs.
    matched.sort { ($0.evidence.weight, -$0.id) > ($1.evidence.weight, -$1.id) }
    for match in matched {
      if let clash = decision.matches.first(where: { isKeptApart($0.id, match.id) || contradict($0.id, match.id) }) {
        let reason =
          isKeptApart(clash.id, match.id)
          ? "kept apart from contact \(clash.id) by a review decision"
          : "its records contradict those of contact \(clash.id), which the row also matches"
        decision.review.append(PossibleDuplicate(other: match.id, evidence: match.evidence, reason: reason))
      } else {
        decision.matches.append(match)
      }
    }
    // The oldest contact keeps the cluster.
    if let oldest = decision.matches.min(by: { $0.id < $1.id }), let first = decision.matches.first, oldest.id != first.id {
      decision.matches.removeAll { $0.id == oldest.id }
      decision.matches.insert(oldest, at: 0)
    }
    return decision
  }

  /// A decisive identifier two records share, if any.
  private func decisiveRule(_ a: MatchRecord, _ b: MatchRecord, _ evidence: MatchEvidence) -> MatchRule? {
    if evidence.level(.externalID) == .exact { return .externalID }
    if evidence.level(.email) == .exact, let email = a.emails.first(where: b.emails.contains),
      let local = email.split(separator: "@").first, !MatchComparison.roleLocalParts.contains(String(local)),
      contactsWith(KeyHash.of(email, .email), email) == 1
    {
      return .email
    }
    if evidence.level(.phone) == .exact, !a.hasName || !b.hasName { return .phoneOwner }
    if a.isCompany, evidence.level(.company) == .exact {
      // A company's name is rarer than a person's: the same name with nothing else to compare,
      // or with its place or a phone or email in common, is the same company.
      let agreeing: [MatchField] = [.email, .phone, .street, .postcode, .city]
      if !a.hasDetails || !b.hasDetails || agreeing.contains(where: { evidence.level($0) == .exact }) { return .companyName }
    }
    return nil
  }

  /// How many contacts have records under `key` holding `email`.
  private func contactsWith(_ key: UInt64, _ email: String) -> Int {
    var seen: [Int64] = []
    index.forEach(key) { slot in
      let stored = records[Int(slot)]
      if stored.record.emails.contains(email), !seen.contains(stored.contact) { seen.append(stored.contact) }
    }
    return seen.count
  }

  /// Whether some record of `a` strongly contradicts some record of `b`.
  private func contradict(_ a: Int64, _ b: Int64) -> Bool {
    let x = (members[a] ?? []).prefix(20), y = (members[b] ?? []).prefix(20)
    for i in x {
      for j in y where MatchComparison(records[Int(i)].record, records[Int(j)].record).contradicts {
        return true
      }
    }
    return false
  }

  // MARK: Keys

  private static func frequencyKey(_ field: MatchField, _ value: String) -> UInt64 {
    KeyHash.bytes(CollectionOfOne(UInt8(field.rawValue)), value.utf8)
  }

  /// The values of a record counted for term frequencies (emails and phones are counted by
  /// their blocking keys).
  private static func frequencyValues(_ record: MatchRecord) -> [(MatchField, String)] {
    var values: [(MatchField, String)] = []
    if let first = record.firstName { values.append((.firstName, first)) }
    if let last = record.lastName { values.append((.lastName, last)) }
    if let company = record.company { values.append((.company, company)) }
    if let city = record.city { values.append((.city, city)) }
    return values
  }

  /// The blocking keys of a record: those it is filed under, and those it looks up.
  struct Keys {
    var filed: [UInt64]
    var lookup: [UInt64]
  }

  /// The blocking keys of a record, made once a row. A row with a city or postcode does not
  /// look up its name words alone: a namesake elsewhere can only merge through an identifier in
  /// common, which has its own key, and reading every "Martin J" of the country made the import
  /// of a million rows ten times slower.
  static func keys(_ record: MatchRecord) -> Keys {
    var alone: [UInt64] = []
    let filed = blocks(record) { alone.append($0) }
    return Keys(filed: filed, lookup: alone.isEmpty ? filed : filed.filter { !alone.contains($0) })
  }

  /// The keys a record is filed under; `nameAlone` is also given those of a name word without
  /// a place when the record has one.
  private static func blocks(_ record: MatchRecord, nameAlone: (UInt64) -> Void) -> [UInt64] {
    var keys: [UInt64] = []
    func add(_ key: UInt64) { if !keys.contains(key) { keys.append(key) } }
    for email in record.emails { add(KeyHash.of(email, .email)) }
    for phone in record.phones {
      add(KeyHash.of(phone, .phone))
      let digits = phone.filter(\.isNumber)
      if digits.count >= 8 { add(KeyHash.of("tail " + digits.suffix(8), .phone)) }
    }
    if let external = record.externalID { add(KeyHash.of(external, .externalID)) }
    let places = [record.city.map { "c" + $0 }, record.postcode.map { "p" + $0 }].compactMap { $0 }
    if record.isCompany {
      if let name = record.company {
        add(KeyHash.of(name, .companyName))
        for place in places { add(KeyHash.of(name + "\u{1F}" + place, .companyName)) }
      }
      return keys
    }
    let words = ((record.firstName ?? "") + " " + (record.lastName ?? "")).split(separator: " ").map(String.init)
    for (position, word) in words.enumerated() where word.count >= 2 {
      let initials = String(words.enumerated().filter { $0.offset != position }.compactMap { $0.element.first }.sorted())
      let name = word + "|" + initials
      let bare = KeyHash.of(name, .block)
      add(bare)
      if !places.isEmpty { nameAlone(bare) }
      for place in places { add(KeyHash.of(name + "\u{1F}" + place, .block)) }
      // The word alone where the others may be missing, a nickname or mistyped.
      if let postcode = record.postcode { add(KeyHash.of(word + "|*\u{1F}p" + postcode, .block)) }
      if let birthday = record.birthday { add(KeyHash.of(word + "|*\u{1F}b" + birthday, .block)) }
    }
    if let street = record.street, let postcode = record.postcode {
      add(KeyHash.of("s" + street + "\u{1F}" + postcode, .block))
    }
    if let birthday = record.birthday {
      if let postcode = record.postcode { add(KeyHash.of("b" + birthday + "\u{1F}" + postcode, .block)) }
      let initials = String(words.compactMap(\.first).sorted())
      if !initials.isEmpty { add(KeyHash.of("b" + birthday + "\u{1F}" + initials, .block)) }
    }
    return keys
  }
}
