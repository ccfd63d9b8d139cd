import Foundation
import PipelineModel
import Testing

@testable import Stages

@Suite struct MappedRowTests {
  /// A row reads each field's cells, cleaned and without the empty ones, in mapping order,
  /// whether its layout is shared by the file's rows or made for it alone.
  @Test func fieldsReadTheirColumnsInMappingOrder() {
    let columns = ["email": [2, 0], "first_name": [1], "phone": [3], "notes": [9]]
    let fields = ["b@x.fr", "  Élodie\t", "a@x.fr", "   "]
    let shared = FieldLayout(columns)
    for row in [
      MappedRow(file: "f.csv", fileID: 1, fields: fields, line: 2, dateFormat: nil, columns: columns),
      MappedRow(file: "f.csv", fileID: 1, fields: fields, line: 2, dateFormat: nil, layout: shared),
    ] {
      #expect(row.values("email") == ["a@x.fr", "b@x.fr"])
      #expect(row.value("email") == "a@x.fr")
      #expect(row.value("first_name") == "Élodie")
      #expect(row.values("phone").isEmpty && row.value("phone") == nil)
      #expect(row.value("notes") == nil, "a column past the row's end reads as empty")
      #expect(row.values("city").isEmpty && row.value("city") == nil, "an unmapped field reads as empty")
    }
  }

  /// A cell with one value is taken whole; one with separators is split; both are cleaned.
  @Test func listsSplitOnlyAtTheirSeparators() {
    #expect(FieldParsing.list(["Lead", " VIP ,  Partner ;x", "", "a;b"]) == ["Lead", "VIP", "Partner", "x", "a", "b"])
    #expect(FieldParsing.list(["a;b", "c,d"], separators: ",") == ["a;b", "c", "d"])
    #expect(FieldParsing.list(["  Zoë  Müller "]) == ["Zoë Müller"])
  }

  /// Tab, line feed and carriage return are text; other bytes below 0x20 and 0x7F are not.
  @Test func controlBytesAreFoundInTheirField() {
    #expect(CSVImport.controlByte(in: ["a\tb", "line\r\nnext", "Zoë"]) == nil)
    #expect(CSVImport.controlByte(in: ["ok", "bad\u{01}", "\u{7F}"]).map { [$0.0, Int($0.1)] } == [1, 1])
    #expect(CSVImport.controlByte(in: ["\u{7F}x"]).map { [$0.0, Int($0.1)] } == [0, 0x7F])
    // A string Foundation made, whose bytes may not be stored together.
    let bridged = NSString(string: "é\u{1B}").substring(from: 0)
    #expect(CSVImport.controlByte(in: [bridged]).map { [$0.0, Int($0.1)] } == [0, 0x1B])
  }

  /// A manager is named by id, name or email, without case or accents; a form two users share
  /// names the first; the lookup follows a change of the users.
  @Test func usersAreFoundByAnyFoldedForm() throws {
    var settings = Settings(
      baseCurrency: "EUR", timeZone: .gmt, firstDayOfWeek: .monday,
      users: [
        User(id: "anna", name: "Anna Petrova", email: "Anna@Example.com"),
        User(id: "bob", name: "Anna", email: nil),
        User(id: "cleo", name: "Cléo Durand", email: "cleo@example.com"),
      ], dealStages: [])
    for (text, id) in [
      ("anna", "anna"), ("ANNA PETROVA", "anna"), ("anna@example.com", "anna"), ("Bob", "bob"), ("anna", "anna"),
      ("cleo durand", "cleo"), ("  Cléo   DURAND ", "cleo"), ("CLEO@example.com", "cleo"),
    ] {
      #expect(try FieldParsing.user(text, field: "responsible", settings: settings) == id, "\(text)")
    }
    #expect(throws: RowError.self) { try FieldParsing.user("zoe", field: "responsible", settings: settings) }
    settings.users.append(User(id: "zoe", name: "Zoé", email: nil))
    #expect(try FieldParsing.user("ZOE", field: "responsible", settings: settings) == "zoe")
  }
}
