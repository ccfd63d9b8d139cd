import Foundation

/// Organisation-wide settings: base currency, time zone, users and deal stages.
public struct Settings: Sendable, Equatable {
  public var baseCurrency: String
  public var timeZone: TimeZone
  public var firstDayOfWeek: Weekday
  public var users: [User] { didSet { userIDs = Self.userIDs(users) } }
  /// Each user's id under the folded forms (`TextFolding.key`) of their id, name and email;
  /// a form several users share names the first of them. A row names its manager this way,
  /// and folding every user's forms for every row cost a tenth of a deal import.
  public private(set) var userIDs: [String: String] = [:]
  public var dealStages: [DealStage]
  /// ISO 3166 region for phone numbers written without a country code, when the row has no country.
  public var defaultRegion: String?
  /// Rates given in the settings; reports also use the ones imported into the warehouse.
  public var exchangeRates: [ExchangeRate]
  /// How converted and computed amounts are rounded to their currency's minor units.
  public var rounding: RoundingRule
  /// Contact types, temperature levels, categories, tags, taxes, products, the organisation
  /// and invoice numbering.
  public var lists = SettingsLists()

  public init(
    baseCurrency: String, timeZone: TimeZone, firstDayOfWeek: Weekday, users: [User], dealStages: [DealStage],
    defaultRegion: String? = nil, exchangeRates: [ExchangeRate] = [], rounding: RoundingRule = .halfEven,
    lists: SettingsLists = SettingsLists()
  ) {
    self.lists = lists
    self.defaultRegion = defaultRegion
    self.exchangeRates = exchangeRates
    self.rounding = rounding
    self.baseCurrency = baseCurrency
    self.timeZone = timeZone
    self.firstDayOfWeek = firstDayOfWeek
    self.users = users
    self.dealStages = dealStages
    userIDs = Self.userIDs(users)
  }

  private static func userIDs(_ users: [User]) -> [String: String] {
    var ids: [String: String] = [:]
    for user in users {
      for form in [user.id, user.name] + (user.email.map { [$0] } ?? []) {
        let key = TextFolding.key(form)
        if ids[key] == nil { ids[key] = user.id }
      }
    }
    return ids
  }
}

/// A CRM user: a manager who can be responsible for contacts and deals.
public struct User: Sendable, Equatable {
  /// Letters, digits, `.`, `_` and `-`, not starting with `.`: an id names files.
  public static func isSafeID(_ id: String) -> Bool {
    !id.isEmpty && !id.hasPrefix(".")
      && id.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }
  }

  public var id: String
  public var name: String
  public var email: String?
  /// The Twilio client identities (`client:alice`) and phone numbers this user calls from.
  public var twilio: [String]
  /// The user's own time zone, when it is not the settings'.
  public var timeZone: TimeZone?

  public init(id: String, name: String, email: String?, twilio: [String] = [], timeZone: TimeZone? = nil) {
    self.id = id
    self.name = name
    self.email = email
    self.twilio = twilio
    self.timeZone = timeZone
  }
}

public enum StageStatus: String, Sendable, CaseIterable { case open, won, lost }

/// A deal stage ("milestone"), ordered by an explicit position.
public struct DealStage: Sendable, Equatable {
  public var name: String
  public var probability: Int
  public var status: StageStatus
  public var position: Int
  public var colour: String?

  public init(name: String, probability: Int, status: StageStatus, position: Int, colour: String? = nil) {
    self.name = name
    self.probability = probability
    self.status = status
    self.position = position
    self.colour = colour
  }

  /// The nine stages the reference CRM seeds, at positions 1-9 (section 2.3).
  public static let defaults: [DealStage] = [
    DealStage(name: "Initial contact", probability: 1, status: .open, position: 1, colour: "#e795c1"),
    DealStage(name: "Application of initial fit criteria", probability: 2, status: .open, position: 2, colour: "#df7895"),
    DealStage(name: "Suspect", probability: 3, status: .open, position: 3, colour: "#f48454"),
    DealStage(name: "Need assessment", probability: 20, status: .open, position: 4, colour: "#b58fd6"),
    DealStage(name: "Qualified prospect", probability: 50, status: .open, position: 5, colour: "#d28cc8"),
    DealStage(name: "Proposal", probability: 75, status: .open, position: 6, colour: "#ffb45e"),
    DealStage(name: "Negotiations", probability: 90, status: .open, position: 7, colour: "#ffd267"),
    DealStage(name: "Closure/Transaction", probability: 100, status: .won, position: 8, colour: "#6bbd72"),
    DealStage(name: "Unsuccessfully closed", probability: 0, status: .lost, position: 9, colour: "#f2a9be"),
  ]
}
