import Foundation

/// Fisher's exact test on a 2x2 table, for comparing two proportions when counts are small
/// (e.g. crimes charged and not charged in two years).
///
/// The table is `[[a, b], [c, d]]`: first row the first group (e.g. 2020: charged, not
/// charged), second row the second group. With all margins fixed, the count `a` follows a
/// hypergeometric distribution; the two-sided p-value is the total probability of every table
/// no more likely than the one observed (within a relative 1 + 1e-7, for ties), as in R's
/// `fisher.test` and `scipy.stats.fisher_exact(table).pvalue`. (scipy ≥ 1.11 uses a tie
/// tolerance of 1e-14; the two differ only for tables whose probabilities lie within 1e-7
/// of each other without being equal, which does not change any conclusion.)
public struct FisherExact: Sendable, Equatable, Codable {
  /// The observed table, `[[a, b], [c, d]]`.
  public let table: [[Int]]
  /// The sample odds ratio (a·d) / (b·c); `nil` when b·c = 0 (the ratio is infinite or
  /// undefined) or when a row or column total is zero.
  public let oddsRatio: Double?
  /// The two-sided p-value; 1 when a row or column total is zero.
  public let pValue: Double

  /// Tests the table `[[a, b], [c, d]]`. Throws when a count is negative.
  public init(_ a: Int, _ b: Int, _ c: Int, _ d: Int) throws(StatisticsError) {
    for (name, value) in [
      ("top left", a), ("top right", b), ("bottom left", c), ("bottom right", d),
    ]
    where value < 0 {
      throw .negativeCount(what: "\(name) count of the 2x2 table", value: value)
    }
    table = [[a, b], [c, d]]
    let row1 = a + b
    let row2 = c + d
    let column1 = a + c
    let column2 = b + d
    if row1 == 0 || row2 == 0 || column1 == 0 || column2 == 0 {
      oddsRatio = nil
      pValue = 1
      return
    }
    oddsRatio = b > 0 && c > 0 ? (Double(a) * Double(d)) / (Double(b) * Double(c)) : nil
    let total = row1 + row2
    // a ~ Hypergeometric(total, row1, column1) on max(0, column1 - row2)...min(row1, column1).
    let lowest = max(0, column1 - row2)
    let highest = min(row1, column1)
    let logDenominator = Binomial.logChoose(total, column1)
    func logProbability(_ x: Int) -> Double {
      Binomial.logChoose(row1, x) + Binomial.logChoose(row2, column1 - x) - logDenominator
    }
    let logs = (lowest...highest).map(logProbability)
    pValue = Binomial.sumOfNoMoreLikely(logProbabilities: logs, observed: logProbability(a))
  }

  /// Tests a table given as rows `[[a, b], [c, d]]`; `nil` unless it is 2x2.
  public init?(table: [[Int]]) throws(StatisticsError) {
    guard table.count == 2, table[0].count == 2, table[1].count == 2 else { return nil }
    try self.init(table[0][0], table[0][1], table[1][0], table[1][1])
  }
}
