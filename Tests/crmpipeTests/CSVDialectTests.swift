import Foundation
import PipelineTestSupport
import Testing

@testable import CSVBridge

/// A fixture under Fixtures/csv/dialects, the dialect `detect` must find, and the records read with it.
struct DialectFixture: Sendable, CustomTestStringConvertible {
  let name: String
  let dialect: CSVDialect
  let records: [CSVRecord]
  var testDescription: String { name }
}

private let comma = UInt8(ascii: ",")
private let semicolon = UInt8(ascii: ";")
private let tab = UInt8(ascii: "\t")
private let pipe = UInt8(ascii: "|")

private let dialectFixtures: [DialectFixture] = [
  DialectFixture(
    name: "excel-fr-windows1252-semicolon-crlf.csv",
    dialect: CSVDialect(encoding: .windows1252, hasBOM: false, delimiter: semicolon, lineEnding: .crlf),
    records: [
      CSVRecord(fields: ["Nom", "Prénom", "Société", "Montant", "Commentaire"], line: 1),
      CSVRecord(fields: ["Dupont", "Zoé", "Bœuf & Cie", "12,50 €", "Rappeler ; après 14h"], line: 2),
      CSVRecord(fields: ["L’Hôpital", "Gaëlle", "Œuvres", "1 234,56 €", "Note\nsur deux lignes"], line: 3),
      CSVRecord(fields: ["Martin", "Jérôme", "Crème – Brûlée", "3,00 €", ""], line: 5),
    ]),
  DialectFixture(
    name: "utf8-bom-comma.csv",
    dialect: CSVDialect(encoding: .utf8, hasBOM: true, delimiter: comma, lineEnding: .lf),
    records: [
      CSVRecord(fields: ["name", "city", "note"], line: 1),
      CSVRecord(fields: ["Zoë", "Genève", "a, b"], line: 2),
      CSVRecord(fields: ["Łukasz", "Kraków", "€5"], line: 3),
    ]),
  DialectFixture(
    name: "utf16le-bom-tab.csv",
    dialect: CSVDialect(encoding: .utf16LE, hasBOM: true, delimiter: tab, lineEnding: .crlf),
    records: [
      CSVRecord(fields: ["name", "city", "note"], line: 1),
      CSVRecord(fields: ["Zoë", "Genève", "😀 smile"], line: 2),
      CSVRecord(fields: ["Ōno", "東京", "tab\tinside"], line: 3),
    ]),
  DialectFixture(
    name: "utf16be-bom-semicolon.csv",
    dialect: CSVDialect(encoding: .utf16BE, hasBOM: true, delimiter: semicolon, lineEnding: .lf),
    records: [
      CSVRecord(fields: ["nom", "ville"], line: 1),
      CSVRecord(fields: ["Zoë", "Genève"], line: 2),
      CSVRecord(fields: ["Ægir", "Reykjavík; Ísland"], line: 3),
    ]),
  DialectFixture(
    name: "pipe-lf.csv",
    dialect: CSVDialect(encoding: .utf8, hasBOM: false, delimiter: pipe, lineEnding: .lf),
    records: [
      CSVRecord(fields: ["id", "name", "note"], line: 1),
      CSVRecord(fields: ["1", "Alice", "a|b"], line: 2),
      CSVRecord(fields: ["2", "Bob", "plain, with comma"], line: 3),
    ]),
  DialectFixture(
    name: "cr-only.csv",
    dialect: CSVDialect(encoding: .utf8, hasBOM: false, delimiter: comma, lineEnding: .cr),
    records: [
      CSVRecord(fields: ["a", "b"], line: 1),
      CSVRecord(fields: ["1", "2"], line: 2),
      CSVRecord(fields: ["x\ry", "3"], line: 3),
      CSVRecord(fields: ["4", "5"], line: 6),
    ]),
]

@Suite struct CSVDialectTests {
  func records(_ path: String, _ dialect: CSVDialect) throws -> [CSVRecord] {
    var records: [CSVRecord] = []
    try CSVReader(path: path, dialect: dialect).forEachRecord { records.append($0) }
    return records
  }

  func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = "\(TestFiles.temporaryDirectory("crmpipe-dialect"))/\(name)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  // MARK: Fixtures

  @Test(arguments: dialectFixtures)
  func detectsTheDialectAndReadsTheRecordsWithTheirLines(_ fixture: DialectFixture) throws {
    let path = TestFiles.fixture("csv/dialects/\(fixture.name)")
    let dialect = try CSVDialect.detect(path: path)
    #expect(dialect == fixture.dialect)
    #expect(try records(path, dialect) == fixture.records)
  }

  @Test func undefinedWindows1252ByteIsAnErrorWithLineAndField() throws {
    let path = TestFiles.fixture("csv/dialects/windows1252-undefined-byte.csv")
    let dialect = try CSVDialect.detect(path: path)
    #expect(dialect == CSVDialect(encoding: .windows1252, delimiter: semicolon, lineEnding: .crlf))
    var seen: [CSVRecord] = []
    let error = #expect(throws: CSVError.self) {
      try CSVReader(path: path, dialect: dialect).forEachRecord { seen.append($0) }
    }
    #expect(error?.line == 3)
    #expect(error?.field == 2)
    #expect(error?.message == "byte 0x81 is undefined in Windows-1252 (the file was read as Windows-1252)")
    #expect(seen == [CSVRecord(fields: ["Nom", "Ville"], line: 1), CSVRecord(fields: ["Dupont", "Orléans"], line: 2)])
  }

  // MARK: Windows-1252

  @Test(arguments: [0x81, 0x8D, 0x8F, 0x90, 0x9D] as [UInt8])
  func everyUndefinedWindows1252ByteIsReported(_ byte: UInt8) throws {
    let path = try temporaryFile("undefined.csv", Array("a;b\r\nc;d".utf8) + [byte] + Array("\r\n".utf8))
    let dialect = CSVDialect(encoding: .windows1252, delimiter: semicolon)
    let error = #expect(throws: CSVError.self) { try records(path, dialect) }
    #expect(error?.line == 2)
    #expect(error?.field == 2)
    #expect(error?.message.contains("byte \(TextTranscoder.hex(byte)) is undefined in Windows-1252") == true)
  }

  @Test(
    arguments: [
      (0x80, "€"), (0x82, "‚"), (0x83, "ƒ"), (0x84, "„"), (0x85, "…"), (0x86, "†"), (0x87, "‡"), (0x88, "ˆ"),
      (0x89, "‰"), (0x8A, "Š"), (0x8B, "‹"), (0x8C, "Œ"), (0x8E, "Ž"), (0x91, "‘"), (0x92, "’"), (0x93, "“"),
      (0x94, "”"), (0x95, "•"), (0x96, "–"), (0x97, "—"), (0x98, "˜"), (0x99, "™"), (0x9A, "š"), (0x9B, "›"),
      (0x9C, "œ"), (0x9E, "ž"), (0x9F, "Ÿ"), (0xA0, "\u{A0}"), (0xE9, "é"), (0xFF, "ÿ"), (0x41, "A"),
    ] as [(UInt8, String)])
  func windows1252BytesBecomeTheirCharacters(_ byte: UInt8, _ expected: String) {
    var transcoder = TextTranscoder(encoding: .windows1252)
    var output: [UInt8] = []
    transcoder.transcode([byte], into: &output)
    transcoder.finish(into: &output)
    #expect(String(validating: output, as: UTF8.self) == expected)
    #expect(transcoder.firstProblem == nil)
  }

  // MARK: UTF-16

  @Test(arguments: [CSVEncoding.utf16LE, .utf16BE])
  func utf16IsDecodedWhereverTheChunksAreCut(_ encoding: CSVEncoding) {
    let text = "\u{FEFF}a😀é\r\n東;𝄞"
    let units = Array(text.utf16)
    let bytes = units.flatMap { unit -> [UInt8] in
      let high = UInt8(unit >> 8)
      let low = UInt8(unit & 0xFF)
      return encoding == .utf16LE ? [low, high] : [high, low]
    }
    let expected = Array("a😀é\r\n東;𝄞".utf8)
    for cut in 0...bytes.count {
      var transcoder = TextTranscoder(encoding: encoding)
      var output: [UInt8] = []
      transcoder.transcode(bytes[..<cut], into: &output)
      transcoder.transcode(bytes[cut...], into: &output)
      transcoder.finish(into: &output)
      #expect(output == expected, "cut after byte \(cut)")
    }
    var transcoder = TextTranscoder(encoding: encoding)
    var output: [UInt8] = []
    for byte in bytes { transcoder.transcode([byte], into: &output) }
    transcoder.finish(into: &output)
    #expect(output == expected, "one byte at a time")
    #expect(transcoder.firstProblem == nil)
  }

  @Test func utf8ByteOrderMarkIsDroppedEvenWhenSplitAcrossChunks() {
    var transcoder = TextTranscoder(encoding: .utf8)
    var output: [UInt8] = []
    for byte in [0xEF, 0xBB, 0xBF, 0x61, 0xEF, 0xBB, 0xBF] as [UInt8] { transcoder.transcode([byte], into: &output) }
    transcoder.finish(into: &output)
    #expect(output == [0x61, 0xEF, 0xBB, 0xBF])  // only a leading mark is dropped

    var short = TextTranscoder(encoding: .utf8)
    var shortOutput: [UInt8] = []
    short.transcode([0xEF, 0xBB], into: &shortOutput)
    short.finish(into: &shortOutput)
    #expect(shortOutput == [0xEF, 0xBB])  // too short to be a mark: kept for the reader to reject
  }

  @Test(
    arguments: [
      (CSVEncoding.utf16LE, [0x00, 0xD8] as [UInt8], "high surrogate 0xD800 without a low surrogate"),
      (.utf16BE, [0xD8, 0x00], "high surrogate 0xD800 without a low surrogate"),
      (.utf16LE, [0x00, 0xDC], "low surrogate 0xDC00 without a high surrogate"),
      (.utf16BE, [0xDC, 0x00], "low surrogate 0xDC00 without a high surrogate"),
    ] as [(CSVEncoding, [UInt8], String)])
  func loneSurrogateIsAnErrorWithLineAndField(_ encoding: CSVEncoding, _ surrogate: [UInt8], _ message: String) throws {
    func utf16(_ text: String) -> [UInt8] {
      Array(text.utf16).flatMap { unit -> [UInt8] in
        let pair = [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        return encoding == .utf16LE ? pair.reversed() : pair
      }
    }
    let bytes = utf16("\u{FEFF}a,b\r\nc,d\r\nx,") + surrogate + utf16("y\r\nz,w\r\n")
    let path = try temporaryFile("lone.csv", bytes)
    let dialect = try CSVDialect.detect(path: path)
    #expect(dialect == CSVDialect(encoding: encoding, hasBOM: true, delimiter: comma, lineEnding: .crlf))
    var lines: [Int] = []
    let error = #expect(throws: CSVError.self) {
      try CSVReader(path: path, dialect: dialect).forEachRecord { lines.append($0.line) }
    }
    #expect(lines == [1, 2])
    #expect(error?.line == 3)
    #expect(error?.field == 2)
    #expect(error?.message == "invalid UTF-16: \(message)")
  }

  @Test func utf16FileEndingInsideACodeUnitIsAnError() throws {
    let path = try temporaryFile("odd.csv", [0xFF, 0xFE] + Array("a\0,\0b\0\n\0c\0".utf8) + [0x2C])
    let error = #expect(throws: CSVError.self) { try records(path, CSVDialect(encoding: .utf16LE)) }
    #expect(error?.line == 2)
    #expect(error?.message == "invalid UTF-16: the file ends in the middle of a 2-byte code unit")
  }

  @Test func utf16SurrogatePairSplitByTheReadChunksIsDecoded() throws {
    // The BOM and "id\tt\n" take 12 bytes and the 8190 filler lines "x\tn\n" 65,520: "é" is at bytes 65,532-3
    // and the emoji's high surrogate at 65,534-5, the last 2 bytes of the first 65,536-byte chunk.
    let filler = 8190
    var text = "id\tt\n" + String(repeating: "x\tn\n", count: filler)
    text += "é😀\tend\nlast\tline\n"
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    #expect(Array(bytes[65_534...65_537]) == [0x3D, 0xD8, 0x00, 0xDE])  // U+1F600 as D83D DE00
    let path = try temporaryFile("boundary16.csv", bytes)
    let dialect = try CSVDialect.detect(path: path)
    #expect(dialect == CSVDialect(encoding: .utf16LE, hasBOM: true, delimiter: tab, lineEnding: .lf))
    let read = try records(path, dialect)
    #expect(read.count == filler + 3)
    #expect(
      read.suffix(2) == [
        CSVRecord(fields: ["é😀", "end"], line: filler + 2), CSVRecord(fields: ["last", "line"], line: filler + 3),
      ])
  }

  // MARK: UTF-8 sample boundary

  @Test(arguments: [("€", 1), ("€", 2), ("ह", 1), ("😀", 1), ("😀", 2), ("😀", 3), ("é", 1)])
  func utf8CharacterCutByTheSampleIsStillUTF8(_ character: String, _ bytesInSample: Int) throws {
    let sampleBytes = 65_536
    let header = "id,text\n"
    // Pad the first data line so `character` starts `bytesInSample` bytes before the end of the sample.
    let padding = String(repeating: "p", count: sampleBytes - bytesInSample - header.utf8.count - 2)
    let content = header + "1," + padding + character + "z\n2,ok\n"
    let path = try temporaryFile("cut.csv", Array(content.utf8))
    let utf8 = Array(content.utf8)
    #expect(Array(utf8[(sampleBytes - bytesInSample)...].prefix(character.utf8.count)) == Array(character.utf8))

    let dialect = try CSVDialect.detect(path: path, sampleBytes: sampleBytes)
    #expect(dialect == CSVDialect(encoding: .utf8, hasBOM: false, delimiter: comma, lineEnding: .lf))
    #expect(
      try records(path, dialect) == [
        CSVRecord(fields: ["id", "text"], line: 1),
        CSVRecord(fields: ["1", padding + character + "z"], line: 2),
        CSVRecord(fields: ["2", "ok"], line: 3),
      ])
  }

  @Test func fileThatReallyEndsInsideACharacterIsNotUTF8() throws {
    let path = try temporaryFile("truncated.csv", Array("a,b\n1,caf".utf8) + [0xE2, 0x82])
    #expect(try CSVDialect.detect(path: path).encoding == .windows1252)
  }

  @Test(
    arguments: [
      ([0x61, 0xE2, 0x82] as [UInt8], true, true),
      ([0x61, 0xE2, 0x82], false, false),
      ([0xF0, 0x9F, 0x98], true, true),
      ([0xE0], true, true),
      ([0xE0, 0x80], true, false),  // overlong
      ([0xED, 0xA0], true, false),  // a surrogate
      ([0xF4, 0x90], true, false),  // above U+10FFFF
      ([0xC0], true, false),
      ([0x61, 0x80], true, false),
      ([0xE2, 0x82, 0xAC, 0x80], true, false),
    ] as [([UInt8], Bool, Bool)])
  func utf8ValidityAllowsOnlyARealCharacterCutAtTheEnd(_ bytes: [UInt8], _ cut: Bool, _ valid: Bool) {
    #expect(CSVDialect.isUTF8(bytes, mayEndInsideCharacter: cut) == valid)
  }

  // MARK: Delimiter and line ending

  @Test(
    arguments: [
      ("a;b;c\n1;2;3\n", ";", CSVDialect.LineEnding.lf),
      ("a,b\r\n1,2\r\n", ",", .crlf),
      ("a\tb\r1\t2\r", "\t", .cr),
      ("single\nvalue\n", ",", .lf),  // no candidate: the default
      ("", ",", .none),
      ("a|b", "|", .none),
      ("\"x;y\",z\n1,2\n", ",", .lf),  // delimiters inside quotes do not count
      ("\"line\nbreak\";c\n1;2\n", ";", .lf),  // nor do line breaks inside quotes
      ("id|note;more;stuff\n1|x\n2|y; z\n", "|", .lf),  // the same count on the next lines beats a higher count
      ("a,b;c;d\n1,2;3;4\n", ";", .lf),  // both consistent: the higher count
      ("a,b;c\n1,2;3\n", ",", .lf),  // a full tie: the first candidate
      ("\n\na|b\n\n1|2\n", "|", .lf),  // blank lines are skipped
    ] as [(String, String, CSVDialect.LineEnding)])
  func detectsDelimiterAndLineEnding(_ text: String, _ delimiter: String, _ lineEnding: CSVDialect.LineEnding) throws {
    let path = try temporaryFile("detect.csv", Array(text.utf8))
    let dialect = try CSVDialect.detect(path: path)
    #expect(dialect.delimiter == Array(delimiter.utf8).first)
    #expect(dialect.lineEnding == lineEnding)
    #expect(dialect.encoding == .utf8)
  }

  @Test func aLineCutByTheSampleIsNotCompared() throws {
    // Whole lines tie, so ',' wins; the cut third line "4;5" would tip the choice to ';' if it counted.
    let path = try temporaryFile("sample.csv", Array("a,b;c\n1,2;3\n4;5,6\n".utf8))
    #expect(try CSVDialect.detect(path: path, sampleBytes: 15).delimiter == comma)
    #expect(try CSVDialect.detect(path: path).delimiter == comma)
  }

  // MARK: Compatibility

  @Test func theOldInitializerReadsUTF8WithTheGivenDelimiter() throws {
    let reader = try CSVReader(path: "/nonexistent.csv", delimiter: semicolon)
    #expect(reader.dialect == CSVDialect(encoding: .utf8, delimiter: semicolon))
    #expect(reader.delimiter == semicolon)
    #expect(reader.quote == UInt8(ascii: "\""))
    #expect(reader.encoding == .utf8)
  }

  @Test func detectingAMissingFileIsACSVError() {
    let error = #expect(throws: CSVError.self) { try CSVDialect.detect(path: "/nonexistent/file.csv") }
    #expect(error?.message == "cannot open the file for reading")
  }

  @Test func dialectDescribesItself() {
    let dialect = CSVDialect(encoding: .windows1252, delimiter: semicolon, lineEnding: .crlf)
    #expect(dialect.description == "windows-1252, delimiter ';', CRLF")
  }
}
