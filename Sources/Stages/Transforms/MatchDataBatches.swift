import Dispatch
import Synchronization
import Warehouse

/// The golden contacts of a warehouse with their match keys, read and worked out on other
/// threads a batch ahead of the thread that indexes them (`ContactMatcher`).
///
/// The warehouse connection is used by the reading thread only, until the last batch (or an
/// error) has been handed over: the indexing thread must not use it meanwhile.
final class MatchDataBatches: Sendable {
  typealias Batch = [(id: Int64, keys: MatchKeys)]
  private enum Item: Sendable {
    case batch(Batch)
    case failed(any Error)
    case end
  }

  private let items = Mutex<[Item]>([])
  private let available = DispatchSemaphore(value: 0)
  private let space: DispatchSemaphore

  init(_ warehouse: Warehouse, batchSize: Int = 50_000, ahead: Int = 1) {
    space = DispatchSemaphore(value: ahead)
    let source = Unchecked(warehouse)
    DispatchQueue.global().async { [self] in
      do {
        try source.value.contactMatchData(batch: batchSize) { contacts in
          let keys = Parallel.map(contacts) { contact in
            var keys = MatchKeys(contact)
            keys.prepareNameWords()
            return keys
          }
          put(.batch(zip(contacts, keys).map { ($0.id, $1) }))
        }
        put(.end)
      } catch {
        put(.failed(error))
      }
    }
  }

  private func put(_ item: Item) {
    space.wait()
    items.withLock { $0.append(item) }
    available.signal()
  }

  /// The next batch in id order; nil after the last. Must be called until it returns nil or
  /// throws, so that the reading thread is done with the warehouse.
  func next() throws -> Batch? {
    available.wait()
    space.signal()
    switch items.withLock({ $0.removeFirst() }) {
    case .batch(let batch): return batch
    case .failed(let error): throw error
    case .end: return nil
    }
  }
}
