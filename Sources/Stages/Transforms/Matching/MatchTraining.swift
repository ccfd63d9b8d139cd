import Foundation

/// Learns a `MatchModel` from records nobody labelled, as the Fellegi–Sunter literature does:
/// u from random pairs (nearly all of which are two different contacts), m by
/// expectation-maximisation over blocked candidate pairs, each field's m learnt on blocks
/// that do not use that field (a field trained on its own blocks learns that it always agrees).
/// Deterministic: the same records give the same model.
enum MatchTraining {
  /// Random pairs sampled for u.
  static let randomPairLimit = 200_000
  /// Records of one block paired for EM; a larger block (a shared switchboard number, a very
  /// common name) gives its first this many.
  static let blockLimit = 30
  static let iterations = 12
  /// Weight of the priors against the data, in pairs.
  static let priorPairs = 20.0

  static func learn(_ records: [MatchRecord], from start: MatchModel = .priors) -> MatchModel {
    var model = start
    guard records.count >= 2 else { return model }
    let sampled = learnU(records, into: &model)
    // m of names, company, address and birthday, on pairs that share an email or a phone.
    // Only identifiers two or three records hold: a switchboard number or a role address
    // (info@) shared by a team pairs colleagues, and EM would learn that names disagree.
    var holders: [String: Int] = [:]
    let identifiers = { (record: MatchRecord) -> [String] in
      record.emails.filter { email in
        !MatchComparison.roleLocalParts.contains(String(email.split(separator: "@").first ?? ""))
      }.map { "e\($0)" } + record.phones.map { "p\($0)" }
    }
    for record in records { for key in identifiers(record) { holders[key, default: 0] += 1 } }
    let byIdentifier = pairs(records) { record in identifiers(record).filter { (holders[$0] ?? 0) <= 3 } }
    // Full name in one place: trains what names do not say.
    let byName = pairs(records) { record in
      guard let first = record.firstName, let last = record.lastName else { return [] }
      return ["n\(first)\u{1F}\(last)\u{1F}\(record.city ?? record.postcode ?? "")"]
    }
    // Date of birth and postcode: trains names and contact details on lists without emails.
    let byPlace = pairs(records) { record in
      guard let birthday = record.birthday, let postcode = record.postcode else { return [] }
      return ["b\(birthday)\u{1F}\(postcode)"]
    }
    let sessions: [([Pair], [MatchField])] = [
      (byIdentifier, [.firstName, .lastName, .company, .street, .postcode, .city, .country, .birthday]),
      (byName, [.email, .phone, .externalID, .company, .street, .postcode, .birthday]),
      (byPlace, [.firstName, .lastName, .company, .email, .phone, .street]),
    ]
    // Each field's m is the average of the sessions that trained it, weighed by how much
    // evidence each had (the pairs it judged matches on which the field is present).
    var sums: [MatchField: (m: [Double], mass: Double)] = [:]
    for (pairs, fields) in sessions {
      for (field, estimate) in em(compared(pairs, records), start: model, trained: fields) {
        var sum = sums[field] ?? (Array(repeating: 0, count: MatchLevel.allCases.count), 0)
        for level in sum.m.indices { sum.m[level] += estimate.m[level] * estimate.mass }
        sum.mass += estimate.mass
        sums[field] = sum
      }
    }
    for (field, sum) in sums where sum.mass > 0 {
      model.m[field.rawValue] = sum.m.map { $0 / sum.mass }
    }
    let all = Set(byIdentifier).union(byName).union(byPlace)
    model.duplicatesPerRecord = duplicatesPerRecord(
      compared(all.sorted { ($0.a, $0.b) < ($1.a, $1.b) }, records), records: records.count, model: model)
    model.trainedRecords = records.count
    model.randomPairs = sampled
    model.blockedPairs = all.count
    return model
  }

  /// u of every field and level from random pairs of records of one kind. Returns the pairs sampled.
  private static func learnU(_ records: [MatchRecord], into model: inout MatchModel) -> Int {
    var counts = Array(repeating: Array(repeating: 0.0, count: MatchLevel.allCases.count), count: MatchField.allCases.count)
    var random = SplitMix(seed: 42)
    let n = records.count
    let wanted = min(randomPairLimit, n * (n - 1) / 2)
    var sampled = 0
    var attempts = 0
    while sampled < wanted && attempts < wanted * 4 {
      attempts += 1
      let i = Int(random.next() % UInt64(n)), j = Int(random.next() % UInt64(n))
      guard i != j, records[i].isCompany == records[j].isCompany else { continue }
      let comparison = MatchComparison(records[i], records[j])
      for field in MatchField.allCases { counts[field.rawValue][comparison[field].rawValue] += 1 }
      sampled += 1
    }
    for field in MatchField.allCases {
      let present = counts[field.rawValue].dropFirst().reduce(0, +)
      for level in MatchLevel.allCases.dropFirst() {
        let prior = model.u[field.rawValue][level.rawValue]
        guard prior > 0 else { continue }
        model.u[field.rawValue][level.rawValue] = max(
          (counts[field.rawValue][level.rawValue] + priorPairs * prior) / (present + priorPairs), 1e-9)
      }
    }
    return sampled
  }

  /// A candidate pair, by record index, lower first.
  struct Pair: Hashable {
    var a: Int
    var b: Int
  }

  /// Pairs of records of one kind that share a key (`keys`), up to `blockLimit` records a key.
  static func pairs(_ records: [MatchRecord], keys: (MatchRecord) -> [String]) -> [Pair] {
    var blocks: [String: [Int]] = [:]
    for (index, record) in records.enumerated() {
      for key in keys(record) {
        let kindKey = (record.isCompany ? "c" : "p") + key
        if blocks[kindKey, default: []].count < blockLimit { blocks[kindKey, default: []].append(index) }
      }
    }
    var seen = Set<Pair>()
    var result: [Pair] = []
    for key in blocks.keys.sorted() {
      let members = blocks[key] ?? []
      for x in members.indices {
        for y in members.indices where y > x {
          let pair = Pair(a: members[x], b: members[y])
          if seen.insert(pair).inserted { result.append(pair) }
        }
      }
    }
    return result
  }

  private static func compared(_ pairs: [Pair], _ records: [MatchRecord]) -> [MatchComparison] {
    pairs.map { MatchComparison(records[$0.a], records[$0.b]) }
  }

  /// The likelihood ratio m/u of a comparison over `fields` (term frequencies left out).
  private static func ratio(_ comparison: MatchComparison, _ model: MatchModel, fields: [MatchField]) -> Double {
    var bits = 0.0
    for field in fields { bits += model.bits(field, comparison[field]) }
    return pow(2, bits)
  }

  /// EM over compared pairs, from `start`: m of the `trained` fields, u kept; the fields the
  /// blocks chose the pairs by are left out of the E step, since they agree by construction.
  /// Returns each trained field's m and the evidence behind it (the weight of the pairs
  /// judged matches on which the field is present).
  private static func em(_ pairs: [MatchComparison], start: MatchModel, trained: [MatchField]) -> [MatchField: (
    m: [Double], mass: Double
  )] {
    guard pairs.count >= 10 else { return [:] }
    var model = start
    var lambda = 0.5
    var masses: [MatchField: Double] = [:]
    for _ in 0..<iterations {
      // E step: the probability that each pair is one contact.
      let weights = pairs.map { comparison -> Double in
        let r = ratio(comparison, model, fields: trained)
        return lambda * r / (lambda * r + (1 - lambda))
      }
      lambda = min(max(weights.reduce(0, +) / Double(pairs.count), 0.001), 0.999)
      // M step: m of each trained field's levels, with the priors as `priorPairs` pairs.
      for field in trained {
        var sums = Array(repeating: 0.0, count: MatchLevel.allCases.count)
        for (comparison, weight) in zip(pairs, weights) where comparison[field] != .missing {
          sums[comparison[field].rawValue] += weight
        }
        let total = sums.dropFirst().reduce(0, +)
        masses[field] = total
        for level in MatchLevel.allCases.dropFirst() {
          let prior = start.m[field.rawValue][level.rawValue]
          guard prior > 0 else { continue }
          model.m[field.rawValue][level.rawValue] = max(
            (sums[level.rawValue] + priorPairs * prior) / (total + priorPairs), 1e-6)
        }
      }
    }
    var result: [MatchField: (m: [Double], mass: Double)] = [:]
    for field in trained where (masses[field] ?? 0) >= 1 {
      result[field] = (model.m[field.rawValue], masses[field] ?? 0)
    }
    return result
  }

  /// How many other records of its contact a record has: the expected number of matching
  /// pairs among the blocked ones (EM on the share of matches, m and u kept), twice, over the
  /// records. Bounded to 0.02...3.
  private static func duplicatesPerRecord(_ pairs: [MatchComparison], records: Int, model: MatchModel) -> Double {
    guard !pairs.isEmpty, records > 0 else { return model.duplicatesPerRecord }
    let ratios = pairs.map { ratio($0, model, fields: MatchField.allCases) }
    var lambda = 0.1
    for _ in 0..<50 {
      lambda = ratios.reduce(0) { $0 + lambda * $1 / (lambda * $1 + (1 - lambda)) } / Double(ratios.count)
      lambda = min(max(lambda, 1e-6), 0.999)
    }
    return min(max(2 * lambda * Double(pairs.count) / Double(records), 0.02), 3)
  }
}

/// SplitMix64: a small seeded generator, the same on every platform.
struct SplitMix {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
