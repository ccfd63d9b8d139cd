import CSVBridge
import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.invoices`: invoices and their lines, from one CSV with a line per item, or from
/// a file of invoices and a file of lines joined by invoice number.
///
/// Each file of `input` is read with the one `mapping`; a file with line fields (product,
/// quantity, price) but no invoice fields is a lines file, and a file with both holds whole
/// invoices, the invoice fields on each row or on the first row of each invoice only (a row
/// without a number and without invoice fields continues the invoice above; one without a
/// number but with invoice fields starts a new invoice, numbered from the settings'
/// `invoice_numbering`). The files of one run land together, in one transaction.
struct ImportInvoicesStage: Stage {
  static let invoiceFields = [
    "number", "status", "status_changed_at", "issue_date", "due_date", "client_email", "client_name", "consignee_email",
    "consignee_name", "deal", "responsible", "language", "currency", "exchange_rate", "order_number", "terms", "notes",
    "created", "stated_subtotal", "stated_discount", "stated_tax", "stated_total",
  ]
  static let lineFields = ["product", "description", "quantity", "price", "discount", "tax1", "tax2"]

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.invoices",
      summary: "Import invoices with their lines (one CSV with a line per item, or invoices and lines joined by number).",
      keys: CSVImportKeys.keys(
        fields: invoiceFields + lineFields,
        mappingExample: "{number: Invoice, issue_date: Date, client_email: Client, product: Item, quantity: Qty, price: Price}"
      ),
      example: """
        - kind: import.invoices
          input: ../SampleData/invoices/*.csv
          mapping:
            number: Number
            status: Status
            issue_date: Issue Date
            client_email: Client Email
            currency: Currency
            product: Product
            quantity: Quantity
            price: Price
            discount: Discount %
            tax1: Tax 1
            tax2: Tax 2
        """),
    build: { config, _ in ImportInvoicesStage(config: config) })

  let config: StageConfig

  /// A data row, where it came from, and what it holds.
  struct Row {
    var file: Int
    var line: Int
    var raw: String
    var values: MappedRow
    var hasInvoiceFields: Bool
    var hasLineFields: Bool
    /// Why the row cannot be read at all (not the header's number of fields), if so.
    var unreadable: String?
  }

  func run(_ context: RunContext) throws -> StageSummary {
    let csv = CSVImport(config: config)
    let files = FileImport(config: config)
    var warnings: [Diagnostic] = []
    var summary = try files.runTogether(context) { paths, landings, notes in
      var rows: [Row] = []
      for (index, path) in paths.enumerated() {
        rows += try read(path, index: index, landing: landings[index], csv: csv, notes: &notes)
      }
      let builder = InvoiceBuilder(context: context, stage: config.kind)
      let displays = landings.map(\.display)
      for row in rows {
        guard let reason = row.unreadable else { continue }
        try landings[row.file].land(line: row.line, raw: row.raw) { throw RowError(field: "", reason: reason) }
      }
      for group in try groups(rows.filter { $0.unreadable == nil }, context: context) {
        let result = Result { () throws -> (InvoiceRecord, [RowError], [Diagnostic]) in try builder.invoice(group) }
        // Every row of an invoice shares its one upsert's outcome.
        var outcome: RowOutcome?
        for row in group.rows {
          try landings[row.file].land(line: row.line, raw: row.raw) {
            switch result {
            case .success(let (invoice, dropped, _)):
              let shared = try outcome ?? RowOutcome(upsert: context.warehouse.upsertInvoice(invoice), entity: "invoice")
              outcome = shared
              let isHeader = row.line == group.header?.line && row.file == group.header?.file
              return RowResult(outcomes: [shared], dropped: isHeader ? dropped : [])
            case .failure(let error as InvoiceError) where error.line == row.line && error.file == row.file:
              throw error.error
            case .failure(let error as InvoiceError):
              throw RowError(
                field: "",
                reason: "invoice \(group.number) not imported: \(displays[error.file]):\(error.line): \(error.error.reason)")
            case .failure(let error):
              throw error
            }
          }
        }
        if case .success(let (_, _, stated)) = result { warnings += stated }
      }
    }
    for warning in warnings { summary.warn(warning) }
    return summary
  }

  /// The file's rows, mapped; says how the file was read.
  private func read(_ path: String, index: Int, landing: RowLanding, csv: CSVImport, notes: inout [Diagnostic]) throws
    -> [Row]
  {
    let display = landing.display
    let dialect = try csv.dialect(of: path)
    let mapping = (config["mapping"]?.columns ?? []).map { (field: $0.field, headers: $0.headers) }
    var rows: [Row] = []
    var header: [String]?
    var columns = ColumnPlan.Resolved(columns: [:], unmapped: [])
    var dateFormat: DateFormat?
    do {
      try CSVReader(path: path, dialect: dialect).forEachRecord { record in
        guard let names = header else {
          header = record.fields
          // Every mapped column is optional here: a lines file has no invoice fields, and the other way round.
          columns = try ColumnPlan(preset: mapping, mapping: []).resolve(record.fields, display: display, stage: config.kind)
          guard columns.columns["number"] != nil || columns.columns["product"] != nil else {
            throw csv.stageError(
              "no mapped column is in this file's header (\(record.fields.prefix(8).joined(separator: ", "))); check the mapping",
              at: SourceLocation(file: display, line: record.line))
          }
          dateFormat = try csv.dateOrder(of: path, display: display, dialect: dialect, columns: columns.columns)
          notes.append(Diagnostic(.note, at: SourceLocation(file: display, line: 1), stage: config.kind, "read as \(dialect)"))
          return
        }
        let raw = CSVWriter.record(record.fields)
        let values = MappedRow(
          file: display, fileID: landing.fileID, fields: record.fields, line: record.line, dateFormat: dateFormat,
          columns: columns.columns)
        rows.append(
          Row(
            file: index, line: record.line, raw: raw, values: values,
            hasInvoiceFields: Self.invoiceFields.dropFirst().contains { values.value($0) != nil },
            hasLineFields: Self.lineFields.contains { values.value($0) != nil },
            unreadable: record.fields.count == names.count
              ? nil : "expected \(names.count) fields as in the header, got \(record.fields.count)"))
      }
    } catch let error as CSVError {
      throw csv.files.unreadable(error, display: display, header: header, together: true)
    }
    return rows
  }

  /// One invoice's rows: its header row (nil when only lines came), and its line rows.
  struct Group {
    var number: String
    var header: Row?
    var lines: [Row]
    var rows: [Row]
    /// Another header row with the same number: the number is used twice.
    var duplicate: Row?
  }

  private func groups(_ rows: [Row], context: RunContext) throws -> [Group] {
    let numbering = context.settings.lists.invoiceNumbering
    var order: [String] = []
    var groups: [String: Group] = [:]
    var previous: String?
    // Numbers given later in the same files count too: the next free one is after all of them.
    let given = rows.compactMap { $0.values.value("number") }.filter { $0.hasPrefix(numbering.prefix) }
    var next: String? = try given.map { Self.increment($0, numbering) }.max().map { batch in
      max(batch, try context.warehouse.nextInvoiceNumber(numbering))
    }
    for row in rows {
      var number = row.values.value("number")
      if number == nil, row.hasInvoiceFields {
        // A new invoice without a number: the next one of the settings' numbering.
        var candidate = try next ?? context.warehouse.nextInvoiceNumber(numbering)
        while groups[candidate] != nil { candidate = Self.increment(candidate, numbering) }
        number = candidate
        next = Self.increment(candidate, numbering)
      }
      guard let number = number ?? previous else {
        let orphan = "(row \(row.line) of file \(row.file))"
        order.append(orphan)
        groups[orphan] = Group(number: "(no number)", header: nil, lines: [row], rows: [row])
        continue
      }
      previous = number
      if groups[number] == nil {
        order.append(number)
        groups[number] = Group(number: number, header: nil, lines: [], rows: [])
      }
      groups[number]?.rows.append(row)
      if row.hasInvoiceFields {
        // Invoice fields repeated on each line of an invoice are one header; different ones
        // under the same number are two invoices with one number.
        if let first = groups[number]?.header {
          let same = Self.invoiceFields.allSatisfy { first.values.value($0) == row.values.value($0) }
          if !same, groups[number]?.duplicate == nil { groups[number]?.duplicate = row }
        } else {
          groups[number]?.header = row
        }
      }
      if row.hasLineFields { groups[number]?.lines.append(row) }
    }
    return order.compactMap { groups[$0] }
  }

  /// `INV-0000042` after `INV-0000041`, at the numbering's width.
  static func increment(_ number: String, _ numbering: InvoiceNumbering) -> String {
    let value = (Int64(number.dropFirst(numbering.prefix.count)) ?? 0) + 1
    let digits = String(value)
    return numbering.prefix + String(repeating: "0", count: max(numbering.next.count - digits.count, 0)) + digits
  }
}

/// Why an invoice was refused, and the row that made it so.
struct InvoiceError: Error {
  var file: Int
  var line: Int
  var error: RowError
}
