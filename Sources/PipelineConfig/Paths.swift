import Foundation

public enum Paths {
  /// `path` if absolute, else `path` under `directory`, with `.` and `..` removed.
  public static func resolve(_ path: String, against directory: String) -> String {
    let joined = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
    return (joined as NSString).standardizingPath
  }

  /// `path` relative to the current directory when it lies below it, for messages.
  public static func display(_ path: String) -> String {
    let current = FileManager.default.currentDirectoryPath
    let prefix = current.hasSuffix("/") ? current : current + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }
}
