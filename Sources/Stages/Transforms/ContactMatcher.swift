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
  // Blocks hold small arrays of ids; person blocks are keyed by the hash of their text (a
  // collision only adds candidates, which are then compared), to keep a million contacts small.
  private var byEmail: [String: [Int64]] = [:]
  private var byPhone: [String: [Int64]] = [:]
  private var byExternalID: [String: [Int64]] = [:]
  private var byPersonBlock: [Int: [Int64]] = [:]
  private var byCompany: [String: [Int64]] = [:]

  init(_ contacts: [ContactMatchData], rules: Set<MatchRule>, threshold: Double) {
    self.rules = rules
    self.threshold = threshold
    for contact in contacts { add(contact.id, MatchKeys(contact)) }
  }

  var count: Int { entries.count }

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
    for key in keys.externalIDs { consider(byExternalID[key], .externalID) { _ in 1 } }

    for email in keys.emails { consider(byEmail[email], .email) { _ in 1 } }
    for phone in keys.phones {
      consider(byPhone[phone], .phoneName) { other in
        let similarity =
          keys.kind == .company ? JaroWinkler.similarity(keys.name, other.name) : NameSimilarity.score(keys.name, other.name)
        return similarity >= 0.85 ? similarity : nil
      }
    }
    if keys.kind == .person, !keys.name.isEmpty {
      // Candidates share a name word and an attribute, so blocks stay small even for common names.
      var candidates = Set<Int64>()
      for block in keys.blocks { candidates.formUnion(byPersonBlock[block] ?? []) }
      consider(candidates, .fuzzyPerson) { other in
        guard !conflicts(keys, other) else { return nil }
        let similarity = NameSimilarity.score(keys.name, other.name)
        return similarity >= threshold && corroborates(keys, other) ? similarity : nil
      }
    }
    if keys.kind == .company, !keys.name.isEmpty {
      // Same name and one more attribute in common; or same name where one side has nothing
      // else to compare (a company created from a person row's company name).
      consider(byCompany[keys.name], .company) { other in
        corroborates(keys, other) ? 1 : (keys.hasNoAttributes || other.hasNoAttributes ? 0.9 : nil)
      }
    }
    return best.values.sorted { $0.id < $1.id }
  }

  /// The company whose normalised name is `key`, for linking persons to their company.
  func company(_ key: String) -> Int64? {
    byCompany[key]?.filter { entries[$0]?.kind == .company }.min()
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
    for email in merged.emails { byEmail[email, default: []].appendOnce(id) }
    for phone in merged.phones { byPhone[phone, default: []].appendOnce(id) }
    for key in merged.externalIDs { byExternalID[key, default: []].appendOnce(id) }
    if merged.kind == .person {
      for block in merged.blocks { byPersonBlock[block, default: []].appendOnce(id) }
    } else if !merged.name.isEmpty {
      byCompany[merged.name, default: []].appendOnce(id)
    }
    // Blocks are cheap to recompute and costly to keep for a million contacts.
    merged.dropBlocks()
    entries[id] = merged
  }

  /// `from` was folded into `into`: its keys now lead there.
  func merge(from: Int64, into: Int64) {
    guard let keys = entries.removeValue(forKey: from) else { return }
    for email in keys.emails { byEmail[email]?.removeAll { $0 == from } }
    for phone in keys.phones { byPhone[phone]?.removeAll { $0 == from } }
    for key in keys.externalIDs { byExternalID[key]?.removeAll { $0 == from } }
    for block in Self.personBlocks(keys) { byPersonBlock[block]?.removeAll { $0 == from } }
    byCompany[keys.name]?.removeAll { $0 == from }
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

  mutating func appendOnce(_ element: Element) {
    if !contains(element) { append(element) }
  }
}
