import Foundation

/// Text forms used for matching: NFC, collapsed whitespace, and a folded key without case or accents.
public enum TextFolding {
  /// NFC with runs of whitespace collapsed to one space and the ends trimmed.
  public static func clean(_ text: String) -> String {
    if isCleanASCII(text) { return text }
    return cleaned.value(text) { text in
      text.precomposedStringWithCanonicalMapping
        .split(whereSeparator: { $0.isWhitespace })
        .joined(separator: " ")
    }
  }

  /// `  Élodie   MÜLLER ` -> `elodie muller`.
  public static func key(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return clean(text).lowercased() }
    return folded.value(text) { text in
      clean(text).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        .lowercased()
    }
  }

  private static let cleaned = Memo<String>()
  private static let folded = Memo<String>()

  /// Plain ASCII without control characters, leading, trailing or doubled spaces: already clean.
  static func isCleanASCII(_ text: String) -> Bool {
    var previousSpace = true
    for byte in text.utf8 {
      guard byte >= 0x20, byte < 0x7F else { return false }
      let space = byte == 0x20
      if space && previousSpace { return false }
      previousSpace = space
    }
    return !previousSpace || text.isEmpty
  }
}
