extension String {
  /// The text as a message quotes it back: whole up to 120 characters, else its start and
  /// its length (a 50 MB scalar is not echoed whole).
  public var echoed: String { count <= 120 ? self : "\(prefix(60))… (\(count) characters)" }
}
