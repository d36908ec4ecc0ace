import Testing

@testable import PanelBrief

@Suite struct ConfigTests {
  static let minimal = """
    title: T
    organisation: O
    period:
      basis: calendar
      years: 2020-2023
    extraction_date: 2024-02-05
    sources:
      - kind: crimes
        files: [a.csv]
        columns: {reference: Ref, recorded_date: Date, outcome: Outcome}
        outcomes:
          "1: Charged": 1
          "Cancelled / Transferred": cancelled
    """

  @Test func readsMinimalConfiguration() throws {
    let c = try BriefingConfig.parse(yaml: Self.minimal, path: "/x/seed/panel.yml")
    #expect(c.years == [2020, 2021, 2022, 2023])
    #expect(c.name == "seed")
    #expect(c.extractionDate == Day(year: 2024, month: 2, day: 5))
    #expect(c.sources[0].outcomes.map(\.meaning) == [.outcome(.charged), .cancelledOrTransferred])
    #expect(c.resolve("a.csv") == "/x/seed/a.csv")
    #expect(c.periodDescription == "calendar years 2020 to 2023")
  }

  @Test func paperFontIsReadAndDefaultsToArial() throws {
    #expect(try BriefingConfig.parse(yaml: Self.minimal, path: "p.yml").paperFont == "Arial")
    let verdana = try BriefingConfig.parse(
      yaml: Self.minimal + "\npaper:\n  font: \"Source Sans 3\"\n", path: "p.yml")
    #expect(verdana.paperFont == "Source Sans 3")
  }

  @Test func emptyPaperFontIsRefusedNamingLineAndKey() {
    #expect {
      try BriefingConfig.parse(yaml: Self.minimal + "\npaper:\n  font: \"\"\n", path: "p.yml")
    } throws: { e in
      "\(e)".hasPrefix("p.yml, line 15 (paper.font): paper.font is the name of the font")
        && "\(e)".contains("it must not be empty")
    }
    #expect {
      try BriefingConfig.parse(yaml: Self.minimal + "\npaper:\n  fonts: Arial\n", path: "p.yml")
    } throws: { e in
      "\(e)".contains(
        "(paper.fonts): 'fonts' is not a configuration key here; did you mean 'font'?")
    }
  }

  @Test func configNameFromFile() throws {
    let c = try BriefingConfig.parse(yaml: Self.minimal, path: "/x/seed-force/panel-public.yml")
    #expect(c.name == "seed-force-public")
  }

  @Test func unknownKeySuggestsClosest() {
    let yaml = Self.minimal.replacingOccurrences(of: "extraction_date", with: "extraction_dat")
    #expect {
      try BriefingConfig.parse(yaml: yaml, path: "p.yml")
    } throws: { e in
      "\(e)"
        == "p.yml, line 6 (extraction_dat): 'extraction_dat' is not a configuration key here; did you mean 'extraction_date'?"
    }
  }

  @Test func unknownColumnKeySuggestsClosest() {
    let yaml = Self.minimal.replacingOccurrences(of: "reference: Ref", with: "refrence: Ref")
    #expect {
      try BriefingConfig.parse(yaml: yaml, path: "p.yml")
    } throws: { e in
      "\(e)".contains(
        "(sources[0].columns.refrence): 'refrence' is not a configuration key here; did you mean 'reference'?"
      )
    }
  }

  @Test func badOutcomeTypeNamesLine() {
    let yaml = Self.minimal.replacingOccurrences(
      of: "\"1: Charged\": 1", with: "\"1: Charged\": 19")
    #expect {
      try BriefingConfig.parse(yaml: yaml, path: "p.yml")
    } throws: { e in
      "\(e)"
        == "p.yml, line 12 (sources[0].outcomes.1: Charged): '19' is not a Home Office outcome type (1, 1A, 2 ... 22) nor one of cancelled, unknown, unresolved."
    }
  }

  @Test func badDateAndYears() {
    let yaml = Self.minimal.replacingOccurrences(of: "2024-02-05", with: "05/02/2024")
    #expect {
      try BriefingConfig.parse(yaml: yaml, path: "p.yml")
    } throws: { e in
      "\(e)".contains(
        "the extraction date must be written yyyy-MM-dd, e.g. 2024-02-05; found '05/02/2024'.")
    }
    let gap = Self.minimal.replacingOccurrences(of: "years: 2020-2023", with: "years: [2020, 2022]")
    #expect(throws: ConfigError.self) { try BriefingConfig.parse(yaml: gap, path: "p.yml") }
  }

  @Test func missingRequiredColumn() {
    let yaml = Self.minimal.replacingOccurrences(of: ", outcome: Outcome", with: "")
    #expect {
      try BriefingConfig.parse(yaml: yaml, path: "p.yml")
    } throws: { e in
      "\(e)".contains("the column 'outcome' is required for a crimes source")
    }
  }

  @Test func financialYears() throws {
    let yaml = Self.minimal.replacingOccurrences(of: "basis: calendar", with: "basis: financial")
      .replacingOccurrences(of: "years: 2020-2023", with: "years: [2022/23, 2023/24]")
    let c = try BriefingConfig.parse(yaml: yaml, path: "p.yml")
    #expect(c.years == [2022, 2023])
    #expect(c.periodBasis.label(2023) == "2023/24")
    #expect(c.periodBasis.year(of: Day(year: 2024, month: 3, day: 31)!) == 2023)
    #expect(c.periodBasis.year(of: Day(year: 2024, month: 4, day: 1)!) == 2024)
    #expect(c.periodDescription == "financial years 2022/23 to 2023/24")
  }

  static func yearEnding(_ period: String) -> String {
    minimal.replacingOccurrences(
      of: "period:\n  basis: calendar\n  years: 2020-2023", with: "period: {\(period)}")
  }

  @Test func yearEndingPeriods() throws {
    let c = try BriefingConfig.parse(
      yaml: Self.yearEnding("basis: year-ending, end: 2023-09, years: 3"), path: "p.yml")
    // Numbered by the year they end in: Oct 2020 to Sep 2021 is "year ending Sep 2021".
    #expect(c.years == [2021, 2022, 2023])
    #expect(c.periodBasis == .yearEnding(month: 9))
    #expect(c.periodBasis.label(2023) == "year ending Sep 2023")
    #expect(c.periodBasis.year(of: Day(year: 2023, month: 9, day: 30)!) == 2023)
    #expect(c.periodBasis.year(of: Day(year: 2023, month: 10, day: 1)!) == 2024)
    #expect(c.periodBasis.bounds(2023) == Day(iso: "2022-10-01")!...Day(iso: "2023-09-30")!)
    #expect(c.coveredDays == Day(iso: "2020-10-01")!...Day(iso: "2023-09-30")!)
    #expect(c.periodDescription == "the years ending September 2021 to September 2023")
    #expect(c.periodBasis.monthSpan == "October to September")
    // February's last day in a leap year ends a year ending February.
    let feb = BriefingConfig.PeriodBasis.yearEnding(month: 2)
    #expect(feb.bounds(2024) == Day(iso: "2023-03-01")!...Day(iso: "2024-02-29")!)
    let dec = BriefingConfig.PeriodBasis.yearEnding(month: 12)
    #expect(dec.bounds(2023) == BriefingConfig.PeriodBasis.calendar.bounds(2023))
    let mar = BriefingConfig.PeriodBasis.yearEnding(month: 3)
    #expect(mar.bounds(2024) == BriefingConfig.PeriodBasis.financial.bounds(2023))
  }

  @Test(arguments: [
    ("basis: year-ending, years: 4", "needs the month the latest year ends"),
    ("basis: year-ending, end: 2023-13, years: 4", "period.end is the month the latest year ends"),
    ("basis: year-ending, end: 2023-12, years: 2020-2023", "how many 12-month periods"),
    ("basis: year-ending, end: 2023-12, years: 0", "how many 12-month periods"),
    (
      "basis: calendar, end: 2023-12, years: 2020-2023",
      "period.end is only for 'basis: year-ending'"
    ),
    ("basis: rolling, years: 2020-2023", "'calendar', 'financial' or 'year-ending'"),
  ])
  func yearEndingRefusals(period: String, message: String) {
    #expect {
      try BriefingConfig.parse(yaml: Self.yearEnding(period), path: "p.yml")
    } throws: { e in
      "\(e)".contains(message)
    }
  }
}

@Suite struct DatePatternTests {
  @Test func ukDates() {
    let p = DatePattern("dd/MM/yyyy")!
    #expect(p.parse("05/02/2024") == .day(Day(year: 2024, month: 2, day: 5)!))
    #expect(p.parse(" 5/2/2024 ") == .day(Day(year: 2024, month: 2, day: 5)!))
    #expect(p.parse("31/02/2022") == .impossible)
    #expect(p.parse("29/02/2023") == .impossible)
    #expect(p.parse("29/02/2024") == .day(Day(year: 2024, month: 2, day: 29)!))
    #expect(p.parse("TBC") == .wrongShape)
    #expect(p.parse("2024-02-05") == .wrongShape)
    #expect(p.parse("14/03/2020 00:00") == .day(Day(year: 2020, month: 3, day: 14)!))
    #expect(p.parse("14/03/2020 noon") == .wrongShape)
  }

  @Test func dateTimes() {
    let p = DatePattern("yyyy-MM-dd HH:mm")!
    #expect(p.parse("2021-02-13 10:00") == .day(Day(year: 2021, month: 2, day: 13)!))
    #expect(p.parse("2021-13-02 10:00") == .impossible)
    #expect(p.parse("2021-02-13 25:00") == .impossible)
    #expect(p.parse("") == .wrongShape)
    #expect(DatePattern("iso")!.parse("2020-01-31") == .day(Day(year: 2020, month: 1, day: 31)!))
    #expect(DatePattern("MM/yyyy") == nil)
  }

  @Test func dayOrdinals() {
    // Python: (date(2024,2,5) - date(1970,1,1)).days == 19758
    #expect(Day(year: 2024, month: 2, day: 5)!.ordinal == 19758)
    #expect(Day(year: 1970, month: 1, day: 1)!.ordinal == 0)
    // Python: (date(1900,3,1) - date(1970,1,1)).days == -25508
    #expect(Day(year: 1900, month: 3, day: 1)!.ordinal == -25508)
  }

  @Test func monthHeaders() {
    #expect(MonthHeader.parse("Sep-22") == YearMonth(year: 2022, month: 9))
    #expect(MonthHeader.parse("Jan- 24") == YearMonth(year: 2024, month: 1))
    #expect(MonthHeader.parse("September 2022") == YearMonth(year: 2022, month: 9))
    #expect(MonthHeader.parse("2022-09") == YearMonth(year: 2022, month: 9))
    #expect(MonthHeader.parse("2022-09-01") == YearMonth(year: 2022, month: 9))
    #expect(MonthHeader.parse("Measure") == nil)
  }
}
