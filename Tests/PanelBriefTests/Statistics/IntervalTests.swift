import Foundation
import Testing

@testable import PanelBrief

// Reference values: statsmodels 0.15.0 and scipy 1.17.1, with the call in each comment.
@Suite("Statistics: intervals and two-group comparisons")
struct StatisticsIntervalTests {
  typealias T = StatisticsTolerance

  @Test("Wilson matches statsmodels proportion_confint(k, n, alpha=0.05, method='wilson')")
  func wilson() throws {
    let cases: [(Int, Int, Double, Double)] = [
      (10, 206, 0.0265786720580474, 0.08703785994036116),  // seed 2020 charged of non-cancelled
      (2, 241, 0.0022787759771462253, 0.029747903076570322),  // seed 2023
      (0, 5, 0.0, 0.43448246478317487),
      (5, 5, 0.5655175352168252, 1.0),
      (1, 1, 0.2065493143772374, 1.0),
      (0, 1, 0.0, 0.7934506856227627),
      (500, 1000, 0.4690696003681042, 0.5309303996318958),
      (3, 20000, 5.101481799495058e-05, 0.0004409636272928436),
    ]
    for (k, n, lower, upper) in cases {
      let interval = try #require(try Wilson(successes: k, trials: n))
      T.expectClose(interval.lower, lower, relative: 1e-9)
      T.expectClose(interval.upper, upper, relative: 1e-9)
      #expect(interval.proportion == Double(k) / Double(n))
    }
    // proportion_confint(10, 206, alpha=0.10, method='wilson')
    let ninety = try #require(try Wilson(successes: 10, trials: 206, confidence: 0.90))
    T.expectClose(ninety.lower, 0.029236701998778796, relative: 1e-9)
    T.expectClose(ninety.upper, 0.07955553743251105, relative: 1e-9)
  }

  @Test("Wilson: no trials gives nil, invalid input throws")
  func wilsonEdges() throws {
    #expect(try Wilson(successes: 0, trials: 0) == nil)
    #expect(throws: StatisticsError.successesExceedTrials(successes: 3, trials: 2)) {
      try Wilson(successes: 3, trials: 2)
    }
    #expect(throws: StatisticsError.negativeCount(what: "number of successes", value: -1)) {
      try Wilson(successes: -1, trials: 2)
    }
    #expect(throws: StatisticsError.confidenceOutOfRange(95)) {
      try Wilson(successes: 1, trials: 2, confidence: 95)
    }
  }

  @Test("Clopper–Pearson matches statsmodels proportion_confint(k, n, method='beta')")
  func clopperPearson() throws {
    let cases: [(Int, Int, Double, Double)] = [
      (10, 206, 0.023520896126142846, 0.08745967241587423),
      (220, 470, 0.4222344906191401, 0.5143396803867685),
      (0, 5, 0.0, 0.5218237501049815),
      (5, 5, 0.4781762498950185, 1.0),
      (1, 2, 0.01257911709342505, 0.9874208829065749),
    ]
    for (k, n, lower, upper) in cases {
      let interval = try #require(try ClopperPearson(successes: k, trials: n))
      T.expectClose(interval.lower, lower, relative: 1e-9)
      T.expectClose(interval.upper, upper, relative: 1e-9)
    }
    #expect(try ClopperPearson(successes: 0, trials: 0) == nil)
  }

  @Test("Fisher's exact test matches scipy.stats.fisher_exact(table) (two-sided)")
  func fisher() throws {
    // (table, statistic, pvalue) from stats.fisher_exact(table)
    let cases: [([[Int]], Double?, Double)] = [
      // The seed charge rate, 10 of 206 (2020) v 2 of 241 (2023).
      ([[10, 196], [2, 239]], 6.096938775510204, 0.015118342764485843),
      ([[1, 2], [2, 1]], 0.25, 1.0),
      ([[0, 5], [5, 0]], 0.0, 0.007936507936507938),
      ([[3, 1], [1, 3]], 9.0, 0.48571428571428565),
      ([[0, 10], [3, 12]], 0.0, 0.25),
      ([[400, 600], [350, 650]], 1.2380952380952381, 0.023592221120684112),  // 2000 in total
      ([[7, 993], [15, 985]], 0.4629070157771064, 0.13166156503369533),  // 2000 in total
      ([[1000, 0], [0, 1000]], nil, 0.0),  // scipy: odds ratio inf, p 0.0 (underflow)
      ([[0, 10], [0, 12]], nil, 1.0),  // scipy: odds ratio nan, p 1.0
      ([[0, 0], [0, 0]], nil, 1.0),
      ([[1, 0], [0, 0]], nil, 1.0),
    ]
    for (table, oddsRatio, pValue) in cases {
      let test = try #require(try FisherExact(table: table))
      T.expectClose(test.pValue, pValue, relative: 1e-9)
      #expect(!test.pValue.isNaN)
      if let oddsRatio {
        T.expectClose(test.oddsRatio, oddsRatio, relative: 1e-12)
      } else {
        #expect(test.oddsRatio == nil)
      }
    }
    // stats.fisher_exact([[900, 100], [50, 950]]).pvalue is 0.0 (underflow); no NaN here either.
    let extreme = try FisherExact(900, 100, 50, 950)
    #expect(extreme.pValue >= 0 && extreme.pValue < 1e-300)
    // stats.fisher_exact([[1, 999], [0, 1000]]).pvalue
    T.expectClose(try FisherExact(1, 999, 0, 1000).pValue, 1.0, relative: 1e-9)
    #expect(try FisherExact(table: [[1, 2, 3], [4, 5, 6]]) == nil)
    #expect(throws: StatisticsError.self) { try FisherExact(1, -2, 3, 4) }
  }

  @Test("Poisson comparison matches scipy.stats.binomtest and its exact proportion_ci")
  func poisson() throws {
    // p: stats.binomtest(x1, x1 + x2, e1 / (e1 + e2)).pvalue (statsmodels
    // test_poisson_2indep(220, 1, 250, 1, method='exact-cond') gives the same 0.18094301866814388);
    // interval: ci = binomtest(...).proportion_ci(method='exact'), ci.low / (1 - ci.low) * e2 / e1.
    let cases: [(Int, Double, Int, Double, Double, Double, Double?)] = [
      // The seed totals, 220 crimes (2020) v 250 (2023).
      (220, 1, 250, 1, 0.18094301866814388, 0.7308059822948124, 1.0590523038743962),
      (0, 1, 5, 1, 0.0625, 0.0, 1.091279105182546),
      (5, 1, 0, 1, 0.0625, 0.91635585731546, nil),  // scipy upper: inf
      (10, 12, 30, 24, 0.31586101281279244, 0.29072717938116815, 1.4011406278039582),
      (1, 1, 1, 1, 1.0, 0.01273936708392707, 78.49683531465821),
    ]
    for (x1, e1, x2, e2, p, lower, upper) in cases {
      let comparison = try PoissonComparison(count1: x1, exposure1: e1, count2: x2, exposure2: e2)
      T.expectClose(comparison.pValue, p, relative: 1e-9)
      T.expectClose(comparison.rateRatioLower, lower, relative: 1e-6)
      if let upper {
        T.expectClose(comparison.rateRatioUpper, upper, relative: 1e-6)
      } else {
        #expect(comparison.rateRatioUpper == nil)
      }
    }
    // Large counts: binomtest(100000, 201000, 0.5) and its exact proportion_ci.
    let large = try PoissonComparison(count1: 100_000, count2: 101_000)
    T.expectClose(large.pValue, 0.02586239243973295, relative: 1e-9)
    T.expectClose(large.rateRatioLower, 0.9814699973091007, relative: 1e-6)
    T.expectClose(large.rateRatioUpper, 0.9988037940443129, relative: 1e-6)
    let seed = try PoissonComparison(count1: 220, count2: 250)
    T.expectClose(seed.rateRatio, 0.88, relative: 1e-12)
    let none = try PoissonComparison(count1: 0, count2: 0)
    #expect(none.pValue == 1)
    #expect(none.rateRatio == nil && none.rateRatioLower == nil && none.rateRatioUpper == nil)
    #expect(try PoissonComparison(count1: 5, count2: 0).rateRatio == nil)
    #expect(throws: StatisticsError.exposureNotPositive(what: "second exposure", value: 0)) {
      try PoissonComparison(count1: 1, count2: 1, exposure2: 0)
    }
  }

  @Test("Newcombe difference matches statsmodels confint_proportions_2indep(method='newcomb')")
  func newcombe() throws {
    // confint_proportions_2indep(x1, n1, x2, n2, method='newcomb', compare='diff', alpha=0.05)
    let cases: [(Int, Int, Int, Int, Double, Double, Double)] = [
      (10, 206, 2, 241, 0.04024493413366636, 0.009544316411289486, 0.07920698389241625),  // seed
      (0, 10, 0, 12, 0.0, -0.24249400665524096, 0.27753279986288926),
      (5, 5, 0, 7, 1.0, 0.4393529903596999, 1.0),
      (30, 100, 45, 120, -0.07500000000000001, -0.19554612997251725, 0.05079838581125212),
      (1, 1, 0, 1, 1.0, -0.12210872068194178, 1.0),
    ]
    for (x1, n1, x2, n2, difference, lower, upper) in cases {
      let result = try #require(
        try ProportionDifference(successes1: x1, trials1: n1, successes2: x2, trials2: n2))
      T.expectClose(result.difference, difference, relative: 1e-12)
      T.expectClose(result.lower, lower, relative: 1e-6)
      T.expectClose(result.upper, upper, relative: 1e-6)
    }
    #expect(try ProportionDifference(successes1: 1, trials1: 2, successes2: 0, trials2: 0) == nil)
  }
}
