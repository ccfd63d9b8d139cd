/// Trimming without Foundation: `trimmingCharacters(in:)` bridges every string to `NSString`
/// and back, which cost a fifth of a deal import. Same characters as `CharacterSet`'s sets.
extension StringProtocol {
  /// Without leading and trailing spaces: what `trimmingCharacters(in: .whitespaces)` gives
  /// (tab, the Unicode space separators Zs, and U+200B).
  public var trimmedSpaces: String { trimmed(newlines: false) }

  /// Without leading and trailing spaces and line breaks: what
  /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives (Z*, U+000A to U+000D, U+0085).
  public var trimmedWhitespace: String { trimmed(newlines: true) }

  private func trimmed(newlines: Bool) -> String {
    let scalars = unicodeScalars
    guard let first = scalars.first, let last = scalars.last else { return "" }
    let space = { (scalar: Unicode.Scalar) in TextTrimming.isSpace(scalar, newlines: newlines) }
    if !space(first) && !space(last) { return String(self) }
    guard let start = scalars.firstIndex(where: { !space($0) }),
      let end = scalars.lastIndex(where: { !space($0) })
    else { return "" }
    return String(self[start..<scalars.index(after: end)])
  }
}

enum TextTrimming {
  static func isSpace(_ scalar: Unicode.Scalar, newlines: Bool) -> Bool {
    switch scalar.value {
    // U+200B, zero width space, was a space separator in older Unicode; Foundation keeps it.
    case 0x20, 0x09, 0x200B: return true
    case 0x0A...0x0D, 0x85: return newlines
    case 0...0x7F: return false
    default:
      switch scalar.properties.generalCategory {
      case .spaceSeparator: return true
      case .lineSeparator, .paragraphSeparator: return newlines
      default: return false
      }
    }
  }
}
