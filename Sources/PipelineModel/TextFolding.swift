import Foundation

/// Text forms used for matching: NFC, collapsed whitespace, and a folded key without case or accents.
public enum TextFolding {
  /// NFC with runs of whitespace collapsed to one space and the ends trimmed.
  public static func clean(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping
      .split(whereSeparator: { $0.isWhitespace })
      .joined(separator: " ")
  }

  /// `  Élodie   MÜLLER ` -> `elodie muller`.
  public static func key(_ text: String) -> String {
    clean(text).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
      .lowercased()
  }
}
