import Foundation

/// Dates as Twilio writes them (RFC 2822: `Fri, 18 Oct 2019 17:00:00 +0000`), read without
/// a locale: English month names, the day name optional and not checked, a numeric zone or
/// `GMT`/`UTC`/`Z`. ISO 8601 (`2026-11-28T09:15:02Z`) is accepted too.
public enum RFC2822 {
  static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  public static func parse(_ text: String) -> Date? {
    let trimmed = text.trimmedSpaces
    if DateText.looksISO(trimmed) { return try? DateText.parse(trimmed, format: .iso, timeZone: DateText.utc) }
    var words = trimmed.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    if let first = words.first, first.first?.isLetter == true { words.removeFirst() }
    guard words.count >= 4, let day = Int(words[0]), (1...31).contains(day),
      let month = months.firstIndex(of: words[1].lowercased().prefix(3).description), var year = Int(words[2])
    else { return nil }
    if words[2].count == 2 { year += year < 50 ? 2000 : 1900 }
    let time = words[3].split(separator: ":").map { Int($0) }
    guard time.count == 2 || time.count == 3, let hour = time[0], let minute = time[1], hour < 24, minute < 60,
      (time.count == 2 ? 0 : time[2] ?? 60) < 61
    else { return nil }
    let second = time.count == 3 ? time[2] ?? 0 : 0
    var offset = 0
    if words.count > 4 {
      let zone = words[4]
      switch zone.uppercased() {
      case "GMT", "UT", "UTC", "Z": offset = 0
      default:
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-", let value = Int(zone.dropFirst()),
          value % 100 < 60
        else { return nil }
        offset = (value / 100 * 3600 + value % 100 * 60) * (sign == "-" ? -1 : 1)
      }
    }
    // By arithmetic (proleptic Gregorian, as ISO 8601 and SQLite count): Calendar was a
    // fifth of reading a call.
    guard day <= DateText.daysIn(month: Int64(month + 1), year: Int64(year)) else { return nil }
    let days = DateText.civilDays(year: Int64(year), month: Int64(month + 1), day: Int64(day))
    let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59) - offset)
    return Date(timeIntervalSince1970: TimeInterval(seconds))
  }
}
