import Foundation
import PipelineTestSupport
import Testing

@testable import CSVBridge

@Suite struct CSVBridgeTests {
  func records(_ path: String) throws -> [CSVRecord] {
    var records: [CSVRecord] = []
    try CSVReader(path: path).forEachRecord { records.append($0) }
    return records
  }

  @Test func readsQuotedMultilineFieldsKeepingSpacesAndLines() throws {
    let records = try records(TestFiles.fixture("csv/quoted-multiline.csv"))
    #expect(records.map(\.line) == [1, 2, 4])
    #expect(records[1].fields == ["Dupont, Jean", " Paris ", "two\nlines"])
    #expect(records[2].fields == ["Zoë", "Genève", ""])
  }

  @Test func malformedQuoteIsAnErrorWithItsLine() throws {
    let path = TestFiles.fixture("csv/malformed-quote.csv")
    var seen: [String] = []
    let error = #expect(throws: CSVError.self) {
      try CSVReader(path: path).forEachRecord { seen.append($0.fields[0]) }
    }
    #expect(error?.line == 3)
    #expect(error?.field == 2)
    #expect(error?.message.hasPrefix("malformed quoting") == true)
    #expect(error?.message.contains("libcsv: error parsing data while strict checking enabled") == true)
    #expect(seen == ["name", "Alice"])
  }

  @Test func quoteNeverClosedIsAnErrorAtTheRecordStart() throws {
    let error = #expect(throws: CSVError.self) {
      try CSVReader(path: TestFiles.fixture("csv/unterminated-quote.csv")).forEachRecord { _ in }
    }
    #expect(error?.line == 3)
    #expect(error?.message.contains("never closed") == true)
  }

  @Test func invalidUTF8IsAnErrorWithLineAndField() throws {
    let folder = TestFiles.temporaryDirectory()
    let path = "\(folder)/latin1.csv"
    try Data([0x61, 0x2C, 0x62, 0x0A, 0x78, 0x2C, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: CSVError.self) { try records(path) }
    #expect(error?.line == 2)
    #expect(error?.field == 2)
    // A replacement character written in the file is text; the first bad field is the one reported.
    try Data(Array("a,b,c,d\n\u{FFFD},ok,".utf8) + [0xC3, 0x2C, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
    let second = #expect(throws: CSVError.self) { try records(path) }
    #expect(second?.line == 2)
    #expect(second?.field == 3)
  }

  /// The reader takes a field's bytes as they are when they are valid UTF-8, and rejects them
  /// otherwise, as `String(validating:)` does: random bytes, random scalars (the replacement
  /// character among them), and cuts of both.
  @Test func fieldBytesAreTakenExactlyWhenValidUTF8() {
    var generator = SystemRandomNumberGenerator()
    let samples: [[UInt8]] = [
      [], Array("Zoë".utf8), Array("\u{FFFD}".utf8), [0xE9], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80],
      Array("a\u{FFFD}b".utf8) + [0xFF],
    ]
    let randomBytes = (0..<3_000).map { _ in
      (0..<Int.random(in: 0...12, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
    let randomText = (0..<3_000).map { _ in
      let scalars = (0..<Int.random(in: 0...6, using: &generator)).map { _ -> Unicode.Scalar in
        let bound: UInt32 = [0x7F, 0x7FF, 0xFFFF, 0x10FFFF].randomElement(using: &generator)!
        return Unicode.Scalar(UInt32.random(in: 0...bound, using: &generator)) ?? "\u{FFFD}"  // a surrogate has no scalar
      }
      let bytes = Array(String(String.UnicodeScalarView(scalars)).utf8)
      return Bool.random(using: &generator) ? bytes : Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
    }
    for bytes in samples + randomBytes + randomText {
      let exact = bytes.withUnsafeBufferPointer { String(exactUTF8: $0) }
      #expect(exact == String(validating: bytes, as: UTF8.self), "\(bytes)")
    }
  }

  @Test func byteOrderMarkAndCRLFAreHandled() throws {
    let folder = TestFiles.temporaryDirectory()
    let path = "\(folder)/bom.csv"
    try Data([0xEF, 0xBB, 0xBF] + Array("a;b\r\n1;2\r\n\r\n3;4".utf8)).write(to: URL(fileURLWithPath: path))
    var records: [CSVRecord] = []
    try CSVReader(path: path, delimiter: UInt8(ascii: ";")).forEachRecord { records.append($0) }
    #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
    #expect(records.map(\.line) == [1, 2, 4])
  }

  /// `containsUTF8` searches the stored bytes; it answers as the UTF-8 view's `contains` does,
  /// for ASCII and other text, short (stored inline) and long.
  @Test func containsUTF8AnswersAsTheViewDoes() {
    var generator = SystemRandomNumberGenerator()
    let pieces = ["a", "\"", ":", ";", " ", "é", "日", "\u{0}", "Zoë Müller", String(repeating: "x", count: 40)]
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0..<8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }
        .joined()
      for byte in [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: ";"), 0, 0xC3, 0xA9] {
        #expect(text.containsUTF8(byte) == text.utf8.contains(byte), "\(text.debugDescription) \(byte)")
      }
    }
  }

  /// An ASCII email's domain is read in its bytes: the same as through its characters.
  @Test func writerQuotesSoTheReaderGetsTheSameFieldsBack() throws {
    let fields = ["plain", "with,comma", "with \"quotes\"", "two\nlines", "", "Zoë Müller, 日本"]
    let path = try TestFiles.write(CSVWriter.line(fields), to: "w.csv", in: TestFiles.temporaryDirectory())
    #expect(try records(path).first?.fields == fields)
    #expect(CSVWriter.record(fields) + "\n" == CSVWriter.line(fields))
    #expect(CSVWriter.record(["a", "b\"c"], delimiter: ";") == "\"a\";\"b\"\"c\"")
    #expect(CSVWriter.record([]).isEmpty)
    #expect(CSVWriter.record(["é", "x\ty"], delimiter: "\t") == "\"é\"\t\"x\ty\"")
  }
}
