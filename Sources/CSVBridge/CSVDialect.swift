import Foundation

/// The text encodings `CSVReader` can read; each is transcoded to UTF-8 before parsing.
public enum CSVEncoding: String, Sendable, CaseIterable {
  case utf8 = "utf-8"
  case utf16LE = "utf-16le"
  case utf16BE = "utf-16be"
  case windows1252 = "windows-1252"
}

/// How a CSV file is written: its encoding, separators and line ending.
public struct CSVDialect: Sendable, Equatable, CustomStringConvertible {
  /// The first line break of the file; `.none` when it has none.
  public enum LineEnding: String, Sendable, CaseIterable {
    case lf, crlf, cr, none
  }

  public var encoding: CSVEncoding
  /// The file starts with a byte-order mark (the reader skips one in any case).
  public var hasBOM: Bool
  public var delimiter: UInt8
  public var quote: UInt8
  /// Informative only: the reader takes LF, CRLF and a lone CR as line breaks in every file.
  public var lineEnding: LineEnding

  public init(
    encoding: CSVEncoding = .utf8, hasBOM: Bool = false, delimiter: UInt8 = UInt8(ascii: ","),
    quote: UInt8 = UInt8(ascii: "\""), lineEnding: LineEnding = .lf
  ) {
    self.encoding = encoding
    self.hasBOM = hasBOM
    self.delimiter = delimiter
    self.quote = quote
    self.lineEnding = lineEnding
  }

  public var description: String {
    let names: [UInt8: String] = [9: "TAB", 44: "','", 59: "';'", 124: "'|'"]
    let separator = names[delimiter] ?? "byte \(delimiter)"
    return "\(encoding.rawValue)\(hasBOM ? " with BOM" : ""), delimiter \(separator), \(lineEnding.rawValue.uppercased())"
  }

  /// The delimiters `detect` chooses from, in the order that breaks ties.
  public static let delimiterCandidates: [UInt8] = [
    UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"),
  ]

  /// How many lines after the header `detect` compares with it.
  static let linesCompared = 5

  /// Guesses the dialect of a file from its first `sampleBytes` bytes (at least 4 are read).
  ///
  /// - Encoding: a UTF-8 or UTF-16 byte-order mark decides; otherwise UTF-8 if the sample is valid UTF-8
  ///   (a character cut by the end of the sample counts as valid when the file goes on), else Windows-1252.
  /// - Delimiter: among `,` `;` TAB `|`, counted outside quotes, the one found on the header line that
  ///   has the same count on most of the next lines, then the most frequent on the header; `,` when
  ///   the header has none of them. The quote is always `"`.
  /// - Line ending: the first line break of the sample.
  public static func detect(path: String, sampleBytes: Int = 65536) throws -> CSVDialect {
    let (sample, isCut) = try readSample(path: path, count: max(sampleBytes, 4))
    let (encoding, hasBOM) = detectEncoding(sample, isCut: isCut)
    var transcoder = TextTranscoder(encoding: encoding)
    var text: [UInt8] = []
    transcoder.transcode(sample, into: &text)  // no `finish`: a character cut by the sample's end is left out
    let quote = UInt8(ascii: "\"")
    return CSVDialect(
      encoding: encoding, hasBOM: hasBOM,
      delimiter: detectDelimiter(in: text, quote: quote, isCut: isCut),
      quote: quote, lineEnding: detectLineEnding(in: text))
  }

  /// Up to `count` bytes from the start of the file, and whether the file goes on after them.
  private static func readSample(path: String, count: Int) throws -> (bytes: [UInt8], isCut: Bool) {
    guard let file = FileHandle(forReadingAtPath: path) else {
      throw CSVError(path: path, line: 0, field: nil, message: "cannot open the file for reading")
    }
    defer { try? file.close() }
    var sample: [UInt8] = []
    while sample.count < count, let data = try file.read(upToCount: count - sample.count), !data.isEmpty {
      sample.append(contentsOf: data)
    }
    let isCut = try !(file.read(upToCount: 1) ?? Data()).isEmpty
    return (sample, isCut)
  }

  static func detectEncoding(_ sample: [UInt8], isCut: Bool) -> (CSVEncoding, hasBOM: Bool) {
    if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, true) }
    if sample.starts(with: [0xFF, 0xFE]) { return (.utf16LE, true) }
    if sample.starts(with: [0xFE, 0xFF]) { return (.utf16BE, true) }
    return (isUTF8(sample, mayEndInsideCharacter: isCut) ? .utf8 : .windows1252, false)
  }

  /// Whether `bytes` is valid UTF-8; with `mayEndInsideCharacter`, its last character may be cut short.
  static func isUTF8(_ bytes: [UInt8], mayEndInsideCharacter: Bool) -> Bool {
    if String(validating: bytes, as: UTF8.self) != nil { return true }
    guard mayEndInsideCharacter, let completion = completionOfCutCharacter(bytes) else { return false }
    return String(validating: bytes + completion, as: UTF8.self) != nil
  }

  /// The bytes that complete a multi-byte UTF-8 sequence cut short at the end of `bytes`, or nil if it does
  /// not end inside one. The smallest valid bytes are chosen, so validating the completed text checks that
  /// the cut sequence is the start of a real character (after 0xE0 the next byte is at least 0xA0, after
  /// 0xF0 at least 0x90).
  static func completionOfCutCharacter(_ bytes: [UInt8]) -> [UInt8]? {
    for continuations in 0..<min(3, bytes.count) {
      let lead = bytes[bytes.count - 1 - continuations]
      if lead & 0xC0 == 0x80 { continue }  // a continuation byte: the lead is further back
      let length: Int
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: return nil
      }
      let present = continuations + 1
      guard length > present else { return nil }
      return (present..<length).map { position in
        guard position == 1 else { return 0x80 }
        switch lead {
        case 0xE0: return 0xA0
        case 0xF0: return 0x90
        default: return 0x80
        }
      }
    }
    return nil
  }

  /// Chooses the delimiter from the header record and the next `linesCompared` records of UTF-8 `text`.
  static func detectDelimiter(in text: [UInt8], quote: UInt8, isCut: Bool) -> UInt8 {
    let records = delimiterCounts(in: text, quote: quote, isCut: isCut, limit: linesCompared + 1)
    guard let header = records.first else { return UInt8(ascii: ",") }
    var best: (delimiter: UInt8, sameCount: Int, count: Int)?
    for (index, delimiter) in delimiterCandidates.enumerated() where header[index] > 0 {
      let sameCount = records.dropFirst().filter { $0[index] == header[index] }.count
      if let chosen = best, (sameCount, header[index]) <= (chosen.sameCount, chosen.count) { continue }
      best = (delimiter, sameCount, header[index])
    }
    return best?.delimiter ?? UInt8(ascii: ",")
  }

  /// For each of the first `limit` non-blank records, how often each candidate delimiter occurs outside
  /// quotes. A line break inside quotes does not end a record. When the sample is cut, its last record
  /// is left out unless it is the only one.
  static func delimiterCounts(in text: [UInt8], quote: UInt8, isCut: Bool, limit: Int) -> [[Int]] {
    let none = [Int](repeating: 0, count: delimiterCandidates.count)
    var records: [[Int]] = []
    var current = none
    var inQuotes = false
    var blank = true
    for byte in text {
      if byte == quote {
        inQuotes.toggle()  // a doubled quote toggles twice
      } else if !inQuotes, byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        if !blank {
          records.append(current)
          if records.count == limit { return records }
        }
        current = none
        blank = true
        continue
      } else if !inQuotes, let index = delimiterCandidates.firstIndex(of: byte) {
        current[index] += 1
      }
      blank = false
    }
    if !blank, !isCut || records.isEmpty { records.append(current) }
    return records
  }

  static func detectLineEnding(in text: [UInt8]) -> LineEnding {
    guard let index = text.firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
      return .none
    }
    if text[index] == UInt8(ascii: "\n") { return .lf }
    return index + 1 < text.count && text[index + 1] == UInt8(ascii: "\n") ? .crlf : .cr
  }
}
