import Foundation
import PipelineModel
import PipelineTestSupport
import Stages
import Testing

/// The sales forecast and sales by managers, read back from their workbooks and compared with
/// figures worked out by hand.
@Suite struct SalesReportsTests {
  let out = TestFiles.temporaryDirectory()

  static let settings = """
    base_currency: EUR
    time_zone: Europe/Paris
    users: [{id: ana, name: Ana Lima}, {id: bob, name: Bob Stone}]
    exchange_rates: [{from: USD, to: EUR, rate: 0.9}]

    """

  /// As of 2026-11-28. Open deals expected in November: F1 1000 EUR at 50 % and F2 100 USD
  /// (90.00 EUR) at 90 % on the 30th; F3 200 EUR a month for 3 months (600) at the stage's
  /// 75 % and F6 10.01 EUR at 33 % on the 2nd. F4 is won, F5 expected in December.
  /// 2nd: weighted 450 + 3.3033 = 453.3033 -> 453.30, all won 610.01.
  /// 30th: weighted 500 + 81 = 581, all won 1090. Totals 1034.30 and 1700.01.
  static let deals = """
    ID,Title,Owner,Stage,Probability,Currency,Budget,Bid Type,Periods,Expected,Closed,Created
    F1,Audit,ana,Proposal,50,EUR,1000,fixed,,2026-11-30,,2026-10-01
    F2,Licences,bob,Negotiations,90,USD,100,fixed,,2026-11-30,,2026-10-02
    F3,Support,ana,Proposal,,EUR,200,per month,3,2026-11-02,,2026-10-03
    F4,Won deal,bob,Closure/Transaction,,EUR,700,fixed,,2026-11-15,2026-11-20 10:30,2026-10-04
    F5,Next month,ana,Proposal,,EUR,5000,fixed,,2026-12-05,,2026-10-05
    F6,Small,bob,Suspect,33,EUR,10.01,fixed,,2026-11-02,,2026-10-06

    """

  static let stages = """
      - kind: import.deals
        input: deals.csv
        mapping: {external_id: ID, title: Title, responsible: Owner, stage: Stage, probability: Probability, bid_currency: Currency, bid_value: Budget, bid_type: Bid Type, period_count: Periods, expected_close_date: Expected, actual_close_date: Closed, created: Created}
      - kind: report.sales-forecast
        period: current-month
        output: ${OUT}/{report}-{period}.xlsx

    """

  @Test func theForecastByDayWeighsEachDealByItsOwnProbability() throws {
    let pipeline = try RunSupport.pipeline(stages: Self.stages, files: ["settings.yml": Self.settings, "deals.csv": Self.deals])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let document = try XLSXDocument(path: "\(out)/sales-forecast-current-month.xlsx")
    let sheet = try #require(document.sheet(named: "Sales forecast"))
    #expect(sheet.text("B7") == "Day")
    #expect(sheet.text("B8") == "2026-11-01")
    #expect(sheet.text("B37") == "2026-11-30")
    #expect([sheet.decimal("C9"), sheet.decimal("D9")] == [Decimal(string: "453.3"), Decimal(string: "610.01")])
    #expect([sheet.decimal("C37"), sheet.decimal("D37")] == [581, 1090])
    #expect(sheet.decimal("C10") == 0)
    #expect(sheet.text("B38") == "Total")
    #expect(sheet["C38"]?.formula == "SUM(C8:C37)")
    #expect([sheet.decimal("C38"), sheet.decimal("D38")] == [Decimal(string: "1034.3"), Decimal(string: "1700.01")])
    #expect(document.chartCount == 1)
    let deals = try #require(document.sheet(named: "Open deals"))
    #expect((7...10).map { deals.text("A\($0)") } == ["F3", "F6", "F1", "F2"])
    #expect(deals.decimal("K10") == 90)
    #expect(deals.decimal("L10") == 81)
    #expect(deals["L10"]?.formula == "K10*J10")
    #expect(deals.text("A12")?.hasPrefix("Rates not given directly") != true)
  }

  /// Won in November: F4 700 EUR (Bob, the 20th) and W1 50 USD (Ana, the 28th: 45.00 EUR,
  /// closed 2026-11-28 09:15 local), W2 1200.50 EUR (Ana, the 3rd). Ana 1245.50, Bob 700.
  @Test func salesByManagersPerDayAndInTotal() throws {
    let won =
      Self.deals + """
        W1,Renewal,ana,Closure/Transaction,,USD,50,fixed,,2026-11-28,2026-11-28 09:15,2026-10-07
        W2,Training,ana,Closure/Transaction,,EUR,1200.50,fixed,,2026-11-03,2026-11-03,2026-10-08
        W3,Lost,ana,Unsuccessfully closed,,EUR,999,fixed,,2026-11-03,2026-11-03,2026-10-09

        """
    let stages =
      Self.stages.replacingOccurrences(of: "report.sales-forecast", with: "report.sales-by-managers")
        + """
          - kind: report.sales-by-managers
            id: today
            period: today
            output: ${OUT}/{report}-{period}.xlsx

        """
    let pipeline = try RunSupport.pipeline(stages: stages, files: ["settings.yml": Self.settings, "deals.csv": won])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let document = try XLSXDocument(path: "\(out)/sales-by-managers-current-month.xlsx")
    let sheet = try #require(document.sheet(named: "Sales by managers"))
    #expect(sheet.text("B6") == "Sales by the day, by the managers, EUR")
    #expect(sheet.text("C7") == "2026-11-01")
    #expect(sheet.text("AF7") == "2026-11-30")
    #expect([sheet.text("B8"), sheet.text("B9"), sheet.text("B10")] == ["Ana Lima", "Bob Stone", "Total"])
    #expect(sheet.decimal("E8") == Decimal(string: "1200.5"))  // the 3rd
    #expect(sheet.decimal("AD8") == 45)  // the 28th
    #expect(sheet.decimal("V9") == 700)  // the 20th
    #expect(sheet["E10"]?.formula == "SUM(E8:E9)")
    // Table 2: totals per manager, from table 1.
    #expect([sheet.text("B15"), sheet.text("B16"), sheet.text("B17")] == ["Ana Lima", "Bob Stone", "Total"])
    #expect(sheet["C15"]?.formula == "SUM(C8:AF8)")
    #expect(
      [sheet.decimal("C15"), sheet.decimal("C16"), sheet.decimal("C17")] == [
        Decimal(string: "1245.5"), 700, Decimal(string: "1945.5"),
      ])
    #expect(document.chartCount == 2)
    let detail = try #require(document.sheet(named: "Won deals"))
    #expect((7...9).map { detail.text("A\($0)") } == ["W2", "F4", "W1"])

    // Today (the 28th) by the hour: W1 at 09:00.
    let today = try #require(try XLSXDocument(path: "\(out)/sales-by-managers-today.xlsx").sheet(named: "Sales by managers"))
    #expect(today.text("C7") == "00:00")
    #expect(today.text("L7") == "09:00")
    #expect(today.decimal("L8") == 45)
    #expect(today.text("B9") == "Total")
  }

  @Test func frenchLabelsFollowTheReferenceAndFormulasFollowRenamedSheets() throws {
    let stages =
      Self.stages.replacingOccurrences(of: "report.sales-forecast", with: "report.sales-funnel")
      .replacingOccurrences(of: "period: current-month", with: "period: current-quarter\n    language: fr")
        + """
          - kind: report.workload-deals
            period: current-month
            language: fr
            output: ${OUT}/{report}.xlsx

        """
    let pipeline = try RunSupport.pipeline(stages: stages, files: ["settings.yml": Self.settings, "deals.csv": Self.deals])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let document = try XLSXDocument(path: "\(out)/sales-funnel-current-quarter.xlsx")
    let funnel = try #require(document.sheet(named: "Entonnoir de vente"))
    #expect(funnel.text("B2") == "Entonnoir de vente")
    #expect(funnel.text("B3") == "Période : 2026-10-01 – 2026-12-31 (Europe/Paris)")
    #expect(funnel.text("B4")?.hasPrefix("Établi pour le 2026-11-28 · tous les responsables · montants en EUR") == true)
    #expect(funnel.text("B6") == "Nombre total d'opportunités")
    #expect(funnel.text("B7") == "Montant total, EUR")
    #expect(funnel.text("B13") == "Contact initial")
    // The deals sheet is renamed, and the formula that reads it follows.
    #expect(document.sheet(named: "Opportunités") != nil)
    #expect(funnel["C9"]?.formula?.contains("'Opportunités'!Q7") == true)
    let deals = try #require(document.sheet(named: "Opportunités"))
    #expect(deals.text("N6") == "Taux vers EUR")
    // The detail rows, made as they are written, are translated too: the status labels.
    let statuses = Set((7...40).compactMap { deals.text("F\($0)") })
    #expect(!statuses.isEmpty && statuses.isSubset(of: ["Ouvertes", "Fermé avec succès", "Fermé sans succès"]), "\(statuses)")
    let workload = try #require(
      try XLSXDocument(path: "\(out)/workload-deals.xlsx").sheet(named: "Opportunités par responsable"))
    #expect(workload.text("B6") == "Par nombre")
    #expect(
      [workload.text("B7"), workload.text("C7"), workload.text("D7"), workload.text("E7")] == [
        "Responsable", "Nouvelles", "Gagnées", "Perdues",
      ])
  }
}
