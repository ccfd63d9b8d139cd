import Foundation

/// Expands a path pattern (`*`, `?`, `[...]` in any component) into the files it names,
/// in a stable byte order.
public enum Glob {
  public static func expand(_ pattern: String) -> [String] {
    let components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    var paths = [pattern.hasPrefix("/") ? "/" : "."]
    for component in components {
      var next: [String] = []
      for base in paths {
        if !isPattern(component) {
          let candidate = (base as NSString).appendingPathComponent(component)
          if exists(candidate) { next.append(candidate) }
          continue
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for name in names where !name.hasPrefix(".") && fnmatch(component, name, 0) == 0 {
          next.append((base as NSString).appendingPathComponent(name))
        }
      }
      paths = next
    }
    // A broken symbolic link is kept, so that the importer names it instead of skipping it.
    return paths.filter { !isDirectory($0) && exists($0) }
      .map(lexical)
      .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// `path` without `.` components and with `a/..` removed, symbolic links left as they are
  /// (`standardizingPath` resolves them, and an input linked elsewhere must be named as listed).
  static func lexical(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
  }

  /// Whether `path` names something, a symbolic link whose target is missing included.
  static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// Whether `path` is a directory or a symbolic link to one.
  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  public static func isPattern(_ text: String) -> Bool { text.contains(where: { "*?[".contains($0) }) }
}
