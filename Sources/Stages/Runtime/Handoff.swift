import Dispatch
import Synchronization

/// Values handed in order from a thread that makes them to a thread that takes them, the maker
/// at most `ahead` values in advance; its failure or its end is handed over in turn.
final class Handoff<Value: Sendable>: Sendable {
  private enum Item: Sendable {
    case value(Value)
    case failed(any Error)
    case end
  }

  private let items = Mutex<[Item]>([])
  private let available = DispatchSemaphore(value: 0)
  private let space: DispatchSemaphore
  private let stopped = Atomic<Bool>(false)

  init(ahead: Int) { space = DispatchSemaphore(value: ahead) }

  /// Hands over `value` once fewer than `ahead` values wait to be taken (at once after `stop`).
  func put(_ value: Value) { put(.value(value)) }
  func fail(_ error: any Error) { put(.failed(error)) }
  func end() { put(.end) }

  /// Whether the taker has stopped taking.
  var isStopped: Bool { stopped.load(ordering: .relaxed) }

  private func put(_ item: Item) {
    if !isStopped { space.wait() }
    items.withLock { $0.append(item) }
    available.signal()
  }

  /// The next value in order; nil after the end. The maker's failure is thrown where it comes.
  func next() throws -> Value? {
    available.wait()
    space.signal()
    switch items.withLock({ $0.removeFirst() }) {
    case .value(let value): return value
    case .failed(let error): throw error
    case .end: return nil
    }
  }

  /// The taker takes no more: the maker no longer waits for room.
  func stop() {
    stopped.store(true, ordering: .relaxed)
    space.signal()
  }

  /// Once the maker has ended, takes what it left: each value handed over and not taken holds
  /// one count of `space`, and libdispatch traps when a semaphore is freed below the count it
  /// was made with (a taker that stopped early, as a sample of a file's first rows does).
  func drain() {
    while items.withLock({ !$0.isEmpty }) { _ = try? next() }
  }
}
