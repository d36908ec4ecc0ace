import Foundation
import Testing

/// `panelbrief report` refuses a paper a quality gate stops (exit 2, a sentence on standard
/// error, nothing written), and says on standard error what the ingest set aside.
extension CommandLineTests {
  /// The seed force's configuration written into `dir` with its exports found where they are,
  /// changed by `edit`.
  static func seedConfig(in dir: String, _ edit: (String) -> String = { $0 }) throws -> String {
    let text = try String(
      contentsOfFile: root + "/Fixtures/seed-force/panel.yml", encoding: .utf8
    ).replacingOccurrences(of: "exports/", with: root + "/Fixtures/seed-force/exports/")
    let path = dir + "/panel.yml"
    try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func reportRefusesDayAndMonthSwapped() throws {
    let dir = Self.scratch()
    let config = try Self.seedConfig(in: dir) {
      $0.replacingOccurrences(of: "date_format: dd/MM/yyyy", with: "date_format: MM/dd/yyyy")
    }
    let r = try Self.run(["report", "--config", config, "--out", dir + "/out"])
    #expect(r.status == 2)
    #expect(
      r.err.contains(
        "error: 'Recorded Date' in \(Self.root)/Fixtures/seed-force/exports/crimes-2020-2021.csv (source 'crimes'): day and month look swapped."
      ), "\(r.err)")
    #expect(r.err.contains("Set date_format: dd/MM/yyyy for the source 'crimes'"))
    #expect(r.err.contains("No paper was written"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
  }

  /// `init`'s draft, TODOs and all, is not a paper.
  @Test func reportRefusesADraft() throws {
    let dir = Self.scratch()
    let exports = ["crimes-2020-2021.csv", "crimes-2022-2023.csv"].map {
      Self.root + "/Fixtures/seed-force/exports/" + $0
    }
    #expect(try Self.run(["init"] + exports + ["--out", dir + "/panel.yml"]).status == 0)
    let r = try Self.run(["report", "--config", dir + "/panel.yml", "--out", dir + "/out"])
    #expect(r.status == 2)
    #expect(r.err.contains("the configuration is still a draft"), "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
  }

  /// The seed rejects 6 of 999 crimes rows, one for a date outside the period: 5 faults of 998
  /// (0.5%) are above a threshold of 0.4%, refused; with
  /// --allow-rejected, the paper says so. Unmapped labels and rejections go to standard error.
  @Test func reportRefusesRejectedRowsUnlessAllowedAndSaysWhatItSetAside() throws {
    let dir = Self.scratch()
    let config = try Self.seedConfig(in: dir) {
      $0.replacingOccurrences(of: "spc:\n", with: "quality: {max_rejected_share: 0.004}\nspc:\n")
        .replacingOccurrences(of: "      \"Unknown\": unknown\n", with: "")
    }
    let refused = try Self.run(["report", "--config", config, "--out", dir + "/out"])
    #expect(refused.status == 2)
    #expect(
      refused.err.contains(
        "error: source 'crimes': 5 of 998 rows (0.5%) were rejected as faults (rows outside the period are not counted here), more than quality.max_rejected_share (0.4%)."
      ), "\(refused.err)")
    // The reports (2 of 1,262, 0.16%) and activity (1 of 612, 0.16%) are within it.
    #expect(!refused.err.contains("error: source 'reports'"))
    #expect(
      refused.err.contains(
        "note: crimes: 6 of 999 rows rejected (Recorded Date is outside the period covered: 1; Occurrence Ref is empty: 2; Recorded Date is not a date in the form dd/MM/yyyy: 1; Recorded Date is not a real date: 1; Wrong number of fields: 1)."
      ))
    // 'Unknown' is 31 + 59 + 84 + 61 = 235 crimes over 2020-2023 (seed outcomes-by-year.csv).
    #expect(
      refused.err.contains(
        "note: crimes: Outcome label 'Unknown' is not in the configuration; its rows are counted as \"Unmapped: Unknown\" (235 rows)."
      ))

    let allowed = try Self.run([
      "report", "--config", config, "--out", dir + "/out", "--allow-rejected",
    ])
    #expect(allowed.status == 0, "\(allowed.err)")
    #expect(allowed.err.contains("warning: crimes: 5 of 998 rows (0.5%) were rejected as faults"))
    let paper = try String(contentsOfFile: dir + "/out/briefing.md", encoding: .utf8)
    #expect(
      paper.contains(
        "crimes: 5 of 998 rows (0.5%) were rejected as faults (rows outside the period are not counted here), more than the 0.4% the quality gate allows; the paper was made with --allow-rejected, so its figures leave these rows out (5 rows)."
      ))
  }

  @Test func validateSaysWhatReportWillRefuse() throws {
    let dir = Self.scratch()
    let config = try Self.seedConfig(in: dir) {
      $0.replacingOccurrences(of: "date_format: dd/MM/yyyy", with: "date_format: MM/dd/yyyy")
    }
    let r = try Self.run(["validate", "--config", config])
    #expect(r.status == 2)
    #expect(r.out.contains("report will refuse: 'Activity Date' in"), "\(r.out)")
  }
}

extension CommandLineTests {
  /// dd/MM/yyyy on ISO dates with one stray dd/MM/yyyy value, and years past the extraction
  /// date: before the gates, `report` exited 0 with a paper of one crime and columns of zeros.
  @Test func reportRefusesAWrongFormatOneValueFitsAndYearsPastTheExtraction() throws {
    let dir = Self.scratch()
    let rows = (1...30).map { "MS/\($0),2023-03-\(String(format: "%02d", $0)),1: Charged," }
    try
      (["Occurrence Ref,Recorded Date,Outcome,Outcome Date"] + rows
      + ["MS/X,05/01/2023,1: Charged,"]).joined(separator: "\n").write(
        toFile: dir + "/crimes.csv", atomically: true, encoding: .utf8)
    try """
    title: T
    organisation: O
    period: {years: 2022-2025}
    extraction_date: 2023-11-30
    sources:
      - kind: crimes
        files: [crimes.csv]
        columns: {reference: Occurrence Ref, recorded_date: Recorded Date, outcome: Outcome, outcome_date: Outcome Date}
        date_format: dd/MM/yyyy
        outcomes: {"1: Charged": 1}
    """.write(toFile: dir + "/panel.yml", atomically: true, encoding: .utf8)
    let r = try Self.run(["report", "--config", dir + "/panel.yml", "--out", dir + "/out"])
    #expect(r.status == 2)
    // 30 of the 31 values are ISO dates: 96.8%.
    #expect(
      r.err.contains(
        "only 1 of 31 values are a date in the form dd/MM/yyyy, but 96.8% of them are in the form yyyy-MM-dd (the first is '2023-03-01'). Set date_format: yyyy-MM-dd for the source 'crimes'."
      ), "\(r.err)")
    #expect(
      r.err.contains(
        "period.years includes 2024 and 2025, which start after the extraction date 2023-11-30"))
    #expect(
      r.err.contains("error: source 'crimes': 30 of 31 rows (96.8%) were rejected"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
  }
}
