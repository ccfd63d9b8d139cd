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
      bytes(utf8: buffer)
    }
  }

  /// The hash `bytes` gives the UTF-8 text `first`, space, `second`, without joining them.
  static func bytes(_ first: some Sequence<UInt8>, _ second: some Sequence<UInt8>) -> UInt64 {
    var hash = fnvStart
    for byte in first { hash = fnv(hash, byte) }
    hash = fnv(hash, UInt8(ascii: " "))
    for byte in second { hash = fnv(hash, byte) }
    return mix(hash)
  }

  /// The hash `bytes` gives the UTF-8 text `word`.
  static func bytes(utf8 word: some Sequence<UInt8>) -> UInt64 {
    var hash = fnvStart
    for byte in word { hash = fnv(hash, byte) }
    return mix(hash)
  }

  private static let fnvStart: UInt64 = 0xcbf2_9ce4_8422_2325
  private static func fnv(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }

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
/// distinct keys (16 bytes a slot: the key, its first posting and its count side by side, so
/// that a probe reads one cache line), each with a linked list of its ids in one flat array
/// (8 bytes a posting: the id and the next posting together). No allocation per key, and a
/// key with many ids costs other keys nothing. Entries are never removed; callers check what
/// they find.
struct HashMultimap {
  private struct Slot {
    var key: UInt64 = 0
    /// The first posting of the key, plus one (0: none).
    var head: UInt32 = 0
    var count: UInt32 = 0
  }

  private var slots: [Slot]
  private var mask: Int
  private(set) var keyCount = 0
  /// Postings: the id in the low 32 bits, the next posting of the same key plus one (0: end)
  /// in the high 32.
  private var postings: [UInt64] = []

  init(capacity: Int = 1 << 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Slot](repeating: Slot(), count: size)
    mask = size - 1
  }

  /// How many ids are under `key`.
  func count(_ key: UInt64) -> Int {
    let slot = find(key)
    return slots[slot].key == key ? Int(slots[slot].count) : 0
  }

  /// Adds `id` under `key` unless it is already there or the key already has `limit` ids.
  /// `fresh`: the caller knows `id` is under no key yet, so the key's ids are not searched.
  mutating func insert(_ key: UInt64, _ id: UInt32, limit: Int = Int(UInt32.max), fresh: Bool = false) {
    if (keyCount + 1) * 10 > slots.count * 7 { grow() }
    let slot = find(key)
    if slots[slot].key == key {
      guard Int(slots[slot].count) < limit else { return }
      var posting = fresh ? 0 : slots[slot].head
      while posting != 0 {
        let entry = postings[Int(posting - 1)]
        if UInt32(truncatingIfNeeded: entry) == id { return }
        posting = UInt32(truncatingIfNeeded: entry >> 32)
      }
    } else {
      slots[slot].key = key
      keyCount += 1
    }
    postings.append(UInt64(id) | UInt64(slots[slot].head) << 32)
    slots[slot].head = UInt32(postings.count)
    slots[slot].count += 1
  }

  /// Calls `body` with every id under `key`, the latest first.
  func forEach(_ key: UInt64, _ body: (UInt32) -> Void) {
    let slot = find(key)
    guard slots[slot].key == key else { return }
    var posting = slots[slot].head
    while posting != 0 {
      let entry = postings[Int(posting - 1)]
      body(UInt32(truncatingIfNeeded: entry))
      posting = UInt32(truncatingIfNeeded: entry >> 32)
    }
  }

  /// The slot of `key`, or the empty slot where it would go.
  private func find(_ key: UInt64) -> Int {
    var slot = Int(truncatingIfNeeded: key) & mask
    while slots[slot].key != 0 && slots[slot].key != key { slot = (slot + 1) & mask }
    return slot
  }

  private mutating func grow() {
    let old = slots
    slots = [Slot](repeating: Slot(), count: old.count * 2)
    mask = slots.count - 1
    for entry in old where entry.key != 0 { slots[find(entry.key)] = entry }
  }
}
