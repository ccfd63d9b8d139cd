import CSVBridge
import Foundation
import PhoneBridge
import PipelineModel
import Warehouse

/// Turns a mapped CSV row into a normalised `ContactRecord`.
///
/// A row without any name, email or phone is rejected, and so is a company row without a
/// name. A value that cannot be used (an invalid email, an impossible date, an unknown user)
/// is dropped with its reason and the rest of the row is kept.
struct ContactRowBuilder: Sendable {
  let settings: Settings
  let asOf: Date
  let source: String
  let defaultRegion: String?
  let keepUnmapped: Bool

  /// A row's phone numbers as written, each parsed in the region of the row's country, else the
  /// stage's default region.
  func phones(_ row: MappedRow) -> [(raw: String, number: PhoneNumber)] {
    let region = row.value("country").flatMap(Regions.code(forCountry:)) ?? defaultRegion
    return Self.cells(row, "phone").map { ($0, PhoneNumbers.parse($0, defaultRegion: region)) }
  }

  /// `phones`: the row's `phones(_:)` when already worked out; nil to work them out here.
  func contact(from row: MappedRow, phones given: [(raw: String, number: PhoneNumber)]? = nil) throws -> (
    ContactRecord, [RowError]
  ) {
    var dropped: [RowError] = []
    let first = row.value("first_name"), last = row.value("last_name"), company = row.value("company_name")
    var emails: [String] = []
    for text in FieldParsing.list(Self.cells(row, "email"), separators: ",;") {
      guard !emails.contains(where: { $0.lowercased() == text.lowercased() }) else { continue }
      if let email = Normalize.email(text) {
        emails.append(email)
      } else {
        dropped.append(
          RowError(
            field: "email",
            reason:
              "'\(Masking.mask(text))' is not an email address (expected name@domain.tld\(Normalize.isTooLongForAnEmail(text) ? ", at most \(Normalize.longestEmail) characters and \(Normalize.longestLocalPart) before the @" : ""))"
          ))
      }
    }
    let phones = given ?? self.phones(row)

    let kind: ContactKind
    if let type = row.value("type") {
      switch TextFolding.key(type) {
      case "person", "individual", "people", "personne", "contact": kind = .person
      case "company", "organisation", "organization", "societe", "entreprise": kind = .company
      default: throw RowError(field: "type", reason: "expected 'person' or 'company', got '\(type)'")
      }
    } else if first != nil || last != nil || company == nil {
      kind = .person
    } else {
      kind = .company
    }
    if kind == .company, company == nil {
      throw RowError(field: "company_name", reason: "a company needs a name")
    }
    if kind == .person, first == nil, last == nil, emails.isEmpty, phones.isEmpty {
      throw RowError(field: "", reason: "no name, no email and no phone: nothing to identify a contact by")
    }

    var contact = ContactRecord(kind: kind, createdAt: asOf)
    contact.firstName = kind == .person ? first : nil
    contact.lastName = kind == .person ? last : nil
    contact.companyName = company
    contact.jobTitle = row.value("job_title")
    contact.contactType = row.value("contact_type")
    contact.temperature = row.value("temperature")
    contact.notes = row.value("notes")
    contact.emails = emails
    contact.websites = row.values("website")
    let address = ContactRecord.Address(
      street: row.value("street"), city: row.value("city"), state: row.value("state"), zip: row.value("zip"),
      country: row.value("country"))
    contact.address = address.isEmpty ? nil : address
    contact.phones = phones.map { raw, phone in
      PhoneValue(raw: raw, e164: phone.isValid ? phone.e164 : nil, problem: phone.problem)
    }
    contact.tags = FieldParsing.list(Self.cells(row, "tags"), separators: ",")
      .map { $0.hasPrefix("* ") ? String($0.dropFirst(2)) : $0 }
    if let id = row.value("external_id") { contact.externalID = (source, id) }
    if keepUnmapped { contact.customFields = row.unmapped.map { (TextFolding.clean($0.header), $0.value) } }

    func keep<T>(_ field: String, _ body: () throws -> T) -> T? {
      do { return try body() } catch {
        dropped.append(error as? RowError ?? RowError(field: field, reason: "\(error)"))
        return nil
      }
    }
    if let text = row.value("currency") {
      contact.currency = keep("currency") { try FieldParsing.currency(text, field: "currency") }
    }
    // Outlook writes an unknown birthday as 0/0/00.
    if let text = row.value("birthday"), text.contains(where: { $0.isNumber && $0 != "0" }) {
      contact.birthday = keep("birthday") {
        DateText.localDayText(
          try FieldParsing.date(text, field: "birthday", format: row.dateFormat, settings: settings), settings.timeZone)
      }
    }
    if let text = row.value("created") {
      contact.createdAt =
        keep("created") { try FieldParsing.date(text, field: "created", format: row.dateFormat, settings: settings) } ?? asOf
    }
    contact.responsibles = FieldParsing.list(row.values("responsible")).compactMap { name in
      keep("responsible") { try FieldParsing.user(name, field: "responsible", settings: settings) }
    }
    contact.accessUsers = FieldParsing.list(row.values("access_users")).compactMap { name in
      keep("access_users") { try FieldParsing.user(name, field: "access_users", settings: settings) }
    }
    if let text = row.value("access") {
      if let access = ContactAccess(rawValue: text.lowercased()) {
        contact.access = access
      } else {
        dropped.append(
          RowError(
            field: "access",
            reason: "expected one of \(ContactAccess.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'"))
      }
    }
    return (contact, dropped)
  }

  /// The values of `field`, with cells that hold several values joined by ` ::: ` (Google
  /// Contacts) split apart.
  static func cells(_ row: MappedRow, _ field: String) -> [String] {
    let values = row.values(field)
    guard values.contains(where: { $0.containsUTF8(UInt8(ascii: ":")) && $0.contains(" ::: ") }) else { return values }
    return values.flatMap { $0.components(separatedBy: " ::: ") }.map(TextFolding.clean).filter { !$0.isEmpty }
  }
}
