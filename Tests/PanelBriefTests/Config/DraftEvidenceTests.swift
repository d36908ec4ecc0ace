import Foundation
import Testing

@testable import PanelBrief

/// `init` drafts only what the data support: a stray date does not become the extraction date or
/// stretch the activity months, a ragged row makes neither a source nor a label, header case
/// variants give one TODO, unsure wording guesses are TODOs, and month-name dates are read.
@Suite struct DraftEvidenceTests {
  struct Folder {
    let path = TestPaths.scratch("DraftEvidence")
    func write(_ name: String, _ lines: [String]) throws -> String {
      let file = path + "/" + name
      try (lines.joined(separator: "\n") + "\n").write(
        toFile: file, atomically: true, encoding: .utf8)
      return file
    }
    func draft(_ files: [String], today: Day = Day(year: 2026, month: 1, day: 1)!) throws
      -> DraftConfig
    {
      try DraftConfig.draft(exports: files, configPath: path + "/panel.yml", today: today)
    }
    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
  }

  static let header = "Crime No,Recorded Date,Outcome,Outcome Date"

  /// Two crimes a day from 1 January to 30 November 2023 (dd/MM/yyyy), charged or not.
  static func crimes2023() -> [String] {
    var rows: [String] = []
    var day = Day(year: 2023, month: 1, day: 1)!
    var n = 0
    while day <= Day(year: 2023, month: 11, day: 30)! {
      for k in 0..<2 {
        n += 1
        let d = String(format: "%02d/%02d/%d", day.day, day.month, day.year)
        rows.append(
          "CR/\(n),\(d),\(k == 0 ? "1: Charged" : "18: Investigation complete no suspect identified"),"
        )
      }
      day = day.next
    }
    return rows
  }

  @Test func aStrayFutureDateIsNotTheExtractionDate() throws {
    let folder = Folder()
    defer { folder.cleanUp() }
    let file = try folder.write(
      "crimes.csv", [Self.header] + Self.crimes2023() + ["CR/X,20/01/2025,1: Charged,"])
    let draft = try folder.draft([file])
    // The data end on 30 November 2023; the one row of 2025 is a stray (668 rows before it).
    #expect(draft.extractionDate == Day(year: 2023, month: 11, day: 30)!)
    #expect(
      draft.extractionNote.contains(
        "1 later date, up to 2025-01-20, more than a month after the rest, looks stray"),
      "\(draft.extractionNote)")
    #expect(draft.yaml.contains("extraction_date: 2023-11-30  # TODO confirm"))
    #expect(draft.years == [2023])
  }

  @Test func activityMonthsComeFromWhereTheEventsAre() throws {
    let folder = Folder()
    defer { folder.cleanUp() }
    // Ten events a month from September 2022 to January 2024, and one mistyped in March 2019.
    var rows = ["Activity Date,Activity,Officer"]
    for m in YearMonth(year: 2022, month: 9).through(YearMonth(year: 2024, month: 1)) {
      for d in 1...10 {
        rows.append(
          String(format: "%02d/%02d/%d", d, m.month, m.year)
            + ",\(d % 2 == 0 ? "NRM referral" : "PVOT engaged"),MST-1"
        )
      }
    }
    rows.append("01/03/2019,NRM referral,MST-2")
    let file = try folder.write("activity.csv", rows)
    let draft = try folder.draft([file])
    let source = try #require(draft.sources.first)
    #expect(source.kind == .activity)
    #expect(source.months == YearMonth(year: 2022, month: 9)...YearMonth(year: 2024, month: 1))
    #expect(
      source.doubts.contains(
        "1 row dated more than two months away from the rest of the events is left out of months and will be rejected"
      ), "\(source.doubts)")
  }

  /// A ragged row in one of two files with the same header: one source, and the ragged row's
  /// shifted value is no label.
  @Test func aRaggedRowMakesNeitherASourceNorALabel() throws {
    let folder = Folder()
    defer { folder.cleanUp() }
    let all = Self.crimes2023()
    let a = try folder.write("crimes-a.csv", [Self.header] + all.prefix(300))
    let b = try folder.write(
      "crimes-b.csv",
      [Self.header] + all.dropFirst(300).prefix(10)
        + ["CR/R,05/11/2023,extra field,1: Charged,06/11/2023"] + all.dropFirst(310))
    let draft = try folder.draft([a, b])
    #expect(draft.sources.map(\.name) == ["crimes"])
    #expect(draft.sources[0].files.map(\.path) == ["crimes-a.csv", "crimes-b.csv"])
    #expect(
      draft.sources[0].outcomes.map(\.label) == [
        "1: Charged", "18: Investigation complete no suspect identified",
      ])
    #expect(
      draft.sources[0].doubts.contains(
        "1 row has another number of fields than the header: it will be rejected, and its values are not used here"
      ))
    // The draft, once its TODOs are settled, reads the same rows the ingest accepts.
    let config = try BriefingConfig.parse(yaml: draft.yaml, path: folder.path + "/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    #expect(data.crimes.count == all.count)
    #expect(data.findings.isEmpty)
  }

  @Test func headerCaseVariantsGiveOneTODO() throws {
    let folder = Folder()
    defer { folder.cleanUp() }
    let all = Self.crimes2023()
    let a = try folder.write(
      "a.csv", ["Crime No,Date,Outcome"] + all.prefix(300).map { String($0.dropLast()) })
    let b = try folder.write(
      "b.csv", ["CRIME NO,DATE,OUTCOME"] + all.dropFirst(300).map { String($0.dropLast()) })
    let draft = try folder.draft([a, b])
    #expect(draft.sources.count == 1)
    let taken = draft.sources[0].doubts.filter { $0.contains("is taken as the recorded date") }
    #expect(
      taken == ["'Date' is taken as the recorded date; check it is the date the crime was recorded"]
    )
  }

  @Test func unsureWordingGuessesAreTODOs() throws {
    // Type 16 is "suspect identified; victim does not support", 14 "suspect not identified":
    // the negation decides, and the guess is still one to check.
    let victim = DraftOutcomeGuess.guess("Victim does not support – suspect identified")
    #expect(victim.status == .outcome(OutcomeType(number: 16)!), "\(victim.reason)")
    #expect(victim.certainty != .sure)
    let noSuspect = DraftOutcomeGuess.guess("Victim does not support – suspect not identified")
    #expect(noSuspect.status == .outcome(OutcomeType(number: 14)!), "\(noSuspect.reason)")
    #expect(noSuspect.certainty != .sure)
    let alternative = DraftOutcomeGuess.guess("Charged – alternative offence")
    #expect(alternative.status == .outcome(OutcomeType(number: 1, alternativeOffence: true)!))
    #expect(alternative.certainty == .guessedFromWording)
    // Equally close wordings: the guess is a TODO naming both.
    let vague = DraftOutcomeGuess.guess("Evidential difficulties victim")
    #expect(vague.certainty == .todo, "\(vague.reason)")

    let folder = Folder()
    defer { folder.cleanUp() }
    let file = try folder.write(
      "crimes.csv",
      [Self.header] + Self.crimes2023().prefix(100)
        + [
          "CR/A,05/06/2023,Victim does not support – suspect identified,",
          "CR/B,05/06/2023,Charged – alternative offence,",
        ])
    let yaml = try folder.draft([file]).yaml
    #expect(
      yaml.contains(
        "\"Victim does not support – suspect identified\": 16  # 1 row; TODO check, guessed from wording"
      ), "\(yaml)")
    #expect(
      yaml.contains(
        "\"Charged – alternative offence\": 1A  # 1 row; TODO check, guessed from wording: charged with an alternative offence: type 1A"
      ))
  }

  @Test(arguments: [
    ("14-Mar-2020", "d-MMM-yyyy"), ("14 March 2020", "d MMMM yyyy"), ("4-Sep-20", "d-MMM-yy"),
  ])
  func monthNameDatesAreDrafted(example: String, format: String) throws {
    let folder = Folder()
    defer { folder.cleanUp() }
    // Every day of 2020 in the example's style, with its outcome date a day later.
    let pattern = try #require(DatePattern(format))
    func written(_ d: Day) -> String {
      let long = example.contains("March")
      let name = long ? YearMonth.longNames[d.month - 1] : YearMonth.shortNames[d.month - 1]
      let sep = example.contains(" ") ? " " : "-"
      let year =
        example.hasSuffix("20") && !example.hasSuffix("2020")
        ? String(d.year % 100) : String(d.year)
      return "\(d.day)\(sep)\(name)\(sep)\(year)"
    }
    #expect(
      pattern.parse(written(Day(year: 2020, month: 3, day: 14)!))
        == .day(Day(year: 2020, month: 3, day: 14)!))
    var rows = [Self.header]
    var day = Day(year: 2020, month: 1, day: 1)!
    while day.year == 2020 {
      rows.append("CR/\(day.ordinal),\"\(written(day))\",1: Charged,\"\(written(day.next))\"")
      day = day.next
    }
    let draft = try folder.draft([try folder.write("crimes.csv", rows)])
    #expect(draft.sources.first?.dateFormat == format)
    #expect(draft.years == [2020])
    let config = try BriefingConfig.parse(yaml: draft.yaml, path: folder.path + "/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    // 366 days of 2020; the outcome of 31 December falls on 1 January 2021, after the extraction
    // date the draft takes (the latest date, 1 January 2021), so none is lost.
    #expect(data.crimes.count == 366)
    #expect(data.rejected.isEmpty)
  }
}

extension Day {
  /// The day after.
  fileprivate var next: Day {
    Day(year: year, month: month, day: day + 1) ?? Day(year: year, month: month + 1, day: 1)
      ?? Day(year: year + 1, month: 1, day: 1)!
  }
}
