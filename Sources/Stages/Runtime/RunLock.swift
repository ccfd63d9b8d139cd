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
/// which process holds it, for the message of the run that is turned away. It lies beside
/// the warehouse's canonical path (every symbolic link followed, a dangling one too), so every
/// spelling of the warehouse's path (a link to it or to its folder, `..`) takes the same lock.
///
/// On Linux the run also holds the kernel's lock on the warehouse file itself (an existing
/// one), whatever names it: a hard link, or a second mount of its folder. There `flock` and
/// SQLite's own (`fcntl`) locks do not interact; elsewhere they may, and only the lock file is
/// used. Closing that descriptor drops the process's `fcntl` locks on the file, so the run
/// closes its connections before it releases the lock.
public final class RunLock {
  /// The diagnostics area of a refused lock: the command line exits with its own code.
  public static let area = "lock"

  private let descriptor: Int32
  /// The descriptor of the warehouse file itself, locked too (Linux), or -1.
  private var file: Int32 = -1

  /// `<warehouse>.lock`, beside the file the warehouse's path leads to.
  public static func path(forWarehouse warehouse: String) -> String { Paths.canonical(warehouse) + ".lock" }

  public init(warehouse: String) throws(DiagnosticList) {
    let path = Self.path(forWarehouse: warehouse)
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    descriptor = open(path, O_RDWR | O_CREAT, 0o644)
    guard descriptor >= 0 else {
      // Not another run: the lock file cannot be made (exit 3, not 5).
      let reason =
        errno == EISDIR
        ? "it is a folder; remove it or move it away"
        : "\(String(cString: strerror(errno))); check that its folder exists and can be written"
      throw DiagnosticList([
        .error("cannot open the lock file \(Paths.display(path)) of the warehouse: \(reason)", stage: "warehouse")
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
    #if os(Linux)
      file = open(warehouse, O_RDONLY | O_CLOEXEC)
      if file >= 0, flock(file, LOCK_EX | LOCK_NB) != 0 {
        close(file)
        close(descriptor)
        throw DiagnosticList([
          .error(
            "the warehouse \(Paths.display(warehouse)) is in use by another run, which names it by another path (a hard link, or another mount of its folder); nothing was done. Run again when it has ended",
            stage: Self.area)
        ])
      }
    #endif
    let note = "pid \(getpid()), started \(DateText.utcText(Date()))\n"
    _ = ftruncate(descriptor, 0)
    _ = note.withCString { write(descriptor, $0, strlen($0)) }
  }

  deinit {
    if file >= 0 {
      flock(file, LOCK_UN)
      close(file)
    }
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
