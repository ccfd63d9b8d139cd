import Foundation
import PipelineTestSupport
import Testing

/// Every figure of the deal reports, read back from their workbooks and compared with a
/// second computation written here from the fixture itself: the deals as generated, before
/// crmpipe has read them, converted and summed with nothing of crmpipe's code.
///
/// The fixture: 240 deals of three managers in four currencies (JPY has no minor unit), in
/// every stage, fixed or monthly bids, with or without their own probability, created
/// between 2026-09-20 and 2026-12-09, as of 2026-11-28 in Europe/Paris.
@Suite struct ReportCrossCheckTests {
  let out = TestFiles.temporaryDirectory()

  /// The reference CRM's seeded stages: name, default probability, status, in position order.
  static let stages: [(name: String, probability: Int, status: String)] = [
    ("Initial contact", 1, "open"), ("Application of initial fit criteria", 2, "open"), ("Suspect", 3, "open"),
    ("Need assessment", 20, "open"), ("Qualified prospect", 50, "open"), ("Proposal", 75, "open"),
    ("Negotiations", 90, "open"), ("Closure/Transaction", 100, "won"), ("Unsuccessfully closed", 0, "lost"),
  ]
  static let managers = [("ana", "Ana Lima"), ("bob", "Bob Stone"), ("cy", "Cyril Moreau")]
  static let rates: [String: Decimal] = [
    "EUR": 1, "USD": Decimal(sign: .plus, exponent: -1, significand: 9),
    "GBP": Decimal(sign: .plus, exponent: -4, significand: 11_628), "JPY": Decimal(sign: .plus, exponent: -4, significand: 61),
  ]

  struct Deal {
    var id: String
    var manager: (id: String, name: String)
    var stage: Int
    var probability: Int?
    var currency: String
    /// In the currency's minor units (yen for JPY).
    var bidMinor: Int
    var monthly: Bool
    var periods: Int
    /// Days after 2026-09-01, local dates.
    var created: Int
    var expected: Int
    var closed: Int?

    var status: String { ReportCrossCheckTests.stages[stage].status }
    var effectiveProbability: Int { probability ?? ReportCrossCheckTests.stages[stage].probability }
    var bid: Decimal {
      currency == "JPY" ? Decimal(bidMinor) : Decimal(sign: .plus, exponent: -2, significand: Decimal(bidMinor))
    }
    /// Bid × periods (at least one for a periodic bid), in euros, rounded half to even once.
    var euros: Decimal {
      let value = bid * Decimal(monthly ? max(periods, 1) : 1)
      return ReportCrossCheckTests.round(value * (ReportCrossCheckTests.rates[currency] ?? .nan), 2, .bankers)
    }
  }

  static func round(_ value: Decimal, _ scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
    var input = value
    var result = Decimal()
    NSDecimalRound(&result, &input, scale, mode)
    return result
  }

  static func day(_ offset: Int) -> String {
    let date = Date(timeIntervalSince1970: 1_788_220_800 + Double(offset) * 86_400)  // 2026-09-01 UTC
    return String(ISO8601DateFormatter().string(from: date).prefix(10))
  }

  /// The deals, from a fixed linear congruential sequence.
  static let deals: [Deal] = {
    var random = SeededGenerator(state: 20_261_128)
    func next(_ bound: Int) -> Int { random.next(bound) }
    return (1...240).map { number in
      let stage = next(stages.count)
      let currency = ["EUR", "EUR", "USD", "GBP", "JPY"][next(5)]
      let created = 19 + next(100)
      let closed = stages[stage].status == "open" ? nil : created + next(45)
      return Deal(
        id: "X\(number)", manager: managers[next(managers.count)], stage: stage,
        probability: next(3) == 0 ? nil : next(101), currency: currency,
        bidMinor: currency == "JPY" ? 100 + next(3_000_000) : 100 + next(900_000), monthly: next(4) == 0,
        periods: next(4), created: created, expected: created + next(60), closed: closed)
    }
  }()

  static var csv: String {
    var lines = ["ID,Title,Owner,Stage,Probability,Currency,Budget,Bid Type,Periods,Expected,Closed,Created"]
    for deal in deals {
      let budget = deal.currency == "JPY" ? "\(deal.bidMinor)" : "\(deal.bid)"
      lines.append(
        [
          deal.id, "Deal \(deal.id)", deal.manager.id, stages[deal.stage].name, deal.probability.map(String.init) ?? "",
          deal.currency, budget, deal.monthly ? "per month" : "fixed", deal.monthly ? "\(deal.periods)" : "",
          day(deal.expected), deal.closed.map(day) ?? "", day(deal.created),
        ].joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static let settings = """
    base_currency: EUR
    time_zone: Europe/Paris
    users: [{id: ana, name: Ana Lima, twilio: ['client:ana']}, {id: bob, name: Bob Stone, twilio: ['client:bob']}, {id: cy, name: Cyril Moreau, twilio: ['client:cy']}]
    exchange_rates: [{from: USD, to: EUR, rate: 0.9}, {from: GBP, to: EUR, rate: 1.1628}, {from: JPY, to: EUR, rate: 0.0061}]

    """

  static let pipelineStages = """
      - kind: import.deals
        input: deals.csv
        mapping: {external_id: ID, title: Title, responsible: Owner, stage: Stage, probability: Probability, bid_currency: Currency, bid_value: Budget, bid_type: Bid Type, period_count: Periods, expected_close_date: Expected, actual_close_date: Closed, created: Created}
      - kind: report.sales-funnel
        period: current-quarter
        output: ${OUT}/{report}.xlsx
      - kind: report.sales-forecast
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.sales-by-managers
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.workload-deals
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.summary-period
        period: current-month
        output: ${OUT}/{report}.xlsx
      - kind: report.summary-now
        period: current-month
        output: ${OUT}/{report}.xlsx

    """

  static let quarter = 30...121  // 2026-10-01 ... 2026-12-31
  static let november = 61...90

  func run() throws {
    let pipeline = try RunSupport.pipeline(
      stages: Self.pipelineStages, files: ["settings.yml": Self.settings, "deals.csv": Self.csv])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    #expect(summary.stages.first?.counts.inserted == Self.deals.count)
  }

  /// Ratios are written as doubles: equal to 12 significant digits.
  func close(_ a: Decimal?, _ b: Decimal) -> Bool {
    guard let a else { return false }
    return abs(NSDecimalNumber(decimal: a - b).doubleValue) < 1e-12
  }

  @Test func everyFunnelFigure() throws {
    try run()
    let sheet = try #require(try XLSXDocument(path: "\(out)/sales-funnel.xlsx").sheet(named: "Sales funnel"))
    let deals = Self.deals.filter { Self.quarter.contains($0.created) }
    let total = deals.reduce(Decimal(0)) { $0 + $1.euros }
    #expect(sheet.decimal("C6") == Decimal(deals.count))
    #expect(sheet.decimal("C7") == total)
    #expect(sheet.decimal("C8") == Self.round(total / Decimal(deals.count), 2, .plain))
    let won = deals.filter { $0.status == "won" }
    let days = won.reduce(0) { $0 + ($1.closed! - $1.created) }
    #expect(sheet.decimal("C9") == Self.round(Decimal(days) / Decimal(won.count), 1, .plain))
    for (index, stage) in Self.stages.enumerated() {
      let row = 13 + index
      let inStage = deals.filter { $0.stage == index }
      #expect(sheet.text("B\(row)") == stage.name)
      #expect(sheet.decimal("D\(row)") == Decimal(inStage.count), "\(stage.name)")
      #expect(sheet.decimal("E\(row)") == inStage.reduce(0) { $0 + $1.euros }, "\(stage.name)")
    }
    for (offset, status) in ["open", "won", "lost"].enumerated() {
      let row = 25 + offset
      let of = deals.filter { $0.status == status }
      let budget = of.reduce(Decimal(0)) { $0 + $1.euros }
      #expect(sheet.decimal("C\(row)") == Decimal(of.count), "\(status)")
      #expect(close(sheet.decimal("D\(row)"), Decimal(of.count) / Decimal(deals.count)), "\(status)")
      #expect(sheet.decimal("E\(row)") == budget, "\(status)")
      #expect(close(sheet.decimal("F\(row)"), budget / total), "\(status)")
    }
    // The cumulative funnels: every deal not lost, less those sitting in the stages before.
    var number = Decimal(deals.filter { $0.status != "lost" }.count)
    var budget = deals.filter { $0.status != "lost" }.reduce(Decimal(0)) { $0 + $1.euros }
    for index in 0..<8 {
      let row = 31 + index
      #expect(sheet.text("B\(row)") == Self.stages[index].name)
      #expect(sheet.decimal("C\(row)") == number, "\(Self.stages[index].name)")
      #expect(sheet.decimal("H\(row)") == budget, "\(Self.stages[index].name)")
      let inStage = deals.filter { $0.stage == index }
      let (nextNumber, nextBudget) = (number - Decimal(inStage.count), budget - inStage.reduce(0) { $0 + $1.euros })
      if index < 7 {
        #expect(close(sheet.decimal("D\(row + 1)"), number > 0 ? nextNumber / number : 0))
        #expect(close(sheet.decimal("I\(row + 1)"), budget > 0 ? nextBudget / budget : 0))
      }
      (number, budget) = (nextNumber, nextBudget)
    }
  }

  @Test func everyForecastFigure() throws {
    try run()
    let sheet = try #require(try XLSXDocument(path: "\(out)/sales-forecast.xlsx").sheet(named: "Sales forecast"))
    let table = sheet.table(titled: "Sales forecast, EUR")
    let (weighted, allWon) = ("With respect to probability, EUR", "If all opportunities won, EUR")
    #expect(table.count == 31)
    var totals = (Decimal(0), Decimal(0))
    for offset in Self.november {
      let due = Self.deals.filter { $0.status == "open" && $0.expected == offset }
      let exact = due.reduce(Decimal(0)) { $0 + $1.euros * Decimal($1.effectiveProbability) / 100 }
      let expected = (Self.round(exact, 2, .bankers), due.reduce(Decimal(0)) { $0 + $1.euros })
      #expect(table[Self.day(offset)] == [weighted: expected.0, allWon: expected.1], "\(Self.day(offset))")
      totals = (totals.0 + expected.0, totals.1 + expected.1)
    }
    #expect(table["Total"] == [weighted: totals.0, allWon: totals.1])
    let open = Self.deals.filter { $0.status == "open" && Self.november.contains($0.expected) }
    let detail = try #require(try XLSXDocument(path: "\(out)/sales-forecast.xlsx").sheet(named: "Open deals"))
    #expect(Set((0..<open.count).compactMap { detail.text("A\(7 + $0)") }) == Set(open.map(\.id)))
  }

  @Test func everySalesByManagersFigure() throws {
    try run()
    let sheet = try #require(try XLSXDocument(path: "\(out)/sales-by-managers.xlsx").sheet(named: "Sales by managers"))
    let table = sheet.table(titled: "Sales by the day, by the managers, EUR")
    let won = Self.deals.filter { $0.status == "won" && Self.november.contains($0.closed!) }
    let names = Set(won.map(\.manager.name))
    #expect(Set(table.keys) == names.union(["Total"]))
    for name in names.union(["Total"]) {
      var expected: [String: Decimal] = [:]
      for offset in Self.november {
        expected[Self.day(offset)] = won.filter { ($0.manager.name == name || name == "Total") && $0.closed == offset }
          .reduce(0) { $0 + $1.euros }
      }
      #expect(table[name] == expected, "\(name)")
    }
  }

  @Test func everyWorkloadDealsFigure() throws {
    try run()
    let sheet = try #require(try XLSXDocument(path: "\(out)/workload-deals.xlsx").sheet(named: "Opportunities by managers"))
    let deals = Self.deals.filter { Self.november.contains($0.created) || $0.closed.map(Self.november.contains) == true }
    for (title, money) in [("By number", false), ("By budget, EUR", true)] {
      var expected: [String: [String: Decimal]] = [:]
      for name in Set(deals.map(\.manager.name)).union(["Total"]) {
        let of = deals.filter { $0.manager.name == name || name == "Total" }
        let columns = [("New", "open"), ("Won", "won"), ("Lost", "lost")].map { column, status in
          let matching = of.filter { $0.status == status }
          return (column, money ? matching.reduce(Decimal(0)) { $0 + $1.euros } : Decimal(matching.count))
        }
        expected[name] = Dictionary(uniqueKeysWithValues: columns)
      }
      #expect(sheet.table(titled: title) == expected, "\(title)")
    }
  }

  /// As of 2026-11-28, local midnight: day 88.
  static let asOf = 88

  func sum(_ deals: [Deal]) -> Decimal { deals.reduce(Decimal(0)) { $0 + $1.euros } }

  @Test func everyDealFigureOfTheSummaries() throws {
    try run()
    let period = try #require(
      try XLSXDocument(path: "\(out)/summary-period.xlsx").sheet(named: "Summary for the period"))
    let inNovember = { (day: Int?) in day.map(Self.november.contains) == true }
    let groups: [(String, [Deal])] = [
      ("Created", Self.deals.filter { inNovember($0.created) }),
      ("Won", Self.deals.filter { $0.status == "won" && inNovember($0.closed) }),
      ("Lost", Self.deals.filter { $0.status == "lost" && inNovember($0.closed) }),
      (
        "Overdue",
        Self.deals.filter { deal in
          inNovember(deal.expected)
            && ((deal.status == "open" && deal.expected < Self.asOf)
              || (deal.status == "won" && deal.closed! > deal.expected))
        }
      ),
    ]
    #expect(
      period.table(titled: "Deals by budget, EUR")
        == Dictionary(uniqueKeysWithValues: groups.map { ($0.0, ["Budget, EUR": sum($0.1)]) }))
    #expect(
      period.table(titled: "Deals by number")
        == Dictionary(uniqueKeysWithValues: groups.map { ($0.0, ["Number": Decimal($0.1.count)]) }))

    let now = try #require(try XLSXDocument(path: "\(out)/summary-now.xlsx").sheet(named: "Summary for the moment"))
    let open = Self.deals.filter { $0.status == "open" && inNovember($0.created) }
    let states: [(String, [Deal])] = [
      ("Opened", open), ("Overdue", open.filter { $0.expected < Self.asOf }),
      ("Will close in the next 30 days", open.filter { (Self.asOf...(Self.asOf + 30)).contains($0.expected) }),
    ]
    #expect(
      now.table(titled: "Deals")
        == Dictionary(
          uniqueKeysWithValues: states.map { ($0.0, ["Budget, EUR": sum($0.1), "Number": Decimal($0.1.count)]) }))
    var byStage: [String: [String: Decimal]] = [:]
    for (index, stage) in Self.stages.enumerated() where stage.status == "open" {
      let inStage = open.filter { $0.stage == index }
      byStage[stage.name] = ["Budget, EUR": sum(inStage), "Number": Decimal(inStage.count)]
    }
    byStage["Total"] = ["Budget, EUR": sum(open), "Number": Decimal(open.count)]
    #expect(now.table(titled: "Open deals by stage") == byStage)
  }
}
