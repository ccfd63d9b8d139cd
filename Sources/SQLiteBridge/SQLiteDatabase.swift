internal import CSQLite

/// An error from SQLite, with the library's own message.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
  public let code: Int32
  public let message: String
  public let sql: String?
  /// The database file of the connection that failed.
  public var path: String?

  init(code: Int32, message: String, sql: String?, path: String? = nil) {
    self.code = code
    self.message = message
    self.sql = sql
    self.path = path
  }

  /// What the file or its disk did wrong, when that is the cause rather than a statement.
  public enum Cause: Sendable {
    /// The disk (or the file's size limit) is full.
    case full
    /// The file is not an SQLite database, or its pages are broken.
    case damaged
    /// Another connection holds a lock SQLite waited for in vain.
    case busy
    /// The file or its folder cannot be written or opened.
    case notWritable
    /// The operating system failed to read or write the file.
    case inputOutput
  }

  public var cause: Cause? {
    switch code & 0xff {
    case SQLITE_FULL: return .full
    case SQLITE_CORRUPT, SQLITE_NOTADB: return .damaged
    case SQLITE_BUSY, SQLITE_LOCKED: return .busy
    case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN: return .notWritable
    case SQLITE_IOERR: return .inputOutput
    default: return nil
    }
  }

  public var description: String {
    var text = "SQLite error \(code): \(message)"
    if let sql { text += " (in: \(sql.prefix(200)))" }
    return text
  }
}

/// A value bound to or read from a statement.
public enum SQLiteValue: Sendable, Equatable, Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)

  public var int: Int64? { if case .integer(let v) = self { return v } else { return nil } }
  public var string: String? { if case .text(let v) = self { return v } else { return nil } }
  public var real: Double? {
    switch self {
    case .real(let v): v
    case .integer(let v): Double(v)
    default: nil
    }
  }
}

/// One open connection. Owns the handle and closes it in `deinit`.
public final class SQLiteDatabase {
  private let handle: OpaquePointer
  public let path: String

  /// Settings for the whole library, made once before the first connection opens.
  private static let configured: Void = { _ = crmpipe_sqlite3_disable_memstatus() }()

  public init(path: String, readOnly: Bool = false) throws {
    Self.configured
    var db: OpaquePointer?
    let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
      sqlite3_close_v2(db)
      throw SQLiteError(code: rc, message: "\(message): \(path)", sql: nil, path: path)
    }
    handle = db
    self.path = path
    for setting in [sqlite3_busy_timeout(db, 10_000), sqlite3_extended_result_codes(db, 1)] where setting != SQLITE_OK {
      throw error(setting, sql: nil)
    }
  }

  deinit { sqlite3_close_v2(handle) }

  func error(_ rc: Int32, sql: String?) -> SQLiteError {
    SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
  }

  /// Runs one or more statements that return no rows.
  public func execute(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(handle, sql, nil, nil, &message)
    if rc != SQLITE_OK {
      let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
      sqlite3_free(message)
      throw SQLiteError(code: rc, message: text, sql: sql, path: path)
    }
  }

  public func prepare(_ sql: String) throws -> SQLiteStatement {
    var statement: OpaquePointer?
    let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard rc == SQLITE_OK, let statement else { throw error(rc, sql: sql) }
    return SQLiteStatement(database: self, handle: statement, sql: sql)
  }

  /// Runs `sql` with `arguments` and returns every row.
  @discardableResult
  public func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
    let statement = try prepare(sql)
    try statement.bind(arguments)
    var rows: [[SQLiteValue]] = []
    while let row = try statement.step() { rows.append(row) }
    return rows
  }

  public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
  public var changes: Int { Int(sqlite3_changes(handle)) }

  /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

/// A prepared statement. Finalized in `deinit`.
public final class SQLiteStatement {
  private let database: SQLiteDatabase
  private let handle: OpaquePointer
  public let sql: String

  init(database: SQLiteDatabase, handle: OpaquePointer, sql: String) {
    self.database = database
    self.handle = handle
    self.sql = sql
  }

  deinit { sqlite3_finalize(handle) }

  private lazy var parameterCount = Int(sqlite3_bind_parameter_count(handle))

  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  /// Resets the statement and binds `values` to parameters 1...n; parameters after them are
  /// NULL.
  public func bind(_ values: [SQLiteValue]) throws {
    sqlite3_reset(handle)
    if values.count < parameterCount { sqlite3_clear_bindings(handle) }
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let rc: Int32
      switch value {
      case .null: rc = sqlite3_bind_null(handle, index)
      case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
      case .real(let v): rc = sqlite3_bind_double(handle, index, v)
      case .text(var v):
        // With its byte count, SQLite need not look for the end; a native string is read in place.
        rc = v.withUTF8 { bytes in
          bytes.withMemoryRebound(to: CChar.self) { text in
            guard let start = text.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, Self.transient) }
            return sqlite3_bind_text(handle, index, start, Int32(text.count), Self.transient)
          }
        }
      }
      guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }
  }

  /// The next row, or nil when done.
  public func step() throws -> [SQLiteValue]? {
    let rc = sqlite3_step(handle)
    if rc == SQLITE_DONE { return nil }
    guard rc == SQLITE_ROW else { throw database.error(rc, sql: sql) }
    return (0..<sqlite3_column_count(handle)).map(column)
  }

  /// The result columns' names.
  public var columnNames: [String] {
    (0..<sqlite3_column_count(handle)).map { sqlite3_column_name(handle, $0).map { String(cString: $0) } ?? "" }
  }

  /// Binds, runs to completion and returns the first row, if any.
  @discardableResult
  public func run(_ values: [SQLiteValue]) throws -> [SQLiteValue]? {
    try bind(values)
    let first = try step()
    if first != nil { while try step() != nil {} }
    return first
  }

  /// Binds two integers to parameters 1 and 2 and runs to completion: a row of integers
  /// written millions of times, without an array of values a row.
  public func run(_ first: Int64, _ second: Int64) throws {
    sqlite3_reset(handle)
    var rc = sqlite3_bind_int64(handle, 1, first)
    if rc == SQLITE_OK { rc = sqlite3_bind_int64(handle, 2, second) }
    guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    rc = sqlite3_step(handle)
    guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw database.error(rc, sql: sql) }
    sqlite3_reset(handle)
  }

  private func column(_ index: Int32) -> SQLiteValue { SQLiteRow(handle: handle)[Int(index)] }

  /// Binds `values` and calls `body` with each result row, read in place: no row is copied
  /// unless `body` copies it.
  public func forEach(_ values: [SQLiteValue], _ body: (SQLiteRow) throws -> Void) throws {
    try bind(values)
    while true {
      let rc = sqlite3_step(handle)
      if rc == SQLITE_DONE { return }
      guard rc == SQLITE_ROW else { throw database.error(rc, sql: sql) }
      try body(SQLiteRow(handle: handle))
    }
  }
}

/// The current result row of a statement; valid only inside the `forEach` call that gives it.
public struct SQLiteRow {
  fileprivate let handle: OpaquePointer

  public var count: Int { Int(sqlite3_column_count(handle)) }

  public subscript(_ index: Int) -> SQLiteValue {
    let column = Int32(index)
    switch sqlite3_column_type(handle, column) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
    case SQLITE_NULL: return .null
    default:
      guard let text = sqlite3_column_text(handle, column) else { return .null }
      let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
      return .text(String(decoding: bytes, as: UTF8.self))
    }
  }
}
