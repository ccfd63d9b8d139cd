import CSVBridge
import Dispatch
import Foundation
import Synchronization

/// Work spread over the machine's cores.
enum Parallel {
  /// `items.map(transform)`, computed in as many contiguous chunks as there are cores; the
  /// result keeps the items' order.
  static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, items.count / 64)
    guard workers > 1 else { return items.map(transform) }
    let size = (items.count + workers - 1) / workers
    let parts = Mutex<[Int: [U]]>([:])
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      let range = min(worker * size, items.count)..<min((worker + 1) * size, items.count)
      let part = items[range].map(transform)
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
    records: [CSVRecord], makeRow: @escaping @Sendable (CSVRecord) -> MappedRow?,
    prepare: @escaping @Sendable (MappedRow) throws -> Prepared
  ) {
    self.records = records
    done.enter()
    DispatchQueue.global().async { [self] in
      let prepared = Parallel.map(records) { record in
        let row = makeRow(record)
        return Row(
          row: row, raw: CSVWriter.record(record.fields),
          prepared: row.map { row in Result { try prepare(row) } })
      }
      output.withLock { $0 = prepared }
      done.leave()
    }
  }

  /// Waits for the batch, then gives one result per record, in order.
  func results() -> [Row] {
    done.wait()
    return output.withLock { $0 }
  }
}
