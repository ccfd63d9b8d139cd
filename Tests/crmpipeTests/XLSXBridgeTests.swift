import Foundation
import PipelineTestSupport
import Testing
import XLSXBridge

@Suite struct XLSXBridgeTests {
  @Test func writesCellsFormatsFormulasAndChartsThatReadBack() throws {
    let path = "\(TestFiles.temporaryDirectory())/t.xlsx"
    let created = Date(timeIntervalSince1970: 1_790_000_000)
    let workbook = try XLSXWorkbook(path: path, created: created, title: "Test")
    let sheet = try workbook.addWorksheet(named: "Données")
    try sheet.write("Amount", row: 1, column: 1, format: XLSXFormatSpec(bold: true))
    try sheet.write(1234.5, row: 2, column: 1, format: XLSXFormatSpec(numberFormat: "0.00"))
    try sheet.write(0.25, row: 3, column: 1, format: XLSXFormatSpec(numberFormat: "0%"))
    try sheet.write(formula: "=SUM(A2:A3)", value: 1234.75, row: 4, column: 1)
    try sheet.freezePanes(row: 2, column: 1)
    try sheet.autofilter(XLSXRange(firstRow: 1, firstColumn: 1, lastRow: 4, lastColumn: 1))
    let range = XLSXRange(firstRow: 2, firstColumn: 1, lastRow: 3, lastColumn: 1)
    try sheet.insertChart(
      .bar, title: "Chart", series: [XLSXSeries(name: "s", categories: range, values: range)], row: 6, column: 1)
    try workbook.close()

    let document = try XLSXDocument(path: path)
    let read = try #require(document.sheet(named: "Données"))
    #expect(read["A1"]?.value == .string("Amount"))
    #expect(read["A1"]?.bold == true)
    #expect(read["A2"]?.numberFormat == "0.00")
    #expect(read.decimal("A2") == Decimal(string: "1234.5"))
    #expect(read["A3"]?.numberFormat == "0%")
    #expect(read["A4"]?.formula == "SUM(A2:A3)")
    #expect(read.decimal("A4") == Decimal(string: "1234.75"))
    #expect(read.frozenTopLeftCell == "A2")
    #expect(read.autoFilter == "A1:A4")
    #expect(document.chartCount == 1)
    #expect(document.createdProperty == "2026-09-21T14:13:20Z")
  }

  @Test func badSheetNameFailsWithTheLibrarysMessage() throws {
    let workbook = try XLSXWorkbook(path: "\(TestFiles.temporaryDirectory())/t.xlsx", created: Date(), title: "t")
    let error = #expect(throws: XLSXError.self) { try workbook.addWorksheet(named: "a/b") }
    #expect(error?.message.lowercased().contains("sheet") == true)
  }

  @Test func writingAfterCloseIsAnErrorNotACrash() throws {
    let workbook = try XLSXWorkbook(path: "\(TestFiles.temporaryDirectory())/t.xlsx", created: Date(), title: "t")
    try workbook.close()
    #expect(throws: XLSXError.self) { try workbook.addWorksheet(named: "late") }
  }
}
