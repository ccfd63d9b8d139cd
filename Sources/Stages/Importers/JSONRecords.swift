import Foundation

/// The objects of a JSON file that holds records: a list page (`{"calls": [...]}`), a single
/// resource, or an array of resources, each with the line it starts on.
enum JSONRecords {
  struct Record {
    var line: Int
    /// Scalar fields as text (numbers and booleans written out); nested values left out.
    var fields: [(name: String, value: String)]
    /// The object, re-serialised with sorted keys, to keep as the source row.
    var raw: String
  }

  /// `listKey`: the envelope's array (`calls`). An element that is not an object is a
  /// record without fields, so the caller rejects it with its line.
  static func read(_ data: Data, listKey: String) throws(RowError) -> [Record] {
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
      throw RowError(field: "", reason: "not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error)")
    }
    let elements: [Any]
    let depth: Int
    if let object = root as? [String: Any], let list = object[listKey] {
      guard let array = list as? [Any] else { throw RowError(field: listKey, reason: "expected '\(listKey)' to be a list") }
      (elements, depth) = (array, 2)
    } else if let object = root as? [String: Any] {
      // An API error answer (Twilio's: code, message, more_info, status) is not a resource.
      if object["sid"] == nil, let message = object["message"] as? String, object["status"] != nil || object["code"] != nil {
        let status = (object["status"] as? NSNumber)?.stringValue ?? (object["code"] as? NSNumber)?.stringValue ?? ""
        throw RowError(
          field: "",
          reason: "this is an API error answer (\(status) \(message.prefix(200))), not a list of \(listKey); fetch it again")
      }
      (elements, depth) = ([object], 0)
    } else if let array = root as? [Any] {
      (elements, depth) = (array, 1)
    } else {
      throw RowError(field: "", reason: "expected an object with '\(listKey)', one resource, or a list of them")
    }
    let lines = depth == 0 ? [1] : objectLines(data, depth: depth)
    return elements.enumerated().map { index, element in
      let line = index < lines.count ? lines[index] : 1
      guard let object = element as? [String: Any] else { return Record(line: line, fields: [], raw: "\(element)") }
      let fields = object.keys.sorted().compactMap { key -> (String, String)? in
        switch object[key] {
        case let text as String: return (key, text)
        case let number as NSNumber: return (key, number.stringValue)
        default: return nil
        }
      }
      let raw =
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        .flatMap { String(data: $0, encoding: .utf8) } ?? ""
      return Record(line: line, fields: fields, raw: raw)
    }
  }

  /// The line of each value that opens at nesting `depth` (1: elements of a top-level array;
  /// 2: elements of an array inside the top-level object), strings skipped.
  static func objectLines(_ data: Data, depth target: Int) -> [Int] {
    var lines: [Int] = []
    var (line, depth, inString, escaped) = (1, 0, false, false)
    for byte in data {
      if byte == UInt8(ascii: "\n") { line += 1 }
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        inString = true
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        if depth == target { lines.append(line) }
        depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
      default:
        if depth == target, byte > 0x20, byte != UInt8(ascii: ","), lines.last != line { lines.append(line) }
      }
    }
    return lines
  }
}
