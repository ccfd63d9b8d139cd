// A small read-only XLSX reader for tests: reads back workbooks written by
// libxlsxwriter so tests can assert cell values, number formats and formulas.
import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

public enum XLSXValue: Sendable, Equatable {
  case number(String)  // the raw <v> text, e.g. "1234.5"
  case string(String)
  case bool(Bool)
  case error(String)
  case empty
}

public struct XLSXCell: Sendable, Equatable {
  public let ref: String
  public let row: Int  // 1-based
  public let column: Int  // 1-based
  public let value: XLSXValue
  public let formula: String?  // as stored in <f>, without a leading '='
  public let numberFormat: String  // "General" when none
  public let bold: Bool
}

public struct XLSXSheet: Sendable {
  public let name: String
  public let cells: [XLSXCell]  // sorted by row, then column
  public let frozenTopLeftCell: String?
  public let autoFilter: String?
  public let columnWidths: [Int: Double]  // 1-based column -> width
  private let index: [String: Int]

  init(
    name: String, cells: [XLSXCell], frozenTopLeftCell: String?, autoFilter: String?,
    columnWidths: [Int: Double]
  ) {
    self.name = name
    self.cells = cells.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
    self.frozenTopLeftCell = frozenTopLeftCell
    self.autoFilter = autoFilter
    self.columnWidths = columnWidths
    var index: [String: Int] = [:]
    for (i, cell) in self.cells.enumerated() { index[cell.ref] = i }
    self.index = index
  }

  /// Looks a cell up by reference ("B2", "$B$2" and "b2" all work).
  public subscript(_ ref: String) -> XLSXCell? {
    guard let (column, row) = xlsxParseRef(ref), let i = index[xlsxRef(column: column, row: row)]
    else { return nil }
    return cells[i]
  }

  /// The string value, or the raw number text; nil for other cells.
  public func text(_ ref: String) -> String? {
    switch self[ref]?.value {
    case .string(let s)?, .number(let s)?: return s
    default: return nil
    }
  }

  /// A number cell's raw text as a Decimal.
  /// The number as Excel shows it: the stored binary double read with 15 significant digits
  /// (libxlsxwriter writes 17, so 99.99 is stored as 99.98999999999999).
  public func decimal(_ ref: String) -> Decimal? {
    guard case .number(let raw)? = self[ref]?.value, let double = Double(raw) else { return nil }
    return Decimal(string: String(format: "%.15g", double), locale: Locale(identifier: "en_US_POSIX"))
  }

  /// One line per cell: "<sheet>!<ref>\t<value>\t<format>[\t=<formula>]".
  /// Tabs, newlines and backslashes inside values are escaped so each cell stays on one line.
  public func dump() -> String {
    cells.map { cell in
      let value: String
      switch cell.value {
      case .number(let s), .string(let s), .error(let s): value = s
      case .bool(let b): value = b ? "TRUE" : "FALSE"
      case .empty: value = ""
      }
      var line = "\(name)!\(cell.ref)\t\(escape(value))\t\(cell.numberFormat)"
      if let formula = cell.formula { line += "\t=\(escape(formula))" }
      return line
    }.joined(separator: "\n")
  }

  private func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
      .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
  }
}

public struct XLSXReadError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

public struct XLSXDocument: Sendable {
  public let sheets: [XLSXSheet]  // in workbook order
  public let chartCount: Int  // number of xl/charts/chartN.xml entries
  public let createdProperty: String?  // dcterms:created from docProps/core.xml

  public init(path: String) throws {
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw XLSXReadError("\(path): cannot open as a zip archive: \(error)")
    }
    let package = XLSXPackage(archive: archive, path: path)

    let strings = try package.xml("xl/sharedStrings.xml")?.all("si").map { $0.stringItem() } ?? []
    let styles = try XLSXStyles(package.xml("xl/styles.xml"))
    let workbook = try package.require("xl/workbook.xml")
    let rels = try package.require("xl/_rels/workbook.xml.rels")
    var targets: [String: String] = [:]
    for rel in rels.all("Relationship") {
      if let id = rel["Id"], let target = rel["Target"] { targets[id] = target }
    }
    sheets =
      try workbook.first("sheets")?.all("sheet").map { entry in
        guard let name = entry["name"], let id = entry["id"], let target = targets[id] else {
          throw XLSXReadError("\(path): workbook.xml has a sheet without name or relationship")
        }
        let xml = try package.require(xlsxResolve(target, relativeTo: "xl"))
        return try xlsxReadSheet(xml, name: name, strings: strings, styles: styles)
      } ?? []

    chartCount =
      archive.filter { entry in
        let name = entry.path
        guard name.hasPrefix("xl/charts/chart"), name.hasSuffix(".xml") else { return false }
        let number = name.dropFirst("xl/charts/chart".count).dropLast(".xml".count)
        return !number.isEmpty && number.allSatisfy(\.isNumber)
      }.count
    createdProperty = try package.xml("docProps/core.xml")?.first("created")?.text
  }

  public func sheet(named name: String) -> XLSXSheet? {
    sheets.first { $0.name == name }
  }
}

// MARK: - Worksheets and styles

private func xlsxReadSheet(
  _ xml: XLSXNode, name: String, strings: [String], styles: XLSXStyles
) throws -> XLSXSheet {
  var cells: [XLSXCell] = []
  var lastRow = 0
  for rowNode in xml.first("sheetData")?.all("row") ?? [] {
    let rowNumber = rowNode["r"].flatMap { Int($0) } ?? lastRow + 1
    lastRow = rowNumber
    var nextColumn = 1
    for c in rowNode.all("c") {
      let (column, row) = c["r"].flatMap(xlsxParseRef) ?? (nextColumn, rowNumber)
      nextColumn = column + 1
      let v = c.first("v")?.text
      let value: XLSXValue
      switch c["t"] ?? "n" {
      case "s":
        guard let v, let i = Int(v), strings.indices.contains(i) else {
          throw XLSXReadError("\(name)!\(xlsxRef(column: column, row: row)): bad shared string index")
        }
        value = .string(strings[i])
      case "inlineStr": value = .string(c.first("is")?.stringItem() ?? "")
      case "str", "d": value = v.map { .string($0) } ?? .empty
      case "b": value = v.map { .bool($0 == "1" || $0 == "true") } ?? .empty
      case "e": value = .error(v ?? "")
      default: value = v.map { .number($0) } ?? .empty
      }
      let formula = c.first("f")?.text
      let style = c["s"].flatMap { Int($0) } ?? 0
      cells.append(
        XLSXCell(
          ref: xlsxRef(column: column, row: row), row: row, column: column, value: value,
          formula: formula?.isEmpty == false ? formula : nil,
          numberFormat: styles.numberFormat(style), bold: styles.bold(style)))
    }
  }

  let panes = xml.first("sheetViews")?.all("sheetView").compactMap { $0.first("pane") } ?? []
  let frozen = panes.first { $0["state"]?.hasPrefix("frozen") == true }?["topLeftCell"]
  var widths: [Int: Double] = [:]
  for col in xml.first("cols")?.all("col") ?? [] {
    guard let min = col["min"].flatMap({ Int($0) }), let max = col["max"].flatMap({ Int($0) }),
      min <= max, let width = col["width"].flatMap({ Double($0) })
    else { continue }
    for column in min...max { widths[column] = width }
  }
  return XLSXSheet(
    name: name, cells: cells, frozenTopLeftCell: frozen,
    autoFilter: xml.first("autoFilter")?["ref"], columnWidths: widths)
}

private struct XLSXStyles {
  private var formats: [(numFmtId: Int, fontId: Int)] = []
  private var customFormats: [Int: String] = [:]
  private var boldFonts: Set<Int> = []

  init(_ xml: XLSXNode?) {
    guard let xml else { return }
    for fmt in xml.first("numFmts")?.all("numFmt") ?? [] {
      guard let id = fmt["numFmtId"].flatMap({ Int($0) }), let code = fmt["formatCode"] else { continue }
      customFormats[id] = code
    }
    for (i, font) in (xml.first("fonts")?.all("font") ?? []).enumerated() {
      if let b = font.first("b"), b["val"] != "0", b["val"] != "false" { boldFonts.insert(i) }
    }
    formats =
      xml.first("cellXfs")?.all("xf").map {
        ($0["numFmtId"].flatMap { Int($0) } ?? 0, $0["fontId"].flatMap { Int($0) } ?? 0)
      } ?? []
  }

  func numberFormat(_ style: Int) -> String {
    guard formats.indices.contains(style) else { return "General" }
    let id = formats[style].numFmtId
    return customFormats[id] ?? xlsxBuiltInFormats[id] ?? "General"
  }

  func bold(_ style: Int) -> Bool {
    formats.indices.contains(style) && boldFonts.contains(formats[style].fontId)
  }
}

/// Built-in number formats (ECMA-376 Part 1, 18.8.30).
private let xlsxBuiltInFormats: [Int: String] = [
  0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
  11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm",
  17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
  22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss",
  47: "mmss.0", 48: "##0.0E+0", 49: "@",
]

// MARK: - Cell references and package paths

/// "B12" / "$B$12" -> (column: 2, row: 12).
private func xlsxParseRef(_ ref: String) -> (column: Int, row: Int)? {
  var column = 0
  var digits = ""
  for ch in ref.uppercased() where ch != "$" {
    if let a = ch.asciiValue, (65...90).contains(a), digits.isEmpty {
      column = column * 26 + Int(a - 64)
    } else if let a = ch.asciiValue, (48...57).contains(a) {
      digits.append(ch)
    } else {
      return nil
    }
  }
  guard column > 0, let row = Int(digits), row > 0 else { return nil }
  return (column, row)
}

private func xlsxRef(column: Int, row: Int) -> String {
  var letters = ""
  var n = column
  while n > 0 {
    let unit = UInt8((n - 1) % 26)
    letters = String(UnicodeScalar(65 + unit)) + letters
    n = (n - 1) / 26
  }
  return letters + String(row)
}

/// Resolves a relationship target ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml").
private func xlsxResolve(_ target: String, relativeTo base: String) -> String {
  var parts = target.hasPrefix("/") ? [] : base.split(separator: "/").map(String.init)
  for part in target.split(separator: "/") {
    if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
  }
  return parts.joined(separator: "/")
}

private struct XLSXPackage {
  let archive: Archive
  let path: String

  func xml(_ entryPath: String) throws -> XLSXNode? {
    guard let entry = archive[entryPath] else { return nil }
    var data = Data()
    do {
      _ = try archive.extract(entry) { data.append($0) }
    } catch {
      throw XLSXReadError("\(path): cannot extract \(entryPath): \(error)")
    }
    return try XLSXNode.parse(data, what: "\(path):\(entryPath)")
  }

  func require(_ entryPath: String) throws -> XLSXNode {
    if let node = try xml(entryPath) { return node }
    throw XLSXReadError("\(path): missing \(entryPath)")
  }
}

// MARK: - Minimal XML tree built with XMLParser

/// An element; names and attribute keys are stored without namespace prefixes.
private final class XLSXNode {
  let name: String
  let attributes: [String: String]
  var children: [XLSXNode] = []
  var text = ""

  init(name: String, attributes: [String: String]) { (self.name, self.attributes) = (name, attributes) }

  subscript(_ key: String) -> String? { attributes[key] }
  func first(_ name: String) -> XLSXNode? { children.first { $0.name == name } }
  func all(_ name: String) -> [XLSXNode] { children.filter { $0.name == name } }

  /// Text of a string item (<si> or <is>): plain <t> or rich-text runs, skipping phonetic runs.
  func stringItem() -> String {
    switch name {
    case "t": return text
    case "rPh", "phoneticPr": return ""
    default: return children.map { $0.stringItem() }.joined()
    }
  }

  static func parse(_ data: Data, what: String) throws -> XLSXNode {
    let parser = XMLParser(data: data)
    let builder = XLSXTreeBuilder()
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      let reason = parser.parserError.map { "\($0)" } ?? "no root element"
      throw XLSXReadError("\(what): invalid XML: \(reason)")
    }
    return root
  }
}

private func xlsxLocalName(_ name: String) -> String {
  name.split(separator: ":").last.map(String.init) ?? name
}

private final class XLSXTreeBuilder: NSObject, XMLParserDelegate {
  var root: XLSXNode?
  private var stack: [XLSXNode] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    var attributes: [String: String] = [:]
    for (key, value) in attributeDict where key != "xmlns" && !key.hasPrefix("xmlns:") {
      attributes[xlsxLocalName(key)] = value
    }
    let node = XLSXNode(name: xlsxLocalName(elementName), attributes: attributes)
    if let parent = stack.last { parent.children.append(node) } else { root = node }
    stack.append(node)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    _ = stack.popLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }

  func parser(_ parser: XMLParser, foundCDATA block: Data) {
    stack.last?.text += String(decoding: block, as: UTF8.self)
  }
}
