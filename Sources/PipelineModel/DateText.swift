import Foundation

/// How a file writes its dates.
public enum DateFormat: String, Sendable, CaseIterable {
  /// `2026-11-28`, `2026-11-28 14:05`, `2026-11-28T14:05:00Z`, `2026-11-28T14:05:00+01:00`.
  case iso
  /// `28/11/2026` (also with `-` or `.`), optionally followed by `14:05[:00]`.
  case dmy = "dd/mm/yyyy"
  /// `11/28/2026`, optionally followed by a time.
  case mdy = "mm/dd/yyyy"
}

/// Strict date parsing into UTC instants, and the UTC text form stored in the warehouse.
public enum DateText {
  public enum Failure: Error, Equatable, CustomStringConvertible {
    case unreadable(String, DateFormat)
    case impossible(String)
    case yearOutOfRange(String, Int)

    public var description: String {
      switch self {
      case .yearOutOfRange(let text, let year):
        return
          "'\(text)': the year \(year) is out of range; dates must fall in the years \(DateText.years.lowerBound) to \(DateText.years.upperBound)"
      case .unreadable(let text, let format):
        return "expected a date as \(format.example), got '\(text)'"
      case .impossible(let text): return "'\(text)' is not a real date"
      }
    }
  }

  /// The years a date read from an input or `--as-of` may fall in: earlier or later is a
  /// typing accident (or a hostile value), and the warehouse's text form has four digits.
  /// `parse` itself reads any year (the warehouse's own instants).
  public static let years = 1900...9999

  /// The year written in `text` (a run of four digits or more) when it is out of `years`.
  public static func outOfRangeYear(_ text: String) -> Int? {
    numberRuns(text).prefix(3).first { $0.count >= 4 }.flatMap { Int($0) ?? Int.max }.flatMap { years.contains($0) ? nil : $0 }
  }

  /// Parses `text`. A date without an offset is local time in `timeZone`.
  public static func parse(_ text: String, format: DateFormat, timeZone: TimeZone) throws(Failure) -> Date {
    var trimmed = text.trimmedSpaces
    // `3/15/2024 2:30 PM`: a 12-hour clock.
    var meridiem: String?
    for suffix in ["AM", "PM", "am", "pm"] where trimmed.hasSuffix(suffix) {
      meridiem = suffix.uppercased()
      trimmed = trimmed.dropLast(2).trimmedSpaces
    }
    let numbers = numberRuns(trimmed)
    var zone = timeZone
    var parts = numbers.compactMap { Int($0) }
    guard parts.count == numbers.count else { throw .unreadable(text, format) }

    if format == .iso, let offset = isoOffset(trimmed) {
      zone = offset.zone
      parts = Array(parts.dropLast(offset.numberCount))
    }
    guard [3, 5, 6].contains(parts.count) else { throw .unreadable(text, format) }
    let (year, month, day): (Int, Int, Int)
    switch format {
    case .iso:
      guard numbers[0].count == 4 else { throw .unreadable(text, format) }
      (year, month, day) = (parts[0], parts[1], parts[2])
    case .dmy:
      guard numbers[2].count == 4 else { throw .unreadable(text, format) }
      (year, month, day) = (parts[2], parts[1], parts[0])
    case .mdy:
      guard numbers[2].count == 4 else { throw .unreadable(text, format) }
      (year, month, day) = (parts[2], parts[0], parts[1])
    }
    var hour = parts.count > 3 ? parts[3] : 0
    if let meridiem {
      guard (1...12).contains(hour) else { throw .impossible(text) }
      hour = hour % 12 + (meridiem == "PM" ? 12 : 0)
    }
    let minute = parts.count > 4 ? parts[4] : 0
    let second = parts.count > 5 ? parts[5] : 0
    guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
      (0...59).contains(minute), (0...59).contains(second)
    else { throw .impossible(text) }
    guard day <= daysIn(month: Int64(month), year: Int64(year)) else { throw .impossible(text) }
    return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, zone)
  }

  /// The instant of a valid local date and time in `zone`. By arithmetic, with the zone's
  /// offset, when that offset is the same a day before and a day after (Calendar costs a
  /// tenth of a deal import); near a change of offset, Calendar decides, gaps and repeats
  /// included.
  static func instant(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, _ zone: TimeZone) -> Date {
    let local = TimeInterval(
      civilDays(year: Int64(year), month: Int64(month), day: Int64(day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - 86_400))
    if before == zone.secondsFromGMT(for: Date(timeIntervalSince1970: local + 86_400)) {
      return Date(timeIntervalSince1970: local - TimeInterval(before))
    }
    let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    return gregorian(zone).date(from: components) ?? Date(timeIntervalSince1970: local - TimeInterval(before))
  }

  static func daysIn(month: Int64, year: Int64) -> Int64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(month - 1)]
  }

  /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm), the inverse of `utcText`'s.
  static func civilDays(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The offset at the end of an ISO date-time (`Z`, `+01:00`, `-0500`) and how many numbers it used.
  private static func isoOffset(_ text: String) -> (zone: TimeZone, numberCount: Int)? {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: " ") }) else { return nil }
    if text.hasSuffix("Z") || text.hasSuffix("z") { return (utc, 0) }
    guard let signIndex = text.lastIndex(where: { $0 == "+" || $0 == "-" }),
      let timeStart = text.firstIndex(where: { $0 == "T" || $0 == " " }), signIndex > timeStart
    else { return nil }
    let sign = text[signIndex] == "-" ? -1 : 1
    let body = text[text.index(after: signIndex)...].filter(\.isNumber)
    guard body.count == 4 || body.count == 2, let value = Int(body) else { return nil }
    let hours = body.count == 4 ? value / 100 : value
    let minutes = body.count == 4 ? value % 100 : 0
    guard let zone = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60)) else { return nil }
    let usedNumbers = text[text.index(after: signIndex)...].split(whereSeparator: { !$0.isNumber }).count
    return (zone, usedNumbers)
  }

  /// The day/month order a slash date forces: `25/03/2024` can only be day first, `03/25/2024`
  /// only month first; nil when both readings are possible (or neither).
  public static func order(of text: String) -> DateFormat? {
    let numbers = numberRuns(text).prefix(3).compactMap { Int($0) }
    guard numbers.count == 3, String(numbers[0]).count <= 2 else { return nil }
    switch (numbers[0] > 12, numbers[1] > 12) {
    case (true, false): return .dmy
    case (false, true): return .mdy
    default: return nil
    }
  }

  /// Whether `text` starts like an ISO date (`2024-03-12...`).
  public static func looksISO(_ text: String) -> Bool {
    let head = text.trimmedSpaces.prefix(5)
    return head.count == 5 && head.prefix(4).allSatisfy(\.isNumber) && head.last == "-"
  }

  /// `2026-11-28T13:05:00Z`: sortable text, the form every instant takes in the warehouse.
  public static func utcText(_ date: Date) -> String {
    let civil = civil(date)
    guard (0...9999).contains(civil.year) else { return joinedUTCText(civil) }
    // Written into the string's own 20 bytes: this runs for every contact, deal and call
    // written, and a dozen small strings joined cost more than the arithmetic.
    return String(unsafeUninitializedCapacity: 20) { text in
      func put(_ value: Int64, digits: Int, at offset: Int) {
        var rest = value
        for index in (offset..<offset + digits).reversed() {
          text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        }
      }
      put(civil.year, digits: 4, at: 0)
      put(civil.month, digits: 2, at: 5)
      put(civil.day, digits: 2, at: 8)
      put(civil.time / 3600, digits: 2, at: 11)
      put(civil.time % 3600 / 60, digits: 2, at: 14)
      put(civil.time % 60, digits: 2, at: 17)
      (text[4], text[7], text[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
      (text[13], text[16], text[19]) = (UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "Z"))
      return 20
    }
  }

  /// `utcText` joined from its parts, for any year.
  static func joinedUTCText(_ civil: (year: Int64, month: Int64, day: Int64, time: Int64)) -> String {
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let yearText = String(civil.year)
    let paddedYear = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
    return paddedYear + "-" + two(civil.month) + "-" + two(civil.day) + "T" + two(civil.time / 3600) + ":"
      + two(civil.time % 3600 / 60) + ":" + two(civil.time % 60) + "Z"
  }

  /// The UTC calendar day of an instant and its seconds into that day.
  static func civil(_ date: Date) -> (year: Int64, month: Int64, day: Int64, time: Int64) {
    // Days to civil date (Howard Hinnant's algorithm): no Calendar in this hot path.
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let time = seconds - days * 86_400
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day, time)
  }

  /// Reads back `utcText`: its fixed form by arithmetic (the reports read it for every row),
  /// anything else through `parse`.
  public static func fromUTCText(_ text: String) -> Date? {
    var copy = text
    let fast = copy.withUTF8 { bytes -> Date? in
      guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
        bytes[16] == 0x3A, bytes[19] == 0x5A
      else { return nil }
      func number(_ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<(start + count) {
          let digit = Int64(bytes[index]) - 0x30
          guard (0...9).contains(digit) else { return nil }
          value = value * 10 + digit
        }
        return value
      }
      guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
        let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day),
        hour < 24, minute < 60, second < 60
      else { return nil }
      guard day <= daysIn(month: month, year: year) else { return nil }
      let days = civilDays(year: year, month: month, day: day)
      return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
    return fast ?? (try? parse(text, format: .iso, timeZone: utc))
  }

  /// `2026-11-28` of `date` in `timeZone`.
  public static func localDayText(_ date: Date, _ timeZone: TimeZone) -> String {
    // The UTC text of the instant moved by the zone's offset at that instant.
    String(utcText(date.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: date)))).prefix(10))
  }

  /// Whole calendar days from `start` to `end`, both taken as local dates in `timeZone`.
  public static func calendarDays(from start: Date, to end: Date, _ timeZone: TimeZone) -> Int {
    // Each instant moved by its zone offset then, as whole days since the epoch: the same
    // count as the calendar's, without its cost.
    func day(_ date: Date) -> Int {
      let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
      return Int((local / 86_400).rounded(.down))
    }
    return day(end) - day(start)
  }

  public static let utc = TimeZone(secondsFromGMT: 0) ?? .current

  /// Whether `text` gives a day without a time of day (`2026-11-20`, `20/11/2026`).
  public static func isDayOnly(_ text: String) -> Bool {
    numberRuns(text).count == 3
  }

  /// The runs of digits in `text`, as `split(whereSeparator: { !$0.isNumber })` gives them.
  /// An ASCII text, where only 0 to 9 are numbers, is split by its bytes: a deal's dates are
  /// read three times each, and going character by character cost a tenth of a deal import.
  static func numberRuns(_ text: String) -> [Substring] {
    let bytes = text.utf8
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.split(whereSeparator: { !$0.isNumber }) }
    return bytes.split(whereSeparator: { $0 < UInt8(ascii: "0") || $0 > UInt8(ascii: "9") }).map { Substring($0) }
  }

  /// The last second of the local day that starts at `midnight` (23:59:59, or what the day
  /// has when daylight saving time changes it).
  public static func lastSecond(ofDayStartingAt midnight: Date, _ timeZone: TimeZone) -> Date {
    let next = gregorian(timeZone).date(byAdding: .day, value: 1, to: midnight) ?? midnight.addingTimeInterval(86_400)
    return next.addingTimeInterval(-1)
  }

  public static func gregorian(_ timeZone: TimeZone) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    calendar.locale = Locale(identifier: "en_US_POSIX")
    return calendar
  }
}

extension DateFormat {
  public var example: String {
    switch self {
    case .iso: return "YYYY-MM-DD (ISO 8601)"
    case .dmy: return "DD/MM/YYYY"
    case .mdy: return "MM/DD/YYYY"
    }
  }
}
