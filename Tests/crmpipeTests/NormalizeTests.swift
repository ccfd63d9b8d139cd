import Foundation
import Testing

@testable import PipelineModel

@Suite struct NormalizeTests {
  @Test(
    arguments: [
      ("  Élodie   MÜLLER ", nil, "elodie muller"),
      ("Müller", "Jürgen", "jurgen muller"),
      ("O'Brien", "Seán", "brien o sean"),
      ("Nguyễn Văn", "An", "an nguyen van"),
    ] as [(String, String?, String)])
  func personKeysIgnoreCaseAccentsPunctuationAndOrder(last: String, first: String?, key: String) {
    #expect(Normalize.personKey([first, last]) == key)
  }

  /// The one-pass ASCII words give what folding the text first gives, on names with control
  /// characters, tabs, doubled spaces, dots and punctuation, and refuse non-ASCII text.
  @Test func asciiWordsAreTheFoldedTokensOfASCIIText() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("aZ09 .\t\n\r\u{1}\u{7F}-'&,AbcXyz  ".utf8)
    for _ in 0..<5_000 {
      let length = Int.random(in: 0..<24, using: &generator)
      let text = String(decoding: (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0x20 }, as: UTF8.self)
      for dropped in [nil, Character(".")] {
        #expect(
          Normalize.asciiWords([text], dropping: dropped?.asciiValue) == Normalize.foldedTokens(text, dropping: dropped),
          "\(text.debugDescription)")
      }
    }
    #expect(Normalize.asciiWords(["Ana", "Müller"], dropping: nil) == nil)
    #expect(Normalize.personKey(["  ANA\t", "de  la Cruz"]) == "ana cruz de la")
  }

  /// ASCII text with stray whitespace is cleaned byte by byte: the same as Foundation's NFC
  /// and whitespace collapsing, on random texts of every ASCII byte, CRLF among them.
  @Test func asciiDomainIsTheCharacterDomain() {
    var generator = SystemRandomNumberGenerator()
    let pieces = ["a", "B", "@", ".", "Z", "x9", "@Acme.FR", "-", "_", "+"]
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0..<8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }
        .joined()
      let expected = text.lastIndex(of: "@").map { text[text.index(after: $0)...].lowercased() }
      #expect(Normalize.asciiDomain(text) == expected, "\(text.debugDescription)")
    }
    #expect(Normalize.asciiDomain("zoë@Acme.fr") == nil)
    #expect(Normalize.emailDomain("zoë@Acme.fr") == "acme.fr")
    #expect(Normalize.emailDomain("Zoe@GMAIL.com") == nil)
  }

  @Test func asciiTextCleansAsFoundationCleansIt() {
    var generator = SystemRandomNumberGenerator()
    let common = Array(" \t\r\n\u{B}\u{C}ab".utf8)
    for _ in 0..<20_000 {
      let length = Int.random(in: 0..<16, using: &generator)
      let bytes = (0..<length).map { _ in
        Bool.random(using: &generator)
          ? common.randomElement(using: &generator) ?? 0x20 : UInt8.random(in: 0..<0x80, using: &generator)
      }
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(TextFolding.clean(text) == TextFolding.foundationClean(text), "\(text.debugDescription)")
      #expect(TextFolding.collapsedASCII(text) == TextFolding.foundationClean(text), "\(text.debugDescription)")
    }
    #expect(TextFolding.collapsedASCII("  Zoë ") == nil)
    #expect(TextFolding.clean(" \r\n Jean \t  Dupont\r\n") == "Jean Dupont")
  }

  /// Text below U+0300 is cleaned and folded character by character: the same as Foundation's
  /// NFC, whitespace collapsing and folding of the whole text, on random texts of those
  /// characters with spaces, tabs, no-break spaces and control characters among them.
  @Test func latinTextFoldsAsFoundationFoldsIt() {
    func foundationClean(_ text: String) -> String {
      text.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
    func foundationKey(_ text: String) -> String {
      foundationClean(text).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        .lowercased()
    }
    var generator = SystemRandomNumberGenerator()
    let spaces: [UInt32] = [0x20, 0x20, 0x20, 0x09, 0xA0, 0x85, 0x01]
    for _ in 0..<20_000 {
      let length = Int.random(in: 0..<12, using: &generator)
      let scalars = (0..<length).compactMap { _ in
        Unicode.Scalar(
          Bool.random(using: &generator)
            ? spaces.randomElement(using: &generator) ?? 0x20 : UInt32.random(in: 0x41..<0x300, using: &generator))
      }
      var text = ""
      text.unicodeScalars.append(contentsOf: scalars)
      #expect(TextFolding.clean(text) == foundationClean(text), "\(text.debugDescription)")
      #expect(TextFolding.key(text) == foundationKey(text), "\(text.debugDescription)")
    }
    #expect(TextFolding.isCleanLatin("Chloé Dubois-Lefèvre"))
    #expect(!TextFolding.isCleanLatin("Chloé\u{A0}Dubois") && !TextFolding.isCleanLatin("Chlo\u{65}\u{301}"))
    #expect(TextFolding.key("  ÉLODIE   Müller-Straße ") == foundationKey("  ÉLODIE   Müller-Straße "))
  }

  @Test(arguments: [
    ("Dupont, Fils & Cie SARL", "dupont fils"),
    ("ACME S.A.R.L.", "acme"),
    ("Acme Widgets Inc.", "acme widgets"),
    ("Müller GmbH & Co. KG", "muller"),
    ("SAS Les Vergers de Provence", "les vergers de provence"),
    ("SA", "sa"),
  ])
  func companyKeysDropLegalForms(name: String, key: String) {
    #expect(Normalize.companyKey(name) == key)
  }

  @Test(
    arguments: [
      (" Jean.Dupont@Acme.fr ", "Jean.Dupont@Acme.fr"),
      ("jean@acme", nil),
      ("jean dupont@acme.fr", nil),
      ("@acme.fr", nil),
      ("a@b..fr", nil),
      ("a@b.fr,c@d.fr", nil),
      ("a@@b.fr", nil),
      ("a@.b.fr", nil),
      ("a@b.fr.", nil),
      ("a@b.fr<", nil),
      ("a.@b.c", "a.@b.c"),
      ("Zoë@b.fr", "Zoë@b.fr"),
      ("\u{A0}a@b.fr\t", "a@b.fr"),
      ("", nil),
    ] as [(String, String?)])
  func emailsAreTrimmedAndChecked(text: String, email: String?) {
    #expect(Normalize.email(text) == email)
  }

  @Test func emailKeysAndDomains() {
    #expect(Normalize.emailKey("Jean.Dupont@Acme.FR") == "jean.dupont@acme.fr")
    #expect(Normalize.emailDomain("jean@Acme.fr") == "acme.fr")
    #expect(Normalize.emailDomain("jean@gmail.com") == nil)
  }

  @Test(arguments: [
    ("martha", "marhta", 0.961),
    ("dwayne", "duane", 0.840),
    ("dixon", "dicksonx", 0.813),
    ("same", "same", 1.0),
    ("abc", "xyz", 0.0),
  ])
  func jaroWinklerMatchesTheTextbookValues(a: String, b: String, expected: Double) {
    #expect(abs(JaroWinkler.similarity(a, b) - expected) < 0.001)
  }

  @Test(arguments: [
    ("dupont jean", "dupond jean", 0.93),
    ("jean dupont", "dupont jean", 1.0),
    ("a lima", "ana lima", 0.95),
    ("berenger clement", "berenger helene", 0.6),
    ("lima", "ana lima", 1.0),
    ("ian owen", "ian o brien", 0.0),
    ("lan nguyen", "xuan lan nguyen", 0.0),
  ])
  func nameSimilarityComparesWordByWordInAnyOrder(a: String, b: String, atLeast: Double) {
    let score = NameSimilarity.score(a, b)
    #expect(score >= atLeast - 0.01)
    #expect(score <= max(atLeast + 0.05, 1))
  }

  @Test func maskingHidesEmailsAndPhonesInText() {
    #expect(
      Masking.maskText("\"Ana\",\"ana.lima@x.org\",\"+33 6 12 34 56 78\"") == "\"Ana\",\"a***@x***.org\",\"+33************78\"")
  }

  @Test(arguments: [
    "2026-11-28T13:05:00Z", "2024-02-29T23:59:59Z", "2000-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
    "1899-12-31T12:00:00Z", "2100-03-01T00:00:01Z",
  ])
  func warehouseInstantsReadBackExactly(_ text: String) throws {
    let date = try #require(DateText.fromUTCText(text))
    #expect(DateText.utcText(date) == text)
    #expect(date == (try DateText.parse(text, format: .iso, timeZone: DateText.utc)))
  }

  /// The text written into its 20 bytes is the text joined from its parts, on random instants
  /// from year 1 to 9999 (and year 0 padded); a year of five digits is joined.
  @Test func warehouseInstantsAreWrittenAsTheirPartsJoined() {
    var generator = SystemRandomNumberGenerator()
    let first = -62_135_596_800.0, last = 253_402_300_799.0  // 0001-01-01 and 9999-12-31T23:59:59
    for _ in 0..<20_000 {
      let date = Date(timeIntervalSince1970: Double.random(in: first...last, using: &generator))
      #expect(DateText.utcText(date) == DateText.joinedUTCText(DateText.civil(date)))
    }
    #expect(DateText.utcText(Date(timeIntervalSince1970: -62_167_219_200)) == "0000-01-01T00:00:00Z")
    #expect(DateText.utcText(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00Z")
  }

  @Test func impossibleWarehouseInstantsAreRefused() {
    #expect(DateText.fromUTCText("2026-02-29T00:00:00Z") == nil)
    #expect(DateText.fromUTCText("2026-13-01T00:00:00Z") == nil)
    #expect(DateText.fromUTCText("2026-11-28T24:00:00Z") == nil)
  }

  @Test func calendarDaysCountLocalDatesAcrossDaylightSavingAndBeforeTheEpoch() throws {
    let paris = try #require(TimeZone(identifier: "Europe/Paris"))
    func at(_ text: String) throws -> Date { try DateText.parse(text, format: .iso, timeZone: paris) }
    // 23:30 on the night the clocks go forward to 00:10 two local days later:: 2 days apart, though fewer than 48 hours.
    #expect(DateText.calendarDays(from: try at("2026-03-28T23:30:00"), to: try at("2026-03-30T00:10:00"), paris) == 2)
    // 00:30 and 23:30 of the same local day are 0 days apart, even on the day the clocks go back.
    #expect(DateText.calendarDays(from: try at("2026-10-25T00:30:00"), to: try at("2026-10-25T23:30:00"), paris) == 0)
    #expect(DateText.calendarDays(from: try at("1969-12-31T23:00:00"), to: try at("1970-01-01T01:00:00"), paris) == 1)
    #expect(DateText.calendarDays(from: try at("2026-11-28T12:00:00"), to: try at("2026-11-01T12:00:00"), paris) == -27)
  }

  /// The Foundation-free trimming removes exactly what `trimmingCharacters(in:)` removes.
  @Test func trimmingMatchesFoundationsCharacterSets() {
    let samples = [
      "", " ", "\t\n", "abc", "  abc  ", "\u{00A0}12,50\u{202F}", "\u{3000}東京\u{3000}", "x\u{2028}", "\u{2029}y",
      "\r\n2026-01-02\r\n", "\u{0085}a\u{0085}", "e\u{0301} ", " \u{0301}", "a b\tc", "\u{200B}zero-width\u{200B}",
      "\u{FEFF}bom", "\u{1680}ogham\u{1680}", "\u{000B}\u{000C}v",
    ]
    for sample in samples {
      #expect(sample.trimmedSpaces == sample.trimmingCharacters(in: .whitespaces), "\(sample.unicodeScalars.map(\.value))")
      #expect(
        sample.trimmedWhitespace == sample.trimmingCharacters(in: .whitespacesAndNewlines),
        "\(sample.unicodeScalars.map(\.value))")
      #expect(sample.dropFirst(0).trimmedSpaces == sample.trimmedSpaces)
    }
  }

  /// Dates are split into numbers by bytes when ASCII: the same runs as splitting by
  /// characters, line breaks and non-ASCII digits included.
  @Test func numberRunsAreTheCharacterSplit() {
    let samples = [
      "", "2026-11-28", "28/11/2026 14:05", "\r\n2026-01-02\r\n", "3/15/2024 2:30 PM", "2026-11-28T14:05:00+01:00",
      "١٢/٠٣/٢٠٢٤", "12/٠٣/2024", "x9y", "99999999999999999999/1/1", "12\u{00A0}03 2024", "e\u{0301}12",
    ]
    var random = SeededGenerator(state: 7)
    let alphabet = Array("0123456789/-.: TZ+\r\n\tab\u{00A0}٣é")
    let generated = (0..<2000).map { _ in String((0..<random.next(16)).map { _ in alphabet[random.next(alphabet.count)] }) }
    for sample in samples + generated {
      let expected = sample.split(whereSeparator: { !$0.isNumber }).map(String.init)
      #expect(DateText.numberRuns(sample).map(String.init) == expected, "\(sample.unicodeScalars.map(\.value))")
    }
  }

  /// Dates are parsed by arithmetic with the zone's offset; Calendar gives the same instant
  /// for every local time, those around daylight saving changes and zones with odd ones included.
  @Test func parsedDatesAreCalendarsInstants() throws {
    let zones = [
      "Europe/Paris", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Tehran", "Pacific/Apia",
      "Asia/Kolkata", "UTC",
    ].compactMap(TimeZone.init(identifier:))
    #expect(zones.count == 8)
    var random = SeededGenerator(state: 2026)
    for zone in zones {
      let calendar = DateText.gregorian(zone)
      for index in 0..<3000 {
        // Random instants, and every quarter hour of the days around this zone's changes.
        let year = 1990 + random.next(50)
        let (month, day) = (1 + random.next(12), 1 + random.next(28))
        let (hour, minute) = index % 2 == 0 ? (random.next(24), random.next(60)) : (index / 4 % 24, index % 4 * 15)
        let text = String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, index % 60)
        let parsed = try DateText.parse(text, format: .iso, timeZone: zone)
        let expected = calendar.date(
          from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: index % 60))
        #expect(parsed == expected, "\(text) in \(zone.identifier)")
      }
      // The days when the offset changed, hour by hour.
      var instant = try #require(calendar.date(from: DateComponents(year: 2024, month: 1, day: 1)))
      for _ in 0..<4 {
        guard let change = zone.nextDaylightSavingTimeTransition(after: instant) else { break }
        for offset in stride(from: -26 * 3600, through: 26 * 3600, by: 1800) {
          let moment = change.addingTimeInterval(TimeInterval(offset))
          let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
          let text = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
          #expect(
            try DateText.parse(text, format: .iso, timeZone: zone) == calendar.date(from: parts), "\(text) in \(zone.identifier)")
        }
        instant = change
      }
    }
    #expect(throws: DateText.Failure.self) { try DateText.parse("2025-02-29", format: .iso, timeZone: zones[0]) }
    #expect(throws: DateText.Failure.self) { try DateText.parse("31/04/2025", format: .dmy, timeZone: zones[0]) }
  }

  /// Amounts are parsed without `Decimal(string:)` up to 18 digits: the same values and text.
  @Test func parsedAmountsAreFoundationsDecimals() {
    var random = SeededGenerator(state: 7)
    var samples = [
      "0", "-0", "+0.00", "12.50", "0.001", "-1234.5678", "999999999999999999", "1234567890123456789", ".5", "5.",
      "-.25", "000123.4500", "18446744073709551615.5",
    ]
    for _ in 0..<2000 {
      let whole = String(random.next(1_000_000_000))
      let fraction = String(repeating: "0", count: random.next(3)) + String(random.next(10_000))
      samples.append((random.next(4) == 0 ? "-" : "") + whole + (random.next(3) == 0 ? "" : "." + fraction))
    }
    for sample in samples {
      let expected = Decimal(string: sample, locale: Locale(identifier: "en_US_POSIX"))
      let parsed = DecimalText.parse(sample)
      #expect(parsed == expected, "\(sample)")
      #expect(parsed.map { "\($0)" } == expected.map { "\($0)" }, "\(sample)")
    }
    for bad in ["", "-", ".", "1.2.3", "12.5abc", "1 000", "1e5", "--1", "1-"] {
      #expect(DecimalText.parse(bad) == nil, "\(bad)")
    }
  }
}
