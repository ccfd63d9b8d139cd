import Foundation
import Synchronization
import Warehouse

/// Report stages next to each other in a pipeline only read the warehouse, so they run side
/// by side, as many at a time as there are cores, each worker on its own read-only
/// connection. Their events reach the log one at a time; their outputs join the run's
/// pending outputs in stage order, to be published with them when the run succeeds.
enum ReportGroup {
  static func isReport(_ stage: any Stage) -> Bool { stage.config.kind.hasPrefix("report.") }

  /// How many stages from `start` on form a group: consecutive report stages, at least two.
  static func size(_ stages: [any Stage], from start: Int) -> Int {
    let count = stages[start...].prefix(while: isReport).count
    return count > 1 ? count : 0
  }

  /// One result per stage, in stage order. After a stage fails no other is started; those
  /// are nil. Stages already running finish (their outputs stay pending, and the run's
  /// failure removes them).
  static func run(
    _ stages: ArraySlice<any Stage>, context: RunContext, workers: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> [Result<StageSummary, any Error>?] {
    let stages = Array(stages)
    let state = GroupState(count: stages.count, events: context.events)
    let work = GroupWork(stages: stages, rejects: context.rejects)
    let (path, mapped) = (context.warehouse.path, context.warehouse.isMapped)
    let (settings, asOf, runID, dryRun) = (context.settings, context.asOf, context.runID, context.dryRun)
    DispatchQueue.concurrentPerform(iterations: min(max(workers, 1), stages.count)) { _ in
      var reader: Warehouse?
      while let index = state.next() {
        let stage = work.stages[index]
        state.log(.stageStarted(id: stage.config.id, kind: stage.config.kind))
        let result = Result { () throws -> (StageSummary, [(pending: String, final: String)]) in
          let connection = try reader ?? Warehouse.reader(path, mapped: mapped)
          reader = connection
          let local = RunContext(
            warehouse: connection, settings: settings, asOf: asOf, runID: runID, rejects: work.rejects)
          local.dryRun = dryRun
          local.events = { state.log($0) }
          return (try stage.run(local), local.pendingOutputs)
        }
        if case .success(let (summary, _)) = result { state.log(.stageFinished(summary)) }
        state.finish(index, result)
      }
    }
    let outcomes = state.results()
    for case .success(let (_, outputs))? in outcomes { context.adopt(outputs) }
    return outcomes.map { $0?.map(\.0) }
  }
}

/// The stages a group runs, each by one worker only, on its own connection, and the run's
/// rejects writer, which report stages do not use.
private final class GroupWork: @unchecked Sendable {
  let stages: [any Stage]
  let rejects: RejectsWriter
  init(stages: [any Stage], rejects: RejectsWriter) {
    self.stages = stages
    self.rejects = rejects
  }
}

/// What the workers of a group share: the next stage to run, whether one failed, the
/// results, and the log, called under a lock.
private final class GroupState: @unchecked Sendable {
  typealias Outcome = Result<(StageSummary, [(pending: String, final: String)]), any Error>
  private struct Shared {
    var next = 0
    var failed = false
    var results: [Outcome?]
  }
  private let shared: Mutex<Shared>
  private let logLock = NSLock()
  private let events: (RunEvent) -> Void
  private let count: Int

  init(count: Int, events: @escaping (RunEvent) -> Void) {
    self.count = count
    self.events = events
    shared = Mutex(Shared(results: Array(repeating: nil, count: count)))
  }

  /// The next stage to start, or nil when all have started or one has failed.
  func next() -> Int? {
    shared.withLock { shared in
      guard !shared.failed, shared.next < count else { return nil }
      defer { shared.next += 1 }
      return shared.next
    }
  }

  func finish(_ index: Int, _ outcome: Outcome) {
    shared.withLock { shared in
      shared.results[index] = outcome
      if case .failure = outcome { shared.failed = true }
    }
  }

  func log(_ event: RunEvent) {
    logLock.lock()
    defer { logLock.unlock() }
    events(event)
  }

  func results() -> [Outcome?] { shared.withLock { $0.results } }
}
