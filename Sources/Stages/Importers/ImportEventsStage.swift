import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.events`: events (the reference CRM's "cases") from CSV files: a title, the
/// contacts taking part, tags, who may see it, and whether it is closed.
///
/// Participants are written as emails or names, several in a cell (`;` or `,` between
/// them); one that matches no contact is dropped with its reason and the event is kept.
/// Access users restrict the event to them. With `external_id` mapped, an event seen again
/// is updated, its participants, tags and access users replaced by the file's.
struct ImportEventsStage: Stage {
  static let fields = ["external_id", "title", "participants", "tags", "access_users", "closed", "created"]

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.events",
      summary: "Import events (cases) from CSV files, with their participants, tags, access and closed flag.",
      keys: CSVImportKeys.keys(fields: fields, mappingExample: "{title: Title, participants: Members, tags: Tags}"),
      example: """
        - kind: import.events
          input: ../SampleData/events/*.csv
          mapping:
            external_id: Event ID
            title: Title
            participants: Participants
            tags: Tags
            access_users: Visible To
            closed: Closed
        """),
    build: { config, _ in ImportEventsStage(config: config) })

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    try CSVImport(config: config).run(context) { row in try importRow(row, context: context) }
  }

  private func importRow(_ row: MappedRow, context: RunContext) throws -> RowResult {
    let settings = context.settings
    guard let title = row.value("title") else { throw RowError(field: "title", reason: "an event needs a title") }
    var dropped: [RowError] = []
    let (participants, unmatched) = try ContactReference.participants(row, in: context.warehouse)
    if let unmatched { dropped.append(unmatched) }
    var accessUsers: [String] = []
    for name in FieldParsing.list(row.values("access_users")) {
      do {
        accessUsers.append(try FieldParsing.user(name, field: "access_users", settings: settings))
      } catch {
        dropped.append(error)
      }
    }
    let closed = try row.value("closed").map { try FieldParsing.flag($0, field: "closed") } ?? false
    let created =
      try row.value("created").map { try FieldParsing.date($0, field: "created", format: row.dateFormat, settings: settings) }
      ?? context.asOf
    let event = EventRecord(
      externalID: row.value("external_id"), title: title, isClosed: closed, createdAt: created, participants: participants,
      tags: FieldParsing.list(row.values("tags"), separators: ","), accessUsers: accessUsers)
    return RowResult(
      outcomes: [RowOutcome(upsert: try context.warehouse.upsertEvent(event), entity: "event")], dropped: dropped)
  }
}
