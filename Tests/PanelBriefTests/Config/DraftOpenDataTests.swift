import Foundation
import Testing

@testable import PanelBrief

/// `panelbrief init` on the public open-data files: police.uk street and outcomes files, the
/// Home Office outcomes table, and both beside a force's own exports.
@Suite struct DraftOpenDataTests {
  static var policeUKFolder: String { TestPaths.shared + "/realdata/police-uk" }
  static var policeUKFiles: [String] {
    ["2025-01-city-of-london-street.csv", "2025-01-city-of-london-outcomes.csv"].map {
      policeUKFolder + "/" + $0
    }
  }
  static let today = Day(year: 2026, month: 1, day: 1)

  @Test func draftsAPoliceUKSourceThatIngestsAndBuilds() throws {
    // As if written where the committed open-data fixture is, so the paths can be compared.
    let configPath = TestPaths.root + "/Fixtures/city-of-london-open-data/panel.yml"
    let draft = try DraftConfig.draft(
      exports: Self.policeUKFiles.reversed(), configPath: configPath, today: Self.today)
    #expect(draft.skipped.isEmpty)
    #expect(draft.sources.map(\.kind) == [.policeUK])
    let source = try #require(draft.sources.first)
    #expect(source.columns.isEmpty)
    #expect(!draft.yaml.contains("columns:"))
    // ../shared/realdata/police-uk/README.md: 629 street rows (2 ASB, 614 distinct Crime IDs,
    // 13 repeats) and 756 outcome rows (747 distinct Crime ID and Month; Python's csv module).
    let p = try #require(source.policeUK)
    #expect(p.streetFiles == 1 && p.outcomesFiles == 1)
    #expect(p.streetRows == 629 && p.outcomeRows == 756)
    #expect(p.crimes == 614 && p.antisocialBehaviour == 2)
    #expect(p.superseded == 13 + 9)
    #expect(p.rejected == 0)
    #expect(p.streetMonths == YearMonth(year: 2025, month: 1)...YearMonth(year: 2025, month: 1))
    #expect(p.forces == ["City of London Police"])
    #expect(draft.summary.contains { $0.contains("614 crimes and 2 anti-social behaviour") })

    let config = try BriefingConfig.parse(yaml: draft.yaml, path: configPath)
    let fixture = try BriefingConfig.load(path: configPath)
    // Compared as resolved paths: ../shared may be a folder or a link to one, and the draft
    // writes an absolute path when the export is not reached from the configuration's folder.
    let folder = URL(fileURLWithPath: configPath).deletingLastPathComponent()
    func resolved(_ files: [String]) -> Set<String> {
      Set(
        files.map {
          URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL
            .resolvingSymlinksInPath().path
        })
    }
    #expect(resolved(config.sources[0].files) == resolved(fixture.sources[0].files))
    #expect(config.periodBasis == .calendar)
    #expect(config.years == [2025])
    // The Month values are all 2025-01: the extraction date is that month's end.
    #expect(config.extractionDate == Day(year: 2025, month: 1, day: 31))
    #expect(draft.yaml.contains("extraction_date: 2025-01-31  # TODO confirm"))
    #expect(config.title.hasPrefix("TODO") && config.organisation.hasPrefix("TODO"))

    // The same reconciliation as the committed fixture (OpenDataConfigTests).
    let data = try Ingestor(config: config, open: openTabular).run()
    #expect(data.reconciliation.map(\.rowsRead) == [629, 756])
    #expect(data.reconciliation.map(\.superseded) == [13, 9])
    #expect(data.reconciliation.allSatisfy { $0.rejected == 0 })
    let b = BriefingBuilder(config: config, data: data, version: "test").build()
    #expect(b.sections.map(\.id).contains("police_uk"))
    #expect(b.table(PoliceUKTables.TableID.category) != nil)
  }

  @Test func draftsAHomeOfficeSourceOnFinancialYears() throws {
    let file = try HomeOfficeOutcomesTests.write()
    let folder = (file as NSString).deletingLastPathComponent
    let configPath = folder + "/panel.yml"
    let draft = try DraftConfig.draft(exports: [file], configPath: configPath, today: Self.today)
    #expect(draft.skipped.isEmpty)
    #expect(draft.sources.map(\.kind) == [.homeOfficeOutcomes])
    let h = try #require(draft.sources.first?.homeOffice)
    // HomeOfficeOutcomesTests: 23 rows, 2 rejected; of the 21 accepted, Seedshire 10,
    // Southshire 5, Northshire 4, Eastshire 2.
    #expect(h.rows == 23 && h.rejected == 2)
    #expect(h.forces.map(\.label) == ["Seedshire", "Southshire", "Northshire", "Eastshire"])
    #expect(h.forces.map(\.count) == [10, 5, 4, 2])
    #expect(h.force == "Seedshire")
    #expect(h.financialYears == [2022, 2023])
    #expect(draft.yaml.contains("offence_codes: [\"106\"]  # TODO check"))
    #expect(draft.yaml.contains("force: \"Seedshire\"  # TODO check"))
    #expect(draft.yaml.contains("# Forces in the table (rows): Seedshire (10), Southshire (5)"))
    #expect(draft.yaml.contains("basis: financial"))
    #expect(draft.yaml.contains("years: [2022/23, 2023/24]"))

    let config = try BriefingConfig.parse(yaml: draft.yaml, path: configPath)
    #expect(config.periodBasis == .financial)
    #expect(config.years == [2022, 2023])
    // The end of financial year 2023/24.
    #expect(config.extractionDate == Day(year: 2024, month: 3, day: 31))
    let request = try #require(config.sources.first?.homeOffice)
    #expect(request.offenceCodes == ["106"])
    #expect(request.force == "Seedshire")
    #expect(request.comparators.isEmpty)
    let data = try Ingestor(config: config, open: openTabular).run()
    #expect(data.reconciliation.map(\.rowsRead) == [23])
    #expect(data.reconciliation.map(\.accepted) == [21])
    let b = BriefingBuilder(config: config, data: data, version: "test").build()
    #expect(b.sections.contains { $0.id == "national_context" })
  }

  @Test func aTableWithoutCode106GetsItsMostFrequentCode() throws {
    let file = try HomeOfficeOutcomesTests.write()
    let text = try String(contentsOfFile: file, encoding: .utf8)
    try text.replacingOccurrences(of: ",106,", with: ",107,")
      .write(toFile: file, atomically: true, encoding: .utf8)
    let folder = (file as NSString).deletingLastPathComponent
    let draft = try DraftConfig.draft(
      exports: [file], configPath: folder + "/panel.yml", today: Self.today)
    let h = try #require(draft.sources.first?.homeOffice)
    #expect(h.offenceCodes == ["107"])
    #expect(h.offenceNote.contains("no code 106"))
    let config = try BriefingConfig.parse(yaml: draft.yaml, path: folder + "/panel.yml")
    _ = try Ingestor(config: config, open: openTabular).run()
  }

  @Test func mixedExportsAndOpenDataMakeOneDraft() throws {
    let seed = DraftConfigTests.seedFolder
    let homeOffice = try HomeOfficeOutcomesTests.write()
    let configPath = seed + "/panel.yml"
    let draft = try DraftConfig.draft(
      exports: [Self.policeUKFiles[0], homeOffice] + DraftConfigTests.seedExports
        + [Self.policeUKFiles[1]],
      configPath: configPath, today: Day(year: 2025, month: 1, day: 1))
    // The force's recorded dates decide the period (as in DraftConfigTests), calendar years;
    // the police.uk month (2025-01) is outside them: the police.uk files are left out of the
    // draft and said (the ingest would reject every row, and refuse the source).
    #expect(draft.skipped.count == 2)
    #expect(
      draft.skipped.map(\.reason) == [
        "its month (2025-01) is outside 2020 to 2023, the years drafted: every row would be rejected",
        "no police.uk street file of 2020 to 2023, the years drafted, is given with it",
      ])
    #expect(draft.sources.map(\.kind) == [.crimes, .reports, .activity, .homeOfficeOutcomes])
    #expect(draft.basis == .calendar)
    #expect(draft.years == [2020, 2021, 2022, 2023])
    #expect(draft.extractionDate == Day(year: 2024, month: 2, day: 3))
    // The Home Office table's 2023/24 ends after 2023: its rows will be rejected, and said.
    #expect(
      draft.sources[3].doubts.contains(
        "the Home Office rows of 2023/24 are not within 2020 to 2023: they will be rejected (and counted in the reconciliation)"
      ))
    let config = try BriefingConfig.parse(yaml: draft.yaml, path: configPath)
    #expect(
      config.sources.map(\.name) == ["crimes", "reports", "activity", "home-office-outcomes"])
    #expect(config.sources[3].homeOffice?.force == "Seedshire")
  }

  @Test func mixedDraftIngestsAsDrafted() throws {
    let homeOffice = try HomeOfficeOutcomesTests.write()
    let configPath = DraftConfigTests.seedFolder + "/panel.yml"
    let draft = try DraftConfig.draft(
      exports: DraftConfigTests.seedExports + Self.policeUKFiles + [homeOffice],
      configPath: configPath, today: Self.today)
    // The police.uk month 2025-01 is outside the years of the force's exports: the police.uk
    // files are left out of the draft, so they decide neither the period nor the extraction date
    // (they used to be counted under "calendar years 2020 to 2023").
    #expect(draft.extractionDate == Day(year: 2024, month: 2, day: 3))
    #expect(draft.years == [2020, 2021, 2022, 2023])
    #expect(draft.skipped.count == 2)
    let config = try BriefingConfig.parse(yaml: draft.yaml, path: configPath)
    let data = try Ingestor(config: config, open: openTabular).run()
    #expect(data.policeUK == nil)
    #expect(data.homeOffice?.request.force == "Seedshire")
    // The Home Office file: 23 rows, 21 accepted and 2 rejected before; its 8 rows of 2023/24
    // (HomeOfficeOutcomesTests.body: Seedshire 3, Northshire 2, Southshire 3) end after 2023 and
    // are now rejected as outside calendar years 2020 to 2023.
    let ho = try #require(data.reconciliation.first { $0.source == "home-office-outcomes" })
    #expect((ho.rowsRead, ho.accepted, ho.rejected) == (23, 13, 10))
  }

  @Test func aPoliceUKRowThatWillBeRejectedIsSaid() throws {
    // A street file whose only row has an impossible month: the file is recognised by its
    // header, and the row is said to be one the ingest will reject.
    let folder = TestPaths.scratch()
    let street = try DraftConfigTests.write(
      PoliceUKData.streetHeader.joined(separator: ",") + "\n"
        + "abc,2025-13,F,F,,,On or near X,,,Burglary,,\n", "2025-13-f-street.csv", in: folder)
    let draft = try DraftConfig.draft(
      exports: [street], configPath: folder + "/panel.yml", today: Self.today)
    let p = try #require(draft.sources.first?.policeUK)
    #expect(p.rejected == 1)
    #expect(draft.sources[0].doubts.contains { $0.contains("1 row of the police.uk files") })
  }
}
