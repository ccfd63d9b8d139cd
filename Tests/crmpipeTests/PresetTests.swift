import Foundation
import PipelineModel
import PipelineTestSupport
import Stages
import Testing
import Warehouse

/// Each preset on a small file shaped like the real export, and the French Excel file.
@Suite struct PresetTests {
  struct Case: Sendable, CustomStringConvertible {
    var file: String
    var preset: String
    var dialect: String
    /// "display name | emails | E.164 phones | city" of each person, sorted.
    var persons: [String]
    var description: String { file }
  }

  static let cases: [Case] = [
    Case(
      file: "onlyoffice.csv", preset: "onlyoffice", dialect: "utf-8, delimiter ',', LF",
      persons: ["Élodie Martin | elodie.martin@acme.fr | +33612345678 | Paris"]),
    Case(
      file: "google.csv", preset: "google", dialect: "utf-8 with BOM, delimiter ',', LF",
      persons: [
        "Sam Okafor | sam@harbour.co.uk, sam.okafor@harbour.co.uk | +447911123456 | Bristol",
        "noname@example.org | noname@example.org |  | ",
      ]),
    Case(
      file: "google-legacy.csv", preset: "google-legacy", dialect: "utf-8, delimiter ',', LF",
      persons: ["Jürgen Müller | j.mueller@bauer-gmbh.de | +49301234567 | "]),
    Case(
      file: "outlook.csv", preset: "outlook", dialect: "utf-8, delimiter ',', CRLF",
      persons: ["Megan Jackson | megan.jackson@peachtreehealth.com | +14045552368, +14048721234 | Atlanta"]),
    Case(
      file: "outlook-fr.csv", preset: "outlook-fr", dialect: "windows-1252, delimiter ';', CRLF",
      persons: ["François Lefèvre | f.lefevre@oenologie-berard.fr | +33380123456, +33698765432 | Dijon"]),
    Case(
      file: "hubspot.csv", preset: "hubspot", dialect: "utf-8, delimiter ',', LF",
      persons: ["Priya Sharma | priya@techno.in | +919876543210 | Bengaluru", "Wei Chen | wei@example.cn |  | "]),
  ]

  func persons(_ warehouse: Warehouse) throws -> [String] {
    try warehouse.contactMatchData().filter { $0.kind == .person }.compactMap { data -> String? in
      guard let e = try warehouse.explainContact(data.id) else { return nil }
      let name = [e.fields.first { $0.name == "first_name" }?.value, e.fields.first { $0.name == "last_name" }?.value]
        .compactMap { $0 }.joined(separator: " ")
      let display = name.isEmpty ? e.emails.first ?? "" : name
      return [
        display, e.emails.joined(separator: ", "), e.phones.compactMap(\.e164).joined(separator: ", "), data.cities.joined(),
      ]
      .joined(separator: " | ")
    }.sorted()
  }

  @Test(arguments: cases)
  func autoPresetReadsTheExport(_ test: Case) throws {
    let out = TestFiles.temporaryDirectory()
    let stage = "  - kind: import.contacts\n    input: \(TestFiles.fixture("csv/presets/\(test.file)"))\n    preset: auto\n"
    let summary = try RunSupport.run(try RunSupport.pipeline(stages: stage, files: [:]), out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let notes = summary.stages.first?.notes.map(\.message) ?? []
    // HubSpot's export has columns its preset does not read; `auto` maps them by their names.
    let extra = test.preset == "hubspot" ? " and common header names" : ""
    #expect(notes.first == "read as \(test.dialect), preset \(test.preset)\(extra)")
    #expect(try persons(try Warehouse(path: "\(out)/w.sqlite")) == test.persons)
  }

  @Test func theFrenchExcelFileImportsWithoutAnyReadingOption() throws {
    let out = TestFiles.temporaryDirectory()
    let file = TestFiles.fixture("csv/presets/excel-fr.csv")
    let guess = try ContactGuess.guess(path: file)
    #expect(guess.dateOrder == "dd/mm/yyyy")
    // The stage block `crmpipe guess` prints, pasted as is.
    let summary = try RunSupport.run(try RunSupport.pipeline(stages: guess.stageBlock(input: file) + "\n", files: [:]), out: out)
    #expect(summary.failure == nil, "\(summary.failure?.description ?? "")")
    let stage = try #require(summary.stages.first)
    #expect(stage.notes.map(\.message) == ["read as windows-1252, delimiter ';', CRLF"])
    #expect(
      stage.warnings.map(\.message) == [
        "columns not imported: 'Chiffre d'affaires'; map them, or set keep_unmapped: true to keep them as custom fields"
      ])
    let w = try Warehouse(path: "\(out)/w.sqlite")
    #expect(
      try persons(w) == [
        "Noël Brûlé | noel.brule@oeuvres.fr | +33472000000 | Lyon",
        "Zoé Ndiaye | zoe.ndiaye@cafe-lumiere.fr | +33611223344 | Lyon",
      ])
    let zoeID = try #require(try w.contactID(email: "zoe.ndiaye@cafe-lumiere.fr"))
    let zoe = try #require(try w.explainContact(zoeID))
    #expect(zoe.fields.first { $0.name == "created_at" }?.value == "2024-03-04T23:00:00Z")  // 5 March, Paris time
    #expect(zoe.fields.first { $0.name == "company_name" }?.value == "Café Lumière")
  }

  @Test func unmappedColumnsCanBeKeptAsCustomFields() throws {
    let out = TestFiles.temporaryDirectory()
    let stage = """
        - kind: import.contacts
          input: \(TestFiles.fixture("csv/presets/hubspot.csv"))
          preset: hubspot
          keep_unmapped: true
          mapping: {external_id: Record ID}

      """
    let summary = try RunSupport.run(try RunSupport.pipeline(stages: stage, files: [:]), out: out)
    #expect(
      summary.stages.first?.notes.map(\.message).last
        == "kept as custom fields: 'Lifecycle Stage', 'Lead Status', 'Contact owner'")
    let w = try Warehouse(path: "\(out)/w.sqlite")
    let priya = try #require(try w.contactID(email: "priya@techno.in"))
    #expect(
      try w.customFields(priya) == [
        "Contact owner": "Alice Martin", "Lead Status": "OPEN_DEAL", "Lifecycle Stage": "customer",
      ])
  }

  @Test(arguments: [
    ("1234.56", "1234.56"), ("1234,56", "1234.56"), ("1 234,56", "1234.56"), ("1\u{202F}234,56", "1234.56"),
    ("1,234.56", "1234.56"), ("1.234,56", "1234.56"), ("1'234.50", "1234.5"), ("12,5", "12.5"), ("1.234.567", "1234567"),
  ])
  func amountsAsSpreadsheetsWriteThem(text: String, value: String) {
    #expect(DecimalText.parseAmount(text) == Decimal(string: value))
  }

  @Test(arguments: ["1,234", "12.5abc", "", "1,2,3.4.5", "abc"])
  func textThatIsNotAnAmountUnambiguously(text: String) {
    #expect(DecimalText.parseAmount(text) == nil)
  }

  @Test(
    arguments: [
      ("2024-03-12 09:14", nil, "2024-03-12T08:14:00Z"),
      ("3/15/2024 2:30 PM", nil, "2024-03-15T13:30:00Z"),
      ("12/03/2024", DateFormat.dmy, "2024-03-11T23:00:00Z"),
      ("12/03/2024", DateFormat.mdy, "2024-12-02T23:00:00Z"),
      ("12.03.2024", DateFormat.dmy, "2024-03-11T23:00:00Z"),
      ("2024-03-12T09:14:00+02:00", DateFormat.mdy, "2024-03-12T07:14:00Z"),
    ] as [(String, DateFormat?, String)])
  func datesInTheFormatsInUse(text: String, format: DateFormat?, utc: String) throws {
    let settings = Settings(
      baseCurrency: "EUR", timeZone: TimeZone(identifier: "Europe/Paris") ?? .current, firstDayOfWeek: .monday, users: [],
      dealStages: [])
    let date = try StagesTesting.parseDate(text, format: format, settings: settings)
    #expect(DateText.utcText(date) == utc)
  }

  @Test(
    arguments: [
      ("05/03/2024", nil, "ambiguous"), ("31/02/2025", DateFormat.dmy, "not a real date"), ("2024-13-01", nil, "not a real date"),
    ]
      as [(String, DateFormat?, String)])
  func impossibleOrAmbiguousDatesAreRefusedWithAReason(text: String, format: DateFormat?, reason: String) {
    let settings = Settings(baseCurrency: "EUR", timeZone: DateText.utc, firstDayOfWeek: .monday, users: [], dealStages: [])
    #expect(throws: (any Error).self) { try StagesTesting.parseDate(text, format: format, settings: settings) }
    #expect(StagesTesting.dateProblem(text, format: format, settings: settings)?.contains(reason) == true)
  }
}
