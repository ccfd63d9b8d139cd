import Dispatch
import Synchronization

/// Runs work in the order given on a thread of its own, at most `ahead` pieces behind the
/// thread that gives it: that thread goes on deciding what to write while this one writes.
///
/// After a piece fails, the pieces after it are skipped, and the error is thrown to the
/// giving thread by its next `submit` or by `finish`. Only one thread may use what the
/// pieces use (the warehouse connection) until `finish` or `wait` returns.
final class WriteBehind: Sendable {
  private let queue = DispatchQueue(label: "crmpipe.write-behind")
  private let space: DispatchSemaphore
  private let failure = Mutex<(any Error)?>(nil)

  init(ahead: Int = 2) { space = DispatchSemaphore(value: ahead) }

  /// Queues `work` once fewer than `ahead` pieces are waiting; throws instead the error of a
  /// piece given before, if one failed.
  func submit(_ work: @escaping () throws -> Void) throws {
    try check()
    space.wait()
    let piece = Unchecked(work)
    queue.async { [self] in
      defer { space.signal() }
      guard failure.withLock({ $0 == nil }) else { return }
      do { try piece.value() } catch { failure.withLock { if $0 == nil { $0 = error } } }
    }
  }

  /// Waits until every piece given has run or been skipped.
  func wait() { queue.sync {} }

  /// Waits for every piece, then throws the first error, if any.
  func finish() throws {
    wait()
    try check()
  }

  private func check() throws {
    if let error = failure.withLock({ $0 }) { throw error }
  }
}

/// A value handed to another thread that only one thread uses at a time, as `WriteBehind`
/// guarantees for its pieces.
final class Unchecked<Value>: @unchecked Sendable {
  var value: Value
  init(_ value: Value) { self.value = value }
}

/// A row planned on the reading thread: its line, its text, and the writing that lands it
/// (or the `RowError` that rejects it).
typealias PlannedRow = (line: Int, raw: String, write: Result<() throws -> RowResult, any Error>)

extension WriteBehind {
  /// Queues planned rows to land in order through `rows`, with their source rows, rejects and counts.
  func submit(_ planned: [PlannedRow], to rows: Unchecked<RowLanding>) throws {
    try submit { for row in planned { try rows.value.land(line: row.line, raw: row.raw) { try row.write.get()() } } }
  }
}
