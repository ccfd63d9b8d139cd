import Foundation
import PipelineModel
import Warehouse

/// Turns the rows of one invoice into a checked `InvoiceRecord` with its totals.
///
/// An invoice needs its issue date, a client found among the contacts, and at least one
/// line; a line needs a product, a quantity of at least 0, a price (the catalogue's when the
/// file gives none and the currencies agree), a discount from 0 to 100 percent and taxes the
/// settings know. The first problem refuses the whole invoice, naming its row. A consignee or
/// deal that finds nothing is dropped with its reason; stated totals that disagree with the
/// computed ones are reported as warnings.
struct InvoiceBuilder {
  let context: RunContext
  let stage: String

  private static let statuses: [String: InvoiceStatus] = [
    "draft": .draft, "brouillon": .draft, "sent": .sent, "billed": .sent, "facturee": .sent, "paid": .paid,
    "payee": .paid, "rejected": .rejected, "rejetee": .rejected, "archived": .archived, "archive": .archived,
  ]

  func invoice(_ group: ImportInvoicesStage.Group) throws -> (InvoiceRecord, [RowError], [Diagnostic]) {
    let settings = context.settings
    guard let headerRow = group.header else {
      let first = group.rows[0]
      throw InvoiceError(
        file: first.file, line: first.line,
        error: RowError(
          field: "number",
          reason: "no invoice row has number '\(group.number)' (issue date, client...); lines need their invoice"))
    }
    if let duplicate = group.duplicate {
      throw InvoiceError(
        file: duplicate.file, line: duplicate.line,
        error: RowError(
          field: "number",
          reason: "number '\(group.number)' is already used by another invoice on line \(headerRow.line); a number is unique"))
    }
    func fail(_ row: ImportInvoicesStage.Row, _ body: () throws -> Void) throws {
      do { try body() } catch let error as RowError { throw InvoiceError(file: row.file, line: row.line, error: error) }
    }
    let header = headerRow.values
    var dropped: [RowError] = []
    var record: InvoiceRecord?
    try fail(headerRow) {
      guard let issueText = header.value("issue_date") else {
        throw RowError(field: "issue_date", reason: "an invoice needs its issue date")
      }
      let issue = try FieldParsing.date(issueText, field: "issue_date", format: header.dateFormat, settings: settings)
      let status =
        try header.value("status").map { text throws(RowError) -> InvoiceStatus in
          guard let status = Self.statuses[TextFolding.key(text)] else {
            throw RowError(
              field: "status", reason: "expected draft, sent, paid, rejected or archived (or Billed, Payée...), got '\(text)'")
          }
          return status
        } ?? .draft
      let changed =
        try header.value("status_changed_at").map {
          try FieldParsing.date($0, field: "status_changed_at", format: header.dateFormat, settings: settings)
        } ?? issue
      let clientEmails = FieldParsing.list(header.values("client_email"))
      guard
        let client = try ContactReference.find(emails: clientEmails, name: header.value("client_name"), in: context.warehouse)
      else {
        let given = clientEmails.first.map(Masking.mask) ?? header.value("client_name") ?? ""
        throw RowError(
          field: "client",
          reason: given.isEmpty
            ? "an invoice needs its client (client_email or client_name)"
            : "no contact matches '\(given)'; an invoice needs its client, import the contact first")
      }
      let currency =
        try header.value("currency").map { try FieldParsing.currency($0, field: "currency") } ?? settings.baseCurrency
      let zero = Money(minorUnits: 0, currency: currency)
      var invoice = InvoiceRecord(
        number: group.number, status: status, statusChangedAt: changed, issueDate: issue, clientID: client,
        currency: currency, subtotal: zero, discount: zero, tax: zero, total: zero,
        createdAt: try header.value("created").map {
          try FieldParsing.date($0, field: "created", format: header.dateFormat, settings: settings)
        } ?? issue, lines: [])
      invoice.dueDate = try header.value("due_date").map {
        try FieldParsing.dueDate($0, field: "due_date", format: header.dateFormat, settings: settings)
      }
      if let text = header.value("exchange_rate") {
        guard let rate = DecimalText.parse(text), rate > 0 else {
          throw RowError(field: "exchange_rate", reason: "expected a positive rate such as 1.0543, got '\(text)'")
        }
        invoice.exchangeRate = rate
      }
      invoice.responsibleID = try header.value("responsible").map {
        try FieldParsing.user($0, field: "responsible", settings: settings)
      }
      (invoice.language, invoice.orderNumber, invoice.terms, invoice.notes) =
        (header.value("language"), header.value("order_number"), header.value("terms"), header.value("notes"))
      if header.value("consignee_email") != nil || header.value("consignee_name") != nil {
        invoice.consigneeID = try ContactReference.find(
          emails: FieldParsing.list(header.values("consignee_email")), name: header.value("consignee_name"),
          in: context.warehouse)
        if invoice.consigneeID == nil {
          dropped.append(RowError(field: "consignee", reason: "no contact matches the consignee; it is left out"))
        }
      }
      if let deal = header.value("deal") {
        invoice.dealID = try context.warehouse.dealID(reference: deal)
        if invoice.dealID == nil {
          dropped.append(RowError(field: "deal", reason: "no deal matches '\(deal)'; the invoice is kept without it"))
        }
      }
      record = invoice
    }
    guard var invoice = record else {
      throw InvoiceError(file: headerRow.file, line: headerRow.line, error: RowError(field: "", reason: ""))
    }
    guard !group.lines.isEmpty else {
      throw InvoiceError(
        file: headerRow.file, line: headerRow.line,
        error: RowError(field: "product", reason: "invoice '\(group.number)' has no line (product, quantity, price)"))
    }
    var maths: [InvoiceMath.Line] = []
    var lines: [(row: ImportInvoicesStage.Row, taxes: [(name: String, rate: Decimal)])] = []
    for row in group.lines {
      try fail(row) {
        let (line, taxes) = try self.line(row.values, currency: invoice.currency)
        maths.append(line)
        lines.append((row, taxes))
      }
    }
    let totals = InvoiceMath.totals(maths, currency: invoice.currency, rounding: settings.rounding)
    /// An amount in minor units; one that does not fit (1e20 × 1e20) rejects the invoice
    /// instead of being stored as 0.
    func money(_ value: Decimal, _ what: String) throws -> Money {
      guard let money = Money(value, currency: invoice.currency) else {
        throw InvoiceError(
          file: headerRow.file, line: headerRow.line,
          error: RowError(
            field: "total",
            reason:
              "invoice '\(group.number)': its \(what) \(value) is too large to store (at most 92,233,720,368,547,758.07); check the quantities and prices"
          ))
      }
      return money
    }
    (invoice.subtotal, invoice.discount, invoice.tax, invoice.total) = (
      try money(totals.subtotal, "subtotal"), try money(totals.discount, "discount"), try money(totals.tax, "tax"),
      try money(totals.total, "total")
    )
    invoice.lines = []
    for (pair, rounded) in zip(zip(lines, maths), totals.lines) {
      let ((row, taxes), math) = pair
      invoice.lines.append(
        InvoiceRecord.Line(
          product: row.values.value("product") ?? "", description: row.values.value("description"), quantity: math.quantity,
          price: math.price, discountPercent: math.discountPercent, taxes: taxes, net: try money(rounded.net, "line net"),
          amount: try money(rounded.amount, "line amount")))
    }
    return (invoice, dropped, statedTotals(header, invoice: invoice))
  }

  /// One line: its arithmetic and its named taxes.
  private func line(_ row: MappedRow, currency: String) throws(RowError) -> (InvoiceMath.Line, [(name: String, rate: Decimal)]) {
    let settings = context.settings
    guard let product = row.value("product") else { throw RowError(field: "product", reason: "a line needs its product") }
    let catalogue = settings.lists.products.first { TextFolding.key($0.name) == TextFolding.key(product) }
    guard let quantityText = row.value("quantity") else { throw RowError(field: "quantity", reason: "a line needs its quantity") }
    guard let quantity = DecimalText.parseAmount(quantityText), quantity >= 0 else {
      throw RowError(field: "quantity", reason: "expected a quantity of at least 0 such as 2 or 1.5, got '\(quantityText)'")
    }
    let price: Decimal
    if let text = row.value("price") {
      guard let value = DecimalText.parseAmount(text), value >= 0 else {
        throw RowError(field: "price", reason: "expected a price of at least 0 such as 950.00 or 950,00, got '\(text)'")
      }
      price = value
    } else if let catalogue, catalogue.price.currency == currency {
      price = catalogue.price.decimal
    } else {
      throw RowError(
        field: "price",
        reason: catalogue == nil
          ? "a line needs its price ('\(product)' is not in the settings' products)"
          : "a line needs its price (the catalogue's is in \(catalogue?.price.currency ?? ""), the invoice in \(currency))")
    }
    var discount: Decimal = 0
    if let text = row.value("discount") {
      let cleaned = text.hasSuffix("%") ? text.dropLast().trimmedSpaces : text
      guard let value = DecimalText.parseAmount(cleaned), value >= 0, value <= 100 else {
        throw RowError(field: "discount", reason: "expected a discount from 0 to 100 percent, got '\(text)'")
      }
      discount = value
    }
    var taxes: [(name: String, rate: Decimal)] = []
    for field in ["tax1", "tax2"] {
      guard let name = row.value(field) else { continue }
      guard let tax = settings.lists.taxes.first(where: { TextFolding.key($0.name) == TextFolding.key(name) }) else {
        let known = settings.lists.taxes.map(\.name)
        throw RowError(
          field: field,
          reason: "unknown tax '\(name)'; "
            + (known.isEmpty ? "the settings list no taxes" : "expected one of: \(known.joined(separator: ", "))"))
      }
      taxes.append((tax.name, tax.rate))
    }
    return (InvoiceMath.Line(quantity: quantity, price: price, discountPercent: discount, taxRates: taxes.map(\.rate)), taxes)
  }

  /// A warning for each total the file states that the computed one contradicts.
  private func statedTotals(_ header: MappedRow, invoice: InvoiceRecord) -> [Diagnostic] {
    let computed: [(field: String, value: Money)] = [
      ("stated_subtotal", invoice.subtotal), ("stated_discount", invoice.discount), ("stated_tax", invoice.tax),
      ("stated_total", invoice.total),
    ]
    return computed.compactMap { field, value in
      guard let text = header.value(field), let stated = DecimalText.parseAmount(text), stated != value.decimal else {
        return nil
      }
      return Diagnostic(
        .warning, at: SourceLocation(file: header.file, line: header.line), stage: stage,
        "invoice \(invoice.number): the file states \(field.dropFirst(7)) \(text), computed \(value) (each figure rounded once, \(context.settings.rounding.rawValue)); the computed one is kept"
      )
    }
  }
}
