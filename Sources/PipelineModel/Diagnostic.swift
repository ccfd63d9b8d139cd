/// A position in a source file, 1-based. `column` is nil where only the line is known.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int?

  public init(file: String, line: Int, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String {
    if let column { return "\(file):\(line):\(column)" }
    return "\(file):\(line)"
  }
}

/// One problem found by library code. Only the CLI renders diagnostics.
public struct Diagnostic: Sendable, Equatable, Error, CustomStringConvertible {
  public enum Severity: String, Sendable { case error, warning, note }

  public var severity: Severity
  public var location: SourceLocation?
  /// The stage kind (`import.contacts`) or area (`pipeline`, `settings`) the problem belongs to.
  public var stage: String?
  public var message: String
  public var notes: [Diagnostic]

  public init(
    _ severity: Severity, at location: SourceLocation?, stage: String? = nil, _ message: String,
    notes: [Diagnostic] = []
  ) {
    self.severity = severity
    self.location = location
    self.stage = stage
    self.message = message
    self.notes = notes
  }

  public static func error(
    _ message: String, at location: SourceLocation? = nil, stage: String? = nil, notes: [Diagnostic] = []
  ) -> Diagnostic {
    Diagnostic(.error, at: location, stage: stage, message, notes: notes)
  }

  public static func note(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
    Diagnostic(.note, at: location, message)
  }

  /// `file:line:column: error: [stage] message`, then one line per note.
  public var description: String {
    var head = ""
    if let location { head += "\(location): " }
    head += "\(severity.rawValue): "
    if let stage { head += "[\(stage)] " }
    head += message
    return ([head] + notes.map(\.description)).joined(separator: "\n")
  }
}

/// What kind of failure stopped a run; the command line picks its exit code from it.
public enum FailureKind: String, Sendable {
  /// A file, the warehouse or an output could not be read or written as the run needed.
  case input
  /// A report needs exchange rates the settings and the warehouse do not have.
  case missingRates = "missing-rates"
  /// Something crmpipe did not expect: a bug to report.
  case internalError = "internal"
}

/// Several diagnostics thrown together, e.g. every problem of a pipeline file.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]
  public var kind: FailureKind
  public init(_ diagnostics: [Diagnostic], kind: FailureKind = .input) {
    self.diagnostics = diagnostics
    self.kind = kind
  }
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
