import Foundation
import PipelineModel
import SQLiteBridge

public enum InvoiceStatus: String, Sendable, CaseIterable { case draft, sent, paid, rejected, archived }

/// An invoice as an import stage hands it to the warehouse, checked, with its totals.
public struct InvoiceRecord: Sendable, Equatable {
  public struct Line: Sendable, Equatable {
    public var product: String
    public var description: String?
    public var quantity: Decimal
    public var price: Decimal
    public var discountPercent: Decimal
    /// Up to two taxes: name and rate in percent.
    public var taxes: [(name: String, rate: Decimal)]
    public var net: Money
    public var amount: Money

    public init(
      product: String, description: String?, quantity: Decimal, price: Decimal, discountPercent: Decimal,
      taxes: [(name: String, rate: Decimal)], net: Money, amount: Money
    ) {
      (self.product, self.description, self.quantity, self.price) = (product, description, quantity, price)
      (self.discountPercent, self.taxes, self.net, self.amount) = (discountPercent, taxes, net, amount)
    }

    public static func == (a: Line, b: Line) -> Bool {
      a.product == b.product && a.description == b.description && a.quantity == b.quantity && a.price == b.price
        && a.discountPercent == b.discountPercent && a.taxes.map(\.name) == b.taxes.map(\.name)
        && a.taxes.map(\.rate) == b.taxes.map(\.rate) && a.net == b.net && a.amount == b.amount
    }
  }

  public var number: String
  public var status: InvoiceStatus
  public var statusChangedAt: Date
  public var issueDate: Date
  public var dueDate: Date?
  public var clientID: Int64
  public var consigneeID: Int64?
  public var dealID: Int64?
  public var responsibleID: String?
  public var language: String?
  public var currency: String
  public var exchangeRate: Decimal?
  public var orderNumber: String?
  public var terms: String?
  public var notes: String?
  public var subtotal: Money
  public var discount: Money
  public var tax: Money
  public var total: Money
  public var createdAt: Date
  public var lines: [Line]

  public init(
    number: String, status: InvoiceStatus, statusChangedAt: Date, issueDate: Date, clientID: Int64, currency: String,
    subtotal: Money, discount: Money, tax: Money, total: Money, createdAt: Date, lines: [Line]
  ) {
    (self.number, self.status, self.statusChangedAt, self.issueDate, self.clientID) =
      (number, status, statusChangedAt, issueDate, clientID)
    (self.currency, self.subtotal, self.discount, self.tax, self.total, self.createdAt, self.lines) =
      (currency, subtotal, discount, tax, total, createdAt, lines)
  }
}

extension Warehouse {
  static let invoiceColumns = [
    "number", "status", "status_changed_at", "issue_date", "due_date", "client_id", "consignee_id", "deal_id",
    "responsible_id", "language", "currency", "exchange_rate", "order_number", "terms", "notes", "subtotal_minor",
    "discount_minor", "tax_minor", "total_minor", "created_at",
  ]

  /// Inserts the invoice, or updates the one with the same number (a later status, say);
  /// its lines become the record's.
  public func upsertInvoice(_ invoice: InvoiceRecord) throws -> UpsertResult {
    let values: [SQLiteValue] = [
      .text(invoice.number), .text(invoice.status.rawValue), .text(DateText.utcText(invoice.statusChangedAt)),
      .text(DateText.utcText(invoice.issueDate)), SQLiteValue(invoice.dueDate.map(DateText.utcText)),
      .integer(invoice.clientID), SQLiteValue(invoice.consigneeID), SQLiteValue(invoice.dealID),
      SQLiteValue(invoice.responsibleID), SQLiteValue(invoice.language), .text(invoice.currency),
      SQLiteValue(invoice.exchangeRate.map { "\($0)" }), SQLiteValue(invoice.orderNumber), SQLiteValue(invoice.terms),
      SQLiteValue(invoice.notes), .integer(invoice.subtotal.minorUnits), .integer(invoice.discount.minorUnits),
      .integer(invoice.tax.minorUnits), .integer(invoice.total.minorUnits), .text(DateText.utcText(invoice.createdAt)),
    ]
    let existing = try run("SELECT id FROM invoices WHERE number = ?", [.text(invoice.number)])?.first?.int
    var result: UpsertResult
    if let existing {
      let assignments = Self.invoiceColumns.map { "\($0) = ?" }.joined(separator: ", ")
      let differs = Self.invoiceColumns.map { "\($0) IS NOT ?" }.joined(separator: " OR ")
      try run("UPDATE invoices SET \(assignments) WHERE id = ? AND (\(differs))", values + [.integer(existing)] + values)
      result = db.changes > 0 ? .updated(existing) : .unchanged(existing)
    } else {
      let placeholders = Self.invoiceColumns.map { _ in "?" }.joined(separator: ", ")
      try run("INSERT INTO invoices (\(Self.invoiceColumns.joined(separator: ", "))) VALUES (\(placeholders))", values)
      result = .inserted(db.lastInsertRowID)
    }
    let id: Int64
    switch result {
    case .inserted(let value), .updated(let value), .unchanged(let value): id = value
    }
    let lines: [[SQLiteValue]] = invoice.lines.enumerated().map { position, line in
      let tax = { (index: Int) -> [SQLiteValue] in
        index < line.taxes.count ? [.text(line.taxes[index].name), .text("\(line.taxes[index].rate)")] : [.null, .null]
      }
      return [
        .integer(Int64(position + 1)), .text(line.product), SQLiteValue(line.description), .text("\(line.quantity)"),
        .text("\(line.price)"), .text("\(line.discountPercent)"),
      ] + tax(0) + tax(1) + [.integer(line.net.minorUnits), .integer(line.amount.minorUnits)]
    }
    let stored = try rows(
      """
      SELECT position, product, description, quantity, price, discount_percent, tax1, tax1_rate, tax2, tax2_rate, net_minor,
        amount_minor
      FROM invoice_lines WHERE invoice_id = ? ORDER BY position
      """, [.integer(id)])
    if stored != lines {
      try run("DELETE FROM invoice_lines WHERE invoice_id = ?", [.integer(id)])
      for line in lines {
        try run(
          """
          INSERT INTO invoice_lines (invoice_id, position, product, description, quantity, price, discount_percent, tax1,
            tax1_rate, tax2, tax2_rate, net_minor, amount_minor)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """, [.integer(id)] + line)
      }
      if case .unchanged = result { result = .updated(id) }
    }
    return result
  }

  /// The number a new invoice gets: the prefix and the number after the highest one with
  /// that prefix, at the width of `next` (the reference CRM's rule, from the highest number
  /// rather than the latest invoice); `next` itself when there is none.
  public func nextInvoiceNumber(_ numbering: InvoiceNumbering) throws -> String {
    let numbers = try rows(
      "SELECT number FROM invoices WHERE substr(number, 1, ?) = ?",
      [
        .integer(Int64(numbering.prefix.count)), .text(numbering.prefix),
      ]
    ).compactMap { $0[0].string.flatMap { Int64($0.dropFirst(numbering.prefix.count)) } }
    let start = Int64(numbering.next) ?? 1
    let value = max(start, (numbers.max() ?? 0) + 1)
    let digits = String(value)
    return numbering.prefix + String(repeating: "0", count: max(numbering.next.count - digits.count, 0)) + digits
  }
}
