import CSVBridge
import Foundation
import PipelineTestSupport
import Testing

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

  @Test func writerQuotesSoTheReaderGetsTheSameFieldsBack() throws {
    let fields = ["plain", "with,comma", "with \"quotes\"", "two\nlines", ""]
    let path = try TestFiles.write(CSVWriter.line(fields), to: "w.csv", in: TestFiles.temporaryDirectory())
    #expect(try records(path).first?.fields == fields)
    #expect(CSVWriter.record(fields) + "\n" == CSVWriter.line(fields))
    #expect(CSVWriter.record(["a", "b\"c"], delimiter: ";") == "\"a\";\"b\"\"c\"")
    #expect(CSVWriter.record([]).isEmpty)
  }
}
