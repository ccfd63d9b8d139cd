/// Column mappings for deal exports: the reference CRM's opportunities file.
///
/// Its captions are localised and were not all collected (input-formats.md, 3.5): each field
/// accepts the English captions of its export and deal import, and a mapping can add others.
enum DealPreset: String, CaseIterable, Sendable, ColumnPreset {
  case onlyoffice

  /// Headers that together identify the export; each group needs one of its names.
  var signature: [[String]] {
    [["Opportunity Stage", "Stage", "Current Stage"], ["Bid Type", "Budget Type"]]
  }

  var mapping: [(field: String, headers: [String])] {
    [
      ("title", ["Opportunity Title", "Title", "Name"]), ("contact_name", ["Client", "Contact", "Opportunity Contact"]),
      ("description", ["Description"]), ("bid_currency", ["Currency"]),
      ("bid_value", ["Budget", "Amount", "Opportunity Amount", "Bid Amount"]), ("bid_type", ["Bid Type", "Budget Type"]),
      ("period_count", ["Per Period Value", "Bid Type Period", "Period"]),
      ("responsible", ["Responsible", "Opportunity Responsible"]),
      ("expected_close_date", ["Expected Close Date", "Estimated Deal Due Date"]),
      ("actual_close_date", ["Actual Close Date"]), ("stage", ["Opportunity Stage", "Stage", "Current Stage"]),
      ("probability", ["Probability of Winning", "Probability"]),
      ("participants", ["Other Participants", "Members", "Participants"]), ("tags", ["Tags", "Tag List"]),
      ("created", ["Created", "Creation Date"]),
    ]
  }

  /// The preset named in the stage, or with `auto` the one that fits the header.
  static func lookup(_ name: String, header: [String]) -> (name: String, mapping: [(field: String, headers: [String])])? {
    let preset = name == "auto" ? allCases.first { $0.fit(header) > 0 } : DealPreset(rawValue: name)
    return preset.map { ($0.rawValue, $0.mapping) }
  }
}
