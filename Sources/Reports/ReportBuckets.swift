import Foundation
import PipelineModel

/// The time columns of a report over time: hours, local days or local months of its period.
///
/// The reference CRM buckets in UTC, so a deal near midnight lands on the wrong day for a
/// tenant away from UTC; crmpipe buckets in the settings' time zone.
public struct ReportBuckets: Sendable {
  public enum Size: String, Sendable { case hour, day, month }

  public struct Bucket: Sendable, Equatable {
    public var start: Date
    public var end: Date
    /// `09:00`, `2026-11-28` or `2026-11`.
    public var label: String
  }

  public let size: Size
  public let buckets: [Bucket]

  /// Hours for a one-day period, days up to 62 days, months beyond. Without a period (all
  /// time) the months from the first to the last of `dates`.
  public init(period: DateInterval?, dates: [Date], timeZone: TimeZone, hoursForOneDay: Bool) {
    let calendar = DateText.gregorian(timeZone)
    var span = period
    if span == nil, let first = dates.min(), let last = dates.max() {
      let start = calendar.dateInterval(of: .month, for: first)?.start ?? first
      let end = calendar.dateInterval(of: .month, for: last)?.end ?? last
      span = DateInterval(start: start, end: end)
    }
    guard let span else {
      (size, buckets) = (.month, [])
      return
    }
    let days = calendar.dateComponents([.day], from: span.start, to: span.end).day ?? 0
    let size: Size = hoursForOneDay && days <= 1 ? .hour : (days <= 62 && period != nil ? .day : .month)
    let component: Calendar.Component = size == .hour ? .hour : size == .day ? .day : .month
    var buckets: [Bucket] = []
    var start = size == .month ? calendar.dateInterval(of: .month, for: span.start)?.start ?? span.start : span.start
    while start < span.end {
      let end = calendar.date(byAdding: component, value: 1, to: start) ?? span.end
      let parts = calendar.dateComponents([.year, .month, .day, .hour], from: start)
      let label =
        switch size {
        case .hour: String(format: "%02d:00", parts.hour ?? 0)
        case .day: String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        case .month: String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
        }
      buckets.append(Bucket(start: start, end: end, label: label))
      start = end
    }
    (self.size, self.buckets) = (size, buckets)
  }

  /// The bucket `date` falls in, or nil outside them all.
  public func index(of date: Date) -> Int? {
    buckets.firstIndex { $0.start <= date && date < $0.end }
  }
}
