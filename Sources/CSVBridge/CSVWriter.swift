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
    // Gathered as bytes and made into a string once: string appends cost several times as much.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count + 3 })
    let separator = delimiter == "," ? [UInt8(ascii: ",")] : Array(String(delimiter).utf8)
    let quote = UInt8(ascii: "\"")
    for (index, field) in fields.enumerated() {
      if index > 0 { bytes += separator }
      if field.containsUTF8(quote) {
        bytes += quoted(field).utf8
      } else {
        bytes.append(quote)
        bytes += field.utf8
        bytes.append(quote)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func quoted(_ field: String) -> String {
    // Without a quote inside, csv_write only adds the two around it.
    if !field.containsUTF8(UInt8(ascii: "\"")) { return "\"" + field + "\"" }
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
