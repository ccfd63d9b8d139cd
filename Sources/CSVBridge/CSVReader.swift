internal import CCSV
import Foundation

/// A malformed CSV file, at a 1-based line and field.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  public let line: Int
  public let field: Int?
  public let message: String

  public var description: String {
    let position = field.map { "line \(line), field \($0)" } ?? "line \(line)"
    return "\(path): \(position): \(message)"
  }
}

/// One record and the physical line it starts on (1-based).
public struct CSVRecord: Sendable, Equatable {
  public var fields: [String]
  public var line: Int
}

/// Streams the records of a CSV file through libcsv in strict mode, with space trimming off.
///
/// The file is fed to libcsv one physical line at a time, so every record carries its line.
public final class CSVReader {
  public let path: String
  public let delimiter: UInt8
  public let quote: UInt8
  private let parser: UnsafeMutablePointer<csv_parser>

  public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\"")) throws {
    self.path = path
    self.delimiter = delimiter
    self.quote = quote
    parser = .allocate(capacity: 1)
    guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
      parser.deallocate()
      throw CSVError(path: path, line: 0, field: nil, message: "libcsv could not allocate its parser")
    }
    csv_set_delim(parser, delimiter)
    csv_set_quote(parser, quote)
    csv_set_space_func(parser) { _ in 0 }
  }

  deinit {
    csv_free(parser)
    parser.deallocate()
  }

  /// Calls `body` with each record in file order. A malformed quote or invalid UTF-8 throws `CSVError`.
  public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
    guard let file = FileHandle(forReadingAtPath: path) else {
      throw CSVError(path: path, line: 0, field: nil, message: "cannot open the file for reading")
    }
    defer { try? file.close() }
    let state = ParseState(path: path)
    try withExtendedLifetime(state) {
      let context = Unmanaged.passUnretained(state).toOpaque()
      var carry = [UInt8]()
      var firstChunk = true
      while true {
        let data = try file.read(upToCount: 1 << 16) ?? Data()
        if data.isEmpty { break }
        var bytes = carry + data
        carry.removeAll(keepingCapacity: true)
        if firstChunk {
          firstChunk = false
          if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        }
        var lineStart = 0
        while let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
          try feed(bytes[lineStart...newline], state: state, context: context, body: body)
          lineStart = newline + 1
        }
        carry.append(contentsOf: bytes[lineStart...])
      }
      if !carry.isEmpty { try feed(carry[...], state: state, context: context, body: body) }
      if csv_fini(parser, fieldCallback, rowCallback, context) != 0 {
        throw state.error(
          line: state.recordStart ?? state.line, "a quoted field is never closed (libcsv: \(libraryMessage()))")
      }
      try state.deliver(body)
    }
  }

  private func feed(
    _ line: ArraySlice<UInt8>, state: ParseState, context: UnsafeMutableRawPointer,
    body: (CSVRecord) throws -> Void
  ) throws {
    state.line += 1
    if state.recordStart == nil, line.contains(where: { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }) {
      state.recordStart = state.line
    }
    let consumed = line.withUnsafeBytes { raw in
      csv_parse(parser, raw.baseAddress, raw.count, fieldCallback, rowCallback, context)
    }
    if consumed != line.count {
      throw state.error(
        line: state.line, field: state.fields.count + 1,
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
  var line = 0
  var recordStart: Int?
  var fields: [[UInt8]] = []
  var ready: [(fields: [[UInt8]], line: Int)] = []

  init(path: String) { self.path = path }

  func error(line: Int, field: Int? = nil, _ message: String) -> CSVError {
    CSVError(path: path, line: line, field: field, message: message)
  }

  func endRecord() {
    ready.append((fields, recordStart ?? line))
    fields = []
    recordStart = nil
  }

  func deliver(_ body: (CSVRecord) throws -> Void) throws {
    let records = ready
    ready.removeAll(keepingCapacity: true)
    for record in records {
      var strings: [String] = []
      strings.reserveCapacity(record.fields.count)
      for (index, bytes) in record.fields.enumerated() {
        guard let text = String(validating: bytes, as: UTF8.self) else {
          throw error(line: record.line, field: index + 1, "invalid UTF-8 in a file read as UTF-8")
        }
        strings.append(text)
      }
      try body(CSVRecord(fields: strings, line: record.line))
    }
  }
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
  bytes, length, context in
  guard let context else { return }
  let state = Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue()
  if let bytes, length > 0 {
    state.fields.append(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
  } else {
    state.fields.append([])
  }
}

private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
  guard let context else { return }
  Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue().endRecord()
}
