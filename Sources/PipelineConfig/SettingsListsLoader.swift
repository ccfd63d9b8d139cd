import Foundation
import PipelineModel
import Yams

/// Reads the settings' lists besides users, stages and rates: contact types, temperature
/// levels, task and history categories, tags, taxes, products, the organisation and invoice
/// numbering, each checked with the position of what is wrong.
enum SettingsListsLoader {
  static func load(
    _ mapping: Node.Mapping, values: [String: ConfigValue], baseCurrency: String, source: YAMLSource,
    checker: inout SpecChecker
  ) -> SettingsLists {
    var lists = SettingsLists()
    func names(_ key: String, default seeded: [String]) -> [String] {
      guard let list = values[key]?.list else { return seeded }
      let names = list.compactMap(\.string)
      uniqueFolded(names, what: key, values: list, checker: &checker)
      return names
    }
    lists.contactTypes = names("contact_types", default: SeededLists.contactTypes)
    lists.taskCategories = names("task_categories", default: SeededLists.taskCategories)
    lists.historyCategories = names("history_categories", default: SeededLists.historyCategories)
    lists.tags = names("tags", default: SeededLists.tags)

    if mapping["temperature_levels"] != nil {
      let levels = SettingsLoader.list(
        mapping["temperature_levels"], specs: SettingsLoader.levelKeys, what: "temperature_levels", source: source,
        checker: &checker)
      lists.temperatureLevels = levels.map { ListItem($0["name"]?.string ?? "", colour: $0["colour"]?.string) }
      uniqueFolded(
        lists.temperatureLevels.map(\.name), what: "temperature_levels", values: levels.compactMap { $0["name"] },
        checker: &checker)
    }

    let taxes = SettingsLoader.list(
      mapping["taxes"], specs: SettingsLoader.taxKeys, what: "taxes", source: source, checker: &checker)
    for tax in taxes {
      guard let name = tax["name"]?.string, let rateValue = tax["rate"] else { continue }
      guard let rate = DecimalText.parse(rateValue.string ?? ""), rate >= -100, rate <= 100 else {
        checker.diagnostics.append(
          .error(
            "'rate' expects a percentage from -100 to 100 such as 20 or 5.5, got '\(rateValue.string ?? "")'",
            at: rateValue.location, stage: "settings"))
        continue
      }
      lists.taxes.append(Tax(name: name, rate: rate))
    }
    uniqueFolded(lists.taxes.map(\.name), what: "taxes", values: taxes.compactMap { $0["name"] }, checker: &checker)

    let products = SettingsLoader.list(
      mapping["products"], specs: SettingsLoader.productKeys, what: "products", source: source, checker: &checker)
    for product in products {
      guard let name = product["name"]?.string, let priceValue = product["price"] else { continue }
      let currency = product["currency"]?.string?.uppercased() ?? baseCurrency
      if let value = product["currency"], !Currency.isKnown(currency) {
        checker.diagnostics.append(
          .error(
            "unknown currency '\(currency)'; expected an ISO 4217 code such as EUR or USD", at: value.location,
            stage: "settings"))
        continue
      }
      guard let price = DecimalText.parse(priceValue.string ?? ""), price >= 0, let money = Money(price, currency: currency),
        money.decimal == price
      else {
        checker.diagnostics.append(
          .error(
            "'price' expects an amount of at least 0 with at most \(Currency.minorUnits(currency) ?? 2) decimals for \(currency), got '\(priceValue.string ?? "")'",
            at: priceValue.location, stage: "settings"))
        continue
      }
      lists.products.append(Product(name: name, price: money))
    }
    uniqueFolded(
      lists.products.map(\.name), what: "products", values: products.compactMap { $0["name"] }, checker: &checker)

    if let node = mapping["organisation"],
      let organisation = single(
        node, specs: SettingsLoader.organisationKeys, what: "organisation", source: source, checker: &checker)
    {
      lists.organisation = Organisation(
        name: organisation["name"]?.string ?? "", address: organisation["address"]?.string,
        email: organisation["email"]?.string, phone: organisation["phone"]?.string,
        website: organisation["website"]?.string, vatID: organisation["vat_id"]?.string)
    }
    if let node = mapping["invoice_numbering"],
      let numbering = single(
        node, specs: SettingsLoader.numberingKeys, what: "invoice_numbering", source: source, checker: &checker)
    {
      let next = numbering["next_number"]?.string ?? "0000001"
      if next.isEmpty || !next.allSatisfy(\.isASCII) || !next.allSatisfy(\.isNumber) || next.count > 18 {
        checker.diagnostics.append(
          .error(
            "'next_number' expects digits such as 0000001 (their count is the width of every number), got '\(next)'",
            at: numbering["next_number"]?.location ?? source.location(of: node), stage: "settings"))
      }
      lists.invoiceNumbering = InvoiceNumbering(prefix: numbering["prefix"]?.string ?? "INV-", next: next)
    }
    return lists
  }

  /// A mapping checked against `specs`, or nil after saying what it should be.
  private static func single(
    _ node: Node, specs: [KeySpec], what: String, source: YAMLSource, checker: inout SpecChecker
  ) -> [String: ConfigValue]? {
    guard case .mapping(let mapping) = node else {
      checker.diagnostics.append(
        .error("'\(what)' expects a mapping, got \(node.shapeDescription)", at: source.location(of: node), stage: "settings"))
      return nil
    }
    return checker.check(mapping, at: source.location(of: node), specs: specs, area: "settings")
  }

  /// Names unique without case, accents or spacing ("Phone call" and "phone  call" are one).
  private static func uniqueFolded(_ names: [String], what: String, values: [ConfigValue], checker: inout SpecChecker) {
    var seen = Set<String>()
    for (index, name) in names.enumerated() where !seen.insert(TextFolding.key(name)).inserted {
      let location = index < values.count ? values[index].location : nil
      checker.diagnostics.append(.error("duplicate name '\(name.echoed)' in '\(what)'", at: location, stage: "settings"))
    }
  }
}
