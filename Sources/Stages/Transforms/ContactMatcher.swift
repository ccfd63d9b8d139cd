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

  /// The rule's position in `allCases`.
  var position: Int {
    switch self {
    case .email: 0
    case .phoneName: 1
    case .externalID: 2
    case .fuzzyPerson: 3
    case .company: 4
    }
  }
}

/// What the matcher compares: the normalised keys of a contact, as tagged hashes
/// (see `KeyHash`) besides the folded name the similarity rules read.
struct MatchKeys: Sendable {
  var kind: ContactKind
  /// Sorted folded name tokens (persons), or the company key (companies).
  var name: String
  /// The company a person works for, as a company key.
  var companyKey: String?
  /// A golden contact's other names and company keys: every one it was matched under
  /// (`contact_match_keys`). A row has none.
  var otherNames: [String] = []
  var otherCompanyKeys: [String] = []
  /// Hashes of the emails, email domains, phones, cities and external ids, each once.
  var attributes: [UInt64] = []
  /// A person's name words as the matcher files them (`ContactMatcher.nameWords`), worked
  /// out beforehand so that the thread landing rows in order does not have to.
  var indexWords: [UInt64]?
  var lookupWords: [UInt64]?

  init(kind: ContactKind, name: String, companyKey: String?) {
    self.kind = kind
    self.name = name
    self.companyKey = companyKey
  }

  /// The keys of a golden contact as the warehouse holds it: every name and company key it
  /// was matched under, as the matcher knew it in the run that landed it. A contact without
  /// them (none landed its names) has its stored `match_name` and company name.
  init(_ data: ContactMatchData) {
    let names =
      data.nameKeys.isEmpty
      ? [
        data.matchName
          ?? (data.kind == .company
            ? Normalize.companyKey(data.companyName ?? "") : Normalize.personKey([data.firstName, data.lastName]))
      ] : data.nameKeys
    let companies =
      data.kind != .person
      ? [] : data.companyKeys.isEmpty ? data.companyName.map { [Normalize.companyKey($0)] } ?? [] : data.companyKeys
    self.init(kind: data.kind, name: names[0], companyKey: companies.first)
    otherNames = Array(names.dropFirst())
    otherCompanyKeys = Array(companies.dropFirst())
    add(data.emailKeys, .email)
    add(data.emailKeys.compactMap(Normalize.emailDomain), .domain)
    add(data.phones, .phone)
    add(data.cities.compactMap(Normalize.placeKey), .city)
    add(data.externalIDs, .externalID)
  }

  /// The keys of a golden contact, its name words worked out.
  static func prepared(_ data: ContactMatchData) -> MatchKeys {
    var keys = MatchKeys(data)
    keys.prepareNameWords()
    return keys
  }

  /// Works out the name words the matcher files and looks up a person under.
  mutating func prepareNameWords() {
    guard kind == .person else { return }
    indexWords = ContactMatcher.nameWords(name, lookup: false)
    lookupWords = ContactMatcher.nameWords(name, lookup: true)
  }

  /// Adds the hashes of `values` not already there.
  mutating func add(_ values: [String], _ tag: KeyHash.Tag) {
    for value in values {
      let hash = KeyHash.of(value, tag)
      if !attributes.contains(hash) { attributes.append(hash) }
    }
  }
}

/// A golden contact a row matches, with the rule and score that linked it.
struct Match: Equatable, Sendable {
  var id: Int64
  var rule: MatchRule
  var score: Double
}

/// An in-memory index of the golden contacts' match keys, built once per stage from the
/// warehouse and kept up to date as rows land. Lookups go through blocking keys (email,
/// phone, external id, name word with an attribute, company name), never through all pairs.
///
/// Memory stays near 150 bytes a golden contact: keys are 64-bit hashes, and one
/// open-addressing table holds every index.
final class ContactMatcher {
  let rules: Set<MatchRule>
  /// `rules` by position in `MatchRule.allCases`, read at every candidate: a `Set` hashes the
  /// rule's name each time.
  private let enabled: [Bool]
  let threshold: Double
  /// Fuzzy-person candidates also come through phone blocks only when the phone-name rule
  /// would not already find them (it is off, or the fuzzy threshold is below its 0.85).
  private let blocksByPhone: Bool

  /// Indexed by contact id; nil for ids that are not (or no longer) golden contacts.
  private var entries: [Entry?] = []
  private var index = HashMultimap()
  /// What `HashMultimap.touch` returns, kept so that its reads are not optimised away.
  private var touched: UInt64 = 0
  /// The highest id indexed so far: a new entry above it is under no key yet.
  private var highestIndexed: UInt32 = 0

  init(_ contacts: [ContactMatchData], rules: Set<MatchRule>, threshold: Double) throws {
    self.rules = rules
    enabled = MatchRule.allCases.map(rules.contains)
    self.threshold = threshold
    blocksByPhone = !rules.contains(.phoneName) || threshold < 0.85
    try add(contacts)
  }

  /// The index of every golden contact of `warehouse`, read a batch at a time: the next batch
  /// is read and its keys worked out on other threads while this one indexes the batch before.
  convenience init(_ warehouse: Warehouse, rules: Set<MatchRule>, threshold: Double) throws {
    try self.init([], rules: rules, threshold: threshold)
    let batches = MatchDataBatches(warehouse)
    var failure: (any Error)?
    // Every batch is taken, even after an error here, so that the reader is done with the warehouse.
    while let batch = try batches.next() {
      guard failure == nil else { continue }
      do { for (id, keys) in batch { try add(id, keys) } } catch { failure = error }
    }
    if let failure { throw failure }
  }

  /// Adds golden contacts in order, their keys worked out on every core.
  private func add(_ contacts: [ContactMatchData]) throws {
    let keys = Parallel.map(contacts, MatchKeys.prepared)
    for (contact, keys) in zip(contacts, keys) { try add(contact.id, keys) }
  }

  /// Every golden contact `keys` matches, best rule first for each, sorted by id.
  func matches(_ keys: MatchKeys) -> [Match] {
    let row = Entry(keys)
    let personBlocks =
      keys.kind == .person && !keys.name.isEmpty
      ? blocks(row, words: keys.lookupWords ?? Self.nameWords(row.name, lookup: true)) : []
    let companyKey = keys.kind == .company && !keys.name.isEmpty ? KeyHash.of(keys.name, .companyName) : 0
    // Every slot the lookups below read, read ahead in one pass (see `HashMultimap.touch`).
    touched &+= index.touch(Self.indexed(row.attributes)) &+ index.touch(personBlocks) &+ index.touch([companyKey])
    var best: [Match] = []
    /// Scores each contact under `key` once per rule (`seen`), keeping each contact's best.
    func consider(_ key: UInt64, _ rule: MatchRule, seen: inout [UInt32], score: (Entry) -> Double?) {
      guard enabled[rule.position] else { return }
      index.forEach(key) { id in
        guard !seen.contains(id) else { return }
        seen.append(id)
        guard Int(id) < entries.count, let other = entries[Int(id)], other.kind == keys.kind, let value = score(other)
        else { return }
        if let known = best.firstIndex(where: { $0.id == Int64(id) }) {
          if value > best[known].score { best[known] = Match(id: Int64(id), rule: rule, score: value) }
        } else {
          best.append(Match(id: Int64(id), rule: rule, score: value))
        }
      }
    }
    for hash in row.attributes {
      var seen: [UInt32] = []
      switch KeyHash.tag(of: hash) {
      case .externalID: consider(hash, .externalID, seen: &seen) { $0.attributes.contains(hash) ? 1 : nil }
      case .email: consider(hash, .email, seen: &seen) { $0.attributes.contains(hash) ? 1 : nil }
      case .phone:
        consider(hash, .phoneName, seen: &seen) { other in
          guard other.attributes.contains(hash) else { return nil }
          // A contact known by its number alone (created from a call) is that number's owner.
          if keys.name.isEmpty || other.name.isEmpty { return 0.9 }
          let similarity = other.bestScore { name in
            keys.kind == .company ? JaroWinkler.similarity(keys.name, name) : NameSimilarity.score(keys.name, name)
          }
          return similarity >= 0.85 ? similarity : nil
        }
      default: break
      }
    }
    if keys.kind == .person, !keys.name.isEmpty {
      // Candidates share a name word and an attribute, so blocks stay small even for common
      // names; a contact found through several blocks is scored once.
      var seen: [UInt32] = []
      for block in personBlocks where !index.holdsMore(than: Self.blockLimit, under: block, living: isLiving) {
        consider(block, .fuzzyPerson, seen: &seen) { other in
          guard !row.conflicts(with: other) else { return nil }
          let similarity = other.bestScore { NameSimilarity.score(keys.name, $0) }
          return similarity >= threshold && row.corroborates(other) ? similarity : nil
        }
      }
    }
    if keys.kind == .company, !keys.name.isEmpty {
      // Same name and one more attribute in common; or same name where one side has nothing
      // else to compare (a company created from a person row's company name).
      var seen: [UInt32] = []
      consider(companyKey, .company, seen: &seen) { other in
        guard other.isNamed(keys.name) else { return nil }
        return row.corroborates(other) ? 1 : (row.hasNoAttributes || other.hasNoAttributes ? 0.9 : nil)
      }
    }
    return best.sorted { $0.id < $1.id }
  }

  /// The company whose normalised name is `key`, for linking persons to their company.
  func company(_ key: String) -> Int64? {
    var found: Int64?
    index.forEach(KeyHash.of(key, .companyName)) { id in
      guard let other = entry(id), other.kind == .company, other.isNamed(key) else { return }
      found = min(found ?? Int64(id), Int64(id))
    }
    return found
  }

  /// The oldest golden contact with this E.164 number, if any.
  func contact(phone e164: String) -> Int64? {
    let hash = KeyHash.of(e164, .phone)
    var found: Int64?
    index.forEach(hash) { id in
      guard let other = entry(id), other.attributes.contains(hash) else { return }
      found = min(found ?? Int64(id), Int64(id))
    }
    return found
  }

  /// Records a new golden contact, or more keys of an existing one.
  func add(_ id: Int64, _ keys: MatchKeys) throws { try absorb(Entry(keys), into: id, words: keys.indexWords) }

  /// `from` was folded into `into`: its keys now lead there. The index keeps `from`'s old
  /// keys; lookups skip ids without an entry.
  func merge(from: Int64, into: Int64) throws {
    guard from >= 0, Int(from) < entries.count, let keys = entries[Int(from)] else { return }
    entries[Int(from)] = nil
    try absorb(keys, into: into)
  }

  /// `words`: the incoming entry's name words (`nameWords`), when already worked out.
  private func absorb(_ incoming: Entry, into id: Int64, words: [UInt64]? = nil) throws {
    guard let slot = UInt32(exactly: id) else {
      throw DiagnosticList([.error("contact id \(id) is beyond what the matcher indexes (4,294,967,295)")])
    }
    if entries.count <= Int(id) { entries.append(contentsOf: repeatElement(nil, count: Int(id) - entries.count + 1)) }
    guard var entry = entries[Int(id)] else {
      entries[Int(id)] = incoming
      index(incoming, as: slot, except: nil, words: words)
      return
    }
    let before = entry
    // Every name and company the contact was seen with: the warehouse keeps them all
    // (`contact_match_keys`), so a later run knows the contact as this one does.
    for name in [incoming.name] + incoming.otherNames where !name.isEmpty && !entry.isNamed(name) {
      if entry.name.isEmpty { entry.name = name } else { entry.otherNames.append(name) }
    }
    for company in [incoming.company] + incoming.otherCompanies where company != 0 && !entry.worksFor(company) {
      if entry.company == 0 { entry.company = company } else { entry.otherCompanies.append(company) }
    }
    for hash in incoming.attributes where !entry.attributes.contains(hash) { entry.attributes.append(hash) }
    // A row that brings nothing new (a duplicate, a file imported again) files nothing new.
    guard
      entry.name != before.name || entry.otherNames != before.otherNames || entry.company != before.company
        || entry.otherCompanies != before.otherCompanies || entry.attributes != before.attributes
    else { return }
    entries[Int(id)] = entry
    index(entry, as: slot, except: before, words: entry.name == incoming.name ? words : nil)
  }

  private func entry(_ id: UInt32) -> Entry? { Int(id) < entries.count ? entries[Int(id)] : nil }

  /// Whether `id` is a golden contact (not merged away).
  private func isLiving(_ id: UInt32) -> Bool { entry(id) != nil }

  /// The name words of every name of `entry`; `words`, those of its first name, when known.
  private static func allNameWords(_ entry: Entry, words: [UInt64]?) -> [UInt64] {
    var all = words ?? nameWords(entry.name, lookup: false)
    for name in entry.otherNames {
      for word in nameWords(name, lookup: false) where !all.contains(word) { all.append(word) }
    }
    return all
  }

  /// Indexes what `entry` has that `old` did not. `words`: the entry's `nameWords`, when known.
  private func index(_ entry: Entry, as id: UInt32, except old: Entry?, words: [UInt64]? = nil) {
    // Ids only grow as contacts are added; an id seen before (a merge, or the id of a contact
    // merged away given again) may already be under some keys.
    let fresh = old == nil && id > highestIndexed
    highestIndexed = max(highestIndexed, id)
    let attributeKeys = Self.indexed(entry.attributes)
    let words = entry.kind == .person ? Self.allNameWords(entry, words: words) : []
    let newBlocks = entry.kind == .person ? blocks(entry, words: words) : []
    // The slots the inserts below read, read ahead in one pass (see `HashMultimap.touch`).
    touched &+= index.touch(attributeKeys) &+ index.touch(newBlocks)
    for hash in attributeKeys where old?.attributes.contains(hash) != true {
      index.insert(hash, id, fresh: fresh)
    }
    switch entry.kind {
    case .person:
      // Names unchanged (a merge that brings an email, say): the old entry's words are these.
      let known =
        old.map { old in
          blocks(
            old, words: old.name == entry.name && old.otherNames == entry.otherNames ? words : Self.allNameWords(old, words: nil))
        } ?? []
      for block in newBlocks where !known.contains(block) {
        index.insert(block, id, limit: Self.blockCapacity, fresh: fresh)
      }
    case .company:
      for name in [entry.name] + entry.otherNames where !name.isEmpty && old?.isNamed(name) != true {
        index.insert(KeyHash.of(name, .companyName), id, fresh: fresh)
      }
    }
  }

  /// The attributes filed under their own key: emails, phones and external ids.
  private static func indexed(_ attributes: [UInt64]) -> [UInt64] {
    attributes.filter { hash in
      switch KeyHash.tag(of: hash) {
      case .email, .phone, .externalID: return true
      default: return false
      }
    }
  }

  /// The most contacts a fuzzy block holds. A block is a name word with an attribute, so a
  /// full one is a common name in a common place ("martin" in Paris): comparing a row with
  /// all of them would make the import quadratic, and such a pair needs its other blocks
  /// (company, email domain) or an exact rule to link anyway.
  ///
  /// A block holding more is left out of lookups altogether, rather than giving the first 64
  /// filed: which contacts those are depends on the order rows landed in, and a later run,
  /// which files the warehouse's contacts in id order, would compare a row with others.
  static let blockLimit = 64
  /// The most ids a block files (contacts merged away included), to bound the cost of a
  /// common one; more than `blockLimit` living ones leave it out of lookups anyway.
  static let blockCapacity = 4 * blockLimit

  /// Blocking keys of a person: each name word of two letters or more, with the initials of
  /// the other words, with each attribute that can corroborate a match (company, city, email
  /// domain, and phone when needed). `words` are the person's `nameWords`.
  ///
  /// The initials keep blocks of common names small ("martin" in Paris splits by first
  /// name); a typo in an initial costs little, as such names score under the threshold
  /// anyway. A single-word name ("martin") is compared with many-word ones through blocks
  /// of its own: a many-word name is also filed under its words alone (`*`), which only
  /// single-word rows read, and looks up single-word names (no initials).
  private func blocks(_ entry: Entry, words: [UInt64]) -> [UInt64] {
    var attributes = entry.attributes.filter { hash in
      switch KeyHash.tag(of: hash) {
      case .city, .domain: return true
      case .phone: return blocksByPhone
      default: return false
      }
    }
    if entry.company != 0 { attributes.append(entry.company) }
    attributes += entry.otherCompanies
    guard !attributes.isEmpty else { return [] }
    var blocks: [UInt64] = []
    for word in words {
      for attribute in attributes {
        let block = KeyHash.block(word: word, attribute: attribute)
        if !blocks.contains(block) { blocks.append(block) }
      }
    }
    return blocks
  }

  /// The hashes of a person's name words as blocks combine them with attributes (see
  /// `blocks`): to file the person (`lookup` false) or to look up candidates (true).
  static func nameWords(_ name: String, lookup: Bool) -> [UInt64] {
    var text = name
    return text.withUTF8 { asciiNameWords($0, lookup: lookup) } ?? characterNameWords(name, lookup: lookup)
  }

  /// `nameWords` of a name of ASCII lower-case letters, digits and spaces (the `personKey` of
  /// an ASCII name), read byte by byte; nil for any other text. Rows are mostly ASCII, and
  /// this runs twice for every person.
  private static func asciiNameWords(_ bytes: UnsafeBufferPointer<UInt8>, lookup: Bool) -> [UInt64]? {
    var words: [Range<Int>] = []
    var start: Int?
    for (offset, byte) in bytes.enumerated() {
      switch byte {
      case UInt8(ascii: " "):
        if let first = start { words.append(first..<offset) }
        start = nil
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        if start == nil { start = offset }
      default: return nil
      }
    }
    if let first = start { words.append(first..<bytes.count) }
    let star = CollectionOfOne(UInt8(ascii: "*"))
    var hashes: [UInt64] = []
    for (index, range) in words.enumerated() where range.count >= 2 {
      let word = bytes[range]
      let alone = KeyHash.bytes(utf8: word)
      guard words.count > 1 else {
        hashes.append(alone)
        if lookup { hashes.append(KeyHash.bytes(word, star)) }
        continue
      }
      let initials = words.indices.lazy.filter { $0 != index }.map { bytes[words[$0].lowerBound] }
      hashes.append(KeyHash.bytes(word, initials))
      hashes.append(lookup ? alone : KeyHash.bytes(word, star))
    }
    return hashes
  }

  /// `nameWords` of any name, character by character.
  static func characterNameWords(_ name: String, lookup: Bool) -> [UInt64] {
    let words = name.split(separator: " ")
    var hashes: [UInt64] = []
    for (index, word) in words.enumerated() where word.count >= 2 {
      // The word alone, with the other words' initials, or with "*".
      let alone = KeyHash.bytes(utf8: word.utf8)
      guard words.count > 1 else {
        hashes.append(alone)
        if lookup { hashes.append(KeyHash.bytes(word.utf8, "*".utf8)) }
        continue
      }
      let initials = String(words.enumerated().compactMap { $0.offset == index ? nil : $0.element.first })
      hashes.append(KeyHash.bytes(word.utf8, initials.utf8))
      hashes.append(lookup ? alone : KeyHash.bytes(word.utf8, "*".utf8))
    }
    return hashes
  }
}

/// What the matcher keeps of a golden contact.
private struct Entry {
  var name: String
  var kind: ContactKind
  /// Hash of a person's company key; 0 when none.
  var company: UInt64
  var attributes: [UInt64]
  /// The contact's other names and companies (it was seen with several): empty for most.
  var otherNames: [String] = []
  var otherCompanies: [UInt64] = []

  init(name: String, kind: ContactKind, company: UInt64, attributes: [UInt64]) {
    (self.name, self.kind, self.company, self.attributes) = (name, kind, company, attributes)
  }

  init(_ keys: MatchKeys) {
    let hash = { (key: String) in key.isEmpty ? 0 : KeyHash.of(key, .companyName) }
    self.init(name: keys.name, kind: keys.kind, company: keys.companyKey.map(hash) ?? 0, attributes: keys.attributes)
    otherNames = keys.otherNames.filter { !$0.isEmpty && $0 != keys.name }
    otherCompanies = keys.otherCompanyKeys.map(hash).filter { $0 != 0 && $0 != company }
  }

  /// Whether `key` is one of the contact's names.
  func isNamed(_ key: String) -> Bool { name == key || otherNames.contains(key) }

  /// Whether the contact was seen with this company (a hash).
  func worksFor(_ hash: UInt64) -> Bool { hash != 0 && (company == hash || otherCompanies.contains(hash)) }

  /// The best `score` of the contact's names.
  func bestScore(_ score: (String) -> Double) -> Double {
    otherNames.reduce(score(name)) { max($0, score($1)) }
  }

  var hasNoAttributes: Bool {
    !attributes.contains { KeyHash.tag(of: $0) != .domain }
  }

  /// A second attribute two similar names share: company, city, phone or email domain.
  func corroborates(_ other: Self) -> Bool {
    if company != 0, other.worksFor(company) || otherCompanies.contains(where: other.worksFor) { return true }
    return attributes.contains { hash in
      switch KeyHash.tag(of: hash) {
      case .city, .phone, .domain: return other.attributes.contains(hash)
      default: return false
      }
    }
  }

  /// Two records that cannot be one person: both have emails and share none, or both have
  /// phones and share none, or both name a company and not the same one.
  func conflicts(with other: Self) -> Bool {
    for tag in [KeyHash.Tag.email, .phone] {
      let mine = attributes.filter { KeyHash.tag(of: $0) == tag }
      guard !mine.isEmpty, other.attributes.contains(where: { KeyHash.tag(of: $0) == tag }) else { continue }
      if !mine.contains(where: other.attributes.contains) { return true }
    }
    return company != 0 && other.company != 0 && !other.worksFor(company) && !otherCompanies.contains(where: other.worksFor)
  }
}
