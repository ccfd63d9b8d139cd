import Synchronization

/// A bounded memo of a pure function of text, shared by the threads that prepare rows.
///
/// Unicode normalisation and folding through Foundation cost microseconds a value, and the
/// values of a contact file repeat (first names, cities, countries, companies): a lookup
/// under a lock is much cheaper. When full, the memo starts again empty.
public final class Memo<Value: Sendable>: Sendable {
  private let table = Mutex<[String: Value]>([:])
  private let limit: Int

  public init(limit: Int = 200_000) { self.limit = limit }

  public func value(_ key: String, _ compute: (String) -> Value) -> Value {
    if let known = table.withLock({ $0[key] }) { return known }
    let value = compute(key)
    table.withLock { table in
      if table.count >= limit { table.removeAll(keepingCapacity: true) }
      table[key] = value
    }
    return value
  }
}
