import Foundation
import Testing

@testable import PanelBrief

/// Each test pins one definition of README ("What the briefing says, and how", "Row rules",
/// "Labels always match…", the CSV encodings) with records written here at the boundaries that
/// matter: 31 March / 1 April, 31 December / 1 January, the extraction date, a crime recorded in
/// one year and charged in the next, type 1A. Every expected figure below was worked out by hand
/// from the records listed (the reasoning is in the comments) and checked with Python 3 (numpy
/// 2 `quantile`, the Wilson formula, `datetime.date` differences), never by running PanelBrief.
@Suite struct DefinitionTests {
  /// Calendar years 2021 and 2022, extracted on 31 December 2022 (the last day of 2022).
  /// Days from recording to outcome are in brackets.
  static let calendarCrimes = [
    "A01,01/01/2021,\"15: Evidential difficulties, victim supports\",31/03/2021",  // (89)
    "A02,31/03/2021,1: Charged,01/04/2021",  // (1)
    "A03,01/04/2021,16: Victim does not support,30/06/2021",  // (90)
    "A04,30/06/2021,18: No suspect identified,01/07/2021",  // (1)
    "A05,01/07/2021,Cancelled / Transferred,",
    "A06,31/12/2021,  1:  CHARGED ,01/01/2022",  // (1) recorded in 2021, charged in 2022
    "A07,31/12/2021,1A: Charged - alternative offence,31/12/2021",  // (0)
    "A08,15/08/2021,UU unresolved,",
    "A09,10/10/2021,0: Not yet assigned,",
    "B01,01/01/2022,1A: Charged - alternative offence,31/03/2022",  // (89)
    "B02,31/03/2022,\"15: Evidential difficulties, victim supports\",01/04/2022",  // (1)
    "B03,01/04/2022,1: Charged,31/12/2022",  // (274) outcome on the extraction date
    "B04,30/09/2022,Unknown,",
    "B05,01/10/2022,18: No suspect identified,02/10/2022",  // (1)
    "B06,31/12/2022,UU unresolved,",  // recorded on the extraction date
    "B07,15/05/2022,Cancelled / Transferred,",
    "B08,20/07/2022,Some New Label,",
    "B09,21/07/2022,Some New Label,",  // the same bytes again
    "B10,22/07/2022, some  new LABEL,",  // other bytes, the same label once normalised
    "X01,01/01/2023,1: Charged,",  // the day after the extraction: rejected
    "X02,31/12/2020,1: Charged,",  // the day before the period: rejected
  ]

  static func calendar(_ name: String = #function) throws -> (
    config: BriefingConfig, data: IngestedData, briefing: Briefing
  ) {
    try HandMade.build(
      name, years: "2021-2022", extraction: "2022-12-31",
      crimes: calendarCrimes)
  }

  /// Financial years 2020/21 and 2021/22, extracted on 31 March 2022 (the last day of 2021/22).
  static let financialCrimes = [
    "C01,01/04/2020,18: No suspect identified,02/04/2020",  // (1) first day of 2020/21
    "A01,01/01/2021,\"15: Evidential difficulties, victim supports\",31/03/2021",  // (89)
    "A02,31/03/2021,1: Charged,01/04/2021",  // (1) last day of 2020/21, charged in 2021/22
    "A03,01/04/2021,16: Victim does not support,30/06/2021",  // (90) first day of 2021/22
    "A04,30/06/2021,18: No suspect identified,01/07/2021",  // (1)
    "A05,01/07/2021,Cancelled / Transferred,",
    "A06,31/12/2021,1: Charged,01/01/2022",  // (1)
    "A07,31/12/2021,1A: Charged - alternative offence,31/12/2021",  // (0)
    "A08,15/08/2021,UU unresolved,",
    "A09,10/10/2021,0: Not yet assigned,",
    "B01,01/01/2022,1A: Charged - alternative offence,31/03/2022",  // (89) outcome on extraction
    "B02,31/03/2022,\"15: Evidential difficulties, victim supports\",",  // recorded on extraction
    "X01,01/04/2022,1: Charged,",  // the day after the extraction: rejected
    "X02,31/03/2020,1: Charged,",  // the day before the period: rejected
  ]

  static func financial(_ name: String = #function) throws -> (
    config: BriefingConfig, data: IngestedData, briefing: Briefing
  ) {
    try HandMade.build(
      name, basis: "financial", years: "[2020/21, 2021/22]", extraction: "2022-03-31",
      crimes: financialCrimes)
  }

  typealias Row = (charged: Int, crimes: Int, closedCharged: Int, closedOutcomes: Int)

  /// The rows of Charge_rate_by_period of one type, by label: coverage and both bases' counts.
  static func byPeriod(_ b: Briefing, _ type: String) throws -> [String: (String, [Int])] {
    let t = try #require(b.table("Charge_rate_by_period"))
    var out: [String: (String, [Int])] = [:]
    for row in t.rows where row[0] == .text(type) {
      guard case .text(let label) = row[1], case .text(let coverage) = row[2] else { continue }
      out[label] = (
        coverage,
        [row[3], row[4], row[8], row[9]].map { if case .integer(let i) = $0 { i } else { -1 } }
      )
    }
    return out
  }

  // MARK: - Cohort basis, charge numerator and denominator

  /// README: "The charge/summons rate on the cohort basis (crimes recorded in the year, outcome
  /// at extraction; cancelled/transferred left out of the denominator)", numerator "type 1
  /// (charged or summonsed, including 1A)".
  @Test func cohortBasisChargeNumeratorWith1AAndDenominatorWithoutCancelled() throws {
    let b = try Self.calendar().briefing
    let t = try #require(b.table("Charge_rate"))
    // 2021: A01-A09 recorded (9); A05 cancelled (1); denominator 8; charged A02, A06 (type 1,
    // charged in 2022 but recorded in 2021) and A07 (1A): 3 -> 3/8 = 0.375.
    // 2022: B01-B10 recorded (10); B07 cancelled; denominator 9; charged B01 (1A), B03: 2 -> 2/9.
    // X01 (after the extraction) and X02 (before the period) are not crimes of either year.
    #expect(t.rows.map { $0[0] } == [.text("2021"), .text("2022")])
    #expect(HandMade.ints(t.rows[0], from: 1, count: 4) == [3, 9, 1, 8])
    #expect(HandMade.ints(t.rows[1], from: 1, count: 4) == [2, 10, 1, 9])
    #expect(HandMade.close(t.rows[0][5], 0.375))
    #expect(HandMade.close(t.rows[1][5], 2.0 / 9))
    // Wilson 95% (Python: the score interval with z = 1.959963984540054, as statsmodels).
    #expect(HandMade.close(t.rows[0][6], 0.13684428582359742, tolerance: 1e-9))
    #expect(HandMade.close(t.rows[0][7], 0.6942576053973727, tolerance: 1e-9))
    #expect(HandMade.close(t.rows[1][6], 0.06322510711784671, tolerance: 1e-9))
    #expect(HandMade.close(t.rows[1][7], 0.5474110308930111, tolerance: 1e-9))
    // Share with no outcome at extraction: unresolved or type 0, over the denominator.
    // 2021: A08 (unresolved), A09 (type 0) -> 2/8; 2022: B06 -> 1/9.
    #expect(HandMade.close(t.rows[0][8], 0.25))
    #expect(HandMade.close(t.rows[1][8], 1.0 / 9))
  }

  /// README: the numerator is "type 1 (charged or summonsed, including 1A)"; a force whose only
  /// charges are 1A still has a charge rate above zero.
  @Test func chargeNumeratorCountsType1AOnItsOwn() throws {
    let (_, _, b) = try HandMade.build(
      years: "2021", extraction: "2022-01-31",
      crimes: [
        "N1,05/05/2021,1A: Charged - alternative offence,06/06/2021",
        "N2,05/05/2021,1A: Charged - alternative offence,07/06/2021",
        "N3,05/05/2021,18: No suspect identified,08/06/2021",
        "N4,05/05/2021,Cancelled / Transferred,",
      ])
    let t = try #require(b.table("Charge_rate"))
    // 2 of 3 (N4 cancelled): 0.6667; on the closed basis the same 2 of 3 outcomes in 2021.
    #expect(HandMade.ints(t.rows[0], from: 1, count: 4) == [2, 4, 1, 3])
    #expect(HandMade.close(t.rows[0][5], 2.0 / 3))
    let closed = try #require(b.table("Charge_rate_closed"))
    #expect(HandMade.ints(closed.rows[0], from: 1, count: 2) == [2, 3])
    #expect(b.keyPoints.first?.text.contains("2 of 3 (66.7%)") == true)
  }

  // MARK: - Closed basis

  /// README: "on the closed basis (outcomes assigned in the year)": placed by the outcome date,
  /// whenever the crime was recorded.
  @Test func closedBasisPlacesOutcomesByTheirOutcomeDate() throws {
    let b = try Self.calendar().briefing
    let t = try #require(b.table("Charge_rate_closed"))
    // Outcome dates in 2021: A01 31/03, A02 01/04 (charge), A03 30/06, A04 01/07, A07 31/12 (1A)
    //   -> 2 charges of 5 outcomes.
    // In 2022: A06 01/01 (charge, recorded 2021), B01 31/03 (1A), B02 01/04, B05 02/10,
    //   B03 31/12 (charge) -> 3 of 5.
    // (By recorded date it would be 3 of 6 and 2 of 4.)
    #expect(t.rows.map { $0[0] } == [.text("2021"), .text("2022")])
    #expect(HandMade.ints(t.rows[0], from: 1, count: 2) == [2, 5])
    #expect(HandMade.ints(t.rows[1], from: 1, count: 2) == [3, 5])
    #expect(HandMade.close(t.rows[0][3], 0.4))
    #expect(HandMade.close(t.rows[1][3], 0.6))
    // Wilson (Python, as above): 2 of 5 and 3 of 5.
    #expect(HandMade.close(t.rows[0][4], 0.1176207742326478, tolerance: 1e-9))
    #expect(HandMade.close(t.rows[1][5], 0.882379225767352, tolerance: 1e-9))
  }

  // MARK: - Calendar and financial years, quarters, months

  /// README: "for every calendar year, financial year, quarter and month on both bases, with
  /// partial periods marked" (restricted papers), on a calendar briefing.
  @Test func calendarYearsFinancialYearsQuartersAndMonthsOnBothBases() throws {
    let b = try Self.calendar().briefing
    // [cohort charged, cohort crimes, closed charged, closed outcomes], worked from the list
    // above (cancelled A05 and B07 are in no denominator).
    let years = try Self.byPeriod(b, "Calendar year")
    #expect(years["2021"]! == ("Complete", [3, 8, 2, 5]))
    #expect(years["2022"]! == ("Complete", [2, 9, 3, 5]))
    // Financial years (1 April to 31 March): 2020/21 holds A01, A02 (recorded 31/03/2021);
    // 2021/22 from A03 (01/04/2021) to B02 (31/03/2022); 2022/23 from B03 (01/04/2022).
    // Closed: 2020/21 A01 (31/03/2021); 2021/22 A02 (01/04/2021) ... B01 (31/03/2022);
    // 2022/23 B02 (01/04/2022), B05, B03.
    let fy = try Self.byPeriod(b, "Financial year")
    #expect(fy.count == 3)
    #expect(fy["2020/21"]! == ("Partial", [1, 2, 0, 1]))
    #expect(fy["2021/22"]! == ("Complete", [3, 8, 4, 6]))
    #expect(fy["2022/23"]! == ("Partial", [1, 7, 1, 3]))
    // Calendar quarters: Q1 Jan-Mar, Q2 Apr-Jun, Q3 Jul-Sep, Q4 Oct-Dec.
    let q = try Self.byPeriod(b, "Quarter")
    #expect(q.count == 8)
    #expect(q["2021 Q1"]! == ("Complete", [1, 2, 0, 1]))  // A01, A02 | A01
    #expect(q["2021 Q2"]! == ("Complete", [0, 2, 1, 2]))  // A03, A04 | A02, A03
    #expect(q["2021 Q3"]! == ("Complete", [0, 1, 0, 1]))  // A08 | A04
    #expect(q["2021 Q4"]! == ("Complete", [2, 3, 1, 1]))  // A06, A07, A09 | A07
    #expect(q["2022 Q1"]! == ("Complete", [1, 2, 2, 2]))  // B01, B02 | A06, B01
    #expect(q["2022 Q2"]! == ("Complete", [1, 1, 0, 1]))  // B03 | B02
    #expect(q["2022 Q3"]! == ("Complete", [0, 4, 0, 0]))  // B04, B08, B09, B10 | -
    #expect(q["2022 Q4"]! == ("Complete", [0, 2, 1, 2]))  // B05, B06 | B05, B03
    let m = try Self.byPeriod(b, "Month")
    #expect(m.count == 24)
    #expect(m["Mar 2021"]! == ("Complete", [1, 1, 0, 1]))  // A02 | A01
    #expect(m["Apr 2021"]! == ("Complete", [0, 1, 1, 1]))  // A03 | A02
    #expect(m["Dec 2021"]! == ("Complete", [2, 2, 1, 1]))  // A06, A07 | A07
    #expect(m["Jan 2022"]! == ("Complete", [1, 1, 1, 1]))  // B01 | A06
    #expect(m["Mar 2022"]! == ("Complete", [0, 1, 1, 1]))  // B02 | B01
    #expect(m["Dec 2022"]! == ("Complete", [0, 1, 1, 1]))  // B06 | B03
  }

  /// README: `period.basis: financial` (Apr–Mar, written 2023/24); quarters on the briefing's
  /// basis (2021/22 Q1 is April to June 2021).
  @Test func financialYearsAndQuartersRunFromFirstApril() throws {
    let (_, data, b) = try Self.financial()
    // 2020/21: C01 (01/04/2020), A01, A02 (31/03/2021): 3 crimes, charged A02.
    // 2021/22: A03 (01/04/2021) ... B02 (31/03/2022): 9 recorded, A05 cancelled, 8;
    //   charged A06, A07 (1A), B01 (1A): 3.
    let t = try #require(b.table("Charge_rate"))
    #expect(t.rows.map { $0[0] } == [.text("2020/21"), .text("2021/22")])
    #expect(HandMade.ints(t.rows[0], from: 1, count: 4) == [1, 3, 0, 3])
    #expect(HandMade.ints(t.rows[1], from: 1, count: 4) == [3, 9, 1, 8])
    // Closed: 2020/21 C01 (02/04/2020), A01 (31/03/2021): 0 of 2; 2021/22 A02 (01/04/2021),
    // A03, A04, A07, A06, B01 (31/03/2022): 4 of 6.
    let closed = try #require(b.table("Charge_rate_closed"))
    #expect(HandMade.ints(closed.rows[0], from: 1, count: 2) == [0, 2])
    #expect(HandMade.ints(closed.rows[1], from: 1, count: 2) == [4, 6])
    let q = try Self.byPeriod(b, "Quarter")
    #expect(q.count == 8)
    #expect(q["2020/21 Q1"]! == ("Complete", [0, 1, 0, 1]))  // C01 | C01
    #expect(q["2020/21 Q2"]! == ("Complete", [0, 0, 0, 0]))
    #expect(q["2020/21 Q4"]! == ("Complete", [1, 2, 0, 1]))  // A01, A02 | A01
    #expect(q["2021/22 Q1"]! == ("Complete", [0, 2, 1, 2]))  // A03, A04 | A02, A03
    #expect(q["2021/22 Q2"]! == ("Complete", [0, 1, 0, 1]))  // A08 | A04
    #expect(q["2021/22 Q3"]! == ("Complete", [2, 3, 1, 1]))  // A06, A07, A09 | A07
    #expect(q["2021/22 Q4"]! == ("Complete", [1, 2, 2, 2]))  // B01, B02 | A06, B01
    // Calendar years inside a financial briefing: 2020 and 2022 are partly covered.
    let years = try Self.byPeriod(b, "Calendar year")
    #expect(years["2020"]! == ("Partial", [0, 1, 0, 1]))
    #expect(years["2021"]! == ("Complete", [3, 8, 2, 5]))
    #expect(years["2022"]! == ("Partial", [1, 2, 2, 2]))
    // The two rejected rows: one after the extraction, one before the period.
    #expect(
      data.rejected.map(\.reason).sorted() == [
        "Recorded is after the extraction date", "Recorded is outside the period covered",
      ])
  }

  // MARK: - Year boundaries and the extraction date

  /// README: "partial periods marked": a period is partial when it ends after the extraction
  /// date, so a year that ends on the extraction date is complete and is compared; a crime
  /// recorded on the extraction date is counted, one recorded the day after is rejected.
  @Test func aYearEndingOnTheExtractionDateIsComplete() throws {
    let (_, data, b) = try Self.calendar()
    let outcomes = try #require(b.table("Outcomes_by_label"))
    #expect(outcomes.columns.map(\.name).suffix(2) == ["2021", "2022"])
    #expect(!b.notes.contains { $0.text.contains("(partial)") })
    // Both years complete: the first and last are compared.
    let change = try #require(b.table("Change_in_rates"))
    #expect(change.columns[1].name == "2021" && change.columns[2].name == "2022")
    // B06, recorded on 31/12/2022, is a crime of 2022; X01 (01/01/2023) is rejected.
    #expect(data.crimes.contains { $0.reference == "B06" })
    #expect(data.crimes.count == 19)
    let reasons = Set(data.rejected.map { "\($0.fields.first ?? ""): \($0.reason)" })
    #expect(
      reasons == [
        "X01: Recorded is after the extraction date", "X02: Recorded is outside the period covered",
      ])

    let (_, _, fb) = try Self.financial()
    #expect(
      try #require(fb.table("Charge_rate")).rows.map { $0[0] } == [
        .text("2020/21"), .text("2021/22"),
      ])
    #expect(fb.table("Change_in_rates") != nil)
    let fy = try Self.byPeriod(fb, "Financial year")
    #expect(fy["2021/22"]?.0 == "Complete")
    #expect(fy["2020/21"]?.0 == "Complete")

    // One day earlier, 2022 is partial.
    let (_, _, early) = try HandMade.build(
      years: "2021-2022", extraction: "2022-12-30",
      crimes: ["E1,05/05/2021,1: Charged,06/06/2021", "E2,05/05/2022,1: Charged,06/06/2022"])
    let earlyYears = try Self.byPeriod(early, "Calendar year")
    #expect(earlyYears["2022"]?.0 == "Partial")
    #expect(earlyYears["2021"]?.0 == "Complete")
    #expect(
      try #require(early.table("Charge_rate")).rows.map { $0[0] } == [
        .text("2021"), .text("2022 (partial)"),
      ])
  }

  // MARK: - Outcome lag

  /// README: "Outcome lag: median and quartiles of days from recording to outcome" (quartiles by
  /// linear interpolation, numpy's default).
  @Test func outcomeLagCountsDaysFromRecordingToOutcome() throws {
    let b = try Self.calendar().briefing
    let t = try #require(b.table("Outcome_lag"))
    // 2021: A01 89, A02 1, A03 90, A04 1, A06 1, A07 0 -> [0, 1, 1, 1, 89, 90];
    //   numpy.quantile(..., [0.25, 0.5, 0.75]) = [1, 1, 67]. 8 crimes of the force, 6 dated.
    // 2022: B01 89, B02 1, B03 274, B05 1 -> [1, 1, 89, 274]; quantiles [1, 45, 135.25].
    //   9 crimes of the force (B07 cancelled), 4 dated.
    #expect(t.columns.map(\.name).first == "Year recorded")
    #expect(HandMade.ints(t.rows[0], from: 1, count: 2) == [8, 6])
    #expect(HandMade.ints(t.rows[1], from: 1, count: 2) == [9, 4])
    #expect(t.rows[0].dropFirst(3).map(\.numericValue) == [1, 1, 67])
    #expect(t.rows[1].dropFirst(3).map(\.numericValue) == [45, 1, 135.25])

    let f = try #require(try Self.financial().briefing.table("Outcome_lag"))
    // 2020/21: C01 1, A01 89, A02 1 -> [1, 1, 89]: quartiles [1, 1, 45].
    // 2021/22: A03 90, A04 1, A06 1, A07 0, B01 89 -> [0, 1, 1, 89, 90]: [1, 1, 89].
    #expect(f.rows[0].dropFirst(3).map(\.numericValue) == [1, 1, 45])
    #expect(f.rows[1].dropFirst(3).map(\.numericValue) == [1, 1, 89])
  }

  // MARK: - Type and group tables

  /// README: "Outcomes by the force's labels, by Home Office outcome type and by outcome group;
  /// statuses that are not outcomes … are kept apart": every row of the type and group tables,
  /// and a Grand Total that counts every crime, status rows included.
  @Test func typeAndGroupTablesWithStatusRowsInTheGrandTotal() throws {
    let b = try Self.calendar().briefing
    let types = try #require(b.table("Outcomes_by_type"))
    // Counts by year recorded [2021, 2022], from the list above.
    let expected: [(String, [Int])] = [
      ("0", [1, 0]),  // A09
      ("1", [2, 1]),  // A02, A06 | B03
      ("1A", [1, 1]),  // A07 | B01
      ("15", [1, 1]),  // A01 | B02
      ("16", [1, 0]),  // A03
      ("18", [1, 1]),  // A04 | B05
      ("[z]", [1, 1]),  // cancelled: A05 | B07
      ("[z]", [0, 1]),  // unknown: B04
      ("[z]", [1, 1]),  // unresolved: A08 | B06
      ("[x]", [0, 3]),  // unmapped: B08, B09, B10
      ("Grand Total", [9, 10]),
    ]
    #expect(types.rows.count == expected.count)
    // Crimes of the force (the shares' denominator): 9 - 1 cancelled = 8 in 2021, 10 - 1 = 9 in
    // 2022.
    #expect(types.columns.map(\.name).suffix(2) == ["2021 share", "2022 share"])
    for (row, e) in zip(types.rows, expected) {
      #expect(row[0].words() == e.0)
      #expect(HandMade.ints(row, from: 2, count: 2) == e.1, "\(row[1])")
      // Each type's share of the year's crimes of the force, beside its counts; none for the
      // cancelled row and the Grand Total.
      let shares = Array(row.suffix(2))
      if row[1] == .text(OutcomeStatus.cancelledOrTransferred.groupLabel)
        || row[0] == .text("Grand Total")
      {
        #expect(shares == [.shorthand(.notApplicable), .shorthand(.notApplicable)])
      } else {
        #expect(shares == [.number(Double(e.1[0]) / 8), .number(Double(e.1[1]) / 9)], "\(row[1])")
      }
    }
    #expect(types.rows[6][1] == .text(OutcomeStatus.cancelledOrTransferred.groupLabel))
    #expect(types.rows[9][1] == .text("Unmapped labels"))

    let groups = try #require(b.table("Outcomes_by_group"))
    let expectedGroups: [(String, [Int])] = [
      ("Charged/Summonsed", [3, 2]),  // types 1 and 1A
      ("Evidential difficulties (suspect identified; victim supports action)", [1, 1]),  // 15
      ("Evidential difficulties (victim does not support action)", [1, 0]),  // 16
      ("Investigation complete - no suspect identified", [1, 1]),  // 18
      ("Not yet assigned", [2, 1]),  // type 0 and unresolved: A09, A08 | B06
      ("Not a crime of this force (cancelled/transferred)", [1, 1]),
      ("Not classifiable (unknown)", [0, 1]),
      ("Unmapped labels", [0, 3]),
      ("Grand Total", [9, 10]),
    ]
    #expect(groups.rows.map { $0[0] } == expectedGroups.map { .text($0.0) })
    for (row, e) in zip(groups.rows, expectedGroups) {
      #expect(HandMade.ints(row, from: 1) == e.1, "\(e.0)")
    }
  }

  // MARK: - Label matching

  /// README: "Labels always match after trimming, folding runs of spaces, and ignoring case. A
  /// label the configuration does not map is kept and counted as `Unmapped: <label>`, and
  /// listed under data quality": every row counts, whether its bytes repeat exactly or not.
  @Test func unmappedLabelRepeatedWithTheSameBytesCountsEveryRow() throws {
    let (_, data, b) = try Self.calendar()
    // "  1:  CHARGED " (A06) is "1: Charged"; B08 and B09 (identical bytes) and B10 (other
    // case and spaces) are one unmapped label of 3 rows.
    let labels = try #require(b.table("Outcomes_by_label"))
    #expect(HandMade.ints(try #require(HandMade.row(labels, "1: Charged")), from: 2) == [2, 1])
    let unmapped = try #require(HandMade.row(labels, "Unmapped: Some New Label"))
    #expect(HandMade.ints(unmapped, from: 2) == [0, 3])
    #expect(labels.rows.count == 9 + 1 + 1)  // nine configured, one unmapped, the Grand Total
    #expect(data.findings.map(\.count) == [3])
    #expect(data.findings.first?.text.contains("'Some New Label'") == true)
    // Unmapped rows are unclassified outcomes, with unknown and unresolved: 2021 A08 of 9
    // recorded; 2022 B04, B06 and the 3 unmapped of 10.
    let change = try #require(b.table("Change_in_rates"))
    let share = try #require(
      change.rows.first {
        $0[0]
          == .text("Share of crimes with an unclassified outcome (unknown, unresolved, unmapped)")
      })
    #expect(HandMade.close(share[1], 1.0 / 9))
    #expect(HandMade.close(share[2], 0.5))
  }

  // MARK: - Leap years

  /// README: "an empty, malformed, impossible (31/02) … date is rejected": 29 February exists in
  /// 2000 and 2024 but not in 1900, 2100 or 2023 (the Gregorian century rule).
  @Test func leapYearCenturyRule() throws {
    #expect(Day(year: 2000, month: 2, day: 29) != nil)
    #expect(Day(year: 2024, month: 2, day: 29) != nil)
    #expect(Day(year: 1900, month: 2, day: 29) == nil)
    #expect(Day(year: 2100, month: 2, day: 29) == nil)
    #expect(Day(year: 2023, month: 2, day: 29) == nil)
    // Day differences across the end of February (Python datetime.date).
    #expect(
      Day(year: 2000, month: 3, day: 1)!.ordinal - Day(year: 2000, month: 2, day: 28)!.ordinal == 2)
    #expect(
      Day(year: 2100, month: 3, day: 1)!.ordinal - Day(year: 2100, month: 2, day: 28)!.ordinal == 1)
    // Through the ingest: 29/02/1900 is not a real date (rather than out of the period);
    // 29/02/2000 is a crime of 2000 whose outcome a day later, 01/03/2000, is 1 day on.
    let (_, data, b) = try HandMade.build(
      years: "2000", extraction: "2001-01-31",
      crimes: [
        "L1,29/02/2000,1: Charged,01/03/2000", "L2,28/02/2000,18: No suspect identified,01/03/2000",
        "L3,29/02/1900,1: Charged,", "L4,29/02/2001,1: Charged,",
      ])
    #expect(data.crimes.map(\.reference) == ["L1", "L2"])
    #expect(
      data.rejected.map(\.reason) == ["Recorded is not a real date", "Recorded is not a real date"])
    let lag = try #require(b.table("Outcome_lag"))
    // [1, 2]: median 1.5, quartiles 1.25 and 1.75.
    #expect(lag.rows[0].dropFirst(3).map(\.numericValue) == [1.5, 1.25, 1.75])
  }

  // MARK: - Encodings

  /// README: CSV files may be UTF-8 or "Windows-1252 (detected when the bytes are not valid
  /// UTF-8, and said so in the reconciliation)": a multi-byte sequence cut off by the end of the
  /// file is not valid UTF-8, whatever the chunk the reader sees it in. Expected characters from
  /// Python 3: bytes([0xC3]).decode('cp1252') == 'Ã', bytes([0xE2, 0x82]).decode('cp1252') ==
  /// 'â‚' (U+00E2, U+201A).
  @Test func utf8SequenceCutOffAtTheEndOfTheFileIsNotUTF8() throws {
    let folder = TestPaths.scratch()
    for (tail, expected) in [([UInt8(0xC3)], "Zo\u{C3}"), ([0xE2, 0x82], "Zo\u{E2}\u{201A}")] {
      let path = folder + "/cut-\(tail.count).csv"
      try Data(Array("a,b\nZo".utf8) + tail).write(to: URL(fileURLWithPath: path))
      for chunk in 1...5 {
        var reader = try CSVReader(path: path, options: .init(), chunkSize: chunk)
        var records: [[String]] = []
        while let r = try reader.next() { records.append(r.fields) }
        #expect(reader.encoding == .windows1252, "chunk \(chunk), \(tail)")
        #expect(records == [["a", "b"], [expected]], "chunk \(chunk)")
      }
    }
    // Through the ingest: the file is read as Windows-1252 and says so; the last row (short of
    // a field) is rejected with its values as the file has them.
    let (_, data, _) = try HandMade.build(
      years: "2021", extraction: "2022-01-31", crimes: ["E1,05/05/2021,1: Charged,06/06/2021"],
      trailingBytes: Array("E2,06/05/2021,Caf".utf8) + [0xC3])
    #expect(data.crimes.count == 1)
    #expect(data.reconciliation.first?.format.contains("Windows-1252") == true)
    #expect(data.rejected.map(\.reason) == ["Wrong number of fields"])
    #expect(data.rejected.first?.fields == ["E2", "06/05/2021", "Caf\u{C3}"])
  }

  // MARK: - Significance

  /// README: 'Sentences say "rose" or "fell" only where p < 0.05.' (A mutant that used 0.10
  /// survived every other test: the fixtures have no p-value between 0.05 and 0.10.)
  @Test func roseOrFellOnlyBelowFivePercent() {
    #expect(YearComparison.reading(p: 0.07, change: 1) == "No significant change")
    #expect(YearComparison.reading(p: 0.049, change: -1) == "Fell")
    #expect(!YearComparison(reading: "No significant change", pValue: 0.07).significant)
    #expect(!YearComparison(reading: "No significant change", pValue: 0.05).significant)
    #expect(YearComparison(reading: "Fell", pValue: 0.049).significant)
  }
}
