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
}

/// Rows being prepared in the background while the batch before them lands.
final class PreparedBatch<Prepared: Sendable>: Sendable {
  let records: [CSVRecord]
  let rows: [MappedRow?]
  private let done = DispatchGroup()
  private let output = Mutex<[Result<Prepared, any Error>?]>([])

  init(records: [CSVRecord], rows: [MappedRow?], prepare: @escaping @Sendable (MappedRow) throws -> Prepared) {
    self.records = records
    self.rows = rows
    done.enter()
    DispatchQueue.global().async { [self] in
      let prepared = Parallel.map(rows) { row in row.map { row in Result { try prepare(row) } } }
      output.withLock { $0 = prepared }
      done.leave()
    }
  }

  /// Waits for the batch, then gives one result per row (nil for a row that could not be mapped).
  func results() -> [Result<Prepared, any Error>?] {
    done.wait()
    return output.withLock { $0 }
  }
}
