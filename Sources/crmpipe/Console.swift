import Foundation
import PipelineModel

/// The one place where crmpipe writes text for people.
enum Console {
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }

  static func error(_ text: String) {
    FileHandle.standardError.write(Data(("crmpipe: " + text + "\n").utf8))
  }

  static func diagnostics(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics {
      FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
    }
  }
}
