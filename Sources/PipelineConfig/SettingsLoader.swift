import Foundation
import PipelineModel
import Yams

/// Reads settings from a file or an inline mapping, checked like pipeline files.
enum SettingsLoader {
  static let keys: [KeySpec] = [
    KeySpec("base_currency", .string, .required, doc: "ISO 4217 code every report amount is shown in.", example: "EUR"),
    KeySpec(
      "time_zone", .string, .defaultValue("UTC"), doc: "IANA time zone for local days, weeks and months.", example: "Europe/Paris"
    ),
    KeySpec(
      "first_day_of_week", .choice(Weekday.allCases.map(\.rawValue)), .defaultValue("monday"), doc: "First day of report weeks."),
    KeySpec(
      "default_region", .string, .optional,
      doc: "ISO 3166 code (FR, DE, US...) for phone numbers written without a country code, when a row gives no country.",
      example: "FR"),
    KeySpec("users", .string, .optional, doc: "The managers: a list of `{id, name, email, twilio}`."),
    KeySpec(
      "deal_stages", .string, .optional,
      doc: "Deal stages: a list of `{name, probability, status, position, colour}`; defaults to the reference CRM's nine."),
    KeySpec(
      "exchange_rates", .string, .optional,
      doc:
        "Exchange rates: a list of `{from, to, rate, date}` (1 `from` = `rate` `to`, in force from `date`, or always when undated)."
    ),
    KeySpec(
      "rounding", .choice(RoundingRule.allCases.map(\.rawValue)), .defaultValue("half-even"),
      doc: "How a converted or computed amount is rounded, once, to its currency's minor units."),
    KeySpec(
      "contact_types", .list(.string), .optional,
      doc: "Contact types; defaults to the reference CRM's Client, Supplier, Partner, Competitor."),
    KeySpec(
      "temperature_levels", .string, .optional,
      doc: "Contact temperature levels: a list of `{name, colour}`; defaults to Cold, Warm, Hot."),
    KeySpec(
      "task_categories", .list(.string), .optional, doc: "Task categories; defaults to the reference CRM's twelve."),
    KeySpec(
      "history_categories", .list(.string), .optional,
      doc: "History event categories; defaults to Note, Email, Phone call, Appointment."),
    KeySpec("tags", .list(.string), .optional, doc: "Known tags; defaults to Lead, Customer, Supplier, Staff."),
    KeySpec("taxes", .string, .optional, doc: "Taxes for invoice lines: a list of `{name, rate}` (percent, -100 to 100)."),
    KeySpec(
      "products", .string, .optional,
      doc: "Products and services: a list of `{name, price, currency}` (currency defaults to the base currency)."),
    KeySpec(
      "organisation", .string, .optional,
      doc: "Who issues the invoices: `{name, address, email, phone, website, vat_id}`."),
    KeySpec(
      "invoice_numbering", .string, .optional,
      doc: "`{prefix, next_number}`: defaults to INV- and 0000001; the next number's width is kept."),
  ]
  static let listKeys = [
    "users", "deal_stages", "exchange_rates", "temperature_levels", "taxes", "products", "organisation",
    "invoice_numbering",
  ]
  static let levelKeys: [KeySpec] = [
    KeySpec("name", .string, .required, doc: "Level name."), KeySpec("colour", .string, .optional, doc: "Display colour."),
  ]
  static let taxKeys: [KeySpec] = [
    KeySpec("name", .string, .required, doc: "Tax name, as invoice files write it.", example: "VAT 20%"),
    KeySpec("rate", .string, .required, doc: "Rate in percent, -100 to 100.", example: "20"),
  ]
  static let productKeys: [KeySpec] = [
    KeySpec("name", .string, .required, doc: "Product or service name, as invoice files write it."),
    KeySpec("price", .string, .required, doc: "Unit price, a decimal of at least 0."),
    KeySpec("currency", .string, .optional, doc: "ISO 4217 code of the price; the base currency when absent."),
  ]
  static let organisationKeys: [KeySpec] = [
    KeySpec("name", .string, .required, doc: "Legal name."),
    KeySpec("address", .string, .optional, doc: "Postal address."), KeySpec("email", .string, .optional, doc: "Email."),
    KeySpec("phone", .string, .optional, doc: "Phone."), KeySpec("website", .string, .optional, doc: "Website."),
    KeySpec("vat_id", .string, .optional, doc: "VAT or tax id."),
  ]
  static let numberingKeys: [KeySpec] = [
    KeySpec("prefix", .string, .defaultValue("INV-"), doc: "Text before the number."),
    KeySpec("next_number", .string, .defaultValue("0000001"), doc: "Digits of the next number, with leading zeros."),
  ]
  static let rateKeys: [KeySpec] = [
    KeySpec("from", .string, .required, doc: "ISO 4217 code of the currency converted.", example: "USD"),
    KeySpec("to", .string, .required, doc: "ISO 4217 code it is converted to.", example: "EUR"),
    KeySpec("rate", .string, .required, doc: "How many `to` one `from` is worth: a positive decimal.", example: "0.9485"),
    KeySpec("date", .date, .optional, doc: "First day the rate is in force; undated rates apply at any date."),
  ]
  static let userKeys: [KeySpec] = [
    KeySpec("id", .string, .required, doc: "Short unique id used in input files."),
    KeySpec("name", .string, .required, doc: "Display name."),
    KeySpec("email", .string, .optional, doc: "Work email."),
    KeySpec("time_zone", .string, .optional, doc: "The user's IANA time zone, when not the settings'."),
    KeySpec(
      "twilio", .list(.string), .optional,
      doc: "Twilio client identities (`client:alice`) and phone numbers of the user, to find the agent of a call."),
  ]
  static let stageKeys: [KeySpec] = [
    KeySpec("name", .string, .required, doc: "Stage name as written in deal files."),
    KeySpec("probability", .integer(0...100), .required, doc: "Default success probability in percent."),
    KeySpec("status", .choice(StageStatus.allCases.map(\.rawValue)), .required, doc: "open, won or lost."),
    KeySpec("position", .integer(1...1000), .required, doc: "Order in the funnel, unique."),
    KeySpec("colour", .string, .optional, doc: "Display colour, e.g. #e795c1."),
  ]

  static func load(_ node: Node, source: YAMLSource, checker: inout SpecChecker) -> Settings? {
    let area = "settings"
    guard case .mapping(let mapping) = node else {
      checker.diagnostics.append(
        .error("settings must be a mapping, got \(node.shapeDescription)", at: source.location(of: node), stage: area))
      return nil
    }
    let before = checker.diagnostics.count
    let values = checker.check(
      mapping, at: source.location(of: node), specs: keys, area: area, ignoring: Set(listKeys))
    let currency = values["base_currency"]?.string ?? ""
    if let value = values["base_currency"], !Currency.isKnown(currency) {
      checker.diagnostics.append(
        .error("unknown currency '\(currency)'; expected an ISO 4217 code such as EUR or USD", at: value.location, stage: area))
    }
    let zoneName = values["time_zone"]?.string ?? "UTC"
    let zone = TimeZone(identifier: zoneName)
    if zone == nil, let value = values["time_zone"] {
      checker.diagnostics.append(
        .error("unknown time zone '\(zoneName)'; expected an IANA name such as Europe/Paris", at: value.location, stage: area))
    }
    let users = list(mapping["users"], specs: userKeys, what: "users", source: source, checker: &checker).map { user in
      var zone: TimeZone?
      if let value = user["time_zone"], let name = value.string {
        zone = TimeZone(identifier: name)
        if zone == nil {
          checker.diagnostics.append(
            .error(
              "unknown time zone '\(name.echoed)'; expected an IANA name such as Europe/Paris", at: value.location, stage: area))
        }
      }
      return User(
        id: user["id"]?.string ?? "", name: user["name"]?.string ?? "", email: user["email"]?.string,
        twilio: user["twilio"]?.list?.compactMap(\.string) ?? [], timeZone: zone)
    }
    unique(users.map(\.id), what: "user id", node: mapping["users"], source: source, checker: &checker)
    // A user id names files (`{manager}` in report paths): no folders, no hidden names.
    for (user, node) in zip(users, mapping["users"]?.sequence.map(Array.init) ?? [])
    where !User.isSafeID(user.id) {
      checker.diagnostics.append(
        .error(
          "user id '\(user.id)' may hold only letters, digits, '.', '_' and '-', and not start with '.': it names report files",
          at: source.location(of: node.mapping?["id"] ?? node), stage: area))
    }

    var stages = DealStage.defaults
    if mapping["deal_stages"] != nil {
      stages = list(mapping["deal_stages"], specs: stageKeys, what: "deal_stages", source: source, checker: &checker).map {
        DealStage(
          name: $0["name"]?.string ?? "", probability: $0["probability"]?.integer ?? 0,
          status: StageStatus(rawValue: $0["status"]?.string ?? "") ?? .open, position: $0["position"]?.integer ?? 0,
          colour: $0["colour"]?.string)
      }
      unique(stages.map(\.name), what: "stage name", node: mapping["deal_stages"], source: source, checker: &checker)
      unique(
        stages.map { String($0.position) }, what: "stage position", node: mapping["deal_stages"], source: source,
        checker: &checker)
    }
    let rates = exchangeRates(mapping["exchange_rates"], source: source, checker: &checker)
    let lists = SettingsListsLoader.load(
      mapping, values: values, baseCurrency: currency, source: source, checker: &checker)
    guard checker.diagnostics.count == before, let zone else { return nil }
    let weekday = Weekday(rawValue: values["first_day_of_week"]?.string ?? "") ?? .monday
    return Settings(
      baseCurrency: currency, timeZone: zone, firstDayOfWeek: weekday, users: users,
      dealStages: stages.sorted { $0.position < $1.position }, defaultRegion: values["default_region"]?.string?.uppercased(),
      exchangeRates: rates, rounding: RoundingRule(rawValue: values["rounding"]?.string ?? "") ?? .halfEven, lists: lists)
  }

  /// The settings' exchange rates, each checked: known currencies, two different ones, a
  /// positive decimal rate, one rate per pair and day.
  private static func exchangeRates(_ node: Node?, source: YAMLSource, checker: inout SpecChecker) -> [ExchangeRate] {
    var rates: [ExchangeRate] = []
    var seen = Set<String>()
    for entry in list(node, specs: rateKeys, what: "exchange_rates", source: source, checker: &checker) {
      guard let from = entry["from"], let to = entry["to"], let rate = entry["rate"] else { continue }
      var problems: [(String, ConfigValue)] = []
      for code in [from, to] where !Currency.isKnown(code.string ?? "") {
        problems.append(("unknown currency '\(code.string ?? "")'; expected an ISO 4217 code such as EUR or USD", code))
      }
      if from.string == to.string { problems.append(("a rate converts between two different currencies", to)) }
      let value = DecimalText.parse(rate.string ?? "")
      if value.map({ $0 <= 0 }) ?? true {
        problems.append(("'rate' expects a positive decimal such as 0.9485, got '\(rate.string ?? "")'", rate))
      }
      let key = "\(from.string ?? "")>\(to.string ?? "")@\(entry["date"]?.string ?? "")"
      if problems.isEmpty, !seen.insert(key).inserted {
        problems.append(("a second rate for \(from.string ?? "") → \(to.string ?? "") on the same date", from))
      }
      for (message, value) in problems {
        checker.diagnostics.append(.error(message, at: value.location, stage: "settings"))
      }
      if problems.isEmpty, let value, let fromCode = from.string, let toCode = to.string {
        rates.append(ExchangeRate(from: fromCode, to: toCode, rate: value, date: entry["date"]?.string))
      }
    }
    return rates
  }

  static func list(
    _ node: Node?, specs: [KeySpec], what: String, source: YAMLSource, checker: inout SpecChecker
  ) -> [[String: ConfigValue]] {
    guard let node else { return [] }
    guard case .sequence(let sequence) = node else {
      checker.diagnostics.append(
        .error(
          "'\(what)' expects a list of mappings, got \(node.shapeDescription)", at: source.location(of: node), stage: "settings"))
      return []
    }
    return sequence.compactMap { item in
      guard case .mapping(let mapping) = item else {
        checker.diagnostics.append(
          .error(
            "each entry of '\(what)' must be a mapping, got \(item.shapeDescription)", at: source.location(of: item),
            stage: "settings"))
        return nil
      }
      return checker.check(mapping, at: source.location(of: item), specs: specs, area: "settings")
    }
  }

  static func unique(_ names: [String], what: String, node: Node?, source: YAMLSource, checker: inout SpecChecker) {
    var seen = Set<String>()
    for name in names where !seen.insert(name).inserted {
      checker.diagnostics.append(.error("duplicate \(what) '\(name.echoed)'", at: source.location(node?.mark), stage: "settings"))
    }
  }
}
