import Foundation
import PipelineModel
import Warehouse

/// The sales forecast of section 1.6 of the reference: open deals expected to close in the
/// period, by local day (up to 62 days) or month, weighted by each deal's own probability and
/// as if all were won. Values are converted to the base currency, each deal rounded once;
/// each bucket's weighted sum is rounded once; totals add the buckets.
public struct SalesForecast: Sendable {
  public struct Row: Sendable, Equatable {
    public var label: String
    public var weighted: Decimal
    public var allWon: Decimal
  }

  public var deals: [ReportDeal]
  public var converted: [Int64: Decimal]
  public var size: ReportBuckets.Size
  public var rows: [Row]
  public var baseCurrency: String
  public var derivedRates: [String]

  public var totalWeighted: Decimal { rows.reduce(0) { $0 + $1.weighted } }
  public var totalAllWon: Decimal { rows.reduce(0) { $0 + $1.allWon } }

  /// `deals` are the open deals expected in the period; the rate of each is taken on `rateDate(deal)`.
  public static func compute(
    deals: [ReportDeal], period: DateInterval?, converter: CurrencyConverter, rateDate: (ReportDeal) -> String,
    timeZone: TimeZone
  ) throws(ReportError) -> SalesForecast {
    let converted = try ReportMoney.convert(deals, converter: converter, rateDate: rateDate)
    let buckets = ReportBuckets(
      period: period, dates: deals.compactMap(\.expectedClose), timeZone: timeZone, hoursForOneDay: false)
    var weighted = [Decimal](repeating: 0, count: buckets.buckets.count)
    var allWon = weighted
    for deal in deals {
      guard let date = deal.expectedClose, let index = buckets.index(of: date) else { continue }
      let value = converted.values[deal.id] ?? 0
      weighted[index] += (value * Decimal(deal.probability)).hundredth
      allWon[index] += value
    }
    let rows = buckets.buckets.indices.map { index in
      Row(
        label: buckets.buckets[index].label,
        weighted: converter.rounding.round(weighted[index], currency: converter.target), allWon: allWon[index])
    }
    return SalesForecast(
      deals: deals, converted: converted.values, size: buckets.size, rows: rows, baseCurrency: converter.target,
      derivedRates: converted.derived)
  }
}
