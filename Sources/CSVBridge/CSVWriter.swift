internal import CCSV

/// Writes CSV lines, quoting every field with libcsv's `csv_write`.
public enum CSVWriter {
  /// One line, fields separated by `delimiter`, ending in `\n`.
  public static func line(_ fields: [String], delimiter: Character = ",") -> String {
    record(fields, delimiter: delimiter) + "\n"
  }

  /// One record without its line end, as source rows and rejects keep a row: built in one
  /// string, as every imported row makes one.
  public static func record(_ fields: [String], delimiter: Character = ",") -> String {
    var text = ""
    text.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count + 3 })
    for (index, field) in fields.enumerated() {
      if index > 0 { text.append(delimiter) }
      if hasQuote(field) {
        text += quoted(field)
      } else {
        text += "\""
        text += field
        text += "\""
      }
    }
    return text
  }

  /// Whether the field holds a double quote, searched in its stored bytes (`utf8.contains`
  /// goes through the view's iterator, at several times the instructions a byte).
  static func hasQuote(_ field: String) -> Bool {
    field.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "\"")) }
      ?? field.utf8.contains(UInt8(ascii: "\""))
  }

  static func quoted(_ field: String) -> String {
    // Without a quote inside, csv_write only adds the two around it.
    if !hasQuote(field) { return "\"" + field + "\"" }
    let source = Array(field.utf8)
    let capacity = source.count * 2 + 2
    var output = [UInt8](repeating: 0, count: capacity)
    let written = source.withUnsafeBytes { src in
      output.withUnsafeMutableBytes { dst in
        csv_write(dst.baseAddress, capacity, src.baseAddress, src.count)
      }
    }
    return String(decoding: output[..<min(written, capacity)], as: UTF8.self)
  }
}
