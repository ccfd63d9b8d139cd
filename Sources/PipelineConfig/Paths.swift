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

  /// The one spelling of `path` (made absolute against the current directory): every symbolic
  /// link followed, a dangling one too (to where it points), and `.` and `..` applied after
  /// the link they follow, as the kernel does. Components that do not exist stay as written.
  /// Two spellings of one file (a link, `a/../b`, `//`) give the same text; a hard link does
  /// not: `sameFile` compares the files themselves.
  public static func canonical(_ path: String) -> String {
    let current = FileManager.default.currentDirectoryPath
    var pending = components(path.hasPrefix("/") ? path : current + "/" + path)
    var resolved: [String] = []
    var links = 0
    while !pending.isEmpty {
      let name = pending.removeFirst()
      if name == "." || name.isEmpty { continue }
      if name == ".." {
        _ = resolved.popLast()
        continue
      }
      let candidate = "/" + (resolved + [name]).joined(separator: "/")
      // 40 links at most, as Linux allows: a loop stays as written.
      if links < 40, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: candidate) {
        links += 1
        if target.hasPrefix("/") { resolved = [] }
        pending = components(target) + pending
        continue
      }
      resolved.append(name)
    }
    return "/" + resolved.joined(separator: "/")
  }

  /// Whether `a` and `b` name one file (`FileKey.names`).
  public static func sameFile(_ a: String, _ b: String) -> Bool { FileKey(a).names(FileKey(b)) }

  /// The device and inode of the file at `path` (not following a last link), if it exists.
  static func identity(_ path: String) -> [Int]? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let device = (attributes[.systemNumber] as? NSNumber)?.intValue,
      let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue
    else { return nil }
    return [device, inode]
  }

  private static func components(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }
}

/// A file as paths are compared: its canonical path and, when it exists, its device and inode.
public struct FileKey: Sendable {
  public let canonical: String
  let identity: [Int]?

  public init(_ path: String) {
    canonical = Paths.canonical(path)
    identity = Paths.identity(canonical)
  }

  /// Whether both name one file: the same device and inode when both exist (a hard link
  /// included), else the same canonical path (a file a run is about to create).
  public func names(_ other: FileKey) -> Bool {
    canonical == other.canonical || (identity != nil && identity == other.identity)
  }
}
