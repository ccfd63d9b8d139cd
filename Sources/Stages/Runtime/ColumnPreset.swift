/// A known export's column mapping, recognised by its headers.
protocol ColumnPreset {
  /// Headers that together identify the export; each group needs one of its names.
  var signature: [[String]] { get }
  var mapping: [(field: String, headers: [String])] { get }
}

extension ColumnPreset {
  /// How much of this preset a header row has: 0 when its signature is incomplete, else the
  /// share of the preset's headers present.
  func fit(_ header: [String]) -> Double {
    let keys = Set(header.map(ColumnPlan.headerKey))
    guard signature.allSatisfy({ group in group.contains { keys.contains(ColumnPlan.split($0).key) } }) else { return 0 }
    let names = mapping.flatMap(\.headers).map { ColumnPlan.split($0).key }
    return Double(names.filter(keys.contains).count) / Double(max(names.count, 1))
  }
}
