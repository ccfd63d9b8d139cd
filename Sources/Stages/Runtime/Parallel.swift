import CSVBridge
import Dispatch
import Foundation
import Synchronization

/// Work spread over the machine's cores.
enum Parallel {
  /// `items.map(transform)`, computed in as many contiguous chunks as there are cores; the
  /// result keeps the items' order.
  static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
    mapChunks(items) { $0.map(transform) }
  }

  /// `transform` of each of `workers` contiguous chunks of `items` (as many as there are cores
  /// by default), joined in order; `transform` gives one result per item of its chunk.
  static func mapChunks<T: Sendable, U: Sendable>(
    _ items: [T], workers wanted: Int = ProcessInfo.processInfo.activeProcessorCount,
    _ transform: @Sendable (ArraySlice<T>) -> [U]
  ) -> [U] {
    let workers = min(wanted, items.count / 64)
    guard workers > 1 else { return transform(items[...]) }
    let size = (items.count + workers - 1) / workers
    let parts = Mutex<[Int: [U]]>([:])
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      let range = min(worker * size, items.count)..<min((worker + 1) * size, items.count)
      let part = transform(items[range])
      parts.withLock { $0[worker] = part }
    }
    return parts.withLock { parts in (0..<workers).flatMap { parts[$0] ?? [] } }
  }

  /// Runs `side` on another thread while `main` runs on this one, and gives both results
  /// (the first error, `main`'s first, when either fails).
  static func both<A, B: Sendable>(_ main: () throws -> A, _ side: @escaping @Sendable () throws -> B) throws -> (A, B) {
    let result = Mutex<Result<B, any Error>?>(nil)
    let done = DispatchGroup()
    done.enter()
    DispatchQueue.global().async {
      let value = Result { try side() }
      result.withLock { $0 = value }
      done.leave()
    }
    let first = Result { try main() }
    done.wait()
    let second = result.withLock { $0 } ?? .failure(CancellationError())
    return (try first.get(), try second.get())
  }
}

/// How the rows of a batch are prepared on the worker threads: each worker is given its share
/// of the batch at once, so that it can do one kind of work for all its rows before the next
/// (`ImportContactsStage` parses all their phone numbers first).
struct RowPreparer<Prepared: Sendable>: Sendable {
  /// One result per row, in order.
  let prepareAll: @Sendable ([MappedRow]) -> [Result<Prepared, any Error>]

  init(all prepareAll: @escaping @Sendable ([MappedRow]) -> [Result<Prepared, any Error>]) {
    self.prepareAll = prepareAll
  }

  /// Each row prepared on its own.
  init(each prepare: @escaping @Sendable (MappedRow) throws -> Prepared) {
    prepareAll = { rows in rows.map { row in Result { try prepare(row) } } }
  }
}

/// Rows being prepared in the background while the batch before them lands: each record is
/// mapped, written back as its raw CSV line, and prepared.
final class PreparedBatch<Prepared: Sendable>: Sendable {
  struct Row: Sendable {
    /// nil when the record does not have the header's number of fields.
    var row: MappedRow?
    var raw: String
    var prepared: Result<Prepared, any Error>?
  }

  let records: [CSVRecord]
  private let done = DispatchGroup()
  private let output = Mutex<[Row]>([])

  init(
    records: [CSVRecord], makeRow: @escaping @Sendable (CSVRecord) -> MappedRow?, preparer: RowPreparer<Prepared>,
    workers: Int = PreparedBatch.workers
  ) {
    self.records = records
    done.enter()
    DispatchQueue.global().async { [self] in
      let prepared = Parallel.mapChunks(records, workers: workers) { chunk in
        let rows = chunk.map(makeRow)
        var results = preparer.prepareAll(rows.compactMap { $0 }).makeIterator()
        return zip(chunk, rows).map { record, row in
          Row(row: row, raw: CSVWriter.record(record.fields), prepared: row.flatMap { _ in results.next() })
        }
      }
      output.withLock { $0 = prepared }
      done.leave()
    }
  }

  /// The threads a batch is prepared on: all the cores but the two that the reading thread
  /// (which lands or matches the batch before) and a writing thread keep busy, and at least
  /// one. More threads than cores take turns on them and evict each other's data from the
  /// caches: with two preparing threads on this 2-core machine, 1,000,000 contacts took 91.9
  /// and 99.8 s (148 and 161 s of CPU); with one, 78.1 and 89.1 s (133 and 150 s).
  static var workers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 2) }

  /// Waits for the batch, then gives one result per record, in order.
  func results() -> [Row] {
    done.wait()
    return output.withLock { $0 }
  }
}
