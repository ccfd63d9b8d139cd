import Foundation

/// Strict conversions between text and `Decimal`. `Decimal(string:)` accepts a prefix
/// (`"12.5abc"` gives 12.5), so the text is checked first.
public enum DecimalText {
  /// Parses `-1234.56`, `1234`, `+0.5`. No thousands separators, no exponent.
  public static func parse(_ text: String) -> Decimal? {
    let trimmed = text.trimmedSpaces
    var digits = 0
    var dots = 0
    var negative = false
    // Up to 18 digits, the significand is built here: `Decimal(string:)` costs more than the rest.
    var significand: UInt64 = 0
    var decimals = 0
    for (offset, byte) in trimmed.utf8.enumerated() {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        digits += 1
        if digits <= 18 { significand = significand * 10 + UInt64(byte - UInt8(ascii: "0")) }
        if dots == 1 { decimals += 1 }
      case UInt8(ascii: "."): dots += 1
      case UInt8(ascii: "-"), UInt8(ascii: "+"):
        if offset != 0 { return nil }
        negative = byte == UInt8(ascii: "-")
      default: return nil
      }
    }
    guard digits > 0, dots <= 1 else { return nil }
    guard digits <= 18 else { return Decimal(string: trimmed, locale: posix) }
    guard significand > 0 else { return 0 }
    return Decimal(sign: negative ? .minus : .plus, exponent: -decimals, significand: Decimal(significand))
  }

  private static let posix = Locale(identifier: "en_US_POSIX")

  /// An amount as people and spreadsheets write it: `1234.56`, `1234,56`, `1 234,56` (groups
  /// of digits split by a space, a no-break space or an apostrophe), `1,234.56`, `1.234,56`.
  /// With both separators the last one is the decimal point. A lone comma followed by exactly
  /// three digits (`1,234`) could be either: nil, like any other text that is not an amount.
  public static func parseAmount(_ text: String) -> Decimal? {
    var cleaned = text.trimmedSpaces.filter { !" \u{00A0}\u{202F}'".contains($0) }
    let commas = cleaned.filter { $0 == "," }.count
    let dots = cleaned.filter { $0 == "." }.count
    if commas > 0 && dots > 0 {
      let decimalIsComma = (cleaned.lastIndex(of: ",") ?? cleaned.startIndex) > (cleaned.lastIndex(of: ".") ?? cleaned.startIndex)
      cleaned = cleaned.filter { $0 != (decimalIsComma ? "." : ",") }
      if decimalIsComma { cleaned = commaAsPoint(cleaned) }
    } else if commas == 1 {
      guard let comma = cleaned.firstIndex(of: ","), cleaned.distance(from: comma, to: cleaned.endIndex) - 1 != 3 else {
        return nil
      }
      cleaned = commaAsPoint(cleaned)
    } else if commas > 1 {
      cleaned = cleaned.filter { $0 != "," }
    } else if dots > 1 {
      cleaned = cleaned.filter { $0 != "." }
    }
    return parse(cleaned)
  }

  private static func commaAsPoint(_ text: String) -> String { String(text.map { $0 == "," ? "." : $0 }) }

  /// Rounds half away from zero (Excel's ROUND) to `scale` decimals.
  public static func round(_ value: Decimal, scale: Int) -> Decimal {
    var input = value
    var result = Decimal()
    NSDecimalRound(&result, &input, scale, .plain)
    return result
  }

  /// Plain text with exactly `scale` decimals: `1234.50`.
  public static func format(_ value: Decimal, scale: Int) -> String {
    let rounded = round(value, scale: scale)
    let negative = rounded < 0
    let magnitude = negative ? -rounded : rounded
    var text = NSDecimalNumber(decimal: magnitude).stringValue
    if scale > 0 {
      if !text.contains(".") { text += "." }
      let decimals = text.count - (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? 0) - 1
      text += String(repeating: "0", count: max(scale - decimals, 0))
    }
    return (negative ? "-" : "") + text
  }
}

/// An exact amount of money: integer minor units of an ISO 4217 currency.
public struct Money: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var minorUnits: Int64
  public var currency: String

  public init(minorUnits: Int64, currency: String) {
    self.minorUnits = minorUnits
    self.currency = currency
  }

  /// Converts a decimal amount, rounding half away from zero to the currency's minor units.
  /// Returns nil for an unknown currency or an amount that does not fit.
  public init?(_ amount: Decimal, currency: String) {
    guard let scale = Currency.minorUnits(currency) else { return nil }
    let rounded = DecimalText.round(amount, scale: scale)
    var scaled = rounded
    for _ in 0..<scale { scaled *= 10 }
    guard let units = Int64(exactly: NSDecimalNumber(decimal: scaled).int64Value),
      Decimal(units) == scaled
    else { return nil }
    self.init(minorUnits: units, currency: currency)
  }

  public var scale: Int { Currency.minorUnits(currency) ?? 2 }

  /// The amount as a Decimal (exact): the minor units with the currency's exponent.
  public var decimal: Decimal {
    Decimal(sign: minorUnits < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(minorUnits.magnitude))
  }

  public var description: String { "\(DecimalText.format(decimal, scale: scale)) \(currency)" }
}

extension Decimal {
  /// `self / 100`, exactly: the same digits two places lower. Foundation's division of a
  /// Decimal is a long division, forty times the cost, and percentages are everywhere.
  public var hundredth: Decimal { Decimal(sign: sign, exponent: exponent - 2, significand: significand) }
}
