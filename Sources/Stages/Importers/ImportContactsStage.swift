import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.contacts`: persons and companies from CSV files with an explicit column mapping.
///
/// A person needs a first and a last name, a company a name; other rows are rejected. A row
/// whose email is already in the warehouse (case-insensitive), or a company whose folded name
/// is, merges into that contact: empty fields are filled, new emails, phones and tags added.
struct ImportContactsStage: Stage {
  static let fields = [
    "type", "first_name", "last_name", "company_name", "job_title", "email", "phone", "website", "street", "city",
    "state", "zip", "country", "contact_type", "temperature", "currency", "responsible", "access", "access_users",
    "tags", "notes", "created",
  ]

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.contacts",
      summary: "Import persons and companies from CSV files into the warehouse.",
      keys: CSVImportKeys.keys(
        fields: fields, mappingExample: "{first_name: First Name, last_name: Last Name, email: [Email, Email 2]}"),
      example: """
        - kind: import.contacts
          input: ../SampleData/contacts/*.csv
          mapping:
            type: Kind
            first_name: First Name
            last_name: Last Name
            company_name: Company
            email: Email
            responsible: Responsible
        """),
    build: { config, _ in ImportContactsStage(config: config) })

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    let importer = CSVImport(config: config)
    return try importer.run(context) { row in try importRow(row, context: context, dateFormat: importer.dateFormat) }
  }

  private func importRow(_ row: MappedRow, context: RunContext, dateFormat: DateFormat) throws -> [RowOutcome] {
    let settings = context.settings
    let first = row.value("first_name"), last = row.value("last_name"), company = row.value("company_name")
    let kind: ContactKind
    if let type = row.value("type") {
      switch TextFolding.key(type) {
      case "person", "individual", "people", "personne": kind = .person
      case "company", "organisation", "organization", "societe", "entreprise": kind = .company
      default: throw RowError(field: "type", reason: "expected 'person' or 'company', got '\(type)'")
      }
    } else if first != nil || last != nil {
      kind = .person
    } else if company != nil {
      kind = .company
    } else {
      throw RowError(field: "", reason: "no name: a person needs first_name and last_name, a company needs company_name")
    }
    if kind == .person, first == nil || last == nil {
      throw RowError(field: first == nil ? "first_name" : "last_name", reason: "a person needs both a first and a last name")
    }
    if kind == .company, company == nil {
      throw RowError(field: "company_name", reason: "a company needs a name")
    }

    var contact = ContactRecord(kind: kind, createdAt: context.asOf)
    contact.firstName = kind == .person ? first : nil
    contact.lastName = kind == .person ? last : nil
    contact.companyName = company
    contact.jobTitle = row.value("job_title")
    contact.contactType = row.value("contact_type")
    contact.temperature = row.value("temperature")
    contact.notes = row.value("notes")
    if let text = row.value("currency") { contact.currency = try FieldParsing.currency(text, field: "currency") }
    if let text = row.value("created") {
      contact.createdAt = try FieldParsing.date(text, field: "created", format: dateFormat, settings: settings)
    }
    contact.emails = try FieldParsing.list(row.values("email")).map { try FieldParsing.email($0, field: "email") }
    contact.phones = row.values("phone")
    contact.websites = row.values("website")
    let address = ContactRecord.Address(
      street: row.value("street"), city: row.value("city"), state: row.value("state"), zip: row.value("zip"),
      country: row.value("country"))
    contact.address = address.isEmpty ? nil : address
    contact.tags = FieldParsing.list(row.values("tags"), separators: ",")
    contact.responsibles = try FieldParsing.list(row.values("responsible")).map {
      try FieldParsing.user($0, field: "responsible", settings: settings)
    }
    contact.accessUsers = try FieldParsing.list(row.values("access_users")).map {
      try FieldParsing.user($0, field: "access_users", settings: settings)
    }
    if let text = row.value("access") {
      guard let access = ContactAccess(rawValue: text.lowercased()) else {
        throw RowError(
          field: "access",
          reason: "expected one of \(ContactAccess.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
      }
      contact.access = access
    }

    let warehouse = context.warehouse
    var outcomes: [RowOutcome] = []
    var companyID: Int64?
    if kind == .person, let company {
      if let existing = try warehouse.contactID(name: company, kind: .company) {
        companyID = existing
      } else {
        var record = ContactRecord(kind: .company, createdAt: contact.createdAt)
        record.companyName = company
        record.access = contact.access
        record.responsibles = contact.responsibles
        record.accessUsers = contact.accessUsers
        let id = try warehouse.insertContact(record, companyID: nil)
        companyID = id
        outcomes.append(.inserted(entity: "contact", id: id))
      }
    }

    var match = try contact.emails.lazy.compactMap { try warehouse.contactID(email: $0) }.first
    if match == nil, kind == .company, let company { match = try warehouse.contactID(name: company, kind: .company) }
    if let match {
      let changed = try warehouse.mergeContact(match, with: contact, companyID: companyID)
      let outcome: RowOutcome = changed ? .updated(entity: "contact", id: match) : .unchanged(entity: "contact", id: match)
      return [outcome] + outcomes
    }
    return [.inserted(entity: "contact", id: try warehouse.insertContact(contact, companyID: companyID))] + outcomes
  }
}
