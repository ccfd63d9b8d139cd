import Foundation

/// One configured exchange rate: 1 `from` = `rate` `to`, in force from `date` (a `yyyy-mm-dd`
/// day) until the next dated rate of the pair, or at any date when undated.
public struct ExchangeRate: Sendable, Equatable, Hashable {
  public var from: String
  public var to: String
  public var rate: Decimal
  public var date: String?

  public init(from: String, to: String, rate: Decimal, date: String? = nil) {
    (self.from, self.to, self.rate, self.date) = (from, to, rate, date)
  }
}

/// A rate the book has no way to give: the pair, and the day it was needed for.
public struct MissingRate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var from: String
  public var to: String
  public var date: String

  public init(from: String, to: String, date: String) { (self.from, self.to, self.date) = (from, to, date) }

  public static func < (a: Self, b: Self) -> Bool { (a.from, a.to, a.date) < (b.from, b.to, b.date) }
  public var description: String { "\(from) → \(to) on \(date)" }
}

/// The rates a conversion can use, and how it found the one it used.
///
/// For a pair and a day, the book takes, in order: the pair's latest dated rate on or before
/// the day, else its undated rate; the same for the inverse pair (1 / rate); else a cross
/// rate through one common currency (EUR first, then the others in code order), each leg
/// direct or inverse. Rates are kept exactly as given and derived ones to Decimal's 38
/// digits: nothing is rounded before the converted amount.
public struct RateBook: Sendable {
  public enum Derivation: Sendable, Equatable, CustomStringConvertible {
    case same, direct, inverse
    case cross(via: String)

    public var description: String {
      switch self {
      case .same: "same currency"
      case .direct: "direct"
      case .inverse: "inverse"
      case .cross(let via): "cross through \(via)"
      }
    }
  }

  /// A rate found for a pair on a day.
  public struct Found: Sendable, Equatable {
    public var rate: Decimal
    public var derivation: Derivation
    /// The days of the stored rates it comes from (nil for undated ones).
    public var dates: [String?]
  }

  private struct Pair: Hashable {
    var from: String
    var to: String
  }

  /// Per pair: undated rate, and dated rates sorted by day.
  private var undated: [Pair: Decimal] = [:]
  private var dated: [Pair: [(date: String, rate: Decimal)]] = [:]
  private let currencies: [String]

  public init(_ rates: [ExchangeRate]) {
    for rate in rates {
      let pair = Pair(from: rate.from, to: rate.to)
      if let date = rate.date {
        dated[pair, default: []].removeAll { $0.date == date }
        dated[pair, default: []].append((date, rate.rate))
      } else {
        undated[pair] = rate.rate
      }
    }
    for pair in dated.keys { dated[pair]?.sort { $0.date < $1.date } }
    let codes = Set(rates.flatMap { [$0.from, $0.to] })
    currencies = (codes.contains("EUR") ? ["EUR"] : []) + codes.subtracting(["EUR"]).sorted()
  }

  public var isEmpty: Bool { undated.isEmpty && dated.isEmpty }

  /// The rate from `from` to `to` in force on `date` (`yyyy-mm-dd`), or nil.
  public func rate(from: String, to: String, on date: String) -> Found? {
    if from == to { return Found(rate: 1, derivation: .same, dates: []) }
    if let (rate, day) = stored(from, to, date) { return Found(rate: rate, derivation: .direct, dates: [day]) }
    if let (rate, day) = inverse(from, to, date) { return Found(rate: rate, derivation: .inverse, dates: [day]) }
    for via in currencies where via != from && via != to {
      guard let first = stored(from, via, date) ?? inverse(from, via, date),
        let second = stored(via, to, date) ?? inverse(via, to, date)
      else { continue }
      return Found(rate: first.rate * second.rate, derivation: .cross(via: via), dates: [first.day, second.day])
    }
    return nil
  }

  private func stored(_ from: String, _ to: String, _ date: String) -> (rate: Decimal, day: String?)? {
    let pair = Pair(from: from, to: to)
    if let history = dated[pair], let latest = history.last(where: { $0.date <= date }) {
      return (latest.rate, latest.date)
    }
    return undated[pair].map { ($0, nil) }
  }

  private func inverse(_ from: String, _ to: String, _ date: String) -> (rate: Decimal, day: String?)? {
    guard let (rate, day) = stored(to, from, date), rate != 0 else { return nil }
    return (1 / rate, day)
  }
}

/// Converts amounts into one currency with a rate book, rounding each converted amount once
/// to the target's minor units, and remembers which rates were derived and which are missing.
public struct CurrencyConverter: Sendable {
  public let book: RateBook
  public let target: String
  public let rounding: RoundingRule

  public init(book: RateBook, target: String, rounding: RoundingRule) {
    (self.book, self.target, self.rounding) = (book, target, rounding)
  }

  /// The pairs and days among `needs` (currency, day) that have no rate to `target`, sorted.
  public func missing(_ needs: [(currency: String, date: String)]) -> [MissingRate] {
    var missing = Set<MissingRate>()
    for need in needs where book.rate(from: need.currency, to: target, on: need.date) == nil {
      missing.insert(MissingRate(from: need.currency, to: target, date: need.date))
    }
    return missing.sorted()
  }

  /// `amount` of `currency` in the target currency on `date`, rounded once; nil without a rate.
  public func convert(_ amount: Decimal, from currency: String, on date: String) -> Decimal? {
    conversion(amount, from: currency, on: date)?.value
  }

  /// The rate used and the converted amount, rounded once; nil without a rate.
  public func conversion(_ amount: Decimal, from currency: String, on date: String) -> (rate: Decimal, value: Decimal)? {
    guard let found = book.rate(from: currency, to: target, on: date) else { return nil }
    return (found.rate, convert(amount, at: found.rate))
  }

  /// `amount × rate`, rounded once to the target's minor units.
  public func convert(_ amount: Decimal, at rate: Decimal) -> Decimal { rounding.round(amount * rate, currency: target) }

  /// How each non-direct rate used for `needs` was found, one line per pair and day, for
  /// the report to say which rates were derived.
  public func derivedRates(_ needs: [(currency: String, date: String)]) -> [String] {
    var lines = Set<String>()
    for need in needs {
      guard let found = book.rate(from: need.currency, to: target, on: need.date) else { continue }
      switch found.derivation {
      case .same, .direct: continue
      case .inverse, .cross:
        lines.insert("\(need.currency) → \(target) on \(need.date): \(found.rate) (\(found.derivation))")
      }
    }
    return lines.sorted()
  }
}

/// One error for every rate a report lacks, so the run fails before any file is written.
public struct MissingRatesError: Error, Sendable, CustomStringConvertible {
  public var missing: [MissingRate]

  public init(_ missing: [MissingRate]) { self.missing = missing }

  public var description: String {
    let listed = missing.prefix(50).map(\.description).joined(separator: "; ")
    let more = missing.count > 50 ? " and \(missing.count - 50) more" : ""
    return
      "missing exchange rates: \(listed)\(more). Add them to the settings' exchange_rates, or import a rates file (import.rates), then run again"
  }
}
