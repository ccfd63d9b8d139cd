/// Turns text in a `CSVEncoding` into UTF-8, one chunk at a time, in bounded memory.
///
/// A character split across two chunks is completed by the next chunk: the odd byte of a UTF-16 code unit,
/// a high surrogate waiting for its low surrogate, or the first bytes of a UTF-8 byte-order mark are kept
/// until then. A leading byte-order mark is dropped.
///
/// UTF-8 input is passed through unchecked: the reader validates each field, so it can say where bad bytes
/// are. Input of the other encodings that has no character (a Windows-1252 byte with no character, a lone
/// UTF-16 surrogate, a file ending inside a UTF-16 code unit) is written as the byte `undecodable`, which
/// never occurs in UTF-8: the reader then finds invalid UTF-8 in a field and reports `firstProblem` at that
/// line and field.
public struct TextTranscoder {
  /// Written in place of input that has no character; never part of valid UTF-8.
  static let undecodable: UInt8 = 0xFF

  let encoding: CSVEncoding
  /// Why the first `undecodable` byte was written, if one was.
  private(set) var firstProblem: String?

  /// Nothing but an optional byte-order mark has been decoded yet.
  private var atStart = true
  /// UTF-8: the first bytes of the file while they may still be a byte-order mark.
  private var markPrefix: [UInt8] = []
  /// UTF-16: the first byte of a code unit whose second byte is in the next chunk.
  private var halfUnit: UInt8?
  /// UTF-16: a high surrogate waiting for its low surrogate.
  private var highSurrogate: UInt16?

  init(encoding: CSVEncoding) {
    self.encoding = encoding
  }

  /// Appends the UTF-8 for `input`, the next chunk of the file, to `output`.
  mutating func transcode(_ input: some Collection<UInt8>, into output: inout [UInt8]) {
    switch encoding {
    case .utf8: passUTF8(input, into: &output)
    case .utf16LE, .utf16BE: decodeUTF16(input, into: &output)
    case .windows1252: decodeWindows1252(input, into: &output)
    }
  }

  /// Appends what is still held back once the whole file has been given to `transcode`.
  mutating func finish(into output: inout [UInt8]) {
    output.append(contentsOf: markPrefix)  // fewer bytes than a byte-order mark: they are text
    markPrefix = []
    if let high = highSurrogate {
      highSurrogate = nil
      markUndecodable("invalid UTF-16: high surrogate \(Self.hex(high)) at the end of the file", into: &output)
    }
    if halfUnit != nil {
      halfUnit = nil
      markUndecodable("invalid UTF-16: the file ends in the middle of a 2-byte code unit", into: &output)
    }
  }

  // MARK: UTF-8

  private mutating func passUTF8(_ input: some Collection<UInt8>, into output: inout [UInt8]) {
    guard atStart else {
      output.append(contentsOf: input)
      return
    }
    let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
    markPrefix.append(contentsOf: input)
    if markPrefix.count < mark.count, mark.starts(with: markPrefix) { return }  // may still be a mark
    atStart = false
    output.append(contentsOf: markPrefix.starts(with: mark) ? markPrefix.dropFirst(mark.count) : markPrefix[...])
    markPrefix = []
  }

  // MARK: UTF-16

  private mutating func decodeUTF16(_ input: some Collection<UInt8>, into output: inout [UInt8]) {
    for byte in input {
      guard let first = halfUnit else {
        halfUnit = byte
        continue
      }
      halfUnit = nil
      let unit =
        encoding == .utf16LE
        ? UInt16(byte) << 8 | UInt16(first)
        : UInt16(first) << 8 | UInt16(byte)
      decodeUTF16Unit(unit, into: &output)
    }
  }

  private mutating func decodeUTF16Unit(_ unit: UInt16, into output: inout [UInt8]) {
    if let high = highSurrogate {
      highSurrogate = nil
      if UTF16.isTrailSurrogate(unit) {
        let scalar = 0x10000 + (UInt32(high - 0xD800) << 10 | UInt32(unit - 0xDC00))
        Self.appendUTF8(scalar, to: &output)
        return
      }
      markUndecodable("invalid UTF-16: high surrogate \(Self.hex(high)) without a low surrogate", into: &output)
    }
    if UTF16.isLeadSurrogate(unit) {
      highSurrogate = unit
    } else if UTF16.isTrailSurrogate(unit) {
      markUndecodable("invalid UTF-16: low surrogate \(Self.hex(unit)) without a high surrogate", into: &output)
    } else if atStart && unit == 0xFEFF {
      atStart = false  // the byte-order mark
    } else {
      atStart = false
      Self.appendUTF8(UInt32(unit), to: &output)
    }
  }

  // MARK: Windows-1252

  private mutating func decodeWindows1252(_ input: some Collection<UInt8>, into output: inout [UInt8]) {
    for byte in input {
      if byte < 0x80 {
        output.append(byte)
      } else if let scalar = Self.windows1252Scalar(byte) {
        Self.appendUTF8(scalar, to: &output)
      } else {
        markUndecodable(
          "byte \(Self.hex(byte)) is undefined in Windows-1252 (the file was read as Windows-1252)", into: &output)
      }
    }
  }

  /// The character of a Windows-1252 byte from 0x80 up, or nil for the five undefined bytes.
  static func windows1252Scalar(_ byte: UInt8) -> UInt32? {
    guard byte < 0xA0 else { return UInt32(byte) }  // 0xA0...0xFF are U+00A0...U+00FF, as in Latin-1
    let scalar = windows1252From80[Int(byte) - 0x80]
    return scalar == 0 ? nil : UInt32(scalar)
  }

  /// Windows-1252 bytes 0x80...0x9F; 0 marks the undefined bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D.
  private static let windows1252From80: [UInt16] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // € _ ‚ ƒ „ … † ‡
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,  // ˆ ‰ Š ‹ Œ _ Ž _
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // _ ‘ ’ “ ” • – —
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,  // ˜ ™ š › œ _ ž Ÿ
  ]

  // MARK: Helpers

  private mutating func markUndecodable(_ problem: String, into output: inout [UInt8]) {
    if firstProblem == nil { firstProblem = problem }
    output.append(Self.undecodable)
  }

  /// Appends the UTF-8 bytes of a Unicode scalar value (never a surrogate here).
  static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
    switch scalar {
    case ..<0x80:
      output.append(UInt8(scalar))
    case ..<0x800:
      output.append(0xC0 | UInt8(scalar >> 6))
      output.append(0x80 | UInt8(scalar & 0x3F))
    case ..<0x10000:
      output.append(0xE0 | UInt8(scalar >> 12))
      output.append(0x80 | UInt8(scalar >> 6 & 0x3F))
      output.append(0x80 | UInt8(scalar & 0x3F))
    default:
      output.append(0xF0 | UInt8(scalar >> 18))
      output.append(0x80 | UInt8(scalar >> 12 & 0x3F))
      output.append(0x80 | UInt8(scalar >> 6 & 0x3F))
      output.append(0x80 | UInt8(scalar & 0x3F))
    }
  }

  static func hex(_ value: some BinaryInteger) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    let width = value.bitWidth / 4
    return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}

extension TextTranscoder {
  /// `bytes` as UTF-8 text when they are valid UTF-8, else read as Windows-1252 (the second
  /// value is then true); nil when they are neither.
  public static func text(utf8OrWindows1252 bytes: [UInt8]) -> (text: String, wasWindows1252: Bool)? {
    if let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
    var transcoder = TextTranscoder(encoding: .windows1252)
    var output: [UInt8] = []
    transcoder.transcode(bytes, into: &output)
    guard transcoder.firstProblem == nil, let text = String(validating: output, as: UTF8.self) else { return nil }
    return (text, true)
  }
}
