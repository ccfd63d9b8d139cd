import Foundation

/// The 16 named periods of the reference CRM's reports (section 1.3), in kebab case.
public enum ReportPeriod: String, Sendable, CaseIterable {
  case today, yesterday, tomorrow
  case currentWeek = "current-week", previousWeek = "previous-week", nextWeek = "next-week"
  case currentMonth = "current-month", previousMonth = "previous-month", nextMonth = "next-month"
  case currentQuarter = "current-quarter", previousQuarter = "previous-quarter", nextQuarter = "next-quarter"
  case currentYear = "current-year", previousYear = "previous-year", nextYear = "next-year"
  case duringAllTime = "during-all-time"

  /// The local interval `[start, end)` of this period around the local day of `asOf`.
  /// `during-all-time` gives nil: no date filter at all.
  public func interval(asOf: Date, timeZone: TimeZone, firstWeekday: Weekday) -> DateInterval? {
    var calendar = DateText.gregorian(timeZone)
    calendar.firstWeekday = firstWeekday.calendarValue
    let today = calendar.startOfDay(for: asOf)
    func add(_ component: Calendar.Component, _ value: Int, to date: Date) -> Date {
      calendar.date(byAdding: component, value: value, to: date) ?? date
    }
    func span(_ start: Date, _ component: Calendar.Component, _ count: Int = 1) -> DateInterval {
      DateInterval(start: start, end: add(component, count, to: start))
    }
    let weekday = calendar.component(.weekday, from: today)  // 1 = Sunday
    let weekStart = add(.day, -((weekday - calendar.firstWeekday + 7) % 7), to: today)
    let parts = calendar.dateComponents([.year, .month], from: today)
    let monthStart = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: 1)) ?? today
    let quarterMonth = ((parts.month ?? 1) - 1) / 3 * 3 + 1
    let quarterStart = calendar.date(from: DateComponents(year: parts.year, month: quarterMonth, day: 1)) ?? today
    let yearStart = calendar.date(from: DateComponents(year: parts.year, month: 1, day: 1)) ?? today

    switch self {
    case .today: return span(today, .day)
    case .yesterday: return span(add(.day, -1, to: today), .day)
    case .tomorrow: return span(add(.day, 1, to: today), .day)
    case .currentWeek: return span(weekStart, .day, 7)
    case .previousWeek: return span(add(.day, -7, to: weekStart), .day, 7)
    case .nextWeek: return span(add(.day, 7, to: weekStart), .day, 7)
    case .currentMonth: return span(monthStart, .month)
    case .previousMonth: return span(add(.month, -1, to: monthStart), .month)
    case .nextMonth: return span(add(.month, 1, to: monthStart), .month)
    case .currentQuarter: return span(quarterStart, .month, 3)
    case .previousQuarter: return span(add(.month, -3, to: quarterStart), .month, 3)
    case .nextQuarter: return span(add(.month, 3, to: quarterStart), .month, 3)
    case .currentYear: return span(yearStart, .year)
    case .previousYear: return span(add(.year, -1, to: yearStart), .year)
    case .nextYear: return span(add(.year, 1, to: yearStart), .year)
    case .duringAllTime: return nil
    }
  }
}

public enum Weekday: String, Sendable, CaseIterable {
  case sunday, monday, tuesday, wednesday, thursday, friday, saturday

  /// Foundation's numbering: 1 = Sunday.
  public var calendarValue: Int { (Weekday.allCases.firstIndex(of: self) ?? 0) + 1 }
}

/// The dates a report covers: a named period or an explicit range, resolved against "today".
public struct ResolvedPeriod: Sendable, Equatable {
  /// `[start, end)`; nil means all time.
  public var interval: DateInterval?
  /// `2026-11-01 – 2026-11-30`, or `during all time`.
  public var text: String
  /// Short name used in file names: `current-month` or `2026-01-01_2026-03-31`.
  public var slug: String

  public init(interval: DateInterval?, text: String, slug: String) {
    self.interval = interval
    self.text = text
    self.slug = slug
  }

  public static func named(_ period: ReportPeriod, asOf: Date, timeZone: TimeZone, firstWeekday: Weekday)
    -> ResolvedPeriod
  {
    guard let interval = period.interval(asOf: asOf, timeZone: timeZone, firstWeekday: firstWeekday) else {
      return ResolvedPeriod(interval: nil, text: "During all time", slug: period.rawValue)
    }
    return ResolvedPeriod(interval: interval, text: rangeText(interval, timeZone), slug: period.rawValue)
  }

  /// An explicit range of local days, `to` included.
  public static func explicit(from: Date, to: Date, timeZone: TimeZone) -> ResolvedPeriod {
    let calendar = DateText.gregorian(timeZone)
    let start = calendar.startOfDay(for: from)
    let end = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: to)) ?? to
    let interval = DateInterval(start: start, end: end)
    let slug = "\(DateText.localDayText(start, timeZone))_\(DateText.localDayText(to, timeZone))"
    return ResolvedPeriod(interval: interval, text: rangeText(interval, timeZone), slug: slug)
  }

  private static func rangeText(_ interval: DateInterval, _ timeZone: TimeZone) -> String {
    let first = DateText.localDayText(interval.start, timeZone)
    let last = DateText.localDayText(interval.end.addingTimeInterval(-1), timeZone)
    return first == last ? first : "\(first) – \(last)"
  }
}
