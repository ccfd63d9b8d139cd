import Foundation

/// A link's evidence (`MatchEvidence.json`) as the lines of a waterfall: the prior, each
/// field's bits with the running total, then the weight and its probability.
public enum EvidenceWaterfall {
  public static func lines(_ json: String) -> [String] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [] }
    let bits = { (value: Any?) in (value as? NSNumber)?.doubleValue ?? 0 }
    var total = bits(object["prior"])
    var lines = [row("prior", "", total, total)]
    for field in MatchField.allCases.map(\.name) {
      guard let pair = object[field] as? [Any], pair.count == 2, let level = pair[0] as? String else { continue }
      let value = bits(pair[1])
      total += value
      lines.append(row(field, level, value, total))
    }
    if object["swapped_names"] as? Bool == true { lines.append("(first and last names compared swapped)") }
    let probability = bits(object["probability"])
    lines.append(String(format: "= weight %+.2f bits, probability %.6f", bits(object["weight"]), probability))
    return lines
  }

  private static func row(_ field: String, _ level: String, _ value: Double, _ total: Double) -> String {
    let name = field.padding(toLength: 12, withPad: " ", startingAt: 0)
    let kind = level.padding(toLength: 10, withPad: " ", startingAt: 0)
    return String(format: "%@ %@ %+7.2f  (%+7.2f)", name, kind, value, total)
  }
}
