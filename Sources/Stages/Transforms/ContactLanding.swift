import PipelineModel
import Warehouse

/// Lands normalised contacts in the warehouse: links a person to its company, finds the
/// golden contacts the contact matches, and inserts or merges. Every stage that creates
/// contacts (contact files, web forms, calls) goes through it, so all follow the same rules.
///
/// Landing is two steps: `plan` asks the in-memory matcher alone what the contact becomes,
/// and `write` carries that out in the warehouse. A large contact file plans each row on
/// one thread while another writes the rows planned before (`WriteBehind`).
final class ContactLanding {
  let matcher: ContactMatcher
  let warehouse: Warehouse

  init(_ warehouse: Warehouse, rules: Set<MatchRule>, threshold: Double) throws {
    self.warehouse = warehouse
    matcher = try ContactMatcher(warehouse, rules: rules, threshold: threshold)
  }

  /// What landing one contact does, as the matcher decided it.
  struct Plan: Sendable {
    /// A company created on the side for a person's company name, with its id and key.
    var newCompany: (id: Int64, record: ContactRecord, key: String)?
    var companyID: Int64?
    /// The person's company key, which the matcher now knows the contact by.
    var companyKey: String?
    var target: Target

    enum Target: Sendable {
      /// A new golden contact with this id.
      case insert(Int64)
      /// Merged into `match`; `others` also matched and fold into it (a cluster).
      case merge(Match, others: [Match])
    }
  }

  /// The ids new golden contacts get, in order: the next after the highest in the warehouse
  /// when counting starts, as SQLite would give them.
  struct NewIDs {
    private var next: Int64
    init(_ warehouse: Warehouse) throws { next = try warehouse.nextContactID() }
    mutating func take() -> Int64 {
      defer { next += 1 }
      return next
    }
  }

  /// The records the contact became: its golden contact first, then a company created on the side.
  func land(_ contact: ContactRecord, keys: MatchKeys, fileID: Int64, line: Int, provenance: Provenance) throws
    -> [RowOutcome]
  {
    var ids = try NewIDs(warehouse)
    let plan = try plan(contact, keys: keys, ids: &ids)
    return try write(plan, contact, matchName: keys.name, fileID: fileID, line: line, provenance: provenance)
  }

  /// Decides what the contact becomes and records it in the matcher; the warehouse is not
  /// read or written. `write` must then be called with the plans in the same order.
  func plan(_ contact: ContactRecord, keys: MatchKeys, ids: inout NewIDs) throws -> Plan {
    var newCompany: (id: Int64, record: ContactRecord, key: String)?
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
        let id = ids.take()
        try matcher.add(id, MatchKeys(kind: .company, name: key, companyKey: nil))
        newCompany = (id, record, key)
        companyID = id
      }
    }
    let matches = matcher.matches(keys)
    guard let target = matches.first else {
      let id = ids.take()
      try matcher.add(id, keys)
      return Plan(newCompany: newCompany, companyID: companyID, companyKey: keys.companyKey, target: .insert(id))
    }
    // The contact links several golden contacts: they are one cluster, kept under the oldest id.
    for other in matches.dropFirst() { try matcher.merge(from: other.id, into: target.id) }
    try matcher.add(target.id, keys)
    return Plan(
      newCompany: newCompany, companyID: companyID, companyKey: keys.companyKey,
      target: .merge(target, others: Array(matches.dropFirst())))
  }

  /// Carries out a plan in the warehouse: the records the contact became, its golden contact
  /// first, then a company created on the side. `matchName`: the name of the contact's `MatchKeys`.
  func write(
    _ plan: Plan, _ contact: ContactRecord, matchName: String, fileID: Int64, line: Int, provenance: Provenance
  ) throws -> [RowOutcome] {
    var extra: [RowOutcome] = []
    if let company = plan.newCompany {
      try warehouse.insertContact(
        company.record, id: company.id, companyID: nil, provenance: provenance, matchName: company.key)
      try warehouse.addMatchKeys(company.id, name: company.key, company: nil)
      extra.append(RowOutcome(entity: "contact", id: company.id, action: .inserted))
    }
    switch plan.target {
    case .insert(let id):
      try warehouse.insertContact(contact, id: id, companyID: plan.companyID, provenance: provenance, matchName: matchName)
      try warehouse.addMatchKeys(id, name: matchName, company: plan.companyKey)
      return [RowOutcome(entity: "contact", id: id, action: .inserted)] + extra
    case .merge(let target, let others):
      for other in others {
        try warehouse.mergeContacts(
          from: other.id, into: target.id, rule: other.rule.rawValue, score: other.score, fileID: fileID, line: line)
      }
      let changed = try warehouse.mergeContact(target.id, with: contact, companyID: plan.companyID, provenance: provenance)
      try warehouse.addMatchKeys(target.id, name: matchName, company: plan.companyKey)
      let outcome = RowOutcome(
        entity: "contact", id: target.id, action: changed || !others.isEmpty ? .updated : .unchanged,
        rule: target.rule.rawValue, score: target.score)
      return [outcome] + extra
    }
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
    keys.prepareNameWords()
    return keys
  }
}
