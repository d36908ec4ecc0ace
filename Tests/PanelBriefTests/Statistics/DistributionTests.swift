import Foundation
import Testing

@testable import PanelBrief

// Reference values: scipy 1.17.1, numpy 2.4.6 (Python 3), computed with the call in each comment.
@Suite("Statistics: distributions")
struct StatisticsDistributionTests {
  typealias T = StatisticsTolerance

  @Test("Normal quantile matches scipy.stats.norm.ppf")
  func normalQuantile() {
    let cases: [(Double, Double)] = [
      (0.025, -1.9599639845400545),  // stats.norm.ppf(0.025)
      (0.975, 1.959963984540054),  // stats.norm.ppf(0.975)
      (1e-10, -6.361340902404056),  // stats.norm.ppf(1e-10)
      (0.3, -0.5244005127080409),  // stats.norm.ppf(0.3)
      (0.02, -2.053748910631823),  // stats.norm.ppf(0.02)
      (0.9, 1.2815515655446004),  // stats.norm.ppf(0.9)
      (1e-300, -37.0470962993612),  // stats.norm.ppf(1e-300)
    ]
    for (p, expected) in cases {
      T.expectClose(StandardNormal.quantile(p), expected, relative: 1e-12)
    }
    #expect(StandardNormal.quantile(0.5) == 0)
    #expect(StandardNormal.quantile(0) == nil)
    #expect(StandardNormal.quantile(1) == nil)
    #expect(StandardNormal.quantile(.nan) == nil)
  }

  @Test("Regularized incomplete gamma matches scipy.special.gammainc/gammaincc")
  func incompleteGamma() {
    // (a, x, gammainc(a, x), gammaincc(a, x))
    let cases: [(Double, Double, Double, Double)] = [
      (0.5, 0.1, 0.34527915398142317, 0.6547208460185768),
      (2.5, 3.0, 0.6937810815867212, 0.30621891841327875),
      (10, 25, 0.9997785233617512, 0.0002214766382487835),
      (100, 80, 0.0171083130351331, 0.9828916869648668),
      (21, 120, 1.0, 1.4470915803819693e-29),
      (1.5, 40, 1.0, 3.0692774861724164e-17),
    ]
    for (a, x, p, q) in cases {
      T.expectClose(IncompleteGamma.lower(a: a, x: x), p, relative: 1e-10)
      T.expectClose(IncompleteGamma.upper(a: a, x: x), q, relative: 1e-10)
    }
    #expect(IncompleteGamma.lower(a: 0, x: 1) == nil)
    #expect(IncompleteGamma.upper(a: 1, x: -1) == nil)
    #expect(IncompleteGamma.upper(a: 1, x: 0) == 1)
  }

  @Test("Chi-square tail matches scipy.stats.chi2.sf")
  func chiSquaredSurvival() {
    T.expectClose(
      ChiSquared.survival(3.84, degreesOfFreedom: 1), 0.05004352124870519, relative: 1e-10)
    T.expectClose(
      ChiSquared.survival(42.1, degreesOfFreedom: 39), 0.3382641735793935, relative: 1e-10)
    T.expectClose(
      ChiSquared.survival(200, degreesOfFreedom: 10), 1.6139305336977317e-37, relative: 1e-9)
    T.expectClose(
      ChiSquared.survival(0.5, degreesOfFreedom: 3), 0.9188914116546758, relative: 1e-10)
    #expect(ChiSquared.survival(0, degreesOfFreedom: 3) == 1)
    #expect(ChiSquared.survival(1, degreesOfFreedom: 0) == nil)
    #expect(ChiSquared.survival(.infinity, degreesOfFreedom: 2) == nil)
  }

  @Test("Regularized incomplete beta matches scipy.special.betainc, and inverts")
  func incompleteBeta() {
    // special.betainc(a, b, x)
    T.expectClose(
      IncompleteBeta.regularized(x: 0.3, a: 2, b: 5), 0.5798250000000003, relative: 1e-12)
    T.expectClose(
      IncompleteBeta.regularized(x: 0.01, a: 10, b: 200), 5.8077898312484586e-05, relative: 1e-10)
    T.expectClose(
      IncompleteBeta.regularized(x: 0.9, a: 0.5, b: 0.5), 0.7951672353008665, relative: 1e-12)
    T.expectClose(
      IncompleteBeta.inverse(probability: 0.5798250000000003, a: 2, b: 5), 0.3, relative: 1e-12)
    #expect(IncompleteBeta.regularized(x: 1.5, a: 1, b: 1) == nil)
  }

  @Test("Binomial log-probability matches scipy.stats.binom.logpmf")
  func binomialLogProbability() {
    T.expectClose(
      Binomial.logProbability(successes: 3, trials: 10, p: 0.3), -1.321151277766889, relative: 1e-12
    )
    T.expectClose(
      Binomial.logProbability(successes: 220, trials: 470, p: 0.5), -4.258749249121934,
      relative: 1e-10)
    T.expectClose(
      Binomial.logProbability(successes: 0, trials: 5, p: 0.2), -1.1157177565710488, relative: 1e-12
    )
    #expect(Binomial.logProbability(successes: 6, trials: 5, p: 0.2) == -.infinity)
    #expect(Binomial.logProbability(successes: 1, trials: 5, p: 0) == -.infinity)
    #expect(Binomial.logProbability(successes: 0, trials: 5, p: 0) == 0)
    #expect(Binomial.logProbability(successes: 1, trials: 5, p: 1.2) == nil)
  }

  @Test("Two-sided binomial test matches scipy.stats.binomtest(k, n, p).pvalue")
  func binomialTest() {
    let cases: [(Int, Int, Double, Double)] = [
      (220, 470, 0.5, 0.18094301866814388),
      (0, 10, 0.5, 0.001953125),
      (10, 10, 0.5, 0.001953125),
      (5, 10, 0.5, 1.0),
      (3, 40, 0.25, 0.009347148417940206),
      (30, 60, 0.3, 0.0016414991595952069),
      (1, 3, 0.4, 1.0),
    ]
    for (k, n, p, expected) in cases {
      T.expectClose(
        Binomial.twoSidedPValue(successes: k, trials: n, p: p), expected, relative: 1e-9)
    }
    #expect(Binomial.twoSidedPValue(successes: 0, trials: 0, p: 0.5) == 1)
    #expect(Binomial.twoSidedPValue(successes: 3, trials: 2, p: 0.5) == nil)
  }
}
