import ArgumentParser
import CSVBridge
import Foundation
import Warehouse

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write the warehouse as one CSV per entity, with contact_sources.csv mapping every source row to its contact.")

  @Option(help: "The warehouse file.")
  var warehouse: String

  @Option(help: "The folder to write the CSV files into.")
  var out: String

  func run() throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
      Console.error("export --out \(out) is a file; give a folder (it is made if missing), so that no file is overwritten")
      throw Exit.inputError
    }
    let store = try existingWarehouse(warehouse)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    for name in Warehouse.exportNames {
      let path = (out as NSString).appendingPathComponent("\(name).csv")
      guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
        Console.error("cannot write \(path)")
        throw Exit.inputError
      }
      defer { try? file.close() }
      var buffer = ""
      var count = 0
      func flush() throws {
        try file.write(contentsOf: Data(buffer.utf8))
        buffer = ""
      }
      try store.export(
        name, header: { buffer += CSVWriter.line($0) },
        row: { fields in
          buffer += CSVWriter.line(fields.map(Self.neutralised))
          count += 1
          if buffer.utf8.count > 1 << 20 { try flush() }
        })
      try flush()
      Console.out("\(path): \(count) rows")
    }
  }

  /// A cell a spreadsheet would run as a formula gets a leading apostrophe: one that starts with
  /// `=`, `@`, a tab or a carriage return, or with `+` or `-` and holds more than a number
  /// (`+cmd|' /C calc'!A0`, `-1+HYPERLINK(...)`). A phone number in E.164 (`+33619542555`) or a
  /// signed amount (`-12.5`) is data a migration must keep as it is, and no spreadsheet runs it.
  static func neutralised(_ cell: String) -> String {
    guard let first = cell.first, "=+-@\t\r".contains(first) else { return cell }
    if first == "+" || first == "-",
      cell.dropFirst().allSatisfy({ $0.isASCII && ($0.isNumber || " .,()/".contains($0)) }), cell.count > 1
    {
      return cell
    }
    return "'" + cell
  }
}
