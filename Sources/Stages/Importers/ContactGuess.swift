import CSVBridge
import PipelineConfig
import PipelineModel

/// What `crmpipe guess` says of a contact file: its dialect, the preset that fits, a mapping
/// for the other columns from common header names, and a stage block to paste.
public struct ContactGuess: Sendable {
  public var dialect: CSVDialect
  public var header: [String]
  public var preset: String?
  public var presetFit: Double
  /// Field to header, for columns the preset does not read.
  public var mapping: [(field: String, header: String)]
  public var unmapped: [String]
  public var dateOrder: String?

  /// Common header names of each field, in several languages; compared without case,
  /// accents or spaces.
  static let synonyms: [(field: String, names: [String])] = [
    ("type", ["kind", "type", "company/person", "contact kind"]),
    ("first_name", ["first name", "firstname", "given name", "prénom", "prenom", "vorname", "nombre"]),
    ("last_name", ["last name", "lastname", "surname", "family name", "nom", "nom de famille", "nachname", "apellidos"]),
    (
      "company_name",
      ["company", "company name", "organization", "organisation", "société", "entreprise", "firma", "empresa", "account name"]
    ),
    ("job_title", ["job title", "title", "position", "fonction", "poste", "titre", "role"]),
    (
      "email",
      ["email", "e-mail", "mail", "email address", "e-mail address", "courriel", "adresse e-mail", "adresse de messagerie"]
    ),
    ("phone", ["phone", "phone number", "telephone", "téléphone", "tel", "tél", "mobile", "portable", "telefon", "cell"]),
    ("website", ["website", "web site", "site web", "url", "web page"]),
    ("street", ["street", "address", "adresse", "rue", "straße"]),
    ("city", ["city", "ville", "town", "stadt", "ciudad"]),
    ("state", ["state", "region", "région", "province", "state/region"]),
    ("zip", ["zip", "postal code", "postcode", "code postal", "cp", "plz"]),
    ("country", ["country", "pays", "land", "país", "country/region"]),
    ("contact_type", ["contact type", "type de contact"]),
    ("temperature", ["temperature", "température", "contact temperature level"]),
    ("responsible", ["responsible", "owner", "contact owner", "responsable", "manager"]),
    ("access", ["access", "accès"]),
    ("tags", ["tags", "labels", "categories", "catégories", "étiquettes", "groups"]),
    ("notes", ["notes", "note", "comment", "comments", "commentaire"]),
    ("created", ["created", "create date", "created at", "creation date", "date de création", "date de creation"]),
    ("external_id", ["id", "record id", "contact id", "external id"]),
  ]

  public static func guess(path: String) throws -> ContactGuess {
    let dialect = try CSVDialect.detect(path: path)
    var rows: [[String]] = []
    struct Enough: Error {}
    do {
      try CSVReader(path: path, dialect: dialect).forEachRecord { record in
        rows.append(record.fields)
        if rows.count > 200 { throw Enough() }
      }
    } catch is Enough {}
    let header = rows.first ?? []
    let (best, mapping, covered) = columns(of: header)
    let unmapped = header.indices.filter { !covered.contains($0) && !header[$0].isEmpty }.map { header[$0] }
    let dateColumns = mapping.filter { $0.0 == "created" }.compactMap { pair in header.firstIndex(of: pair.1) }
    let orders = Set(
      rows.dropFirst().flatMap { row in dateColumns.compactMap { $0 < row.count ? DateText.order(of: row[$0]) : nil } })
    let order = orders.count == 1 ? orders.first?.rawValue : nil
    return ContactGuess(
      dialect: dialect, header: header, preset: best?.preset.rawValue, presetFit: best?.fit ?? 0, mapping: mapping,
      unmapped: unmapped, dateOrder: order)
  }

  /// The preset that fits `header` best, a mapping of the other columns from common header
  /// names, and the columns the two read (`preset: auto` and `crmpipe guess` both use it).
  static func columns(of header: [String]) -> (
    best: (preset: ContactPreset, fit: Double)?, mapping: [(field: String, header: String)], covered: Set<Int>
  ) {
    let best = ContactPreset.best(for: header)
    var covered = Set<Int>()
    if let preset = best?.preset {
      let resolved = try? ColumnPlan(preset: preset.mapping, mapping: []).resolve(header, display: "", stage: "guess")
      covered = Set(header.indices).subtracting(resolved?.unmapped ?? [])
    }
    var mapping: [(field: String, header: String)] = []
    var mappedFields = Set(best?.preset.mapping.map(\.field) ?? [])
    for (index, name) in header.enumerated() where !covered.contains(index) {
      let key = ColumnPlan.headerKey(name)
      guard let field = synonyms.first(where: { entry in entry.names.contains { ColumnPlan.headerKey($0) == key } })?.field,
        !mappedFields.contains(field)
      else { continue }
      mapping.append((field, name))
      mappedFields.insert(field)
      covered.insert(index)
    }
    return (best, mapping, covered)
  }

  /// A stage block to paste into a pipeline file.
  public func stageBlock(input: String) -> String {
    var lines = ["  - kind: import.contacts", "    input: \(input)"]
    if let preset { lines.append("    preset: \(preset)") }
    if !mapping.isEmpty {
      lines.append("    mapping:")
      lines += mapping.map { "      \($0.field): \(Self.yamlScalar($0.header))" }
    }
    if !unmapped.isEmpty { lines.append("    # not mapped: \(unmapped.joined(separator: ", "))") }
    return lines.joined(separator: "\n")
  }

  /// Quotes a header when YAML would read it as something else.
  static func yamlScalar(_ text: String) -> String {
    let plain =
      text.allSatisfy { $0.isLetter || $0.isNumber || " -_.()/'".contains($0) }
      && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.isEmpty
    return plain
      ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
