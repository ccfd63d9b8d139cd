import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

#if canImport(Glibc)
  import Glibc
#endif

/// Errors whose cause lies outside crmpipe, made into diagnostics with the path and what to
/// do: a full disk, a damaged warehouse or one from a newer crmpipe, a file or folder that
/// cannot be written. They are exit 3 (a busy warehouse 5), not an internal error, and no
/// Foundation error text reaches the user.
public enum EnvironmentProblem {
  /// The diagnostics of `error` when its cause is the environment, else nil (a bug).
  /// `warehouse` names the warehouse in messages, when known.
  public static func diagnostics(_ error: any Error, warehouse: String? = nil) -> DiagnosticList? {
    if let trouble = WarehouseTrouble(error, path: warehouse.map(Paths.display)) {
      return DiagnosticList([.error(trouble.message, stage: trouble.busy ? RunLock.area : "warehouse")])
    }
    if let rejects = error as? RejectsError { return DiagnosticList([.error(rejects.message, stage: "warehouse")]) }
    if let workbook = error as? WorkbookFileError {
      return DiagnosticList([
        .error(
          "cannot write the report in \(Paths.display(workbook.folder)): \(workbook.reason); check that the disk has space and the folder can be written, then run again"
        )
      ])
    }
    if let message = fileMessage(error) { return DiagnosticList([.error(message)]) }
    return nil
  }

  /// A Foundation file error as a sentence: the path, the system's reason, what to do.
  static func fileMessage(_ error: any Error) -> String? {
    let error = error as NSError
    guard error.domain == NSCocoaErrorDomain else { return nil }
    let path =
      (error.userInfo[NSFilePathErrorKey] as? String) ?? (error.userInfo[NSURLErrorKey] as? URL)?.path ?? "a file"
    return "cannot read or write \(Paths.display(path)): \(reason(error)); check that it and its folder exist and can be written"
  }

  /// The system's reason for a Foundation file error (`Permission denied`), without its domain
  /// and code.
  public static func reason(_ error: any Error) -> String {
    let error = error as NSError
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
    switch CocoaError.Code(rawValue: error.code) {
    case .fileWriteFileExists: return "a file of that name is in the way"
    case .fileWriteNoPermission, .fileReadNoPermission: return String(cString: strerror(EACCES))
    case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
    case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
    case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
    default: return error.localizedDescription
    }
  }
}
