import Foundation
import PipelineModel
import SQLiteBridge

/// A golden contact with everything that made it: its fields, details, the source rows
/// linked to it (with the rule and score of each link) and the contacts merged into it.
public struct ContactExplanation: Sendable {
  public struct Source: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var action: String
    public var rule: String?
    public var score: Double?
    public var raw: String
    /// The link's evidence field by field, as JSON (`{"prior":-17.2,"first_name":["exact",8.1],...}`).
    public var evidence: String?
  }

  public struct Merge: Sendable, Equatable {
    public var fromID: Int64
    public var rule: String
    public var score: Double
    public var file: String
    public var line: Int
  }

  public var id: Int64
  public var fields: [(name: String, value: String)]
  public var emails: [String]
  public var phones: [(raw: String, e164: String?, problem: String?)]
  public var tags: [String]
  public var sources: [Source]
  public var merges: [Merge]
  /// Pairs with this contact left to a person, decided or not.
  public var pairs: [PossibleDuplicateRow] = []
}

extension Warehouse {
  /// Where a contact that no longer exists went: the contact it was merged into, and why.
  public func mergedInto(_ id: Int64) throws -> (into: Int64, rule: String, file: String, line: Int)? {
    guard
      let row = try run(
        """
        SELECT m.into_id, m.rule, f.path, m.line FROM contact_merges m JOIN import_files f ON f.id = m.file_id
        WHERE m.from_id = ? ORDER BY m.id DESC LIMIT 1
        """, [.integer(id)])
    else { return nil }
    return (row[0].int ?? 0, row[1].string ?? "", row[2].string ?? "", Int(row[3].int ?? 0))
  }

  public func explainContact(_ id: Int64) throws -> ContactExplanation? {
    let columns = [
      "kind", "first_name", "last_name", "company_name", "job_title", "contact_type", "temperature", "currency", "access",
      "notes", "created_at",
    ]
    guard let row = try run("SELECT \(columns.joined(separator: ", ")), company_id FROM contacts WHERE id = ?", [.integer(id)])
    else { return nil }
    var fields: [(String, String)] = zip(columns, row).compactMap { name, value in value.string.map { (name, $0) } }
    if let company = row[columns.count].int { fields.append(("company_id", String(company))) }
    let emails = try rows("SELECT email FROM contact_emails WHERE contact_id = ? ORDER BY position", [.integer(id)]).compactMap {
      $0[0].string
    }
    let phones = try rows(
      "SELECT phone, e164, problem FROM contact_phones WHERE contact_id = ? ORDER BY position", [.integer(id)]
    ).map {
      ($0[0].string ?? "", $0[1].string, $0[2].string)
    }
    let tags = try rows(
      "SELECT t.name FROM contact_tags c JOIN tags t ON t.id = c.tag_id WHERE c.contact_id = ? ORDER BY t.name", [.integer(id)]
    ).compactMap { $0[0].string }
    let sources = try rows(
      """
      SELECT f.path, s.line, s.action, s.rule, s.score, s.raw, s.evidence FROM source_rows s JOIN import_files f ON f.id = s.file_id
      WHERE s.entity = 'contact' AND s.entity_id = ? ORDER BY s.id
      """, [.integer(id)]
    ).map {
      ContactExplanation.Source(
        file: $0[0].string ?? "", line: Int($0[1].int ?? 0), action: $0[2].string ?? "", rule: $0[3].string,
        score: $0[4].real, raw: $0[5].string ?? "", evidence: $0[6].string)
    }
    let merges = try rows(
      """
      SELECT m.from_id, m.rule, m.score, f.path, m.line FROM contact_merges m JOIN import_files f ON f.id = m.file_id
      WHERE m.into_id = ? ORDER BY m.id
      """, [.integer(id)]
    ).map {
      ContactExplanation.Merge(
        fromID: $0[0].int ?? 0, rule: $0[1].string ?? "",
        score: { if case .real(let v) = $0 { return v } else { return 0 } }($0[2]), file: $0[3].string ?? "",
        line: Int($0[4].int ?? 0))
    }
    var explanation = ContactExplanation(
      id: id, fields: fields, emails: emails, phones: phones, tags: tags, sources: sources, merges: merges)
    explanation.pairs = try possibleDuplicates(status: nil).filter { $0.contactID == id || $0.otherID == id }
    return explanation
  }
}

extension Warehouse {
  /// The custom fields kept for a contact, by name.
  public func customFields(_ id: Int64) throws -> [String: String] {
    var fields: [String: String] = [:]
    for row in try rows("SELECT name, value FROM contact_custom_fields WHERE contact_id = ?", [.integer(id)]) {
      if let name = row[0].string, let value = row[1].string { fields[name] = value }
    }
    return fields
  }
}
