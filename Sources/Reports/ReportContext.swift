import Foundation
import PipelineModel

/// What every report needs besides its data: the period, who it is for, and when it was made.
public struct ReportContext: Sendable {
  public var settings: Settings
  public var period: ResolvedPeriod
  public var asOf: Date
  /// User ids; empty means every manager.
  public var managers: [String]
  public var managerNames: [String]
  /// The user the report is made for: what they may not see is left out.
  public var viewerName: String?
  /// The language of the labels.
  public var language = ReportLanguage.en

  public init(settings: Settings, period: ResolvedPeriod, asOf: Date, managers: [String], managerNames: [String]) {
    self.settings = settings
    self.period = period
    self.asOf = asOf
    self.managers = managers
    self.managerNames = managerNames
  }

  /// The header rows every sheet starts with: title, period, and what the figures cover.
  func header(_ sheet: inout Sheet, title: String) {
    let french = language == .fr
    let day = DateText.localDayText(asOf, settings.timeZone)
    let periodText = language.translate(period.text)
    let names = managerNames.joined(separator: ", ")
    let who =
      managers.isEmpty ? (french ? "tous les responsables" : "all managers") : (french ? "responsables : " : "managers: ") + names
    let view =
      french
      ? viewerName.map { "tel que \($0) peut le voir" } ?? "tout est compté (sans restriction de lecteur)"
      : viewerName.map { "as \($0) may see it" } ?? "everything counted (no viewer restriction)"
    sheet.text(2, 2, title, .title)
    sheet.text(
      3, 2, "\(french ? "Période :" : "Period:") \(periodText) (\(settings.timeZone.identifier))", .subtitle)
    sheet.text(
      4, 2,
      french
        ? "Établi pour le \(day) · \(who) · montants en \(settings.baseCurrency) · \(view)"
        : "Generated for \(day) · \(who) · amounts in \(settings.baseCurrency) · \(view)",
      .subtitle)
  }

  /// Excel's serial day number of the local date of `date`.
  func excelDay(_ date: Date) -> Decimal {
    // Local days since 1970 (the zone's offset at that instant), plus Excel's serial of 1970-01-01.
    let seconds = Int64((date.timeIntervalSince1970 + Double(settings.timeZone.secondsFromGMT(for: date))).rounded(.down))
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    return Decimal(days + 25_569)
  }
}

/// A report cannot be made from the data as it is.
public struct ReportError: Error, Sendable, CustomStringConvertible {
  public let message: String
  /// Missing exchange rates, as opposed to data a report cannot use.
  public let missingRates: Bool
  public init(_ message: String, missingRates: Bool = false) {
    self.message = message
    self.missingRates = missingRates
  }
  public var description: String { message }
}
