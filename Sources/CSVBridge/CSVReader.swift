internal import CCSV
import Foundation

/// A malformed CSV file, at a 1-based line and field.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  public let line: Int
  public let field: Int?
  public let message: String
  public let cause: Cause

  /// What is wrong, for the advice a message gives.
  public enum Cause: Sendable, Equatable {
    /// A quote inside an unquoted field, text after a closing quote, a quote never closed.
    case quoting
    /// Bytes that are not text in the file's encoding.
    case encoding
    /// A record beyond `CSVReader.longestRecord` or `mostFields`; the message says why.
    case limit
    /// The file cannot be opened or read.
    case reading
  }

  public init(path: String, line: Int, field: Int?, message: String, cause: Cause = .reading) {
    self.path = path
    self.line = line
    self.field = field
    self.message = message
    self.cause = cause
  }

  public var description: String {
    let position = field.map { "line \(line), field \($0)" } ?? "line \(line)"
    return "\(path): \(position): \(message)"
  }
}

/// One record and the physical line it starts on (1-based).
public struct CSVRecord: Sendable, Equatable {
  public var fields: [String]
  public var line: Int

  public init(fields: [String], line: Int) {
    self.fields = fields
    self.line = line
  }
}

/// Streams the records of a CSV file through libcsv in strict mode, with space trimming off.
///
/// The file is read in chunks and transcoded to UTF-8 (see `TextTranscoder`), then fed to libcsv one
/// physical line at a time, so every record carries its line. LF, CRLF and a lone CR all end a line.
public final class CSVReader {
  public let path: String
  public let dialect: CSVDialect
  public var delimiter: UInt8 { dialect.delimiter }
  public var quote: UInt8 { dialect.quote }
  public var encoding: CSVEncoding { dialect.encoding }
  private let parser: UnsafeMutablePointer<csv_parser>

  /// Bytes read from the file at a time.
  static let chunkSize = 1 << 16

  /// The most bytes a record may hold (16 MiB), its line breaks included: a longer one is a
  /// quote never closed or not a CRM export, and is refused before it fills the memory.
  public static let longestRecord = 1 << 24

  /// The most fields a record may hold: more is refused as soon as it is passed, before
  /// millions of empty fields are kept.
  public static let mostFields = 1 << 16

  /// Reads a UTF-8 file (a leading byte-order mark is skipped).
  public convenience init(
    path: String, delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\"")
  ) throws {
    try self.init(path: path, dialect: CSVDialect(encoding: .utf8, delimiter: delimiter, quote: quote))
  }

  /// Reads a file in `dialect`'s encoding, delimiter and quote; see `CSVDialect.detect(path:sampleBytes:)`.
  public init(path: String, dialect: CSVDialect) throws {
    self.path = path
    self.dialect = dialect
    parser = .allocate(capacity: 1)
    guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
      parser.deallocate()
      throw CSVError(path: path, line: 0, field: nil, message: "libcsv could not allocate its parser")
    }
    csv_set_delim(parser, dialect.delimiter)
    csv_set_quote(parser, dialect.quote)
    csv_set_space_func(parser, crmpipe_csv_no_space)
  }

  deinit {
    csv_free(parser)
    parser.deallocate()
  }

  /// Calls `body` with each record in file order. A malformed quote, invalid UTF-8, or bytes with no
  /// character in the dialect's encoding throw `CSVError`.
  public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
    guard let file = FileHandle(forReadingAtPath: path) else {
      throw CSVError(path: path, line: 0, field: nil, message: "cannot open the file for reading")
    }
    defer { try? file.close() }
    let state = ParseState(path: path, encoding: dialect.encoding)
    try withExtendedLifetime(state) {
      let context = Unmanaged.passUnretained(state).toOpaque()
      var text: [UInt8] = []  // UTF-8 not fed yet: the start of a line whose end is still unread
      var scanned = 0  // bytes of `text` known to hold no line break (a very long line is scanned once)
      var atEnd = false
      while !atEnd {
        let data = try file.read(upToCount: Self.chunkSize) ?? Data()
        atEnd = data.isEmpty
        if atEnd {
          state.transcoder.finish(into: &text)
        } else {
          state.transcoder.transcode(data, into: &text)
        }
        var lineStart = 0
        while let lineEnd = Self.endOfLine(in: text, from: lineStart, scanned: scanned, atEnd: atEnd) {
          try feed(text[lineStart..<lineEnd], state: state, context: context, body: body)
          lineStart = lineEnd
          scanned = 0
        }
        if atEnd, lineStart < text.count {
          try feed(text[lineStart...], state: state, context: context, body: body)
        }
        text.removeFirst(lineStart)
        if state.recordBytes + text.count > Self.longestRecord { throw state.tooLong() }
        // A lone CR at the very end may be followed by an LF in the next chunk: scan it again.
        scanned = max(text.count - 1, 0)
      }
      if csv_fini(parser, fieldCallback, rowCallback, context) != 0 {
        throw state.error(
          line: state.recordStart ?? state.line, cause: .quoting,
          "a quoted field is never closed (libcsv: \(libraryMessage()))")
      }
      try state.deliver(body)
    }
  }

  /// The end of the physical line that starts at `start`: just past its LF, CRLF or lone CR. Nil when no
  /// line break follows, or when a CR is the last byte before the end of the text read so far (the next
  /// chunk may start with its LF).
  static func endOfLine(in text: [UInt8], from start: Int, scanned: Int = 0, atEnd: Bool) -> Int? {
    let lf = UInt8(ascii: "\n")
    let cr = UInt8(ascii: "\r")
    let from = max(start, min(start + scanned, text.count))
    guard let index = text[from...].firstIndex(where: { $0 == lf || $0 == cr }) else { return nil }
    if text[index] == lf { return index + 1 }
    if index + 1 < text.count { return text[index + 1] == lf ? index + 2 : index + 1 }
    return atEnd ? index + 1 : nil
  }

  private func feed(
    _ line: ArraySlice<UInt8>, state: ParseState, context: UnsafeMutableRawPointer,
    body: (CSVRecord) throws -> Void
  ) throws {
    state.line += 1
    state.recordBytes += line.count
    if state.recordBytes > Self.longestRecord { throw state.tooLong() }
    if state.recordStart == nil, line.contains(where: { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }) {
      state.recordStart = state.line
    }
    let consumed = line.withUnsafeBytes { raw in
      csv_parse(parser, raw.baseAddress, raw.count, fieldCallback, rowCallback, context)
    }
    if let overflow = state.tooManyFields {
      throw state.error(
        line: overflow, cause: .limit,
        "a record of more than \(Self.mostFields) fields, the most one may hold; this is not a CRM export, or its delimiter is wrong"
      )
    }
    if consumed != line.count {
      throw state.error(
        line: state.line, field: state.fields.count + 1, cause: .quoting,
        "malformed quoting: a quote inside an unquoted field, or text after a closing quote (libcsv: \(libraryMessage()))")
    }
    try state.deliver(body)
  }

  private func libraryMessage() -> String {
    String(cString: csv_strerror(csv_error(parser)))
  }
}

/// What the libcsv callbacks write into while one file is parsed.
private final class ParseState {
  let path: String
  var transcoder: TextTranscoder
  var line = 0
  var recordStart: Int?
  /// The line of a record with more than `CSVReader.mostFields` fields.
  var tooManyFields: Int?
  /// The bytes of the record being read, fed so far.
  var recordBytes = 0
  var fields: [String] = []
  /// The index of the first field of the record being read that is not valid UTF-8.
  var invalidField: Int?
  var ready: [(fields: [String], line: Int, invalidField: Int?)] = []

  init(path: String, encoding: CSVEncoding) {
    self.path = path
    transcoder = TextTranscoder(encoding: encoding)
  }

  func error(line: Int, field: Int? = nil, cause: CSVError.Cause, _ message: String) -> CSVError {
    CSVError(path: path, line: line, field: field, message: message, cause: cause)
  }

  func tooLong() -> CSVError {
    error(
      line: recordStart ?? line + 1, cause: .limit,
      "a record longer than \(CSVReader.longestRecord) bytes (16 MiB), the most one may hold; a quote is never closed, or this is not a CRM export"
    )
  }

  /// Adds a field of the record being read: its text, or an empty text and a note of where
  /// the record first holds invalid UTF-8. Past `CSVReader.mostFields` fields, none is kept:
  /// the record's line is noted in `tooManyFields`.
  func addField(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard fields.count < CSVReader.mostFields else {
      if tooManyFields == nil { tooManyFields = recordStart ?? line }
      return
    }
    guard let text = String(exactUTF8: bytes) else {
      if invalidField == nil { invalidField = fields.count }
      fields.append("")
      return
    }
    fields.append(text)
  }

  func endRecord() {
    ready.append((fields, recordStart ?? line, invalidField))
    fields = []
    invalidField = nil
    recordStart = nil
    recordBytes = 0
  }

  func deliver(_ body: (CSVRecord) throws -> Void) throws {
    let records = ready
    ready.removeAll(keepingCapacity: true)
    for record in records {
      if let invalid = record.invalidField {
        // Other encodings were transcoded, and write TextTranscoder.undecodable only where they had no character.
        let message = transcoder.firstProblem ?? "invalid UTF-8 in a file read as UTF-8"
        throw CSVError(path: path, line: record.line, field: invalid + 1, message: message, cause: .encoding)
      }
      try body(CSVRecord(fields: record.fields, line: record.line))
    }
  }
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
  bytes, length, context in
  guard let context else { return }
  let state = Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue()
  state.addField(UnsafeBufferPointer(start: bytes?.assumingMemoryBound(to: UInt8.self), count: bytes == nil ? 0 : length))
}

private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
  guard let context else { return }
  Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue().endRecord()
}

extension String {
  /// The text of `bytes` when they are valid UTF-8; nil when they are not. `String(decoding:)`
  /// is specialised for a byte buffer (`String(validating:)` looks up generic metadata at each
  /// call) and repairs bad bytes: a text whose bytes differ from the input's had some.
  init?(exactUTF8 bytes: UnsafeBufferPointer<UInt8>) {
    var text = String(decoding: bytes, as: UTF8.self)
    let same = text.withUTF8 { stored in
      guard stored.count == bytes.count else { return false }
      guard let storedStart = stored.baseAddress, let start = bytes.baseAddress else { return true }  // both empty
      return memcmp(storedStart, start, bytes.count) == 0
    }
    guard same else { return nil }
    self = text
  }
}
