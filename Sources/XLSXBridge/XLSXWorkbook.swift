internal import CXLSXWriter
import Foundation

/// An error from libxlsxwriter, with the library's own message.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public let context: String
  /// The system's reason when the file could not be written (a full disk), else nil.
  public var systemReason: String?

  public var description: String { "libxlsxwriter: \(message) (\(context))" }
}

/// How a cell looks. Each distinct spec becomes one libxlsxwriter format.
public struct XLSXFormatSpec: Hashable, Sendable {
  public var numberFormat: String?
  public var bold = false
  public var fontSize: Double?
  /// 0xRRGGBB
  public var fontColor: UInt32?
  public var backgroundColor: UInt32?
  public var bottomBorder = false

  public init(
    numberFormat: String? = nil, bold: Bool = false, fontSize: Double? = nil, fontColor: UInt32? = nil,
    backgroundColor: UInt32? = nil, bottomBorder: Bool = false
  ) {
    self.numberFormat = numberFormat
    self.bold = bold
    self.fontSize = fontSize
    self.fontColor = fontColor
    self.backgroundColor = backgroundColor
    self.bottomBorder = bottomBorder
  }
}

/// A rectangle of cells, 1-based and inclusive.
public struct XLSXRange: Sendable, Equatable {
  public var firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int
  public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
    (self.firstRow, self.firstColumn, self.lastRow, self.lastColumn) = (firstRow, firstColumn, lastRow, lastColumn)
  }
}

public enum XLSXChartKind: Sendable { case bar, barStacked, column, columnStacked, line, pie }

public struct XLSXSeries: Sendable {
  public var name: String
  public var categories: XLSXRange
  public var values: XLSXRange
  public init(name: String, categories: XLSXRange, values: XLSXRange) {
    self.name = name
    self.categories = categories
    self.values = values
  }
}

/// A format made in a workbook (`XLSXWorkbook.format(for:)`), valid while it is open.
public struct XLSXFormat {
  fileprivate let handle: UnsafeMutablePointer<lxw_format>?
  /// The workbook's default format.
  public static var none: XLSXFormat { XLSXFormat(handle: nil) }
}

/// A workbook being written. Owns the libxlsxwriter handle: `close()` writes the file,
/// and a workbook dropped without closing is freed without writing.
public final class XLSXWorkbook {
  private var handle: UnsafeMutablePointer<lxw_workbook>?
  private var formats: [XLSXFormatSpec: UnsafeMutablePointer<lxw_format>] = [:]
  private var retainedStrings: [UnsafeMutablePointer<CChar>] = []
  public let path: String

  /// `created` fixes the document's creation time so the same data gives the same file.
  public init(path: String, created: Date, title: String) throws {
    self.path = path
    // Constant memory: rows go to a temporary file as they are written (in row order), so a
    // detail sheet of a million rows costs libxlsxwriter one row of memory.
    var options = lxw_workbook_options()
    options.constant_memory = 1
    guard let workbook = workbook_new_opt(path, &options) else {
      throw XLSXError(message: "cannot create the workbook", context: path)
    }
    handle = workbook
    var properties = lxw_doc_properties()
    let titleCopy = strdup(title)
    let appCopy = strdup("crmpipe")
    retainedStrings += [titleCopy, appCopy].compactMap { $0 }
    properties.title = titleCopy
    properties.author = appCopy
    properties.created = time_t(created.timeIntervalSince1970)
    try check(workbook_set_properties(workbook, &properties), "set document properties")
  }

  deinit {
    if let handle { lxw_workbook_free(handle) }
    retainedStrings.forEach { free($0) }
  }

  func check(_ error: lxw_error, _ context: @autoclosure () -> String) throws {
    guard error == LXW_NO_ERROR else {
      let code = errno
      var failure = XLSXError(message: String(cString: lxw_strerror(error)), context: context())
      if Self.fileErrors.contains(error) { failure.systemReason = String(cString: strerror(code)) }
      throw failure
    }
  }

  /// The errors of writing the file or its temporary parts, whose cause is the disk or folder.
  private static let fileErrors: [lxw_error] = [
    LXW_ERROR_CREATING_XLSX_FILE, LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE, LXW_ERROR_ZIP_FILE_OPERATION,
    LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE,
  ]

  func workbook() throws -> UnsafeMutablePointer<lxw_workbook> {
    guard let handle else { throw XLSXError(message: "the workbook is already closed", context: path) }
    return handle
  }

  public func addWorksheet(named name: String) throws -> XLSXWorksheet {
    let workbook = try workbook()
    try check(workbook_validate_sheet_name(workbook, name), "sheet name '\(name)'")
    guard let sheet = workbook_add_worksheet(workbook, name) else {
      throw XLSXError(message: "cannot add a worksheet", context: name)
    }
    return XLSXWorksheet(workbook: self, handle: sheet, name: name)
  }

  func format(_ spec: XLSXFormatSpec?) throws -> UnsafeMutablePointer<lxw_format>? {
    guard let spec else { return nil }
    if let existing = formats[spec] { return existing }
    guard let format = workbook_add_format(try workbook()) else {
      throw XLSXError(message: "cannot add a format", context: path)
    }
    if let numberFormat = spec.numberFormat { format_set_num_format(format, numberFormat) }
    if spec.bold { format_set_bold(format) }
    if let size = spec.fontSize { format_set_font_size(format, size) }
    if let color = spec.fontColor { format_set_font_color(format, lxw_color_t(color)) }
    if let color = spec.backgroundColor {
      format_set_bg_color(format, lxw_color_t(color))
      format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
    }
    if spec.bottomBorder { format_set_bottom(format, UInt8(LXW_BORDER_THIN.rawValue)) }
    formats[spec] = format
    return format
  }

  /// The format made for `spec` in this workbook, to give to many cells without looking it up
  /// each time.
  public func format(for spec: XLSXFormatSpec?) throws -> XLSXFormat {
    XLSXFormat(handle: try format(spec))
  }

  func addChart(_ kind: XLSXChartKind) throws -> UnsafeMutablePointer<lxw_chart> {
    let type: lxw_chart_type
    switch kind {
    case .bar: type = LXW_CHART_BAR
    case .barStacked: type = LXW_CHART_BAR_STACKED
    case .column: type = LXW_CHART_COLUMN
    case .columnStacked: type = LXW_CHART_COLUMN_STACKED
    case .line: type = LXW_CHART_LINE
    case .pie: type = LXW_CHART_PIE
    }
    guard let chart = workbook_add_chart(try workbook(), UInt8(type.rawValue)) else {
      throw XLSXError(message: "cannot add a chart", context: path)
    }
    return chart
  }

  /// Writes the file and frees the workbook.
  public func close() throws {
    let workbook = try workbook()
    handle = nil
    try check(workbook_close(workbook), "write \(path)")
  }
}

/// A worksheet of an open workbook. Rows and columns are 1-based.
public final class XLSXWorksheet {
  private let workbook: XLSXWorkbook
  private let handle: UnsafeMutablePointer<lxw_worksheet>
  public let name: String

  init(workbook: XLSXWorkbook, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
    self.workbook = workbook
    self.handle = handle
    self.name = name
  }

  /// Checks the position and that the workbook is still open (its sheets die with it).
  private func cell(_ row: Int, _ column: Int) throws -> (lxw_row_t, lxw_col_t) {
    _ = try workbook.workbook()
    guard row >= 1, column >= 1, row <= 1_048_576, column <= 16_384 else {
      throw XLSXError(message: "cell out of range", context: "\(name) row \(row) column \(column)")
    }
    return (lxw_row_t(row - 1), lxw_col_t(column - 1))
  }

  public func write(_ text: String, row: Int, column: Int, format: XLSXFormatSpec? = nil) throws {
    try write(text, row: row, column: column, format: try workbook.format(for: format))
  }

  public func write(_ number: Double, row: Int, column: Int, format: XLSXFormatSpec? = nil) throws {
    try write(number, row: row, column: column, format: try workbook.format(for: format))
  }

  /// A formula (`=SUM(C5:C9)`) with the value it computes, for readers that do not recalculate.
  public func write(formula: String, value: Double, row: Int, column: Int, format: XLSXFormatSpec? = nil) throws {
    try write(formula: formula, value: value, row: row, column: column, format: try workbook.format(for: format))
  }

  public func write(_ text: String, row: Int, column: Int, format: XLSXFormat) throws {
    let (r, c) = try cell(row, column)
    try workbook.check(worksheet_write_string(handle, r, c, text, format.handle), "\(name) cell")
  }

  public func write(_ number: Double, row: Int, column: Int, format: XLSXFormat) throws {
    let (r, c) = try cell(row, column)
    try workbook.check(worksheet_write_number(handle, r, c, number, format.handle), "\(name) cell")
  }

  public func write(formula: String, value: Double, row: Int, column: Int, format: XLSXFormat) throws {
    let (r, c) = try cell(row, column)
    try workbook.check(worksheet_write_formula_num(handle, r, c, formula, format.handle, value), "\(name) formula")
  }

  public func setColumnWidth(_ column: Int, _ width: Double) throws {
    let (_, c) = try cell(1, column)
    try workbook.check(worksheet_set_column(handle, c, c, width, nil), "\(name) column width")
  }

  /// Freezes the rows above `row` and the columns left of `column`.
  public func freezePanes(row: Int, column: Int) throws {
    let (r, c) = try cell(row, column)
    worksheet_freeze_panes(handle, r, c)
  }

  public func autofilter(_ range: XLSXRange) throws {
    let (r1, c1) = try cell(range.firstRow, range.firstColumn)
    let (r2, c2) = try cell(range.lastRow, range.lastColumn)
    try workbook.check(worksheet_autofilter(handle, r1, c1, r2, c2), "\(name) autofilter")
  }

  /// Prints landscape, as wide as one page.
  public func fitToPageWidth() {
    worksheet_set_landscape(handle)
    worksheet_fit_to_pages(handle, 1, 0)
  }

  public func hideGridlines() {
    worksheet_gridlines(handle, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue))
  }

  /// Inserts a chart whose top-left corner sits at (`row`, `column`).
  public func insertChart(
    _ kind: XLSXChartKind, title: String, series: [XLSXSeries], row: Int, column: Int, legend: Bool = true,
    reverseCategories: Bool = false, xScale: Double = 1, yScale: Double = 1
  ) throws {
    let chart = try workbook.addChart(kind)
    chart_title_set_name(chart, title)
    for item in series {
      guard let handle = chart_add_series(chart, nil, nil) else {
        throw XLSXError(message: "cannot add a chart series", context: title)
      }
      let (cr1, cc1) = try cell(item.categories.firstRow, item.categories.firstColumn)
      let (cr2, cc2) = try cell(item.categories.lastRow, item.categories.lastColumn)
      let (vr1, vc1) = try cell(item.values.firstRow, item.values.firstColumn)
      let (vr2, vc2) = try cell(item.values.lastRow, item.values.lastColumn)
      chart_series_set_categories(handle, name, cr1, cc1, cr2, cc2)
      chart_series_set_values(handle, name, vr1, vc1, vr2, vc2)
      chart_series_set_name(handle, item.name)
    }
    if !legend { chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue)) }
    if reverseCategories, let axis = chart.pointee.y_axis { chart_axis_set_reverse(axis) }
    var options = lxw_chart_options()
    options.x_scale = xScale
    options.y_scale = yScale
    let (r, c) = try cell(row, column)
    try workbook.check(worksheet_insert_chart_opt(handle, r, c, chart, &options), "\(name) chart")
  }

  public static var libraryVersion: String { LXW_VERSION }
}
