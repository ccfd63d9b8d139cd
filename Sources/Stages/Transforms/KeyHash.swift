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

/// An open-addressing multimap from a non-zero 64-bit key to 32-bit ids: 12 bytes a slot,
/// no allocation per key. Entries are never removed; callers check what they find.
struct HashMultimap {
  private var keys: [UInt64]
  private var ids: [UInt32]
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int = 1 << 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: 0, count: size)
    ids = [UInt32](repeating: 0, count: size)
    mask = size - 1
  }

  /// Adds `id` under `key` unless it is already there.
  mutating func insert(_ key: UInt64, _ id: UInt32) {
    if (count + 1) * 10 > keys.count * 7 { grow() }
    var slot = Int(truncatingIfNeeded: key) & mask
    while keys[slot] != 0 {
      if keys[slot] == key && ids[slot] == id { return }
      slot = (slot + 1) & mask
    }
    keys[slot] = key
    ids[slot] = id
    count += 1
  }

  /// Calls `body` with every id under `key`.
  func forEach(_ key: UInt64, _ body: (UInt32) -> Void) {
    var slot = Int(truncatingIfNeeded: key) & mask
    while keys[slot] != 0 {
      if keys[slot] == key { body(ids[slot]) }
      slot = (slot + 1) & mask
    }
  }

  private mutating func grow() {
    let (oldKeys, oldIDs) = (keys, ids)
    keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
    ids = [UInt32](repeating: 0, count: oldKeys.count * 2)
    mask = keys.count - 1
    count = 0
    for (slot, key) in oldKeys.enumerated() where key != 0 {
      var target = Int(truncatingIfNeeded: key) & mask
      while keys[target] != 0 { target = (target + 1) & mask }
      keys[target] = key
      ids[target] = oldIDs[slot]
      count += 1
    }
  }
}
