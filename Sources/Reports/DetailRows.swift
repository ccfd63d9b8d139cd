/// The rows of a detail table, made one at a time when the sheet is written (and once
/// before, for the column widths) instead of being held as cells: the items behind them are
/// in memory already.
public struct DetailRows: Sendable {
  /// The sheet row of the first item.
  public var first: Int
  public var count: Int
  /// The cells of item `index` (0-based), on sheet row `first + index`.
  public var cells: @Sendable (Int) -> [Cell]

  public init(first: Int, count: Int, cells: @escaping @Sendable (Int) -> [Cell]) {
    self.first = first
    self.count = count
    self.cells = cells
  }
}
