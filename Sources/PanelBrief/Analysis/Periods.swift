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

  /// Every calendar year, financial year, quarter (on the briefing's basis) and month that
  /// overlaps the days covered, in that order.
  public static func all(covering covered: ClosedRange<Day>, basis: BriefingConfig.PeriodBasis)
    -> [ReportingPeriod]
  {
    var out: [ReportingPeriod] = []
    let y0 = covered.lowerBound.year
    let y1 = covered.upperBound.year
    for y in y0...y1 {
      out.append(
        .init(
          type: "Calendar year", label: String(y),
          days: BriefingConfig.PeriodBasis.calendar.bounds(y)))
    }
    for y in (y0 - 1)...y1 {
      let b = BriefingConfig.PeriodBasis.financial.bounds(y)
      if b.overlaps(covered) {
        out.append(
          .init(
            type: "Financial year", label: BriefingConfig.PeriodBasis.financial.label(y), days: b))
      }
    }
    for y in (y0 - 1)...y1 {
      for q in 0..<4 {
        let startMonth = basis == .calendar ? 1 + 3 * q : 4 + 3 * q
        let startYear = startMonth > 12 ? y + 1 : y
        let m = startMonth > 12 ? startMonth - 12 : startMonth
        let endMonth = m + 2
        let start = Day(year: startYear, month: m, day: 1)!
        let end = Day(
          year: startYear, month: endMonth, day: Day.daysIn(month: endMonth, year: startYear))!
        guard (start...end).overlaps(covered) else { continue }
        let name = basis == .calendar ? "\(y) Q\(q + 1)" : "\(basis.label(y)) Q\(q + 1)"
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
}

/// The charge/summons rate of one period on both bases.
public struct PeriodChargeRate: Sendable, Equatable {
  public var period: ReportingPeriod
  public var partial: Bool
  /// Cohort basis: crimes recorded in the period (less cancelled/transferred), and how many of
  /// them are charged or summonsed at extraction.
  public var cohortCharged: Int
  public var cohortCrimes: Int
  /// Closed basis: outcomes assigned in the period (by outcome date), and how many are charges.
  public var closedCharged: Int
  public var closedOutcomes: Int
}

/// Both bases for every period. The closed basis counts only crimes in the exports, and only
/// those whose outcome date is given. One pass over the crimes: each date is looked up in its
/// year, financial year, quarter and month.
public func chargeRatesByPeriod(_ data: IngestedData, config: BriefingConfig) -> [PeriodChargeRate]
{
  let covered = config.coveredDays
  let periods = ReportingPeriod.all(covering: covered, basis: config.periodBasis)
  struct Key: Hashable {
    var type: Int
    var year: Int
    var month: Int
  }
  func keys(_ d: Day) -> [Key] {
    [
      Key(type: 0, year: d.year, month: 1),
      Key(type: 1, year: d.month >= 4 ? d.year : d.year - 1, month: 4),
      Key(type: 2, year: d.year, month: (d.month - 1) / 3 * 3 + 1),
      Key(type: 3, year: d.year, month: d.month),
    ]
  }
  let typeNumber = ["Calendar year": 0, "Financial year": 1, "Quarter": 2, "Month": 3]
  var index: [Key: Int] = [:]
  for (i, p) in periods.enumerated() {
    index[
      Key(type: typeNumber[p.type]!, year: p.days.lowerBound.year, month: p.days.lowerBound.month)] =
      i
  }
  var rates = periods.map { p in
    PeriodChargeRate(
      period: p, partial: p.isPartial(covered: covered, extraction: config.extractionDate),
      cohortCharged: 0, cohortCrimes: 0, closedCharged: 0, closedOutcomes: 0)
  }
  let labels = data.outcomeLabels
  for crime in data.crimes {
    let status = labels[crime.outcome].meaning
    if status == .cancelledOrTransferred { continue }
    let charged = status?.isChargeOrSummons ?? false
    for key in keys(crime.recorded) {
      guard let i = index[key] else { continue }
      rates[i].cohortCrimes += 1
      if charged { rates[i].cohortCharged += 1 }
    }
    if let d = crime.outcomeDate {
      for key in keys(d) {
        guard let i = index[key] else { continue }
        rates[i].closedOutcomes += 1
        if charged { rates[i].closedCharged += 1 }
      }
    }
  }
  return rates
}
