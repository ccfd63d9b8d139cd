import Foundation
import PipelineModel

/// Entry points tests use to reach the stages' field parsing directly.
public enum StagesTesting {
  public static func parseDate(_ text: String, format: DateFormat?, settings: Settings) throws -> Date {
    try FieldParsing.date(text, field: "date", format: format, settings: settings)
  }

  /// Why `text` is refused as a date, or nil.
  public static func dateProblem(_ text: String, format: DateFormat?, settings: Settings) -> String? {
    do {
      _ = try FieldParsing.date(text, field: "date", format: format, settings: settings)
      return nil
    } catch { return error.reason }
  }
}
