import PipelineModel

/// The fields two records are compared on.
enum MatchField: Int, CaseIterable, Sendable {
  case firstName, lastName, company, email, phone, street, postcode, city, country, birthday, externalID

  var name: String {
    switch self {
    case .firstName: "first_name"
    case .lastName: "last_name"
    case .company: "company"
    case .email: "email"
    case .phone: "phone"
    case .street: "street"
    case .postcode: "postcode"
    case .city: "city"
    case .country: "country"
    case .birthday: "birthday"
    case .externalID: "external_id"
    }
  }

  /// Whether an exact match weighs by how common the value is (term frequency).
  var weighsByFrequency: Bool {
    switch self {
    case .firstName, .lastName, .company, .email, .phone, .city: true
    default: false
    }
  }
}

/// How alike two records are on one field. `missing`: either side has no value, which is no
/// evidence either way.
enum MatchLevel: Int, CaseIterable, Sendable {
  case missing, exact, close, similar, different

  var name: String {
    switch self {
    case .missing: "missing"
    case .exact: "exact"
    case .close: "close"
    case .similar: "similar"
    case .different: "different"
    }
  }
}

/// Two records compared field by field, with the values an exact match was on (for their
/// term frequency).
struct MatchComparison: Sendable, Equatable {
  var levels: [MatchLevel]
  /// The value each field matched exactly on, for the fields that weigh by frequency.
  var exactValues: [MatchField: String] = [:]
  /// The first and last names agreed only once swapped.
  var swappedNames = false
  /// Two companies (their `company` is their own name, not an employer).
  var ofCompanies = false

  subscript(field: MatchField) -> MatchLevel {
    get { levels[field.rawValue] }
    set { levels[field.rawValue] = newValue }
  }

  init(levels: [MatchLevel]) { self.levels = levels }

  /// Compares `a` and `b` on every field both have.
  init(_ a: MatchRecord, _ b: MatchRecord) {
    levels = Array(repeating: .missing, count: MatchField.allCases.count)
    ofCompanies = a.isCompany
    otherGeneration = !a.isCompany && Self.generation(a) != Self.generation(b)
    compareNames(a, b)
    set(.company, Self.text(a.company, b.company, close: 0.95, similar: 0.88), value: a.company)
    compareEmails(a, b)
    comparePhones(a.phones, b.phones)
    set(.street, Self.street(a.street, b.street), value: nil)
    set(.postcode, Self.text(a.postcode, b.postcode, close: 0.9, similar: 2), value: nil)
    set(.city, Self.text(a.city, b.city, close: 0.92, similar: 2), value: a.city)
    set(.country, Self.text(a.country, b.country, close: 2, similar: 2), value: nil)
    set(.birthday, Self.birthday(a.birthday, b.birthday), value: nil)
    if let x = a.externalID, let y = b.externalID, x == y { self[.externalID] = .exact }
  }

  private mutating func set(_ field: MatchField, _ level: MatchLevel, value: String?) {
    self[field] = level
    if level == .exact, field.weighsByFrequency, let value { exactValues[field] = value }
  }

  /// First and last names, straight or swapped (most misses of a peer were swapped names):
  /// swapped ones count when they agree better, each exact level lowered to close.
  private mutating func compareNames(_ a: MatchRecord, _ b: MatchRecord) {
    let first = Self.name(a.firstName, b.firstName), last = Self.name(a.lastName, b.lastName)
    func strength(_ levels: [MatchLevel]) -> Int {
      levels.reduce(0) { sum, level in
        sum + (level == .exact ? 3 : level == .close ? 2 : level == .similar ? 1 : level == .different ? -2 : 0)
      }
    }
    // Swapped names can only do better when the straight ones disagree somewhere.
    let straight = strength([first, last])
    var (crossFirst, crossLast) = (MatchLevel.missing, MatchLevel.missing)
    if straight < 4, a.firstName != nil || a.lastName != nil, b.firstName != nil || b.lastName != nil {
      (crossFirst, crossLast) = (Self.name(a.firstName, b.lastName), Self.name(a.lastName, b.firstName))
    }
    if strength([crossFirst, crossLast]) > straight + 1 {
      swappedNames = true
      self[.firstName] = crossFirst == .exact ? .close : crossFirst
      self[.lastName] = crossLast == .exact ? .close : crossLast
    } else {
      set(.firstName, first, value: a.firstName)
      set(.lastName, last, value: a.lastName)
    }
  }

  /// Emails: one in common (exact); the same local part at another domain, when it is not
  /// a role (info@) nor made of the person's names, which namesakes share (close).
  private mutating func compareEmails(_ a: MatchRecord, _ b: MatchRecord) {
    guard !a.emails.isEmpty, !b.emails.isEmpty else { return }
    if let shared = a.emails.first(where: b.emails.contains) {
      set(.email, .exact, value: shared)
      return
    }
    let local = { (email: String) in email.firstIndex(of: "@").map { email[..<$0] } ?? email[...] }
    let shared = a.emails.lazy.map(local).first { part in
      b.emails.contains { local($0) == part } && !Self.roleLocalParts.contains(String(part))
        && !Self.isMadeOfNames(String(part), a) && !Self.isMadeOfNames(String(part), b)
    }
    self[.email] = shared != nil ? .close : .different
  }

  /// Whether an email's local part is made of the person's names (`jean.dupont`, `jdupont`,
  /// `dupont.j2`): letters only, it is the names' letters or an initial and a name, or it
  /// holds the last name (`james.williams` of a Jimmy Williams: colleagues' addresses follow
  /// one pattern, so namesakes at two companies share it).
  static func isMadeOfNames(_ local: String, _ record: MatchRecord) -> Bool {
    // Letters an address writes as others: `Đức` is `duc@`, `Søren` is `soren@`.
    let ascii = { (text: String) in
      String(
        text.lowercased().flatMap { letter -> String in
          switch letter {
          case "đ", "ð": "d"
          case "ø": "o"
          case "ł": "l"
          case "æ": "ae"
          case "œ": "oe"
          case "ß": "ss"
          default: letter.isLetter ? String(letter) : ""
          }
        })
    }
    let letters = ascii(local)
    let first = ascii(record.firstName ?? ""), last = ascii(record.lastName ?? "")
    guard !letters.isEmpty, !first.isEmpty || !last.isEmpty else { return false }
    let forms = [
      first + last, last + first, first, last, String(first.prefix(1)) + last, last + String(first.prefix(1)),
      first + String(last.prefix(1)),
    ]
    return forms.contains { !$0.isEmpty && $0 == letters } || (last.count >= 3 && letters.contains(last))
  }

  private mutating func comparePhones(_ a: [String], _ b: [String]) {
    guard !a.isEmpty, !b.isEmpty else { return }
    if let shared = a.first(where: b.contains) {
      set(.phone, .exact, value: shared)
      return
    }
    // The same last eight digits: a number written nationally and internationally, or with
    // a trunk prefix the parser kept.
    let tails = { (phones: [String]) in phones.map { String($0.filter(\.isNumber).suffix(8)) }.filter { $0.count == 8 } }
    let other = tails(b)
    self[.phone] = tails(a).contains(where: other.contains) ? .close : .different
  }

  /// Whether `field` agrees only as a part of an address that agrees in more detail: the city
  /// and country of the same street or postcode, the postcode of the same street (even at
  /// another house number: neighbours share it). Its bits are not counted again (the model
  /// treats fields as independent; an address is one fact).
  func isImplied(_ field: MatchField) -> Bool {
    let agrees = { (field: MatchField) in [.exact, .close].contains(self[field]) }
    guard agrees(field) else { return false }
    switch field {
    case .postcode: return agrees(.street) || self[.street] == .similar
    case .city: return agrees(.street) || agrees(.postcode)
    case .country: return agrees(.street) || agrees(.postcode) || agrees(.city)
    default: return false
    }
  }

  /// Whether the two records cannot be one contact whatever else agrees: two dates of birth
  /// (a father and son of one name at one address, with one phone); two first names that are
  /// not spellings, nicknames or initials of each other, or one name with a generational suffix
  /// (`Jr.`) the other lacks, unless the dates of birth are the same (a first name mistyped
  /// beyond recognition, a suffix typed once); two last names, unless the dates of birth or
  /// an email are the same (a name taken at marriage: colleagues share a company, its
  /// address and its switchboard, not a surname); or two company names. Such a pair is never
  /// merged by the matcher; a person may (`crmpipe review`).
  var contradicts: Bool {
    self[.birthday] == .different || ((self[.firstName] == .different || otherGeneration) && self[.birthday] != .exact)
      || (self[.lastName] == .different && self[.birthday] != .exact && self[.email] != .exact)
      || (ofCompanies && self[.company] == .different)
  }

  /// One name has a generational suffix (`Jr.`) the other has not, or another one.
  var otherGeneration = false

  /// Local parts a team shares (info@, sales@): the same one at two domains says nothing.
  static let roleLocalParts: Set<String> = [
    "info", "contact", "sales", "admin", "office", "hello", "support", "team", "mail", "enquiries", "inquiries",
    "kontakt", "bureau", "accueil", "service", "billing", "accounts", "noreply", "no-reply", "marketing", "hr", "jobs",
  ]

  /// A person's name against another: exact, nickname or Jaro-Winkler ≥ 0.95 (close);
  /// ≥ 0.88, an initial, or one typing error (two in names of seven letters or more) once
  /// OCR confusions are folded (`jarncs` for `james`) (similar); else different.
  static func name(_ a: String?, _ b: String?) -> MatchLevel {
    guard let a, let b else { return .missing }
    if a == b { return .exact }
    if Nicknames.same(a, b) { return .close }
    let (x, y) = (Array(a.unicodeScalars), Array(b.unicodeScalars))
    let (short, long) = x.count <= y.count ? (x, y) : (y, x)
    if short.count == 1 { return long.first == short.first ? .similar : .different }
    // One word each (most names): Jaro-Winkler on the scalars, without splitting into words.
    let similarity =
      x.contains(" ") || y.contains(" ") ? NameSimilarity.score(a, b) : JaroWinkler.similarity(x, y)
    if similarity >= 0.95 { return .close }
    if similarity >= 0.88 { return .similar }
    // Two edits at most, and `rn` folds to one letter: lengths further apart cannot be that close.
    guard abs(x.count - y.count) <= 4 else { return .different }
    let (p, q) = (ocrFolded(x), ocrFolded(y))
    let distance = Edits.distance(p, q)
    return distance <= 1 || (distance <= 2 && min(p.count, q.count) >= 7) ? .similar : .different
  }

  /// A name with the letters OCR confuses made one: `rn` as `m`, digits as the letters they look like.
  static func ocrFolded(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
    var folded: [Unicode.Scalar] = []
    folded.reserveCapacity(text.count)
    var index = 0
    while index < text.count {
      let scalar = text[index]
      if scalar == "r", index + 1 < text.count, text[index + 1] == "n" {
        folded.append("m")
        index += 2
        continue
      }
      switch scalar {
      case "0": folded.append("o")
      case "1": folded.append("l")
      case "5": folded.append("s")
      case "8": folded.append("b")
      default: folded.append(scalar)
      }
      index += 1
    }
    return folded
  }

  /// Generational suffixes: `Daiki Matsumoto Jr.` is not `Daiki Matsumoto`.
  static let generations: [Substring] = ["jr", "junior", "sr", "senior", "ii", "iii", "iv", "fils", "pere"]

  /// The generational suffixes of a person's names, one bit each. A suffix is a word of its
  /// own: a name of one word has none, and is not split (names are compared millions of times).
  static func generation(_ record: MatchRecord) -> Int {
    var mask = 0
    for case let name? in [record.firstName, record.lastName] where name.utf8.contains(UInt8(ascii: " ")) {
      for word in name.split(separator: " ") {
        if let index = generations.firstIndex(of: word) { mask |= 1 << index }
      }
    }
    return mask
  }

  /// Text compared by Jaro-Winkler at two thresholds (a threshold above 1 turns its level off).
  static func text(_ a: String?, _ b: String?, close: Double, similar: Double) -> MatchLevel {
    guard let a, let b else { return .missing }
    if a == b { return .exact }
    guard close <= 1 || similar <= 1 else { return .different }
    let similarity = JaroWinkler.similarity(a, b)
    return similarity >= close ? .close : similarity >= similar ? .similar : .different
  }

  /// A street line: as text, but two different house numbers are at most similar.
  static func street(_ a: String?, _ b: String?) -> MatchLevel {
    let level = text(a, b, close: 0.95, similar: 0.85)
    guard level == .close, let a, let b else { return level }
    let numbers = { (text: String) in text.split(separator: " ").filter { $0.allSatisfy(\.isNumber) } }
    return numbers(a) == numbers(b) ? .close : .similar
  }

  /// Dates of birth: exact; two parts of three equal, or day and month swapped (close); the
  /// same year (similar); else different.
  static func birthday(_ a: String?, _ b: String?) -> MatchLevel {
    guard let a, let b else { return .missing }
    if a == b { return .exact }
    let x = a.split(separator: "-"), y = b.split(separator: "-")
    guard x.count == 3, y.count == 3 else { return .different }
    let same = zip(x, y).filter { $0 == $1 }.count
    if same == 2 || (x[0] == y[0] && x[1] == y[2] && x[2] == y[1]) { return .close }
    return x[0] == y[0] ? .similar : .different
  }
}
