import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// The keys every report stage shares: period, managers and output path.
struct ReportOptions {
  static func keys(report: String) -> [KeySpec] {
    [
      KeySpec(
        "period", .choice(ReportPeriod.allCases.map(\.rawValue)), .defaultValue("current-month"),
        doc: "Named period around the as-of date; ignored when `from` and `to` are given."),
      KeySpec("from", .date, .optional, doc: "First day of an explicit period (local time), with `to`.", example: "2026-01-01"),
      KeySpec("to", .date, .optional, doc: "Last day of an explicit period, included.", example: "2026-03-31"),
      KeySpec(
        "managers", .list(.string), .optional, doc: "User ids to include; empty or absent means all managers.",
        example: "[amartin, bdupont]"),
      KeySpec(
        "rate_date", .choice(["as-of", "close-date"]), .defaultValue("as-of"),
        doc:
          "Which day's exchange rate converts a deal: the run's as-of day, or the deal's close day (actual, else expected, else as-of)."
      ),
      KeySpec(
        "language", .choice(ReportLanguage.allCases.map(\.rawValue)), .defaultValue("en"),
        doc: "Labels in English or French (the reference CRM's, section 1.15)."),
      KeySpec(
        "per", .choice(["report", "manager"]), .defaultValue("report"),
        doc:
          "`manager`: one workbook per manager (of `managers`, else every user), with that manager's data only, seen by that manager unless `viewer` says otherwise; `output` needs `{manager}`."
      ),
      KeySpec(
        "viewer", .string, .optional,
        doc:
          "A user id: the report leaves out what that user may not see (private contacts not shared with them, deals restricted to others, and their tasks and invoices). Without one, everything counts.",
        example: "amartin"),
      KeySpec(
        "output", .path, .required,
        doc:
          "XLSX path; `{report}`, `{period}`, `{date}` (the as-of day) and `{manager}` (the manager's id, with `per: manager`) are replaced.",
        example: "../out/reports/\(report)-{period}.xlsx"),
    ]
  }

  static let placeholders = ["report", "period", "date", "manager"]

  let config: StageConfig
  let report: String
  let period: ReportPeriod
  let explicit: (from: Date, to: Date)?
  var managers: [String]
  let output: String
  let perManager: Bool
  var viewer: String?
  /// The manager of a per-manager workbook, for `{manager}`.
  var manager: String?

  /// Checks what needs more than one key or the settings: from/to together and in order,
  /// managers that exist, placeholders that exist.
  init(config: StageConfig, settings: Settings, report: String) throws(DiagnosticList) {
    self.config = config
    self.report = report
    var problems: [Diagnostic] = []
    period = ReportPeriod(rawValue: config.string("period") ?? "") ?? .currentMonth
    let from = config.string("from").flatMap { try? DateText.parse($0, format: .iso, timeZone: settings.timeZone) }
    let to = config.string("to").flatMap { try? DateText.parse($0, format: .iso, timeZone: settings.timeZone) }
    switch (from, to) {
    case let (from?, to?):
      explicit = (from, to)
      if to < from, let location = config["to"]?.location {
        problems.append(
          .error(
            "'to' (\(config.string("to") ?? "")) is before 'from' (\(config.string("from") ?? ""))", at: location,
            stage: config.kind))
      }
    case (nil, nil):
      explicit = nil
    default:
      explicit = nil
      let location = (config["from"] ?? config["to"])?.location ?? config.location
      problems.append(
        .error("give both 'from' and 'to' for an explicit period, or neither and a 'period'", at: location, stage: config.kind))
    }
    managers = config.strings("managers")
    for manager in config["managers"]?.list ?? [] {
      guard let id = manager.string, !settings.users.contains(where: { $0.id == id }) else { continue }
      let hint = DidYouMean.phrase(for: id, in: settings.users.map(\.id))
      problems.append(.error("unknown manager '\(id)'\(hint)", at: manager.location, stage: config.kind))
    }
    perManager = config.string("per") == "manager"
    viewer = config.string("viewer")
    if let value = config["viewer"], let id = value.string, !settings.users.contains(where: { $0.id == id }) {
      let hint = DidYouMean.phrase(for: id, in: settings.users.map(\.id))
      problems.append(.error("unknown viewer '\(id)'\(hint)", at: value.location, stage: config.kind))
    }
    output = config.path("output") ?? ""
    if perManager, !output.contains("{manager}"), let location = config["output"]?.location {
      problems.append(
        .error(
          "with per: manager, 'output' needs {manager}, or every manager's workbook would be written to one file",
          at: location, stage: config.kind))
    }
    if !perManager, output.contains("{manager}"), let location = config["output"]?.location {
      problems.append(.error("'{manager}' in 'output' needs per: manager", at: location, stage: config.kind))
    }
    var rest = Substring(output)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      let name = String(rest[rest.index(after: open)..<close])
      if !Self.placeholders.contains(name), let location = config["output"]?.location {
        problems.append(
          .error(
            "unknown placeholder '{\(name)}' in 'output'\(DidYouMean.phrase(for: name, in: Self.placeholders))", at: location,
            stage: config.kind))
      }
      rest = rest[rest.index(after: close)...]
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
  }

  func resolvedPeriod(_ context: RunContext) -> ResolvedPeriod {
    let settings = context.settings
    if let explicit { return .explicit(from: explicit.from, to: explicit.to, timeZone: settings.timeZone) }
    return .named(period, asOf: context.asOf, timeZone: settings.timeZone, firstWeekday: settings.firstDayOfWeek)
  }

  func reportContext(_ context: RunContext) -> ReportContext {
    let name = { (id: String) in context.settings.users.first { $0.id == id }?.name ?? id }
    var report = ReportContext(
      settings: context.settings, period: resolvedPeriod(context), asOf: context.asOf, managers: managers,
      managerNames: managers.map(name))
    report.viewerName = viewer.map(name)
    report.language = ReportLanguage(rawValue: config.string("language") ?? "en") ?? .en
    return report
  }

  /// Runs `body` for the report, or with `per: manager` for each manager with that manager's
  /// options, and gathers the summaries.
  func forEachAudience(_ context: RunContext, _ body: (ReportOptions) throws -> StageSummary) throws -> StageSummary {
    guard perManager else { return try body(self) }
    var summary = StageSummary(stageID: config.id, kind: config.kind)
    let audience = managers.isEmpty ? context.settings.users.map(\.id) : managers
    for (done, id) in audience.enumerated() {
      context.events(
        .progress(
          StageProgress(
            stage: config.id, item: report, done: done, unit: "workbooks",
            fraction: Double(done) / Double(audience.count))))
      var options = self
      options.managers = [id]
      options.viewer = viewer ?? id
      options.manager = id
      let one = try body(options)
      summary.counted = one.counted
      summary.counts.read += one.counts.read
      summary.outputs += one.outputs
      for warning in one.warnings { summary.warn(warning) }
    }
    return summary
  }

  /// Converts into the base currency with the warehouse's rates and the settings' (which
  /// win for the same pair and day), rounding with the settings' rule.
  func converter(_ context: RunContext) throws -> CurrencyConverter {
    let rates = try context.warehouse.exchangeRates() + context.settings.exchangeRates
    return CurrencyConverter(
      book: RateBook(rates), target: context.settings.baseCurrency, rounding: context.settings.rounding)
  }

  /// The day a deal's value is converted at, as `rate_date` says.
  func rateDate(_ context: RunContext) -> (ReportDeal) -> String {
    let (asOf, zone) = (context.asOf, context.settings.timeZone)
    let closeDate = config.string("rate_date") == "close-date"
    return { deal in
      DateText.localDayText(closeDate ? deal.actualClose ?? deal.expectedClose ?? asOf : asOf, zone)
    }
  }

  /// The workload computations for this report's period, as-of time and managers.
  func workload(_ context: RunContext, report: ReportContext) -> Workload {
    Workload(period: report.period.interval, asOf: context.asOf, managers: managers, users: context.settings.users)
  }

  /// Runs a report's computation; a report error (a missing rate, say) becomes the stage's,
  /// before any file is written.
  func computing<T>(_ body: () throws(ReportError) -> T) throws(DiagnosticList) -> T {
    do {
      return try body()
    } catch {
      throw DiagnosticList(
        [.error(error.message, stage: config.kind, notes: [.note("in the stage defined here", at: config.location)])],
        kind: error.missingRates ? .missingRates : .input)
    }
  }

  /// Writes the workbook to its output path (atomically) and says so; warns when the
  /// report counts nothing.
  func write(
    _ workbook: Workbook, report: ReportContext, context: RunContext, count: Int, what: String, counted: String = "deals"
  ) throws -> StageSummary {
    var summary = StageSummary(stageID: config.id, kind: config.kind)
    summary.counted = counted
    if count == 0 {
      summary.warn(
        .init(.warning, at: config.location, stage: config.kind, "no \(what) in \(report.period.text); the report shows zeros"))
    }
    let path = outputPath(report)
    if context.dryRun {
      summary.outputs.append("(would write) " + Paths.display(path))
    } else {
      // Written beside its place now, put in place when the whole run has succeeded.
      let pending = context.pendingOutput(for: path)
      try WorkbookRenderer.write(
        report.language.translate(workbook), to: pending, created: context.asOf, currency: context.settings.baseCurrency)
      summary.outputs.append(Paths.display(path))
    }
    summary.counts.read = count
    return summary
  }

  func outputPath(_ context: ReportContext) -> String {
    fill(period: context.period.slug, manager: manager)
      .replacingOccurrences(of: "{date}", with: DateText.localDayText(context.asOf, context.settings.timeZone))
  }

  /// Every path the report writes, one per manager with `per: manager`, with `{date}` left in:
  /// the as-of day is known only when the run starts.
  func outputTemplates(settings: Settings) -> [String] {
    let slug =
      explicit.map { ResolvedPeriod.explicit(from: $0.from, to: $0.to, timeZone: settings.timeZone).slug }
      ?? period.rawValue
    guard perManager else { return [fill(period: slug, manager: manager)] }
    return (managers.isEmpty ? settings.users.map(\.id) : managers).map { fill(period: slug, manager: $0) }
  }

  private func fill(period slug: String, manager: String?) -> String {
    output.replacingOccurrences(of: "{report}", with: report)
      .replacingOccurrences(of: "{period}", with: slug)
      .replacingOccurrences(of: "{manager}", with: manager ?? "")
  }
}

/// A report stage: built from its config and the shared report options.
protocol ReportStage: Stage, SendableMetatype {
  var options: ReportOptions { get }
  init(config: StageConfig, options: ReportOptions)
}

extension ReportStage {
  /// The descriptor of `report.<report>`: the shared keys, an example, and a builder that
  /// checks the options.
  static func descriptor(_ report: String, summary: String, period: String = "current-month") -> StageDescriptor {
    StageDescriptor(
      spec: StageSpec(
        kind: "report.\(report)", summary: summary, keys: ReportOptions.keys(report: report),
        example: """
          - kind: report.\(report)
            period: \(period)
            output: ../out/reports/{report}-{period}.xlsx
          """),
      build: { config, settings throws(DiagnosticList) in
        Self(config: config, options: try ReportOptions(config: config, settings: settings, report: report))
      })
  }
}
