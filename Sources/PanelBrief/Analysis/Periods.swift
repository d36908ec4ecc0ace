/// A span of days the briefing reports on: a calendar or financial year, a quarter, or a month.
public struct ReportingPeriod: Sendable, Equatable {
  /// "Calendar year", "Financial year", "Quarter", "Month".
  public var type: String
  /// "2023", "2023/24", "2023 Q1", "2023/24 Q1", "Jan 2023".
  public var label: String
  public var days: ClosedRange<Day>

  /// `true` when the data cover only part of the period: it starts before the first day
  /// covered, or ends after the extraction date or the last day covered.
  public func isPartial(covered: ClosedRange<Day>, extraction: Day) -> Bool {
    days.lowerBound < covered.lowerBound || days.upperBound > min(covered.upperBound, extraction)
  }

  /// Every calendar year, financial year, year of a year-ending basis, quarter (on the
  /// briefing's basis) and month that overlaps the days covered, in that order. A year-ending
  /// basis ending in December takes the place of the calendar years, one ending in March that of
  /// the financial years (they are the same days).
  public static func all(covering covered: ClosedRange<Day>, basis: BriefingConfig.PeriodBasis)
    -> [ReportingPeriod]
  {
    var out: [ReportingPeriod] = []
    let y0 = covered.lowerBound.year
    let y1 = covered.upperBound.year
    func years(_ b: BriefingConfig.PeriodBasis) {
      for y in (y0 - 1)...(y1 + 1) {
        let days = b.bounds(y)
        if days.overlaps(covered) {
          out.append(.init(type: b.periodType, label: b.label(y), days: days))
        }
      }
    }
    years(basis == .yearEnding(month: 12) ? basis : .calendar)
    years(basis == .yearEnding(month: 3) ? basis : .financial)
    if case .yearEnding(let m) = basis, m != 12, m != 3 { years(basis) }
    let first = quarterStart(basis)
    for y in (y0 - 1)...y1 {
      for q in 0..<4 {
        let startMonth = first + 3 * q
        let startYear = startMonth > 12 ? y + 1 : y
        let m = startMonth > 12 ? startMonth - 12 : startMonth
        let start = Day(year: startYear, month: m, day: 1)!
        let last = YearMonth(year: startYear, month: m).next.next
        let end = Day(
          year: last.year, month: last.month, day: Day.daysIn(month: last.month, year: last.year))!
        guard (start...end).overlaps(covered) else { continue }
        let name: String
        switch basis {
        case .calendar: name = "\(y) Q\(q + 1)"
        case .financial: name = "\(basis.label(y)) Q\(q + 1)"
        case .yearEnding:
          let from = YearMonth(year: startYear, month: m)
          name =
            from.year == last.year
            ? "\(YearMonth.shortNames[m - 1]) to \(last.label)" : "\(from.label) to \(last.label)"
        }
        out.append(.init(type: "Quarter", label: name, days: start...end))
      }
    }
    for m in covered.lowerBound.yearMonth.through(covered.upperBound.yearMonth) {
      let start = Day(year: m.year, month: m.month, day: 1)!
      let end = Day(year: m.year, month: m.month, day: Day.daysIn(month: m.month, year: m.year))!
      out.append(.init(type: "Month", label: m.label, days: start...end))
    }
    return out
  }

  /// The month the first quarter of a year starts in: January, April, or the month after a
  /// year-ending basis's month.
  static func quarterStart(_ basis: BriefingConfig.PeriodBasis) -> Int {
    switch basis {
    case .calendar: 1
    case .financial: 4
    case .yearEnding(let m): m % 12 + 1
    }
  }
}

/// The charge/summons rate of one period on both bases.
public struct PeriodChargeRate: Sendable, Equatable {
  public var period: ReportingPeriod
  public var partial: Bool
  /// Cohort basis: crimes recorded in the period (less cancelled/transferred), and how many of
  /// them are charged or summonsed at extraction.
  public var cohortCharged: Int
  public var cohortCrimes: Int
  /// Closed basis: outcomes assigned in the period (by outcome date), and how many are charges;
  /// only outcome types count (not cancelled, unknown, unresolved, unmapped or type 0).
  public var closedCharged: Int
  public var closedOutcomes: Int
}

/// Both bases for every period. The closed basis counts only crimes in the exports, and only
/// outcomes: a crime whose label is an outcome type other than 0 (not yet assigned), with its
/// outcome date. Statuses that are not outcomes (cancelled or transferred, unknown, unresolved,
/// unmapped labels) are left out whatever date they carry. One pass over the crimes: each date is looked up in its
/// year, financial year, quarter and month.
public func chargeRatesByPeriod(_ data: IngestedData, config: BriefingConfig) -> [PeriodChargeRate]
{
  let covered = config.coveredDays
  let periods = ReportingPeriod.all(covering: covered, basis: config.periodBasis)
  // Each kind of period numbered by an ordinal of its start (year, financial year, quarter,
  // month), so a day finds its periods by arithmetic and an array look-up, not by hashing.
  let basis = config.periodBasis
  let quarterOffset = (ReportingPeriod.quarterStart(basis) - 1) % 3
  func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
  func ordinal(_ type: Int, _ d: Day) -> Int {
    switch type {
    case 0: d.year
    case 1: d.month >= 4 ? d.year : d.year - 1
    case 2: floorDiv(d.year * 12 + d.month - 1 - quarterOffset, 3)
    case 3: d.year * 12 + d.month - 1
    default: basis.year(of: d)
    }
  }
  let typeNumber = [
    "Calendar year": 0, "Financial year": 1, "Quarter": 2, "Month": 3, "Year ending": 4,
  ]
  let kinds = 5
  var lowest = [Int](repeating: Int.max, count: kinds)
  var highest = [Int](repeating: Int.min, count: kinds)
  for p in periods {
    let t = typeNumber[p.type]!
    let o = ordinal(t, p.days.lowerBound)
    lowest[t] = min(lowest[t], o)
    highest[t] = max(highest[t], o)
  }
  var lookup: [[Int]] = (0..<kinds).map { t in
    lowest[t] <= highest[t] ? [Int](repeating: -1, count: highest[t] - lowest[t] + 1) : []
  }
  for (i, p) in periods.enumerated() {
    let t = typeNumber[p.type]!
    lookup[t][ordinal(t, p.days.lowerBound) - lowest[t]] = i
  }
  /// The period of kind `t` that day `d` falls in, or -1.
  func period(_ t: Int, _ d: Day) -> Int {
    let o = ordinal(t, d) - lowest[t]
    return o >= 0 && o < lookup[t].count ? lookup[t][o] : -1
  }
  var rates = periods.map { p in
    PeriodChargeRate(
      period: p, partial: p.isPartial(covered: covered, extraction: config.extractionDate),
      cohortCharged: 0, cohortCrimes: 0, closedCharged: 0, closedOutcomes: 0)
  }
  // Every kind of period is made of whole months: the crimes are counted by month first, in
  // one pass, and each month's counts added to its periods.
  // Per label: bit 0 counted on the cohort basis (not cancelled or transferred), bit 1 charged
  // or summonsed, bit 2 an outcome on the closed basis (an outcome type other than 0).
  let flags: [UInt8] = data.outcomeLabels.map { label in
    let status = label.meaning
    if status == .cancelledOrTransferred { return 0 }
    var f: UInt8 = 1
    if status?.isChargeOrSummons ?? false { f |= 2 }
    if case .outcome(let type)? = status, type != .notYetAssigned { f |= 4 }
    return f
  }
  /// Counts of one month: cohort crimes and charges, closed outcomes and charges.
  struct MonthCounts {
    var cohortCrimes = 0
    var cohortCharged = 0
    var closedOutcomes = 0
    var closedCharged = 0
  }
  // Months within a century of the days covered in an array, any others (dates no export holds,
  // but a caller may) in a dictionary.
  let firstMonth = (covered.lowerBound.year - 100) * 12
  let monthSpan = (covered.upperBound.year + 101) * 12 - firstMonth
  var byMonth = [MonthCounts](repeating: MonthCounts(), count: monthSpan)
  var farMonths: [Int: MonthCounts] = [:]
  byMonth.withUnsafeMutableBufferPointer { months in
    data.crimes.withUnsafeBufferPointer { all in
      for i in all.indices {
        let f = flags[all[i].outcome]
        if f == 0 { continue }
        let charged = f & 2 != 0 ? 1 : 0
        let r = all[i].recorded
        let m = r.year * 12 + r.month - 1 - firstMonth
        if m >= 0 && m < monthSpan {
          months[m].cohortCrimes += 1
          months[m].cohortCharged += charged
        } else {
          farMonths[m, default: MonthCounts()].cohortCrimes += 1
          farMonths[m, default: MonthCounts()].cohortCharged += charged
        }
        guard f & 4 != 0, let d = all[i].outcomeDate else { continue }
        let o = d.year * 12 + d.month - 1 - firstMonth
        if o >= 0 && o < monthSpan {
          months[o].closedOutcomes += 1
          months[o].closedCharged += charged
        } else {
          farMonths[o, default: MonthCounts()].closedOutcomes += 1
          farMonths[o, default: MonthCounts()].closedCharged += charged
        }
      }
    }
  }
  func addToPeriods(_ m: Int, _ c: MonthCounts) {
    let index = m + firstMonth
    let year = floorDiv(index, 12)
    guard let d = Day(year: year, month: index - year * 12 + 1, day: 1) else { return }
    for t in 0..<kinds {
      let i = period(t, d)
      guard i >= 0 else { continue }
      rates[i].cohortCrimes += c.cohortCrimes
      rates[i].cohortCharged += c.cohortCharged
      rates[i].closedOutcomes += c.closedOutcomes
      rates[i].closedCharged += c.closedCharged
    }
  }
  for (m, c) in byMonth.enumerated()
  where c.cohortCrimes > 0 || c.closedOutcomes > 0 {
    addToPeriods(m, c)
  }
  for (m, c) in farMonths { addToPeriods(m, c) }
  return rates
}
