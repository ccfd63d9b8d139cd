import Foundation
import PipelineTestSupport
import SQLiteBridge
import Testing

@Suite struct SQLiteBridgeTests {
  func database() throws -> SQLiteDatabase {
    try SQLiteDatabase(path: "\(TestFiles.temporaryDirectory())/t.sqlite")
  }

  @Test func bindsAndReadsEveryValueKind() throws {
    let db = try database()
    try db.execute("CREATE TABLE t (a INTEGER, b TEXT, c REAL, d)")
    try db.query("INSERT INTO t VALUES (?, ?, ?, ?)", [.integer(42), .text("Zoë"), .real(1.5), .null])
    #expect(try db.query("SELECT a, b, c, d FROM t") == [[.integer(42), .text("Zoë"), .real(1.5), .null]])
  }

  /// Text is bound with its byte count: empty text stays text, not NULL, and non-ASCII text
  /// keeps every byte. A statement bound again with fewer values has NULL in the others.
  @Test func textIsBoundWithItsBytesAndMissingValuesAreNull() throws {
    let db = try database()
    try db.execute("CREATE TABLE t (a, b)")
    let insert = try db.prepare("INSERT INTO t VALUES (?, ?)")
    try insert.run([.text(""), .text("Zoë ✓ 東京")])
    try insert.run([.text("x")])
    #expect(
      try db.query("SELECT a, b, typeof(a), typeof(b), length(CAST(b AS BLOB)) FROM t ORDER BY rowid") == [
        [.text(""), .text("Zoë ✓ 東京"), .text("text"), .text("text"), .integer(15)],
        [.text("x"), .null, .text("text"), .text("null"), .null],
      ])
  }

  @Test func errorsCarrySQLitesOwnMessage() throws {
    let db = try database()
    let error = #expect(throws: SQLiteError.self) { try db.execute("SELEC 1") }
    #expect(error?.message.contains("syntax error") == true)
    let missing = #expect(throws: SQLiteError.self) { try db.prepare("SELECT * FROM nowhere") }
    #expect(missing?.message == "no such table: nowhere")
  }

  @Test func aTransactionThatThrowsLeavesNothing() throws {
    let db = try database()
    try db.execute("CREATE TABLE t (a INTEGER)")
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try db.transaction {
        try db.query("INSERT INTO t VALUES (1)")
        throw Boom()
      }
    }
    #expect(try db.query("SELECT count(*) FROM t") == [[.integer(0)]])
  }

  @Test func unopenableFileIsAnError() throws {
    let error = #expect(throws: SQLiteError.self) { try SQLiteDatabase(path: "/nonexistent-folder/x/db.sqlite") }
    #expect(error?.message.contains("/nonexistent-folder/x/db.sqlite") == true)
  }
}
