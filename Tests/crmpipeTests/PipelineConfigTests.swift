import Foundation
import PipelineConfig
import PipelineModel
import PipelineTestSupport
import Stages
import Testing

@Suite struct PipelineConfigTests {
  /// Every problem of `yaml`, rendered as the CLI prints them.
  func problems(_ yaml: String, environment: [String: String] = [:]) -> String {
    do {
      let definition = try PipelineLoader.load(
        text: yaml, path: "Pipelines/test.yml", specs: StageRegistry.specs, environment: environment)
      _ = try PipelineRunner.build(definition)
      return ""
    } catch {
      return error.description
    }
  }

  @Test func reportsEveryProblemWithLineColumnAndSuggestion() {
    let yaml = """
      version: 1
      warehouse: out/w.sqlite
      settings:
        base_currency: EUR
      stages:
        - kind: import.contacts
          inptu: a.csv
          mapping:
            first_nam: First
        - kind: report.sales-funel
          output: x.xlsx
        - kind: report.sales-funnel
          period: current-mnth
          output: r.xlsx
      """
    #expect(
      problems(yaml) == """
        Pipelines/test.yml:6:5: error: [import.contacts] missing required key 'input' (path or glob): CSV file or glob, relative to the pipeline file; files run in byte order of their paths.
        Pipelines/test.yml:7:5: error: [import.contacts] unknown key 'inptu'; did you mean 'input'?
        Pipelines/test.yml:9:7: error: [import.contacts] unknown field 'first_nam' in 'mapping'; did you mean 'first_name'?
        Pipelines/test.yml:10:11: error: [pipeline] unknown stage kind 'report.sales-funel'; did you mean 'report.sales-funnel'?
        Pipelines/test.yml:13:13: error: [report.sales-funnel] 'period' got 'current-mnth'; did you mean 'current-month'?
        """)
  }

  @Test func wrongTypesSayWhatWasExpected() {
    let yaml = """
      version: one
      warehouse: [a, b]
      settings: {base_currency: EUR, first_day_of_week: fryday}
      stages:
        - kind: import.deals
          input: d.csv
          mapping: Title
          max_rejects: -1
      """
    #expect(
      problems(yaml) == """
        Pipelines/test.yml:1:10: error: [pipeline] 'version' expects integer (1...1), got 'one'
        Pipelines/test.yml:2:12: error: [pipeline] 'warehouse' expects path, got a list
        Pipelines/test.yml:3:51: error: [settings] 'first_day_of_week' got 'fryday'; did you mean 'friday'?
        Pipelines/test.yml:7:14: error: [import.deals] 'mapping' expects mapping of field to column header, got 'Title'
        Pipelines/test.yml:8:18: error: [import.deals] 'max_rejects' must be between 0 and 1000000000, got -1
        """)
  }

  @Test func yamlSyntaxErrorsPointAtTheirPlace() {
    #expect(
      problems("version: 1\nversion: 1\n")
        == """
        Pipelines/test.yml:2:1: error: [pipeline] duplicate key 'version' in one mapping; keep only one
        Pipelines/test.yml:1:1: note: 'version' is first given here
        """)
    let tabbed = problems("version: 1\nstages:\n\t- kind: import.deals\n")
    #expect(
      tabbed.hasPrefix("Pipelines/test.yml:3:1: error: [pipeline] invalid YAML: found character that cannot start any token"))
    #expect(tabbed.hasSuffix("; indent with spaces, not tabs"))
  }

  @Test func environmentVariablesExpandWithDefaults() throws {
    let yaml = """
      version: 1
      warehouse: ${OUT:-build}/w.sqlite
      settings: {base_currency: "${CURRENCY}"}
      stages:
        - kind: report.sales-funnel
          output: ${OUT:-build}/{report}.xlsx
      """
    let definition = try PipelineLoader.load(
      text: yaml, path: "Pipelines/test.yml", specs: StageRegistry.specs, environment: ["CURRENCY": "JPY"])
    #expect(definition.warehousePath == "\(TestFiles.root)/Pipelines/build/w.sqlite")
    #expect(definition.settings.baseCurrency == "JPY")
    #expect(definition.stages[0].path("output") == "\(TestFiles.root)/Pipelines/build/{report}.xlsx")
    #expect(
      problems(yaml)
        == "Pipelines/test.yml:3:27: error: [settings] environment variable 'CURRENCY' is not set; set it or write ${CURRENCY:-default}"
    )
  }

  @Test func settingsFileProblemsPointIntoTheSettingsFileWithANote() throws {
    let folder = TestFiles.temporaryDirectory()
    try TestFiles.write(
      "base_currency: EUX\ntime_zone: Europe/Pariss\ndeal_stages:\n  - {name: A, probability: 120, status: open, position: 1}\n",
      to: "settings.yml", in: folder)
    let pipeline = try TestFiles.write(
      "version: 1\nwarehouse: w.sqlite\nsettings: settings.yml\nstages:\n  - {kind: report.sales-funnel, output: r.xlsx}\n",
      to: "p.yml", in: folder)
    let error = #expect(throws: DiagnosticList.self) { try PipelineLoader.load(path: pipeline, specs: StageRegistry.specs) }
    #expect(
      error?.description == """
        \(folder)/settings.yml:1:16: error: [settings] unknown currency 'EUX'; expected an ISO 4217 code such as EUR or USD
        \(folder)/p.yml:3:11: note: settings named here
        \(folder)/settings.yml:2:12: error: [settings] unknown time zone 'Europe/Pariss'; expected an IANA name such as Europe/Paris
        \(folder)/p.yml:3:11: note: settings named here
        \(folder)/settings.yml:4:28: error: [settings] 'probability' must be between 0 and 100, got 120
        \(folder)/p.yml:3:11: note: settings named here
        """)
  }

  @Test func stageChecksThatNeedTheSettingsAreReportedToo() {
    let yaml = """
      version: 1
      warehouse: w.sqlite
      settings:
        base_currency: EUR
        users: [{id: amartin, name: Alice Martin}]
      stages:
        - kind: report.sales-funnel
          managers: [amartni, amartin]
          from: 2026-02-01
          output: out/{report}-{quarter}.xlsx
      """
    #expect(
      problems(yaml) == """
        Pipelines/test.yml:9:11: error: [report.sales-funnel] give both 'from' and 'to' for an explicit period, or neither and a 'period'
        Pipelines/test.yml:8:16: error: [report.sales-funnel] unknown manager 'amartni'; did you mean 'amartin'?
        Pipelines/test.yml:10:13: error: [report.sales-funnel] unknown placeholder '{quarter}' in 'output'; expected one of: report, period, date, manager
        """)
  }

  @Test func perManagerWorkbooksNeedTheirOwnFileNamesAndAViewerMustExist() {
    let yaml = """
      version: 1
      warehouse: w.sqlite
      settings:
        base_currency: EUR
        users: [{id: amartin, name: Alice Martin}]
      stages:
        - kind: report.workload-deals
          per: manager
          viewer: amartni
          output: out/{report}.xlsx
        - kind: report.workload-calls
          output: out/{report}-{manager}.xlsx
      """
    #expect(
      problems(yaml) == """
        Pipelines/test.yml:9:13: error: [report.workload-deals] unknown viewer 'amartni'; did you mean 'amartin'?
        Pipelines/test.yml:10:13: error: [report.workload-deals] with per: manager, 'output' needs {manager}, or every manager's workbook would be written to one file
        Pipelines/test.yml:12:13: error: [report.workload-calls] '{manager}' in 'output' needs per: manager
        """)
  }

  @Test func globsExpandInAStableOrder() throws {
    let folder = TestFiles.temporaryDirectory()
    for name in ["b.csv", "a.csv", "B.csv", "a.txt", "sub/c.csv"] { try TestFiles.write("x", to: name, in: folder) }
    #expect(Glob.expand("\(folder)/*.csv").map { ($0 as NSString).lastPathComponent } == ["B.csv", "a.csv", "b.csv"])
    #expect(Glob.expand("\(folder)/*/*.csv").map { ($0 as NSString).lastPathComponent } == ["c.csv"])
  }

  @Test func settingsListsDefaultToTheReferenceCRMsSeededListsOrAreCheckedWithPositions() throws {
    let head = "version: 1\nwarehouse: w.sqlite\nstages:\n  - {kind: report.sales-funnel, output: r.xlsx}\nsettings:\n"
    let plain = try PipelineLoader.load(
      text: head + "  base_currency: EUR\n", path: "Pipelines/test.yml", specs: StageRegistry.specs)
    let lists = plain.settings.lists
    #expect(lists.contactTypes == ["Client", "Supplier", "Partner", "Competitor"])
    #expect(lists.temperatureLevels.map(\.name) == ["Cold", "Warm", "Hot"])
    #expect(lists.taskCategories.count == 12 && lists.taskCategories.first == "Phone call")
    #expect(lists.historyCategories == ["Note", "Email", "Phone call", "Appointment"])
    #expect(lists.tags == ["Lead", "Customer", "Supplier", "Staff"])
    #expect(lists.invoiceNumbering.nextNumber == "INV-0000001")

    let custom = """
        base_currency: EUR
        contact_types: [Client, Reseller]
        temperature_levels: [{name: Frozen, colour: "#0000ff"}, {name: Boiling}]
        taxes: [{name: VAT 20%, rate: 20}, {name: Reduced, rate: 5.5}]
        products: [{name: Audit day, price: 950}, {name: Licence, price: 120000, currency: JPY}]
        organisation: {name: Exemple SARL, vat_id: FR12345678901}
        invoice_numbering: {prefix: "F-2026-", next_number: "0042"}
        users: [{id: ana, name: Ana, time_zone: America/New_York}]

      """
    let loaded = try PipelineLoader.load(
      text: head + custom.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n") + "\n", path: "Pipelines/test.yml",
      specs: StageRegistry.specs
    ).settings
    #expect(loaded.lists.contactTypes == ["Client", "Reseller"])
    #expect(loaded.lists.temperatureLevels == [ListItem("Frozen", colour: "#0000ff"), ListItem("Boiling")])
    #expect(loaded.lists.taxes.map(\.rate) == [20, Decimal(string: "5.5")])
    #expect(loaded.lists.products.map(\.price.description) == ["950.00 EUR", "120000 JPY"])
    #expect(loaded.lists.organisation?.vatID == "FR12345678901")
    #expect(loaded.lists.invoiceNumbering.nextNumber == "F-2026-0042")
    #expect(loaded.users.first?.timeZone?.identifier == "America/New_York")

    let broken = """
        base_currency: EUR
        task_categories: [Call, call]
        taxes: [{name: VAT, rate: 120}]
        products: [{name: Day, price: 9.999}, {name: Kit, price: 10, currency: EURO}]
        invoice_numbering: {next_number: A1}
        users: [{id: ana, name: Ana, time_zone: Mars/Olympus}]

      """
    let error = #expect(throws: DiagnosticList.self) {
      try PipelineLoader.load(
        text: head + broken.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n") + "\n",
        path: "Pipelines/test.yml", specs: StageRegistry.specs)
    }
    #expect(
      error?.description == """
        Pipelines/test.yml:7:29: error: [settings] duplicate name 'call' in 'task_categories'
        Pipelines/test.yml:8:31: error: [settings] 'rate' expects a percentage from -100 to 100 such as 20 or 5.5, got '120'
        Pipelines/test.yml:9:35: error: [settings] 'price' expects an amount of at least 0 with at most 2 decimals for EUR, got '9.999'
        Pipelines/test.yml:9:76: error: [settings] unknown currency 'EURO'; expected an ISO 4217 code such as EUR or USD
        Pipelines/test.yml:10:38: error: [settings] 'next_number' expects digits such as 0000001 (their count is the width of every number), got 'A1'
        Pipelines/test.yml:11:45: error: [settings] unknown time zone 'Mars/Olympus'; expected an IANA name such as Europe/Paris
        """)
  }

  @Test(arguments: ["nightly", "migrate-contacts", "analyst-report"])
  func everyExamplePipelineIsValidAndBuilds(_ name: String) throws {
    let definition = try PipelineLoader.load(path: "\(TestFiles.root)/Pipelines/\(name).yml", specs: StageRegistry.specs)
    #expect(!definition.stages.isEmpty)
    _ = try PipelineRunner.build(definition)
  }

  @Test func theSamplePipelineIsValid() throws {
    let definition = try PipelineLoader.load(path: "\(TestFiles.root)/Pipelines/nightly.yml", specs: StageRegistry.specs)
    #expect(
      definition.stages.map(\.kind) == [
        "import.contacts", "import.rates", "import.deals", "import.webform", "import.calls", "import.events", "import.tasks",
        "import.invoices", "report.sales-funnel",
        "report.sales-funnel", "report.sales-forecast", "report.sales-by-managers", "report.workload-contacts",
        "report.workload-deals", "report.workload-calls", "report.workload-tasks", "report.workload-invoices",
        "report.summary-period", "report.summary-now", "report.workload-deals",
      ])
    #expect(definition.settings.dealStages.count == 9)
    #expect(definition.settings.users.count == 5)
  }
}
