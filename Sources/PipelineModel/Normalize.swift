import Foundation

/// Normal forms used to match contacts. Originals are always kept for display.
public enum Normalize {
  /// The most bytes an email address may hold, and its part before the `@` (RFC 5321).
  public static let longestEmail = 254
  public static let longestLocalPart = 64

  /// Whether `text` is longer than an email may be, or its part before the last `@` is.
  public static func isTooLongForAnEmail(_ text: String) -> Bool {
    let trimmed = text.trimmedWhitespace
    return trimmed.utf8.count > longestEmail
      || (trimmed.lastIndex(of: "@").map { trimmed[..<$0].utf8.count } ?? 0) > longestLocalPart
  }

  /// A trimmed email if it has the shape `local@domain.tld`, else nil.
  public static func email(_ text: String) -> String? {
    func plain(_ edge: UInt8?) -> Bool { edge.map { $0 > 0x20 && $0 < 0x80 } ?? true }
    let value = plain(text.utf8.first) && plain(text.utf8.last) ? text : text.trimmedWhitespace
    // In the stored bytes when the text has them: the view's iterator costs several times the
    // instructions a byte, and every email of every row is checked.
    let valid =
      value.utf8.withContiguousStorageIfAvailable(hasEmailShape) ?? Array(value.utf8).withUnsafeBufferPointer(hasEmailShape)
    return valid ? value : nil
  }

  /// Whether trimmed bytes read `local@domain.tld`: one `@` with something before it, a dot
  /// in the domain but not first, last or doubled, and no space, control byte or separator;
  /// at most 254 bytes, 64 before the `@` (RFC 5321's limits: longer ones cannot be delivered).
  private static func hasEmailShape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count <= longestEmail else { return false }
    var ats = 0
    var atIndex = 0
    var previous: UInt8 = 0
    var afterAtDots = 0
    for (offset, byte) in bytes.enumerated() {
      switch byte {
      case UInt8(ascii: "@"):
        ats += 1
        atIndex = offset
      case UInt8(ascii: "."):
        if ats == 1 { afterAtDots += 1 }
        if previous == UInt8(ascii: "."), ats == 1 { return false }
      case 0...0x20, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("),
        UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\""):
        return false
      default: break
      }
      previous = byte
    }
    return ats == 1 && atIndex > 0 && atIndex <= longestLocalPart && afterAtDots > 0 && atIndex + 1 < bytes.count
      && previous != UInt8(ascii: ".")
      && bytes[atIndex + 1] != UInt8(ascii: ".")
  }

  /// The case-insensitive key of an email.
  public static func emailKey(_ email: String) -> String { email.lowercased() }

  /// `acme.fr` from `jean@Acme.fr`; nil for free-mail domains, which say nothing about a person.
  public static func emailDomain(_ email: String) -> String? {
    guard let domain = asciiDomain(email) ?? email.lastIndex(of: "@").map({ email[email.index(after: $0)...].lowercased() })
    else { return nil }
    return freeMailDomains.contains(domain) ? nil : domain
  }

  /// The lower-cased text after the last `@` of an ASCII email, read in its bytes; nil for
  /// other text (or without `@`), which goes through characters. Every email of every row is
  /// read so, and the character search cost about twenty times as much.
  static func asciiDomain(_ email: String) -> String? {
    let domain = email.utf8.withContiguousStorageIfAvailable { bytes -> String? in
      guard !bytes.contains(where: { $0 >= 0x80 }), let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return nil }
      let part = UnsafeBufferPointer(rebasing: bytes[(at + 1)...])
      let upper = UInt8(ascii: "A")...UInt8(ascii: "Z")
      guard part.contains(where: upper.contains) else { return String(decoding: part, as: UTF8.self) }
      return String(decoding: part.map { upper.contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
    return domain ?? nil
  }

  static let freeMailDomains: Set<String> = [
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "yahoo.co.uk", "hotmail.com", "hotmail.fr", "outlook.com",
    "outlook.fr", "live.com", "live.fr", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.de", "gmx.net",
    "gmx.fr", "web.de", "t-online.de", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "neuf.fr",
    "bbox.fr", "proton.me", "protonmail.com", "mail.com", "yandex.ru", "example.com", "example.org", "example.net",
  ]

  /// Name tokens without case, accents or punctuation, sorted: `Müller, Jürgen` and
  /// `jurgen muller` both give `jurgen muller`.
  public static func personKey(_ parts: [String?]) -> String {
    let parts = parts.compactMap { $0 }
    let words = asciiWords(parts, dropping: nil) ?? foldedTokens(parts.joined(separator: " "), dropping: nil)
    return words.sorted().joined(separator: " ")
  }

  /// Folded tokens of `text`: letters and digits only.
  public static func tokens(_ text: String, dropping dropped: Character? = nil) -> [String] {
    asciiWords([text], dropping: dropped?.asciiValue) ?? foldedTokens(text, dropping: dropped)
  }

  /// `tokens` through `TextFolding.key`, for any text.
  static func foldedTokens(_ text: String, dropping dropped: Character?) -> [String] {
    let folded = TextFolding.key(text)
    if folded.utf8.allSatisfy({ $0 < 0x80 }) { return asciiTokens(folded, dropping: dropped?.asciiValue) }
    var words: [String] = []
    var word = ""
    for c in folded where c != dropped {
      if c.isLetter || c.isNumber {
        word.append(c)
      } else if !word.isEmpty {
        words.append(word)
        word = ""
      }
    }
    if !word.isEmpty { words.append(word) }
    return words
  }

  /// `tokens` of ASCII texts in one pass over their bytes, without folding them first (in
  /// ASCII, folding is lower-casing, and spaces and control characters separate words as
  /// any other non-alphanumeric byte does); nil as soon as a byte is not ASCII. Rows are
  /// mostly ASCII, and this is run for every name, company and city of every row.
  static func asciiWords(_ texts: [String], dropping dropped: UInt8?) -> [String]? {
    var words: [String] = []
    for text in texts {
      let ascii = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(text.utf8.count, 1)) { word -> Bool in
        // In the stored bytes when the text has them (the view's iterator costs several times
        // the instructions a byte).
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { split(bytes, into: word, dropping: dropped, words: &words) }
        return text.utf8.withContiguousStorageIfAvailable(scan) ?? Array(text.utf8).withUnsafeBufferPointer(scan)
      }
      guard ascii else { return nil }
    }
    return words
  }

  /// Appends the lower-cased ASCII words of `bytes` to `words`, using `word` (as long as
  /// `bytes`) for the word being read; false as soon as a byte is not ASCII.
  private static func split(
    _ bytes: UnsafeBufferPointer<UInt8>, into word: UnsafeMutableBufferPointer<UInt8>, dropping dropped: UInt8?,
    words: inout [String]
  ) -> Bool {
    var length = 0
    for byte in bytes {
      switch byte {
      case 0x80...: return false
      case dropped: continue
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        word[length] = byte
        length += 1
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        word[length] = byte | 0x20
        length += 1
      default:
        if length > 0 { words.append(String(decoding: word[..<length], as: UTF8.self)) }
        length = 0
      }
    }
    if length > 0 { words.append(String(decoding: word[..<length], as: UTF8.self)) }
    return true
  }

  /// `tokens` of folded ASCII text, byte by byte.
  private static func asciiTokens(_ folded: String, dropping dropped: UInt8?) -> [String] {
    var words: [String] = []
    var word: [UInt8] = []
    for byte in folded.utf8 where byte != dropped {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
      default:
        if !word.isEmpty {
          words.append(String(decoding: word, as: UTF8.self))
          word.removeAll(keepingCapacity: true)
        }
      }
    }
    if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
    return words
  }

  /// A company name without case, accents, punctuation or legal form:
  /// `Dupont, Fils & Cie SARL` gives `dupont fils`.
  public static func companyKey(_ name: String) -> String {
    let words = tokens(name, dropping: ".")
    let kept = words.filter { !legalForms.contains($0) }
    return (kept.isEmpty ? words : kept).joined(separator: " ")
  }

  static let legalForms: Set<String> = [
    "sarl", "sas", "sasu", "sa", "eurl", "sci", "snc", "scop", "selarl", "cie", "et", "gmbh", "ag", "kg", "ohg", "ug",
    "mbh", "ltd", "limited", "plc", "llp", "inc", "incorporated", "llc", "corp", "corporation", "co", "bv", "nv",
    "srl", "spa", "sl", "slu", "oy", "ab", "as", "aps", "pty", "pte", "kk", "lda", "sro", "zoo", "and",
  ]

  /// A city or other place without case and accents.
  public static func placeKey(_ text: String?) -> String? {
    guard let text else { return nil }
    let key = tokens(text).joined(separator: " ")
    return key.isEmpty ? nil : key
  }
}

/// How alike two person names are, whatever their word order: both names have the same
/// number of words (or one is a single word), every word of the shorter name finds a similar
/// word in the other (Jaro-Winkler), and the score is the weakest of those pairs. A single
/// letter of the shorter name matches a word it starts. `jean dupont` / `dupond jean`: 0.93.
public enum NameSimilarity {
  public static func score(_ a: String, _ b: String) -> Double {
    let x = a.split(separator: " ").map(String.init), y = b.split(separator: " ").map(String.init)
    guard !x.isEmpty, !y.isEmpty, x.count == y.count || min(x.count, y.count) == 1 else { return 0 }
    let (short, long) = x.count <= y.count ? (x, y) : (y, x)
    var available = long
    var weakest = 1.0
    for word in short {
      var best = (index: -1, score: 0.0)
      for (index, other) in available.enumerated() {
        let similarity =
          word.count == 1 && other.count > 1 ? (other.first == word.first ? 0.95 : 0) : JaroWinkler.similarity(word, other)
        if similarity > best.score { best = (index, similarity) }
      }
      guard best.index >= 0 else { return 0 }
      available.remove(at: best.index)
      weakest = min(weakest, best.score)
    }
    return weakest
  }
}

/// Jaro-Winkler similarity of two strings, from 0 (nothing alike) to 1 (equal).
///
/// The matcher compares millions of pairs: ASCII texts are compared as their bytes in place,
/// others as their Unicode scalars, and the matched flags live on the stack.
public enum JaroWinkler {
  public static func similarity(_ a: String, _ b: String) -> Double {
    var (a, b) = (a, b)
    let ascii = { (text: inout String) in text.withUTF8 { $0.allSatisfy { $0 < 0x80 } } }
    if ascii(&a), ascii(&b) {
      return a.withUTF8 { x in b.withUTF8 { y in score(x, y) } }
    }
    return similarity(Array(a.unicodeScalars), Array(b.unicodeScalars))
  }

  /// The similarity of two texts already split into Unicode scalars.
  public static func similarity(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar]) -> Double {
    s.withUnsafeBufferPointer { x in t.withUnsafeBufferPointer { y in score(x, y) } }
  }

  private static func score<T: Equatable>(_ s: UnsafeBufferPointer<T>, _ t: UnsafeBufferPointer<T>) -> Double {
    if s.isEmpty && t.isEmpty { return 1 }
    if s.isEmpty || t.isEmpty { return 0 }
    return withUnsafeTemporaryAllocation(of: Bool.self, capacity: s.count + t.count) { flags in
      flags.initialize(repeating: false)
      defer { flags.deinitialize() }
      let tOffset = s.count
      let window = max(max(s.count, t.count) / 2 - 1, 0)
      var matches = 0
      for i in s.indices {
        let low = max(0, i - window), high = min(i + window + 1, t.count)
        guard low < high else { continue }
        for j in low..<high where !flags[tOffset + j] && s[i] == t[j] {
          flags[i] = true
          flags[tOffset + j] = true
          matches += 1
          break
        }
      }
      guard matches > 0 else { return 0 }
      var transpositions = 0
      var k = 0
      for i in s.indices where flags[i] {
        while !flags[tOffset + k] { k += 1 }
        if s[i] != t[k] { transpositions += 1 }
        k += 1
      }
      let m = Double(matches)
      let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions / 2)) / m) / 3
      var prefix = 0
      while prefix < min(4, s.count, t.count) && s[prefix] == t[prefix] { prefix += 1 }
      return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
  }
}
