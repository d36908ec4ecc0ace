import Foundation
import Testing

@testable import PanelBrief

/// The quality gates: each failure of the issue "a paper is right or it is refused" as a file
/// and configuration, with the sentence `report` refuses with. Expected counts are worked by hand
/// from the rows the test writes.
@Suite struct QualityGatesTests {
  static let header = Corpus.crimesHeader

  /// `n` crimes recorded on the days given, all "18", without outcome dates.
  static func rows(_ dates: [String]) -> String {
    ([header]
      + dates.enumerated().map { i, d in
        "MS/\(i),\(d),18: Investigation complete no suspect identified,"
      }).joined(separator: "\n") + "\n"
  }

  static func gates(_ corpus: Corpus, _ sources: String, years: String = "2020-2023")
    throws -> (BriefingConfig, IngestedData, [GateFailure])
  {
    let config = try corpus.config(sources, years: years)
    let data = try Ingestor(config: config, open: openTabular).run()
    return (config, data, QualityGates.check(config: config, data: data))
  }

  /// dd/MM/yyyy on ISO dates: one stray value fits, so the ingest's "no value matches" refusal
  /// does not apply, and 40 of 41 rows would be rejected behind an exit status of 0.
  @Test func aWrongFormatThatOneStrayValueFitsIsRefused() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let dates = (1...40).map { String(format: "2021-03-%02d", ($0 - 1) % 28 + 1) } + ["05/01/2020"]
    try corpus.write("crimes.csv", Self.rows(dates))
    let (_, data, failures) = try Self.gates(corpus, Corpus.crimes(["crimes.csv"]))
    #expect(data.crimes.count == 1)
    // 40 of the 41 values are ISO dates: 97.6%.
    #expect(
      failures == [
        GateFailure(
          gate: .dateFormat,
          message:
            "'Recorded Date' in crimes.csv (source 'crimes'): only 1 of 41 values are a date in the form dd/MM/yyyy, but 97.6% of them are in the form yyyy-MM-dd (the first is '2021-03-01'). Set date_format: yyyy-MM-dd for the source 'crimes'."
        )
      ])
  }

  /// M/d/yy on d/M/yy data: days 13 to 28 of three months are no real date (16 x 3 = 48 of 84),
  /// the other 36 (days 1 to 12) would be re-dated without a word.
  @Test func dayAndMonthSwappedIsRefused() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let dates = (1...3).flatMap { m in (1...28).map { d in "\(d)/\(m)/21" } }
    try corpus.write("crimes.csv", Self.rows(dates))
    let (_, swapped, failures) = try Self.gates(
      corpus, Corpus.crimes(["crimes.csv"], dateFormat: "M/d/yy"))
    #expect(swapped.crimes.count == 36)
    #expect(
      failures.map(\.message) == [
        "'Recorded Date' in crimes.csv (source 'crimes'): day and month look swapped. 48 of 84 values are not a real date in the form M/d/yy (e.g. '13/1/21'), and every one is a real date in the form d/M/yy; the other 36 would be silently re-dated. Set date_format: d/M/yy for the source 'crimes' if the export writes the day first."
      ])
    // The format the sentence names reads every row, and no gate stops it.
    let (_, right, none) = try Self.gates(
      corpus, Corpus.crimes(["crimes.csv"], dateFormat: "d/M/yy"))
    #expect(right.crimes.count == 84)
    #expect(none.isEmpty)
    #expect(
      QualityGates.rejectedShare(
        config: try corpus.config(Corpus.crimes(["crimes.csv"], dateFormat: "d/M/yy")), data: right
      ).isEmpty)
  }

  /// MM/dd/yyyy on the seed force's dd/MM/yyyy crimes is refused for every date column.
  @Test func monthFirstOnTheSeedIsRefused() throws {
    let text = try String(
      contentsOfFile: TestPaths.root + "/Fixtures/seed-force/panel.yml", encoding: .utf8
    ).replacingOccurrences(of: "date_format: dd/MM/yyyy", with: "date_format: MM/dd/yyyy")
    let config = try BriefingConfig.parse(
      yaml: text, path: TestPaths.root + "/Fixtures/seed-force/panel-swapped.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let failures = QualityGates.check(config: config, data: data)
    #expect(failures.map(\.gate) == Array(repeating: .swappedDayMonth, count: 5))
    #expect(
      failures.map { $0.message.prefix(while: { $0 != ":" }) } == [
        "'Recorded Date' in exports/crimes-2020-2021.csv (source 'crimes')",
        "'Outcome Date' in exports/crimes-2020-2021.csv (source 'crimes')",
        "'Recorded Date' in exports/crimes-2022-2023.csv (source 'crimes')",
        "'Outcome Date' in exports/crimes-2022-2023.csv (source 'crimes')",
        "'Activity Date' in exports/team-activity.csv (source 'activity')",
      ])
    // The seed as configured passes every gate.
    let (seed, seedData, _) = try SeedBriefingTests.build()
    #expect(QualityGates.check(config: seed, data: seedData).isEmpty)
    #expect(QualityGates.rejectedShare(config: seed, data: seedData).isEmpty)
  }

  @Test func aConfigurationWithTODOsIsADraft() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write("crimes.csv", Self.rows(["05/01/2020"]))
    let config = try corpus.config(
      Corpus.crimes(["crimes.csv"], extra: "    # TODO check: the outcome labels\n"))
    let data = try Ingestor(config: config, open: openTabular).run()
    let failures = QualityGates.check(config: config, data: data)
    let lines = try String(contentsOfFile: config.path, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let line = try #require(lines.firstIndex { $0.contains("TODO") }) + 1
    #expect(
      failures == [
        GateFailure(
          gate: .draft,
          message:
            "\(config.path) line \(line): the configuration is still a draft, with 1 line marked TODO (the first: '# TODO check: the outcome labels'). Check each marked value against the exports, then delete its TODO."
        )
      ])
  }

  @Test func yearsWhollyAfterTheExtractionDateAreRefused() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write("crimes.csv", Self.rows(["05/01/2020"]))
    let config = try corpus.config(
      Corpus.crimes(["crimes.csv"]), years: "2020-2025", extraction: "2023-11-30")
    let data = try Ingestor(config: config, open: openTabular).run()
    #expect(
      QualityGates.check(config: config, data: data).map(\.message) == [
        "\(config.path): period.years includes 2024 and 2025, which start after the extraction date 2023-11-30: no record can fall in them. Correct period.years or extraction_date."
      ])
    // 2023 ends after the extraction date but starts before it: a partial year, not refused.
    let partial = try corpus.config(
      Corpus.crimes(["crimes.csv"]), years: "2020-2023", extraction: "2023-11-30")
    #expect(QualityGates.check(config: partial, data: data).isEmpty)
  }

  /// 3 of 100 rows rejected is 3%: above the default 2%, within a configured 5%.
  @Test func aRejectedShareAboveTheThresholdIsRefusedOrStated() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let dates =
      (1...97).map { String(format: "%02d/02/2021", ($0 - 1) % 28 + 1) } + [
        "31/02/2021", "", "2021-02-30",
      ]
    try corpus.write("crimes.csv", Self.rows(dates))
    let config = try corpus.config(Corpus.crimes(["crimes.csv"]))
    var data = try Ingestor(config: config, open: openTabular).run()
    let over = QualityGates.rejectedShare(config: config, data: data)
    #expect(over.map(\.source) == ["crimes"])
    #expect(over.map(\.read) == [100])
    #expect(over.map(\.rejected) == [3])
    #expect(
      QualityGates.rejectedShareSentence(over[0], config: config, overridden: false)
        == "source 'crimes': 3 of 100 rows (3.0%) were rejected as faults (rows outside the period are not counted here), more than quality.max_rejected_share (2.0%). Run panelbrief validate --config \(config.path) to see why and correct the configuration or the export; or, if the rows are rightly left out, raise quality.max_rejected_share or give --allow-rejected (the paper then says so)."
    )
    // --allow-rejected: the paper's data-quality section states it.
    _ = QualityGates.allowRejected(config: config, data: &data)
    let paper = BriefingBuilder(config: config, data: data, version: "test").build()
    let quality = try #require(paper.sections.first { $0.id == "data_quality" })
    #expect(
      quality.paragraphs.contains(
        "crimes: 3 of 100 rows (3.0%) were rejected as faults (rows outside the period are not counted here), more than the 2.0% the quality gate allows; the paper was made with --allow-rejected, so its figures leave these rows out (3 rows)."
      ))

    var relaxed = config
    relaxed.maxRejectedShare = 0.05
    #expect(QualityGates.rejectedShare(config: relaxed, data: data).isEmpty)
  }

  /// Rows outside the period the configuration chose are listed in the reconciliation but are
  /// not faults: 40 rows of 2019 in a 2020-2023 paper do not trip the gate; 3 faults among the
  /// 60 rows of the period are 5.0% (3 of 60, not 3 of 100), above the default 2%.
  @Test func rowsOutsideThePeriodAreNotFaults() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let before = (1...40).map { String(format: "%02d/03/2019", ($0 - 1) % 28 + 1) }
    let inside = (1...57).map { String(format: "%02d/02/2021", ($0 - 1) % 28 + 1) }
    try corpus.write(
      "clean.csv", Self.rows(before + inside + ["01/03/2021", "02/03/2021", "03/03/2021"]))
    try corpus.write("faulty.csv", Self.rows(before + inside + ["31/02/2021", "", "2021-02-30"]))
    let clean = try corpus.config(Corpus.crimes(["clean.csv"]))
    let cleanData = try Ingestor(config: clean, open: openTabular).run()
    #expect(cleanData.totals.rejected == 40)
    #expect(QualityGates.rejectedShare(config: clean, data: cleanData).isEmpty)
    let faulty = try corpus.config(Corpus.crimes(["faulty.csv"]))
    let faultyData = try Ingestor(config: faulty, open: openTabular).run()
    #expect(faultyData.totals.rejected == 43)
    let over = QualityGates.rejectedShare(config: faulty, data: faultyData)
    #expect(over.map(\.read) == [60])
    #expect(over.map(\.rejected) == [3])
  }

  @Test func maxRejectedShareIsConfigured() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let base = """
      title: T
      organisation: O
      period: {years: 2020}
      extraction_date: 2021-01-05
      quality: {max_rejected_share: VALUE}
      sources:
      \(Corpus.crimes(["c.csv"]))
      """
    let ok = try BriefingConfig.parse(
      yaml: base.replacingOccurrences(of: "VALUE", with: "0.1"), path: corpus.folder + "/p.yml")
    #expect(ok.maxRejectedShare == 0.1)
    #expect(throws: ConfigError.self) {
      _ = try BriefingConfig.parse(
        yaml: base.replacingOccurrences(of: "VALUE", with: "5"), path: corpus.folder + "/p.yml")
    }
  }

  // MARK: - Month names

  @Test func monthNameDateFormats() throws {
    let short = try #require(DatePattern("dd-MMM-yyyy"))
    #expect(short.parse("14-Mar-2020") == .day(Day(year: 2020, month: 3, day: 14)!))
    #expect(short.parse("01-SEP-2021") == .day(Day(year: 2021, month: 9, day: 1)!))
    #expect(short.parse("01-Sept-2021") == .day(Day(year: 2021, month: 9, day: 1)!))
    #expect(short.parse("14-Mxr-2020") == .wrongShape)
    #expect(short.parse("14-03-2020") == .wrongShape)
    #expect(short.parse("30-Feb-2020") == .impossible)
    #expect(short.parse("14-Mar-2020 10:15") == .day(Day(year: 2020, month: 3, day: 14)!))
    let long = try #require(DatePattern("d MMMM yyyy"))
    #expect(long.parse("14 March 2020") == .day(Day(year: 2020, month: 3, day: 14)!))
    #expect(long.parse("4 december 2021") == .day(Day(year: 2021, month: 12, day: 4)!))
    #expect(long.parse("14 Marchh 2020") == .wrongShape)
    #expect(DatePattern("dd-MMMMM-yyyy") == nil)
    #expect(DatePattern("MM/dd/yyyy")?.swapped?.text == "dd/MM/yyyy")
    #expect(DatePattern("dd-MMM-yyyy")?.swapped == nil)
  }

  @Test func monthNameDatesAreRead() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      Self.rows(["14-Mar-2020", "1-Apr-2021", "31-Dec-2023", "31-Jun-2022"]))
    let data = try corpus.run(Corpus.crimes(["crimes.csv"], dateFormat: "d-MMM-yyyy"))
    #expect(
      data.crimes.map(\.recorded) == [
        Day(year: 2020, month: 3, day: 14)!, Day(year: 2021, month: 4, day: 1)!,
        Day(year: 2023, month: 12, day: 31)!,
      ])
    #expect(Corpus.rejected(data).map(\.reason) == ["Recorded Date is not a real date"])
  }
}
