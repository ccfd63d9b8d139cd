import PhoneBridge
import Testing

@Suite struct PhoneBridgeTests {
  struct Valid: Sendable, CustomTestStringConvertible {
    let raw: String
    let region: String?
    let e164: String
    let kind: PhoneNumber.Kind
    let numberRegion: String
    var testDescription: String { "\(raw) [\(region ?? "nil")]" }
  }

  static let validNumbers: [Valid] = [
    Valid(raw: "+33 6 12 34 56 78", region: nil, e164: "+33612345678", kind: .mobile, numberRegion: "FR"),
    Valid(raw: "06 12 34 56 78", region: "FR", e164: "+33612345678", kind: .mobile, numberRegion: "FR"),
    Valid(raw: "06.12.34.56.78", region: "fr", e164: "+33612345678", kind: .mobile, numberRegion: "FR"),
    Valid(raw: "06 12 34 56 78", region: "France", e164: "+33612345678", kind: .mobile, numberRegion: "FR"),
    Valid(raw: "+33 (0)6 12 34 56 78", region: nil, e164: "+33612345678", kind: .mobile, numberRegion: "FR"),
    Valid(raw: "01 23 45 67 89", region: "FR", e164: "+33123456789", kind: .fixedLine, numberRegion: "FR"),
    Valid(raw: "0800 123 456", region: "FR", e164: "+33800123456", kind: .tollFree, numberRegion: "FR"),
    // 555-01xx numbers are reserved as fictional by NANPA, yet libphonenumber 8.12.57 calls
    // them valid; US numbers cannot be told fixed from mobile.
    Valid(raw: "(415) 555-0134", region: "US", e164: "+14155550134", kind: .fixedOrMobile, numberRegion: "US"),
    Valid(raw: "+49 30 1234567", region: nil, e164: "+49301234567", kind: .fixedLine, numberRegion: "DE"),
    Valid(raw: "+49 30 1234567", region: "FR", e164: "+49301234567", kind: .fixedLine, numberRegion: "DE"),
    Valid(raw: "0044 20 7946 0958", region: "FR", e164: "+442079460958", kind: .fixedLine, numberRegion: "GB"),
    Valid(raw: "0044 20 7946 0958", region: nil, e164: "+442079460958", kind: .fixedLine, numberRegion: "GB"),
    Valid(raw: "Tel: +44 7400 123456", region: nil, e164: "+447400123456", kind: .mobile, numberRegion: "GB"),
    Valid(raw: "+33 6 12 34 56 78 ext. 12", region: nil, e164: "+33612345678", kind: .mobile, numberRegion: "FR"),
    Valid(raw: "+33 (0)6 12-34.56/78", region: nil, e164: "+33612345678", kind: .mobile, numberRegion: "FR"),
    Valid(raw: "+1 (650) 253-0000", region: "FR", e164: "+16502530000", kind: .fixedOrMobile, numberRegion: "US"),
  ]

  @Test(arguments: validNumbers)
  func validNumber(_ example: Valid) {
    let number = PhoneNumbers.parse(example.raw, defaultRegion: example.region, withKind: true)
    #expect(number.raw == example.raw)
    #expect(number.isValid)
    #expect(number.e164 == example.e164)
    #expect(number.kind == example.kind)
    #expect(number.region == example.numberRegion)
    #expect(number.problem == nil)
    // Without the kind, the same number, valid, of the same region.
    let plain = PhoneNumbers.parse(example.raw, defaultRegion: example.region)
    #expect(plain.kind == nil)
    #expect(plain.isValid && plain.e164 == example.e164 && plain.region == example.numberRegion && plain.problem == nil)
  }

  struct Invalid: Sendable, CustomTestStringConvertible {
    let raw: String
    let region: String?
    let problem: String
    var numberRegion: String? = nil
    var testDescription: String { "\(raw) [\(region ?? "nil")]" }
  }

  static let invalidNumbers: [Invalid] = [
    Invalid(raw: "abc", region: "FR", problem: "not a number"),
    Invalid(raw: "", region: "FR", problem: "not a number"),
    Invalid(raw: "+999 123", region: nil, problem: "invalid country code"),
    Invalid(raw: "12", region: "FR", problem: "too short", numberRegion: "FR"),
    Invalid(raw: "+33 6 12 34 56 78 90 12 34 56 78", region: nil, problem: "too long"),
    Invalid(raw: "+33 0 00 00 00 00", region: nil, problem: "not a valid number for FR", numberRegion: "FR"),
    Invalid(raw: "+1 999 555 0123", region: nil, problem: "not a valid number for +1"),
    // 00 is not the international prefix of the US (011): a national number, too long.
    Invalid(raw: "0044 20 7946 0958", region: "US", problem: "too long"),
    Invalid(raw: "06 12 34 56 78", region: nil, problem: "no country code and no default region"),
    Invalid(raw: "06 12 34 56 78", region: "", problem: "no country code and no default region"),
    Invalid(
      raw: "06 12 34 56 78", region: "Atlantis",
      problem: "no country code and unknown default region \"Atlantis\""),
  ]

  @Test(arguments: invalidNumbers)
  func invalidNumber(_ example: Invalid) {
    let number = PhoneNumbers.parse(example.raw, defaultRegion: example.region, withKind: true)
    #expect(number.raw == example.raw)
    #expect(!number.isValid)
    #expect(number.e164 == nil)
    #expect(number.kind == .unknown)
    #expect(number.region == example.numberRegion)
    #expect(number.problem == example.problem)
    let plain = PhoneNumbers.parse(example.raw, defaultRegion: example.region)
    #expect(plain.kind == nil)
    #expect(!plain.isValid && plain.e164 == nil && plain.region == example.numberRegion && plain.problem == example.problem)
  }

  @Test func parsingFromManyTasksAgreesWithParsingOnOneThread() async {
    let inputs = (Self.validNumbers.map { ($0.raw, $0.region) } + Self.invalidNumbers.map { ($0.raw, $0.region) })
    let expected = inputs.map { PhoneNumbers.parse($0.0, defaultRegion: $0.1) }
    let mismatches = await withTaskGroup(of: Int.self) { group in
      for _ in 0..<8 {
        group.addTask {
          var mismatches = 0
          for _ in 0..<50 {
            for (index, input) in inputs.enumerated()
            where PhoneNumbers.parse(input.0, defaultRegion: input.1) != expected[index] {
              mismatches += 1
            }
          }
          return mismatches
        }
      }
      return await group.reduce(0, +)
    }
    #expect(mismatches == 0)
  }

  @Test(arguments: [
    ("France", "FR"), ("FR", "FR"), ("fr", "FR"), ("FRA", "FR"), ("Frankreich", "FR"),
    ("United Kingdom", "GB"), ("UK", "GB"), ("u.k.", "GB"), ("Royaume-Uni", "GB"),
    ("GROSSBRITANNIEN", "GB"), ("Großbritannien", "GB"), ("Deutschland", "DE"), ("allemagne", "DE"),
    ("USA", "US"), ("U.S.A.", "US"), ("United States", "US"), ("  the   United\tStates ", "US"),
    ("États-Unis", "US"), ("etats unis", "US"), ("EE.UU.", "US"), ("España", "ES"), ("ESPANA", "ES"),
    ("Schweiz", "CH"), ("Suisse", "CH"), ("CHE", "CH"), ("Österreich", "AT"), ("oesterreich", "AT"),
    ("Pays-Bas", "NL"), ("The Netherlands", "NL"), ("Éire", "IE"), ("Czechia", "CZ"),
    ("Česká republika", "CZ"), ("Côte d’Ivoire", "CI"), ("cote d'ivoire", "CI"), ("CIV", "CI"),
    ("Sénégal", "SN"), ("Algérie", "DZ"), ("Maroc", "MA"), ("Tunisie", "TN"), ("日本", "JP"),
    ("Brésil", "BR"), ("México", "MX"), ("Inde", "IN"), ("Chine", "CN"),
    // Not in the table, but an alpha-2 code libphonenumber knows (Réunion).
    ("re", "RE"),
  ])
  func regionForCountry(_ name: String, _ code: String) {
    #expect(Regions.code(forCountry: name) == code)
  }

  @Test(arguments: ["", "  ", "Atlantis", "XX", "ZZ", "F R", "France!!x", "001"])
  func unknownCountry(_ name: String) {
    #expect(Regions.code(forCountry: name) == nil)
  }

  @Test func everyTableNameLeadsBackToItsCode() {
    let required = [
      "FR", "DE", "GB", "US", "ES", "IT", "BE", "CH", "NL", "PT", "IE", "LU", "AT", "CA", "AU",
      "SE", "NO", "DK", "FI", "PL", "CZ", "JP", "CN", "IN", "BR", "MX", "MA", "TN", "DZ", "SN", "CI",
    ]
    #expect(Set(Regions.namesByCode.keys) == Set(required))
    for (code, names) in Regions.namesByCode {
      for name in names {
        #expect(Regions.code(forCountry: name) == code, "\(name)")
      }
    }
  }
}
