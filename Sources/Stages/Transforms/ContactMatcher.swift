import PipelineModel
import Warehouse

/// The rules that link a row to an existing golden contact.
enum MatchRule: String, CaseIterable, Sendable {
  /// Same normalised email.
  case email
  /// Same E.164 phone number and a compatible name.
  case phoneName = "phone-name"
  /// Same external id from the same source.
  case externalID = "external-id"
  /// Similar person names (word by word, any order, Jaro-Winkler) corroborated by company, city,
  /// phone or email domain.
  case fuzzyPerson = "fuzzy-person"
  /// Same normalised company name corroborated by city, phone or email domain.
  case company
}

/// What the matcher compares: the normalised keys of a contact.
struct MatchKeys: Sendable {
  var kind: ContactKind
  /// Sorted folded name tokens (persons), or the company key (companies).
  var name: String
  /// The company a person works for, as a company key.
  var companyKey: String?
  // Small arrays, not sets: a contact has a handful of each, and a million contacts stay in memory.
  var emails: [String] = []
  var domains: [String] = []
  var phones: [String] = []
  var cities: [String] = []
  var externalIDs: [String] = []
  /// The person blocking keys (see `ContactMatcher.personBlocks`), kept with the keys.
  private(set) var blocks: Set<Int> = []

  init(kind: ContactKind, name: String, companyKey: String?) {
    self.kind = kind
    self.name = name
    self.companyKey = companyKey
  }

  init(_ data: ContactMatchData) {
    self.init(
      kind: data.kind,
      name: data.kind == .company
        ? Normalize.companyKey(data.companyName ?? "") : Normalize.personKey([data.firstName, data.lastName]),
      companyKey: data.kind == .person ? data.companyName.map(Normalize.companyKey) : nil)
    emails = data.emailKeys.uniqued()
    domains = data.emailKeys.compactMap(Normalize.emailDomain).uniqued()
    phones = data.phones.uniqued()
    cities = data.cities.compactMap(Normalize.placeKey).uniqued()
    externalIDs = data.externalIDs.uniqued()
    computeBlocks()
  }

  /// Recomputes `blocks` after the keys changed.
  mutating func computeBlocks() {
    blocks = kind == .person ? ContactMatcher.personBlocks(self) : []
  }

  mutating func dropBlocks() { blocks = [] }

  var hasNoAttributes: Bool { emails.isEmpty && phones.isEmpty && cities.isEmpty && externalIDs.isEmpty }

  mutating func absorb(_ other: MatchKeys) {
    if name.isEmpty { name = other.name }
    if companyKey == nil { companyKey = other.companyKey }
    emails = (emails + other.emails).uniqued()
    domains = (domains + other.domains).uniqued()
    phones = (phones + other.phones).uniqued()
    cities = (cities + other.cities).uniqued()
    externalIDs = (externalIDs + other.externalIDs).uniqued()
    computeBlocks()
  }
}

/// A golden contact a row matches, with the rule and score that linked it.
struct Match: Equatable {
  var id: Int64
  var rule: MatchRule
  var score: Double
}

/// An in-memory index of the golden contacts' match keys, built once per stage from the
/// warehouse and kept up to date as rows land. Lookups go through blocking keys (email,
/// phone, external id, name-token prefixes, company key), never through all pairs.
final class ContactMatcher {
  let rules: Set<MatchRule>
  let threshold: Double

  private var entries: [Int64: MatchKeys] = [:]
  // Every index is keyed by the hash of its text and holds its ids inline when there is one:
  // a million contacts stay small. A hash collision only adds a candidate, which is checked.
  private var byEmail: [Int: Postings] = [:]
  private var byPhone: [Int: Postings] = [:]
  private var byExternalID: [Int: Postings] = [:]
  private var byPersonBlock: [Int: Postings] = [:]
  private var byCompany: [Int: Postings] = [:]

  init(_ contacts: [ContactMatchData], rules: Set<MatchRule>, threshold: Double) {
    self.rules = rules
    self.threshold = threshold
    for contact in contacts { add(contact.id, MatchKeys(contact)) }
  }

  /// Every golden contact `keys` matches, best rule first for each, sorted by id.
  func matches(_ keys: MatchKeys) -> [Match] {
    var best: [Int64: Match] = [:]
    func consider<Ids: Sequence<Int64>>(_ ids: Ids?, _ rule: MatchRule, score: (MatchKeys) -> Double?) {
      guard rules.contains(rule), let ids else { return }
      for id in ids {
        guard let other = entries[id], other.kind == keys.kind, let value = score(other) else { continue }
        if value > (best[id]?.score ?? -1) { best[id] = Match(id: id, rule: rule, score: value) }
      }
    }
    for key in keys.externalIDs {
      consider(byExternalID[key.hashValue]?.ids, .externalID) { other in other.externalIDs.contains(key) ? 1 : nil }
    }
    for email in keys.emails {
      consider(byEmail[email.hashValue]?.ids, .email) { other in other.emails.contains(email) ? 1 : nil }
    }
    for phone in keys.phones {
      consider(byPhone[phone.hashValue]?.ids, .phoneName) { other in
        guard other.phones.contains(phone) else { return nil }
        let similarity =
          keys.kind == .company ? JaroWinkler.similarity(keys.name, other.name) : NameSimilarity.score(keys.name, other.name)
        return similarity >= 0.85 ? similarity : nil
      }
    }
    if keys.kind == .person, !keys.name.isEmpty {
      // Candidates share a name word and an attribute, so blocks stay small even for common names.
      var candidates = Set<Int64>()
      for block in keys.blocks { candidates.formUnion(byPersonBlock[block]?.ids ?? []) }
      consider(candidates, .fuzzyPerson) { other in
        guard !conflicts(keys, other) else { return nil }
        let similarity = NameSimilarity.score(keys.name, other.name)
        return similarity >= threshold && corroborates(keys, other) ? similarity : nil
      }
    }
    if keys.kind == .company, !keys.name.isEmpty {
      // Same name and one more attribute in common; or same name where one side has nothing
      // else to compare (a company created from a person row's company name).
      consider(byCompany[keys.name.hashValue]?.ids, .company) { other in
        guard other.name == keys.name else { return nil }
        return corroborates(keys, other) ? 1 : (keys.hasNoAttributes || other.hasNoAttributes ? 0.9 : nil)
      }
    }
    return best.values.sorted { $0.id < $1.id }
  }

  /// The company whose normalised name is `key`, for linking persons to their company.
  func company(_ key: String) -> Int64? {
    byCompany[key.hashValue]?.ids.filter { entries[$0]?.kind == .company && entries[$0]?.name == key }.min()
  }

  /// Records a new golden contact, or more keys of an existing one.
  func add(_ id: Int64, _ keys: MatchKeys) {
    var merged = keys
    if let existing = entries[id] {
      merged = existing
      merged.absorb(keys)
    } else if merged.kind == .person && merged.blocks.isEmpty {
      merged.computeBlocks()
    }
    for email in merged.emails { byEmail[email.hashValue, default: Postings()].insert(id) }
    for phone in merged.phones { byPhone[phone.hashValue, default: Postings()].insert(id) }
    for key in merged.externalIDs { byExternalID[key.hashValue, default: Postings()].insert(id) }
    if merged.kind == .person {
      for block in merged.blocks { byPersonBlock[block, default: Postings()].insert(id) }
    } else if !merged.name.isEmpty {
      byCompany[merged.name.hashValue, default: Postings()].insert(id)
    }
    // Blocks are cheap to recompute and costly to keep for a million contacts.
    merged.dropBlocks()
    entries[id] = merged
  }

  /// `from` was folded into `into`: its keys now lead there.
  func merge(from: Int64, into: Int64) {
    guard let keys = entries.removeValue(forKey: from) else { return }
    for email in keys.emails { byEmail[email.hashValue]?.remove(from) }
    for phone in keys.phones { byPhone[phone.hashValue]?.remove(from) }
    for key in keys.externalIDs { byExternalID[key.hashValue]?.remove(from) }
    for block in Self.personBlocks(keys) { byPersonBlock[block]?.remove(from) }
    byCompany[keys.name.hashValue]?.remove(from)
    add(into, keys)
  }

  /// A second attribute two similar names share: company, city, phone or email domain.
  private func corroborates(_ a: MatchKeys, _ b: MatchKeys) -> Bool {
    if let company = a.companyKey, !company.isEmpty, company == b.companyKey { return true }
    return a.cities.sharesAny(b.cities) || a.phones.sharesAny(b.phones) || a.domains.sharesAny(b.domains)
  }

  /// Two records that cannot be one person: both have emails and share none, or both have
  /// phones and share none, or both name a company and not the same one.
  private func conflicts(_ a: MatchKeys, _ b: MatchKeys) -> Bool {
    if !a.emails.isEmpty, !b.emails.isEmpty, !a.emails.sharesAny(b.emails) { return true }
    if !a.phones.isEmpty, !b.phones.isEmpty, !a.phones.sharesAny(b.phones) { return true }
    if let x = a.companyKey, let y = b.companyKey, !x.isEmpty, !y.isEmpty, x != y { return true }
    return false
  }

  /// Blocking keys of a person: each name word of two letters or more with each attribute
  /// that can corroborate a match (company, city, phone, email domain).
  static func personBlocks(_ keys: MatchKeys) -> Set<Int> {
    let words: [String] = keys.name.split(separator: " ").map(String.init).filter { $0.count >= 2 }
    var attributes = keys.cities.map { "c:" + $0 } + keys.phones.map { "p:" + $0 } + keys.domains.map { "d:" + $0 }
    if let company = keys.companyKey, !company.isEmpty { attributes.append("o:" + company) }
    var blocks = Set<Int>()
    for word in words { for attribute in attributes { blocks.insert((word + "|" + attribute).hashValue) } }
    return blocks
  }
}

extension Array where Element: Equatable {
  /// The elements without repeats, first occurrence kept.
  func uniqued() -> [Element] {
    var result: [Element] = []
    for element in self where !result.contains(element) { result.append(element) }
    return result
  }

  func sharesAny(_ other: [Element]) -> Bool { contains { other.contains($0) } }

}

/// The ids under one index key: inline when there is one (most keys), an array otherwise.
struct Postings {
  private var first: Int64 = 0
  private var rest: [Int64]? = nil
  private var isEmpty = true

  var ids: [Int64] {
    guard !isEmpty else { return [] }
    return [first] + (rest ?? [])
  }

  mutating func insert(_ id: Int64) {
    if isEmpty {
      (first, isEmpty) = (id, false)
    } else if id != first, rest?.contains(id) != true {
      rest = (rest ?? []) + [id]
    }
  }

  mutating func remove(_ id: Int64) {
    if !isEmpty && first == id {
      if let next = rest?.first {
        first = next
        rest = rest.map { Array($0.dropFirst()) }
        if rest?.isEmpty == true { rest = nil }
      } else {
        isEmpty = true
      }
    } else {
      rest?.removeAll { $0 == id }
      if rest?.isEmpty == true { rest = nil }
    }
  }
}
