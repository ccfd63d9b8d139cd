import Foundation
import PipelineModel
import SQLiteBridge

/// Row counts of one imported file.
public struct FileCounts: Sendable, Equatable {
  public var read = 0, inserted = 0, updated = 0, skipped = 0, rejected = 0
  /// Values dropped from rows that were still imported (an impossible date, a bad email).
  public var fieldsDropped = 0
  public init() {}
}

extension Warehouse {
  /// Records a run before it starts; `timeZone` gives the as-of day it is recorded under.
  public func startRun(pipeline: String, asOf: Date, timeZone: TimeZone = DateText.utc) throws -> Int64 {
    try run(
      "INSERT INTO import_runs (pipeline, started_at, as_of, status) VALUES (?, ?, ?, 'running')",
      [.text(pipeline), .text(DateText.utcText(Date())), .text(DateText.localDayText(asOf, timeZone))])
    let id = db.lastInsertRowID
    // Runs still marked running died (killed, or their machine stopped): the caller holds the
    // warehouse's lock, so none of them is going on. Each is marked as such, at the time found.
    try run(
      "UPDATE import_runs SET status = 'interrupted', finished_at = ?, error = ? WHERE status = 'running' AND id < ?",
      [
        .text(DateText.utcText(Date())),
        .text("stopped before it finished (killed, or its machine stopped); found by run \(id), which marked it"),
        .integer(id),
      ])
    return id
  }

  public func finishRun(_ id: Int64, succeeded: Bool, error: String? = nil) throws {
    try run(
      "UPDATE import_runs SET finished_at = ?, status = ?, error = ? WHERE id = ?",
      [.text(DateText.utcText(Date())), .text(succeeded ? "succeeded" : "failed"), SQLiteValue(error), .integer(id)])
  }

  /// A past run, with the files it imported.
  public struct RunRecord: Sendable, Equatable {
    public struct File: Sendable, Equatable {
      public var stageID: String
      public var stageKind: String
      public var path: String
      public var counts: FileCounts
    }

    public var id: Int64
    public var pipeline: String
    public var startedAt: String
    public var finishedAt: String?
    public var asOf: String
    public var status: String
    public var error: String?
    public var files: [File]
  }

  /// The latest `limit` runs, newest first.
  public func runHistory(limit: Int) throws -> [RunRecord] {
    try rows(
      "SELECT id, pipeline, started_at, finished_at, as_of, status, error FROM import_runs ORDER BY id DESC LIMIT ?",
      [.integer(Int64(limit))]
    ).map { row in
      let id = row[0].int ?? 0
      let files = try rows(
        """
        SELECT stage_id, stage_kind, path, rows_read, inserted, updated, skipped, rejected FROM import_files
        WHERE run_id = ? ORDER BY id
        """, [.integer(id)]
      ).map { file in
        var counts = FileCounts()
        (counts.read, counts.inserted, counts.updated, counts.skipped, counts.rejected) = (
          Int(file[3].int ?? 0), Int(file[4].int ?? 0), Int(file[5].int ?? 0), Int(file[6].int ?? 0), Int(file[7].int ?? 0)
        )
        return RunRecord.File(
          stageID: file[0].string ?? "", stageKind: file[1].string ?? "", path: file[2].string ?? "", counts: counts)
      }
      return RunRecord(
        id: id, pipeline: row[1].string ?? "", startedAt: row[2].string ?? "", finishedAt: row[3].string,
        asOf: row[4].string ?? "", status: row[5].string ?? "", error: row[6].string, files: files)
    }
  }

  /// The run that already imported a file with this content for this stage kind, if any.
  /// The run that imported this file, if one did. A file whose every row was rejected did not
  /// land: it is not counted, so that it can be imported again once the cause is fixed (a
  /// `date_format`, a setting, a newer crmpipe) without changing the file.
  public func runThatImported(stageKind: String, sha256: String) throws -> Int64? {
    try run(
      "SELECT run_id FROM import_files WHERE stage_kind = ? AND sha256 = ? AND NOT \(Self.nothingLanded)",
      [.text(stageKind), .text(sha256)])?.first?.int
  }

  private static let nothingLanded = "(rows_read > 0 AND rejected = rows_read AND inserted = 0 AND updated = 0 AND skipped = 0)"

  /// Forgets an earlier import of this file in which every row was rejected (its record and
  /// rejected rows), before the file is imported again; its rows are then rejected or landed anew.
  public func forgetRejectedImport(stageKind: String, sha256: String) throws {
    guard
      let id = try run(
        "SELECT id FROM import_files WHERE stage_kind = ? AND sha256 = ? AND \(Self.nothingLanded)",
        [.text(stageKind), .text(sha256)])?.first?.int
    else { return }
    try run("DELETE FROM rejected_rows WHERE file_id = ?", [.integer(id)])
    try run("DELETE FROM import_files WHERE id = ?", [.integer(id)])
  }

  /// Records a file at the start of its transaction; source rows point at it.
  public func beginFile(runID: Int64, stageKind: String, stageID: String, path: String, sha256: String) throws -> Int64 {
    try run(
      "INSERT INTO import_files (run_id, stage_kind, stage_id, path, sha256) VALUES (?, ?, ?, ?, ?)",
      [.integer(runID), .text(stageKind), .text(stageID), .text(path), .text(sha256)])
    return db.lastInsertRowID
  }

  public func finishFile(_ id: Int64, counts: FileCounts) throws {
    try run(
      "UPDATE import_files SET rows_read = ?, inserted = ?, updated = ?, skipped = ?, rejected = ? WHERE id = ?",
      [counts.read, counts.inserted, counts.updated, counts.skipped, counts.rejected].map { .integer(Int64($0)) }
        + [.integer(id)])
  }

  public enum SourceAction: String, Sendable { case inserted, updated, unchanged }

  /// Keeps the original row a warehouse record came from.
  /// `rule` and `score` say why a row was linked to an existing record (nil for a new one).
  public func addSourceRow(
    fileID: Int64, line: Int, entity: String, entityID: Int64, action: SourceAction, rule: String? = nil,
    score: Double? = nil, raw: String, evidence: String? = nil
  ) throws {
    try run(
      .addSourceRow,
      [
        .integer(fileID), .integer(Int64(line)), .text(entity), .integer(entityID), .text(action.rawValue),
        SQLiteValue(rule), score.map { .real($0) } ?? .null, .text(raw), SQLiteValue(evidence),
      ])
  }

  /// Keeps a rejected row with the file's other changes, so it is committed (or rolled back) with them.
  public func addRejectedRow(fileID: Int64, line: Int, field: String, reason: String, raw: String) throws {
    try run(
      "INSERT INTO rejected_rows (file_id, line, field, reason, raw) VALUES (?, ?, ?, ?, ?)",
      [.integer(fileID), .integer(Int64(line)), .text(field), .text(reason), .text(raw)])
  }

  /// A committed rejected row not yet written to the rejects file.
  public struct RejectedRow: Sendable, Equatable {
    public var id: Int64
    public var runID: Int64
    public var stageID: String
    public var file: String
    public var line: Int
    public var field: String
    public var reason: String
    public var raw: String
  }

  public func unexportedRejectedRows() throws -> [RejectedRow] {
    try mapRows(Self.rejectedRowsSQL(where: "WHERE r.exported = 0"), [], Self.rejectedRow)
  }

  /// Every rejected row the warehouse keeps, oldest first, one at a time.
  public func forEachRejectedRow(_ body: (RejectedRow) throws -> Void) throws {
    try forEachRow(Self.rejectedRowsSQL(where: "")) { try body(Self.rejectedRow($0)) }
  }

  private static func rejectedRowsSQL(where filter: String) -> String {
    """
    SELECT r.id, f.run_id, f.stage_id, f.path, r.line, r.field, r.reason, r.raw
    FROM rejected_rows r JOIN import_files f ON f.id = r.file_id \(filter) ORDER BY r.id
    """
  }

  private static func rejectedRow(_ row: SQLiteRow) -> RejectedRow {
    RejectedRow(
      id: row[0].int ?? 0, runID: row[1].int ?? 0, stageID: row[2].string ?? "", file: row[3].string ?? "",
      line: Int(row[4].int ?? 0), field: row[5].string ?? "", reason: row[6].string ?? "", raw: row[7].string ?? "")
  }

  public func markExported(upTo id: Int64) throws {
    try transaction { _ = try run("UPDATE rejected_rows SET exported = 1 WHERE exported = 0 AND id <= ?", [.integer(id)]) }
  }

  /// `file:line` of every source row behind a record, oldest first.
  public func sources(entity: String, id: Int64) throws -> [String] {
    try rows(
      """
      SELECT f.path, s.line FROM source_rows s JOIN import_files f ON f.id = s.file_id
      WHERE s.entity = ? AND s.entity_id = ? ORDER BY s.id
      """, [.text(entity), .integer(id)]
    ).map { "\($0[0].string ?? ""):\($0[1].int ?? 0)" }
  }
}

extension Warehouse {
  /// Makes users and deal stages match the settings. Stages are matched by name; a stage
  /// that deals still use is kept even when the settings no longer list it.
  public func apply(_ settings: Settings) throws {
    try transaction {
      for user in settings.users {
        try run(
          "INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email",
          [.text(user.id), .text(user.name), SQLiteValue(user.email)])
      }
      for stage in settings.dealStages {
        try run(
          """
          INSERT INTO deal_stages (name, probability, status, position, colour) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT(name) DO UPDATE SET probability = excluded.probability, status = excluded.status,
            position = excluded.position, colour = excluded.colour
          """,
          [
            .text(stage.name), .integer(Int64(stage.probability)), .text(stage.status.rawValue),
            .integer(Int64(stage.position)), SQLiteValue(stage.colour),
          ])
      }
    }
  }

  /// Deal stages in funnel order, with their warehouse ids.
  public func dealStages() throws -> [(id: Int64, stage: DealStage)] {
    try rows("SELECT id, name, probability, status, position, colour FROM deal_stages ORDER BY position, id").map {
      (
        $0[0].int ?? 0,
        DealStage(
          name: $0[1].string ?? "", probability: Int($0[2].int ?? 0), status: StageStatus(rawValue: $0[3].string ?? "") ?? .open,
          position: Int($0[4].int ?? 0), colour: $0[5].string)
      )
    }
  }

  public func users() throws -> [User] {
    try rows("SELECT id, name, email FROM users ORDER BY name, id").map {
      User(id: $0[0].string ?? "", name: $0[1].string ?? "", email: $0[2].string)
    }
  }
}

extension Warehouse {
  /// Keeps the settings a run used (as YAML), unless they are the ones kept last.
  public func keepSettings(_ yaml: String, runID: Int64) throws {
    guard !yaml.isEmpty, try latestSettings() != yaml else { return }
    try run("INSERT INTO settings_snapshots (run_id, yaml) VALUES (?, ?)", [.integer(runID), .text(yaml)])
  }

  /// The settings the latest run that kept any used, as YAML.
  public func latestSettings() throws -> String? {
    try run("SELECT yaml FROM settings_snapshots ORDER BY id DESC LIMIT 1")?.first?.string
  }
}
