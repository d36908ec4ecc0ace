import Foundation
import Testing

@testable import PanelBrief

/// Small police.uk files and Home Office tables written by the tests, one file a month as
/// police.uk publishes them.
enum OpenDataFiles {
  /// A street row: Crime ID (empty for anti-social behaviour), month, crime type, last outcome.
  static func street(_ id: String, _ month: String, _ type: String, _ last: String = "") -> String {
    "\(id),\(month),Testshire Police,Testshire Police,-0.1,51.5,On or near High Street,E01000001,Testshire 001A,\(type),\(last),"
  }

  /// An outcome row: Crime ID, month the outcome was recorded, outcome type.
  static func outcome(_ id: String, _ month: String, _ type: String) -> String {
    "\(id),\(month),Testshire Police,Testshire Police,-0.1,51.5,On or near High Street,E01000001,Testshire 001A,\(type)"
  }

  /// Writes a street file (`outcomes: false`) or an outcomes file into `folder`; returns its name.
  @discardableResult
  static func write(
    _ rows: [String], month: String, outcomes: Bool = false, in folder: String
  ) throws -> String {
    let name = "\(month)-testshire-\(outcomes ? "outcomes" : "street").csv"
    let header = (outcomes ? PoliceUKData.outcomesHeader : PoliceUKData.streetHeader).joined(
      separator: ",")
    try ([header] + rows).joined(separator: "\n").appending("\n")
      .write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    return name
  }

  /// Writes `panel.yml` into `folder` and reads it.
  static func config(_ yaml: String, in folder: String) throws -> BriefingConfig {
    try yaml.write(toFile: folder + "/panel.yml", atomically: true, encoding: .utf8)
    return try BriefingConfig.load(path: folder + "/panel.yml")
  }
}

/// Issue 14: open data honours the configuration (the period, the extraction date, every
/// setting) and nothing is counted twice. Every expected figure is counted by hand from the rows
/// written in the test.
@Suite struct OpenDataPeriodTests {
  /// The issue's case: files for 2023-03 to 2024-02, `years: [2023]`. 2024-01 and 2024-02 were
  /// counted under "calendar year 2023"; now they are rejected with a reason and counted.
  @Test func policeUKMonthsOutsideThePeriodAreRejectedAndCounted() throws {
    let dir = TestPaths.scratch()
    typealias F = OpenDataFiles
    var files: [String] = []
    // One crime a month 2023-03 .. 2023-12 (10), two in 2024-01, three in 2024-02; one ASB row
    // in 2023-12 and one in 2024-01.
    for m in 3...12 {
      let month = String(format: "2023-%02d", m)
      var rows = [F.street("C\(m)", month, "Burglary", "Under investigation")]
      if m == 12 { rows.append(F.street("", month, "Anti-social behaviour")) }
      files.append(try F.write(rows, month: month, in: dir))
    }
    files.append(
      try F.write(
        [
          F.street("J1", "2024-01", "Burglary"), F.street("J2", "2024-01", "Burglary"),
          F.street("", "2024-01", "Anti-social behaviour"),
        ], month: "2024-01", in: dir))
    files.append(
      try F.write(
        ["K1", "K2", "K3"].map { F.street($0, "2024-02", "Shoplifting") }, month: "2024-02",
        in: dir))
    let yaml = """
      title: T
      organisation: O
      period: {years: [2023]}
      extraction_date: 2024-03-31
      sources:
        - kind: police-uk
          files: [\(files.joined(separator: ", "))]
      """
    let data = try Ingestor(config: try F.config(yaml, in: dir), open: openTabular).run()
    let open = try #require(data.policeUK)
    #expect(open.crimes.count == 10)
    #expect(open.antisocialBehaviour.count == 1)
    #expect(Set(open.crimes.map(\.month)) == Set((3...12).map { String(format: "2023-%02d", $0) }))
    // 2024-01: 3 rows rejected; 2024-02: 3 rows rejected; all as outside the period.
    let jan = try #require(data.reconciliation.first { $0.path.hasPrefix("2024-01") })
    let feb = try #require(data.reconciliation.first { $0.path.hasPrefix("2024-02") })
    #expect(jan.rowsRead == 3 && jan.accepted == 0 && jan.rejected == 3)
    #expect(feb.rowsRead == 3 && feb.accepted == 0 && feb.rejected == 3)
    #expect(
      jan.rejectedByReason == [.init(reason: "Month is outside the period covered", count: 3)])
    let t = data.totals
    #expect((t.read, t.accepted, t.superseded, t.rejected) == (17, 11, 0, 6))
    #expect(data.rejected.first?.detail == "'2024-01' is not in calendar year 2023")
    // The paper says which months of 2023 the files have, and that January and February are
    // missing, in the section and as a key point.
    #expect(open.periodMonthsWithoutStreetRows.map(\.iso) == ["2023-01", "2023-02"])
    let b = BriefingBuilder(config: try F.config(yaml, in: dir), data: data, version: "t").build()
    let section = try #require(b.sections.first { $0.id == "police_uk" })
    #expect(
      section.paragraphs[0]
        == "The street files cover 10 months from March 2023 to December 2023: 10 of the 12 months of calendar year 2023."
    )
    #expect(
      section.paragraphs[1].hasPrefix(
        "The police.uk street files have no rows for January 2023 and February 2023"))
    #expect(b.keyPoints.contains { $0.figure == "2 months missing" })
    // Every figure of the tables counts 10 crimes, not 15.
    let summary = try #require(b.table(PoliceUKTables.TableID.summary))
    #expect(summary.rows.first { $0[0] == .text("Crimes (one per Crime ID)") }?[1] == .integer(10))
    #expect(summary.rows.first { $0[0] == .text("Street rows rejected") }?[1] == .integer(6))
  }

  /// `extraction_date: 2024-01-15`: the 2024-02 rows begin after it and are rejected as such;
  /// 2024-01 may hold crimes before the 15th, so it is kept when it is in the period.
  @Test func policeUKMonthsAfterTheExtractionDateAreRejected() throws {
    let dir = TestPaths.scratch()
    typealias F = OpenDataFiles
    let jan = try F.write(
      [F.street("J1", "2024-01", "Burglary"), F.street("J2", "2024-01", "Burglary")],
      month: "2024-01", in: dir)
    let feb = try F.write(
      [F.street("K1", "2024-02", "Burglary"), F.street("", "2024-02", "Anti-social behaviour")],
      month: "2024-02", in: dir)
    let febOutcomes = try F.write(
      [F.outcome("J1", "2024-02", "Suspect charged")], month: "2024-02", outcomes: true, in: dir)
    let yaml = """
      title: T
      organisation: O
      period: {years: [2024]}
      extraction_date: 2024-01-15
      sources:
        - kind: police-uk
          files: [\(jan), \(feb), \(febOutcomes)]
      """
    let data = try Ingestor(config: try F.config(yaml, in: dir), open: openTabular).run()
    let open = try #require(data.policeUK)
    #expect(open.crimes.map(\.crimeID) == ["J1", "J2"])
    #expect(open.antisocialBehaviour.isEmpty)
    #expect(data.reconciliation.map(\.rejected) == [0, 2, 1])
    #expect(
      data.reconciliation[1].rejectedByReason == [
        .init(reason: "Month is after the extraction date", count: 2)
      ])
    #expect(data.rejected.last?.detail == "'2024-02' begins after 2024-01-15")
    // J1's outcome of 2024-02 is after the extraction date: J1 keeps its street category.
    let join = PoliceUKJoin(open)
    #expect(join.crimesWithOutcomeRow == 0)
  }

  /// `years: [2022]` with files of 2023: nothing in the period, so refused with a sentence.
  @Test func aPeriodWithNoMonthOfTheFilesIsRefused() throws {
    let dir = TestPaths.scratch()
    typealias F = OpenDataFiles
    let a = try F.write([F.street("A", "2023-03", "Burglary")], month: "2023-03", in: dir)
    let b = try F.write([F.street("B", "2024-02", "Burglary")], month: "2024-02", in: dir)
    let yaml = """
      title: T
      organisation: O
      period: {years: [2022]}
      extraction_date: 2024-03-31
      sources:
        - kind: police-uk
          files: [\(a), \(b)]
      """
    #expect {
      try Ingestor(config: try F.config(yaml, in: dir), open: openTabular).run()
    } throws: {
      "\($0)"
        == "period.years: no police.uk street row is in calendar year 2022 up to the extraction date 2024-03-31: the files' months run from 2023-03 to 2024-02. Set period.years (and extraction_date) to the months of the files."
    }
  }

  /// `init` on files for 2023-03 .. 2024-02 drafts `years: [2023]`; the 2024 files are left out
  /// of the draft (every row would be rejected) and said, the months of 2023 with no file are
  /// said, and the draft's configuration ingests with nothing rejected.
  @Test func initsDraftSaysWhatThePeriodLeavesOut() throws {
    let dir = TestPaths.scratch()
    typealias F = OpenDataFiles
    var paths: [String] = []
    for (month, n) in [
      ("2023-03", 2), ("2023-07", 3), ("2023-12", 1), ("2024-01", 4), ("2024-02", 5),
    ] {
      let rows = (0..<n).map { F.street("\(month)-\($0)", month, "Burglary") }
      paths.append(dir + "/" + (try F.write(rows, month: month, in: dir)))
    }
    // An outcomes file of 2024-01 holds later outcomes of 2023's crimes: kept.
    paths.append(
      dir + "/"
        + (try F.write(
          [F.outcome("2023-07-0", "2024-01", "Suspect charged")], month: "2024-01", outcomes: true,
          in: dir)))
    let draft = try DraftConfig.draft(
      exports: paths, configPath: dir + "/panel.yml", today: Day(year: 2024, month: 6, day: 1))
    #expect(draft.years == [2023])
    #expect(
      draft.skipped.map(\.path) == ["2024-01-testshire-street.csv", "2024-02-testshire-street.csv"])
    #expect(
      draft.skipped.first?.reason
        == "its month (2024-01) is outside 2023, the years drafted: every row would be rejected")
    let source = try #require(draft.sources.first)
    #expect(
      source.files.map(\.path) == [
        "2023-03-testshire-street.csv", "2023-07-testshire-street.csv",
        "2023-12-testshire-street.csv", "2024-01-testshire-outcomes.csv",
      ])
    #expect(
      source.doubts.contains(
        "the street files have no rows for 2023-01, 2023-02, 2023-04, 2023-05, 2023-06, 2023-08, 2023-09, 2023-10, 2023-11 of 2023: the paper will say its figures leave those months out"
      ))
    // The draft's subject follows its contents: no "modern slavery" in a police.uk paper.
    let config = try BriefingConfig.parse(yaml: draft.yaml, path: dir + "/panel.yml")
    #expect(config.subject == "street-level crime")
    let data = try Ingestor(config: config, open: openTabular).run()
    #expect(data.policeUK?.crimes.count == 6)
    #expect(data.totals.rejected == 0)
    #expect(PoliceUKJoin(data.policeUK!).crimesWithOutcomeRow == 1)
  }

  // MARK: - Home Office

  static let hoHeader = HomeOfficeOutcomesTests.header

  static func hoTable(_ lines: [String], in dir: String, name: String = "prc.csv") throws -> String
  {
    try ([hoHeader] + lines).joined(separator: "\n").appending("\n")
      .write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    return name
  }

  static func hoYAML(_ file: String, years: String, extraction: String, extra: String = "")
    -> String
  {
    """
    title: T
    organisation: O
    period: {basis: financial, years: \(years)}
    extraction_date: \(extraction)
    sources:
      - kind: home-office-outcomes
        files: [\(file)]
        offence_codes: ["106"]
        force: Seedshire
    \(extra)
    """
  }

  /// The issue's case: `years: [2022/23, 2023/24]` showed 2020/21 and 2021/22 rows too.
  @Test func homeOfficeYearsOutsideThePeriodAreRejectedAndNotShown() throws {
    let dir = TestPaths.scratch()
    let row = HomeOfficeOutcomesTests.line
    let file = try Self.hoTable(
      [
        row("2020/21", "Q1", "Seedshire", "106", "1", "5", "5"),
        row("2021/22", "Q2", "Seedshire", "106", "1", "6", "6"),
        row("2021/22", "Q2", "Seedshire", "106", "18", "6", "6"),
        row("2022/23", "Q1", "Seedshire", "106", "1", "1", "1"),
        row("2022/23", "Q1", "Seedshire", "106", "18", "3", "3"),
        row("2023/24", "Q1", "Seedshire", "106", "1", "2", "2"),
        row("2023/24", "Q2", "Seedshire", "106", "18", "2", "6"),
        // A quarter that begins after the extraction date (2023-12-20): Q4 of 2023/24.
        row("2023/24", "Q4", "Seedshire", "106", "1", "7", "7"),
      ], in: dir)
    let config = try OpenDataFiles.config(
      Self.hoYAML(file, years: "[2022/23, 2023/24]", extraction: "2023-12-20"), in: dir)
    let data = try Ingestor(config: config, open: openTabular).run()
    let rec = try #require(data.reconciliation.first)
    #expect((rec.rowsRead, rec.accepted, rec.rejected) == (8, 4, 4))
    #expect(
      rec.rejectedByReason == [
        .init(reason: "Financial Year is outside the period covered", count: 3),
        .init(reason: "Financial Quarter begins after the extraction date", count: 1),
      ])
    let b = BriefingBuilder(config: config, data: data, version: "t").build()
    let table = try #require(b.table("ho-charge-rate"))
    // Seedshire and England and Wales, 2022/23 and 2023/24 only: 1 of 4, 2 of 4.
    #expect(
      table.rows.map { $0[1] } == ["2022/23", "2023/24", "2022/23", "2023/24"].map(Cell.text))
    #expect(table.rows[0][3...4] == [.integer(1), .integer(4)])
    #expect(table.rows[1][3...4] == [.integer(2), .integer(4)])
    // 2023/24 has 2 quarters with data: said to be partial, with its figures.
    let section = try #require(b.sections.first { $0.id == "national_context" })
    #expect(
      section.paragraphs[1].contains(
        "Seedshire 50.0% (2 of 4; 2 of 4 quarters) and England and Wales 50.0% (2 of 4; 2 of 4 quarters). 2023/24 is a partial year for Seedshire and England and Wales: fewer than 4 quarters have data"
      ))
  }

  @Test func aHomeOfficeTableWithNothingInThePeriodIsRefused() throws {
    let dir = TestPaths.scratch()
    let row = HomeOfficeOutcomesTests.line
    let file = try Self.hoTable([row("2020/21", "Q1", "Seedshire", "106", "1", "5", "5")], in: dir)
    let config = try OpenDataFiles.config(
      Self.hoYAML(file, years: "[2023/24]", extraction: "2024-07-01"), in: dir)
    #expect {
      try Ingestor(config: config, open: openTabular).run()
    } throws: {
      "\($0)"
        == "period.years: no row of the Home Office table is in financial year 2023/24 up to the extraction date 2024-07-01: its financial years run from 2020/21 to 2020/21. Set period.years (basis: financial) to the table's years."
    }
  }

  /// `national_excludes: ["BTP"]` was ignored while the note said BTP was left out.
  @Test func anUnknownNationalExcludeIsAnError() throws {
    let dir = TestPaths.scratch()
    let row = HomeOfficeOutcomesTests.line
    let file = try Self.hoTable(
      [
        row("2023/24", "Q1", "Seedshire", "106", "1", "64", "64"),
        row("2023/24", "Q1", "Seedshire", "106", "18", "1434", "1434"),
        row("2023/24", "Q1", "British Transport Police", "106", "1", "1", "1"),
        row("2023/24", "Q1", "British Transport Police", "106", "18", "37", "37"),
      ], in: dir)
    let yaml = Self.hoYAML(
      file, years: "[2023/24]", extraction: "2024-07-01",
      extra: "    national_excludes: [\"BTP\"]")
    let config = try OpenDataFiles.config(yaml, in: dir)
    #expect {
      try Ingestor(config: config, open: openTabular).run()
    } throws: {
      "\($0)"
        == "national_excludes: the force 'BTP' is not in \(file). Did you mean 'British Transport Police'? The forces found are: British Transport Police, Seedshire."
    }
    // Spelt right, BTP is out of the sum: 64 of 1,498, not 65 of 1,536.
    let right = try OpenDataFiles.config(
      yaml.replacingOccurrences(of: "\"BTP\"", with: "\"british transport police\""), in: dir)
    let data = try Ingestor(config: right, open: openTabular).run()
    let b = BriefingBuilder(config: right, data: data, version: "t").build()
    let table = try #require(b.table("ho-charge-rate"))
    let ew = try #require(table.rows.first { $0[0] == .text("England and Wales") })
    #expect(ew[3...4] == [.integer(64), .integer(1498)])
    #expect(
      b.notes.contains {
        $0.text.contains("Left out of England and Wales: British Transport Police.")
      })
    // A misspelt force is told the closest name.
    let typo = try OpenDataFiles.config(
      yaml.replacingOccurrences(of: "\"BTP\"", with: "\"Seedshir\""), in: dir)
    #expect {
      try Ingestor(config: typo, open: openTabular).run()
    } throws: {
      "\($0)".contains("the force 'Seedshir' is not in \(file). Did you mean 'Seedshire'?")
    }
  }

  /// "Quarters with data" counts only quarters with a count; a year whose corrections net
  /// negative gets no rate and a caveat.
  @Test func quartersWithDataAndNegativeCorrections() throws {
    let dir = TestPaths.scratch()
    let row = HomeOfficeOutcomesTests.line
    let file = try Self.hoTable(
      [
        row("2023/24", "Q1", "Seedshire", "106", "1", "-2", "1"),
        row("2023/24", "Q1", "Seedshire", "106", "18", "16", "4"),
        row(
          "2023/24", "Q2", "Seedshire", "106", "1", "N/A - data not provided",
          "N/A - data not provided"),
        row("2023/24", "Q3", "Seedshire", "106", "1", "N/A - data not provided", "[x]"),
      ], in: dir)
    let config = try OpenDataFiles.config(
      Self.hoYAML(file, years: "[2023/24]", extraction: "2024-07-01"), in: dir)
    let data = try Ingestor(config: config, open: openTabular).run()
    let rates = try data.homeOffice!.table.chargeRates(data.homeOffice!.request)
    let s = try #require(rates.rates.first)
    // Q2 and Q3 have only "not provided" cells: 1 quarter with data, not 3.
    #expect(s.quarters == 1)
    // -2 of 14 recorded: no rate ([x]); 1 of 5 closed is 20%.
    #expect((s.chargedRecorded, s.outcomesRecorded) == (-2, 14))
    #expect(s.rateRecorded == nil && s.correctionsNetNegative)
    #expect(s.rateClosed == 0.2)
    #expect(rates.table.rows[0][5] == .shorthand(.notAvailable))
    #expect(rates.notes[1].text.contains("Corrections net negative"))
    let b = BriefingBuilder(config: config, data: data, version: "t").build()
    let section = try #require(b.sections.first { $0.id == "national_context" })
    #expect(
      section.paragraphs.contains {
        $0.hasPrefix(
          "For Seedshire in 2023/24 and England and Wales in 2023/24, the Home Office's corrections"
        )
      })
    #expect(!section.paragraphs.joined().contains("-14.3%"))
  }

  // MARK: - The configuration

  @Test func calendarBasisWithFinancialYearsIsRefused() {
    let yaml = """
      title: T
      organisation: O
      period: {years: [2020/21, 2021/22]}
      extraction_date: 2022-07-01
      sources:
        - kind: police-uk
          files: [a.csv]
      """
    #expect {
      try BriefingConfig.parse(yaml: yaml, path: "p.yml")
    } throws: {
      "\($0)".contains(
        "'2020/21' is a financial year, but period.basis is calendar (the default): add 'basis: financial' to period, or write calendar years such as 2020."
      )
    }
    let financial = yaml.replacingOccurrences(of: "{years:", with: "{basis: financial, years:")
    #expect((try? BriefingConfig.parse(yaml: financial, path: "p.yml"))?.years == [2020, 2021])
    #expect {
      try BriefingConfig.parse(
        yaml: financial.replacingOccurrences(of: "2021/22", with: "2021/23"), path: "p.yml")
    } throws: { "\($0)".contains("'2021/23' is not a financial year") }
  }

  /// police.uk and Home Office files given to a force-export kind are told the kind to use.
  @Test func openDataGivenAsAForceExportIsToldItsKind() throws {
    let dir = TestPaths.scratch()
    let street = try OpenDataFiles.write(
      [OpenDataFiles.street("A", "2023-03", "Burglary")], month: "2023-03", in: dir)
    let yaml = """
      title: T
      organisation: O
      period: {years: [2023]}
      extraction_date: 2024-01-01
      sources:
        - kind: crimes
          files: [\(street)]
          outcomes: {Charged: 1}
      """
    #expect {
      try OpenDataFiles.config(yaml, in: dir)
    } throws: {
      "\($0)".contains(
        "the key 'columns' is required here and is missing. \(street): It is a police.uk street file: use `kind: police-uk`, with no columns (its layout is known)."
      )
    }
    let ho = try Self.hoTable(
      [HomeOfficeOutcomesTests.line("2023/24", "Q1", "Seedshire", "106", "1", "1", "1")], in: dir)
    #expect {
      try OpenDataFiles.config(yaml.replacingOccurrences(of: street, with: ho), in: dir)
    } throws: {
      "\($0)".contains(
        "It is the Home Office outcomes open-data table: use `kind: home-office-outcomes`")
    }
    // With columns given, the ingest says it when a column is not found.
    let withColumns = yaml.replacingOccurrences(
      of: "outcomes: {Charged: 1}",
      with:
        "outcomes: {Charged: 1}\n    columns: {reference: Ref, recorded_date: Date, outcome: Outcome}"
    )
    let config = try OpenDataFiles.config(withColumns, in: dir)
    #expect {
      try Ingestor(config: config, open: openTabular).run()
    } throws: { "\($0)".contains("It is a police.uk street file: use `kind: police-uk`") }
    // With police.uk's own headers as columns, its months are not dates: said, with the kind.
    let asExport = yaml.replacingOccurrences(
      of: "outcomes: {Charged: 1}",
      with:
        "outcomes: {Charged: 1}\n    columns: {reference: Crime ID, recorded_date: Month, outcome: Last outcome category}"
    )
    let exportConfig = try OpenDataFiles.config(asExport, in: dir)
    #expect {
      try Ingestor(config: exportConfig, open: openTabular).run()
    } throws: {
      "\($0)".contains("no value of 'Month' matches the date format dd/MM/yyyy")
        && "\($0)".contains("It is a police.uk street file: use `kind: police-uk`")
    }
  }

  // MARK: - A file listed twice

  /// The issue's case: the same street file twice doubled anti-social behaviour with no word.
  @Test func theSameFileListedTwiceIsRefused() throws {
    let dir = TestPaths.scratch()
    typealias F = OpenDataFiles
    let street = try F.write(
      [F.street("A", "2023-03", "Burglary"), F.street("", "2023-03", "Anti-social behaviour")],
      month: "2023-03", in: dir)
    func yaml(_ files: String) -> String {
      """
      title: T
      organisation: O
      period: {years: [2023]}
      extraction_date: 2024-01-01
      sources:
        - kind: police-uk
          files: [\(files)]
      """
    }
    // The same path, written two ways.
    let twice = try F.config(yaml("\(street), ./\(street)"), in: dir)
    #expect {
      try Ingestor(config: twice, open: openTabular).run()
    } throws: {
      "\($0)"
        == "./\(street): the same file is listed twice in the files of the source 'police-uk', so its rows would be counted twice. Remove one of them from 'files'."
    }
    // A copy under another name: the same SHA-256.
    try FileManager.default.copyItem(atPath: dir + "/" + street, toPath: dir + "/copy.csv")
    let copy = try F.config(yaml("\(street), copy.csv"), in: dir)
    #expect {
      try Ingestor(config: copy, open: openTabular).run()
    } throws: {
      "\($0)".hasPrefix("copy.csv: it has the same content as \(street) (SHA-256 ")
        && "\($0)".hasSuffix(
          "the same file given twice would count its 2 rows twice. Remove one of them from 'files'."
        )
    }
    // Once, it is read once: 1 crime, 1 ASB.
    let once = try F.config(yaml(street), in: dir)
    let data = try Ingestor(config: once, open: openTabular).run()
    #expect(data.policeUK?.antisocialBehaviour.count == 1)
  }

  @Test func aFileListedTwiceIsRefusedInEveryKindOfSource() throws {
    let dir = TestPaths.scratch()
    let crimes = dir + "/crimes.csv"
    try "Ref,Date,Outcome\nA1,05/01/2023,Charged\n".write(
      toFile: crimes, atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: dir + "/link.csv", withDestinationPath: crimes)
    let ho = try Self.hoTable(
      [HomeOfficeOutcomesTests.line("2023/24", "Q1", "Seedshire", "106", "1", "1", "1")], in: dir)
    let sources = [
      // Two crimes sources, one through a symbolic link.
      """
        - name: a
          kind: crimes
          files: [crimes.csv]
          columns: {reference: Ref, recorded_date: Date, outcome: Outcome}
          outcomes: {Charged: 1}
        - name: b
          kind: crimes
          files: [link.csv]
          columns: {reference: Ref, recorded_date: Date, outcome: Outcome}
          outcomes: {Charged: 1}
      """,
      """
        - kind: reports
          files: [crimes.csv, crimes.csv]
          columns: {reference: Ref, date: Date, channel: Outcome}
          channels: [Charged]
      """,
      """
        - kind: activity
          files: [crimes.csv, ../\((dir as NSString).lastPathComponent)/crimes.csv]
          columns: {date: Date, measure: Outcome}
          measures: {Charged: [Charged]}
      """,
      """
        - kind: home-office-outcomes
          files: [\(ho), \(ho)]
          offence_codes: ["106"]
          force: Seedshire
      """,
    ]
    for s in sources {
      let config = try OpenDataFiles.config(
        "title: T\norganisation: O\nperiod: {basis: financial, years: [2022/23, 2023/24]}\nextraction_date: 2024-07-01\nsources:\n"
          + s, in: dir)
      #expect(throws: IngestError.self, "\(s)") {
        try Ingestor(config: config, open: openTabular).run()
      }
      do {
        _ = try Ingestor(config: config, open: openTabular).run()
      } catch {
        #expect(error.message.contains("so its rows would be counted twice"), "\(error)")
      }
    }
    // Two header-only files are the same bytes but not the same data: allowed.
    try "Ref,Date,Outcome\n".write(toFile: dir + "/empty1.csv", atomically: true, encoding: .utf8)
    try "Ref,Date,Outcome\n".write(toFile: dir + "/empty2.csv", atomically: true, encoding: .utf8)
    let empty = try OpenDataFiles.config(
      """
      title: T
      organisation: O
      period: {years: [2023]}
      extraction_date: 2024-01-01
      sources:
        - kind: crimes
          files: [crimes.csv, empty1.csv, empty2.csv]
          columns: {reference: Ref, recorded_date: Date, outcome: Outcome}
          outcomes: {Charged: 1}
      """, in: dir)
    #expect(try Ingestor(config: empty, open: openTabular).run().crimes.count == 1)
  }

  // MARK: - Wording and rounding

  /// The issue's case: a police.uk paper drafted by `init` said "modern slavery figures" and
  /// defined NRM, PVOT and S45. Its wording and glossary now follow what it contains.
  @Test func aPoliceUKPaperSaysWhatItContains() throws {
    let dir = TestPaths.scratch()
    let folder = TestPaths.shared + "/realdata/police-uk"
    let draft = try DraftConfig.draft(
      exports: [
        folder + "/2025-01-city-of-london-street.csv",
        folder + "/2025-01-city-of-london-outcomes.csv",
      ], configPath: dir + "/panel.yml", today: Day(year: 2025, month: 6, day: 1))
    let config = try BriefingConfig.parse(yaml: draft.yaml, path: dir + "/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let b = BriefingBuilder(config: config, data: data, version: "t").build()
    let text = (b.purpose + b.method + b.panelAsks + b.sections.flatMap(\.paragraphs)).joined(
      separator: " ")
    #expect(!text.lowercased().contains("modern slavery"))
    #expect(b.purpose[0].contains("street-level crime figures"))
    let terms = b.glossary.map(\.term)
    for absent in [
      "NRM", "PVOT", "S45", "Statistical process control (XmR chart)", "p-value", "[c]",
    ] {
      #expect(!terms.contains(absent), "\(absent)")
    }
    #expect(terms.contains("Outcome type"))
    #expect(!text.contains("force's systems") && !text.contains("Fisher"))
    // The seed paper, which has activity and tests, keeps its terms.
    let seed = try BriefingConfig.load(path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    let seedData = try Ingestor(config: seed, open: openTabular).run()
    let seedTerms = BriefingBuilder(config: seed, data: seedData, version: "t").build().glossary
      .map(\.term)
    for present in ["NRM", "PVOT", "S45", "Statistical process control (XmR chart)", "p-value"] {
      #expect(seedTerms.contains(present), "\(present)")
    }
  }

  /// One rounding rule: half away from zero on the decimal digits, as Excel shows `0.0%`.
  /// Expected strings from Python 3 `decimal` (ROUND_HALF_UP on `repr` of the value, which is
  /// the shortest decimal that reads back as the same double):
  /// `Decimal(repr(x*100)).quantize(Decimal('0.1'), ROUND_HALF_UP)` and so on.
  @Test func oneRoundingRule() {
    #expect(Wording.percent(9.0 / 144.0) == "6.3%")  // 0.0625 exactly: "%.1f" wrote 6.2
    #expect(Wording.percent(0.0125) == "1.3%")
    #expect(Wording.percent(0.0005) == "0.1%")
    #expect(Wording.percent(0.00049) == "0.0%")
    #expect(Wording.percent(1.0) == "100.0%")
    #expect(Wording.percent(0.9995) == "100.0%")
    #expect(Wording.percent(-0.0625) == "-6.3%")
    #expect(Wording.fixed(2.5, places: 0) == "3")
    #expect(Wording.fixed(1.005, places: 2) == "1.01")  // binary 1.00499999...: Excel shows 1.01
    #expect(Wording.fixed(1234567.25, places: 1, grouping: true) == "1,234,567.3")
    #expect(Wording.fixed(0, places: 3) == "0.000")
    #expect(Wording.fixed(99.95, places: 1) == "100.0")
    #expect(Wording.rounded(0.0625, places: 3) == 0.063)
    #expect(Wording.pValue(0.0125) == "0.013")
  }
}
