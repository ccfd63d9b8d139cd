import CSVBridge
import Dispatch
import Synchronization

/// A CSV file's records, read on a thread of their own a few batches ahead of the thread
/// that lands them: parsing the file then costs the landing thread nothing.
final class RecordBatches: Sendable {
  private enum Item: Sendable {
    case records([CSVRecord])
    case failed(any Error)
    case end
  }

  private let items = Mutex<[Item]>([])
  private let available = DispatchSemaphore(value: 0)
  /// Batches the reader may be ahead by.
  private let space: DispatchSemaphore
  private let stopped = Atomic<Bool>(false)
  private let finished = DispatchGroup()

  init(path: String, dialect: CSVDialect, batchSize: Int, ahead: Int = 2) {
    space = DispatchSemaphore(value: ahead)
    finished.enter()
    DispatchQueue.global().async { [self] in
      var batch: [CSVRecord] = []
      do {
        let reader = try CSVReader(path: path, dialect: dialect)
        try reader.forEachRecord { record in
          if stopped.load(ordering: .relaxed) { throw CancellationError() }
          batch.append(record)
          if batch.count == batchSize {
            put(.records(batch))
            batch = []
          }
        }
        if !batch.isEmpty { put(.records(batch)) }
        put(.end)
      } catch {
        put(.failed(error))
      }
      finished.leave()
    }
  }

  private func put(_ item: Item) {
    if !stopped.load(ordering: .relaxed) { space.wait() }
    items.withLock { $0.append(item) }
    available.signal()
  }

  /// The next batch in file order; nil after the last. A reading error (a `CSVError`, or the
  /// file unreadable) is thrown where it comes, after the batches before it.
  func next() throws -> [CSVRecord]? {
    available.wait()
    space.signal()
    switch items.withLock({ $0.removeFirst() }) {
    case .records(let records): return records
    case .failed(let error): throw error
    case .end: return nil
    }
  }

  /// Stops the reader if it is still going (the file was refused, or all of it taken) and
  /// waits for it to end.
  func stop() {
    stopped.store(true, ordering: .relaxed)
    space.signal()
    finished.wait()
  }
}
