import CSVBridge
import Foundation
import Warehouse

/// Writes the rejects CSV beside the warehouse from the rejected rows the warehouse keeps.
///
/// A rejected row is stored in its file's transaction. Once that transaction has committed,
/// the whole CSV is written again from the warehouse, beside its place, and renamed into it.
/// So the file never holds a row of a rolled-back file, misses none, never holds one twice
/// (a run killed after writing the file but before noting it just writes the same file
/// again), and is never seen half-written.
public final class RejectsWriter {
  public let path: String
  public private(set) var written = 0
  /// The first rejects of the run, for the summary.
  public private(set) var first: [Warehouse.RejectedRow] = []

  public init(path: String) { self.path = path }

  /// `<warehouse>.rejects.csv`, beside the warehouse file.
  public static func path(forWarehouse warehouse: String) -> String {
    (warehouse as NSString).deletingPathExtension + ".rejects.csv"
  }

  static let header = ["run", "stage", "file", "line", "field", "reason", "row"]

  /// Brings the file up to date when rows were rejected since it was last written.
  public func flush(_ warehouse: Warehouse) throws {
    let fresh = try warehouse.unexportedRejectedRows()
    guard let last = fresh.last else { return }
    let temporary = path + ".tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else {
      throw RejectsError(
        message:
          "cannot write the rejects file \(temporary): \(String(cString: strerror(errno))); check that its folder can be written")
    }
    defer { try? handle.close() }
    var text = CSVWriter.line(Self.header)
    try warehouse.forEachRejectedRow { row in
      text += CSVWriter.line([String(row.runID), row.stageID, row.file, String(row.line), row.field, row.reason, row.raw])
      if text.utf8.count >= 1 << 20 {
        try handle.write(contentsOf: Data(text.utf8))
        text = ""
      }
    }
    try handle.write(contentsOf: Data(text.utf8))
    try handle.synchronize()
    guard rename(temporary, path) == 0 else {
      throw RejectsError(message: "cannot move the rejects file into place at \(path): \(String(cString: strerror(errno)))")
    }
    try warehouse.markExported(upTo: last.id)
    written += fresh.count
    first += fresh.prefix(max(0, 10 - first.count))
  }
}

struct RejectsError: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}
