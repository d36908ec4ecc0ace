import Testing

@testable import PanelBrief

@Suite struct PeriodsAndLagTests {
  @Test func quantilesMatchNumpy() {
    // numpy 2.4.6: np.quantile([3,1,4,1,5,9,2,6], [0.25, 0.5, 0.75]) -> [1.75, 3.5, 5.25]
    let v = [3.0, 1, 4, 1, 5, 9, 2, 6].sorted()
    #expect(quantile(sorted: v, 0.25) == 1.75)
    #expect(quantile(sorted: v, 0.5) == 3.5)
    #expect(quantile(sorted: v, 0.75) == 5.25)
    #expect(quantile(sorted: [], 0.5) == nil)
  }

  @Test func periodsAndPartialCoverage() {
    let covered = Day(year: 2020, month: 1, day: 1)!...Day(year: 2023, month: 12, day: 31)!
    let periods = ReportingPeriod.all(covering: covered, basis: .calendar)
    #expect(
      periods.filter { $0.type == "Calendar year" }.map(\.label) == [
        "2020", "2021", "2022", "2023",
      ])
    #expect(
      periods.filter { $0.type == "Financial year" }.map(\.label)
        == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"])
    #expect(periods.filter { $0.type == "Quarter" }.count == 16)
    #expect(periods.filter { $0.type == "Month" }.count == 48)
    let extraction = Day(year: 2024, month: 2, day: 5)!
    let fy = periods.filter { $0.type == "Financial year" }
    #expect(
      fy.map { $0.isPartial(covered: covered, extraction: extraction) } == [
        true, false, false, false, true,
      ])
    let financialQuarters = ReportingPeriod.all(covering: covered, basis: .financial).filter {
      $0.type == "Quarter"
    }
    #expect(financialQuarters.first?.label == "2019/20 Q4")
    #expect(
      financialQuarters.first?.days == Day(year: 2020, month: 1, day: 1)!...Day(
        year: 2020, month: 3, day: 31)!)
    #expect(financialQuarters.last?.label == "2023/24 Q3")
  }

  @Test func seedOutcomeLagAndBothBases() throws {
    let (config, data, _) = try SeedBriefingTests.build()
    let lags = outcomeLags(data, config: config)
    // Crimes of the force each year: 206, 223, 265, 241; with no outcome: the UU unresolved row.
    #expect(lags.map(\.crimes) == [206, 223, 265, 241])
    #expect(lags.map(\.withoutOutcome) == [7, 7, 24, 34])
    let rates = chargeRatesByPeriod(data, config: config)
    let years = rates.filter { $0.period.type == "Calendar year" }
    #expect(years.map(\.cohortCharged) == [10, 2, 2, 2])
    #expect(years.map(\.cohortCrimes) == [206, 223, 265, 241])
    // Closed basis: the 16 charges land in the years of their outcome dates, [6, 5, 2, 3]
    // (by year recorded they would be [10, 2, 2, 2]). Python 3's csv and datetime over the two
    // crime exports: rows with the header's number of fields, a reference and a recorded date
    // in 2020-2023 (993), labels trimmed, case and spaces folded; charged = labels "1: ...".
    #expect(years.map(\.closedCharged) == [6, 5, 2, 3])
    // Financial years by the same script: crimes of the force [34, 236, 206, 253, 206] for
    // 2019/20 to 2023/24; charges [1, 10, 2, 1, 2] by year recorded, [0, 8, 3, 3, 2] by
    // outcome date.
    let fy = rates.filter { $0.period.type == "Financial year" }
    #expect(fy.map(\.period.label) == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"])
    #expect(fy.map(\.cohortCrimes) == [34, 236, 206, 253, 206])
    #expect(fy.map(\.cohortCharged) == [1, 10, 2, 1, 2])
    #expect(fy.map(\.closedCharged) == [0, 8, 3, 3, 2])
    // Calendar quarters 2020 Q1 to 2023 Q4: charges by quarter recorded and by quarter of outcome.
    let quarters = rates.filter { $0.period.type == "Quarter" }
    #expect(quarters.first?.period.label == "2020 Q1" && quarters.count == 16)
    #expect(quarters.map(\.cohortCharged) == [1, 3, 2, 4, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0])
    #expect(quarters.map(\.closedCharged) == [0, 2, 3, 1, 2, 2, 1, 0, 0, 0, 0, 2, 1, 1, 1, 0])
    let months = rates.filter { $0.period.type == "Month" }
    #expect(months.map(\.cohortCrimes).reduce(0, +) == 935)
  }

  /// Years ending November: quarters that straddle a new year (December to February). Crimes of
  /// the force by Python 3's csv and datetime over the two crime exports (the rows above; a year
  /// is the year of the date if its month is 1-11, else the next): 218, 263, 240 in the years
  /// ending November 2021 to 2023, 2 charged in each; 41 from December 2022 to February 2023.
  @Test func yearEndingNovemberWithQuartersAcrossTheNewYear() throws {
    var config = try BriefingConfig.load(path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    config.periodBasis = .yearEnding(month: 11)
    config.years = [2021, 2022, 2023]
    let data = try Ingestor(config: config, open: openTabular).run()
    let rates = chargeRatesByPeriod(data, config: config)
    let years = rates.filter { $0.period.type == "Year ending" }
    #expect(
      years.map(\.period.label) == [
        "year ending Nov 2021", "year ending Nov 2022", "year ending Nov 2023",
      ])
    #expect(years.map(\.cohortCrimes) == [218, 263, 240])
    #expect(years.map(\.cohortCharged) == [2, 2, 2])
    let quarters = rates.filter { $0.period.type == "Quarter" }
    #expect(quarters.first?.period.label == "Dec 2020 to Feb 2021" && quarters.count == 12)
    let winter = quarters.first { $0.period.label == "Dec 2022 to Feb 2023" }
    #expect(winter?.cohortCrimes == 41)
    // Every crime of a year is in one of its four quarters.
    for (i, year) in years.enumerated() {
      #expect(quarters[(4 * i)..<(4 * i + 4)].map(\.cohortCrimes).reduce(0, +) == year.cohortCrimes)
    }
    // Calendar and financial years are listed too, as for the other bases.
    #expect(rates.contains { $0.period.type == "Calendar year" })
    #expect(rates.contains { $0.period.type == "Financial year" })
  }
}

/// The closed basis counts outcomes only: crimes labelled Unknown, unresolved, unmapped, type 0
/// or cancelled that carry an outcome date are not "outcomes assigned".
@Suite struct ClosedBasisTests {
  @Test func datedStatusesThatAreNotOutcomesAreLeftOut() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    // Every crime recorded in 2021 with an outcome date in 2021, except the last two.
    let rows = [
      "MS/1,05/01/2021,1: Charged,01/03/2021",
      "MS/2,06/01/2021,1: Charged,02/03/2021",
      "MS/3,07/01/2021,18: Investigation complete no suspect identified,03/03/2021",
      "MS/4,08/01/2021,18: Investigation complete no suspect identified,04/03/2021",
      "MS/5,09/01/2021,18: Investigation complete no suspect identified,05/03/2021",
      "MS/6,10/01/2021,Unknown,06/03/2021",
      "MS/7,11/01/2021,Unknown,07/03/2021",
      "MS/8,12/01/2021,Refused by the CPS (a label not configured),08/03/2021",
      "MS/9,13/01/2021,UU unresolved,09/03/2021",
      "MS/10,14/01/2021,0: Not yet assigned,10/03/2021",
      "MS/11,15/01/2021,Cancelled / Transferred,11/03/2021",
      "MS/12,16/01/2021,Unknown,",
      "MS/13,17/01/2021,18: Investigation complete no suspect identified,",
    ]
    try corpus.write("crimes.csv", ([Corpus.crimesHeader] + rows).joined(separator: "\n") + "\n")
    let outcomes = """
          outcomes:
            "1: Charged": 1
            "18: Investigation complete no suspect identified": 18
            "0: Not yet assigned": 0
            "Cancelled / Transferred": cancelled
            "Unknown": unknown
            "UU unresolved": unresolved
      """
    let config = try corpus.config(
      Corpus.crimes(["crimes.csv"], outcomes: outcomes), years: "2021", extraction: "2022-01-31")
    let data = try Ingestor(config: config, open: openTabular).run()
    #expect(data.crimes.count == 13)
    let year = try #require(
      chargeRatesByPeriod(data, config: config).first { $0.period.type == "Calendar year" })
    // Hand-worked. Closed basis, 2021: outcomes assigned are the dated crimes with an outcome
    // type: MS/1-2 (type 1) and MS/3-5 (type 18) = 5, of which 2 charged (40%). Not counted:
    // Unknown MS/6-7, unmapped MS/8, unresolved MS/9, type 0 MS/10, cancelled MS/11 (dated, not
    // outcomes) and MS/12-13 (no date).
    #expect(year.closedOutcomes == 5)
    #expect(year.closedCharged == 2)
    // Cohort basis, 2021: the 13 crimes less the cancelled one = 12, of which 2 charged.
    #expect(year.cohortCrimes == 12)
    #expect(year.cohortCharged == 2)
    // March 2021 holds every outcome date: the same 5.
    let march = try #require(
      chargeRatesByPeriod(data, config: config).first { $0.period.label == "Mar 2021" })
    #expect(march.closedOutcomes == 5)
    // The paper's closed-basis table says 2 of 5.
    let paper = BriefingBuilder(config: config, data: data, version: "test").build()
    let table = try #require(paper.table("Charge_rate_closed"))
    #expect(table.rows.first?[1] == .integer(2))
    #expect(table.rows.first?[2] == .integer(5))
  }
}

@Suite struct SPCConfigurationTests {
  static func briefing(spc: String) throws -> Briefing {
    var text = try String(
      contentsOfFile: TestPaths.root + "/Fixtures/seed-force/panel.yml", encoding: .utf8)
    text = text.replacingOccurrences(of: "spc:\n  run_length: 7", with: spc)
    let config = try BriefingConfig.parse(
      yaml: text, path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    return BriefingBuilder(config: config, data: data, version: "test").build()
  }

  @Test func baselineFixesTheLimits() throws {
    // S45 with limits from Sep 2022 to Jan 2023 only (6, 8, 8, 7, 7): mean 7.2, moving ranges
    // 2, 0, 1, 0 -> mean 0.75, UCL 7.2 + 2.66 * 0.75 = 9.195 (worked by hand).
    let b = try Self.briefing(spc: "spc:\n  baseline: {from: 2022-09, to: 2023-01}")
    let t = try #require(b.table("SPC_3"))
    #expect(abs((t.rows[0][2].numericValue ?? 0) - 7.2) < 1e-9)
    #expect(abs((t.rows[16][4].numericValue ?? 0) - 9.195) < 1e-9)
    #expect(t.subtitle.contains("provisional"))
    // Against those limits, February 2023 onwards runs above: many special causes.
    #expect(t.rows.filter { $0[5] != .text("No") }.count > 5)
  }

  @Test func rebaseStartsNewLimits() throws {
    let b = try Self.briefing(spc: "spc:\n  rebase: [2023-06]")
    let t = try #require(b.table("SPC_3"))
    // S45 from Jun 2023 (15, 16, 10, 10, 21, 12, 11, 9): mean 104 / 8 = 13.0.
    #expect(t.rows[9][0] == .text("Jun 2023"))
    #expect(abs((t.rows[9][2].numericValue ?? 0) - 13.0) < 1e-9)
    // Before it (Sep 2022 - May 2023: 107 / 9).
    #expect(abs((t.rows[0][2].numericValue ?? 0) - 107.0 / 9) < 1e-9)
    #expect(t.subtitle.contains("rebased from Jun 2023"))
  }

  @Test func badSPCKeysAreSentences() {
    #expect {
      try Self.briefing(spc: "spc:\n  rebase: [June 2023]")
    } throws: {
      "\($0)".contains("rebase months are written yyyy-MM, e.g. 2023-06; found 'June 2023'.")
    }
    #expect {
      try Self.briefing(spc: "spc:\n  run_lenght: 6")
    } throws: { "\($0)".contains("did you mean 'run_length'?") }
  }
}

@Suite struct PartialYearTests {
  /// The seed with 2024 added: the extraction (5 February 2024) ends it early, so 2024 is marked
  /// partial and the comparisons stay between the complete years 2020 and 2023.
  @Test func partialYearIsMarkedAndNotCompared() throws {
    var text = try String(
      contentsOfFile: TestPaths.root + "/Fixtures/seed-force/panel.yml", encoding: .utf8)
    text = text.replacingOccurrences(of: "years: 2020-2023", with: "years: 2020-2024")
    let config = try BriefingConfig.parse(
      yaml: text, path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let b = BriefingBuilder(config: config, data: data, version: "test").build()
    let outcomes = try #require(b.table("Outcomes_by_label"))
    #expect(outcomes.columns.last?.name == "2024 (partial)")
    let change = try #require(b.table("Change_in_rates"))
    #expect(change.columns[1].name == "2020" && change.columns[2].name == "2023")
    #expect(b.notes.contains { $0.text.contains("(partial) ends after the extraction date") })
    #expect(b.keyPoints[0].text.contains("in 2023"))
    // The 2019 row the fixture rejects is still rejected; nothing was recorded in 2024.
    #expect(outcomes.rows.last?.last == .integer(0))
  }
}

extension PartialYearTests {
  /// One year only: the rate is stated with its interval and nothing is compared.
  @Test func singleYearStatesTheRateUntested() throws {
    var text = try String(
      contentsOfFile: TestPaths.root + "/Fixtures/seed-force/panel.yml", encoding: .utf8)
    text = text.replacingOccurrences(of: "years: 2020-2023", with: "years: 2023")
    let config = try BriefingConfig.parse(
      yaml: text, path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let b = BriefingBuilder(config: config, data: data, version: "test").build()
    // statsmodels 0.15.0: proportion_confint(2, 241, method='wilson') = (0.00228, 0.02975)
    #expect(
      b.keyPoints[0].text.contains(
        "2 of 241 (0.8%) on the cohort basis (95% interval 0.2% to 3.0%)"))
    #expect(b.table("Change_in_rates") == nil)
    #expect(!b.keyPoints.contains { $0.text.contains("fell") || $0.text.contains("rose") })
  }
}

/// The lag quartiles read from histograms against `quantile(sorted:)` (itself checked against
/// numpy above) on the sorted lags of each year, for crimes built at random, with lags of
/// zero, negative lags (a caller may build them; the ingest does not) and lags of centuries.
@Suite struct OutcomeLagHistogramTests {
  @Test(arguments: [UInt64(7), 8, 9])
  func histogramQuartilesAreTheSortedQuartiles(seed: UInt64) throws {
    var config = try BriefingConfig.load(path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    var state = seed
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33) % n
    }
    let labels: [ResolvedLabel<OutcomeStatus>] = [
      .init(label: "Charged", meaning: .outcome(OutcomeType(code: "1")!)),
      .init(label: "Unresolved", meaning: .unresolved),
      .init(label: "Cancelled", meaning: .cancelledOrTransferred),
      .init(label: "Odd", meaning: nil),
    ]
    config.years = [2020, 2021, 2022]
    var data = IngestedData()
    data.outcomeLabels = labels
    for i in 0..<3_000 {
      let recorded = Day(year: 2019 + next(5), month: 1 + next(12), day: 1 + next(28))!
      var outcomeDate: Day?
      switch next(6) {
      case 0: outcomeDate = nil
      case 1: outcomeDate = recorded
      case 2: outcomeDate = Day(year: recorded.year - 1, month: 1 + next(12), day: 1 + next(28))
      case 3: outcomeDate = Day(year: recorded.year + 300 + next(200), month: 1, day: 1)
      default:
        outcomeDate = Day(year: recorded.year + next(3), month: 1 + next(12), day: 1 + next(28))
      }
      data.crimes.append(
        CrimeRecord(
          reference: "R\(i)", recorded: recorded, outcome: next(labels.count),
          outcomeDate: outcomeDate, file: 0, line: i + 2))
    }
    let lags = outcomeLags(data, config: config)
    #expect(lags.count == 3)
    for (year, lag) in zip(config.years, lags) {
      let crimes = data.crimes.filter {
        config.periodBasis.year(of: $0.recorded) == year && $0.outcome != 2
      }
      let days = crimes.compactMap { c in
        c.outcomeDate.map { Double($0.ordinal - c.recorded.ordinal) }
      }
      .sorted()
      #expect(days.contains { $0 < 0 } && days.contains { $0 > 100_000 })
      #expect(lag.crimes == crimes.count)
      #expect(lag.withOutcomeDate == days.count)
      #expect(lag.withoutOutcome == crimes.filter { $0.outcome == 1 }.count)
      #expect(lag.median == quantile(sorted: days, 0.5))
      #expect(lag.lowerQuartile == quantile(sorted: days, 0.25))
      #expect(lag.upperQuartile == quantile(sorted: days, 0.75))
    }
  }

  /// Charge rates counted by month against every period's days checked crime by crime, on
  /// crimes built at random (outcome dates centuries away included), for each basis.
  @Test(arguments: [BriefingConfig.PeriodBasis.calendar, .financial, .yearEnding(month: 11)])
  func chargeRatesByMonthAreTheRatesByDay(basis: BriefingConfig.PeriodBasis) throws {
    var config = try BriefingConfig.load(path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    config.periodBasis = basis
    var state: UInt64 = 11
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33) % n
    }
    var data = IngestedData()
    data.outcomeLabels = [
      .init(label: "Charged", meaning: .outcome(OutcomeType(code: "1")!)),
      .init(label: "No suspect", meaning: .outcome(OutcomeType(code: "18")!)),
      .init(label: "Not yet", meaning: .outcome(.notYetAssigned)),
      .init(label: "Unresolved", meaning: .unresolved),
      .init(label: "Cancelled", meaning: .cancelledOrTransferred),
      .init(label: "Odd", meaning: nil),
    ]
    let covered = config.coveredDays
    let span = covered.upperBound.ordinal - covered.lowerBound.ordinal
    let first = covered.lowerBound
    for i in 0..<4_000 {
      let recorded = Day(
        year: first.year + next(span / 365 + 1), month: 1 + next(12), day: 1 + next(28))!
      let outcomeDate: Day? =
        switch next(5) {
        case 0: nil
        case 1: Day(year: recorded.year + 150 + next(50), month: 1 + next(12), day: 1)
        default: Day(year: recorded.year + next(2), month: 1 + next(12), day: 1 + next(28))
        }
      data.crimes.append(
        CrimeRecord(
          reference: "R\(i)", recorded: recorded, outcome: next(6), outcomeDate: outcomeDate,
          file: 0, line: i + 2))
    }
    let rates = chargeRatesByPeriod(data, config: config)
    #expect(rates.count > 40)
    for rate in rates {
      let days = rate.period.days
      let cohort = data.crimes.filter { days.contains($0.recorded) && $0.outcome != 4 }
      let closed = data.crimes.filter {
        [0, 1].contains($0.outcome) && $0.outcomeDate.map(days.contains) == true
      }
      #expect(rate.cohortCrimes == cohort.count, "\(rate.period.label)")
      #expect(rate.cohortCharged == cohort.filter { $0.outcome == 0 }.count)
      #expect(rate.closedOutcomes == closed.count)
      #expect(rate.closedCharged == closed.filter { $0.outcome == 0 }.count)
    }
    #expect(rates.contains { $0.cohortCharged > 0 && $0.closedCharged > 0 })
  }
}
