import CSVBridge
import Foundation
import PipelineTestSupport
import Testing

@testable import Stages

/// The reading thread of a CSV file and the thread that takes its batches.
@Suite struct RecordBatchesTests {
  /// A taker that stops after its first batches (the sample a model learns from) leaves the
  /// reader's semaphores as they were made: libdispatch traps when one is freed below that,
  /// which crashed a 100,000-row import once in a few runs.
  @Test func aTakerThatStopsEarlyEndsTheReaderCleanly() throws {
    let text = "A,B\n" + (0..<20_000).map { "\($0),x\n" }.joined()
    let path = try TestFiles.write(text, to: "big.csv", in: TestFiles.temporaryDirectory())
    for round in 0..<200 {
      let batches = RecordBatches(path: path, dialect: CSVDialect(), batchSize: 10, ahead: 1 + round % 3)
      var taken = 0
      for _ in 0..<(round % 5) { taken += try batches.next()?.count ?? 0 }
      batches.stop()
      #expect(taken == 10 * (round % 5))
    }
  }
}
