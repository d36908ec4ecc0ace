/// Days from recording to outcome for the crimes of one period, and how many had no outcome at
/// extraction: how mature a period's outcomes are.
public struct OutcomeLag: Sendable, Equatable {
  public var period: String
  /// Crimes of the force recorded in the period (cancelled or transferred left out).
  public var crimes: Int
  /// Those with a usable outcome date.
  public var withOutcomeDate: Int
  /// Those unresolved at extraction (unresolved, or type 0 not yet assigned); crimes recorded
  /// as unknown or unmapped are not counted here (they are unclassified, not unresolved).
  public var withoutOutcome: Int
  /// Median and quartiles of days from recording to outcome (linear interpolation between
  /// order statistics, as numpy's default and R's type 7); `nil` with no outcome dates.
  public var median: Double?
  public var lowerQuartile: Double?
  public var upperQuartile: Double?

  /// The share of the period's crimes still without an outcome.
  public var shareWithoutOutcome: Double? {
    crimes > 0 ? Double(withoutOutcome) / Double(crimes) : nil
  }
}

/// The q-th quantile (0...1) of sorted values, by linear interpolation (numpy `quantile`, R type 7).
public func quantile(sorted values: [Double], _ q: Double) -> Double? {
  guard !values.isEmpty else { return nil }
  let h = Double(values.count - 1) * q
  let lo = Int(h.rounded(.down))
  let hi = min(lo + 1, values.count - 1)
  return values[lo] + (h - Double(lo)) * (values[hi] - values[lo])
}

/// The outcome lag of each year (cohort basis). One pass over the crimes: each year keeps its
/// counts and a histogram of whole days from recording to outcome, from which the quartiles are
/// read as order statistics (the same values `quantile(sorted:)` would interpolate between).
public func outcomeLags(_ data: IngestedData, config: BriefingConfig) -> [OutcomeLag] {
  guard let firstYear = config.years.min(), let lastYear = config.years.max() else { return [] }
  // Per label: 0 left out (cancelled or transferred), 1 counted, 2 counted and without outcome.
  let kind: [UInt8] = data.outcomeLabels.map { label in
    switch label.meaning {
    case .cancelledOrTransferred?: 0
    case .unresolved?: 2
    case .outcome(let t)? where t == .notYetAssigned: 2
    default: 1
    }
  }
  let basis = config.periodBasis
  let spanOfYears = lastYear - firstYear + 1
  var crimes = [Int](repeating: 0, count: spanOfYears)
  var without = [Int](repeating: 0, count: spanOfYears)
  var dated = [Int](repeating: 0, count: spanOfYears)
  // One histogram of lags from 0 to `width` - 1 days per year, laid end to end; any other lag
  // (negative, or of decades: no export holds one, but a caller may) goes to a list sorted at
  // the end.
  let width = 1 << 14
  var histograms = [Int](repeating: 0, count: spanOfYears * width)
  var farLags = [[Int]](repeating: [], count: spanOfYears)
  histograms.withUnsafeMutableBufferPointer { histogram in
    data.crimes.withUnsafeBufferPointer { all in
      for i in all.indices {
        let k = kind[all[i].outcome]
        if k == 0 { continue }
        let recorded = all[i].recorded
        let y = basis.year(of: recorded) - firstYear
        guard y >= 0 && y < spanOfYears else { continue }
        crimes[y] += 1
        if k == 2 { without[y] += 1 }
        guard let d = all[i].outcomeDate else { continue }
        dated[y] += 1
        let lag = d.ordinal - recorded.ordinal
        if lag >= 0 && lag < width {
          histogram[y * width + lag] += 1
        } else {
          farLags[y].append(lag)
        }
      }
    }
  }
  return config.years.map { year in
    let y = year - firstYear
    let far = farLags[y].sorted()
    let negative = far.prefix { $0 < 0 }
    let histogram = histograms[(y * width)..<((y + 1) * width)]
    /// The k-th smallest lag (from 0): the negative ones, the histogram's, then the long ones.
    func orderStatistic(_ k: Int) -> Double {
      if k < negative.count { return Double(negative[k]) }
      var seen = negative.count
      for (lag, n) in zip(0..., histogram) where n > 0 {
        seen += n
        if k < seen { return Double(lag) }
      }
      return Double(far[negative.count + k - seen])
    }
    /// As `quantile(sorted:_:)` on the sorted lags.
    func quantile(_ q: Double) -> Double? {
      let n = dated[y]
      guard n > 0 else { return nil }
      let h = Double(n - 1) * q
      let lo = Int(h.rounded(.down))
      let hi = min(lo + 1, n - 1)
      let low = orderStatistic(lo)
      return low + (h - Double(lo)) * (orderStatistic(hi) - low)
    }
    return OutcomeLag(
      period: basis.label(year), crimes: crimes[y], withOutcomeDate: dated[y],
      withoutOutcome: without[y], median: quantile(0.5), lowerQuartile: quantile(0.25),
      upperQuartile: quantile(0.75))
  }
}
