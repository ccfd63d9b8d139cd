import Foundation
import PipelineModel
import SQLiteBridge

extension Warehouse {
  /// Stores a rate (replacing the pair's rate for the same day) and says what changed; the
  /// id is the rate's row, for the source row of the line it came from.
  public func upsertRate(_ rate: ExchangeRate, fileID: Int64?, line: Int?) throws -> (id: Int64, action: SourceAction) {
    let key: [SQLiteValue] = [.text(rate.from), .text(rate.to), .text(rate.date ?? "")]
    let text = "\(rate.rate)"
    if let row = try run(
      "SELECT id, rate FROM exchange_rates WHERE from_currency = ? AND to_currency = ? AND valid_from = ?", key)
    {
      let id = row[0].int ?? 0
      guard row[1].string.flatMap(DecimalText.parse) != rate.rate else { return (id, .unchanged) }
      try run(
        "UPDATE exchange_rates SET rate = ?, file_id = ?, line = ? WHERE id = ?",
        [.text(text), SQLiteValue(fileID), SQLiteValue(line.map(Int64.init)), .integer(id)])
      return (id, .updated)
    }
    try run(
      "INSERT INTO exchange_rates (from_currency, to_currency, valid_from, rate, file_id, line) VALUES (?, ?, ?, ?, ?, ?)",
      key + [.text(text), SQLiteValue(fileID), SQLiteValue(line.map(Int64.init))])
    return (db.lastInsertRowID, .inserted)
  }

  /// Every stored rate, undated ones with a nil date.
  public func exchangeRates() throws -> [ExchangeRate] {
    try rows("SELECT from_currency, to_currency, valid_from, rate FROM exchange_rates ORDER BY id").compactMap { row in
      guard let from = row[0].string, let to = row[1].string, let rate = row[3].string.flatMap(DecimalText.parse) else {
        return nil
      }
      let date = row[2].string ?? ""
      return ExchangeRate(from: from, to: to, rate: rate, date: date.isEmpty ? nil : date)
    }
  }
}
