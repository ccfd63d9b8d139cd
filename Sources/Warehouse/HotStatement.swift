/// The statements a contact import runs for (nearly) every row. `Warehouse.statement(_:)`
/// keeps them by position, once prepared: finding them by their text, as other statements
/// are found, hashes and compares that text every time a row runs one.
enum HotStatement: Int, CaseIterable {
  case insertContact, insertEmail, appendEmail, insertPhone, appendPhone, insertAddress, appendAddress
  case insertExternalID, addSourceRow, goldenState, fieldSources, saveGolden, saveGoldenSameCompany

  var sql: String {
    switch self {
    case .insertContact: Warehouse.insertContactSQL
    case .insertEmail: Warehouse.insertEmailSQL
    case .appendEmail: Warehouse.appendEmailSQL
    case .insertPhone: Warehouse.insertPhoneSQL
    case .appendPhone: Warehouse.appendPhoneSQL
    case .insertAddress: Warehouse.insertAddressSQL
    case .appendAddress: Warehouse.appendAddressSQL
    case .insertExternalID:
      "INSERT OR IGNORE INTO contact_external_ids (source, external_id, contact_id) VALUES (?, ?, ?)"
    case .addSourceRow:
      "INSERT INTO source_rows (file_id, line, entity, entity_id, action, rule, score, raw, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    case .goldenState: Warehouse.goldenStateSQL
    case .fieldSources: "SELECT field, priority, sequence FROM contact_field_sources WHERE contact_id = ?"
    case .saveGolden: Warehouse.saveGoldenSQL
    case .saveGoldenSameCompany: Warehouse.saveGoldenSameCompanySQL
    }
  }
}
