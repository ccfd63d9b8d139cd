import Foundation
import PipelineConfig
import PipelineTestSupport
import Stages
import Testing
import Yams

/// `crmpipe schema`: every example pipeline validates against it, and it refuses what the
/// checker refuses that a schema can see.
@Suite struct PipelineSchemaTests {
  let schema = PipelineSchema.object(stages: StageRegistry.specs)

  /// A YAML file as JSON values, scalars typed as YAML 1.2's core schema types them (as
  /// editors do: an unquoted date stays a string).
  static func value(_ node: Node) -> Any {
    switch node {
    case .mapping(let mapping):
      var object: [String: Any] = [:]
      for (key, item) in mapping { object[key.string ?? ""] = value(item) }
      return object
    case .sequence(let sequence): return sequence.map(value)
    case .scalar(let scalar):
      let text = scalar.string
      guard scalar.style == .plain else { return text }
      if ["true", "false"].contains(text) { return text == "true" }
      if ["", "~", "null"].contains(text) { return NSNull() }
      if let integer = Int(text) { return integer }
      if let double = Double(text), text.contains(".") { return double }
      return text
    case .alias: return NSNull()
    }
  }

  func check(_ yaml: String) throws -> [String] {
    let node = try #require(try Yams.compose(yaml: yaml))
    return JSONSchemaCheck.errors(Self.value(node), against: schema)
  }

  @Test func theExamplePipelinesAndFixturesValidate() throws {
    let files =
      ["nightly", "migrate-contacts", "analyst-report"].map { "\(TestFiles.root)/Pipelines/\($0).yml" } + [
        TestFiles.fixture("pipelines/funnel/pipeline.yml")
      ]
    for file in files {
      let errors = try check(String(contentsOfFile: file, encoding: .utf8))
      #expect(errors.isEmpty, "\(file): \(errors)")
    }
  }

  @Test func theSchemaIsJSONAndNamesEveryStageKind() throws {
    let text = PipelineSchema.json(stages: StageRegistry.specs)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(parsed["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    let stages = try #require((schema["properties"] as? [String: Any])?["stages"] as? [String: Any])
    let kinds = ((stages["items"] as? [String: Any])?["oneOf"] as? [[String: Any]] ?? []).compactMap {
      ($0["properties"] as? [String: Any])?["kind"].flatMap { ($0 as? [String: Any])?["const"] as? String }
    }
    #expect(kinds == StageRegistry.specs.map(\.kind))
  }

  @Test func itRefusesWhatItCanSee() throws {
    let head = "version: 1\nwarehouse: w.sqlite\nsettings: settings.yml\nstages:\n"
    #expect(try check(head + "  - kind: report.sales-funnel\n    period: last-fortnight\n").count == 1)
    #expect(try check(head + "  - kind: import.contacts\n    input: a.csv\n    on_eror: skip\n").count == 1)
    #expect(try check(head + "  - kind: import.nothing\n").count == 1)
    #expect(try check(head + "  - kind: import.contacts\n").count == 1)  // no input
    #expect(try check(head + "  - kind: import.contacts\n    input: a.csv\n    max_rejects: -1\n").count == 1)
    #expect(try check("version: 2\nwarehouse: w.sqlite\nsettings: s.yml\nstages: []\n").count == 1)
    #expect(try check(head + "  - kind: import.contacts\n    input: a.csv\n    max_rejects: ${MAX:-10}\n").isEmpty)
    #expect(try check(head + "  - kind: import.contacts\n    input: a.csv\n    mapping: {email: [E-mail, Mail]}\n").isEmpty)
    #expect(try check(head + "  - kind: import.contacts\n    input: a.csv\n    mapping: {mail: Mail}\n").count == 1)
  }
}
