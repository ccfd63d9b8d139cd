import SQLiteBridge

/// A failure whose cause is the warehouse file or its disk, not crmpipe: what happened, with
/// the path, and what to do. `busy` when another program holds SQLite's lock on the file.
public struct WarehouseTrouble: Sendable, Equatable {
  public var message: String
  public var busy = false

  /// The trouble behind `error`, or nil when it is not one (a bug). `path` is the warehouse as
  /// messages name it; without one, the path of the connection that failed.
  public init?(_ error: any Error, path: String? = nil) {
    if let error = error as? WarehouseError, let newer = error.newerSchema {
      let name = path ?? error.path ?? ""
      message =
        "the warehouse \(name) has schema version \(newer.found), newer than this crmpipe knows (\(newer.known)): a newer crmpipe wrote it. Use that crmpipe, or upgrade this one; nothing was changed"
      return
    }
    guard let sqlite = (error as? SQLiteError) ?? (error as? WarehouseError)?.underlying, let cause = sqlite.cause else {
      return nil
    }
    let name = path ?? sqlite.path ?? ""
    let said = "SQLite: \(sqlite.message)"
    switch cause {
    case .full:
      message =
        "the disk holding the warehouse \(name) is full (\(said)); what the failing step wrote was not kept, earlier files were. Free some space and run again"
    case .damaged:
      message =
        "the warehouse \(name) is damaged or is not a crmpipe warehouse (\(said)). Restore it from a backup, or move it away and run again to start a new one"
    case .busy:
      busy = true
      message =
        "the warehouse \(name) is busy: another program holds it (\(said)); nothing was done. Run again when it has finished"
    case .notWritable:
      message =
        "cannot open or write the warehouse \(name) (\(said)); check that the file and its folder exist and can be written"
    case .inputOutput:
      message = "the warehouse \(name) could not be read or written (\(said)); check the disk, then run again"
    }
  }
}
