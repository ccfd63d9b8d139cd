import Foundation
import PipelineModel
import PipelineTestSupport
import Reports
import Stages
import Testing
import Warehouse

/// The funnel on a fixture small enough to compute by hand (Fixtures/pipelines/funnel).
///
/// Quarter 2026-10-01 to 2026-12-31, Europe/Paris. D7 (30 Sep 23:30 local) and D9 (2027) are
/// outside; D8 (30 Sep 22:30 UTC = 1 Oct 00:30 local) is inside: 7 deals.
/// Lead: D1 1000.00 + D2 500.50 = 1500.50 (2). Proposal: D3 200.00 x 3 months = 600.00, D8
/// 100.00 -> 700.00 (2). Won: D4 1500.00 + D5 99.99 (per hour, 0 periods counts as 1) =
/// 1599.99 (2). Lost: D6 300.00 (1). Total 4100.49; average 4100.49 / 7 = 585.784... -> 585.78.
/// Days to win: D4 10, D5 5 -> 7.5. Funnel by number: Lead 7 - 1 = 6, Proposal 6 - 2 = 4
/// (4/6), Won 4 - 2 = 2 (2/4). By budget: 4100.49 - 300 = 3800.49, - 1500.50 = 2299.99,
/// - 700 = 1599.99.
@Suite struct SalesFunnelTests {
  let out = TestFiles.temporaryDirectory()

  func runFixture() throws -> RunSummary {
    let summary = try RunSupport.run(TestFiles.fixture("pipelines/funnel/pipeline.yml"), out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    return summary
  }

  @Test func quarterFunnelFiguresReadBackFromTheWorkbook() throws {
    _ = try runFixture()
    let document = try XLSXDocument(path: "\(out)/sales-funnel-current-quarter-2026-11-28.xlsx")
    let sheet = try #require(document.sheet(named: "Sales funnel"))
    #expect(sheet.text("B2") == "Sales funnel")
    #expect(sheet.text("B3") == "Period: 2026-10-01 – 2026-12-31 (Europe/Paris)")
    #expect(sheet.decimal("C6") == 7)
    #expect(sheet.decimal("C7") == Decimal(string: "4100.49"))
    #expect(sheet.decimal("C8") == Decimal(string: "585.78"))
    #expect(sheet["C8"]?.formula == "IF(C6>0,ROUND(C7/C6,2),0)")
    #expect(sheet.decimal("C9") == Decimal(string: "7.5"))
    // Stages table, in position order.
    #expect((13...16).map { sheet.text("B\($0)") } == ["Lead", "Proposal", "Won", "Lost"])
    #expect((13...16).map { sheet.decimal("D\($0)") } == [2, 2, 2, 1])
    #expect((13...16).map { sheet.decimal("E\($0)") } == ["1500.5", "700", "1599.99", "300"].map { Decimal(string: $0) })
    #expect(sheet["E13"]?.numberFormat == "#,##0.00 \"EUR\"")
    // By status.
    #expect((20...22).map { sheet.text("B\($0)") } == ["Open", "Successfully closed", "Unsuccessfully closed"])
    #expect((20...22).map { sheet.decimal("C\($0)") } == [4, 2, 1])
    #expect((20...22).map { sheet.decimal("E\($0)") } == ["2200.5", "1599.99", "300"].map { Decimal(string: $0) })
    #expect(sheet["D20"]?.numberFormat == "0.0%")
    // The cumulative funnels.
    #expect((26...28).map { sheet.text("B\($0)") } == ["Lead", "Proposal", "Won"])
    #expect((26...28).map { sheet.decimal("C\($0)") } == [6, 4, 2])
    #expect(sheet["C26"]?.formula == "$C$6-C22")
    #expect(sheet["C27"]?.formula == "C26-D13")
    #expect(sheet.decimal("D28") == Decimal(string: "0.5"))
    #expect((26...28).map { sheet.decimal("H\($0)") } == ["3800.49", "2299.99", "1599.99"].map { Decimal(string: $0) })
    #expect(document.chartCount == 2)
    // The deals behind the figures.
    let deals = try #require(document.sheet(named: "Deals"))
    #expect((7...13).map { deals.text("A\($0)") } == ["D4", "D8", "D1", "D2", "D3", "D5", "D6"])
    #expect(deals.frozenTopLeftCell == "A7")
    // Every sheet carries the title, the period and the generation line.
    #expect(deals.text("B2") == "Deals")
    #expect(deals.text("B3") == "Period: 2026-10-01 – 2026-12-31 (Europe/Paris)")
    #expect(deals.autoFilter == "A6:Q13")
    #expect(deals.text("C9") == "Jean Dupont")
    #expect(deals.text("C10") == "Globex GmbH")
    // Column widths fit the header and detail rows (measured as the rows are written): the
    // longest text plus 2, at least 8 (the file stores Excel's cell padding on top).
    for column in ["A", "B", "C"] {
      let longest = (6...13).compactMap { deals.text("\(column)\($0)")?.count }.max() ?? 0
      let index = Int(column.unicodeScalars.first?.value ?? 0) - 64
      #expect(deals.columnWidths[index].map { $0.rounded(.down) } == Double(max(longest + 2, 8)), "column \(column)")
    }
    #expect(deals.decimal("M11") == Decimal(string: "600"))
    #expect(deals["M11"]?.formula == "I11*MAX(L11,1)")
    #expect(deals.decimal("M12") == Decimal(string: "99.99"))
    #expect(deals.decimal("Q7") == 10)
    #expect(deals.decimal("Q12") == 5)
    // Every deal is in EUR: converted at 1 on the as-of day, the value as it is.
    #expect(deals.decimal("N11") == 1)
    #expect(deals.text("O11") == "2026-11-28")
    #expect(deals.decimal("P11") == Decimal(string: "600"))
    // Golden dump of both sheets: catches any layout change.
    let dump = document.sheets.map { $0.dump() }.joined(separator: "\n")
    #expect(TestFiles.compareGolden(dump + "\n", name: "sales-funnel-quarter.txt") == nil)
  }

  @Test func managerFilterAndExplicitPeriod() throws {
    _ = try runFixture()
    let sheet = try #require(try XLSXDocument(path: "\(out)/sales-funnel-bob.xlsx").sheet(named: "Sales funnel"))
    #expect(sheet.text("B4")?.contains("managers: Bob Stone") == true)
    #expect(sheet.decimal("C6") == 3)
    #expect(sheet.decimal("C7") == Decimal(string: "2300.5"))
    #expect(sheet.decimal("C8") == Decimal(string: "766.83"))
    #expect(sheet.decimal("C9") == 10)
    #expect((26...28).map { sheet.decimal("C\($0)") } == [2, 1, 1])
    #expect((26...28).map { sheet.decimal("D\($0)") } == [1, Decimal(string: "0.5"), 1])
    #expect((26...28).map { sheet.decimal("H\($0)") } == ["2000.5", "1500", "1500"].map { Decimal(string: $0) })
  }

  @Test func dealsInOtherCurrenciesAreConvertedOrTheReportNamesEveryMissingRate() throws {
    let deal = { (id: Int64, currency: String) in
      ReportDeal(
        id: id, externalID: "X\(id)", title: "t", contactName: nil, responsibleID: "a", responsibleName: "A", stageID: 1,
        stageName: DealStage.defaults[0].name, status: .open, probability: 10,
        bid: Money(minorUnits: 100, currency: currency), bidType: .fixed, periodCount: 0, createdAt: Date(),
        expectedClose: nil, actualClose: nil)
    }
    // Only EUR -> USD is known, from 2026-11-01: USD deals use its inverse.
    let book = RateBook([ExchangeRate(from: "EUR", to: "USD", rate: Decimal(string: "1.0543") ?? .nan, date: "2026-11-01")])
    let converter = CurrencyConverter(book: book, target: "EUR", rounding: .halfEven)
    let error = #expect(throws: ReportError.self) {
      try SalesFunnel.compute(
        deals: [deal(1, "EUR"), deal(2, "USD"), deal(3, "GBP"), deal(4, "USD")], stages: DealStage.defaults,
        converter: converter, rateDate: { $0.id == 4 ? "2026-10-31" : "2026-11-28" }, timeZone: DateText.utc)
    }
    #expect(
      error?.message.hasPrefix("missing exchange rates: GBP → EUR on 2026-11-28; USD → EUR on 2026-10-31. Add them") == true)

    // 1.00 USD / 1.0543 = 0.94849... -> 0.95 EUR, rounded once per deal; the stage sums them.
    let funnel = try SalesFunnel.compute(
      deals: [deal(1, "EUR"), deal(2, "USD"), deal(4, "USD")], stages: DealStage.defaults, converter: converter,
      rateDate: { _ in "2026-11-28" }, timeZone: DateText.utc)
    #expect(funnel.converted[2]?.value == Decimal(string: "0.95"))
    #expect(funnel.converted[2]?.date == "2026-11-28")
    #expect(funnel.totalBudget == Decimal(string: "2.9"))
    #expect(funnel.derivedRates.count == 1)
    #expect(funnel.derivedRates.first?.hasPrefix("USD → EUR on 2026-11-28: 0.9484966") == true)
  }

  @Test func noDealInThePeriodStillWritesAReportAndWarns() throws {
    let summary = try RunSupport.run(
      TestFiles.fixture("pipelines/funnel/pipeline.yml"), out: out, asOf: Date(timeIntervalSince1970: 1_000_000_000))
    let quarter = try #require(summary.stages.first { $0.stageID == "quarter" })
    #expect(quarter.warnings.first?.message.hasPrefix("no deal was created in") == true)
    let sheet = try #require(
      try XLSXDocument(path: "\(out)/sales-funnel-current-quarter-2001-09-09.xlsx").sheet(named: "Sales funnel"))
    #expect(sheet.decimal("C6") == 0)
    #expect(sheet.decimal("C8") == 0)
  }
}
