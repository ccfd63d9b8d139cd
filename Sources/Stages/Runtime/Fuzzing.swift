import CSVBridge
import Foundation
import PipelineConfig
import PipelineModel

/// The parsers of untrusted input, each behind one function that takes any bytes, for the
/// fuzz targets (`crmpipe-fuzz`) and the fuzz tests. They must never crash; an error is a
/// fine answer.
public enum Fuzzing {
  public enum Target: String, CaseIterable, Sendable {
    case csv, webform, twilio, pipeline
  }

  public static func run(_ target: Target, _ data: Data) {
    switch target {
    case .csv: csv(data)
    case .webform: webform(data)
    case .twilio: twilio(data)
    case .pipeline: pipeline(data)
    }
  }

  /// A CSV file of any dialect: detected, then read record by record.
  static func csv(_ data: Data) {
    withFile(data) { path in
      guard let dialect = try? CSVDialect.detect(path: path), let reader = try? CSVReader(path: path, dialect: dialect) else {
        return
      }
      try? reader.forEachRecord { _ in }
    }
  }

  /// A web-form dump, line by line (JSON lines or tab-separated form bodies), mapped as
  /// `import.webform` maps a submission.
  static func webform(_ data: Data) {
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      guard let submission = try? WebformSubmission.parse(String(line)) else { continue }
      _ = try? ImportWebformStage.map(submission, mapping: nil)
    }
  }

  /// A Twilio call log in any of its forms (JSON page or resource, status callbacks, CSV),
  /// each call made into a record as `import.calls` does.
  static func twilio(_ data: Data) {
    let config = StageConfig(
      kind: "import.calls", id: "fuzz", location: SourceLocation(file: "fuzz.yml", line: 1), baseDirectory: "/",
      values: [:])
    let calls = TwilioCall(agents: AgentDirectory(users: [], region: "FR"), region: "FR")
    withFile(data) { path in
      try? ImportCallsStage.forEachCall(in: path, display: "fuzz", stage: FileImport(config: config)) { _, _, fields in
        if case .success(let pairs) = fields { _ = try? calls.record(TwilioCall.fields(pairs)) }
      }
    }
  }

  /// A pipeline file, checked against the stage specs and built.
  static func pipeline(_ data: Data) {
    guard
      let definition = try? PipelineLoader.load(
        text: String(decoding: data, as: UTF8.self), path: "fuzz.yml", specs: StageRegistry.specs)
    else { return }
    _ = try? PipelineRunner.build(definition)
  }

  /// `data` in a temporary file for the parsers that read files.
  private static func withFile(_ data: Data, _ body: (String) -> Void) {
    let path = NSTemporaryDirectory() + "/crmpipe-fuzz-\(getpid())-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: path, contents: data) else { return }
    defer { try? FileManager.default.removeItem(atPath: path) }
    body(path)
  }
}
