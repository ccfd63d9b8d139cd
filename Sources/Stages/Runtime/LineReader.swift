import Foundation

/// The lines of a line-based dump (web-form submissions, Twilio webhook bodies), read a
/// megabyte at a time, so that a large dump is never in memory whole.
///
/// Lines end at LF or CRLF, split on bytes: a Swift `String` split on `"\n"` does not split
/// at CRLF, which is one character. Lines are numbered from 1, and an empty last line after
/// the final line end is not given.
struct LineReader {
  private let handle: FileHandle

  /// Reads in chunks of `chunk` bytes (a megabyte unless a test says otherwise).
  var chunk = 1 << 20

  /// Nil when the file cannot be opened for reading.
  init?(path: String) {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    self.handle = handle
  }

  /// Calls `body` with each line's number and text (UTF-8, invalid bytes replaced), in order,
  /// then closes the file.
  func forEachLine(_ body: (_ number: Int, _ line: String) throws -> Void) throws {
    defer { try? handle.close() }
    var pending: [UInt8] = []
    var number = 0
    func emit(_ bytes: ArraySlice<UInt8>) throws {
      number += 1
      let line = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
      try body(number, String(decoding: line, as: UTF8.self))
    }
    while let data = try handle.read(upToCount: chunk), !data.isEmpty {
      pending.append(contentsOf: data)
      var start = pending.startIndex
      while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
        try emit(pending[start..<end])
        start = end + 1
      }
      pending.removeSubrange(..<start)
    }
    if !pending.isEmpty { try emit(pending[...]) }
  }
}
