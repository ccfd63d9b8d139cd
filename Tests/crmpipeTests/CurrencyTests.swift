import Foundation
import PipelineConfig
import PipelineModel
import PipelineTestSupport
import SQLiteBridge
import Stages
import Testing
import Warehouse

/// The currency engine against hand-computed values, the rate files, and the settings' rates.
@Suite struct CurrencyTests {
  let out = TestFiles.temporaryDirectory()

  static func d(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

  @Test(arguments: [
    // value, currency, half-even, half-up
    ("0.125", "EUR", "0.12", "0.13"), ("0.135", "EUR", "0.14", "0.14"), ("-0.125", "EUR", "-0.12", "-0.13"),
    ("1234.5", "JPY", "1234", "1235"), ("1235.5", "JPY", "1236", "1236"), ("1.2345", "BHD", "1.234", "1.235"),
    ("2.00049", "BHD", "2", "2"), ("10.005", "USD", "10", "10.01"),
  ])
  func roundingToMinorUnits(_ value: String, _ currency: String, _ halfEven: String, _ halfUp: String) {
    #expect(RoundingRule.halfEven.round(Self.d(value), currency: currency) == Self.d(halfEven))
    #expect(RoundingRule.halfUp.round(Self.d(value), currency: currency) == Self.d(halfUp))
  }

  static let book = RateBook([
    ExchangeRate(from: "USD", to: "EUR", rate: d("0.9485")),
    ExchangeRate(from: "EUR", to: "JPY", rate: d("160.12"), date: "2026-11-27"),
    ExchangeRate(from: "EUR", to: "BHD", rate: d("0.3968")),
    ExchangeRate(from: "EUR", to: "GBP", rate: d("0.8307")),
    ExchangeRate(from: "EUR", to: "CHF", rate: d("0.9300"), date: "2026-01-01"),
    ExchangeRate(from: "EUR", to: "CHF", rate: d("0.9400"), date: "2026-06-01"),
    ExchangeRate(from: "EUR", to: "USD", rate: d("1.0543"), date: "2026-11-28"),
  ])

  @Test(arguments: [
    // amount, from, to, day, expected (worked out by hand), how
    ("1000", "USD", "EUR", "2026-11-28", "948.5", "direct"),
    ("1000000", "JPY", "EUR", "2026-11-28", "6245.32", "inverse"),  // 1e6 / 160.12 = 6245.3160...
    ("1234.56", "EUR", "JPY", "2026-11-28", "197678", "direct"),  // 197677.7472 -> 0 decimals
    ("1.23", "EUR", "BHD", "2026-11-28", "0.488", "direct"),  // 0.488064 -> 3 decimals
    ("100", "GBP", "BHD", "2026-11-28", "47.767", "cross through EUR"),  // 100 / 0.8307 * 0.3968 = 47.7669...
    ("100", "CHF", "EUR", "2026-05-31", "107.53", "inverse"),  // 100 / 0.93 = 107.5268...
    ("100", "CHF", "EUR", "2026-06-01", "106.38", "inverse"),  // 100 / 0.94 = 106.3829...
    ("100", "EUR", "EUR", "2020-01-01", "100", "same currency"),
  ])
  func conversionsMatchHandComputedValues(
    _ amount: String, _ from: String, _ to: String, _ day: String, _ expected: String, _ how: String
  ) throws {
    let converter = CurrencyConverter(book: Self.book, target: to, rounding: .halfEven)
    #expect(converter.convert(Self.d(amount), from: from, on: day) == Self.d(expected))
    #expect(Self.book.rate(from: from, to: to, on: day)?.derivation.description == how)
  }

  @Test func aDirectRateWinsOverTheInverseAndTheLatestDatedRateIsInForce() throws {
    // USD -> EUR is given (0.9485) and EUR -> USD too (1.0543 from 2026-11-28): the direct one wins.
    #expect(Self.book.rate(from: "USD", to: "EUR", on: "2026-11-28")?.rate == Self.d("0.9485"))
    // EUR -> USD before its first day: only through the inverse of the undated USD -> EUR.
    let before = try #require(Self.book.rate(from: "EUR", to: "USD", on: "2026-11-27"))
    #expect(before.derivation == .inverse)
    #expect(before.dates == [nil])
    // CHF before 2026-01-01 has no rate at all: missing, with the day.
    let converter = CurrencyConverter(book: Self.book, target: "EUR", rounding: .halfEven)
    #expect(
      converter.missing([("CHF", "2025-12-31"), ("CHF", "2026-02-01"), ("XOF", "2026-02-01"), ("CHF", "2025-12-31")]) == [
        MissingRate(from: "CHF", to: "EUR", date: "2025-12-31"), MissingRate(from: "XOF", to: "EUR", date: "2026-02-01"),
      ])
    #expect(
      MissingRatesError(converter.missing([("XOF", "2026-02-01")])).description.hasPrefix(
        "missing exchange rates: XOF → EUR on 2026-02-01. Add them to the settings' exchange_rates, or import a rates file"))
    #expect(converter.derivedRates([("JPY", "2026-11-28"), ("USD", "2026-11-28")]).count == 1)
  }

  static let ecbDaily = """
    Date, USD, JPY, BGN, CZK, GBP, 
    28 November 2026, 1.0543, 160.12, 1.9558, 25.123, 0.8307, 

    """

  static let ecbHistory = """
    Date,USD,JPY,CYP,GBP,
    2026-11-27,1.0520,159.80,N/A,0.8301,
    2026-11-26,1.0510,abc,N/A,0.8299,
    2026-11-25,N/A,N/A,N/A,N/A,

    """

  static let pairs = "from,to,rate,date\nUSD,EUR,0.9485,\nCHF,EUR,1.0650,2026-11-01\nEUR,EUR,1,\nXYZ,EUR,2,\n"

  @Test func ratesFilesOfEveryFormLandByPairAndDayWithTheirRejects() throws {
    let stages = """
        - kind: import.rates
          id: rates
          input: rates/*.csv

      """
    let pipeline = try RunSupport.pipeline(
      stages: stages,
      files: [
        "rates/a-eurofxref.csv": Self.ecbDaily, "rates/b-eurofxref-hist.csv": Self.ecbHistory, "rates/c-pairs.csv": Self.pairs,
      ])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let counts = summary.stages[0].counts
    #expect(counts.read == 8)
    #expect(counts.inserted == 4)
    #expect(counts.rejected == 4)
    let warehouse = try Warehouse(path: "\(out)/w.sqlite")
    let rates = try warehouse.exchangeRates()
    #expect(rates.count == 5 + 3 + 2)
    #expect(rates.contains(ExchangeRate(from: "EUR", to: "JPY", rate: Self.d("160.12"), date: "2026-11-28")))
    #expect(rates.contains(ExchangeRate(from: "EUR", to: "GBP", rate: Self.d("0.8301"), date: "2026-11-27")))
    #expect(rates.contains(ExchangeRate(from: "USD", to: "EUR", rate: Self.d("0.9485"), date: nil)))
    #expect(summary.stages[0].notes.contains { $0.message.contains("no longer in ISO 4217 skipped: CYP") })
    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    let reasons = try db.query("SELECT line, field, reason FROM rejected_rows ORDER BY file_id, line").map {
      "\($0[0].int ?? 0) \($0[1].string ?? ""): \($0[2].string ?? "")"
    }
    #expect(
      reasons == [
        "3 JPY: expected a positive rate such as 1.0543, got 'abc'",
        "4 : no rate on this line (every cell is N/A or empty)",
        "4 to: a rate converts between two different currencies",
        "5 from: expected an ISO 4217 currency code such as EUR, got 'XYZ'",
      ])
    // A later file with a new rate for a known pair and day updates it.
    try TestFiles.write(
      "from,to,rate,date\nUSD,EUR,0.9500,\n", to: "rates/d-update.csv", in: (pipeline as NSString).deletingLastPathComponent)
    let rerun = try RunSupport.run(pipeline, out: out)
    #expect(rerun.stages[0].counts.updated == 1)
    #expect(try warehouse.exchangeRates().first { $0.from == "USD" && $0.date == nil }?.rate == Self.d("0.95"))
  }

  @Test func settingsRatesAreCheckedWithTheirPositions() throws {
    let yaml = """
      version: 1
      warehouse: w.sqlite
      settings:
        base_currency: EUR
        rounding: half-up
        exchange_rates:
          - {from: USD, to: EUR, rate: 0.9485}
          - {from: EURO, to: EUR, rate: 1}
          - {from: GBP, to: EUR, rate: -1.2}
          - {from: USD, to: EUR, rate: "0.95"}
          - {from: CHF, to: EUR, rate: 1.065, date: 2026-13-01}
      stages:
        - {kind: report.sales-funnel, output: r.xlsx}

      """
    let error = #expect(throws: DiagnosticList.self) {
      try PipelineLoader.load(text: yaml, path: "Pipelines/test.yml", specs: StageRegistry.specs)
    }
    #expect(
      error?.description == """
        Pipelines/test.yml:8:14: error: [settings] unknown currency 'EURO'; expected an ISO 4217 code such as EUR or USD
        Pipelines/test.yml:9:34: error: [settings] 'rate' expects a positive decimal such as 0.9485, got '-1.2'
        Pipelines/test.yml:10:14: error: [settings] a second rate for USD → EUR on the same date
        Pipelines/test.yml:11:47: error: [settings] 'date' expects date (YYYY-MM-DD), got '2026-13-01'
        """)
    let good = yaml.split(separator: "\n").enumerated().filter { ![7, 8, 9, 10].contains($0.offset) }.map(\.element)
      .joined(separator: "\n")
    let definition = try PipelineLoader.load(text: good, path: "Pipelines/test.yml", specs: StageRegistry.specs)
    #expect(definition.settings.exchangeRates == [ExchangeRate(from: "USD", to: "EUR", rate: Self.d("0.9485"))])
    #expect(definition.settings.rounding == .halfUp)
  }
}
