import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.deals`: deals from CSV files with an explicit column mapping.
///
/// The contact is found by email, else by name (companies first, then persons); a deal whose
/// contact is not found is kept without one and counted as a warning. With `external_id`
/// mapped, a deal seen again is updated instead of added twice.
struct ImportDealsStage: Stage {
  /// The most periods a non-fixed bid may count (10,000: over 800 years of months, a year
  /// and more of hours); more is a typing accident, and the deal's value must fit.
  static let mostPeriods = 10_000

  static let fields = [
    "external_id", "title", "description", "contact_email", "contact_name", "responsible", "stage", "probability",
    "bid_currency", "bid_value", "bid_type", "period_count", "expected_close_date", "actual_close_date", "created",
    "participants", "tags", "access_users",
  ]

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.deals",
      summary: "Import deals (opportunities) from CSV files, linked to their contacts, stages and managers.",
      keys: CSVImportKeys.keys(
        fields: fields, mappingExample: "{title: Title, stage: Stage, bid_value: Budget}",
        presets: DealPreset.allCases.map(\.rawValue)),
      example: """
        - kind: import.deals
          input: ../SampleData/deals/*.csv
          mapping:
            external_id: Deal ID
            title: Title
            contact_email: Contact Email
            responsible: Responsible
            stage: Stage
            bid_value: Budget
        """),
    build: { config, _ throws(DiagnosticList) in
      if config["mapping"] == nil && config["preset"] == nil {
        throw DiagnosticList([
          .error(
            "give a 'mapping', a 'preset' (\(DealPreset.allCases.map(\.rawValue).joined(separator: ", "))), or both",
            at: config.location, stage: config.kind)
        ])
      }
      return ImportDealsStage(config: config)
    })

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    let importer = CSVImport(config: config, presetLookup: DealPreset.lookup)
    let stages = try context.warehouse.dealStages()
    let (settings, asOf) = (context.settings, context.asOf)
    var warnings: [Diagnostic] = []
    // Each row is read on every core; its links to contacts are found and it is written in order.
    var summary = try importer.run(
      context, deferIndexes: .deals, prepare: { row in try Self.parse(row, stages: stages, settings: settings, asOf: asOf) }
    ) { row, parsed in
      try land(row, parsed, context: context, warnings: &warnings)
    }
    for warning in warnings { summary.warn(warning) }
    return summary
  }

  /// What a deal row says, read without the warehouse: all but its contact and participants.
  struct ParsedDeal: Sendable {
    var deal: DealRecord
    /// `won` or `lost` when the row had no actual close date and the as-of date was taken
    /// (with a warning).
    var closedWithoutDate: String?
    var dropped: [RowError]
  }

  static func parse(_ row: MappedRow, stages: [(id: Int64, stage: DealStage)], settings: Settings, asOf: Date)
    throws -> ParsedDeal
  {
    guard let title = row.value("title") else { throw RowError(field: "title", reason: "a deal needs a title") }
    guard let responsibleText = row.value("responsible") else {
      throw RowError(field: "responsible", reason: "a deal needs a responsible manager")
    }
    let responsible = try FieldParsing.user(responsibleText, field: "responsible", settings: settings)
    guard let stageText = row.value("stage") else {
      throw RowError(
        field: "stage", reason: "a deal needs a stage; expected one of: \(stages.map(\.stage.name).joined(separator: ", "))")
    }
    let stageKey = TextFolding.key(stageText)
    guard let stage = stages.first(where: { TextFolding.key($0.stage.name) == stageKey }) else {
      throw RowError(
        field: "stage",
        reason: "unknown stage '\(stageText)'; expected one of: \(stages.map(\.stage.name).joined(separator: ", "))")
    }
    let probability =
      try row.value("probability").map { try FieldParsing.integer($0, field: "probability", in: 0...100) }
      ?? stage.stage.probability
    let currency =
      try row.value("bid_currency").map { try FieldParsing.currency($0, field: "bid_currency") } ?? settings.baseCurrency
    let amountText = row.value("bid_value") ?? "0"
    guard let amount = DecimalText.parseAmount(amountText) else {
      throw RowError(field: "bid_value", reason: "expected an amount like 1234.56 or 1 234,56, got '\(amountText)'")
    }
    guard amount >= 0 else { throw RowError(field: "bid_value", reason: "a budget cannot be negative, got '\(amountText)'") }
    guard let bid = Money(amount, currency: currency) else {
      throw RowError(field: "bid_value", reason: "the amount '\(amountText)' is too large")
    }
    let bidType = try parseBidType(row.value("bid_type"))
    let periods =
      try row.value("period_count").map { try FieldParsing.integer($0, field: "period_count", in: 0...Self.mostPeriods) }
      ?? 0
    if bidType != .fixed, bid.minorUnits.multipliedReportingOverflow(by: Int64(max(periods, 1))).overflow {
      throw RowError(
        field: "bid_value", reason: "the value \(amountText) × \(periods) periods is too large; check the budget and the periods")
    }
    let created =
      try row.value("created").map { try FieldParsing.date($0, field: "created", format: row.dateFormat, settings: settings) }
      ?? asOf
    let expected = try row.value("expected_close_date").map {
      try FieldParsing.date($0, field: "expected_close_date", format: row.dateFormat, settings: settings)
    }
    var actual = try row.value("actual_close_date").map {
      try FieldParsing.date($0, field: "actual_close_date", format: row.dateFormat, settings: settings)
    }
    let closedWithoutDate = stage.stage.status != .open && actual == nil ? stage.stage.status.rawValue : nil
    if closedWithoutDate != nil { actual = asOf }
    var dropped: [RowError] = []
    var accessUsers: [String] = []
    for name in FieldParsing.list(row.values("access_users")) {
      do { accessUsers.append(try FieldParsing.user(name, field: "access_users", settings: settings)) } catch {
        dropped.append(error)
      }
    }
    var deal = DealRecord(
      externalID: row.value("external_id"), title: title, description: row.value("description"), contactID: nil,
      responsibleID: responsible, stageID: stage.id, probability: probability, bid: bid, bidType: bidType,
      periodCount: periods, expectedClose: expected, actualClose: actual, createdAt: created)
    deal.tags = FieldParsing.list(row.values("tags"), separators: ",")
    deal.accessUsers = accessUsers
    return ParsedDeal(deal: deal, closedWithoutDate: closedWithoutDate, dropped: dropped)
  }

  /// Links the parsed deal to its contact and participants, and writes it.
  private func land(_ row: MappedRow, _ parsed: ParsedDeal, context: RunContext, warnings: inout [Diagnostic]) throws
    -> RowResult
  {
    var deal = parsed.deal
    let location = SourceLocation(file: row.file, line: row.line)
    if let status = parsed.closedWithoutDate {
      warnings.append(
        .init(
          .warning, at: location, stage: config.kind,
          "deal '\(deal.title)' is \(status) but has no actual close date; using the run's as-of date"))
    }
    let contactID = try ContactReference.find(row, in: context.warehouse)
    if contactID == nil, row.value("contact_email") != nil || row.value("contact_name") != nil {
      let given = row.value("contact_email").map(Masking.mask) ?? row.value("contact_name") ?? ""
      warnings.append(
        .init(
          .warning, at: location, stage: config.kind,
          "deal '\(deal.title)': no contact matches '\(given)'; the deal is kept without a contact"))
    }
    // The participants' problems first, then the access users' (read with the row).
    var dropped: [RowError] = []
    let (participants, unmatched) = try ContactReference.participants(row, excluding: contactID, in: context.warehouse)
    if let unmatched { dropped.append(unmatched) }
    deal.contactID = contactID
    deal.participants = participants
    return RowResult(
      outcomes: [RowOutcome(upsert: try context.warehouse.upsertDeal(deal), entity: "deal")],
      dropped: dropped + parsed.dropped)
  }

  /// `fixed`, `per hour`, `Per-Day`, `per_month`, ...; empty means fixed.
  /// The reference CRM's bid type labels, in English and French (section 2.1 of its analysis).
  private static let bidTypeLabels: [String: BidType] = [
    "fix": .fixed, "fixe": .fixed, "par-heure": .perHour, "par-jour": .perDay, "par-semaine": .perWeek,
    "par-mois": .perMonth, "par-an": .perYear,
  ]

  private static func parseBidType(_ text: String?) throws(RowError) -> BidType {
    guard let text else { return .fixed }
    let key = String(TextFolding.key(text).map { $0 == " " || $0 == "_" ? "-" : $0 })
    guard let type = BidType(rawValue: key) ?? Self.bidTypeLabels[key] else {
      throw RowError(
        field: "bid_type", reason: "expected one of fixed, per hour, per day, per week, per month, per year; got '\(text)'")
    }
    return type
  }
}
