/// Counts of 64-bit keys in one open-addressing table: the term frequencies of the values the
/// matcher has seen (12 bytes a key, no allocation per key).
struct HashCounter {
  private var keys: [UInt64]
  private var counts: [UInt32]
  private var mask: Int
  private var used = 0

  init(capacity: Int = 1 << 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = Array(repeating: 0, count: size)
    counts = Array(repeating: 0, count: size)
    mask = size - 1
  }

  func count(_ key: UInt64) -> Int {
    let slot = find(key)
    return keys[slot] == key ? Int(counts[slot]) : 0
  }

  mutating func increment(_ key: UInt64) {
    if (used + 1) * 10 > keys.count * 7 { grow() }
    let slot = find(key)
    if keys[slot] != key {
      keys[slot] = key
      used += 1
    }
    counts[slot] &+= 1
  }

  private func find(_ key: UInt64) -> Int {
    var slot = Int(truncatingIfNeeded: key) & mask
    while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
    return slot
  }

  private mutating func grow() {
    let (oldKeys, oldCounts) = (keys, counts)
    keys = Array(repeating: 0, count: oldKeys.count * 2)
    counts = Array(repeating: 0, count: oldKeys.count * 2)
    mask = keys.count - 1
    for (key, count) in zip(oldKeys, oldCounts) where key != 0 {
      let slot = find(key)
      keys[slot] = key
      counts[slot] = count
    }
  }
}
