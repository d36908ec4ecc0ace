/// Counts by label and year: the shape of the outcome and channel tables. Counts merge by
/// addition, so tallies of files, chunks or cores add up to the tally of the whole.
public struct LabelYearTally: Sendable, Equatable {
  /// The years (calendar years, or the starting years of financial years), ascending.
  public var years: [Int]
  /// `counts[label][year index]`.
  public var counts: [[Int]]

  public init(years: [Int], labels: Int) {
    self.years = years
    self.counts = Array(repeating: Array(repeating: 0, count: years.count), count: labels)
  }

  public mutating func add(label: Int, year: Int) {
    guard let y = years.firstIndex(of: year) else { return }
    counts[label][y] += 1
  }

  /// The total of each year.
  public var yearTotals: [Int] {
    years.indices.map { y in counts.reduce(0) { $0 + $1[y] } }
  }

  public static func + (a: LabelYearTally, b: LabelYearTally) -> LabelYearTally {
    precondition(a.years == b.years && a.counts.count == b.counts.count)
    var out = a
    for l in out.counts.indices {
      for y in out.years.indices { out.counts[l][y] += b.counts[l][y] }
    }
    return out
  }
}

/// The outcome labels' counts by year of recording (the cohort basis).
public func outcomeTally(_ data: IngestedData, config: BriefingConfig) -> LabelYearTally {
  var tally = LabelYearTally(years: config.years, labels: data.outcomeLabels.count)
  guard let firstYear = config.years.min(), let lastYear = config.years.max() else {
    return tally
  }
  // Counted flat by label and year from the first year, then laid out as the tally's years.
  let span = lastYear - firstYear + 1
  var flat = [Int](repeating: 0, count: data.outcomeLabels.count * span)
  let basis = config.periodBasis
  flat.withUnsafeMutableBufferPointer { counts in
    data.crimes.withUnsafeBufferPointer { all in
      for i in all.indices {
        let y = basis.year(of: all[i].recorded) - firstYear
        if y >= 0 && y < span { counts[all[i].outcome * span + y] += 1 }
      }
    }
  }
  for label in tally.counts.indices {
    for (y, year) in config.years.enumerated() {
      // The first of equal years takes the count, as `add` does.
      if config.years.firstIndex(of: year) == y {
        tally.counts[label][y] = flat[label * span + year - firstYear]
      }
    }
  }
  return tally
}

/// The channels' counts by year of the report.
public func channelTally(_ data: IngestedData, config: BriefingConfig) -> LabelYearTally {
  var tally = LabelYearTally(years: config.years, labels: data.channelLabels.count)
  for report in data.reports {
    tally.add(label: report.channel, year: config.periodBasis.year(of: report.date))
  }
  return tally
}

/// The charge/summons rate of one period on the cohort basis: crimes recorded in the period, with
/// the outcome each has at extraction.
public struct CohortChargeRate: Sendable, Equatable {
  public var period: String
  /// Crimes with outcome type 1 or 1A.
  public var charged: Int
  /// All crimes recorded in the period, whatever their status.
  public var recorded: Int
  /// Cancelled or transferred: no longer crimes of this force.
  public var cancelledOrTransferred: Int
  /// The denominator: recorded minus cancelled/transferred.
  public var denominator: Int { recorded - cancelledOrTransferred }
  /// The rate, or `nil` with no crimes.
  public var rate: Double? { denominator > 0 ? Double(charged) / Double(denominator) : nil }
}

/// The cohort charge/summons rate for each year of the tally.
public func cohortChargeRates(
  _ tally: LabelYearTally, labels: [ResolvedLabel<OutcomeStatus>], config: BriefingConfig
) -> [CohortChargeRate] {
  tally.years.indices.map { y in
    var r = CohortChargeRate(
      period: config.periodBasis.label(tally.years[y]), charged: 0, recorded: 0,
      cancelledOrTransferred: 0)
    for (l, label) in labels.enumerated() {
      let n = tally.counts[l][y]
      r.recorded += n
      switch label.meaning {
      case .outcome(let t) where t.isChargeOrSummons: r.charged += n
      case .cancelledOrTransferred: r.cancelledOrTransferred += n
      default: break
      }
    }
    return r
  }
}
