import Foundation
import PipelineModel
import XLSXBridge

/// A plain description of a workbook. Reports build one; `WorkbookRenderer` writes it.
public struct Workbook: Sendable {
  public var title: String
  public var sheets: [Sheet]

  public init(title: String, sheets: [Sheet]) {
    self.title = title
    self.sheets = sheets
  }
}

public enum CellStyle: Sendable, Hashable, CaseIterable {
  case title, subtitle, label, header, text, integer, money, percent, days, date, total, totalMoney
  /// An amount in a currency the column names row by row (a deal's own currency).
  case amount
  /// An exchange rate, with every decimal it has.
  case rate
  /// A duration in days (Excel's unit), shown as `[h]:mm:ss`; and the bold total of such.
  case duration, totalDuration
}

public enum CellContent: Sendable, Equatable {
  case text(String)
  case number(Decimal)
  /// A formula with the value it computes, so readers that do not recalculate still see it.
  case formula(String, Decimal)
}

public struct Cell: Sendable, Equatable {
  public var row: Int
  public var column: Int
  public var content: CellContent
  public var style: CellStyle
}

public struct Chart: Sendable {
  public var kind: XLSXChartKind
  public var title: String
  public var series: [XLSXSeries]
  public var row: Int
  public var column: Int
  public var reverseCategories = false
  public var legend = false
}

public struct Sheet: Sendable {
  public var name: String
  public private(set) var cells: [Cell] = []
  /// A detail table's rows, made one at a time as they are written, not held.
  public var detailRows: DetailRows?
  public var charts: [Chart] = []
  /// First row and column that scroll: rows above and columns left stay put.
  public var freeze: (row: Int, column: Int)?
  public var autofilter: XLSXRange?
  public var minimumWidths: [Int: Double] = [:]

  public init(name: String) { self.name = Sheet.safeName(name) }

  /// The header row of a detail table, below the title, period and generation rows.
  public static let detailHeader = 6

  /// A detail table, the deals behind a report's figures: the header rows every sheet has,
  /// `headings` on row `detailHeader`, a row per item written by `fill` (with its row), the
  /// derived rates below, frozen headings and an autofilter. The item rows are made as they
  /// are written (`DetailRows`): a table of a million deals costs the deals, not their cells.
  static func detail<Item: Sendable>(
    _ name: String, context: ReportContext, headings: [String], items: [Item], derivedRates: [String],
    fill: @escaping @Sendable (inout Sheet, Int, Item) -> Void
  ) -> Sheet {
    var sheet = Sheet(name: name)
    context.header(&sheet, title: name)
    for (offset, heading) in headings.enumerated() { sheet.text(detailHeader, offset + 1, heading, .header) }
    let first = detailHeader + 1
    let blank = Sheet(name: sheet.name)  // made once: a sheet name is checked character by character
    if items.isEmpty { sheet.text(first, 1, nothingLine, .subtitle) }
    sheet.detailRows = DetailRows(first: first, count: items.count) { index in
      var row = blank
      fill(&row, first + index, items[index])
      return row.cells
    }
    sheet.derivedRatesNote(derivedRates, below: detailHeader + items.count)
    sheet.freeze = (detailHeader + 1, 1)
    sheet.autofilter = XLSXRange(
      firstRow: detailHeader, firstColumn: 1, lastRow: detailHeader + max(items.count, 1), lastColumn: headings.count)
    return sheet
  }

  /// Every cell of the sheet in row order, the detail rows made as they come.
  public func forEachCell(_ body: (Cell) throws -> Void) rethrows {
    let inOrder: (Cell, Cell) -> Bool = { ($0.row, $0.column) < ($1.row, $1.column) }
    // Sheets are mostly built in row order already: a check is cheaper than a sort.
    let sorted = zip(cells, cells.dropFirst()).allSatisfy { !inOrder($1, $0) } ? cells : cells.sorted(by: inOrder)
    guard let detail = detailRows else { return try sorted.forEach(body) }
    let split = sorted.firstIndex { $0.row >= detail.first } ?? sorted.endIndex
    try sorted[..<split].forEach(body)
    for index in 0..<detail.count { try detail.cells(index).forEach(body) }
    try sorted[split...].forEach(body)
  }

  /// Under a detail table ending on `row`: how each rate that was not given directly was found
  /// (inverse or cross), so every conversion can be traced.
  mutating func derivedRatesNote(_ lines: [String], below row: Int) {
    guard !lines.isEmpty else { return }
    text(row + 2, 1, "Rates not given directly, derived from the ones given:", .label)
    for (offset, line) in lines.enumerated() { text(row + 3 + offset, 1, line) }
  }

  public mutating func put(_ row: Int, _ column: Int, _ content: CellContent, _ style: CellStyle) {
    cells.append(Cell(row: row, column: column, content: content, style: style))
  }

  public mutating func text(_ row: Int, _ column: Int, _ value: String, _ style: CellStyle = .text) {
    put(row, column, .text(value), style)
  }

  public mutating func number(_ row: Int, _ column: Int, _ value: Decimal, _ style: CellStyle) {
    put(row, column, .number(value), style)
  }

  public mutating func formula(_ row: Int, _ column: Int, _ formula: String, _ value: Decimal, _ style: CellStyle) {
    put(row, column, .formula(formula, value), style)
  }

  /// A sum of the cells from (`firstRow`, `firstColumn`) to (`lastRow`, `lastColumn`), written
  /// as a `SUM` formula carrying `value`; over an empty range (a table with no rows), the number
  /// `value` itself: a formula over the cell's own rows would refer to itself.
  public mutating func sum(
    _ row: Int, _ column: Int, over firstRow: Int, _ firstColumn: Int, to lastRow: Int, _ lastColumn: Int,
    _ value: Decimal, _ style: CellStyle
  ) {
    guard lastRow >= firstRow, lastColumn >= firstColumn else { return number(row, column, value, style) }
    let range = "\(Sheet.reference(firstRow, firstColumn)):\(Sheet.reference(lastRow, lastColumn))"
    formula(row, column, "=SUM(\(range))", value, style)
  }

  /// A column's sum over rows `firstRow...lastRow` (see `sum(_:_:over:_:to:_:_:_:)`).
  public mutating func columnSum(
    _ row: Int, _ column: Int, rows firstRow: Int, _ lastRow: Int, _ value: Decimal, _ style: CellStyle
  ) {
    sum(row, column, over: firstRow, column, to: lastRow, column, value, style)
  }

  /// The line an empty table or period gets instead of rows, so a blank sheet is not mistaken
  /// for a failed report.
  public static let nothingLine = "Nothing in this period."

  /// Widens `cell`'s column in `widths` (starting from `minimumWidths`) to fit it, up to 60
  /// Excel character units; titles do not count. The renderer measures cells as it writes them.
  public static func widen(_ widths: inout [Int: Double], toFit cell: Cell) {
    guard cell.style != .title && cell.style != .subtitle else { return }
    let length: Int
    switch cell.content {
    case .text(let text): length = text.count
    case .number(let value), .formula(_, let value): length = Sheet.displayLength(value, cell.style)
    }
    widths[cell.column] = min(max(widths[cell.column] ?? 8, Double(length) + 2), 60)
  }

  /// About how many characters Excel shows for `value` in `style`: digits, group separators,
  /// decimals and the currency code.
  static func displayLength(_ value: Decimal, _ style: CellStyle) -> Int {
    // A width needs no exact digits: the double's magnitude is enough, and far cheaper.
    let magnitude = abs(WorkbookRenderer.double(value)).rounded()
    let whole = magnitude < 10 ? 1 : Int(log10(magnitude)) + 1
    let grouped = whole + (whole - 1) / 3 + (value < 0 ? 1 : 0)
    switch style {
    case .money, .totalMoney: return grouped + 7
    case .percent: return 7
    case .days: return grouped + 2
    case .date: return 10
    case .duration, .totalDuration: return 10
    default: return grouped
    }
  }

  /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not blank,
  /// not starting or ending with an apostrophe.
  public static func safeName(_ name: String) -> String {
    var cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 })
    cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
    if cleaned.isEmpty { cleaned = "Sheet" }
    return String(cleaned.prefix(31))
  }

  /// `B7`, from 1-based row and column.
  public static func reference(_ row: Int, _ column: Int, absolute: Bool = false) -> String {
    var letters = ""
    var value = column
    while value > 0 {
      let remainder = (value - 1) % 26
      letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
      value = (value - 1) / 26
    }
    return absolute ? "$\(letters)$\(row)" : "\(letters)\(row)"
  }
}
