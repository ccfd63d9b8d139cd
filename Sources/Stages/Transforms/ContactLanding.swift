import PipelineModel
import Warehouse

/// Lands normalised contacts in the warehouse: links a person to its company, finds the
/// golden contacts the contact matches, and inserts or merges. Every stage that creates
/// contacts (contact files, web forms, calls) goes through it, so all follow the same rules.
final class ContactLanding {
  let matcher: ContactMatcher
  let warehouse: Warehouse

  init(_ warehouse: Warehouse, rules: Set<MatchRule>, threshold: Double) throws {
    self.warehouse = warehouse
    matcher = try ContactMatcher(try warehouse.contactMatchData(), rules: rules, threshold: threshold)
  }

  /// The records the contact became: its golden contact first, then a company created on the side.
  func land(_ contact: ContactRecord, keys: MatchKeys, fileID: Int64, line: Int, provenance: Provenance) throws
    -> [RowOutcome]
  {
    var extra: [RowOutcome] = []
    var companyID: Int64?
    if contact.kind == .person, let company = contact.companyName, let key = keys.companyKey {
      if let existing = matcher.company(key) {
        companyID = existing
      } else {
        var record = ContactRecord(kind: .company, createdAt: contact.createdAt)
        record.companyName = company
        record.access = contact.access
        record.responsibles = contact.responsibles
        record.accessUsers = contact.accessUsers
        record.origin = contact.origin
        let id = try warehouse.insertContact(record, companyID: nil, provenance: provenance, matchName: key)
        try matcher.add(id, MatchKeys(kind: .company, name: key, companyKey: nil))
        companyID = id
        extra.append(RowOutcome(entity: "contact", id: id, action: .inserted))
      }
    }

    let matches = matcher.matches(keys)
    guard let target = matches.first else {
      let id = try warehouse.insertContact(contact, companyID: companyID, provenance: provenance, matchName: keys.name)
      try matcher.add(id, keys)
      return [RowOutcome(entity: "contact", id: id, action: .inserted)] + extra
    }
    // The contact links several golden contacts: they are one cluster, kept under the oldest id.
    for other in matches.dropFirst() {
      try warehouse.mergeContacts(
        from: other.id, into: target.id, rule: other.rule.rawValue, score: other.score, fileID: fileID, line: line)
      try matcher.merge(from: other.id, into: target.id)
    }
    let changed = try warehouse.mergeContact(target.id, with: contact, companyID: companyID, provenance: provenance)
    try matcher.add(target.id, keys)
    let outcome = RowOutcome(
      entity: "contact", id: target.id, action: changed || matches.count > 1 ? .updated : .unchanged,
      rule: target.rule.rawValue, score: target.score)
    return [outcome] + extra
  }

  /// The golden contact with this E.164 number (the oldest when several have it), if any.
  func contact(phone e164: String) -> Int64? { matcher.contact(phone: e164) }

  /// The match keys of a normalised contact.
  static func keys(_ contact: ContactRecord) -> MatchKeys {
    let companyKey = Normalize.companyKey
    let name =
      contact.kind == .company
      ? companyKey(contact.companyName ?? "") : Normalize.personKey([contact.firstName, contact.lastName])
    var keys = MatchKeys(
      kind: contact.kind, name: name, companyKey: contact.kind == .person ? contact.companyName.map(companyKey) : nil)
    keys.add(contact.emails.map(Normalize.emailKey), .email)
    keys.add(contact.emails.compactMap(Normalize.emailDomain), .domain)
    keys.add(contact.phones.compactMap(\.e164), .phone)
    keys.add([Normalize.placeKey(contact.address?.city)].compactMap { $0 }, .city)
    if let external = contact.externalID { keys.add(["\(external.source)\u{1F}\(external.id)"], .externalID) }
    return keys
  }
}
