import Foundation
import PipelineConfig
import PipelineModel

#if canImport(Glibc)
  import Glibc
#endif

/// The paths a run's reports are written to, checked when the pipeline is: a report must not
/// overwrite the warehouse, its journal, lock or rejects file, an input of the run, or another
/// report. Paths are compared as files (`Paths.sameFile`): a symbolic link, `..` or a hard
/// link is the same file; a `{date}` in an output stands for any day.
enum OutputPaths {
  /// A file a run keeps, and what it is, for the message.
  struct Kept {
    var key: FileKey
    var what: String

    init(path: String, what: String) {
      key = FileKey(path)
      self.what = what
    }
  }

  /// One problem per report output that names a kept file or another report's output.
  static func problems(_ definition: PipelineDefinition, stages: [any Stage]) -> [Diagnostic] {
    let kept = keptFiles(definition, stages: stages)
    var problems: [Diagnostic] = []
    var earlier: [(stage: any ReportStage, path: String)] = []
    for case let stage as any ReportStage in stages {
      let location = stage.config["output"]?.location ?? stage.config.location
      let refuse = { (path: String, what: String) in
        problems.append(
          .error(
            "report output \(Paths.display(path)) is \(what); the report would overwrite it. Choose another path", at: location,
            stage: stage.config.kind))
      }
      for path in stage.options.outputTemplates(settings: definition.settings) {
        let key = FileKey(path)
        if let file = kept.first(where: { covers(path, key, $0.key) }) {
          refuse(path, file.what)
        } else if let glob = inputPatterns(stages).first(where: { matches($0.pattern, path) }) {
          refuse(path, "matched by the input of stage '\(glob.stage)', so a later run would import the report")
        } else if let other = earlier.first(where: { Paths.sameFile(sample($0.path), sample(path)) }) {
          refuse(path, "also the output of stage '\(other.stage.config.id)' (line \(other.stage.config.location.line))")
        }
        earlier.append((stage, path))
      }
    }
    return problems
  }

  /// One problem per report output of the run that cannot be written: checked when the run
  /// starts, so that a read-only report folder stops it before it imports anything.
  static func unwritable(_ definition: PipelineDefinition, stages: [any Stage], asOf: Date) -> [Diagnostic] {
    let day = DateText.localDayText(asOf, definition.settings.timeZone)
    return stages.compactMap { $0 as? any ReportStage }.flatMap { stage in
      stage.options.outputTemplates(settings: definition.settings).compactMap { template in
        problem(writing: template.replacingOccurrences(of: "{date}", with: day)).map {
          Diagnostic.error($0, stage: stage.config.kind, notes: [.note("in the stage defined here", at: stage.config.location)])
        }
      }
    }
  }

  /// Why a report cannot be written at `path` (its folder is made if missing), or nil.
  static func problem(writing path: String) -> String? {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    if manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      return "report output \(Paths.display(path)) is a folder; give the path of a file"
    }
    // The nearest folder that exists: the report's, or where its missing folders are made.
    var folder = (path as NSString).deletingLastPathComponent
    while !manager.fileExists(atPath: folder, isDirectory: &isFolder) {
      let up = (folder as NSString).deletingLastPathComponent
      if up.isEmpty || up == folder { break }
      folder = up
    }
    if !isFolder.boolValue {
      return "cannot write the report \(Paths.display(path)): \(Paths.display(folder)) is a file, not a folder"
    }
    guard access(folder, W_OK) == 0 else {
      return
        "cannot write the report \(Paths.display(path)): \(Paths.display(folder)): \(String(cString: strerror(errno))); check that the folder exists and can be written"
    }
    return nil
  }

  /// The warehouse and the files beside it, the pipeline and settings files, and every input
  /// file (of every stage: a report may come before the stage that reads the file).
  static func keptFiles(_ definition: PipelineDefinition, stages: [any Stage]) -> [Kept] {
    let warehouse = definition.warehousePath
    let display = Paths.display(warehouse)
    var kept = [Kept(path: warehouse, what: "the warehouse")]
    for spelling in Set([warehouse, Paths.canonical(warehouse)]) {
      kept += ["-journal", "-wal", "-shm"].map { Kept(path: spelling + $0, what: "the journal of the warehouse \(display)") }
    }
    kept += [RunLock.path(forWarehouse: warehouse), warehouse + ".lock"].map {
      Kept(path: $0, what: "the lock file of the warehouse \(display)")
    }
    let rejects = RejectsWriter.path(forWarehouse: warehouse)
    kept += [rejects, rejects + ".tmp"].map { Kept(path: $0, what: "the rejects file of the warehouse \(display)") }
    // A command's generated pipeline has a made-up path: only a real file is kept.
    if FileManager.default.fileExists(atPath: definition.path) {
      kept.append(Kept(path: definition.path, what: "the pipeline file"))
    }
    if let settings = definition.settingsPath { kept.append(Kept(path: settings, what: "the settings file")) }
    for input in inputPatterns(stages) {
      let files = Glob.isPattern(input.pattern) ? Glob.expand(input.pattern) : [input.pattern]
      kept += files.map { Kept(path: $0, what: "an input of stage '\(input.stage)'") }
    }
    return kept
  }

  private static func inputPatterns(_ stages: [any Stage]) -> [(stage: String, pattern: String)] {
    stages.compactMap { stage in stage.config.path("input").map { (stage.config.id, $0) } }
  }

  /// Whether an output (`{date}` standing for any day; `key` is its `FileKey`) is the file `kept`.
  private static func covers(_ output: String, _ key: FileKey, _ kept: FileKey) -> Bool {
    guard output.contains("{date}") else { return key.names(kept) }
    let escaped = key.canonical.map { "*?[\\".contains($0) ? "\\\($0)" : String($0) }.joined()
    let pattern = escaped.replacingOccurrences(of: "{date}", with: "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]")
    return fnmatch(pattern, kept.canonical, 0) == 0
  }

  /// Whether an input glob would match the output, written as it is or as its canonical path.
  private static func matches(_ pattern: String, _ output: String) -> Bool {
    guard Glob.isPattern(pattern) else { return false }
    let path = sample(output)
    return fnmatch(pattern, path, FNM_PATHNAME | FNM_PERIOD) == 0
      || fnmatch(Paths.canonical(pattern), Paths.canonical(path), FNM_PATHNAME | FNM_PERIOD) == 0
  }

  /// An output with one day for `{date}`: every report of a run writes the same day.
  private static func sample(_ output: String) -> String {
    output.replacingOccurrences(of: "{date}", with: "2000-01-01")
  }
}
