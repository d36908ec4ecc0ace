import Foundation

/// An XmR (individuals and moving range) statistical process control chart of a monthly
/// series, as in NHS England's "Making Data Count": it separates common-cause variation (the
/// month-to-month noise a panel should not read anything into) from special causes.
///
/// Centre line = mean; moving range MR_i = |x_i - x_(i-1)|; process limits = mean ± 2.66 ×
/// mean(MR). The mean and limits come from the baseline points (all points by default) and
/// are applied to every point. Special causes, each flagged on every point involved:
/// 1. a point above the upper or below the lower process limit;
/// 2. two of three consecutive points beyond two thirds of the way from the mean to a limit,
///    on the same side (the points beyond are flagged);
/// 3. a shift: `runLength` or more consecutive points all above or all below the mean (a point
///    on the mean ends the run);
/// 4. a trend: `runLength` or more consecutive points, each higher (or each lower) than the one
///    before it within the trend (an equal value ends the trend).
/// Limits from fewer than `provisionalBelow` points are marked provisional.
/// See https://www.england.nhs.uk/publication/making-data-count/.
public struct XmRChart: Sendable, Equatable, Codable {
  /// How the chart is built.
  public struct Options: Sendable, Equatable, Codable {
    /// The length of run (rule 3) and of trend (rule 4) that signals a special cause: 7 by
    /// default, 6 in some guides.
    public var runLength: Int
    /// The points (by index, half-open) the mean and limits are computed from; `nil` for all.
    public var baseline: Range<Int>?
    /// Limits computed from fewer points than this are provisional (12 by default).
    public var provisionalBelow: Int

    public init(runLength: Int = 7, baseline: Range<Int>? = nil, provisionalBelow: Int = 12) {
      self.runLength = runLength
      self.baseline = baseline
      self.provisionalBelow = provisionalBelow
    }
  }

  /// A signal that a point is unlikely to be common-cause variation, in rule order.
  public enum SpecialCause: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Rule 1: outside the process limits.
    case outsideLimits
    /// Rule 2: two of three consecutive points beyond two thirds of the way to a limit.
    case twoOfThreeNearLimit
    /// Rule 3: a run of points all on one side of the mean.
    case shift
    /// Rule 4: a run of points each rising, or each falling.
    case trend

    /// The rule's number in the list above (1...4).
    public var ruleNumber: Int {
      switch self {
      case .outsideLimits: 1
      case .twoOfThreeNearLimit: 2
      case .shift: 3
      case .trend: 4
      }
    }
  }

  /// Where a point lies relative to the centre line.
  public enum Side: String, Sendable, Equatable, Codable {
    case above, below, onMean
  }

  /// One point of the chart.
  public struct Point: Sendable, Equatable, Codable {
    /// The 0-based position in the series.
    public let index: Int
    /// The label given for the point (e.g. "Feb-23"), if any.
    public let label: String?
    /// The value.
    public let value: Double
    /// |value - previous value|; `nil` for the first point.
    public let movingRange: Double?
    /// Above, below or on the mean.
    public let side: Side
    /// The special causes this point is part of, in rule order; empty for common cause.
    public let specialCauses: [SpecialCause]

    /// `true` when the point is part of any special cause.
    public var isSpecialCause: Bool { !specialCauses.isEmpty }
  }

  /// The options the chart was built with.
  public let options: Options
  /// The points the mean and limits were computed from.
  public let baseline: Range<Int>
  /// The centre line: the mean of the baseline points.
  public let mean: Double
  /// The moving ranges of the whole series, MR_i = |x_i - x_(i-1)| for i = 1..<count.
  public let movingRanges: [Double]
  /// The mean of the moving ranges within the baseline.
  public let meanMovingRange: Double
  /// The upper process limit, mean + 2.66 × mean moving range.
  public let upperLimit: Double
  /// The lower process limit, mean - 2.66 × mean moving range (may be negative).
  public let lowerLimit: Double
  /// The lower limit for a series of counts, max(0, lower limit), for display.
  public let lowerLimitForCounts: Double
  /// mean + 2/3 of the way to the upper limit (the rule 2 threshold above the mean).
  public let upperTwoThirds: Double
  /// mean - 2/3 of the way to the lower limit (the rule 2 threshold below the mean).
  public let lowerTwoThirds: Double
  /// `true` when the limits rest on fewer than `options.provisionalBelow` points.
  public let isProvisional: Bool
  /// The points, with their special causes.
  public let points: [Point]

  /// The scaling constant 2.66 = 3 / d2 with d2 = 1.128 for moving ranges of two points.
  public static let limitFactor = 2.66

  /// `true` when any point shows a special cause.
  public var hasSpecialCause: Bool { points.contains { $0.isSpecialCause } }

  /// Builds the chart of `values` (labels optional, one per value). Throws when a value is not
  /// finite, the labels do not match, the baseline is outside the series or has fewer than
  /// two points, or the run length is below 2.
  public init(values: [Double], labels: [String]? = nil, options: Options = Options())
    throws(StatisticsError)
  {
    if let labels, labels.count != values.count {
      throw .labelCountMismatch(labels: labels.count, items: values.count)
    }
    for (i, value) in values.enumerated() where !value.isFinite {
      throw .valueNotFinite(index: i, label: labels?[i])
    }
    guard options.runLength >= 2 else { throw .runLengthTooShort(options.runLength) }
    let baseline = options.baseline ?? 0..<values.count
    guard baseline.lowerBound >= 0, baseline.upperBound <= values.count else {
      throw .baselineOutOfRange(
        lower: baseline.lowerBound, upper: baseline.upperBound, count: values.count)
    }
    guard baseline.count >= 2 else { throw .tooFewPoints(count: baseline.count, needed: 2) }

    let movingRanges = values.indices.dropFirst().map { abs(values[$0] - values[$0 - 1]) }
    let baselineValues = values[baseline]
    let mean = baselineValues.reduce(0, +) / Double(baselineValues.count)
    // Moving ranges within the baseline: MR_i for i in lowerBound+1..<upperBound.
    let baselineRanges = ((baseline.lowerBound + 1)..<baseline.upperBound).map {
      movingRanges[$0 - 1]
    }
    let meanMovingRange = baselineRanges.reduce(0, +) / Double(baselineRanges.count)
    let upperLimit = mean + Self.limitFactor * meanMovingRange
    let lowerLimit = mean - Self.limitFactor * meanMovingRange
    let upperTwoThirds = mean + 2 * (upperLimit - mean) / 3
    let lowerTwoThirds = mean - 2 * (mean - lowerLimit) / 3

    let tolerance = 1e-9 * max(1, abs(mean))
    let sides: [Side] = values.map {
      abs($0 - mean) <= tolerance ? .onMean : ($0 > mean ? .above : .below)
    }
    var causes = Array(repeating: Set<SpecialCause>(), count: values.count)
    let n = values.count

    // Rule 1.
    for i in values.indices where values[i] > upperLimit || values[i] < lowerLimit {
      causes[i].insert(.outsideLimits)
    }
    // Rule 2: every window of three consecutive points (or the whole series if shorter).
    for start in values.indices {
      let window = start..<min(start + 3, n)
      if start > 0 && window.count < 3 { break }
      for isBeyond in [
        { (x: Double) in x > upperTwoThirds }, { (x: Double) in x < lowerTwoThirds },
      ] {
        let beyond = window.filter { isBeyond(values[$0]) }
        if beyond.count >= 2 {
          for i in beyond { causes[i].insert(.twoOfThreeNearLimit) }
        }
      }
    }
    // Rule 3: maximal runs on one side of the mean.
    var runStart = 0
    for i in 0...n {
      if i == n || sides[i] == .onMean || sides[i] != sides[runStart] {
        if runStart < n, sides[runStart] != .onMean, i - runStart >= options.runLength {
          for j in runStart..<i { causes[j].insert(.shift) }
        }
        runStart = i
      }
    }
    // Rule 4: maximal strictly rising or strictly falling stretches.
    for direction in [1.0, -1.0] {
      var start = 0
      for i in 1...max(n, 1) {
        let continues = i < n && (values[i] - values[i - 1]) * direction > 0
        if !continues {
          if i - start >= options.runLength {
            for j in start..<i { causes[j].insert(.trend) }
          }
          start = i
        }
      }
    }

    self.options = options
    self.baseline = baseline
    self.mean = mean
    self.movingRanges = movingRanges
    self.meanMovingRange = meanMovingRange
    self.upperLimit = upperLimit
    self.lowerLimit = lowerLimit
    self.lowerLimitForCounts = max(0, lowerLimit)
    self.upperTwoThirds = upperTwoThirds
    self.lowerTwoThirds = lowerTwoThirds
    self.isProvisional = baseline.count < options.provisionalBelow
    self.points = values.indices.map { i in
      Point(
        index: i, label: labels?[i], value: values[i],
        movingRange: i == 0 ? nil : movingRanges[i - 1], side: sides[i],
        specialCauses: SpecialCause.allCases.filter { causes[i].contains($0) })
    }
  }
}
