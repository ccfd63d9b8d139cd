/// Column mappings for the contact exports people really have (input-formats.md, 3.2-3.6).
enum ContactPreset: String, CaseIterable, Sendable, ColumnPreset {
  case onlyoffice, google, googleLegacy = "google-legacy", outlook, outlookFR = "outlook-fr", hubspot

  /// Headers that together identify the export; each group needs one of its names.
  var signature: [[String]] {
    switch self {
    case .onlyoffice: return [["Company/Person"], ["Contact Tag List"]]
    case .google: return [["First Name"], ["Labels"], ["E-mail 1 - Value"]]
    case .googleLegacy: return [["Given Name"], ["Group Membership"]]
    case .outlook: return [["E-mail Address"], ["Business Phone"]]
    case .outlookFR: return [["Prénom"], ["Adresse de messagerie"]]
    case .hubspot: return [["Record ID", "Contact ID"], ["Email"]]
    }
  }

  var mapping: [(field: String, headers: [String])] {
    switch self {
    case .onlyoffice:
      return [
        ("type", ["Company/Person"]), ("first_name", ["First Name"]), ("last_name", ["Last Name"]),
        ("company_name", ["Company Name"]), ("job_title", ["Position"]), ("notes", ["Note"]),
        ("temperature", ["Contact Temperature Level"]), ("contact_type", ["Contact Type"]), ("tags", ["Contact Tag List"]),
        ("email", ["Email (work)", "Email (home)", "Email (other)"]),
        ("phone", ["Phone (work)", "Phone (mobile)", "Phone (direct)", "Phone (home)", "Phone (other)"]),
        ("website", ["Web site (work)", "Web site (home)", "Web site (other)"]),
        ("street", ["Address (work) street"]), ("city", ["Address (work) city"]), ("state", ["Address (work) state"]),
        ("zip", ["Address (work) zip"]), ("country", ["Address (work) country"]),
      ]
    case .google:
      return [
        ("first_name", ["First Name"]), ("last_name", ["Last Name"]), ("company_name", ["Organization Name"]),
        ("job_title", ["Organization Title"]), ("notes", ["Notes"]), ("tags", ["Labels"]),
        ("email", numbered("E-mail", "Value")), ("phone", numbered("Phone", "Value")),
        ("website", ["Website 1 - Value"]), ("street", ["Address 1 - Street"]), ("city", ["Address 1 - City"]),
        ("state", ["Address 1 - Region"]), ("zip", ["Address 1 - Postal Code"]), ("country", ["Address 1 - Country"]),
        ("birthday", ["Birthday"]),
      ]
    case .googleLegacy:
      return [
        ("first_name", ["Given Name"]), ("last_name", ["Family Name"]), ("company_name", ["Organization 1 - Name"]),
        ("job_title", ["Organization 1 - Title"]), ("notes", ["Notes"]), ("tags", ["Group Membership"]),
        ("email", numbered("E-mail", "Value")), ("phone", numbered("Phone", "Value")),
        ("website", ["Website 1 - Value"]), ("street", ["Address 1 - Street"]), ("city", ["Address 1 - City"]),
        ("state", ["Address 1 - Region"]), ("zip", ["Address 1 - Postal Code"]), ("country", ["Address 1 - Country"]),
        ("birthday", ["Birthday"]),
      ]
    case .outlook:
      return [
        ("first_name", ["First Name"]), ("last_name", ["Last Name"]), ("company_name", ["Company"]),
        ("job_title", ["Job Title"]), ("email", ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"]),
        ("phone", ["Business Phone", "Mobile Phone", "Primary Phone", "Company Main Phone", "Business Phone 2", "Home Phone"]),
        ("street", ["Business Street"]), ("city", ["Business City"]), ("state", ["Business State"]),
        ("zip", ["Business Postal Code"]), ("country", ["Business Country/Region", "Business Country"]),
        ("website", ["Web Page"]), ("notes", ["Notes"]), ("tags", ["Categories"]), ("birthday", ["Birthday"]),
      ]
    case .outlookFR:
      return [
        ("first_name", ["Prénom"]), ("last_name", ["Nom#2", "Nom"]), ("company_name", ["Société"]),
        ("job_title", ["Titre#2"]), ("email", ["Adresse de messagerie", "Adresse de messagerie 2", "Adresse de messagerie 3"]),
        ("phone", ["Téléphone (bureau)", "Tél. mobile", "Téléphone principal", "Téléphone société", "Téléphone (domicile)"]),
        ("street", ["Rue (bureau)"]), ("city", ["Ville (bureau)"]), ("state", ["Dép/Région (bureau)"]),
        ("zip", ["Code postal (bureau)"]), ("country", ["Pays (bureau)"]), ("website", ["Page Web"]), ("notes", ["Notes"]),
        ("tags", ["Catégories"]), ("birthday", ["Anniversaire"]),
      ]
    case .hubspot:
      return [
        ("external_id", ["Record ID", "Contact ID"]), ("first_name", ["First Name"]), ("last_name", ["Last Name"]),
        ("email", ["Email"]), ("phone", ["Phone Number", "Mobile Phone Number"]),
        ("company_name", ["Company Name", "Associated Company"]), ("job_title", ["Job Title"]), ("city", ["City"]),
        ("state", ["State/Region"]), ("zip", ["Postal Code"]), ("country", ["Country/Region"]),
        ("website", ["Website URL"]), ("created", ["Create Date"]),
      ]
    }
  }

  /// The preset that fits `header` best, if any fits.
  static func best(for header: [String]) -> (preset: ContactPreset, fit: Double)? {
    allCases.map { ($0, $0.fit(header)) }.filter { $0.1 > 0 }.max { $0.1 < $1.1 }
  }
}

/// `E-mail 1 - Value` ... `E-mail 5 - Value`.
private func numbered(_ name: String, _ part: String) -> [String] {
  (1...5).map { "\(name) \($0) - \(part)" }
}
