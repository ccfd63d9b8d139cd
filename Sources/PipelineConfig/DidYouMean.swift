/// Suggests the closest known word for a misspelt one.
public enum DidYouMean {
  public static func suggestion(for word: String, in candidates: [String]) -> String? {
    // No known word is this long, and the distance to a huge one costs its length squared.
    guard word.count <= 100 else { return nil }
    let lowered = word.lowercased()
    let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    let limit = max(2, word.count / 3)
    return best.1 <= limit ? best.0 : nil
  }

  /// `unknown key 'x'; did you mean 'y'?` or the list of valid words.
  public static func phrase(for word: String, in candidates: [String]) -> String {
    if let suggestion = suggestion(for: word, in: candidates) { return "; did you mean '\(suggestion)'?" }
    return "; expected one of: " + candidates.joined(separator: ", ")
  }

  /// Levenshtein distance.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in stride(from: 1, through: b.count, by: 1) {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
