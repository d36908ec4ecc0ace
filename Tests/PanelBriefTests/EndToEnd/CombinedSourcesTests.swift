import Foundation
import Testing

@testable import PanelBrief

/// Two sources of one kind are one source: the seed force's exports split into two crimes, two
/// reports and two activity sources (with overlapping rows across them) make exactly the paper
/// that one source of each kind listing the same files makes.
@Suite struct CombinedSourcesTests {
  static let seed = TestPaths.root + "/Fixtures/seed-force/exports/"

  /// The seed's header and rows of a CSV export (UTF-8; the first line is the header).
  static func lines(_ file: String) throws -> (String, [String]) {
    var text = try String(contentsOfFile: seed + file, encoding: .utf8)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var all = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).map(
      String.init)
    return (all.removeFirst(), all)
  }

  /// Writes the split exports into `folder`: crimes-b repeats the first 20 crimes of crimes-a
  /// (the same rows: duplicates from overlapping extracts), reports are cut in two with 30 rows in
  /// both, activity in two without overlap (events have no reference).
  static func writeSplitExports(_ folder: String) throws -> (
    overlapCrimes: Int, overlapReports: Int
  ) {
    func write(_ name: String, _ header: String, _ rows: some Sequence<String>) throws {
      try ([header] + rows).joined(separator: "\n").appending("\n").write(
        toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }
    let (ch, c1) = try lines("crimes-2020-2021.csv")
    let (_, c2) = try lines("crimes-2022-2023.csv")
    try write("crimes-a.csv", ch, c1)
    try write("crimes-b.csv", ch, c1.prefix(20) + c2)
    let (rh, r) = try lines("contact-reports.csv")
    let half = r.count / 2
    try write("reports-a.csv", rh, r[..<(half + 30)])
    try write("reports-b.csv", rh, r[half...])
    let (ah, a) = try lines("team-activity.csv")
    try write("activity-a.csv", ah, a[..<(a.count / 2)])
    try write("activity-b.csv", ah, a[(a.count / 2)...])
    return (20, 30)
  }

  static let header = """
    title: Combined sources
    organisation: Test Force
    audience: restricted
    period:
      basis: calendar
      years: 2020-2023
    extraction_date: 2024-02-05
    sources:

    """

  static func crimes(_ name: String, _ files: String) -> String {
    """
      - name: \(name)
        kind: crimes
        files: [\(files)]
        columns: {reference: Occurrence Ref, recorded_date: Recorded Date, outcome: Outcome, outcome_date: Outcome Date}
        outcomes:
          "1: Charged": 1
          "1: Summonsed/postal requisition": 1
          "10: Police - formal action not in public interest": 10
          "14: Victim declines/unable to support action to identify offender": 14
          "15: CPS - named suspect, victim supports but evidential difficulties": 15
          "15: Police - named suspect, victim supports but evidential difficulties": 15
          "16: Victim declines/withdraws support - named suspect identified": 16
          "18: Investigation complete no suspect identified": 18
          "20: Other body/agency has investigation primacy": 20
          "21: Police - named suspect, investigation not in the public interest": 21
          "Cancelled / Transferred": cancelled
          "Unknown": unknown
          "UU unresolved": unresolved

    """
  }

  /// The second crimes source lists fewer labels (the paper's order is the first source's) and an
  /// alias, which must change nothing.
  static func crimesB(_ name: String, _ files: String) -> String {
    """
      - name: \(name)
        kind: crimes
        files: [\(files)]
        columns: {reference: Occurrence Ref, recorded_date: Recorded Date, outcome: Outcome, outcome_date: Outcome Date}
        outcomes:
          "18: Investigation complete no suspect identified": 18
          "Unknown": unknown
          "22: Diversionary, educational or intervention activity, not in public interest to take further action": 22
        outcome_aliases:
          "Not known": Unknown

    """
  }

  static func reports(_ name: String, _ files: String) -> String {
    """
      - name: \(name)
        kind: reports
        files: [\(files)]
        columns: {reference: Incident No, date: Created, channel: How Received}
        date_format: yyyy-MM-dd HH:mm
        channels: ["101", "999", In person, Contact Record, Direct, Facebook, EMAS, LFRS, Cambs, Northants, Radio, Alarm, E-Mail, SMS]

    """
  }

  static func activity(_ name: String, _ files: String) -> String {
    """
      - name: \(name)
        kind: activity
        files: [\(files)]
        columns: {date: Activity Date, measure: Activity}
        months: {from: 2022-09, to: 2024-01}
        measures:
          PVOT engaged with: [PVOT engaged]
          PVOT liberated: [PVOT liberated]
          S45 defence assistance: [S45 defence request]
          Total NRM occurrences: [NRM referral]

    """
  }

  static func build(_ yaml: String, _ path: String) throws -> (IngestedData, Briefing) {
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    let config = try BriefingConfig.load(path: path)
    let data = try Ingestor(config: config, open: openTabular).run()
    return (data, BriefingBuilder(config: config, data: data, version: "test").build())
  }

  /// The briefing as JSON with the source names of `renames` written as the single source's.
  static func comparable(_ b: Briefing, renames: [String: String]) throws -> String {
    var b = b
    b.configurationPath = ""
    b.configurationSHA256 = ""
    for i in b.reconciliation.indices {
      b.reconciliation[i].source = renames[b.reconciliation[i].source] ?? b.reconciliation[i].source
    }
    for i in b.rejectedRows.indices {
      b.rejectedRows[i].source = renames[b.rejectedRows[i].source] ?? b.rejectedRows[i].source
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    var text = String(decoding: try encoder.encode(b), as: UTF8.self)
    for (from, to) in renames {
      text = text.replacingOccurrences(of: "\"\(from)\"", with: "\"\(to)\"")
    }
    return text
  }

  @Test func twoSourcesOfEachKindMakeThePaperOfOne() throws {
    let folder = TestPaths.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let overlap = try Self.writeSplitExports(folder)

    let one =
      Self.header + Self.crimes("crimes", "crimes-a.csv, crimes-b.csv")
      + Self.reports("reports", "reports-a.csv, reports-b.csv")
      + Self.activity("activity", "activity-a.csv, activity-b.csv")
    // The single source lists the labels the second source adds, after its own, as the merge does.
    let oneYAML = one.replacingOccurrences(
      of: "      \"UU unresolved\": unresolved\n",
      with:
        "      \"UU unresolved\": unresolved\n      \"22: Diversionary, educational or intervention activity, not in public interest to take further action\": 22\n    outcome_aliases:\n      \"Not known\": Unknown\n"
    )
    let two =
      Self.header + Self.crimes("crimes", "crimes-a.csv")
      + Self.reports("reports", "reports-a.csv") + Self.activity("activity", "activity-a.csv")
      + Self.crimesB("crimes-b", "crimes-b.csv") + Self.reports("reports-b", "reports-b.csv")
      + Self.activity("activity-b", "activity-b.csv")

    let (dataOne, paperOne) = try Self.build(oneYAML, folder + "/panel-one.yml")
    let (dataTwo, paperTwo) = try Self.build(two, folder + "/panel-two.yml")

    // The seed's own counts, independent of the split: 993 crimes, 1,260 reports, 611 events
    // (Fixtures/seed-force/README.md), whatever the overlap.
    #expect(dataTwo.crimes.count == 993)
    #expect(dataTwo.reports.count == 1260)
    #expect(dataTwo.activity.reduce(0) { $0 + $1.values.reduce(0, +) } == 611)
    let superseded = dataTwo.reconciliation.map(\.superseded)
    // The earlier file loses each duplicate: crimes-a 19 (the first of the 20 rows repeated,
    // MS/19/002021 recorded in 2019, is rejected as outside the period in both), reports-a 30.
    #expect(superseded == [overlap.overlapCrimes - 1, 0, overlap.overlapReports, 0, 0, 0])
    #expect(
      dataTwo.reconciliation.map(\.source) == [
        "crimes", "crimes-b", "reports", "reports-b", "activity", "activity-b",
      ])
    #expect(dataTwo.crimes == dataOne.crimes)
    #expect(dataTwo.reports == dataOne.reports)
    #expect(dataTwo.activity == dataOne.activity)
    #expect(dataTwo.activityMonths == dataOne.activityMonths)
    #expect(dataTwo.outcomeLabels == dataOne.outcomeLabels)

    let renames = ["crimes-b": "crimes", "reports-b": "reports", "activity-b": "activity"]
    let a = try Self.comparable(paperOne, renames: [:])
    let b = try Self.comparable(paperTwo, renames: renames).replacingOccurrences(
      of: "(panel-two.yml)", with: "(panel-one.yml)")
    #expect(a == b)
    if a != b {
      let la = a.split(separator: "\n")
      let lb = b.split(separator: "\n")
      let first = la.indices.first { la[$0] != lb[safe: $0] } ?? la.count
      Issue.record(
        "first difference at line \(first): \(la[safe: first] ?? "") | \(lb[safe: first] ?? "")")
    }
  }

  @Test func aLabelMeaningTwoThingsInTwoSourcesIsRefused() throws {
    let folder = TestPaths.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let yaml =
      Self.header + Self.crimes("crimes", "a.csv")
      + Self.crimes("crimes-b", "b.csv").replacingOccurrences(
        of: "\"Unknown\": unknown", with: "\"Unknown\": unresolved")
    let path = folder + "/panel.yml"
    #expect {
      _ = try BriefingConfig.parse(yaml: yaml, path: path)
    } throws: { error in
      "\(error)".contains(
        "'unknown' is read as 'Unknown' (type Unknown) by the source 'crimes' and as 'Unknown' (type Unresolved) by 'crimes-b'"
      )
    }
  }

  @Test func aSecondOpenDataSourceIsRefused() throws {
    let yaml =
      Self.header
      + "  - {name: a, kind: police-uk, files: [x.csv]}\n  - {name: b, kind: police-uk, files: [y.csv]}\n"
    #expect {
      _ = try BriefingConfig.parse(yaml: yaml, path: "/tmp/panel.yml")
    } throws: { error in
      "\(error)".contains("a second police-uk source: list every file in 'files' of the source 'a'")
    }
  }
}

extension Array {
  subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
