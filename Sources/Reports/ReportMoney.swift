import Foundation
import PipelineModel
import Warehouse

/// A deal's value in the base currency: the rate and the day it was converted at, and the
/// value, rounded once.
public struct DealConversion: Sendable, Equatable {
  public var rate: Decimal
  public var date: String
  public var value: Decimal
}

/// Deal values in the base currency, checked for missing rates before anything is computed:
/// a missing rate fails the whole report with every missing pair and day.
public enum ReportMoney {
  public struct Converted: Sendable {
    public var conversions: [Int64: DealConversion] { didSet { values = conversions.mapValues(\.value) } }
    /// How the rates that were not given directly were found, one line each.
    public var derived: [String]
    /// The converted values by deal id, kept (a report reads it once a deal).
    public private(set) var values: [Int64: Decimal]

    init(conversions: [Int64: DealConversion], derived: [String]) {
      (self.conversions, self.derived, values) = (conversions, derived, conversions.mapValues(\.value))
    }
  }

  public static func convert(_ deals: [ReportDeal], converter: CurrencyConverter, rateDate: (ReportDeal) -> String)
    throws(ReportError) -> Converted
  {
    let needs = deals.map { (currency: $0.bid.currency, date: rateDate($0)) }
    let missing = converter.missing(needs)
    if !missing.isEmpty { throw ReportError(MissingRatesError(missing).description) }
    var conversions: [Int64: DealConversion] = [:]
    for (deal, need) in zip(deals, needs) {
      guard let found = converter.conversion(deal.value.decimal, from: need.currency, on: need.date) else { continue }
      conversions[deal.id] = DealConversion(rate: found.rate, date: need.date, value: found.value)
    }
    return Converted(conversions: conversions, derived: converter.derivedRates(needs))
  }
}
