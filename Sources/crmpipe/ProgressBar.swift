import Foundation
import Stages

/// One line on a terminal's standard error, redrawn in place: the stage, what it reads or
/// writes, how many rows (or workbooks) so far, how fast, and the time left when it can be told.
final class ProgressBar {
  private var item = ""
  private var started = Date()
  private var shown = false

  func show(_ progress: StageProgress) {
    if progress.item != item {
      (item, started) = (progress.item, Date())
    }
    let elapsed = Date().timeIntervalSince(started)
    var parts = ["  \(progress.stage)", progress.item, "\(Self.grouped(progress.done)) \(progress.unit)"]
    if elapsed >= 1, progress.done > 0 {
      parts.append("\(Self.grouped(Int(Double(progress.done) / elapsed))) \(progress.unit)/s")
    }
    if let fraction = progress.fraction, fraction > 0 {
      parts.append("\(Int(fraction * 100))%")
      if elapsed >= 1 { parts.append("about \(Self.duration(elapsed * (1 - fraction) / fraction)) left") }
    }
    write("\r\u{1B}[2K" + parts.joined(separator: "  "))
    shown = true
  }

  /// Removes the line, before anything else is printed.
  func clear() {
    guard shown else { return }
    write("\r\u{1B}[2K")
    shown = false
  }

  private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

  static func grouped(_ number: Int) -> String {
    let digits = String(number)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { result += "," }
      result.append(digit)
    }
    return result
  }

  static func duration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    return total >= 3600
      ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
      : String(format: "%d:%02d", total / 60, total % 60)
  }
}
