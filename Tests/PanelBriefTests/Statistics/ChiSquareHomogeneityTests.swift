import Foundation
import Testing

@testable import PanelBrief

// Reference values: scipy 1.17.1, stats.chi2_contingency(table, correction=False), computed on
// the table after removing all-zero rows and columns (scipy refuses zero expected counts).
@Suite("Statistics: chi-square test of homogeneity")
struct StatisticsChiSquareTests {
  typealias T = StatisticsTolerance

  /// ../shared/seed-tables/outcomes-by-year.csv without the Grand Total row (2020...2023).
  static let seedLabels = SeedTable.body("outcomes-by-year.csv").map(\.label)
  static let seedCounts = SeedTable.body("outcomes-by-year.csv").map(\.values)

  @Test("Seed outcome table: 15 labels x 4 years, two all-zero labels dropped")
  func seedOutcomes() throws {
    let test = try ChiSquareHomogeneity(
      counts: Self.seedCounts, rowLabels: Self.seedLabels,
      columnLabels: ["2020", "2021", "2022", "2023"])
    #expect(test.droppedRows == [1, 3])
    #expect(test.droppedColumns.isEmpty)
    #expect(test.rowLabels.count == 13)
    #expect(test.columnLabels == ["2020", "2021", "2022", "2023"])
    T.expectClose(test.statistic, 116.82278210161623, relative: 1e-10)
    #expect(test.degreesOfFreedom == 36)
    T.expectClose(test.pValue, 1.8071694678959896e-10, relative: 1e-9)
    T.expectClose(test.minimumExpected, 0.2215508559919436, relative: 1e-10)
    #expect(test.cellsWithExpectedBelowFive == 20)
    T.expectClose(test.shareOfCellsWithExpectedBelowFive, 20.0 / 52.0, relative: 1e-12)
    // res.expected_freq[0]
    let firstRow = [3.5448136958710976, 3.9476334340382677, 4.479355488418933, 4.028197381671702]
    for (actual, expected) in zip(test.expected[0], firstRow) {
      T.expectClose(actual, expected, relative: 1e-12)
    }
    // The transpose (rows = years) gives the same test.
    let transposed = (0..<4).map { c in Self.seedCounts.map { $0[c] } }
    let other = try ChiSquareHomogeneity(counts: transposed)
    T.expectClose(other.statistic, test.statistic, relative: 1e-12)
    #expect(other.droppedColumns == [1, 3])
  }

  @Test("Grouping by Home Office outcome type before testing")
  func groupedSeedOutcomes() throws {
    // Group by the outcome type number before ':'; leave out labels that are not outcome types.
    let grouped = try ChiSquareHomogeneity.grouped(
      counts: Self.seedCounts, labels: Self.seedLabels
    ) { label in
      label.firstIndex(of: ":").map { String(label[..<$0]) }
    }
    #expect(grouped.labels == ["1", "10", "13", "14", "15", "16", "18", "20", "21", "22"])
    #expect(grouped.counts[0] == [10, 2, 2, 2])
    #expect(grouped.counts[4] == [20, 13, 9, 21])
    let test = try ChiSquareHomogeneity(counts: grouped.counts, rowLabels: grouped.labels)
    #expect(test.droppedRows == [2])
    // stats.chi2_contingency(grouped table without the all-zero "13" row, correction=False)
    T.expectClose(test.statistic, 56.13129068630126, relative: 1e-10)
    #expect(test.degreesOfFreedom == 24)
    T.expectClose(test.pValue, 0.00021992222259352627, relative: 1e-9)
    T.expectClose(test.minimumExpected, 0.23248407643312102, relative: 1e-10)
    #expect(test.cellsWithExpectedBelowFive == 16)
  }

  @Test("Zero rows and columns, tiny and large tables")
  func edges() throws {
    let sparse = try ChiSquareHomogeneity(counts: [[10, 20, 0], [0, 0, 0], [30, 25, 0]])
    #expect(sparse.droppedRows == [1] && sparse.droppedColumns == [2])
    #expect(
      sparse.rowLabels == ["row 1", "row 3"] && sparse.columnLabels == ["column 1", "column 2"])
    T.expectClose(sparse.statistic, 3.505892255892255, relative: 1e-10)
    T.expectClose(sparse.pValue, 0.06115089757606777, relative: 1e-9)
    T.expectClose(sparse.minimumExpected, 14.117647058823529, relative: 1e-12)

    let tiny = try ChiSquareHomogeneity(counts: [[1, 0], [0, 1]])
    T.expectClose(tiny.statistic, 2.0, relative: 1e-12)
    T.expectClose(tiny.pValue, 0.15729920705028105, relative: 1e-9)
    #expect(tiny.cellsWithExpectedBelowFive == 4 && tiny.shareOfCellsWithExpectedBelowFive == 1)

    let large = try ChiSquareHomogeneity(counts: [
      [5000, 4800, 5100], [3000, 3300, 2900], [120, 90, 150],
    ])
    T.expectClose(large.statistic, 52.23149038154364, relative: 1e-10)
    T.expectClose(large.pValue, 1.2339498712533512e-10, relative: 1e-9)
    #expect(large.degreesOfFreedom == 4)

    #expect(throws: StatisticsError.tooFewNonEmptyCategories(rows: 1, columns: 2)) {
      try ChiSquareHomogeneity(counts: [[1, 2], [0, 0]])
    }
    #expect(throws: StatisticsError.tooFewNonEmptyCategories(rows: 0, columns: 0)) {
      try ChiSquareHomogeneity(counts: [])
    }
    #expect(throws: StatisticsError.raggedTable(row: 1, expectedColumns: 2, foundColumns: 1)) {
      try ChiSquareHomogeneity(counts: [[1, 2], [3]])
    }
    #expect(throws: StatisticsError.negativeCount(what: "count in row 2, column 1", value: -4)) {
      try ChiSquareHomogeneity(counts: [[1, 2], [-4, 3]])
    }
    #expect(throws: StatisticsError.labelCountMismatch(labels: 1, items: 2)) {
      try ChiSquareHomogeneity(counts: [[1, 2], [4, 3]], rowLabels: ["a"])
    }
  }
}
