import PipelineModel

/// What the matcher compares of one source row: its normalised fields, nil when missing.
///
/// Every row that lands a contact keeps one (`match_records`), and rows are compared with
/// these, never with the golden contact: a golden record is the union of everything merged
/// into it, and comparing with it lets each wrong merge widen the next (chaining).
struct MatchRecord: Sendable, Equatable {
  var isCompany: Bool
  /// Folded first and last name (case, accents and punctuation dropped).
  var firstName: String?
  var lastName: String?
  /// A person's employer, or a company's own name, as a company key.
  var company: String?
  var emails: [String] = []
  /// E.164 numbers.
  var phones: [String] = []
  var street: String?
  var postcode: String?
  var city: String?
  var country: String?
  /// `YYYY-MM-DD`.
  var birthday: String?
  /// `source` U+001F `id`.
  var externalID: String?

  init(isCompany: Bool) { self.isCompany = isCompany }

  /// Whether the record has a name to compare (a contact created from a call may have none).
  var hasName: Bool { isCompany ? company != nil : firstName != nil || lastName != nil }

  /// Whether the record has anything besides its name to compare.
  var hasDetails: Bool {
    !emails.isEmpty || !phones.isEmpty || street != nil || postcode != nil || city != nil || birthday != nil
      || externalID != nil || (!isCompany && company != nil)
  }

  /// The record of a contact's fields, folded as the matcher compares them.
  init(
    isCompany: Bool, firstName: String?, lastName: String?, company: String?, emails: [String], phones: [String],
    street: String?, postcode: String?, city: String?, country: String?, birthday: String?, externalID: String?
  ) {
    self.isCompany = isCompany
    self.firstName = isCompany ? nil : Self.folded(firstName)
    self.lastName = isCompany ? nil : Self.folded(lastName)
    self.company = company.map(Normalize.companyKey).flatMap { $0.isEmpty ? nil : $0 }
    var seenEmails: [String] = []
    for email in emails.map(Normalize.emailKey) where !seenEmails.contains(email) { seenEmails.append(email) }
    self.emails = seenEmails
    var seenPhones: [String] = []
    for phone in phones where !seenPhones.contains(phone) { seenPhones.append(phone) }
    self.phones = seenPhones
    self.street = Self.folded(street)
    self.postcode = postcode.map { String($0.uppercased().filter { $0.isLetter || $0.isNumber }) }.flatMap {
      $0.isEmpty ? nil : $0
    }
    self.city = Normalize.placeKey(city)
    self.country = Normalize.placeKey(country)
    self.birthday = birthday
    self.externalID = externalID
  }

  /// Folded words in their order: `Jean-Pierre` gives `jean pierre`.
  static func folded(_ text: String?) -> String? {
    guard let text else { return nil }
    let key = Normalize.tokens(text).joined(separator: " ")
    return key.isEmpty ? nil : key
  }

  /// The stored form of a list field: values joined by U+001F.
  static func joined(_ values: [String]) -> String? { values.isEmpty ? nil : values.joined(separator: "\u{1F}") }
  static func split(_ text: String?) -> [String] { text.map { $0.split(separator: "\u{1F}").map(String.init) } ?? [] }
}
