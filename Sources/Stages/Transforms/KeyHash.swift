/// 64-bit hashes of match keys, tagged with what they are (an email, a phone, ...).
///
/// The matcher keeps hashes instead of strings so that a million golden contacts fit in a
/// few hundred megabytes. Two different keys of the same tag share a hash with a
/// probability of about 2^-61 per pair: at a million contacts, far less than one chance
/// in a billion per run. Hashes are of the UTF-8 bytes of keys that are already normalised
/// (NFC, folded), so they are the same in every thread and every run.
enum KeyHash {
  enum Tag: UInt64 {
    case email = 1, domain, phone, city, externalID, companyName, block
  }

  static func of(_ text: String, _ tag: Tag) -> UInt64 { tagged(bytes(text), tag) }

  /// The tag of a tagged hash.
  static func tag(of hash: UInt64) -> Tag? { Tag(rawValue: hash >> 61) }

  /// FNV-1a over the UTF-8 bytes with a final avalanche (MurmurHash3's fmix64).
  static func bytes(_ text: String) -> UInt64 {
    var copy = text
    return copy.withUTF8 { buffer in
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in buffer { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
      return mix(hash)
    }
  }

  /// The hash `bytes` gives the text of `parts` joined by single spaces, without joining them.
  static func bytes(joining parts: [Substring]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for (index, part) in parts.enumerated() {
      if index > 0 { hash = (hash ^ UInt64(UInt8(ascii: " "))) &* 0x0000_0100_0000_01b3 }
      for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }
    return mix(hash)
  }

  /// A block key: a name word's hash combined with an attribute's tagged hash.
  static func block(word: UInt64, attribute: UInt64) -> UInt64 {
    tagged(mix(word &* 0x9e37_79b9_7f4a_7c15 ^ attribute), .block)
  }

  private static func tagged(_ hash: UInt64, _ tag: Tag) -> UInt64 {
    (hash & 0x1FFF_FFFF_FFFF_FFFF) | tag.rawValue << 61
  }

  private static func mix(_ value: UInt64) -> UInt64 {
    var h = value
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    h = h &* 0xc4ce_b9fe_1a85_ec53
    h ^= h >> 33
    return h
  }
}

/// A multimap from a non-zero 64-bit key to 32-bit ids: an open-addressing table of the
/// distinct keys (16 bytes a slot), each with a linked list of its ids in flat arrays
/// (8 bytes an id). No allocation per key, and a key with many ids costs other keys nothing.
/// Entries are never removed; callers check what they find.
struct HashMultimap {
  private var keys: [UInt64]
  /// Per slot: the first posting of the key, plus one (0: none); and how many it has.
  private var heads: [UInt32]
  private var counts: [UInt32]
  private var mask: Int
  private(set) var keyCount = 0
  /// Postings: an id and the next posting of the same key, plus one (0: end).
  private var ids: [UInt32] = []
  private var next: [UInt32] = []

  init(capacity: Int = 1 << 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: 0, count: size)
    heads = [UInt32](repeating: 0, count: size)
    counts = [UInt32](repeating: 0, count: size)
    mask = size - 1
  }

  /// How many ids are under `key`.
  func count(_ key: UInt64) -> Int {
    let slot = find(key)
    return keys[slot] == key ? Int(counts[slot]) : 0
  }

  /// Adds `id` under `key` unless it is already there or the key already has `limit` ids.
  /// `fresh`: the caller knows `id` is under no key yet, so the key's ids are not searched.
  mutating func insert(_ key: UInt64, _ id: UInt32, limit: Int = Int(UInt32.max), fresh: Bool = false) {
    if (keyCount + 1) * 10 > keys.count * 7 { grow() }
    let slot = find(key)
    if keys[slot] == key {
      guard Int(counts[slot]) < limit else { return }
      var posting = fresh ? 0 : heads[slot]
      while posting != 0 {
        if ids[Int(posting - 1)] == id { return }
        posting = next[Int(posting - 1)]
      }
    } else {
      keys[slot] = key
      keyCount += 1
    }
    ids.append(id)
    next.append(heads[slot])
    heads[slot] = UInt32(ids.count)
    counts[slot] += 1
  }

  /// Calls `body` with every id under `key`, the latest first.
  func forEach(_ key: UInt64, _ body: (UInt32) -> Void) {
    let slot = find(key)
    guard keys[slot] == key else { return }
    var posting = heads[slot]
    while posting != 0 {
      body(ids[Int(posting - 1)])
      posting = next[Int(posting - 1)]
    }
  }

  /// The slot of `key`, or the empty slot where it would go.
  private func find(_ key: UInt64) -> Int {
    var slot = Int(truncatingIfNeeded: key) & mask
    while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
    return slot
  }

  private mutating func grow() {
    let (oldKeys, oldHeads, oldCounts) = (keys, heads, counts)
    keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
    heads = [UInt32](repeating: 0, count: oldKeys.count * 2)
    counts = [UInt32](repeating: 0, count: oldKeys.count * 2)
    mask = keys.count - 1
    for (old, key) in oldKeys.enumerated() where key != 0 {
      let slot = find(key)
      keys[slot] = key
      heads[slot] = oldHeads[old]
      counts[slot] = oldCounts[old]
    }
  }
}
