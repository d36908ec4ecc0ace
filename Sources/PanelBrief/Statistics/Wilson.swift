import Foundation

/// The Wilson score interval for a proportion, such as a charge/summons rate: the range of
/// underlying rates consistent with `successes` out of `trials` at the given confidence.
///
/// Wilson, E. B. (1927), "Probable inference, the law of succession, and statistical
/// inference", JASA 22: 209–212. Matches `statsmodels.stats.proportion.proportion_confint(
/// successes, trials, alpha=1 - confidence, method='wilson')`. Unlike the textbook p ± 1.96·SE
/// it stays within 0 and 1 and behaves for small counts and rates near 0%.
public struct Wilson: Sendable, Equatable, Codable {
  /// The number of crimes (or items) with the attribute, e.g. charged.
  public let successes: Int
  /// The number of crimes (or items) in the denominator.
  public let trials: Int
  /// The confidence level, e.g. 0.95.
  public let confidence: Double
  /// The observed proportion, successes / trials.
  public let proportion: Double
  /// The lower end of the interval (0 when there are no successes).
  public let lower: Double
  /// The upper end of the interval (1 when every trial is a success).
  public let upper: Double

  /// The interval for `successes` out of `trials`; `nil` when there are no trials (no rate
  /// exists). Throws when a count is negative, successes exceed trials, or the confidence is
  /// not strictly between 0 and 1.
  public init?(successes: Int, trials: Int, confidence: Double = 0.95) throws(StatisticsError) {
    guard successes >= 0 else {
      throw .negativeCount(what: "number of successes", value: successes)
    }
    guard trials >= 0 else { throw .negativeCount(what: "number of trials", value: trials) }
    guard successes <= trials else {
      throw .successesExceedTrials(successes: successes, trials: trials)
    }
    guard let z = StandardNormal.criticalValue(confidence: confidence) else {
      throw .confidenceOutOfRange(confidence)
    }
    guard trials > 0 else { return nil }
    let n = Double(trials)
    let p = Double(successes) / n
    let z2 = z * z
    let denominator = 1 + z2 / n
    let centre = (p + z2 / (2 * n)) / denominator
    let halfWidth = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
    self.successes = successes
    self.trials = trials
    self.confidence = confidence
    self.proportion = p
    self.lower = successes == 0 ? 0 : max(0, centre - halfWidth)
    self.upper = successes == trials ? 1 : min(1, centre + halfWidth)
  }
}

/// The exact (Clopper–Pearson) interval for a binomial proportion: the rates under which the
/// observed count would not be in either tail beyond (1 - confidence) / 2.
///
/// Clopper, C. J. and Pearson, E. S. (1934), Biometrika 26: 404–413. Matches
/// `statsmodels.stats.proportion.proportion_confint(..., method='beta')` and
/// `scipy.stats.binomtest(k, n).proportion_ci(method='exact')`. Conservative; used here for
/// the exact interval of a ratio of two Poisson rates.
public struct ClopperPearson: Sendable, Equatable, Codable {
  /// The number of successes.
  public let successes: Int
  /// The number of trials.
  public let trials: Int
  /// The confidence level, e.g. 0.95.
  public let confidence: Double
  /// The lower end of the interval (0 when there are no successes).
  public let lower: Double
  /// The upper end of the interval (1 when every trial is a success).
  public let upper: Double

  /// The interval for `successes` out of `trials`; `nil` when there are no trials. Throws on a
  /// negative count, successes above trials, or a confidence outside (0, 1).
  public init?(successes: Int, trials: Int, confidence: Double = 0.95) throws(StatisticsError) {
    guard successes >= 0 else {
      throw .negativeCount(what: "number of successes", value: successes)
    }
    guard trials >= 0 else { throw .negativeCount(what: "number of trials", value: trials) }
    guard successes <= trials else {
      throw .successesExceedTrials(successes: successes, trials: trials)
    }
    guard confidence.isFinite, confidence > 0, confidence < 1 else {
      throw .confidenceOutOfRange(confidence)
    }
    guard trials > 0 else { return nil }
    let tail = (1 - confidence) / 2
    let k = Double(successes)
    let n = Double(trials)
    self.successes = successes
    self.trials = trials
    self.confidence = confidence
    // lower = Beta(tail; k, n - k + 1); upper = Beta(1 - tail; k + 1, n - k), computed as
    // 1 - Beta(tail; n - k, k + 1) so both ends are found in a lower tail, at full precision.
    self.lower =
      successes == 0 ? 0 : (IncompleteBeta.inverse(probability: tail, a: k, b: n - k + 1) ?? 0)
    self.upper =
      successes == trials
      ? 1 : 1 - (IncompleteBeta.inverse(probability: tail, a: n - k, b: k + 1) ?? 0)
  }
}
