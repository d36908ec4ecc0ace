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

  /// The seed rejects 6 of 999 crimes rows (0.6%): above a threshold of 0.5%, refused; with
  /// --allow-rejected, the paper says so. Unmapped labels and rejections go to standard error.
  @Test func reportRefusesRejectedRowsUnlessAllowedAndSaysWhatItSetAside() throws {
    let dir = Self.scratch()
    let config = try Self.seedConfig(in: dir) {
      $0.replacingOccurrences(of: "spc:\n", with: "quality: {max_rejected_share: 0.005}\nspc:\n")
        .replacingOccurrences(of: "      \"Unknown\": unknown\n", with: "")
    }
    let refused = try Self.run(["report", "--config", config, "--out", dir + "/out"])
    #expect(refused.status == 2)
    #expect(
      refused.err.contains(
        "error: source 'crimes': 6 of 999 rows (0.6%) were rejected, more than quality.max_rejected_share (0.5%)."
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
    #expect(allowed.err.contains("warning: crimes: 6 of 999 rows (0.6%) were rejected"))
    let paper = try String(contentsOfFile: dir + "/out/briefing.md", encoding: .utf8)
    #expect(
      paper.contains(
        "crimes: 6 of 999 rows (0.6%) were rejected, more than the 0.5% the quality gate allows; the paper was made with --allow-rejected, so its figures leave these rows out (6 rows)."
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
