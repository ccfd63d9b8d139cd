import CSVBridge
import Foundation
import Testing

@testable import Stages

@Suite struct PreparedBatchTests {
  /// A batch split among 1 to 3 workers gives each record its own row and result, in file order,
  /// whether rows are prepared one at a time or a worker's share at once, with records that
  /// have the wrong number of fields (no row, no result) among them.
  @Test func eachRecordKeepsItsOwnResultInOrder() throws {
    let layout = FieldLayout(["email": [0]])
    let records = (0..<1_000).map { line in
      CSVRecord(fields: line % 7 == 3 ? ["short"] : ["n\(line)@x.fr", "\(line)"], line: line + 2)
    }
    let makeRow: @Sendable (CSVRecord) -> MappedRow? = { record in
      guard record.fields.count == 2 else { return nil }
      return MappedRow(file: "f.csv", fileID: 1, fields: record.fields, line: record.line, dateFormat: nil, layout: layout)
    }
    let each = RowPreparer<String>(each: { row in
      guard row.line % 5 != 0 else { throw RowError(field: "email", reason: "line \(row.line)") }
      return row.value("email") ?? ""
    })
    let all = RowPreparer<String>(all: { rows in rows.map { row in each.prepareAll([row])[0] } })
    for preparer in [each, all] {
      for workers in [1, 2, 3] {
        let results = PreparedBatch(records: records, makeRow: makeRow, preparer: preparer, workers: workers).results()
        #expect(results.count == records.count)
        for (record, result) in zip(records, results) {
          #expect(result.raw == CSVWriter.record(record.fields))
          if record.fields.count != 2 {
            #expect(result.row == nil && result.prepared == nil)
          } else if record.line % 5 == 0 {
            #expect(throws: RowError.self) { try result.prepared?.get() }
          } else {
            #expect(result.row?.line == record.line)
            #expect(try result.prepared?.get() == record.fields[0])
          }
        }
      }
    }
  }
}
