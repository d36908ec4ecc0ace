import Foundation

/// A comparison of two counts of events treated as Poisson, such as crimes recorded in two
/// years (exposure 1 each) or in periods of different length (exposure in months).
///
/// Uses the exact conditional test: given the total x1 + x2, x1 is binomial with probability
/// e1 / (e1 + e2) when the two rates are equal, so the two-sided p-value is
/// `scipy.stats.binomtest(x1, x1 + x2, e1 / (e1 + e2)).pvalue`. The rate ratio
/// (x1/e1) / (x2/e2) gets the exact interval from the Clopper–Pearson interval (pL, pU) of
/// x1 out of x1 + x2: ratio = p / (1 - p) · e2 / e1 at each end (the conditional exact interval
/// of Ederer and Mantel, 1974; from scipy as `binomtest(...).proportion_ci(method='exact')`).
public struct PoissonComparison: Sendable, Equatable, Codable {
  /// The first count (e.g. the earlier year).
  public let count1: Int
  /// The second count (e.g. the later year).
  public let count2: Int
  /// The exposure of the first count (e.g. 12 months, or 1).
  public let exposure1: Double
  /// The exposure of the second count.
  public let exposure2: Double
  /// The two-sided exact conditional p-value; 1 when both counts are zero.
  public let pValue: Double
  /// (count1 / exposure1) / (count2 / exposure2); `nil` when count2 is 0 (infinite or
  /// undefined).
  public let rateRatio: Double?
  /// The lower end of the exact interval of the rate ratio; `nil` when both counts are zero.
  public let rateRatioLower: Double?
  /// The upper end of the exact interval of the rate ratio; `nil` when both counts are zero
  /// or when count2 is 0 (no finite upper bound).
  public let rateRatioUpper: Double?
  /// The confidence level of the interval.
  public let confidence: Double

  /// Compares `count1` events in `exposure1` with `count2` in `exposure2`. Throws on negative
  /// counts, exposures that are not positive finite numbers, or a confidence outside (0, 1).
  public init(
    count1: Int, exposure1: Double = 1, count2: Int, exposure2: Double = 1,
    confidence: Double = 0.95
  ) throws(StatisticsError) {
    guard count1 >= 0 else { throw .negativeCount(what: "first count", value: count1) }
    guard count2 >= 0 else { throw .negativeCount(what: "second count", value: count2) }
    guard exposure1.isFinite, exposure1 > 0 else {
      throw .exposureNotPositive(what: "first exposure", value: exposure1)
    }
    guard exposure2.isFinite, exposure2 > 0 else {
      throw .exposureNotPositive(what: "second exposure", value: exposure2)
    }
    guard confidence.isFinite, confidence > 0, confidence < 1 else {
      throw .confidenceOutOfRange(confidence)
    }
    self.count1 = count1
    self.count2 = count2
    self.exposure1 = exposure1
    self.exposure2 = exposure2
    self.confidence = confidence
    let total = count1 + count2
    let share = exposure1 / (exposure1 + exposure2)
    pValue = Binomial.twoSidedPValue(successes: count1, trials: total, p: share) ?? 1
    rateRatio =
      count2 > 0 ? (Double(count1) / exposure1) / (Double(count2) / exposure2) : nil
    let interval = try ClopperPearson(successes: count1, trials: total, confidence: confidence)
    guard let interval else {
      rateRatioLower = nil
      rateRatioUpper = nil
      return
    }
    let exposureRatio = exposure2 / exposure1
    rateRatioLower = interval.lower / (1 - interval.lower) * exposureRatio
    rateRatioUpper =
      interval.upper < 1 ? interval.upper / (1 - interval.upper) * exposureRatio : nil
  }
}
