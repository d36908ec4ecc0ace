import Foundation

/// The standard normal distribution (mean 0, standard deviation 1): the source of the critical
/// value (1.96 for 95%) behind score intervals such as Wilson's.
public enum StandardNormal {
  /// The probability that a standard normal variable is at most `z`, from `erfc` (accurate in
  /// the lower tail to full relative precision).
  public static func cdf(_ z: Double) -> Double {
    0.5 * erfc(-z / 2.0.squareRoot())
  }

  /// The value below which a standard normal variable falls with probability `p`
  /// (`scipy.stats.norm.ppf`). Acklam's rational approximation refined by Halley steps on
  /// `erfc` to full double precision. Returns `nil` unless `0 < p < 1`.
  public static func quantile(_ p: Double) -> Double? {
    guard p.isFinite, p > 0, p < 1 else { return nil }
    if p > 0.5 {
      // 1 - p is exact for p in [0.5, 1], so the symmetry costs no precision.
      return quantile(1 - p).map { -$0 }
    }
    if p == 0.5 { return 0 }
    var x = acklam(p)
    let sqrtTwoPi = (2 * Double.pi).squareRoot()
    for _ in 0..<4 {
      let error = cdf(x) - p
      let u = error * sqrtTwoPi * exp(x * x / 2)
      guard u.isFinite else { break }
      let step = u / (1 + x * u / 2)
      x -= step
      if abs(step) <= 1e-16 * abs(x) { break }
    }
    return x
  }

  /// Acklam's approximation of the lower-tail quantile, relative error below 1.2e-9 (p <= 0.5).
  private static func acklam(_ p: Double) -> Double {
    let a = [
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    let b = [
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01,
    ]
    let c = [
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
    ]
    let d = [
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00,
    ]
    if p < 0.02425 {
      let q = (-2 * log(p)).squareRoot()
      let numerator = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
      let denominator = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
      return numerator / denominator
    }
    let q = p - 0.5
    let r = q * q
    let numerator = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
    let denominator = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1
    return numerator / denominator
  }

  /// The two-sided critical value for a confidence level: 1.959963984540054 for 0.95.
  static func criticalValue(confidence: Double) -> Double? {
    guard confidence.isFinite, confidence > 0, confidence < 1 else { return nil }
    return quantile((1 - confidence) / 2).map { -$0 }
  }
}

/// The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x), by the
/// series and continued fraction of Numerical Recipes (`gser`, `gcf`); the chi-square
/// distribution's tail is Q(df/2, x/2).
public enum IncompleteGamma {
  /// P(a, x), the lower regularized incomplete gamma function (`scipy.special.gammainc`).
  /// `nil` unless a > 0 and x >= 0 are finite.
  public static func lower(a: Double, x: Double) -> Double? {
    guard a.isFinite, x.isFinite, a > 0, x >= 0 else { return nil }
    if x == 0 { return 0 }
    return x < a + 1 ? series(a: a, x: x) : 1 - continuedFraction(a: a, x: x)
  }

  /// Q(a, x), the upper regularized incomplete gamma function (`scipy.special.gammaincc`),
  /// accurate in relative terms far into the tail. `nil` unless a > 0 and x >= 0 are finite.
  public static func upper(a: Double, x: Double) -> Double? {
    guard a.isFinite, x.isFinite, a > 0, x >= 0 else { return nil }
    if x == 0 { return 1 }
    return x < a + 1 ? 1 - series(a: a, x: x) : continuedFraction(a: a, x: x)
  }

  private static func prefactor(a: Double, x: Double) -> Double {
    exp(-x + a * log(x) - lgamma(a))
  }

  private static func series(a: Double, x: Double) -> Double {
    var ap = a
    var term = 1 / a
    var sum = term
    for _ in 0..<100_000 {
      ap += 1
      term *= x / ap
      sum += term
      if abs(term) < abs(sum) * Double.ulpOfOne { break }
    }
    return min(1, sum * prefactor(a: a, x: x))
  }

  private static func continuedFraction(a: Double, x: Double) -> Double {
    let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1..<100_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < Double.ulpOfOne { break }
    }
    return min(1, max(0, prefactor(a: a, x: x) * h))
  }
}

/// The regularized incomplete beta function I_x(a, b) (Numerical Recipes `betai`, Lentz's
/// continued fraction) and its inverse, behind exact (Clopper–Pearson) binomial intervals.
public enum IncompleteBeta {
  /// I_x(a, b) (`scipy.special.betainc`). `nil` unless a, b > 0 and 0 <= x <= 1.
  public static func regularized(x: Double, a: Double, b: Double) -> Double? {
    guard a.isFinite, b.isFinite, x.isFinite, a > 0, b > 0, x >= 0, x <= 1 else { return nil }
    if x == 0 { return 0 }
    if x == 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    let front = exp(logFront)
    if x < (a + 1) / (a + b + 2) {
      return min(1, front * continuedFraction(x: x, a: a, b: b) / a)
    }
    return max(0, 1 - front * continuedFraction(x: 1 - x, a: b, b: a) / b)
  }

  /// The x with I_x(a, b) = `probability` (`scipy.special.betaincinv`, i.e. the quantile of
  /// the Beta(a, b) distribution), by bisection to full precision. Most accurate for small
  /// `probability`; for an upper-tail point use 1 - inverse(alpha, b, a).
  public static func inverse(probability: Double, a: Double, b: Double) -> Double? {
    guard probability.isFinite, probability >= 0, probability <= 1,
      a.isFinite, b.isFinite, a > 0, b > 0
    else { return nil }
    if probability == 0 { return 0 }
    if probability == 1 { return 1 }
    var low = 0.0
    var high = 1.0
    for _ in 0..<1100 {
      let middle = low + (high - low) / 2
      if middle <= low || middle >= high { break }
      guard let value = regularized(x: middle, a: a, b: b) else { return nil }
      if value < probability { low = middle } else { high = middle }
    }
    return low + (high - low) / 2
  }

  private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
    let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
    let qab = a + b
    let qap = a + 1
    let qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1..<100_000 {
      let m = Double(m)
      let m2 = 2 * m
      var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < Double.ulpOfOne { break }
    }
    return h
  }
}

/// The chi-square distribution, for the p-value of a test of homogeneity.
public enum ChiSquared {
  /// The probability that a chi-square variable with `degreesOfFreedom` exceeds `statistic`
  /// (`scipy.stats.chi2.sf`). `nil` unless degreesOfFreedom > 0 and the statistic is finite;
  /// a statistic of 0 or less gives 1.
  public static func survival(_ statistic: Double, degreesOfFreedom: Int) -> Double? {
    guard degreesOfFreedom > 0, statistic.isFinite else { return nil }
    if statistic <= 0 { return 1 }
    return IncompleteGamma.upper(a: Double(degreesOfFreedom) / 2, x: statistic / 2)
  }
}

/// The binomial distribution: the number of successes in `trials` independent trials each
/// succeeding with probability `p`.
public enum Binomial {
  /// log C(n, k) from `lgamma`.
  static func logChoose(_ n: Int, _ k: Int) -> Double {
    lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
  }

  /// The natural log of P(X = k) (`scipy.stats.binom.logpmf`); `-infinity` outside 0...n or
  /// where the probability is exactly 0; `nil` for n < 0 or p outside [0, 1].
  public static func logProbability(successes k: Int, trials n: Int, p: Double) -> Double? {
    guard n >= 0, p.isFinite, p >= 0, p <= 1 else { return nil }
    guard k >= 0, k <= n else { return -.infinity }
    if p == 0 { return k == 0 ? 0 : -.infinity }
    if p == 1 { return k == n ? 0 : -.infinity }
    return logChoose(n, k) + Double(k) * log(p) + Double(n - k) * log1p(-p)
  }

  /// The two-sided exact binomial test of `successes` out of `trials` against probability `p`,
  /// as `scipy.stats.binomtest(k, n, p).pvalue`: the total probability of all outcomes no more
  /// likely than the one observed (within a relative 1e-7, for ties). `nil` for invalid input;
  /// 1 when there are no trials.
  public static func twoSidedPValue(successes k: Int, trials n: Int, p: Double) -> Double? {
    guard n >= 0, k >= 0, k <= n, p.isFinite, p >= 0, p <= 1 else { return nil }
    if n == 0 { return 1 }
    guard let observed = logProbability(successes: k, trials: n, p: p) else { return nil }
    let logs = (0...n).map { logProbability(successes: $0, trials: n, p: p) ?? -.infinity }
    return sumOfNoMoreLikely(logProbabilities: logs, observed: observed)
  }

  /// Sums exp(l) over the log-probabilities l no larger than `observed` + log(1 + 1e-7).
  static func sumOfNoMoreLikely(logProbabilities: [Double], observed: Double) -> Double {
    let threshold = observed + log1p(1e-7)
    var total = 0.0
    for value in logProbabilities where value <= threshold {
      total += exp(value)
    }
    return min(1, total)
  }
}
