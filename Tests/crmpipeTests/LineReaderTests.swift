import Foundation
import PipelineTestSupport
import Testing

@testable import Stages

@Suite struct LineReaderTests {
  func lines(_ text: String, chunk: Int) throws -> [String] {
    let path = "\(TestFiles.temporaryDirectory())/dump.txt"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    var reader = try #require(LineReader(path: path))
    reader.chunk = chunk
    var lines: [String] = []
    try reader.forEachLine { number, line in
      #expect(number == lines.count + 1)
      lines.append(line)
    }
    return lines
  }

  /// LF and CRLF ends, empty lines kept with their numbers, no empty line after the last
  /// end, a last line without an end, and lines cut across chunks of every size.
  @Test func linesAreSplitOnLFAndCRLFWhateverTheChunks() throws {
    let text = "a=1&b=é\r\n\r\nsecond\nthird line\r\nlast"
    for chunk in 1...12 {
      #expect(try lines(text, chunk: chunk) == ["a=1&b=é", "", "second", "third line", "last"], "chunk \(chunk)")
      #expect(try lines(text + "\n", chunk: chunk).count == 5)
    }
    #expect(try lines("", chunk: 4).isEmpty)
    #expect(LineReader(path: "\(TestFiles.temporaryDirectory())/missing.txt") == nil)
  }
}
