import Foundation

/// What a run reports while it works, for the command line's log and progress bar.
public enum RunEvent: Sendable {
  case stageStarted(id: String, kind: String)
  case progress(StageProgress)
  case stageFinished(StageSummary)
}

/// How far a stage is: rows landed from a file, or workbooks written.
public struct StageProgress: Sendable, Equatable {
  public var stage: String
  /// The file being read, or the report being written.
  public var item: String
  public var done: Int
  /// `rows` or `workbooks`.
  public var unit: String
  /// The part done, 0 to 1, when it can be told: for a file, the bytes of the rows landed
  /// against its size (an estimate).
  public var fraction: Double?
}
