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
    public let conversions: [Int64: DealConversion]
    /// How the rates that were not given directly were found, one line each.
    public let derived: [String]
    /// The converted values by deal id, kept (a report reads it once a deal).
    public let values: [Int64: Decimal]

    init(conversions: [Int64: DealConversion], derived: [String]) {
      (self.conversions, self.derived, values) = (conversions, derived, conversions.mapValues(\.value))
    }
  }

  public static func convert(_ deals: [ReportDeal], converter: CurrencyConverter, rateDate: (ReportDeal) -> String)
    throws(ReportError) -> Converted
  {
    let needs = deals.map { (currency: $0.bid.currency, date: rateDate($0)) }
    // Many deals share a currency and day: each pair is looked up once.
    var seen = Set<String>()
    let distinct = needs.filter { seen.insert($0.currency + " " + $0.date).inserted }
    let missing = converter.missing(distinct)
    if !missing.isEmpty { throw ReportError(MissingRatesError(missing).description, missingRates: true) }
    var rates: [String: Decimal] = [:]
    for need in distinct {
      rates[need.currency + " " + need.date] = converter.conversion(1, from: need.currency, on: need.date)?.rate
    }
    var conversions: [Int64: DealConversion] = [:]
    conversions.reserveCapacity(deals.count)
    for (deal, need) in zip(deals, needs) {
      guard let rate = rates[need.currency + " " + need.date] else { continue }
      conversions[deal.id] = DealConversion(rate: rate, date: need.date, value: converter.convert(deal.value, at: rate))
    }
    return Converted(conversions: conversions, derived: converter.derivedRates(distinct))
  }
}
