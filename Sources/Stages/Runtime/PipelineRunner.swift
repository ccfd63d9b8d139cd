import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// The outcome of a run: what each stage did, and the error that stopped it, if any.
public struct RunSummary {
  public var runID: Int64 = 0
  public var stages: [StageSummary] = []
  public var rejectsPath: String = ""
  public var rejectsWritten = 0
  public var firstRejects: [Warehouse.RejectedRow] = []
  public var failure: DiagnosticList?

  public var succeeded: Bool { failure == nil }
}

/// Builds the stages of a checked pipeline and runs them in order against the warehouse.
public enum PipelineRunner {
  /// Builds every stage, collecting the problems of all of them.
  public static func build(_ definition: PipelineDefinition) throws(DiagnosticList) -> [any Stage] {
    var stages: [any Stage] = []
    var problems: [Diagnostic] = []
    for config in definition.stages {
      guard let descriptor = StageRegistry.descriptor(for: config.kind) else { continue }
      do {
        stages.append(try descriptor.build(config, definition.settings))
      } catch {
        problems += error.diagnostics
      }
    }
    problems += OutputPaths.problems(definition, stages: stages)
    if !problems.isEmpty { throw DiagnosticList(problems) }
    return stages
  }

  /// Runs the pipeline. Each input file lands whole or not at all; a stage error stops the
  /// run, keeps what earlier files and stages committed, and is returned in the summary.
  /// With `dryRun`, the run works on a copy of the warehouse (made with SQLite's `VACUUM
  /// INTO`, in a temporary folder, removed after) and writes no report: it reads and checks
  /// every input and says what it would insert, merge, reject and write.
  ///
  /// `lock` is the caller's hold on the warehouse, taken before it read the warehouse (a command
  /// reading the settings the warehouse keeps); without one the run takes its own.
  public static func run(
    _ definition: PipelineDefinition, asOf: Date, dryRun: Bool = false, lock: RunLock? = nil,
    log: @escaping (RunEvent) -> Void
  ) throws(DiagnosticList) -> RunSummary {
    guard dryRun else { return try run(definition, asOf: asOf, lock: lock, context: { $0 }, log: log) }
    let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("crmpipe-dry-run-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var copy = definition
    copy.warehousePath = (folder as NSString).appendingPathComponent((definition.warehousePath as NSString).lastPathComponent)
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      if FileManager.default.fileExists(atPath: definition.warehousePath) {
        try Warehouse.copy(definition.warehousePath, to: copy.warehousePath)
      }
    } catch {
      throw EnvironmentProblem.diagnostics(error, warehouse: definition.warehousePath)
        ?? DiagnosticList([.error("cannot copy the warehouse for a dry run: \(error)", stage: "warehouse")])
    }
    var summary = try run(
      copy, asOf: asOf, lock: nil,
      context: { context in
        context.dryRun = true
        return context
      }, log: log)
    summary.rejectsPath = "(would write) " + Paths.display(RejectsWriter.path(forWarehouse: definition.warehousePath))
    return summary
  }

  private static func run(
    _ definition: PipelineDefinition, asOf: Date, lock held: RunLock?, context prepare: (RunContext) -> RunContext,
    log: @escaping (RunEvent) -> Void
  ) throws(DiagnosticList) -> RunSummary {
    let stages = try build(definition)
    let lock: RunLock
    if let held { lock = held } else { lock = try RunLock(warehouse: definition.warehousePath) }
    // The run's connections are closed when `run(_:stages:...)` returns, before the lock is
    // released (RunLock closes its descriptor on the warehouse file).
    let summary = try run(definition, stages: stages, asOf: asOf, context: prepare, log: log)
    withExtendedLifetime(lock) {}
    return summary
  }

  private static func run(
    _ definition: PipelineDefinition, stages: [any Stage], asOf: Date, context prepare: (RunContext) -> RunContext,
    log: @escaping (RunEvent) -> Void
  ) throws(DiagnosticList) -> RunSummary {
    if !definition.stages.isEmpty {
      let unwritable = OutputPaths.unwritable(definition, stages: stages, asOf: asOf)
      if !unwritable.isEmpty { throw DiagnosticList(unwritable) }
    }
    var summary = RunSummary()
    let warehouse: Warehouse
    do {
      warehouse = try Warehouse(path: definition.warehousePath)
      // Settings change only when the run names them: a pipeline's, or a command's --settings.
      if !definition.settingsFromWarehouse { try warehouse.apply(definition.settings) }
      summary.runID = try warehouse.startRun(
        pipeline: definition.displayPath, asOf: asOf, timeZone: definition.settings.timeZone)
      if !definition.settingsFromWarehouse { try warehouse.keepSettings(definition.settingsYAML, runID: summary.runID) }
    } catch {
      throw EnvironmentProblem.diagnostics(error, warehouse: definition.warehousePath)
        ?? DiagnosticList([
          .error("cannot open the warehouse \(Paths.display(definition.warehousePath)): \(error)", stage: "warehouse")
        ])
    }
    let rejects = RejectsWriter(path: RejectsWriter.path(forWarehouse: definition.warehousePath))
    summary.rejectsPath = Paths.display(rejects.path)
    do {
      try rejects.flush(warehouse)  // rows an interrupted run committed but did not write
    } catch {
      summary.failure =
        EnvironmentProblem.diagnostics(error, warehouse: definition.warehousePath)
        ?? DiagnosticList([.error("\(error)", stage: "warehouse")], kind: .internalError)
    }
    // A run that only writes reports reads a lot and imports nothing: it maps the file.
    if !definition.stages.contains(where: { $0.kind.hasPrefix("import.") }) {
      try? warehouse.mapForReading()
    }
    let context = prepare(
      RunContext(warehouse: warehouse, settings: definition.settings, asOf: asOf, runID: summary.runID, rejects: rejects))
    context.events = log
    var index = 0
    while index < stages.count, summary.failure == nil {
      // Reports land no contact: the matcher kept for the stages that do is freed.
      if ReportGroup.isReport(stages[index]) { context.releaseContactLanding() }
      let group = ReportGroup.size(stages, from: index)
      guard group == 0 else {
        let range = index..<index + group
        for (stage, outcome) in zip(stages[range], ReportGroup.run(stages[range], context: context)) {
          guard let outcome else { break }
          switch outcome {
          case .success(let finished): summary.stages.append(finished)
          case .failure(let error): summary.failure = failure(error, in: stage, warehouse: definition.warehousePath)
          }
          if summary.failure != nil { break }
        }
        index += group
        continue
      }
      let stage = stages[index]
      index += 1
      log(.stageStarted(id: stage.config.id, kind: stage.config.kind))
      do {
        let finished = try stage.run(context)
        summary.stages.append(finished)
        log(.stageFinished(finished))
      } catch {
        summary.failure = failure(error, in: stage, warehouse: definition.warehousePath)
      }
    }
    do {
      try context.publishOutputs(summary.succeeded)
    } catch let list as DiagnosticList {
      summary.failure = list
    } catch {
      summary.failure =
        EnvironmentProblem.diagnostics(error, warehouse: definition.warehousePath)
        ?? DiagnosticList([.error("\(error)")], kind: .internalError)
    }
    summary.rejectsWritten = rejects.written
    summary.firstRejects = rejects.first
    try? warehouse.finishRun(summary.runID, succeeded: summary.succeeded, error: summary.failure.map { "\($0)" })
    return summary
  }

  /// A stage's error as the run's failure: its own diagnostics, the environment's (a full disk,
  /// a folder that cannot be written), or an internal error; each points at the stage.
  private static func failure(_ error: any Error, in stage: any Stage, warehouse: String) -> DiagnosticList {
    if let list = error as? DiagnosticList { return list }
    if var list = EnvironmentProblem.diagnostics(error, warehouse: warehouse) {
      for index in list.diagnostics.indices {
        list.diagnostics[index].notes.append(.note("in the stage defined here", at: stage.config.location))
      }
      return list
    }
    return DiagnosticList(
      [.error("\(error)", stage: stage.config.kind, notes: [.note("in the stage defined here", at: stage.config.location)])],
      kind: .internalError)
  }
}
