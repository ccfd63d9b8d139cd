import Foundation

/// What a form's fields mean: the reference CRM's website form, Salesforce web-to-lead, or
/// a stage mapping. Each turns a submission into contact fields (the names of
/// `import.contacts`) and custom fields, applying the form's own rules.
enum WebformVocabulary: String {
  case onlyoffice, salesforce

  /// The submission's `source`, else the vocabulary whose field names it uses.
  static func of(_ submission: WebformSubmission) -> WebformVocabulary? {
    switch submission.source?.lowercased() {
    case "onlyoffice": return .onlyoffice
    case "salesforce", "salesforce_w2l": return .salesforce
    default: break
    }
    let keys = submission.fields.map(\.key)
    if keys.contains(where: {
      ["firstName", "lastName", "companyName", "is_company"].contains($0) || $0.hasPrefix("contactInfo_")
    }) {
      return .onlyoffice
    }
    if keys.contains(where: { ["first_name", "last_name", "company", "lead_source"].contains($0) }) { return .salesforce }
    return nil
  }

  struct Mapped {
    var fields: [String: [String]] = [:]
    var custom: [(name: String, value: String)] = []
    mutating func add(_ field: String, _ value: String?) {
      guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return }
      fields[field, default: []].append(value)
    }
  }

  func map(_ submission: WebformSubmission) throws(RowError) -> Mapped {
    switch self {
    case .onlyoffice: return try Self.onlyoffice(submission)
    case .salesforce: return try Self.salesforce(submission)
    }
  }

  /// The reference CRM's rules: `is_company` decides, else a first name means a person and a
  /// company name a company; a person needs a first name and a company its name.
  static func onlyoffice(_ form: WebformSubmission) throws(RowError) -> Mapped {
    var mapped = Mapped()
    let isCompany: Bool
    if let flag = form.value("is_company") {
      switch flag.lowercased() {
      case "true": isCompany = true
      case "false": isCompany = false
      default: throw RowError(field: "is_company", reason: "expected true or false, got '\(flag)'")
      }
    } else if form.value("firstName") != nil {
      isCompany = false
    } else if form.value("companyName") != nil {
      isCompany = true
    } else {
      throw RowError(field: "firstName", reason: "neither firstName nor companyName: the form says who it is about")
    }
    if isCompany, form.value("companyName") == nil {
      throw RowError(field: "companyName", reason: "a company needs companyName")
    }
    if !isCompany, form.value("firstName") == nil {
      throw RowError(field: "firstName", reason: "a person needs firstName (the reference CRM's required field)")
    }
    mapped.add("type", isCompany ? "company" : "person")
    if !isCompany {
      mapped.add("first_name", form.value("firstName"))
      mapped.add("last_name", form.value("lastName"))
      mapped.add("job_title", form.value("jobTitle"))
    }
    mapped.add("company_name", form.value("companyName"))
    mapped.add("notes", form.value("about"))
    for tag in form.values("tag") { mapped.add("tags", tag) }
    for manager in (form.value("managers_list") ?? "").split(separator: ",") {
      mapped.add("responsible", String(manager))
      mapped.add("access_users", String(manager))
    }
    // share_type: 0 none (private, the default), 1 read-write, 2 read; is_shared wins.
    var access = "private"
    if let share = form.value("share_type") {
      switch share {
      case "0": access = "private"
      case "1": access = "public-read-write"
      case "2": access = "public-read"
      default: throw RowError(field: "share_type", reason: "expected 0 (private), 1 (read-write) or 2 (read), got '\(share)'")
      }
    }
    if let shared = form.value("is_shared") {
      switch shared.lowercased() {
      case "true": access = "public-read-write"
      case "false": access = "private"
      default: throw RowError(field: "is_shared", reason: "expected true or false, got '\(shared)'")
      }
    }
    mapped.add("access", access)
    for (key, values) in form.fields {
      if key.hasPrefix("contactInfo_") {
        for value in values { try contactInfo(key, value, into: &mapped) }
      } else if key.hasPrefix("customField_") {
        guard Int(key.dropFirst("customField_".count)) != nil else {
          throw RowError(field: key, reason: "expected customField_<number>")
        }
        for value in values where !value.isEmpty { mapped.custom.append((key, value.lowercased() == "on" ? "true" : value)) }
      }
    }
    return mapped
  }

  static let infoCategories: [String: Int] = [
    "Phone": 5, "Address": 5, "Email": 2, "Website": 2, "Skype": 2, "Twitter": 2, "LinkedIn": 2, "Facebook": 2,
    "LiveJournal": 2, "MySpace": 2, "GMail": 2, "Blogger": 2, "Yahoo": 2, "MSN": 2, "ICQ": 2, "Jabber": 2, "AIM": 2,
    "VK": 2,
  ]

  /// `contactInfo_{Type}_{Category}` and `contactInfo_Address_{Category}_{Part}_{n}`.
  static func contactInfo(_ key: String, _ value: String, into mapped: inout Mapped) throws(RowError) {
    let parts = key.split(separator: "_").map(String.init)
    guard parts.count >= 3, let highest = infoCategories[parts[1]] else {
      throw RowError(
        field: key,
        reason: "unknown contact information type; expected contactInfo_{Email, Phone, Website, Address, ...}_{category}")
    }
    guard let category = Int(parts[2]), (0...highest).contains(category) else {
      throw RowError(field: key, reason: "category '\(parts[2])' is not one of 0...\(highest) for \(parts[1])")
    }
    switch parts[1] {
    case "Email": mapped.add("email", value)
    case "Phone": mapped.add("phone", value)
    case "Website": mapped.add("website", value)
    case "Address":
      let fields = ["Street": "street", "City": "city", "State": "state", "Zip": "zip", "Country": "country"]
      guard parts.count >= 4, let field = fields[parts[3]] else {
        throw RowError(field: key, reason: "expected an address part: Street, City, State, Zip or Country")
      }
      mapped.add(field, value)
    default:
      if !value.isEmpty { mapped.custom.append((parts[1], value)) }
    }
  }

  /// Salesforce web-to-lead: a lead is a person when it has a name, else a company.
  static func salesforce(_ form: WebformSubmission) throws(RowError) -> Mapped {
    var mapped = Mapped()
    let isPerson = form.value("first_name") != nil || form.value("last_name") != nil
    guard isPerson || form.value("company") != nil else {
      throw RowError(field: "last_name", reason: "neither a name nor a company: the lead says who it is about")
    }
    mapped.add("type", isPerson ? "person" : "company")
    let pairs = [
      ("first_name", "first_name"), ("last_name", "last_name"), ("title", "job_title"), ("company", "company_name"),
      ("email", "email"), ("phone", "phone"), ("mobile", "phone"), ("URL", "website"), ("street", "street"),
      ("city", "city"), ("state", "state"), ("zip", "zip"), ("country", "country"), ("description", "notes"),
      ("currency", "currency"),
    ]
    for (key, field) in pairs { mapped.add(field, form.value(key)) }
    for key in ["lead_source", "salutation", "rating", "industry"] {
      if let value = form.value(key) { mapped.custom.append((key, value)) }
    }
    for (key, values) in form.fields where key.hasPrefix("00N") {
      for value in values where !value.isEmpty { mapped.custom.append((key, value)) }
    }
    return mapped
  }
}
