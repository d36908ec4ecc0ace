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

/// The outcome lag of each year (cohort basis).
public func outcomeLags(_ data: IngestedData, config: BriefingConfig) -> [OutcomeLag] {
  config.years.map { year in
    let crimes = data.crimes.filter {
      config.periodBasis.year(of: $0.recorded) == year
        && data.outcomeLabels[$0.outcome].meaning != .cancelledOrTransferred
    }
    let days = crimes.compactMap { c in
      c.outcomeDate.map { Double($0.ordinal - c.recorded.ordinal) }
    }
    .sorted()
    let without = crimes.filter {
      switch data.outcomeLabels[$0.outcome].meaning {
      case .unresolved?: true
      case .outcome(let t)? where t == .notYetAssigned: true
      default: false
      }
    }.count
    return OutcomeLag(
      period: config.periodBasis.label(year), crimes: crimes.count, withOutcomeDate: days.count,
      withoutOutcome: without, median: quantile(sorted: days, 0.5),
      lowerQuartile: quantile(sorted: days, 0.25), upperQuartile: quantile(sorted: days, 0.75))
  }
}
