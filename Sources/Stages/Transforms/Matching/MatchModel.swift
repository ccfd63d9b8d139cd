import Foundation

/// The Fellegi–Sunter model two records are weighed with: for each field and level, m (how
/// often two rows of one person compare so) and u (how often two rows of different people
/// do); the level adds log2(m/u) bits. Learnt from the data (`MatchTraining`), kept in the
/// warehouse with the run that learnt it, and read back by later runs.
struct MatchModel: Sendable, Equatable, Codable {
  /// `m[field][level]` and `u[field][level]`, by `MatchField` and `MatchLevel` raw values
  /// (the `missing` level is unused: it adds nothing).
  var m: [[Double]]
  var u: [[Double]]
  /// How many other records of the same contact a record has on average: with N records
  /// indexed, the prior that a row and one given record are one contact is this over N.
  var duplicatesPerRecord: Double
  /// What the model was learnt from: records, random pairs for u, blocked pairs for m.
  var trainedRecords = 0
  var randomPairs = 0
  var blockedPairs = 0

  /// Documented starting values (README, "Matching"): where training has no evidence for a
  /// level, these hold. Order of levels: missing, exact, close, similar, different.
  static let priors = MatchModel(
    m: [
      [0, 0.86, 0.06, 0.04, 0.04],  // first name
      [0, 0.88, 0.06, 0.03, 0.03],  // last name
      [0, 0.70, 0.08, 0.04, 0.18],  // company
      [0, 0.70, 0.03, 0, 0.27],  // email
      [0, 0.72, 0.08, 0, 0.20],  // phone
      [0, 0.80, 0.06, 0.06, 0.08],  // street
      [0, 0.88, 0.04, 0, 0.08],  // postcode
      [0, 0.90, 0.03, 0, 0.07],  // city
      [0, 0.97, 0, 0, 0.03],  // country
      [0, 0.90, 0.05, 0.02, 0.03],  // birthday
      [0, 0.999, 0, 0, 0.001],  // external id
    ],
    u: [
      [0, 0.01, 0.002, 0.01, 0.978],
      [0, 0.003, 0.001, 0.005, 0.991],
      [0, 0.001, 0.001, 0.005, 0.993],
      [0, 0.00001, 0.0001, 0, 0.99989],
      [0, 0.00001, 0.00002, 0, 0.99997],
      [0, 0.0005, 0.0005, 0.002, 0.997],
      [0, 0.01, 0.01, 0, 0.98],
      [0, 0.05, 0.005, 0, 0.945],
      [0, 0.3, 0, 0, 0.7],
      [0, 0.00005, 0.0005, 0.01, 0.98945],
      [0, 0.000001, 0, 0, 0.999999],
    ],
    duplicatesPerRecord: 0.3)

  /// Bits of one level of one field; 0 for a level the model gives no chance.
  func bits(_ field: MatchField, _ level: MatchLevel, frequency: Double? = nil) -> Double {
    guard level != .missing else { return 0 }
    let mValue = m[field.rawValue][level.rawValue]
    var uValue = u[field.rawValue][level.rawValue]
    if level == .exact, let frequency { uValue = frequency }
    guard mValue > 0, uValue > 0 else { return 0 }
    return min(max(log2(mValue / uValue), -20), 30)
  }

  /// The prior, in bits, that a row and one of `population` indexed records are one contact.
  func priorBits(population: Int) -> Double {
    let lambda = min(duplicatesPerRecord / Double(max(population, Self.smallestPopulation)), 0.5)
    return log2(lambda / (1 - lambda))
  }

  /// Below this many records the prior is taken as for this many: a nearly empty warehouse is
  /// no reason to merge on a name alone.
  static let smallestPopulation = 1000

  /// The term-frequency u of an exact match on a value `count` records of `population` hold:
  /// its share of the records, so that two Satōs prove less than two Szczebrzeszyńskis. A
  /// share is not taken as rarer than the field's u until there are `frequencyPopulation`
  /// records (one Jürgen among five records says little about how rare Jürgen is), nor as more
  /// than ten times rarer than the field's u (3.3 bits more at most). An email or
  /// phone is nearly always one contact's: its u is the field's, raised only when other
  /// records share it too (a switchboard, info@).
  func frequency(_ field: MatchField, count: Int, population: Int) -> Double {
    let base = u[field.rawValue][MatchLevel.exact.rawValue]
    let records = Double(max(population, Self.smallestPopulation))
    switch field {
    case .email, .phone: return max(base, Double(count - 1) / records)
    default: return max(Double(count) / records, base * min(1, max(Double(Self.frequencyPopulation) / records, 0.1)), 1e-9)
    }
  }

  static let frequencyPopulation = 10_000

  var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
  }

  static func from(json: String) -> MatchModel? {
    guard let model = try? JSONDecoder().decode(MatchModel.self, from: Data(json.utf8)) else { return nil }
    let shape = MatchField.allCases.count
    guard model.m.count == shape, model.u.count == shape,
      model.m.allSatisfy({ $0.count == MatchLevel.allCases.count }),
      model.u.allSatisfy({ $0.count == MatchLevel.allCases.count })
    else { return nil }
    return model
  }
}

/// A pair weighed field by field: the prior, each field's bits, the total and its probability.
struct MatchEvidence: Sendable, Equatable {
  struct Part: Sendable, Equatable {
    var field: MatchField
    var level: MatchLevel
    var bits: Double
  }
  var prior: Double
  var parts: [Part]
  var swappedNames = false
  /// The records cannot be one contact (`MatchComparison.contradicts`).
  var contradicts = false

  var weight: Double { parts.reduce(prior) { $0 + $1.bits } }
  var probability: Double {
    let w = weight
    return w > 60 ? 1 : 1 / (1 + pow(2, -w))
  }

  func level(_ field: MatchField) -> MatchLevel { parts.first { $0.field == field }?.level ?? .missing }

  /// What a pair that disagrees strongly disagrees on, in words.
  var disagreement: String {
    var what: [String] = []
    if level(.firstName) == .different { what.append("another first name") }
    if level(.lastName) == .different { what.append("another last name") }
    if level(.company) == .different, !parts.contains(where: { $0.field == .firstName || $0.field == .lastName }) {
      what.append("another company name")
    }
    if level(.birthday) == .different { what.append("another date of birth") }
    return what.isEmpty ? "another generation (Jr., Sr.)" : what.joined(separator: " and ")
  }

  /// `{"prior":-17.2,"first_name":["exact",8.1],...,"weight":12.3,"probability":0.9998}`.
  var json: String {
    func number(_ value: Double) -> String { String(format: "%.2f", value) }
    var items = ["\"prior\":\(number(prior))"]
    for part in parts { items.append("\"\(part.field.name)\":[\"\(part.level.name)\",\(number(part.bits))]") }
    if swappedNames { items.append("\"swapped_names\":true") }
    if contradicts { items.append("\"contradicts\":true") }
    items.append("\"weight\":\(number(weight))")
    items.append("\"probability\":\(String(format: "%.6f", probability))")
    return "{" + items.joined(separator: ",") + "}"
  }
}
