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
          if FileManager.default.fileExists(atPath: candidate) { next.append(candidate) }
          continue
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for name in names where !name.hasPrefix(".") && fnmatch(component, name, 0) == 0 {
          next.append((base as NSString).appendingPathComponent(name))
        }
      }
      paths = next
    }
    var isDirectory: ObjCBool = false
    return paths.filter { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue }
      .map { ($0 as NSString).standardizingPath }
      .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  public static func isPattern(_ text: String) -> Bool { text.contains(where: { "*?[".contains($0) }) }
}
