import Foundation

/// The arithmetic of an invoice, exact until one documented rounding.
///
/// For each line: `base = price × quantity`, `discount = base × discount% / 100`,
/// `net = base - discount`, and for each of its (up to two) taxes `tax = net × rate / 100`,
/// all exact. The invoice's subtotal (Σ base), discount (Σ discount) and tax (Σ tax) are each
/// rounded once, to the currency's minor units, with the settings' rule; the total is
/// `subtotal - discount + tax` of those rounded figures, so a printed invoice adds up.
/// Each line's rounded net and amount are shown too; their sum may differ from the total by
/// a minor unit, which is why the total is not their sum.
///
/// The reference CRM rounds every line's base, discount and tax to cents (half to even on
/// the server, half up in its editor), so its two formulas can differ by 0.01: crmpipe
/// rounds once.
public enum InvoiceMath {
  public struct Line: Sendable, Equatable {
    public var quantity: Decimal
    public var price: Decimal
    /// Percent, 0 to 100.
    public var discountPercent: Decimal
    /// Tax rates in percent (zero, one or two).
    public var taxRates: [Decimal]

    public init(quantity: Decimal, price: Decimal, discountPercent: Decimal = 0, taxRates: [Decimal] = []) {
      (self.quantity, self.price, self.discountPercent, self.taxRates) = (quantity, price, discountPercent, taxRates)
    }

    public var base: Decimal { price * quantity }
    public var discount: Decimal { (base * discountPercent).hundredth }
    public var net: Decimal { base - discount }
    public var taxes: [Decimal] { taxRates.map { (net * $0).hundredth } }
  }

  public struct Totals: Sendable, Equatable {
    public var subtotal: Decimal
    public var discount: Decimal
    public var tax: Decimal
    public var total: Decimal
    /// Per line: net and net plus taxes, each rounded (for display).
    public var lines: [(net: Decimal, amount: Decimal)]

    public static func == (a: Totals, b: Totals) -> Bool {
      a.subtotal == b.subtotal && a.discount == b.discount && a.tax == b.tax && a.total == b.total
        && a.lines.map(\.net) == b.lines.map(\.net) && a.lines.map(\.amount) == b.lines.map(\.amount)
    }
  }

  public static func totals(_ lines: [Line], currency: String, rounding: RoundingRule) -> Totals {
    let round = { (value: Decimal) in rounding.round(value, currency: currency) }
    let subtotal = round(lines.reduce(0) { $0 + $1.base })
    let discount = round(lines.reduce(0) { $0 + $1.discount })
    let tax = round(lines.reduce(0) { $0 + $1.taxes.reduce(0, +) })
    return Totals(
      subtotal: subtotal, discount: discount, tax: tax, total: subtotal - discount + tax,
      lines: lines.map { (round($0.net), round($0.net + $0.taxes.reduce(0, +))) })
  }
}
