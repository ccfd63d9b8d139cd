import CSVBridge
import Foundation
import Warehouse

/// Writes the rejects CSV beside the warehouse from the rejected rows the warehouse keeps.
///
/// A rejected row is stored in its file's transaction, and written to the CSV once that
/// transaction has committed; rows a killed run committed but did not write are written by
/// the next run. So the file never holds a row of a rolled-back file, and misses none.
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

  /// Appends every committed rejected row not yet in the file.
  public func flush(_ warehouse: Warehouse) throws {
    let rows = try warehouse.unexportedRejectedRows()
    guard let last = rows.last else { return }
    var text = ""
    if !FileManager.default.fileExists(atPath: path) {
      FileManager.default.createFile(atPath: path, contents: nil)
      text += CSVWriter.line(Self.header)
    }
    for row in rows {
      text += CSVWriter.line([String(row.runID), row.stageID, row.file, String(row.line), row.field, row.reason, row.raw])
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw RejectsError(message: "cannot write the rejects file \(path)")
    }
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
    try handle.synchronize()
    try warehouse.markExported(upTo: last.id)
    written += rows.count
    first += rows.prefix(max(0, 10 - first.count))
  }
}

struct RejectsError: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}
