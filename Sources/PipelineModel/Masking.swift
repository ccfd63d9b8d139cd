/// Masks personal values (emails, phone numbers) before they reach a log line.
import Foundation
import Synchronization

public enum Masking {
  private static let revealed = Atomic<Bool>(false)

  /// Whether values are shown as they are (`--show-values`), for the whole process.
  public static var showsValues: Bool {
    get { revealed.load(ordering: .relaxed) }
    set { revealed.store(newValue, ordering: .relaxed) }
  }

  /// Masks every email and phone-like number inside free text (a raw CSV row, say).
  public static func maskText(_ text: String) -> String {
    if showsValues { return text }
    var result = text
    for pattern in [#"[^\s,;"'<>]+@[^\s,;"'<>]+"#, #"\+?[0-9][0-9 ().\-]{5,}[0-9]"#] {
      guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
      let matches = regex.matches(in: result, range: NSRange(result.startIndex..., in: result)).reversed()
      for match in matches {
        guard let range = Range(match.range, in: result) else { continue }
        let value = String(result[range])
        guard value.contains("@") || looksLikePhone(value) else { continue }
        result.replaceSubrange(range, with: mask(value))
      }
    }
    return result
  }

  /// Whether digits found in free text may be a phone number: 7 to 15 digits, and not a date
  /// (`2026-11-28`, `28.11.2026`, with a time or not), an IPv4 address or a decimal amount.
  static func looksLikePhone(_ value: String) -> Bool {
    let digits = value.filter(\.isNumber).count
    guard (7...15).contains(digits) else { return false }
    let notPhones = [
      #"^\d{4}[-./]\d{1,2}[-./]\d{1,2}"#, #"^\d{1,2}[-.]\d{1,2}[-.]\d{2,4}"#, #"^\d{1,3}(\.\d{1,3}){3}$"#,
      #"^\d+[.,]\d{1,3}$"#,
    ]
    return !notPhones.contains { value.range(of: $0, options: .regularExpression) != nil }
  }

  /// `jean.dupont@acme.fr` -> `j***@a***.fr`; `+33 6 12 34 56 78` -> `+33*******78`.
  public static func mask(_ value: String) -> String {
    if showsValues { return value }
    if let at = value.firstIndex(of: "@") {
      let local = value[..<at]
      let domain = value[value.index(after: at)...]
      let tld = domain.lastIndex(of: ".").map { String(domain[$0...]) } ?? ""
      return "\(local.prefix(1))***@\(domain.prefix(1))***\(tld)"
    }
    let digits = value.filter(\.isNumber)
    if digits.count >= 5 {
      return String(value.prefix(3)) + String(repeating: "*", count: max(value.count - 5, 1)) + String(value.suffix(2))
    }
    if value.count <= 2 { return String(repeating: "*", count: value.count) }
    return String(value.prefix(1)) + String(repeating: "*", count: value.count - 1)
  }
}
