import Foundation
import PipelineModel
import PipelineTestSupport
import SQLiteBridge
import Stages
import Testing

/// Invoice arithmetic against hand-computed values, and `import.invoices` in both layouts.
@Suite struct InvoiceTests {
  let out = TestFiles.temporaryDirectory()

  static func d(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

  @Test func totalsAreRoundedOnceAndAddUp() {
    // A: 3 x 19.99 = 59.97, less 10 % (5.997) = 53.973; VAT 20 % 10.7946, eco 5.5 % 2.968515.
    // B: 1 x 0.05, VAT 20 % 0.01. Subtotal 60.02, discount 6.00 (5.997), tax 13.77 (13.773115),
    // total 60.02 - 6.00 + 13.77 = 67.79. The lines' own rounded amounts (67.74 + 0.06) add
    // up to 67.80: the total is not their sum.
    let lines = [
      InvoiceMath.Line(quantity: 3, price: Self.d("19.99"), discountPercent: 10, taxRates: [20, Self.d("5.5")]),
      InvoiceMath.Line(quantity: 1, price: Self.d("0.05"), taxRates: [20]),
    ]
    let eur = InvoiceMath.totals(lines, currency: "EUR", rounding: .halfEven)
    #expect([eur.subtotal, eur.discount, eur.tax, eur.total] == ["60.02", "6", "13.77", "67.79"].map(Self.d))
    #expect(eur.lines.map(\.net) == ["53.97", "0.05"].map(Self.d))
    #expect(eur.lines.map(\.amount) == ["67.74", "0.06"].map(Self.d))
    // JPY has no minor unit: 3 x 333 = 999, discount 5 % = 49.95 -> 50, tax 10 % of 949.05 = 94.905 -> 95.
    let yen = InvoiceMath.totals(
      [InvoiceMath.Line(quantity: 3, price: 333, discountPercent: 5, taxRates: [10])], currency: "JPY", rounding: .halfEven)
    #expect([yen.subtotal, yen.discount, yen.tax, yen.total] == [999, 50, 95, 1044])
    // A tie: half to even, or half up.
    let tie = [InvoiceMath.Line(quantity: 1, price: Self.d("0.125"))]
    #expect(InvoiceMath.totals(tie, currency: "EUR", rounding: .halfEven).total == Self.d("0.12"))
    #expect(InvoiceMath.totals(tie, currency: "EUR", rounding: .halfUp).total == Self.d("0.13"))
  }

  static let settings = """
    base_currency: EUR
    time_zone: Europe/Paris
    users: [{id: ana, name: Ana Lima}]
    taxes: [{name: VAT 20%, rate: 20}, {name: Eco, rate: 5.5}]
    products: [{name: Audit day, price: 950}, {name: Kit, price: 10}]
    invoice_numbering: {prefix: INV-, next_number: "0000001"}

    """

  static let contacts = "Kind,First,Last,Company,Email\nperson,Jean,Roux,,jean@roux.fr\ncompany,,,Globex GmbH,\n"

  static func stages(_ mapping: String) -> String {
    """
      - kind: import.contacts
        input: contacts.csv
        mapping: {type: Kind, first_name: First, last_name: Last, company_name: Company, email: Email}
      - kind: import.invoices
        id: invoices
        input: invoices/*.csv
        mapping: \(mapping)

    """
  }

  static let mapping =
    "{number: Number, status: Status, status_changed_at: Changed, issue_date: Issue Date, due_date: Due Date, client_email: Client, client_name: Client, currency: Currency, product: Product, quantity: Qty, price: Price, discount: Discount, tax1: Tax 1, tax2: Tax 2, stated_total: Total}"

  func strings(_ db: SQLiteDatabase, _ sql: String) throws -> [String] {
    try db.query(sql).map { row in row.map { $0.string ?? $0.int.map(String.init) ?? "" }.joined(separator: "|") }
  }

  @Test func oneFileWithALinePerItemNumbersLandsAndRejectsWholeInvoices() throws {
    let file = """
      Number,Status,Changed,Issue Date,Due Date,Client,Currency,Product,Qty,Price,Discount,Tax 1,Tax 2,Total
      INV-0000007,sent,2026-11-10,2026-11-01,2026-12-01,jean@roux.fr,EUR,Audit day,3,19.99,10,VAT 20%,Eco,67.79
      INV-0000007,,,,,,,Stamp,1,0.05,,vat 20%,,
      ,paid,2026-11-20,2026-11-15,,Globex GmbH,EUR,Audit day,1,,,,,970.01
      ,,,,,,,Kit,2,10,,,,
      INV-0000009,draft,,2026-11-16,,ghost@nowhere.fr,EUR,Kit,1,10,,,,
      INV-0000010,draft,,2026-11-16,,jean@roux.fr,EUR,Kit,1,10,,VAT 7%,,
      INV-0000010,,,,,,,Kit,-1,10,,,,
      INV-0000013,draft

      """
    let pipeline = try RunSupport.pipeline(
      stages: Self.stages(Self.mapping),
      files: ["settings.yml": Self.settings, "contacts.csv": Self.contacts, "invoices/2026-11.csv": file])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let stage = try #require(summary.stages.first { $0.stageID == "invoices" })
    #expect((stage.counts.read, stage.counts.inserted, stage.counts.skipped, stage.counts.rejected) == (8, 4, 0, 4))
    #expect(
      stage.warnings.map(\.message) == [
        "invoice INV-0000011: the file states total 970.01, computed 970.00 EUR (each figure rounded once, half-even); the computed one is kept"
      ])
    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    #expect(
      try strings(
        db,
        """
        SELECT i.number, i.status, i.status_changed_at, c.display_name, i.subtotal_minor, i.discount_minor, i.tax_minor,
          i.total_minor, (SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id)
        FROM invoices i JOIN contacts c ON c.id = i.client_id ORDER BY i.id
        """) == [
          "INV-0000007|sent|2026-11-09T23:00:00Z|Jean Roux|6002|600|1377|6779|2",
          "INV-0000011|paid|2026-11-19T23:00:00Z|Globex GmbH|97000|0|0|97000|2",
        ])
    #expect(
      try strings(
        db,
        "SELECT product, price, tax1, tax1_rate, tax2, net_minor, amount_minor FROM invoice_lines ORDER BY invoice_id, position")
        == [
          "Audit day|19.99|VAT 20%|20|Eco|5397|6774", "Stamp|0.05|VAT 20%|20||5|6", "Audit day|950||||95000|95000",
          "Kit|10||||2000|2000",
        ])
    let folder = (pipeline as NSString).deletingLastPathComponent
    let reasons = try strings(db, "SELECT line || ' ' || field || ': ' || reason FROM rejected_rows ORDER BY line").map {
      $0.replacingOccurrences(of: folder + "/", with: "")
    }
    #expect(
      reasons == [
        "6 client: no contact matches 'g***@n***.fr'; an invoice needs its client, import the contact first",
        "7 tax1: unknown tax 'VAT 7%'; expected one of: VAT 20%, Eco",
        "8 : invoice INV-0000010 not imported: invoices/2026-11.csv:7: unknown tax 'VAT 7%'; expected one of: VAT 20%, Eco",
        "9 : expected 14 fields as in the header, got 2",
      ])

    // A later export with INV-0000007 paid updates both its rows.
    let later = file.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n"
    try TestFiles.write(
      later.replacingOccurrences(of: "INV-0000007,sent,2026-11-10", with: "INV-0000007,paid,2026-11-25"),
      to: "invoices/2026-11-v2.csv", in: folder)
    let rerun = try RunSupport.run(pipeline, out: out)
    let again = try #require(rerun.stages.first { $0.stageID == "invoices" })
    #expect(again.counts.updated == 2)
    #expect(try strings(db, "SELECT status FROM invoices WHERE number = 'INV-0000007'") == ["paid"])
  }

  @Test func invoicesAndLinesInTwoFilesAreJoinedByNumber() throws {
    let invoices = """
      Number,Status,Issue Date,Client,Currency
      F-1,sent,2026-11-02,Jean Roux,JPY
      F-2,draft,2026-11-03,jean@roux.fr,EUR
      F-3,draft,2026-11-04,jean@roux.fr,EUR
      F-3,sent,2026-11-05,jean@roux.fr,EUR

      """
    let lines = """
      Number,Product,Qty,Price,Discount,Tax 1
      F-1,Kit,3,333,5%,VAT 20%
      F-9,Kit,1,10,,
      F-3,Kit,1,10,,

      """
    let pipeline = try RunSupport.pipeline(
      stages: Self.stages(Self.mapping),
      files: [
        "settings.yml": Self.settings, "contacts.csv": Self.contacts, "invoices/a-invoices.csv": invoices,
        "invoices/b-lines.csv": lines,
      ])
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let stage = try #require(summary.stages.first { $0.stageID == "invoices" })
    #expect((stage.counts.read, stage.counts.inserted, stage.counts.skipped, stage.counts.rejected) == (7, 2, 0, 5))
    let db = try SQLiteDatabase(path: "\(out)/w.sqlite")
    // 3 x 333 JPY = 999, less 5 % = 949.05 -> discount 50; VAT 20 % of 949.05 = 189.81 -> 190; total 1139.
    #expect(try strings(db, "SELECT number, currency, total_minor FROM invoices") == ["F-1|JPY|1139"])
    let folder = (pipeline as NSString).deletingLastPathComponent
    let reasons = try strings(db, "SELECT line || ' ' || field || ': ' || reason FROM rejected_rows ORDER BY file_id, line")
      .map { $0.replacingOccurrences(of: folder + "/", with: "") }
    #expect(
      reasons == [
        "3 product: invoice 'F-2' has no line (product, quantity, price)",
        "4 : invoice F-3 not imported: invoices/a-invoices.csv:5: number 'F-3' is already used by another invoice on line 4; a number is unique",
        "5 number: number 'F-3' is already used by another invoice on line 4; a number is unique",
        "3 number: no invoice row has number 'F-9' (issue date, client...); lines need their invoice",
        "4 : invoice F-3 not imported: invoices/a-invoices.csv:5: number 'F-3' is already used by another invoice on line 4; a number is unique",
      ])
    #expect(try strings(db, "SELECT count(*) FROM import_files WHERE stage_kind = 'import.invoices'") == ["2"])
  }
}
