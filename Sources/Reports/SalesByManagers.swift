import Foundation
import PipelineModel
import Warehouse

/// Sales by managers, section 1.5 of the reference: deals won (closed in a won stage) in the
/// period, per responsible manager and per local hour (a one-day period), day (up to 62
/// days) or month, in the base currency; each deal converted and rounded once.
public struct SalesByManagers: Sendable {
  public struct Row: Sendable, Equatable {
    public var managerID: String
    public var manager: String
    public var values: [Decimal]
    public var total: Decimal { values.reduce(0, +) }
  }

  public var deals: [ReportDeal]
  public var converted: [Int64: Decimal]
  public var size: ReportBuckets.Size
  public var labels: [String]
  /// One row per manager with at least one won deal, by name.
  public var rows: [Row]
  public var baseCurrency: String
  public var derivedRates: [String]

  public var columnTotals: [Decimal] { labels.indices.map { index in rows.reduce(0) { $0 + $1.values[index] } } }
  public var total: Decimal { rows.reduce(0) { $0 + $1.total } }

  /// `deals` are the won deals closed in the period.
  public static func compute(
    deals: [ReportDeal], period: DateInterval?, converter: CurrencyConverter, rateDate: (ReportDeal) -> String,
    timeZone: TimeZone
  ) throws(ReportError) -> SalesByManagers {
    let converted = try ReportMoney.convert(deals, converter: converter, rateDate: rateDate)
    let buckets = ReportBuckets(
      period: period, dates: deals.compactMap(\.actualClose), timeZone: timeZone, hoursForOneDay: true)
    var rows: [String: Row] = [:]
    for deal in deals {
      guard let date = deal.actualClose, let index = buckets.index(of: date) else { continue }
      var row =
        rows[deal.responsibleID]
        ?? Row(
          managerID: deal.responsibleID, manager: deal.responsibleName,
          values: [Decimal](repeating: 0, count: buckets.buckets.count))
      row.values[index] += converted.values[deal.id] ?? 0
      rows[deal.responsibleID] = row
    }
    return SalesByManagers(
      deals: deals, converted: converted.values, size: buckets.size, labels: buckets.buckets.map(\.label),
      rows: rows.values.sorted { ($0.manager, $0.managerID) < ($1.manager, $1.managerID) }, baseCurrency: converter.target,
      derivedRates: converted.derived)
  }
}
