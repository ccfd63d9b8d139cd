import Foundation

/// Text forms used for matching: NFC, collapsed whitespace, and a folded key without case or accents.
public enum TextFolding {
  /// NFC with runs of whitespace collapsed to one space and the ends trimmed.
  public static func clean(_ text: String) -> String {
    if isCleanASCII(text) || isCleanLatin(text) { return text }
    return collapsedASCII(text) ?? cleaned.value(text, foundationClean)
  }

  /// `clean` through Foundation, for any text.
  static func foundationClean(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// `clean` of an ASCII text, byte by byte: NFC changes no ASCII text, and its whitespace
  /// is tab to carriage return and space. Nil for any other text. Cells with stray spaces
  /// are common, and went through Foundation and the memo's lock.
  static func collapsedASCII(_ text: String) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      guard byte < 0x80 else { return nil }
      if byte == 0x20 || (0x09...0x0D).contains(byte) {
        if let last = bytes.last, last != 0x20 { bytes.append(0x20) }
      } else {
        bytes.append(byte)
      }
    }
    if bytes.last == 0x20 { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `  Élodie   MÜLLER ` -> `elodie muller`.
  public static func key(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return clean(text).lowercased() }
    if text.unicodeScalars.allSatisfy({ $0.value < latinEnd }) {
      // The keys' bytes gathered, then made into one string: a string append a character cost
      // several times as much.
      var key: [UInt8] = []
      key.reserveCapacity(text.utf8.count)
      for scalar in clean(text).unicodeScalars {
        // NFC keeps such text below `latinEnd`; should it not, Foundation folds it.
        guard scalar.value < latinEnd else { return foundationKey(text) }
        key += latinKeyBytes[Int(scalar.value)]
      }
      return String(decoding: key, as: UTF8.self)
    }
    return foundationKey(text)
  }

  private static func foundationKey(_ text: String) -> String {
    folded.value(text) { text in
      clean(text).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        .lowercased()
    }
  }

  /// Below U+0300 (Latin-1 and Latin Extended A and B) no character combines with another, and
  /// every one is in NFC: a text of them folds character by character.
  static let latinEnd: UInt32 = 0x300

  /// The key of each character below `latinEnd`, as Foundation folds it alone.
  static let latinKeyBytes: [[UInt8]] = latinKeys.map { Array($0.utf8) }

  static let latinKeys: [String] = (0..<latinEnd).map { value in
    guard let scalar = Unicode.Scalar(value) else { return "" }
    return String(Character(scalar)).folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil
    ).lowercased()
  }

  /// Text below `latinEnd` without control characters, no-break spaces, leading, trailing or
  /// doubled spaces: already clean (in NFC, and its only whitespace is single spaces).
  static func isCleanLatin(_ text: String) -> Bool {
    var previousSpace = true
    for scalar in text.unicodeScalars {
      let value = scalar.value
      guard value >= 0x20, value < latinEnd, !(0x7F...0xA0).contains(value) else { return false }
      let space = value == 0x20
      if space && previousSpace { return false }
      previousSpace = space
    }
    return !previousSpace || text.isEmpty
  }

  private static let cleaned = Memo<String>()
  private static let folded = Memo<String>()

  /// Plain ASCII without control characters, leading, trailing or doubled spaces: already clean.
  static func isCleanASCII(_ text: String) -> Bool {
    // In the stored bytes when the text has them: the view's iterator costs several times
    // the instructions a byte, and every cell of an import is checked.
    text.utf8.withContiguousStorageIfAvailable(isCleanASCII) ?? Array(text.utf8).withUnsafeBufferPointer(isCleanASCII)
  }

  private static func isCleanASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var previousSpace = true
    for byte in bytes {
      guard byte >= 0x20, byte < 0x7F else { return false }
      let space = byte == 0x20
      if space && previousSpace { return false }
      previousSpace = space
    }
    return !previousSpace || bytes.isEmpty
  }
}
