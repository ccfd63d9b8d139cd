import Foundation
import PipelineModel
import SQLiteBridge

extension Warehouse {
  /// What `crmpipe export` writes: one CSV per entity, by file name, with its query.
  static let exports: [(name: String, sql: String)] = [
    ("users", "SELECT id, name, email FROM users ORDER BY id"),
    ("deal_stages", "SELECT id, name, probability, status, position, colour FROM deal_stages ORDER BY position, id"),
    (
      "contacts",
      """
      SELECT c.id, c.kind, c.display_name, c.first_name, c.last_name, c.company_name, c.company_id, c.job_title,
        c.contact_type, c.temperature, c.currency, c.access, c.notes, c.created_at, c.origin,
        (SELECT email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY is_primary DESC, position LIMIT 1) AS email,
        (SELECT coalesce(e164, phone) FROM contact_phones p WHERE p.contact_id = c.id ORDER BY is_primary DESC, position LIMIT 1) AS phone,
        (SELECT group_concat(t.name, ',') FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags,
        (SELECT group_concat(user_id, ',') FROM contact_responsibles r WHERE r.contact_id = c.id) AS responsibles,
        c.birthday
      FROM contacts c ORDER BY c.id
      """
    ),
    (
      "calls",
      """
      SELECT sid, parent_sid, direction, status, twilio_direction, twilio_status, from_number, to_number, remote_number,
        agent_id, contact_id, started_at, duration_seconds, cost, cost_currency, recording_url
      FROM calls ORDER BY started_at, sid
      """
    ),
    (
      "contact_history",
      "SELECT contact_id, kind, occurred_at, text, call_sid FROM contact_history ORDER BY contact_id, occurred_at, id"
    ),
    ("contact_emails", "SELECT contact_id, email, is_primary FROM contact_emails ORDER BY contact_id, position"),
    (
      "contact_phones",
      "SELECT contact_id, phone, e164, is_valid, problem, is_primary FROM contact_phones ORDER BY contact_id, position"
    ),
    ("contact_addresses", "SELECT contact_id, street, city, state, zip, country FROM contact_addresses ORDER BY contact_id, id"),
    ("contact_custom_fields", "SELECT contact_id, name, value FROM contact_custom_fields ORDER BY contact_id, name"),
    (
      "contact_sources",
      """
      SELECT f.path AS file, s.line, x.source AS external_source, x.external_id, s.entity_id AS contact_id, s.action,
        s.rule, s.score AS probability, json_extract(s.evidence, '$.weight') AS weight, s.evidence
      FROM source_rows s JOIN import_files f ON f.id = s.file_id
      LEFT JOIN contact_external_ids x ON x.contact_id = s.entity_id
      WHERE s.entity = 'contact' ORDER BY s.id
      """
    ),
    (
      "contact_merges",
      "SELECT m.from_id, m.into_id, m.rule, m.score, f.path AS file, m.line FROM contact_merges m JOIN import_files f ON f.id = m.file_id ORDER BY m.id"
    ),
    (
      "deals",
      """
      SELECT d.id, d.external_id, d.title, d.contact_id, d.responsible_id, s.name AS stage, s.status, d.probability,
        d.bid_currency, d.bid_value_minor, d.bid_type, d.period_count, d.expected_close_date, d.actual_close_date, d.created_at,
        (SELECT group_concat(contact_id, ',') FROM deal_participants p WHERE p.deal_id = d.id) AS participants,
        (SELECT group_concat(t.name, ',') FROM deal_tags g JOIN tags t ON t.id = g.tag_id WHERE g.deal_id = d.id) AS tags,
        (SELECT group_concat(user_id, ',') FROM deal_access_users a WHERE a.deal_id = d.id) AS access_users
      FROM deals d JOIN deal_stages s ON s.id = d.stage_id ORDER BY d.id
      """
    ),
    (
      "tasks",
      """
      SELECT id, external_id, title, description, category, deadline, responsible_id, contact_id, deal_id, event_id,
        is_closed, closed_at, created_at
      FROM tasks ORDER BY id
      """
    ),
    (
      "events",
      """
      SELECT e.id, e.external_id, e.title, e.is_closed, e.created_at,
        (SELECT group_concat(contact_id, ',') FROM event_participants p WHERE p.event_id = e.id) AS participants,
        (SELECT group_concat(t.name, ',') FROM event_tags x JOIN tags t ON t.id = x.tag_id WHERE x.event_id = e.id) AS tags,
        (SELECT group_concat(user_id, ',') FROM event_access_users a WHERE a.event_id = e.id) AS access_users
      FROM events e ORDER BY e.id
      """
    ),
    (
      "invoices",
      """
      SELECT id, number, status, status_changed_at, issue_date, due_date, client_id, consignee_id, deal_id, responsible_id,
        language, currency, exchange_rate, order_number, terms, notes, subtotal_minor, discount_minor, tax_minor, total_minor,
        created_at
      FROM invoices ORDER BY id
      """
    ),
    (
      "invoice_lines",
      """
      SELECT i.number, l.position, l.product, l.description, l.quantity, l.price, l.discount_percent, l.tax1, l.tax1_rate,
        l.tax2, l.tax2_rate, l.net_minor, l.amount_minor
      FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id ORDER BY i.id, l.position
      """
    ),
    (
      "exchange_rates",
      """
      SELECT r.from_currency, r.to_currency, r.valid_from, r.rate, f.path AS file, r.line
      FROM exchange_rates r LEFT JOIN import_files f ON f.id = r.file_id
      ORDER BY r.from_currency, r.to_currency, r.valid_from
      """
    ),
  ]

  public static var exportNames: [String] { exports.map(\.name) }

  /// Streams one export: calls `header` once with the column names, then `row` for each row.
  public func export(_ name: String, header: ([String]) throws -> Void, row: ([String]) throws -> Void) throws {
    guard let sql = Self.exports.first(where: { $0.name == name })?.sql else { return }
    let statement = try db.prepare(sql)
    try header(statement.columnNames)
    try statement.bind([])
    while let values = try statement.step() {
      try row(
        values.map { value in
          switch value {
          case .null: return ""
          case .integer(let v): return String(v)
          case .real(let v): return String(v)
          case .text(let v): return v
          }
        })
    }
  }
}
