import Foundation
import PipelineModel
import Testing

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
}
