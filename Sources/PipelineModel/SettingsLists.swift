import Foundation

/// A named item of a settings list, with an optional display colour.
public struct ListItem: Sendable, Equatable {
  public var name: String
  public var colour: String?

  public init(_ name: String, colour: String? = nil) {
    self.name = name
    self.colour = colour
  }
}

/// A tax invoice lines can carry: a rate in percent (the reference CRM allows -100 to 100).
public struct Tax: Sendable, Equatable {
  public var name: String
  public var rate: Decimal

  public init(name: String, rate: Decimal) {
    self.name = name
    self.rate = rate
  }
}

/// A product or service of the catalogue, with its price.
public struct Product: Sendable, Equatable {
  public var name: String
  public var price: Money

  public init(name: String, price: Money) {
    self.name = name
    self.price = price
  }
}

/// The organisation that issues the invoices.
public struct Organisation: Sendable, Equatable {
  public var name: String
  public var address: String?
  public var email: String?
  public var phone: String?
  public var website: String?
  public var vatID: String?

  public init(
    name: String, address: String? = nil, email: String? = nil, phone: String? = nil, website: String? = nil,
    vatID: String? = nil
  ) {
    (self.name, self.address, self.email, self.phone, self.website, self.vatID) = (name, address, email, phone, website, vatID)
  }
}

/// How new invoice numbers are made: the prefix and the next number, whose width (with its
/// leading zeros) every number keeps. The reference CRM's default is `INV-` and `0000001`.
public struct InvoiceNumbering: Sendable, Equatable {
  public var prefix: String
  public var next: String

  public init(prefix: String = "INV-", next: String = "0000001") {
    self.prefix = prefix
    self.next = next
  }

  /// `INV-0000001`.
  public var nextNumber: String { prefix + next }
}

/// The lists the reference CRM seeds when it is first configured (section 2.4 of its
/// analysis), used when the settings do not give their own.
public enum SeededLists {
  public static let contactTypes = ["Client", "Supplier", "Partner", "Competitor"]
  public static let temperatureLevels = [
    ListItem("Cold", colour: "#8a98d8"), ListItem("Warm", colour: "#ffd267"), ListItem("Hot", colour: "#df7895"),
  ]
  public static let taskCategories = [
    "Phone call", "Opportunity", "Demo", "Email", "Fax", "Execution control", "Lunch", "Appointment", "Note", "Delivery",
    "Social networks", "Expression of gratitude",
  ]
  public static let historyCategories = ["Note", "Email", "Phone call", "Appointment"]
  public static let tags = ["Lead", "Customer", "Supplier", "Staff"]
}

/// The lists of the settings besides users and stages.
public struct SettingsLists: Sendable, Equatable {
  public var contactTypes: [String] = SeededLists.contactTypes
  public var temperatureLevels: [ListItem] = SeededLists.temperatureLevels
  public var taskCategories: [String] = SeededLists.taskCategories
  public var historyCategories: [String] = SeededLists.historyCategories
  public var tags: [String] = SeededLists.tags
  public var taxes: [Tax] = []
  public var products: [Product] = []
  public var organisation: Organisation?
  public var invoiceNumbering = InvoiceNumbering()

  public init() {}
}
