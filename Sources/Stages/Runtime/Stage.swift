import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// A stage ready to run, built from its checked configuration.
public protocol Stage {
  var config: StageConfig { get }
  func run(_ context: RunContext) throws -> StageSummary
}

/// What a stage kind is: its spec, and how to build it from a checked configuration.
public struct StageDescriptor: Sendable {
  public var spec: StageSpec
  /// Builds the stage; may report problems that need more than one key to see.
  public var build: @Sendable (StageConfig, Settings) throws(DiagnosticList) -> any Stage
}

/// Everything a running stage may use.
public final class RunContext {
  public let warehouse: Warehouse
  public let settings: Settings
  public let asOf: Date
  public let runID: Int64
  public let rejects: RejectsWriter
  /// A dry run works on a copy of the warehouse and writes no report.
  public var dryRun = false
  /// Where stages report what they are doing (the command line's log and progress bar).
  public var events: (RunEvent) -> Void = { _ in }
  /// The contact matcher of the last stage that landed contacts, kept for the next stage that
  /// asks for the same rules: building it reads every golden contact. It stays in step with
  /// the warehouse because only `ContactLanding` writes contacts and a failed file stops the run.
  private var landing: (settings: MatchSettings, value: ContactLanding)?

  /// A contact landing with these thresholds: the last one used when they are the same, else a
  /// new one built from the warehouse (which then replaces it). `training`: the rows a
  /// warehouse without a model learns it from (see `ContactLanding.init`); nil for stages
  /// that do not give the warehouse its model.
  func contactLanding(
    _ settings: MatchSettings = MatchSettings(), stageID: String, training: (() throws -> [MatchRecord])? = nil
  ) throws -> ContactLanding {
    let needsModel = try training != nil && warehouse.latestMatchModel() == nil
    if let landing, landing.settings == settings, !needsModel { return landing.value }
    landing = nil  // its memory is freed before the next one is built
    let value = try ContactLanding(
      warehouse, settings: settings, runID: runID, stageID: stageID,
      training: try warehouse.latestMatchModel() == nil ? training?() : nil)
    landing = (settings, value)
    return value
  }

  /// Frees the kept contact matcher (before stages that do not land contacts, such as reports).
  func releaseContactLanding() { landing = nil }

  /// Outputs written during the run, each beside its final path until the run succeeds.
  private(set) var pendingOutputs: [(pending: String, final: String)] = []

  /// A hidden path beside `final` to write it to now; `publishOutputs` puts it in place.
  func pendingOutput(for final: String) -> String {
    let folder = (final as NSString).deletingLastPathComponent
    let name = (final as NSString).lastPathComponent
    let pending = (folder as NSString).appendingPathComponent(".\(name).run\(runID).pending")
    Self.removeLeftovers(of: name, in: folder, keepingRun: runID)
    pendingOutputs.append((pending, final))
    return pending
  }

  /// Removes what an interrupted run left of the output `name` in `folder`: its hidden
  /// `.NAME.runN.pending`, and the renderer's `..NAME.runN.pending.PID.tmp` (the pending file's
  /// own hidden temporary). Only a killed run leaves them (a finished one renames or removes its
  /// own), and the run's lock means no other run of the warehouse is writing them now.
  static func removeLeftovers(of name: String, in folder: String, keepingRun runID: Int64) {
    let prefix = ".\(name).run"
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
    for entry in entries where entry.hasPrefix(prefix) || entry.hasPrefix("." + prefix) {
      let rest = entry.dropFirst(entry.hasPrefix(prefix) ? prefix.count : prefix.count + 1)
      guard let mark = rest.range(of: ".pending"), let run = Int64(rest[..<mark.lowerBound]), run != runID else { continue }
      let tail = rest[mark.upperBound...]
      guard tail.isEmpty || (tail.hasPrefix(".") && tail.hasSuffix(".tmp")) else { continue }
      try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(entry))
    }
  }

  /// Takes on outputs another context (a report group's worker) wrote, after its own.
  func adopt(_ outputs: [(pending: String, final: String)]) { pendingOutputs += outputs }

  /// After a successful run: every output renamed into place (each rename atomic), in the
  /// order written. After a failed one: the pending files removed, the previous outputs kept.
  func publishOutputs(_ succeeded: Bool) throws {
    defer { pendingOutputs = [] }
    for output in pendingOutputs {
      if succeeded {
        guard rename(output.pending, output.final) == 0 else {
          let reason = errno == EISDIR ? "it is a folder; give the path of a file" : String(cString: strerror(errno))
          throw DiagnosticList([.error("cannot move the report into place at \(Paths.display(output.final)): \(reason)")])
        }
      } else {
        try? FileManager.default.removeItem(atPath: output.pending)
      }
    }
  }

  public init(
    warehouse: Warehouse, settings: Settings, asOf: Date, runID: Int64, rejects: RejectsWriter
  ) {
    self.warehouse = warehouse
    self.settings = settings
    self.asOf = asOf
    self.runID = runID
    self.rejects = rejects
  }
}

/// What a stage did, for the run summary. For import stages `read` equals
/// `inserted + updated + skipped + rejected`.
public struct StageSummary: Sendable, Equatable {
  public var stageID: String
  public var kind: String
  public var counts = FileCounts()
  public var filesImported = 0
  public var filesSkipped: [String] = []
  public var warnings: [Diagnostic] = []
  public var warningCount = 0
  /// How each file was read (encoding, delimiter, preset), and similar facts.
  public var notes: [Diagnostic] = []
  public var outputs: [String] = []
  /// What a report counted (`counts.read` of them), for the run's summary: "deals", "tasks"...
  public var counted = "deals"

  public init(stageID: String, kind: String) {
    self.stageID = stageID
    self.kind = kind
  }

  /// Keeps the first warnings for display and counts them all.
  mutating func warn(_ diagnostic: Diagnostic, keep limit: Int = 20) {
    warningCount += 1
    if warnings.count < limit { warnings.append(diagnostic) }
  }
}
