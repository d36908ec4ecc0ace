import Foundation
import Testing

@testable import PanelBrief

/// The paper says what its figures are: differences of rates in percentage points, "unresolved"
/// for what is unresolved, column names as the export writes them, `yyyy-MM-dd` for `iso`, and
/// one group for crimes not yet assigned an outcome.
@Suite struct WordingTests {
  func number(_ cell: Cell) -> Double {
    if case .number(let d) = cell { return d }
    return .nan
  }

  @Test func rateDifferencesAreInPercentagePoints() throws {
    let (_, _, b) = try SeedBriefingTests.build()
    let t = try #require(b.table("Change_in_rates"))
    #expect(
      t.columns[3...5].map(\.name) == [
        "Difference (percentage points)", "Difference lower 95% limit (percentage points)",
        "Difference upper 95% limit (percentage points)",
      ])
    #expect(t.columns[3...5].allSatisfy { $0.kind == .decimal })
    let row = try #require(t.rows.first { $0[0] == .text("Charge/summons rate (cohort basis)") })
    // 2 of 241 (2023) less 10 of 206 (2020) = -0.040245 = -4.0 percentage points.
    #expect(abs(number(row[3]) - (2.0 / 241 - 10.0 / 206) * 100) < 1e-9)
    #expect(number(row[4]) < number(row[3]) && number(row[3]) < number(row[5]))
  }

  @Test func unresolvedIsSaidUnresolved() throws {
    let (_, _, b) = try SeedBriefingTests.build()
    let json = String(decoding: try JSONEncoder().encode(b), as: UTF8.self)
    #expect(!json.contains("no outcome at extraction"))
    let lag = try #require(
      b.tables.first { $0.columnIndex("Share unresolved at extraction") != nil })
    let col = try #require(lag.columnIndex("Share unresolved at extraction"))
    // 2023: 34 'UU unresolved' of the 241 crimes of the force (seed outcomes-by-year.csv); the
    // 61 'Unknown' are unclassified, not unresolved.
    let last = try #require(lag.rows.first { $0[0] == .text("2023") })
    #expect(abs(number(last[col]) - 34.0 / 241) < 1e-9)
    let words = b.sections.flatMap(\.paragraphs).joined(separator: "\n")
    #expect(words.contains("of the crimes recorded in 2023 were unresolved at extraction"))
    #expect(words.contains("crimes whose outcome is recorded as unknown"))
  }

  @Test func unresolvedAndTypeZeroAreOneGroup() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      """
      \(Corpus.crimesHeader)
      MS/1,05/01/2021,0: Not yet assigned,
      MS/2,06/01/2021,UU unresolved,
      MS/3,07/01/2021,1: Charged,05/03/2021

      """)
    let outcomes = """
          outcomes:
            "1: Charged": 1
            "0: Not yet assigned": 0
            "UU unresolved": unresolved
      """
    let config = try corpus.config(
      Corpus.crimes(["crimes.csv"], outcomes: outcomes), years: "2021", extraction: "2022-01-31")
    let data = try Ingestor(config: config, open: openTabular).run()
    let b = BriefingBuilder(config: config, data: data, version: "test").build()
    let groups = try #require(b.table("Outcomes_by_group"))
    #expect(
      groups.rows.map { $0[0] } == [
        .text("Charged/Summonsed"), .text("Not yet assigned"), .text("Grand Total"),
      ])
    #expect(groups.rows[1][1] == .integer(2))
  }

  @Test func columnNamesKeepTheirCaseAndIsoIsWrittenOut() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      """
      CRIME NO.,Recorded Date,Outcome,Outcome Date
      ,2021-01-05,1: Charged,
      MS/2,05/01/2021,1: Charged,
      MS/3,2021-01-07,1: Charged,2021-03-05

      """)
    let config = try corpus.config(
      Corpus.crimes(["crimes.csv"], dateFormat: "iso").replacingOccurrences(
        of: "reference: Occurrence Ref", with: "reference: CRIME NO."),
      years: "2021", extraction: "2022-01-31")
    let data = try Ingestor(config: config, open: openTabular).run()
    let b = BriefingBuilder(config: config, data: data, version: "test").build()
    let quality = try #require(b.sections.first { $0.id == "data_quality" })
    #expect(
      quality.paragraphs.contains(
        "Rows rejected, by reason: CRIME NO. is empty (1); Recorded Date is not a date in the form yyyy-MM-dd (1)."
      ), "\(quality.paragraphs)")
  }
}
