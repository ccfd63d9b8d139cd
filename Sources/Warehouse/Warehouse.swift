import Foundation
import PipelineModel
import SQLiteBridge

/// A failure of the warehouse layer, with SQLite's own message.
public struct WarehouseError: Error, Sendable, CustomStringConvertible {
  public let message: String
  /// The SQLite failure behind it, if any.
  public var underlying: SQLiteError?
  /// The schema versions of a warehouse from a newer crmpipe: the file's, and the newest known.
  public var newerSchema: (found: Int, known: Int)?
  /// The warehouse file.
  public var path: String?
  public var description: String { message }
}

/// The SQLite warehouse. Every SQL statement of crmpipe lives in this module.
public final class Warehouse {
  let db: SQLiteDatabase
  public let path: String
  private var statements: [StatementKey: SQLiteStatement] = [:]
  /// The statements of `HotStatement`, by its raw value, once prepared.
  private var hotStatements = [SQLiteStatement?](repeating: nil, count: HotStatement.allCases.count)
  /// Tables whose deferrable indexes are dropped: a large file is landing in them.
  private var bulkTables: Set<BulkTable> = []
  /// The update and insert of `upsertByExternalID`, made once per table.
  var upsertSQL: [String: (find: String, update: String, insert: String)] = [:]

  /// Opens (or creates) the warehouse and brings its schema up to date.
  public convenience init(path: String) throws {
    try self.init(path: path, migrations: Schema.migrations)
  }

  /// A second, read-only connection to the warehouse at `path`, for reading on another
  /// thread while the first one reads too. It sees what the first one has committed.
  /// `cacheKiB`: the most page cache it keeps.
  public static func reader(_ path: String, mapped: Bool, cacheKiB: Int = 131_072) throws -> Warehouse {
    let reader = try Warehouse(readingFrom: path, cacheKiB: cacheKiB)
    if mapped { try reader.mapForReading() }
    return reader
  }

  private init(readingFrom path: String, cacheKiB: Int) throws {
    self.path = path
    db = try SQLiteDatabase(path: path, readOnly: true)
    try db.execute("PRAGMA cache_size = -\(cacheKiB); PRAGMA temp_store = MEMORY;")
  }

  /// Whether reads go through a memory map (`mapForReading`).
  public private(set) var isMapped = false

  /// Reads through a memory map of the file from now on: no copy through system calls, a
  /// third less time for a report on a large warehouse. The pages read then count in the
  /// process's resident memory, so runs that import (and whose memory is watched) do not.
  public func mapForReading() throws {
    try db.execute("PRAGMA mmap_size = 4294967296;")
    isMapped = true
  }

  /// Opens with an explicit migration list (tests use a longer one to check upgrades).
  init(path: String, migrations: [String]) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    self.path = path
    db = try SQLiteDatabase(path: path)
    try db.execute(
      "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(Self.cacheKiB); PRAGMA temp_store = MEMORY;"
    )
    try migrate(migrations)
  }

  /// The page cache of the writing connection: a night's file changes pages all over a large
  /// warehouse, each held until the file commits (or spilled to the log beyond this), and
  /// what is held counts in the run's memory. A large file gets `bulkCacheKiB`.
  static let cacheKiB = 32_768
  static let bulkCacheKiB = 131_072

  /// `PRAGMA user_version`.
  public func schemaVersion() throws -> Int {
    Int(try db.query("PRAGMA user_version").first?.first?.int ?? 0)
  }

  /// Applies the migrations after `PRAGMA user_version`, each in its own transaction.
  func migrate(_ migrations: [String]) throws {
    let current = try schemaVersion()
    guard current <= migrations.count else {
      throw WarehouseError(
        message: "\(path) has schema version \(current), newer than this crmpipe knows (\(migrations.count)); upgrade crmpipe",
        newerSchema: (current, migrations.count), path: path)
    }
    guard current < migrations.count else { return }
    // A migration may rebuild a table others reference (SQLite's documented way to change
    // a constraint): foreign keys are off while it runs and checked before it commits.
    try db.execute("PRAGMA foreign_keys = OFF")
    defer { try? db.execute("PRAGMA foreign_keys = ON") }
    for version in (current + 1)..<(migrations.count + 1) {
      do {
        try db.transaction {
          try db.execute(migrations[version - 1])
          if let broken = try db.query("PRAGMA foreign_key_check").first {
            throw WarehouseError(message: "a foreign key no longer holds: \(broken.map { "\($0)" }.joined(separator: " "))")
          }
          try db.execute("PRAGMA user_version = \(version)")
        }
      } catch {
        throw WarehouseError(
          message: "migrating \(path) to schema version \(version) failed, nothing changed: \(error)",
          underlying: error as? SQLiteError)
      }
    }
  }

  /// Runs `body` in one transaction: all of it lands, or none of it.
  public func transaction<T>(_ body: () throws -> T) throws -> T { try db.transaction(body) }

  /// A cached prepared statement.
  func statement(_ sql: String) throws -> SQLiteStatement {
    let key = StatementKey(sql: sql)
    if let cached = statements[key] { return cached }
    let prepared = try db.prepare(sql)
    statements[key] = prepared
    return prepared
  }

  /// The SQL text of a cached statement. Hashed by its length and its first and last 32
  /// bytes, where statements differ, instead of every byte of each statement run (a row
  /// runs about ten); equality still compares the whole text.
  private struct StatementKey: Hashable {
    let sql: String
    func hash(into hasher: inout Hasher) {
      let hashed: Void? = sql.utf8.withContiguousStorageIfAvailable { bytes in
        hasher.combine(bytes.count)
        hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(32))))
        hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(32))))
      }
      if hashed == nil { hasher.combine(sql) }
    }
  }

  @discardableResult
  func run(_ sql: String, _ values: [SQLiteValue] = []) throws -> [SQLiteValue]? {
    try statement(sql).run(values)
  }

  /// A statement a contact import runs for (nearly) every row, found by its position instead
  /// of by hashing and comparing its text as `statement(_:)` does.
  func statement(_ hot: HotStatement) throws -> SQLiteStatement {
    if let prepared = hotStatements[hot.rawValue] { return prepared }
    let prepared = try statement(hot.sql)
    hotStatements[hot.rawValue] = prepared
    return prepared
  }

  @discardableResult
  func run(_ hot: HotStatement, _ values: [SQLiteValue]) throws -> [SQLiteValue]? {
    try statement(hot).run(values)
  }

  func rows(_ sql: String, _ values: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
    try mapRows(sql, values) { row in (0..<row.count).map { row[$0] } }
  }

  /// Each row made into a `T` as it is read.
  func mapRows<T>(_ sql: String, _ values: [SQLiteValue] = [], _ transform: (SQLiteRow) throws -> T) throws -> [T] {
    var result: [T] = []
    try forEachRow(sql, values) { result.append(try transform($0)) }
    return result
  }

  /// Calls `body` with each row, without keeping them all.
  func forEachRow(_ sql: String, _ values: [SQLiteValue] = [], _ body: (SQLiteRow) throws -> Void) throws {
    try statement(sql).forEach(values, body)
  }

  /// `PRAGMA integrity_check` and `foreign_key_check` findings; empty when all is well.
  public func integrityProblems() throws -> [String] {
    let integrity = try db.query("PRAGMA integrity_check").compactMap { $0.first?.string }.filter { $0 != "ok" }
    let foreignKeys = try db.query("PRAGMA foreign_key_check").map { row in
      "foreign key: " + row.map { "\($0)" }.joined(separator: " ")
    }
    return integrity + foreignKeys
  }

  /// The value of a connection setting such as `foreign_keys` or `journal_mode`.
  public func pragma(_ name: String) throws -> String? {
    guard name.allSatisfy({ $0.isLetter || $0 == "_" }) else { return nil }
    return try db.query("PRAGMA \(name)").first?.first.map { value in
      switch value {
      case .integer(let number): return String(number)
      case .text(let text): return text
      default: return "\(value)"
      }
    }
  }

  /// Row counts of every table, for summaries and tests.
  public func tableCounts() throws -> [String: Int] {
    let tables = try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0.first?.string }
    var counts: [String: Int] = [:]
    for table in tables {
      counts[table] = Int(try db.query("SELECT count(*) FROM \"\(table)\"").first?.first?.int ?? 0)
    }
    return counts
  }
}

/// A table a large file lands in without its random-order indexes (`Schema.deferrableIndexes`).
public enum BulkTable: String, Sendable { case contacts, deals }

extension SQLiteValue {
  init(_ text: String?) { self = text.map { .text($0) } ?? .null }
  init(_ number: Int64?) { self = number.map { .integer($0) } ?? .null }
}

extension Warehouse {

  /// About how many rows `table` has: its highest id (merged contacts leave gaps), read from
  /// the end of its B-tree instead of counting every row through the page cache.
  public func estimatedCount(_ table: BulkTable) throws -> Int {
    Int(try run("SELECT COALESCE(max(id), 0) FROM \(table.rawValue)")?.first?.int ?? 0)
  }

  /// Drops the indexes a large import into `table` builds again at its end
  /// (`Schema.deferrableIndexes`). Call within the import's transaction, and
  /// `rebuildDeferredIndexes` before it commits.
  public func dropDeferrableIndexes(_ table: BulkTable) throws {
    for (name, _) in Schema.deferrableIndexes(table) { try db.execute("DROP INDEX IF EXISTS \(name)") }
    bulkTables.insert(table)
  }

  /// Whether a large file is landing in `table` (its deferrable indexes are dropped).
  public func isBulk(_ table: BulkTable) -> Bool { bulkTables.contains(table) }

  /// The file landing in `table` ended; its transaction rebuilt the indexes or rolled back.
  public func endBulk(_ table: BulkTable) { bulkTables.remove(table) }

  /// Runs `body` (a large import's transaction) with a rollback journal instead of the
  /// write-ahead log, then goes back to the log. In the log, every page a transaction writes is
  /// written twice: to the log, then into the database when the log is checkpointed. With a
  /// rollback journal, a page the warehouse did not have before is written once, and only the
  /// old content of changed pages goes to the journal. A killed run leaves the journal behind,
  /// and the next connection rolls the warehouse back with it, as with the log.
  ///
  /// SQLite leaves the log only when no other connection has the warehouse open; otherwise
  /// `body` runs in the log as usual. Readers wait for the commit while the journal is in use.
  ///
  /// Temporary storage is in files meanwhile: the sorts that build the dropped indexes again
  /// (millions of match keys) spill to the system's file cache, not to the process's memory,
  /// which the run's matcher already fills; the page cache is `bulkCacheKiB`.
  public func withRollbackJournal<T>(_ body: () throws -> T) throws -> T {
    try db.execute("PRAGMA temp_store = FILE; PRAGMA cache_size = -\(Self.bulkCacheKiB)")
    defer { try? db.execute("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -\(Self.cacheKiB)") }
    // SQLite answers "database is locked" at once when another connection is open.
    guard (try? db.query("PRAGMA journal_mode = DELETE").first?.first?.string) == "delete" else { return try body() }
    defer { _ = try? db.query("PRAGMA journal_mode = WAL") }
    return try body()
  }

  public func rebuildDeferredIndexes(_ table: BulkTable) throws {
    // A sort keeps as much as the page cache may hold before it spills to files: a smaller
    // cache meanwhile keeps a million rows' keys from adding hundreds of MiB to the run.
    let cache = try db.query("PRAGMA cache_size").first?.first?.int ?? -Int64(Self.cacheKiB)
    try db.execute("PRAGMA cache_size = -32768")
    defer { try? db.execute("PRAGMA cache_size = \(cache)") }
    for (_, create) in Schema.deferrableIndexes(table) {
      try db.execute(create.replacingOccurrences(of: "CREATE INDEX ", with: "CREATE INDEX IF NOT EXISTS "))
    }
    // The value counts of the matcher, which a large file's records did not add to one by one.
    if table == .contacts { try db.execute("DELETE FROM match_terms; \(Schema.matchTermsFromRecords)") }
    bulkTables.remove(table)
  }
}

extension Warehouse {
  /// A consistent copy of the warehouse at `path` (its write-ahead log included), by SQLite's
  /// `VACUUM INTO`, read without changing it.
  public static func copy(_ path: String, to target: String) throws {
    let source = try SQLiteDatabase(path: path, readOnly: true)
    try source.execute("VACUUM INTO '\(target.replacingOccurrences(of: "'", with: "''"))'")
  }
}
