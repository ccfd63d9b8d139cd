import PipelineModel
import Warehouse

/// The thresholds a stage matches contacts with (`match_threshold`, `review_threshold`).
struct MatchSettings: Equatable, Sendable {
  var matchThreshold = 0.999
  var reviewThreshold = 0.9
}

/// Lands normalised contacts in the warehouse: links a person to its company, asks the matcher
/// which contacts the row joins, and inserts or merges, keeping the row's match record and the
/// pairs it leaves to review. Every stage that creates contacts (contact files, web forms,
/// calls) goes through it, so all follow the same rules.
///
/// Landing is two steps: `plan` asks the in-memory matcher alone what the contact becomes,
/// and `write` carries that out in the warehouse. A large contact file plans each row on
/// one thread while another writes the rows planned before (`WriteBehind`).
final class ContactLanding {
  private(set) var matcher: ContactMatcher
  let warehouse: Warehouse
  let runID: Int64
  let settings: MatchSettings
  /// The id the next match record gets, in planning order.
  private var nextRecordID: Int64

  /// Reads the decisions to keep contacts apart, the model, and every match record of the
  /// warehouse when it has at most `wholeLimit` (making them from the golden contacts of a
  /// warehouse from before schema 7, and their keys for one from before schema 8). Past that,
  /// the matcher reads each row's candidates from the warehouse's index through a second
  /// connection.
  ///
  /// A warehouse without a model gets one from the first contact import that lands in it
  /// (`training` non-nil: the first rows of the stage's first file): learnt from its records
  /// and those rows, or the priors when they are fewer than `trainingMinimum`, and kept with
  /// `runID` in the same transaction as the file. Later runs read it, so that the same files
  /// give the same contacts however they are grouped into runs, and a killed run's rerun
  /// decides as the run would have. Other stages (web forms, calls) use the priors until then.
  init(
    _ warehouse: Warehouse, settings: MatchSettings, runID: Int64, stageID: String, training: [MatchRecord]? = nil,
    wholeLimit: Int = ContactLanding.wholeLimit
  ) throws {
    self.warehouse = warehouse
    self.runID = runID
    self.settings = settings
    let readsWhole =
      try warehouse.matchRecordCount() <= wholeLimit || warehouse.isBulk(.contacts)
      || warehouse.contactsLackMatchRecords() || warehouse.matchRecordsLackKeys()
    matcher = try readsWhole ? Self.wholeMatcher(warehouse, settings) : Self.readingMatcher(warehouse, settings)
    nextRecordID = try warehouse.nextMatchRecordID()
    if let json = try warehouse.latestMatchModel(), let model = MatchModel.from(json: json) {
      matcher.model = model
    } else if let training {
      var records = Array(matcher.allRecords.prefix(Self.trainingLimit))
      if !matcher.holdsEverything {
        try warehouse.forEachMatchRecord(limit: Self.trainingLimit) { records.append(Self.record($0)) }
      }
      records += training
      let model = records.count >= Self.trainingMinimum ? MatchTraining.learn(records) : .priors
      matcher.model = model
      try warehouse.saveMatchModel(runID: runID, stageID: stageID, json: model.json)
    }
  }

  /// Warehouses up to this many match records are read whole.
  static let wholeLimit = 50_000

  /// A matcher holding every match record of the warehouse.
  private static func wholeMatcher(_ warehouse: Warehouse, _ settings: MatchSettings) throws -> ContactMatcher {
    let matcher = try ContactMatcher(
      model: .priors, matchThreshold: settings.matchThreshold, reviewThreshold: settings.reviewThreshold)
    if try warehouse.contactsLackMatchRecords() { try makeRecordsOfGoldenContacts(warehouse) }
    let missingKeys = try warehouse.matchRecordsLackKeys()
    var keys: [(Int64, [UInt64])] = []
    try warehouse.forEachMatchRecord { stored in
      let filed = matcher.add(Self.record(stored), to: stored.contactID, id: stored.id)
      if missingKeys { keys.append((stored.id, filed)) }
    }
    for (id, filed) in keys { try warehouse.insertMatchKeys(filed, of: id) }
    for (a, b) in try warehouse.keptApartPairs() { matcher.keepApart(a, b) }
    return matcher
  }

  /// A matcher that reads each row's candidates from the warehouse's index, through a
  /// connection of its own (which sees the warehouse as committed: the records filed since
  /// are held by the matcher).
  private static func readingMatcher(_ warehouse: Warehouse, _ settings: MatchSettings) throws -> ContactMatcher {
    let matcher = try ContactMatcher(
      model: .priors, matchThreshold: settings.matchThreshold, reviewThreshold: settings.reviewThreshold,
      source: WarehouseMatchRecords(try Warehouse.reader(warehouse.path, mapped: false, cacheKiB: 16_384)))
    for (a, b) in try warehouse.keptApartPairs() { matcher.keepApart(a, b) }
    return matcher
  }

  /// A file landing without its indexes (`CSVImport.isBulk`) is large against the warehouse,
  /// and runs with a rollback journal, which a second connection would wait on: its rows are
  /// matched against the warehouse read whole. Called before the file's first row is planned,
  /// when the warehouse is not being written.
  private func readWholeForBulk() throws {
    guard !matcher.holdsEverything, warehouse.isBulk(.contacts) else { return }
    let model = matcher.model
    matcher = try Self.wholeMatcher(warehouse, settings)
    matcher.model = model
  }

  /// Fewer records than this keep the documented priors.
  static let trainingMinimum = 200
  /// The most warehouse records (the first filed) and file rows a model learns from.
  static let trainingLimit = 20_000

  /// What landing one contact does, as the matcher decided it.
  struct Plan: Sendable {
    /// A company created on the side for a person's company name, with its id, key and record.
    var newCompany: (id: Int64, record: ContactRecord, key: String, match: StoredMatchRecord)?
    var companyID: Int64?
    var target: Target
    /// The row's match record, unless one of its contact's records is the same.
    var record: StoredMatchRecord?
    /// Pairs the row's contact leaves to review.
    var review: [PossibleDuplicate] = []

    enum Target: Sendable {
      /// A new golden contact with this id.
      case insert(Int64)
      /// Merged into `match`; `others` also matched and fold into it (a cluster).
      case merge(Match, others: [Match])
    }

    var contactID: Int64 {
      switch target {
      case .insert(let id): id
      case .merge(let match, _): match.id
      }
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
  func land(_ contact: ContactRecord, record: MatchRecord, fileID: Int64, line: Int, provenance: Provenance) throws
    -> [RowOutcome]
  {
    var ids = try NewIDs(warehouse)
    let plan = try plan(contact, record: record, ids: &ids)
    return try write(plan, contact, fileID: fileID, line: line, provenance: provenance)
  }

  /// Decides what the contact becomes and records it in the matcher; the warehouse is not
  /// written, and read only through the matcher's own connection. `write` must then be
  /// called with the plans in the same order.
  func plan(_ contact: ContactRecord, record: MatchRecord, ids: inout NewIDs) throws -> Plan {
    try readWholeForBulk()
    let keys = ContactMatcher.keys(record)
    try matcher.read(for: record, keys: keys)
    var newCompany: (id: Int64, record: ContactRecord, key: String, match: StoredMatchRecord)?
    var companyID: Int64?
    if contact.kind == .person, let company = contact.companyName, let key = record.company {
      if let existing = matcher.company(key) {
        companyID = existing
      } else {
        var side = ContactRecord(kind: .company, createdAt: contact.createdAt)
        side.companyName = company
        side.access = contact.access
        side.responsibles = contact.responsibles
        side.accessUsers = contact.accessUsers
        side.origin = contact.origin
        let id = ids.take()
        var match = MatchRecord(isCompany: true)
        match.company = key
        newCompany = (id, side, key, file(match, to: id))
        companyID = id
      }
    }
    let decision = try matcher.decide(record, keys: keys)
    guard let target = decision.matches.first else {
      let id = ids.take()
      return Plan(
        newCompany: newCompany, companyID: companyID, target: .insert(id), record: file(record, to: id, keys: keys),
        review: decision.review)
    }
    // The row links several golden contacts: they are one cluster, kept under the oldest id.
    for other in decision.matches.dropFirst() { matcher.merge(from: other.id, into: target.id) }
    let stored = matcher.has(record, in: target.id) ? nil : file(record, to: target.id, keys: keys)
    return Plan(
      newCompany: newCompany, companyID: companyID, target: .merge(target, others: Array(decision.matches.dropFirst())),
      record: stored, review: decision.review.filter { $0.other != target.id })
  }

  /// Files `record` in the matcher under `contact`, with the next record id.
  private func file(_ record: MatchRecord, to contact: Int64, keys: ContactMatcher.Keys? = nil) -> StoredMatchRecord {
    let keys = matcher.add(record, to: contact, id: nextRecordID, keys: keys)
    defer { nextRecordID += 1 }
    var stored = Self.stored(record, id: nextRecordID, contact: contact)
    stored.keys = keys
    return stored
  }

  /// Carries out a plan in the warehouse: the records the contact became, its golden contact
  /// first, then a company created on the side.
  func write(_ plan: Plan, _ contact: ContactRecord, fileID: Int64, line: Int, provenance: Provenance) throws
    -> [RowOutcome]
  {
    var extra: [RowOutcome] = []
    if let company = plan.newCompany {
      try warehouse.insertContact(
        company.record, id: company.id, companyID: nil, provenance: provenance, matchName: company.key)
      try warehouse.insertMatchRecord(company.match)
      extra.append(RowOutcome(entity: "contact", id: company.id, action: .inserted))
    }
    var outcome: RowOutcome
    switch plan.target {
    case .insert(let id):
      try warehouse.insertContact(contact, id: id, companyID: plan.companyID, provenance: provenance)
      outcome = RowOutcome(entity: "contact", id: id, action: .inserted)
    case .merge(let target, let others):
      for other in others {
        try warehouse.mergeContacts(
          from: other.id, into: target.id, rule: other.rule.rawValue, score: other.score, fileID: fileID, line: line)
      }
      let changed = try warehouse.mergeContact(target.id, with: contact, companyID: plan.companyID, provenance: provenance)
      outcome = RowOutcome(
        entity: "contact", id: target.id, action: changed || !others.isEmpty ? .updated : .unchanged,
        rule: target.rule.rawValue, score: target.score, evidence: target.evidence.json)
    }
    if let record = plan.record { try warehouse.insertMatchRecord(record) }
    for pair in plan.review {
      try warehouse.addPossibleDuplicate(
        contact: plan.contactID, other: pair.other, probability: pair.evidence.probability, weight: pair.evidence.weight,
        evidence: pair.evidence.json, reason: pair.reason, runID: runID, fileID: fileID, line: line)
    }
    return [outcome] + extra
  }

  /// The golden contact with this E.164 number (the oldest when several have it), if any.
  func contact(phone e164: String) throws -> Int64? { try matcher.contact(phone: e164) }

  /// The match record of a normalised contact.
  static func record(_ contact: ContactRecord) -> MatchRecord {
    MatchRecord(
      isCompany: contact.kind == .company, firstName: contact.firstName, lastName: contact.lastName,
      company: contact.companyName, emails: contact.emails, phones: contact.phones.compactMap(\.e164),
      street: contact.address?.street, postcode: contact.address?.zip, city: contact.address?.city,
      country: contact.address?.country, birthday: contact.birthday,
      externalID: contact.externalID.map { "\($0.source)\u{1F}\($0.id)" })
  }

  /// A stored match record as the matcher holds it (its fields are already folded).
  static func record(_ stored: StoredMatchRecord) -> MatchRecord {
    var record = MatchRecord(isCompany: stored.isCompany)
    let f = stored.fields
    (record.firstName, record.lastName, record.company) = (f[0], f[1], f[2])
    (record.emails, record.phones) = (MatchRecord.split(f[3]), MatchRecord.split(f[4]))
    (record.street, record.postcode, record.city, record.country) = (f[5], f[6], f[7], f[8])
    (record.birthday, record.externalID) = (f[9], f[10])
    return record
  }

  static func stored(_ record: MatchRecord, id: Int64, contact: Int64) -> StoredMatchRecord {
    StoredMatchRecord(
      id: id, contactID: contact, isCompany: record.isCompany,
      fields: [
        record.firstName, record.lastName, record.company, MatchRecord.joined(record.emails),
        MatchRecord.joined(record.phones), record.street, record.postcode, record.city, record.country, record.birthday,
        record.externalID,
      ])
  }

  /// Match records for the golden contacts of a warehouse from before schema 7, from their
  /// names, emails, phones, cities and external ids (their keys are filed by the caller).
  private static func makeRecordsOfGoldenContacts(_ warehouse: Warehouse) throws {
    var nextRecordID = try warehouse.nextMatchRecordID()
    for data in try warehouse.contactMatchData() {
      let record = MatchRecord(
        isCompany: data.kind == .company, firstName: data.firstName, lastName: data.lastName,
        company: data.companyName, emails: data.emailKeys, phones: data.phones, street: nil, postcode: nil,
        city: data.cities.first, country: nil, birthday: nil,
        externalID: data.externalIDs.first)
      try warehouse.insertMatchRecord(Self.stored(record, id: nextRecordID, contact: data.id))
      nextRecordID += 1
    }
  }
}

/// The match records of a warehouse read through their own connection.
final class WarehouseMatchRecords: MatchRecordSource {
  private let reader: Warehouse

  init(_ reader: Warehouse) { self.reader = reader }

  func recordIDs(under key: UInt64, limit: Int) throws -> [Int64] { try reader.matchRecordIDs(key: key, limit: limit) }

  func record(_ id: Int64) throws -> LoadedRecord? { try reader.matchRecord(id: id).map(Self.loaded) }

  func records(of contact: Int64, limit: Int) throws -> [LoadedRecord] {
    try reader.matchRecords(contact: contact, limit: limit).map(Self.loaded)
  }

  func termCount(_ field: MatchField, _ value: String) throws -> Int {
    try reader.matchTermCount(field: field.name, value: value)
  }

  func population() throws -> (persons: Int, companies: Int) {
    (
      try reader.matchTermCount(field: "kind", value: "person"),
      try reader.matchTermCount(field: "kind", value: "company")
    )
  }

  private static func loaded(_ stored: StoredMatchRecord) -> LoadedRecord {
    LoadedRecord(id: stored.id, contact: stored.contactID, record: ContactLanding.record(stored))
  }
}
