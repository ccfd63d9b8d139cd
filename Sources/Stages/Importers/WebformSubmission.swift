import Foundation
import PipelineModel

/// One submission of a website contact form, from a dump line: a JSON object
/// (`{"submitted_at", "remote_addr", "source", "fields": {...}}`), or a raw urlencoded body,
/// alone or as `submitted_at<TAB>remote_addr<TAB>body`.
struct WebformSubmission {
  var submittedAt: Date?
  var source: String?
  /// Field values in order; a repeated key (`tag`) has several.
  var fields: [(key: String, values: [String])] = []
  /// The urlencoded body's `%XX` bytes were Windows-1252, not UTF-8 (an old form page).
  var wasWindows1252 = false

  /// Fields that are secrets or plumbing: never stored, never logged.
  static let secrets: Set<String> = ["web_form_key", "oid", "captcha_settings", "g-recaptcha-response"]

  func values(_ key: String) -> [String] { fields.first { $0.key == key }?.values ?? [] }
  func value(_ key: String) -> String? { values(key).first { !$0.trimmedSpaces.isEmpty } }

  static func parse(_ line: String) throws(RowError) -> WebformSubmission {
    let text = line.trimmingCharacters(in: CharacterSet(charactersIn: " \r\n"))
    guard !text.isEmpty else { throw RowError(field: "", reason: "an empty line: no submission") }
    var submission = WebformSubmission()
    if text.hasPrefix("{") {
      let object: [String: Any]
      do {
        guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
          throw RowError(field: "", reason: "expected a JSON object")
        }
        object = parsed
      } catch let error as RowError {
        throw error
      } catch {
        throw RowError(
          field: "", reason: "not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? "unreadable"))")
      }
      if let date = object["submitted_at"] {
        guard let text = date as? String, let parsed = RFC2822.parse(text) else {
          throw RowError(field: "submitted_at", reason: "expected an RFC 3339 time such as 2026-11-28T09:15:02Z")
        }
        submission.submittedAt = parsed
      }
      submission.source = object["source"] as? String
      guard let fields = object["fields"] as? [String: Any] else {
        throw RowError(field: "fields", reason: "a submission needs a 'fields' object")
      }
      for key in fields.keys.sorted() where !secrets.contains(key.lowercased()) {
        switch fields[key] {
        case let value as String: submission.fields.append((key, [value]))
        case let list as [Any]:
          guard let values = list as? [String] else {
            throw RowError(field: "fields.\(key)", reason: "expected text or a list of texts")
          }
          submission.fields.append((key, values))
        case is NSNull: continue
        default: throw RowError(field: "fields.\(key)", reason: "expected text or a list of texts")
        }
      }
    } else {
      var body = Substring(text)
      let parts = text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
      if parts.count == 3 {
        body = parts[2]
        if parts[0] != "-" {
          guard let date = RFC2822.parse(String(parts[0])) else {
            throw RowError(
              field: "submitted_at", reason: "expected an RFC 3339 time such as 2026-11-28T09:15:02Z, got '\(parts[0])'")
          }
          submission.submittedAt = date
        }
      } else if parts.count != 1 {
        throw RowError(field: "", reason: "expected submitted_at<TAB>remote_addr<TAB>body, or a body alone")
      }
      guard !body.isEmpty else { throw RowError(field: "", reason: "an empty form body: no submission") }
      let decoded = try FormEncoding.decode(String(body))
      submission.wasWindows1252 = decoded.wasWindows1252
      for (key, value) in decoded.fields where !secrets.contains(key.lowercased()) {
        if let index = submission.fields.firstIndex(where: { $0.key == key }) {
          submission.fields[index].values.append(value)
        } else {
          submission.fields.append((key, [value]))
        }
      }
    }
    for field in submission.fields {
      // A `%00` decodes to a NUL byte: it is not text, and would be stored in a name.
      if let (_, byte) = CSVImport.controlByte(in: field.values) {
        throw RowError(
          field: field.key,
          reason: String(format: "holds the control byte 0x%02X, which is not text; the submission was not imported", byte))
      }
    }
    guard submission.fields.contains(where: { field in field.values.contains { !$0.isEmpty } }) else {
      throw RowError(field: "fields", reason: "the submission has no field with a value")
    }
    return submission
  }

  /// The line with every secret's value replaced, so it can be kept and shown.
  static func redacted(_ line: String) -> String {
    var text = line
    for secret in secrets {
      // JSON: "web_form_key": "..." (also in a truncated line); urlencoded: web_form_key=...
      var searchStart = text.startIndex
      while let key = text.range(of: "\"\(secret)\"", options: .caseInsensitive, range: searchStart..<text.endIndex) {
        var index = key.upperBound
        while index < text.endIndex, text[index] == " " || text[index] == ":" { index = text.index(after: index) }
        guard index < text.endIndex, text[index] == "\"" else {
          searchStart = key.upperBound
          continue
        }
        let valueStart = text.index(after: index)
        var end = valueStart
        while end < text.endIndex, text[end] != "\"" {
          end =
            text[end] == "\\" && text.index(after: end) < text.endIndex ? text.index(end, offsetBy: 2) : text.index(after: end)
        }
        text.replaceSubrange(valueStart..<end, with: "<redacted>")
        searchStart = text.index(valueStart, offsetBy: "<redacted>".count)
      }
    }
    if !text.hasPrefix("{") {
      let parts = text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
      let body = FormEncoding.redacted(String(parts.last ?? ""), secrets: secrets)
      text = (parts.dropLast().map(String.init) + [body]).joined(separator: "\t")
    }
    return redactedJSON(text) ?? text
  }

  /// A JSON line whose secret the text search above missed (a key written with escapes such
  /// as `web\u005fform_key`, or a list as its value), written again with `<redacted>` values;
  /// nil when nothing is left to hide.
  private static func redactedJSON(_ text: String) -> String? {
    guard text.hasPrefix("{"),
      var object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
      var fields = object["fields"] as? [String: Any]
    else { return nil }
    var found = false
    for key in fields.keys where secrets.contains(key.lowercased()) {
      let values = (fields[key] as? [Any] ?? [fields[key] as Any]).compactMap { $0 as? String }
      if values.contains(where: { !$0.isEmpty && $0 != "<redacted>" }) {
        fields[key] = "<redacted>"
        found = true
      }
    }
    guard found else { return nil }
    object["fields"] = fields
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }
}
