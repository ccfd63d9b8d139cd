import Dispatch
import Warehouse

/// The golden contacts of a warehouse with their match keys, read and worked out on other
/// threads a batch ahead of the thread that indexes them (`ContactMatcher`).
///
/// The warehouse connection is used by the reading thread only, until the last batch (or an
/// error) has been handed over: the indexing thread must not use it meanwhile.
final class MatchDataBatches: Sendable {
  typealias Batch = [(id: Int64, keys: MatchKeys)]
  private let batches = Handoff<Batch>(ahead: 1)

  init(_ warehouse: Warehouse, batchSize: Int = 50_000) {
    let (source, batches) = (Unchecked(warehouse), batches)
    DispatchQueue.global().async {
      do {
        try source.value.contactMatchData(batch: batchSize) { contacts in
          let keys = Parallel.map(contacts, MatchKeys.prepared)
          batches.put(zip(contacts, keys).map { ($0.id, $1) })
        }
        batches.end()
      } catch {
        batches.fail(error)
      }
    }
  }

  /// The next batch in id order; nil after the last. Must be called until it returns nil or
  /// throws, so that the reading thread is done with the warehouse.
  func next() throws -> Batch? { try batches.next() }
}
