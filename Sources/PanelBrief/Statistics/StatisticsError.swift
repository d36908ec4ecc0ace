import Foundation

/// Why a statistical summary or test could not be computed from the figures given to it.
///
/// Every case reads as a sentence a performance analyst understands, naming the figure at fault.
public enum StatisticsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A count that must be zero or more is negative (e.g. a correction row carried into a test).
  case negativeCount(what: String, value: Int)
  /// More successes (e.g. charged crimes) than trials (crimes) were given.
  case successesExceedTrials(successes: Int, trials: Int)
  /// The confidence level is not strictly between 0 and 1.
  case confidenceOutOfRange(Double)
  /// An exposure (e.g. months or population at risk) is zero, negative or not a number.
  case exposureNotPositive(what: String, value: Double)
  /// A value of a series is not a finite number.
  case valueNotFinite(index: Int, label: String?)
  /// A row of a table has a different number of cells from the first row.
  case raggedTable(row: Int, expectedColumns: Int, foundColumns: Int)
  /// After leaving out all-zero rows and columns, fewer than two of either remain.
  case tooFewNonEmptyCategories(rows: Int, columns: Int)
  /// The number of labels differs from the number of values or rows they name.
  case labelCountMismatch(labels: Int, items: Int)
  /// A series has too few points to compute process limits.
  case tooFewPoints(count: Int, needed: Int)
  /// The baseline range does not lie within the series.
  case baselineOutOfRange(lower: Int, upper: Int, count: Int)
  /// A run or trend length below 2 was asked for.
  case runLengthTooShort(Int)

  public var description: String {
    switch self {
    case .negativeCount(let what, let value):
      "The \(what) is \(value); counts must be zero or more."
    case .successesExceedTrials(let successes, let trials):
      "There are \(successes) successes but only \(trials) trials; successes cannot exceed trials."
    case .confidenceOutOfRange(let level):
      "The confidence level \(level) is not between 0 and 1 (for 95% give 0.95)."
    case .exposureNotPositive(let what, let value):
      "The \(what) is \(value); an exposure must be a positive number."
    case .valueNotFinite(let index, let label):
      if let label {
        "The value for \(label) (point \(index + 1)) is not a finite number."
      } else {
        "The value at point \(index + 1) is not a finite number."
      }
    case .raggedTable(let row, let expected, let found):
      "Row \(row + 1) of the table has \(found) cells where the first row has \(expected)."
    case .tooFewNonEmptyCategories(let rows, let columns):
      "After leaving out rows and columns that are all zero, \(rows) row(s) and \(columns) "
        + "column(s) remain; a comparison needs at least two of each."
    case .labelCountMismatch(let labels, let items):
      "There are \(labels) labels for \(items) values; give one label per value."
    case .tooFewPoints(let count, let needed):
      "The series has \(count) point(s) to compute limits from; at least \(needed) are needed."
    case .baselineOutOfRange(let lower, let upper, let count):
      "The baseline, points \(lower + 1) to \(upper), does not lie within the series of \(count) points."
    case .runLengthTooShort(let length):
      "A run or trend length of \(length) is too short; use 2 or more (6 or 7 in the NHS guides)."
    }
  }
}
