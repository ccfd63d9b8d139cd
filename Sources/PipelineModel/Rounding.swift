import Foundation

/// How an exact amount is rounded to a currency's minor units, once, at the end of a
/// computation.
public enum RoundingRule: String, Sendable, CaseIterable {
  /// Half to even (banker's rounding): 0.125 gives 0.12, 0.135 gives 0.14. The default: over
  /// many amounts it neither inflates nor deflates a total.
  case halfEven = "half-even"
  /// Half away from zero (commercial rounding, Excel's ROUND): 0.125 gives 0.13, -0.125 gives -0.13.
  case halfUp = "half-up"

  /// `value` rounded to `scale` decimals.
  public func round(_ value: Decimal, scale: Int) -> Decimal {
    var input = value
    var result = Decimal()
    NSDecimalRound(&result, &input, scale, self == .halfEven ? .bankers : .plain)
    return result
  }

  /// `value` rounded to the minor units of `currency` (2 when the code is unknown).
  public func round(_ value: Decimal, currency: String) -> Decimal {
    round(value, scale: Currency.minorUnits(currency) ?? 2)
  }
}
