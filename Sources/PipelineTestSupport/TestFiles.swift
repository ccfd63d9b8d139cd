import Foundation

/// Where tests find the repository, its fixtures, and a fresh folder of their own.
public enum TestFiles {
  /// The repository root, found from this file's path.
  public static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  public static func fixture(_ relative: String) -> String {
    "\(root)/Tests/crmpipeTests/Fixtures/\(relative)"
  }

  /// A new empty folder under the system's temporary folder.
  public static func temporaryDirectory(_ name: String = "crmpipe-test") -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Writes `text` to `name` inside `directory` and returns the path.
  @discardableResult
  public static func write(_ text: String, to name: String, in directory: String) throws -> String {
    let path = (directory as NSString).appendingPathComponent(name)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Compares `actual` with the golden file `name` under Fixtures/golden. With RECORD_GOLDEN=1
  /// (never in CI) the golden is written instead. Returns nil when they match, else a message.
  public static func compareGolden(_ actual: String, name: String) -> String? {
    let path = fixture("golden/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1", ProcessInfo.processInfo.environment["CI"] == nil {
      try? FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try? Data(actual.utf8).write(to: URL(fileURLWithPath: path))
      return nil
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      return "golden \(name) is missing; record it with RECORD_GOLDEN=1 swift test"
    }
    if expected == actual { return nil }
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let index = Array(zip(a, b)).firstIndex { $0 != $1 } ?? min(a.count, b.count)
    let want = index < a.count ? String(a[index]) : "<end>"
    let got = index < b.count ? String(b[index]) : "<end>"
    return "golden \(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)"
  }
}
