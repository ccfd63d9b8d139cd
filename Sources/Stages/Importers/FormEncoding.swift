import CSVBridge

/// `application/x-www-form-urlencoded` bodies, as web forms and Twilio's webhooks send them.
enum FormEncoding {
  /// The fields of `body` in order; a repeated key gives several pairs. `+` is a space and
  /// `%XX` a byte; the bytes are UTF-8, or Windows-1252 when they are not (`wasWindows1252`).
  static func decode(_ body: String) throws(RowError) -> (fields: [(key: String, value: String)], wasWindows1252: Bool) {
    var fields: [(key: String, value: String)] = []
    var legacy = false
    for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = try text(parts[0], &legacy)
      let value = parts.count > 1 ? try text(parts[1], &legacy) : ""
      guard !key.isEmpty else { throw RowError(field: "", reason: "a field without a name in the form body") }
      fields.append((key, value))
    }
    return (fields, legacy)
  }

  private static func text(_ encoded: Substring, _ legacy: inout Bool) throws(RowError) -> String {
    var bytes: [UInt8] = []
    var iterator = encoded.utf8.makeIterator()
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "+"): bytes.append(0x20)
      case UInt8(ascii: "%"):
        guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
          throw RowError(field: "", reason: "a '%' not followed by two hex digits in '\(encoded.prefix(40))'")
        }
        bytes.append(high << 4 | low)
      default: bytes.append(byte)
      }
    }
    guard let decoded = TextTranscoder.text(utf8OrWindows1252: bytes) else {
      throw RowError(field: "", reason: "bytes that are neither UTF-8 nor Windows-1252 in '\(encoded.prefix(40))'")
    }
    legacy = legacy || decoded.wasWindows1252
    return decoded.text
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// `body` with the values of `secrets` replaced by `<redacted>`, so it can be kept.
  static func redacted(_ body: String, secrets: Set<String>) -> String {
    body.split(separator: "&", omittingEmptySubsequences: false).map { pair in
      let key = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
      // The key as the form decodes it: `web%5Fform%5Fkey` is a secret too.
      var legacy = false
      let decoded = (try? text(Substring(key), &legacy)) ?? key
      return secrets.contains(decoded.lowercased()) ? "\(key)=%3Credacted%3E" : String(pair)
    }.joined(separator: "&")
  }
}
