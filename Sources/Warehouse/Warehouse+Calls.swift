import Foundation
import PipelineModel
import SQLiteBridge

/// A call as the calls stage hands it to the warehouse, already normalised.
public struct CallRecord: Sendable, Equatable {
  public enum Direction: String, Sendable { case incoming, outgoing }
  /// `answered` or `missed` for incoming calls, `outgoing` for outgoing ones, `pending` for an
  /// incoming call not finished yet.
  public enum Status: String, Sendable { case answered, missed, outgoing, pending }

  public var sid: String
  public var parentSid: String?
  public var direction: Direction
  public var twilioDirection: String
  public var status: Status
  public var twilioStatus: String
  public var from: String?
  public var to: String?
  /// The other party: From of an incoming call, To of an outgoing one; E.164 when it is a number.
  public var remoteNumber: String?
  public var agentID: String?
  public var startedAt: Date?
  public var durationSeconds: Int?
  /// A positive exact decimal in `costCurrency`; nil until Twilio has priced the call.
  public var cost: String?
  public var costCurrency: String?
  public var recordingURL: String?
  /// When the source says the call was last updated, and a status callback's sequence number:
  /// a later report of the same call wins.
  public var updatedAt: Date?
  public var sequence: Int?

  public init(
    sid: String, direction: Direction, twilioDirection: String, status: Status, twilioStatus: String
  ) {
    (self.sid, self.direction, self.twilioDirection) = (sid, direction, twilioDirection)
    (self.status, self.twilioStatus) = (status, twilioStatus)
  }

  /// Terminal statuses outrank a call still ringing or in progress.
  public var rank: Int {
    switch twilioStatus {
    case "completed", "busy", "failed", "no-answer", "canceled": return 2
    case "in-progress": return 1
    default: return 0
    }
  }

  /// Whether `self` is a later report of the call than `other`.
  func isNewer(than other: CallRecord) -> Bool {
    if rank != other.rank { return rank > other.rank }
    let mine = (updatedAt ?? .distantPast, sequence ?? -1), theirs = (other.updatedAt ?? .distantPast, other.sequence ?? -1)
    return mine.0 != theirs.0 ? mine.0 > theirs.0 : mine.1 >= theirs.1
  }

  /// `self` completed by `older`: its values where `self` has none.
  func filled(from older: CallRecord) -> CallRecord {
    var call = self
    call.parentSid = parentSid ?? older.parentSid
    call.from = from ?? older.from
    call.to = to ?? older.to
    call.remoteNumber = remoteNumber ?? older.remoteNumber
    call.agentID = agentID ?? older.agentID
    // Every report of a call says it had started by then: the earliest is its start.
    call.startedAt = [startedAt, older.startedAt].compactMap { $0 }.min()
    call.durationSeconds = durationSeconds ?? older.durationSeconds
    if cost == nil { (call.cost, call.costCurrency) = (older.cost, older.costCurrency) }
    call.recordingURL = recordingURL ?? older.recordingURL
    call.updatedAt = max(updatedAt ?? .distantPast, older.updatedAt ?? .distantPast)
    if call.updatedAt == .distantPast { call.updatedAt = nil }
    call.sequence = sequence ?? older.sequence
    return call
  }
}

extension Warehouse {
  static let callColumns = [
    "parent_sid", "direction", "twilio_direction", "status", "twilio_status", "from_number", "to_number", "remote_number",
    "agent_id", "started_at", "duration_seconds", "cost", "cost_currency", "recording_url", "updated_at", "sequence",
  ]

  /// Inserts a call, or merges a later (or earlier) report of the same sid into it. Returns
  /// the call's row id and what happened. `contactID` is kept when the call has none yet.
  public func upsertCall(_ call: CallRecord, contactID: Int64?, fileID: Int64) throws -> (id: Int64, action: SourceAction) {
    let stored = try self.call(sid: call.sid)
    let merged = stored.map { old in call.isNewer(than: old.call) ? call.filled(from: old.call) : old.call.filled(from: call) }
    let final = merged ?? call
    if let stored, final == stored.call, contactID == nil || stored.contactID != nil {
      return (stored.id, .unchanged)
    }
    func text(_ date: Date?) -> SQLiteValue { date.map { .text(DateText.utcText($0)) } ?? .null }
    let values: [SQLiteValue] = [
      SQLiteValue(final.parentSid), .text(final.direction.rawValue), .text(final.twilioDirection), .text(final.status.rawValue),
      .text(final.twilioStatus), SQLiteValue(final.from), SQLiteValue(final.to), SQLiteValue(final.remoteNumber),
      SQLiteValue(final.agentID), text(final.startedAt), SQLiteValue(final.durationSeconds.map(Int64.init)),
      SQLiteValue(final.cost), SQLiteValue(final.costCurrency), SQLiteValue(final.recordingURL), text(final.updatedAt),
      SQLiteValue(final.sequence.map(Int64.init)),
    ]
    try run(Self.upsertCallSQL, [.text(call.sid)] + values + [SQLiteValue(contactID), .integer(fileID)])
    // An upsert that updates keeps the row's id.
    return stored.map { ($0.id, .updated) } ?? (db.lastInsertRowID, .inserted)
  }

  static let upsertCallSQL = """
    INSERT INTO calls (sid, \(callColumns.joined(separator: ", ")), contact_id, file_id)
    VALUES (?, \(callColumns.map { _ in "?" }.joined(separator: ", ")), ?, ?)
    ON CONFLICT (sid) DO UPDATE SET \(callColumns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")),
      contact_id = coalesce(contact_id, excluded.contact_id)
    """
  static let callBySidSQL = "SELECT rowid, \(callColumns.joined(separator: ", ")), contact_id FROM calls WHERE sid = ?"

  /// A stored call with its row id and contact.
  func call(sid: String) throws -> (id: Int64, call: CallRecord, contactID: Int64?)? {
    guard let row = try run(Self.callBySidSQL, [.text(sid)]) else { return nil }
    var call = CallRecord(
      sid: sid, direction: CallRecord.Direction(rawValue: row[2].string ?? "") ?? .incoming,
      twilioDirection: row[3].string ?? "", status: CallRecord.Status(rawValue: row[4].string ?? "") ?? .pending,
      twilioStatus: row[5].string ?? "")
    call.parentSid = row[1].string
    (call.from, call.to, call.remoteNumber, call.agentID) = (row[6].string, row[7].string, row[8].string, row[9].string)
    call.startedAt = row[10].string.flatMap(DateText.fromUTCText)
    call.durationSeconds = row[11].int.map(Int.init)
    (call.cost, call.costCurrency, call.recordingURL) = (row[12].string, row[13].string, row[14].string)
    call.updatedAt = row[15].string.flatMap(DateText.fromUTCText)
    call.sequence = row[16].int.map(Int.init)
    return (row[0].int ?? 0, call, row[17].int)
  }

  /// Settles what a top-level call learns from its child legs: the agent is the one who
  /// took a leg, and an incoming call whose legs all went unanswered was missed. Then every
  /// top-level call with a contact gets (or updates) its entry in the contact's history.
  public func settleCalls() throws {
    try run(
      """
      UPDATE calls SET agent_id = (
        SELECT c.agent_id FROM calls c WHERE c.parent_sid = calls.sid AND c.agent_id IS NOT NULL
        ORDER BY c.twilio_status IN ('completed', 'in-progress') DESC, c.started_at, c.sid LIMIT 1)
      WHERE parent_sid IS NULL AND agent_id IS NULL
        AND EXISTS (SELECT 1 FROM calls c WHERE c.parent_sid = calls.sid AND c.agent_id IS NOT NULL)
      """)
    try run(
      """
      UPDATE calls SET status = 'missed'
      WHERE parent_sid IS NULL AND direction = 'incoming' AND status = 'answered'
        AND EXISTS (SELECT 1 FROM calls c WHERE c.parent_sid = calls.sid)
        AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.parent_sid = calls.sid AND c.twilio_status IN ('completed', 'in-progress'))
      """)
    try run(
      """
      INSERT INTO contact_history (contact_id, kind, occurred_at, text, call_sid)
      SELECT contact_id, direction || '-call', coalesce(started_at, updated_at, '1970-01-01T00:00:00Z'),
        (CASE direction WHEN 'incoming' THEN 'Incoming call' ELSE 'Outgoing call' END)
          || (CASE status WHEN 'missed' THEN ', missed' WHEN 'pending' THEN ', not finished' ELSE '' END)
          || (CASE WHEN duration_seconds > 0
               THEN ', ' || (duration_seconds / 3600) || ':' || printf('%02d:%02d', duration_seconds / 60 % 60, duration_seconds % 60)
               ELSE '' END),
        sid
      FROM calls WHERE parent_sid IS NULL AND contact_id IS NOT NULL
      ON CONFLICT (call_sid) DO UPDATE SET contact_id = excluded.contact_id, kind = excluded.kind,
        occurred_at = excluded.occurred_at, text = excluded.text
      WHERE contact_id IS NOT excluded.contact_id OR kind IS NOT excluded.kind OR occurred_at IS NOT excluded.occurred_at
        OR text IS NOT excluded.text
      """)
  }
}
