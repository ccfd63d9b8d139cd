import Foundation
import PipelineConfig
import PipelineModel

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive hold on a warehouse for the length of a run, so that a second run (a cron
/// job that started again before the first ended) stops at once instead of waiting.
///
/// The lock is the kernel's (`flock` on `<warehouse>.lock`): a run that dies, even killed,
/// releases it, so a lock file a dead run left behind is simply taken over. The file says
/// which process holds it, for the message of the run that is turned away.
public final class RunLock {
  /// The diagnostics area of a refused lock: the command line exits with its own code.
  public static let area = "lock"

  private let descriptor: Int32

  /// `<warehouse>.lock`.
  public static func path(forWarehouse warehouse: String) -> String { warehouse + ".lock" }

  public init(warehouse: String) throws(DiagnosticList) {
    let path = Self.path(forWarehouse: warehouse)
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    descriptor = open(path, O_RDWR | O_CREAT, 0o644)
    guard descriptor >= 0 else {
      throw DiagnosticList([
        .error("cannot create the lock file \(Paths.display(path)): \(String(cString: strerror(errno)))", stage: Self.area)
      ])
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
      close(descriptor)
      throw DiagnosticList([
        .error(
          "the warehouse \(Paths.display(warehouse)) is in use by another run (\(holder?.isEmpty == false ? holder ?? "" : "unknown process")); nothing was done. Run again when it has ended",
          stage: Self.area)
      ])
    }
    let note = "pid \(getpid()), started \(DateText.utcText(Date()))\n"
    _ = ftruncate(descriptor, 0)
    _ = note.withCString { write(descriptor, $0, strlen($0)) }
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
