import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.tasks`: tasks from CSV files: title, category, deadline, responsible, the contact,
/// deal or event they belong to, and whether and when they were closed.
///
/// The closed time is explicit, unlike the reference CRM, which takes a task's last change
/// as its closing time: a closed task without one gets the run's as-of date and a warning.
/// With `external_id` mapped, a task seen again is updated instead of added twice.
struct ImportTasksStage: Stage {
  static let fields = [
    "external_id", "title", "description", "category", "deadline", "responsible", "contact_email", "contact_name", "deal",
    "event", "closed", "closed_at", "created",
  ]

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.tasks",
      summary: "Import tasks from CSV files, with their category, deadline, responsible and what they belong to.",
      keys: CSVImportKeys.keys(
        fields: fields, mappingExample: "{title: Title, category: Category, deadline: Due, responsible: Owner}"),
      example: """
        - kind: import.tasks
          input: ../SampleData/tasks/*.csv
          mapping:
            external_id: Task ID
            title: Title
            category: Category
            deadline: Deadline
            responsible: Responsible
            contact_email: Contact Email
            deal: Deal
            closed: Closed
            closed_at: Closed At
        """),
    build: { config, _ in ImportTasksStage(config: config) })

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    var warnings: [Diagnostic] = []
    var summary = try CSVImport(config: config).run(context) { row in
      try importRow(row, context: context, warnings: &warnings)
    }
    for warning in warnings { summary.warn(warning) }
    return summary
  }

  private func importRow(_ row: MappedRow, context: RunContext, warnings: inout [Diagnostic]) throws -> RowResult {
    let settings = context.settings
    let location = SourceLocation(file: row.file, line: row.line)
    guard let title = row.value("title") else { throw RowError(field: "title", reason: "a task needs a title") }
    guard let categoryText = row.value("category") else {
      throw RowError(
        field: "category",
        reason: "a task needs a category; expected one of: \(settings.lists.taskCategories.joined(separator: ", "))")
    }
    let category = try FieldParsing.listItem(
      categoryText, field: "category", in: settings.lists.taskCategories, what: "task category")
    guard let deadlineText = row.value("deadline") else {
      throw RowError(field: "deadline", reason: "a task needs a deadline")
    }
    // A deadline without a time is due by the end of its day: a task closed that day is on time.
    let deadline = try FieldParsing.dueDate(deadlineText, field: "deadline", format: row.dateFormat, settings: settings)
    guard let responsibleText = row.value("responsible") else {
      throw RowError(field: "responsible", reason: "a task needs a responsible user")
    }
    let responsible = try FieldParsing.user(responsibleText, field: "responsible", settings: settings)
    let created =
      try row.value("created").map { try FieldParsing.date($0, field: "created", format: row.dateFormat, settings: settings) }
      ?? context.asOf
    var closedAt = try row.value("closed_at").map {
      try FieldParsing.date($0, field: "closed_at", format: row.dateFormat, settings: settings)
    }
    let closed = try row.value("closed").map { try FieldParsing.flag($0, field: "closed") } ?? (closedAt != nil)
    if !closed, closedAt != nil {
      throw RowError(
        field: "closed_at", reason: "the task is open (closed: '\(row.value("closed") ?? "")') but has a closed time")
    }
    if let closedAt, row.value("created") != nil, closedAt < created {
      throw RowError(
        field: "closed_at",
        reason:
          "the task is closed at \(row.value("closed_at") ?? ""), before it was created (\(row.value("created") ?? "")); check both dates"
      )
    }
    if closed, closedAt == nil {
      closedAt = context.asOf
      warnings.append(
        .init(
          .warning, at: location, stage: config.kind,
          "task '\(title)' is closed without a closed time; using the run's as-of date"))
    }

    let contactID = try ContactReference.find(row, in: context.warehouse)
    if contactID == nil, row.value("contact_email") != nil || row.value("contact_name") != nil {
      let given = row.value("contact_email").map(Masking.mask) ?? row.value("contact_name") ?? ""
      warnings.append(
        .init(
          .warning, at: location, stage: config.kind, "task '\(title)': no contact matches '\(given)'; kept without a contact"))
    }
    var dealID: Int64?
    if let deal = row.value("deal") {
      dealID = try context.warehouse.dealID(reference: deal)
      if dealID == nil {
        warnings.append(
          .init(.warning, at: location, stage: config.kind, "task '\(title)': no deal matches '\(deal)'; kept without a deal"))
      }
    }
    var eventID: Int64?
    if let event = row.value("event") {
      eventID = try context.warehouse.eventID(reference: event)
      if eventID == nil {
        warnings.append(
          .init(.warning, at: location, stage: config.kind, "task '\(title)': no event matches '\(event)'; kept without an event")
        )
      }
    }
    let task = TaskRecord(
      externalID: row.value("external_id"), title: title, description: row.value("description"), category: category,
      deadline: deadline, responsibleID: responsible, contactID: contactID, dealID: dealID, eventID: eventID,
      closedAt: closed ? closedAt : nil, createdAt: created)
    return RowResult(outcomes: [RowOutcome(upsert: try context.warehouse.upsertTask(task), entity: "task")])
  }
}

extension RowOutcome {
  /// What an upsert by external id did, as the row's outcome.
  init(upsert: Warehouse.UpsertResult, entity: String) {
    switch upsert {
    case .inserted(let id): self.init(entity: entity, id: id, action: .inserted)
    case .updated(let id): self.init(entity: entity, id: id, action: .updated, rule: "external-id", score: 1)
    case .unchanged(let id): self.init(entity: entity, id: id, action: .unchanged, rule: "external-id", score: 1)
    }
  }
}
