import Foundation

/// The difference between two proportions (e.g. the charge rate in 2020 minus that in 2023),
/// with Newcombe's hybrid score interval.
///
/// Newcombe, R. G. (1998), "Interval estimation for the difference between independent
/// proportions: comparison of eleven methods", Statistics in Medicine 17: 873–890, method 10:
/// from the Wilson intervals (l1, u1) and (l2, u2),
/// lower = d - sqrt((p1 - l1)² + (u2 - p2)²), upper = d + sqrt((u1 - p1)² + (p2 - l2)²).
/// Matches `statsmodels.stats.proportion.confint_proportions_2indep(x1, n1, x2, n2,
/// method='newcomb', compare='diff')`.
public struct ProportionDifference: Sendable, Equatable, Codable {
  /// The Wilson interval of the first proportion.
  public let first: Wilson
  /// The Wilson interval of the second proportion.
  public let second: Wilson
  /// p1 - p2.
  public let difference: Double
  /// The lower end of the interval for p1 - p2.
  public let lower: Double
  /// The upper end of the interval for p1 - p2.
  public let upper: Double

  /// Compares `successes1` of `trials1` with `successes2` of `trials2`; `nil` when either has
  /// no trials. Throws on invalid counts or confidence, as `Wilson` does.
  public init?(
    successes1: Int, trials1: Int, successes2: Int, trials2: Int, confidence: Double = 0.95
  ) throws(StatisticsError) {
    let first = try Wilson(successes: successes1, trials: trials1, confidence: confidence)
    let second = try Wilson(successes: successes2, trials: trials2, confidence: confidence)
    guard let first, let second else { return nil }
    self.first = first
    self.second = second
    let p1 = first.proportion
    let p2 = second.proportion
    difference = p1 - p2
    let below =
      ((p1 - first.lower) * (p1 - first.lower) + (second.upper - p2) * (second.upper - p2))
    let above =
      ((first.upper - p1) * (first.upper - p1) + (p2 - second.lower) * (p2 - second.lower))
    lower = max(-1, difference - below.squareRoot())
    upper = min(1, difference + above.squareRoot())
  }
}
