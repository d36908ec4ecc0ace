import Foundation

/// Pearson's chi-square test of homogeneity: do the periods share one distribution over the
/// categories (e.g. the mix of outcome types in 2020, 2021, 2022 and 2023)?
///
/// The table has one row per category (outcome label, channel...) and one column per period
/// (the layout of the seed tables); the test is symmetric, so the transpose gives the same
/// statistic and p-value. No continuity correction, as `scipy.stats.chi2_contingency(table,
/// correction=False)`. Rows and columns that are all zero carry no information and would make
/// expected counts zero, so they are left out before testing and listed in the result. The
/// approximation is poor when expected counts are small: the result reports the smallest
/// expected count and how many cells fall below 5 (the usual rule: at most 20% of cells below
/// 5, none below 1); group sparse categories with `grouped(counts:labels:groupOf:)`.
public struct ChiSquareHomogeneity: Sendable, Equatable, Codable {
  /// The labels of the rows kept (all when none were given: "row 1", "row 2", ...).
  public let rowLabels: [String]
  /// The labels of the columns kept.
  public let columnLabels: [String]
  /// Indices (in the input) of the rows kept.
  public let keptRows: [Int]
  /// Indices (in the input) of the columns kept.
  public let keptColumns: [Int]
  /// Indices (in the input) of the all-zero rows left out.
  public let droppedRows: [Int]
  /// Indices (in the input) of the all-zero columns left out.
  public let droppedColumns: [Int]
  /// The observed counts of the kept rows and columns.
  public let observed: [[Int]]
  /// The expected counts under homogeneity: row total · column total / grand total.
  public let expected: [[Double]]
  /// Pearson's X² = Σ (observed - expected)² / expected.
  public let statistic: Double
  /// (kept rows - 1) · (kept columns - 1).
  public let degreesOfFreedom: Int
  /// P(χ² with `degreesOfFreedom` > `statistic`).
  public let pValue: Double
  /// The smallest expected count.
  public let minimumExpected: Double
  /// The number of cells with an expected count below 5.
  public let cellsWithExpectedBelowFive: Int
  /// The share (0...1) of cells with an expected count below 5.
  public let shareOfCellsWithExpectedBelowFive: Double

  /// Tests `counts[row][column]` (rows = categories, columns = periods). Labels are optional
  /// but, when given, must match the table's size. Throws on negative counts, ragged rows,
  /// mismatched labels, or when fewer than two non-empty rows or columns remain.
  public init(counts: [[Int]], rowLabels: [String]? = nil, columnLabels: [String]? = nil)
    throws(StatisticsError)
  {
    let columnCount = counts.first?.count ?? 0
    for (r, row) in counts.enumerated() {
      guard row.count == columnCount else {
        throw .raggedTable(row: r, expectedColumns: columnCount, foundColumns: row.count)
      }
      for (c, value) in row.enumerated() where value < 0 {
        throw .negativeCount(what: "count in row \(r + 1), column \(c + 1)", value: value)
      }
    }
    if let rowLabels, rowLabels.count != counts.count {
      throw .labelCountMismatch(labels: rowLabels.count, items: counts.count)
    }
    if let columnLabels, columnLabels.count != columnCount {
      throw .labelCountMismatch(labels: columnLabels.count, items: columnCount)
    }
    let allRowLabels = rowLabels ?? counts.indices.map { "row \($0 + 1)" }
    let allColumnLabels = columnLabels ?? (0..<columnCount).map { "column \($0 + 1)" }

    let rows = counts.indices.filter { r in counts[r].contains { $0 != 0 } }
    let columns = (0..<columnCount).filter { c in counts.contains { $0[c] != 0 } }
    guard rows.count >= 2, columns.count >= 2 else {
      throw .tooFewNonEmptyCategories(rows: rows.count, columns: columns.count)
    }
    keptRows = rows
    keptColumns = columns
    droppedRows = counts.indices.filter { !rows.contains($0) }
    droppedColumns = (0..<columnCount).filter { !columns.contains($0) }
    self.rowLabels = rows.map { allRowLabels[$0] }
    self.columnLabels = columns.map { allColumnLabels[$0] }
    let observed = rows.map { r in columns.map { c in counts[r][c] } }
    self.observed = observed

    let rowTotals = observed.map { $0.reduce(0.0) { $0 + Double($1) } }
    let columnTotals = columns.indices.map { c in observed.reduce(0.0) { $0 + Double($1[c]) } }
    let grandTotal = rowTotals.reduce(0, +)
    let expected = rowTotals.map { rowTotal in
      columnTotals.map { rowTotal * $0 / grandTotal }
    }
    self.expected = expected
    var statistic = 0.0
    var minimum = Double.infinity
    var below = 0
    for r in observed.indices {
      for c in observed[r].indices {
        let e = expected[r][c]
        let difference = Double(observed[r][c]) - e
        statistic += difference * difference / e
        minimum = min(minimum, e)
        if e < 5 { below += 1 }
      }
    }
    self.statistic = statistic
    degreesOfFreedom = (rows.count - 1) * (columns.count - 1)
    pValue = ChiSquared.survival(statistic, degreesOfFreedom: degreesOfFreedom) ?? 1
    minimumExpected = minimum
    cellsWithExpectedBelowFive = below
    shareOfCellsWithExpectedBelowFive = Double(below) / Double(rows.count * columns.count)
  }

  /// Adds up the rows of a table by group, to pool sparse categories before testing (e.g. a
  /// force's outcome labels into Home Office outcome groups). `groupOf` names each row's
  /// group from its label, or returns `nil` to leave the row out (e.g. cancelled crimes).
  /// Groups keep the order in which they first appear. Throws on ragged rows or mismatched
  /// labels.
  public static func grouped(
    counts: [[Int]], labels: [String], groupOf: (String) -> String?
  ) throws(StatisticsError) -> (labels: [String], counts: [[Int]]) {
    guard labels.count == counts.count else {
      throw .labelCountMismatch(labels: labels.count, items: counts.count)
    }
    let columnCount = counts.first?.count ?? 0
    var groupLabels: [String] = []
    var groupCounts: [[Int]] = []
    var position: [String: Int] = [:]
    for (r, row) in counts.enumerated() {
      guard row.count == columnCount else {
        throw .raggedTable(row: r, expectedColumns: columnCount, foundColumns: row.count)
      }
      guard let group = groupOf(labels[r]) else { continue }
      if let index = position[group] {
        for c in row.indices { groupCounts[index][c] += row[c] }
      } else {
        position[group] = groupLabels.count
        groupLabels.append(group)
        groupCounts.append(row)
      }
    }
    return (groupLabels, groupCounts)
  }
}
