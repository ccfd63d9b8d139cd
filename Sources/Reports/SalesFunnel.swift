import Foundation
import PipelineModel
import Warehouse

/// The sales funnel of section 1.7 of the reference: deals created in the period, by stage,
/// by status, and as a cumulative funnel. Every figure is exact; only the average budget and
/// the average days to win are rounded, once, half away from zero.
public struct SalesFunnel: Sendable {
  public struct StageRow: Sendable, Equatable {
    public var stage: DealStage
    public var count: Int
    public var budget: Decimal
  }

  public struct FunnelRow: Sendable, Equatable {
    public var stage: DealStage
    /// Deals that reached this stage: the ones in it or in a later non-lost stage.
    public var reached: Decimal
    /// `reached / previous reached`; 1 for the first stage, 0 after a stage nobody reached.
    public var conversion: Decimal
  }

  public var deals: [ReportDeal]
  public var stages: [StageRow]
  public var baseCurrency: String
  public var totalCount: Int { stages.reduce(0) { $0 + $1.count } }
  public var totalBudget: Decimal { stages.reduce(0) { $0 + $1.budget } }
  /// `totalBudget / totalCount`, rounded to the base currency's minor units.
  public var averageBudget: Decimal {
    totalCount == 0 ? 0 : DecimalText.round(totalBudget / Decimal(totalCount), scale: Currency.minorUnits(baseCurrency) ?? 2)
  }
  /// Calendar days from creation to actual close of each won deal, in the settings' time zone.
  public var daysToWin: [Int64: Int]
  /// The mean of `daysToWin`, rounded to one decimal; nil without won deals.
  public var averageDaysToWin: Decimal? {
    guard !daysToWin.isEmpty else { return nil }
    let total = daysToWin.values.reduce(0, +)
    return DecimalText.round(Decimal(total) / Decimal(daysToWin.count), scale: 1)
  }

  public func count(_ status: StageStatus) -> Int {
    stages.filter { $0.stage.status == status }.reduce(0) { $0 + $1.count }
  }

  public func budget(_ status: StageStatus) -> Decimal {
    stages.filter { $0.stage.status == status }.reduce(0) { $0 + $1.budget }
  }

  /// The cumulative funnel: stages that are not lost, in position order. The first shows
  /// every deal but the lost ones; each next one drops the deals sitting in the stage before.
  public func funnel(byBudget: Bool) -> [FunnelRow] {
    let open = stages.filter { $0.stage.status != .lost }
    var rows: [FunnelRow] = []
    var reached = byBudget ? totalBudget - budget(.lost) : Decimal(totalCount - count(.lost))
    for (index, row) in open.enumerated() {
      let previous = rows.last?.reached
      let conversion: Decimal = index == 0 ? 1 : (previous.map { $0 > 0 ? reached / $0 : 0 } ?? 0)
      rows.append(FunnelRow(stage: row.stage, reached: reached, conversion: conversion))
      reached -= byBudget ? row.budget : Decimal(row.count)
    }
    return rows
  }

  /// Each deal's value in the base currency, with the rate and day it was converted at.
  public var converted: [Int64: DealConversion]
  /// How the rates that were not given directly were found, one line each.
  public var derivedRates: [String]

  /// Computes the funnel. Every deal's value is converted to the base currency at the rate
  /// in force on `rateDate(deal)`, rounded once; a missing rate fails the whole report with
  /// every missing pair and day, before anything is written.
  public static func compute(
    deals: [ReportDeal], stages: [DealStage], converter: CurrencyConverter, rateDate: (ReportDeal) -> String,
    timeZone: TimeZone
  ) throws(ReportError) -> SalesFunnel {
    let money = try ReportMoney.convert(deals, converter: converter, rateDate: rateDate)
    let converted = money.conversions
    var rows = stages.sorted { $0.position < $1.position }.map { StageRow(stage: $0, count: 0, budget: 0) }
    var days: [Int64: Int] = [:]
    for deal in deals {
      guard let index = rows.firstIndex(where: { $0.stage.name == deal.stageName }) else { continue }
      rows[index].count += 1
      rows[index].budget += converted[deal.id]?.value ?? 0
      if deal.status == .won, let closed = deal.actualClose {
        days[deal.id] = DateText.calendarDays(from: deal.createdAt, to: closed, timeZone)
      }
    }
    return SalesFunnel(
      deals: deals, stages: rows, baseCurrency: converter.target, daysToWin: days, converted: converted,
      derivedRates: money.derived)
  }
}
