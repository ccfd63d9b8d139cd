import CSVBridge
import Foundation
import PipelineModel

/// Conversions of cell text into checked values, shared by the import stages. Each failure
/// is a `RowError` naming the field; personal values are masked in the reason.
enum FieldParsing {
  static func user(_ text: String, field: String, settings: Settings) throws(RowError) -> String {
    if let id = settings.userIDs[TextFolding.key(text)] { return id }
    throw RowError(
      field: field,
      reason:
        "unknown user '\(text)'; expected a user id, name or email from the settings (\(settings.users.map(\.id).joined(separator: ", ")))"
    )
  }

  /// A date in `format`, or with `format` nil (the file's order is unknown) in ISO 8601 or
  /// the only reading of a slash date; a date both orders can read is refused as ambiguous.
  static func date(_ text: String, field: String, format: DateFormat?, settings: Settings) throws(RowError) -> Date {
    var chosen = format
    if DateText.looksISO(text) {
      chosen = .iso
    } else if chosen == nil {
      chosen = DateText.order(of: text)
    }
    if let year = DateText.outOfRangeYear(text) {
      throw RowError(field: field, reason: DateText.Failure.yearOutOfRange(text, year).description)
    }
    guard let chosen else {
      // Only a date both orders read is ambiguous; anything else says what is wrong with it.
      do {
        _ = try DateText.parse(text, format: .dmy, timeZone: settings.timeZone)
        _ = try DateText.parse(text, format: .mdy, timeZone: settings.timeZone)
      } catch {
        throw RowError(
          field: field,
          reason: "'\(text.prefix(60))' is not a date: expected ISO 8601 (2026-11-28), dd/mm/yyyy or mm/dd/yyyy")
      }
      throw RowError(
        field: field,
        reason:
          "'\(text)' is ambiguous: nothing in this file tells whether it is day/month or month/day; set date_format: dd/mm/yyyy or mm/dd/yyyy"
      )
    }
    do {
      return try DateText.parse(text, format: chosen, timeZone: settings.timeZone)
    } catch {
      throw RowError(field: field, reason: error.description)
    }
  }

  /// A date something is due by (a task's deadline, an invoice's due date). One given as a
  /// day without a time is due by the end of that day: its last second, local time.
  static func dueDate(_ text: String, field: String, format: DateFormat?, settings: Settings) throws(RowError) -> Date {
    let date = try self.date(text, field: field, format: format, settings: settings)
    return DateText.isDayOnly(text) ? DateText.lastSecond(ofDayStartingAt: date, settings.timeZone) : date
  }

  static func integer(_ text: String, field: String, in range: ClosedRange<Int>) throws(RowError) -> Int {
    let cleaned = text.hasSuffix("%") ? text.dropLast().trimmedSpaces : text
    guard let value = Int(cleaned), range.contains(value) else {
      throw RowError(
        field: field, reason: "expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
    }
    return value
  }

  static func currency(_ text: String, field: String) throws(RowError) -> String {
    let code = text.uppercased()
    guard Currency.isKnown(code) else {
      throw RowError(field: field, reason: "unknown currency '\(text)'; expected an ISO 4217 code such as EUR or USD")
    }
    return code
  }

  /// Splits a cell holding several values (`Lead, Customer`).
  static func list(_ values: [String], separators: String = ",;") -> [String] {
    // Most cells hold one value: those are not split character by character (`separators`
    // is ASCII, so a cell without its bytes has none of them).
    let bytes = Array(separators.utf8)
    var items: [String] = []
    for value in values {
      if bytes.allSatisfy({ byte in !value.containsUTF8(byte) }) {
        items.append(TextFolding.clean(value))
      } else {
        items += value.split(whereSeparator: { separators.contains($0) }).map { TextFolding.clean(String($0)) }
      }
    }
    return items.filter { !$0.isEmpty }
  }

  /// `true`/`false`, `yes`/`no`, `1`/`0`, `closed`/`open` and their French words.
  static func flag(_ text: String, field: String) throws(RowError) -> Bool {
    switch TextFolding.key(text) {
    case "true", "yes", "y", "1", "closed", "done", "oui", "vrai", "ferme", "fermee", "termine", "terminee": return true
    case "false", "no", "n", "0", "open", "no done", "non", "faux", "ouvert", "ouverte", "en cours": return false
    default: throw RowError(field: field, reason: "expected true or false (yes/no, 1/0, closed/open), got '\(text)'")
    }
  }

  /// One of the settings' list names, compared without case, accents or spacing; the
  /// settings' spelling is returned.
  static func listItem(_ text: String, field: String, in names: [String], what: String) throws(RowError) -> String {
    let key = TextFolding.key(text)
    guard let name = names.first(where: { TextFolding.key($0) == key }) else {
      throw RowError(field: field, reason: "unknown \(what) '\(text)'; expected one of: \(names.joined(separator: ", "))")
    }
    return name
  }
}
