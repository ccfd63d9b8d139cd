import CSVBridge
import Dispatch

/// A CSV file's records, read on a thread of their own a few batches ahead of the thread
/// that lands them: parsing the file then costs the landing thread nothing.
final class RecordBatches: Sendable {
  private let batches: Handoff<[CSVRecord]>
  private let finished = DispatchGroup()

  init(path: String, dialect: CSVDialect, batchSize: Int, ahead: Int = 2) {
    let batches = Handoff<[CSVRecord]>(ahead: ahead)
    self.batches = batches
    finished.enter()
    DispatchQueue.global().async { [finished] in
      var batch: [CSVRecord] = []
      do {
        let reader = try CSVReader(path: path, dialect: dialect)
        try reader.forEachRecord { record in
          if batches.isStopped { throw CancellationError() }
          batch.append(record)
          if batch.count == batchSize {
            batches.put(batch)
            batch = []
          }
        }
        if !batch.isEmpty { batches.put(batch) }
        batches.end()
      } catch {
        batches.fail(error)
      }
      finished.leave()
    }
  }

  /// The next batch in file order; nil after the last. A reading error (a `CSVError`, or the
  /// file unreadable) is thrown where it comes, after the batches before it.
  func next() throws -> [CSVRecord]? { try batches.next() }

  /// Stops the reader if it is still going (the file was refused, or all of it taken) and
  /// waits for it to end.
  func stop() {
    batches.stop()
    finished.wait()
    batches.drain()
  }
}
