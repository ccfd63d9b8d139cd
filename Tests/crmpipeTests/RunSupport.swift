import Foundation
import PipelineConfig
import PipelineModel
import PipelineTestSupport
import Reports
import Stages
import Warehouse

/// Runs pipeline files the way `crmpipe run` does, for tests.
enum RunSupport {
  /// 2026-11-28 00:00 in Europe/Paris (UTC+1 in November).
  static let asOf = Date(timeIntervalSince1970: 1_795_820_400)

  static func load(_ path: String, out: String) throws -> PipelineDefinition {
    try PipelineLoader.load(path: path, specs: StageRegistry.specs, environment: ["OUT": out])
  }

  static func run(_ path: String, out: String, asOf: Date = asOf) throws -> RunSummary {
    try PipelineRunner.run(load(path, out: out), asOf: asOf) { _ in }
  }

  /// Writes `files` and a pipeline with `stages` (YAML) into a new folder; returns the pipeline path.
  static func pipeline(stages: String, files: [String: String], folder: String = TestFiles.temporaryDirectory()) throws -> String
  {
    let settings = """
      base_currency: EUR
      time_zone: Europe/Paris
      users: [{id: ana, name: Ana Lima, email: ana@example.com}]
      """
    try TestFiles.write(settings, to: "settings.yml", in: folder)
    for (name, text) in files { try TestFiles.write(text, to: name, in: folder) }
    let yaml = "version: 1\nwarehouse: ${OUT}/w.sqlite\nsettings: settings.yml\nstages:\n" + stages
    return try TestFiles.write(yaml, to: "pipeline.yml", in: folder)
  }
}

extension XLSXSheet {
  /// The table under the label `title` in column B: its rows by first cell, each row's
  /// values by column heading.
  func table(titled title: String) -> [String: [String: Decimal]] {
    guard let titleRow = (1...200).first(where: { text("B\($0)") == title }) else { return [:] }
    let header = titleRow + 1
    let columns = (3...60).map { Sheet.reference(header, $0) }.prefix { text($0) != nil }
    var result: [String: [String: Decimal]] = [:]
    var row = header + 1
    while let first = text("B\(row)") {
      var values: [String: Decimal] = [:]
      for ref in columns {
        let column = ref.prefix { $0.isLetter }
        values[text(ref) ?? ""] = decimal("\(column)\(row)")
      }
      result[first] = values
      row += 1
    }
    return result
  }
}

/// A deterministic generator of small numbers for generated fixtures (a 64-bit linear
/// congruential sequence).
struct SeededGenerator {
  var state: UInt64
  mutating func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }

  /// A made-up word, unlike any other (so no two generated contacts look alike to the matcher).
  mutating func word() -> String {
    let letters = Array("bcdfghjklmnpqrstvwxz"), vowels = Array("aeiou")
    return String((0..<4).flatMap { _ in [letters[next(letters.count)], vowels[next(vowels.count)]] }).capitalized
  }
}

/// The built `crmpipe` binary, run as a user would.
enum Binary {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static var path: String {
    ProcessInfo.processInfo.environment["CRMPIPE_BIN"] ?? "\(TestFiles.root)/.build/debug/crmpipe"
  }

  /// Runs `crmpipe arguments` in `folder` (the repository by default) with `environment` added;
  /// `through` is a command that runs it (`unshare ... sh -c '...; exec "$0" "$@"'`), if any.
  static func run(
    _ arguments: [String], in folder: String = TestFiles.root, environment: [String: String] = [:], through: [String] = []
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: through.first ?? path)
    process.arguments = through.isEmpty ? arguments : Array(through.dropFirst()) + [path] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}
