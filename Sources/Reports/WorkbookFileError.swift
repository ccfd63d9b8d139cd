/// A workbook that could not be written for a reason of its disk or folder (a full disk),
/// not of its content.
public struct WorkbookFileError: Error, Sendable, CustomStringConvertible {
  /// The folder the workbook was written in.
  public let folder: String
  /// The system's reason: "No space left on device".
  public let reason: String
  /// libxlsxwriter's own message.
  public let library: String

  public var description: String { "cannot write a workbook in \(folder): \(reason) (libxlsxwriter: \(library))" }
}
