import Foundation
import PipelineModel

/// The rows of an exchange-rate file: `from,to,rate[,date]` pairs, or the European Central
/// Bank's reference rates (`Date, USD, JPY, ...`: one row a day, 1 EUR = the cell in each
/// currency, `N/A` where there is none, a trailing separator), daily or historical.
enum RateFile {
  enum Format: String, CaseIterable { case auto, csv, ecb }

  enum Layout {
    case pairs(from: Int, to: Int, rate: Int, date: Int?)
    /// The currency of each rate column; `ignored` are headers that are not active ISO 4217
    /// codes (the historical file keeps CYP, EEK, ... that the euro replaced).
    case ecb(columns: [(index: Int, currency: String)], ignored: [String])
  }

  /// The layout of a header row; nil when it is neither form (or not the one forced).
  static func layout(_ header: [String], format: Format) -> Layout? {
    let names = header.map { $0.trimmedSpaces.lowercased() }
    if format != .csv, names.first == "date" {
      var columns: [(Int, String)] = []
      var ignored: [String] = []
      for (index, name) in names.enumerated().dropFirst() where !name.isEmpty {
        let code = name.uppercased()
        if Currency.isKnown(code) { columns.append((index, code)) } else { ignored.append(code) }
      }
      return columns.isEmpty ? nil : .ecb(columns: columns, ignored: ignored)
    }
    guard format != .ecb, let from = names.firstIndex(of: "from"), let to = names.firstIndex(of: "to"),
      let rate = names.firstIndex(of: "rate")
    else { return nil }
    return .pairs(from: from, to: to, rate: rate, date: names.firstIndex(of: "date"))
  }

  /// The rates of one data row.
  static func rates(_ fields: [String], layout: Layout) throws(RowError) -> [ExchangeRate] {
    func cell(_ index: Int) -> String {
      index < fields.count ? fields[index].trimmedSpaces : ""
    }
    switch layout {
    case .pairs(let fromIndex, let toIndex, let rateIndex, let dateIndex):
      let from = cell(fromIndex).uppercased(), to = cell(toIndex).uppercased()
      for (field, code) in [("from", from), ("to", to)] where !Currency.isKnown(code) {
        throw RowError(field: field, reason: "expected an ISO 4217 currency code such as EUR, got '\(code)'")
      }
      guard from != to else { throw RowError(field: "to", reason: "a rate converts between two different currencies") }
      let rate = try positive(cell(rateIndex), field: "rate")
      var date: String?
      if let dateIndex, !cell(dateIndex).isEmpty { date = try day(cell(dateIndex), field: "date") }
      return [ExchangeRate(from: from, to: to, rate: rate, date: date)]
    case .ecb(let columns, _):
      let date = try day(cell(0), field: "Date")
      var rates: [ExchangeRate] = []
      for (index, currency) in columns {
        let text = cell(index)
        guard !text.isEmpty, text.uppercased() != "N/A" else { continue }
        rates.append(ExchangeRate(from: "EUR", to: currency, rate: try positive(text, field: currency), date: date))
      }
      return rates
    }
  }

  private static func positive(_ text: String, field: String) throws(RowError) -> Decimal {
    guard let value = DecimalText.parse(text), value > 0 else {
      throw RowError(field: field, reason: "expected a positive rate such as 1.0543, got '\(text)'")
    }
    return value
  }

  static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
  ]

  /// `2026-11-28`, or the daily file's `28 November 2026`, as `yyyy-mm-dd`.
  static func day(_ text: String, field: String) throws(RowError) -> String {
    if (try? DateText.parse(text, format: .iso, timeZone: DateText.utc)) != nil, text.count == 10 { return text }
    let parts = text.split(separator: " ")
    if parts.count == 3, let day = Int(parts[0]), let month = months.firstIndex(of: parts[1].lowercased()),
      let year = Int(parts[2])
    {
      let iso = String(format: "%04d-%02d-%02d", year, month + 1, day)
      if (try? DateText.parse(iso, format: .iso, timeZone: DateText.utc)) != nil { return iso }
    }
    throw RowError(field: field, reason: "expected a date such as 2026-11-28 or 28 November 2026, got '\(text)'")
  }
}
