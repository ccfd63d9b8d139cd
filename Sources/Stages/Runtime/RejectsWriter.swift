import CSVBridge
import Foundation

/// One rejected input row: where it was, why, and the row as read.
public struct Reject: Sendable, Equatable {
  public var stage: String
  public var file: String
  public var line: Int
  public var field: String
  public var reason: String
  public var row: [String]
}

/// Appends rejected rows to the rejects CSV beside the warehouse. Rows are written only
/// after their file's transaction commits, so a rolled-back file leaves no rejects behind.
public final class RejectsWriter {
  public let path: String
  let runID: Int64
  public private(set) var written = 0
  /// The first rejects of the run, for the summary.
  public private(set) var first: [Reject] = []

  public init(path: String, runID: Int64) {
    self.path = path
    self.runID = runID
  }

  /// `<warehouse>.rejects.csv`, beside the warehouse file.
  public static func path(forWarehouse warehouse: String) -> String {
    let base = (warehouse as NSString).deletingPathExtension
    return base + ".rejects.csv"
  }

  static let header = ["run", "stage", "file", "line", "field", "reason", "row"]

  public func append(_ rejects: [Reject]) throws {
    guard !rejects.isEmpty else { return }
    var text = ""
    if !FileManager.default.fileExists(atPath: path) {
      FileManager.default.createFile(atPath: path, contents: nil)
      text += CSVWriter.line(Self.header)
    }
    for reject in rejects {
      text += CSVWriter.line([
        String(runID), reject.stage, reject.file, String(reject.line), reject.field, reject.reason,
        CSVWriter.line(reject.row).dropLast().description,
      ])
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw RejectsError(message: "cannot write the rejects file \(path)")
    }
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
    written += rejects.count
    first += rejects.prefix(max(0, 10 - first.count))
  }
}

struct RejectsError: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}
