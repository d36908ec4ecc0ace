import Foundation
import Testing

@testable import PanelBrief

// Reference figures: numpy 2.4.6, `x.mean()`, `np.abs(np.diff(x)).mean()`, mean ± 2.66 * mrbar,
// and special causes from an independent brute-force Python implementation of the four rules
// (every window of `runLength` points tested for all-above/all-below and strictly monotone).
@Suite("Statistics: XmR chart")
struct StatisticsXmRChartTests {
  typealias T = StatisticsTolerance
  typealias Cause = XmRChart.SpecialCause

  /// Sep-22 ... Jan-24, the header of /work/shared/seed-tables/enforcement-monthly.csv.
  static let months = [
    "Sep-22", "Oct-22", "Nov-22", "Dec-22", "Jan-23", "Feb-23", "Mar-23", "Apr-23", "May-23",
    "Jun-23", "Jul-23", "Aug-23", "Sep-23", "Oct-23", "Nov-23", "Dec-23", "Jan-24",
  ]

  /// The special causes of every flagged point, by index.
  static func flagged(_ chart: XmRChart) -> [Int: [Cause]] {
    Dictionary(
      uniqueKeysWithValues: chart.points.filter(\.isSpecialCause).map {
        ($0.index, $0.specialCauses)
      })
  }

  @Test("Seed S45 series: only Feb-23 is a special cause, outside the upper limit")
  func seedS45() throws {
    let values: [Double] = [6, 8, 8, 7, 7, 35, 15, 10, 11, 15, 16, 10, 10, 21, 12, 11, 9]
    let chart = try XmRChart(values: values, labels: Self.months)
    // numpy: x.mean() = 211/17; mean moving range = 91/16.
    T.expectClose(chart.mean, 12.411764705882353, relative: 1e-12)
    T.expectClose(chart.meanMovingRange, 5.6875, relative: 1e-12)
    T.expectClose(chart.upperLimit, 27.54051470588235, relative: 1e-12)
    T.expectClose(chart.lowerLimit, -2.716985294117647, relative: 1e-12)
    #expect(chart.lowerLimitForCounts == 0)
    #expect(chart.movingRanges.count == 16)
    #expect(chart.movingRanges[4] == 28 && chart.movingRanges[5] == 20)
    #expect(!chart.isProvisional)
    #expect(Self.flagged(chart) == [5: [.outsideLimits]])
    #expect(chart.points[5].label == "Feb-23")
    #expect(chart.points[5].side == .above && chart.points[0].side == .below)
    #expect(chart.points[0].movingRange == nil && chart.points[1].movingRange == 2)
    // With runs and trends of 6 nothing else appears either.
    let six = try XmRChart(values: values, options: .init(runLength: 6))
    #expect(Self.flagged(six) == [5: [.outsideLimits]])
  }

  @Test("The other seed series: limits and special causes")
  func otherSeedSeries() throws {
    // (values, mean, mean moving range, UCL, LCL, flagged points)
    let engaged: [Double] = [8, 8, 6, 7, 8, 6, 5, 11, 4, 4, 3, 4, 3, 2, 2, 4, 5]
    let liberated: [Double] = [2, 1, 3, 0, 1, 2, 0, 3, 0, 2, 1, 0, 2, 0, 0, 1, 3]
    let nrm: [Double] = [17, 28, 18, 13, 13, 21, 12, 17, 19, 19, 21, 23, 15, 18, 11, 6, 18]

    let a = try XmRChart(values: engaged, labels: Self.months)
    T.expectClose(a.mean, 5.294117647058823, relative: 1e-12)
    T.expectClose(a.meanMovingRange, 1.6875, relative: 1e-12)
    T.expectClose(a.upperLimit, 9.782867647058824, relative: 1e-12)
    T.expectClose(a.lowerLimit, 0.8053676470588229, relative: 1e-12)
    // Apr-23 (11) above the limit; May-23 to Jan-24 nine months below the mean; Oct-23 and
    // Nov-23 (2, 2) two of three beyond two thirds of the way to the lower limit.
    var expected: [Int: [Cause]] = [7: [.outsideLimits]]
    for i in 8...16 { expected[i] = [.shift] }
    expected[13] = [.twoOfThreeNearLimit, .shift]
    expected[14] = [.twoOfThreeNearLimit, .shift]
    #expect(Self.flagged(a) == expected)
    // With 6, the first six months (all above the mean) also form a shift.
    let a6 = try XmRChart(values: engaged, options: .init(runLength: 6))
    for i in 0...5 { expected[i] = [.shift] }
    #expect(Self.flagged(a6) == expected)

    let b = try XmRChart(values: liberated)
    T.expectClose(b.mean, 1.2352941176470589, relative: 1e-12)
    T.expectClose(b.meanMovingRange, 1.6875, relative: 1e-12)
    T.expectClose(b.upperLimit, 5.724044117647059, relative: 1e-12)
    T.expectClose(b.lowerLimit, -3.2534558823529416, relative: 1e-12)
    #expect(b.lowerLimitForCounts == 0)
    #expect(!b.hasSpecialCause)

    let c = try XmRChart(values: nrm)
    T.expectClose(c.mean, 17.0, relative: 1e-12)
    T.expectClose(c.meanMovingRange, 5.5625, relative: 1e-12)
    T.expectClose(c.upperLimit, 31.79625, relative: 1e-12)
    T.expectClose(c.lowerLimit, 2.2037499999999994, relative: 1e-12)
    #expect(c.lowerLimitForCounts == c.lowerLimit)
    #expect(!c.hasSpecialCause)
    #expect(c.points[0].side == .onMean && c.points[1].side == .above)
  }

  @Test("Rule 1 alone: one point above the upper limit")
  func ruleOne() throws {
    let chart = try XmRChart(values: [5, 15, 5, 15, 5, 15, 60, 15, 5, 15, 5, 15])
    T.expectClose(chart.upperLimit, 58.11060606060607, relative: 1e-12)
    #expect(Self.flagged(chart) == [6: [.outsideLimits]])
  }

  @Test("Rule 2 alone: two of three points beyond two thirds of the way to the upper limit")
  func ruleTwo() throws {
    let values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 13.5, 11, 13.5, 10, 11, 10, 11, 10]
    let chart = try XmRChart(values: values)
    T.expectClose(chart.upperLimit, 14.588627450980393, relative: 1e-12)
    // Both 13.5s are within the limit but beyond mean + 2/3 (UCL - mean) = 13.337...; the 11
    // between them is not, so only the two are flagged.
    #expect(Self.flagged(chart) == [10: [.twoOfThreeNearLimit], 12: [.twoOfThreeNearLimit]])
  }

  @Test("Rule 3 alone: a run of 7 above the mean, and a run of 6 only with runLength 6")
  func ruleThree() throws {
    let seven = try XmRChart(values: [8, 14, 8, 14, 12, 13, 12, 13, 12, 13, 12, 8, 14, 8])
    #expect(
      Self.flagged(seven) == Dictionary(uniqueKeysWithValues: (3...10).map { ($0, [Cause.shift]) }))
    let sixValues: [Double] = [8, 14, 8, 14, 12, 13, 12, 13, 12, 8, 14, 8]
    #expect(!(try XmRChart(values: sixValues)).hasSpecialCause)
    let six = try XmRChart(values: sixValues, options: .init(runLength: 6))
    #expect(
      Self.flagged(six) == Dictionary(uniqueKeysWithValues: (3...8).map { ($0, [Cause.shift]) }))
  }

  @Test("Rule 4 alone: a trend of 7, and a trend of 6 only with runLength 6")
  func ruleFour() throws {
    let seven = try XmRChart(values: [10, 12, 10, 12, 7, 8, 9, 10, 11, 12, 13, 10, 12, 10])
    #expect(
      Self.flagged(seven) == Dictionary(uniqueKeysWithValues: (4...10).map { ($0, [Cause.trend]) }))
    let sixValues: [Double] = [10, 12, 10, 12, 7, 8, 9, 11, 12, 13, 10, 12, 10]
    #expect(!(try XmRChart(values: sixValues)).hasSpecialCause)
    let six = try XmRChart(values: sixValues, options: .init(runLength: 6))
    #expect(
      Self.flagged(six) == Dictionary(uniqueKeysWithValues: (4...9).map { ($0, [Cause.trend]) }))
  }

  @Test("Baseline: limits from the first six points, applied to all")
  func baseline() throws {
    let stable: [Double] = [6, 16, 6, 16, 6, 16]
    let options = XmRChart.Options(baseline: 0..<6)
    // A point on the mean (11) ends a run; 12 in its place makes a run of 8 (16 included).
    let broken = try XmRChart(values: stable + [13, 13, 13, 11, 13, 13, 13], options: options)
    #expect(broken.mean == 11 && broken.meanMovingRange == 10)
    T.expectClose(broken.upperLimit, 37.6, relative: 1e-12)
    T.expectClose(broken.lowerLimit, -15.600000000000001, relative: 1e-12)
    #expect(broken.points[9].side == .onMean)
    #expect(!broken.hasSpecialCause)
    #expect(broken.isProvisional)
    #expect(broken.baseline == 0..<6)
    let run = try XmRChart(values: stable + [13, 13, 13, 12, 13, 13, 13], options: options)
    #expect(
      Self.flagged(run) == Dictionary(uniqueKeysWithValues: (5...12).map { ($0, [Cause.shift]) }))
    // A strictly rising stretch of 7 is a trend; a repeated value ends it.
    let trend = try XmRChart(values: stable + [7, 8, 9, 10, 11, 12, 13], options: options)
    #expect(
      Self.flagged(trend) == Dictionary(uniqueKeysWithValues: (6...12).map { ($0, [Cause.trend]) }))
    let flat = try XmRChart(values: stable + [7, 8, 9, 9, 10, 11, 12], options: options)
    #expect(!flat.hasSpecialCause)
    // The baseline's moving ranges only: the jump into point 6 does not count.
    let jump = try XmRChart(values: stable + [100], options: options)
    #expect(jump.meanMovingRange == 10 && jump.movingRanges.last == 84)
    #expect(Self.flagged(jump) == [6: [.outsideLimits]])
  }

  @Test("Provisional limits below 12 points (or the configured number)")
  func provisional() throws {
    let values: [Double] = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8, 7, 6]
    #expect(try XmRChart(values: Array(values.prefix(11))).isProvisional)
    #expect(!(try XmRChart(values: Array(values.prefix(12)))).isProvisional)
    #expect(try XmRChart(values: values, options: .init(baseline: 0..<11)).isProvisional)
    #expect(!(try XmRChart(values: values, options: .init(baseline: 2..<14))).isProvisional)
    #expect(try XmRChart(values: values, options: .init(provisionalBelow: 20)).isProvisional)
  }

  @Test("Edge cases: flat series, too few points, bad input")
  func edges() throws {
    let flat = try XmRChart(values: [4, 4, 4, 4, 4, 4, 4, 4])
    #expect(flat.meanMovingRange == 0 && flat.upperLimit == 4 && flat.lowerLimit == 4)
    #expect(!flat.hasSpecialCause)
    #expect(flat.points.allSatisfy { $0.side == .onMean })
    let two = try XmRChart(values: [1, 3])
    #expect(two.mean == 2 && two.meanMovingRange == 2 && two.isProvisional)
    #expect(throws: StatisticsError.tooFewPoints(count: 1, needed: 2)) {
      try XmRChart(values: [1])
    }
    #expect(throws: StatisticsError.tooFewPoints(count: 0, needed: 2)) {
      try XmRChart(values: [])
    }
    #expect(throws: StatisticsError.valueNotFinite(index: 1, label: "Oct-22")) {
      try XmRChart(values: [1, .nan], labels: ["Sep-22", "Oct-22"])
    }
    #expect(throws: StatisticsError.labelCountMismatch(labels: 1, items: 2)) {
      try XmRChart(values: [1, 2], labels: ["Sep-22"])
    }
    #expect(throws: StatisticsError.baselineOutOfRange(lower: 0, upper: 5, count: 3)) {
      try XmRChart(values: [1, 2, 3], options: .init(baseline: 0..<5))
    }
    #expect(throws: StatisticsError.runLengthTooShort(1)) {
      try XmRChart(values: [1, 2, 3], options: .init(runLength: 1))
    }
  }
}
