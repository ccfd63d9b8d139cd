extension String {
  /// Whether the text's UTF-8 holds `byte`, searched in the stored bytes. `utf8.contains`
  /// goes through the view's iterator, at about ten times the instructions a byte; every
  /// cell of an import is searched so (for separators, quotes, Google's ` ::: `).
  @inlinable public func containsUTF8(_ byte: UInt8) -> Bool {
    utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
  }
}
