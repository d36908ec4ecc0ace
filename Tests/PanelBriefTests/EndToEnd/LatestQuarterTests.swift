import Foundation
import Testing

@testable import PanelBrief

/// The latest quarter against the same quarter a year earlier, on the seed (extracted 5 February
/// 2024: the latest complete quarter is 2023 Q4). Expected figures from Python 3's csv and
/// datetime over the exports: crimes of the force (rows with 7 fields, a reference and a
/// recorded date in 2020-2023, not cancelled or transferred) recorded in 2022 Q4 and 2023 Q4: 68
/// and 74, of which charged 1 and 0; outcomes assigned in the quarter (outcome date in it, an
/// outcome type): 39 and 60, of which charges 2 and 0; reports by channel (`Created` in the
/// quarter, labels trimmed and case folded): 78 and 90 in all.
@Suite struct LatestQuarterTests {
  static func briefing(_ file: String) throws -> Briefing {
    let config = try BriefingConfig.load(path: TestPaths.root + "/Fixtures/seed-force/\(file)")
    let data = try Ingestor(config: config, open: openTabular).run()
    return BriefingBuilder(config: config, data: data, version: "test").build()
  }

  static func counts(_ table: StatTable) -> [String: [Int?]] {
    var out: [String: [Int?]] = [:]
    for row in table.rows {
      out[row[0].words()] = [row[1], row[2]].map { if case .integer(let i) = $0 { i } else { nil } }
    }
    return out
  }

  @Test func restrictedSeedQuarter() throws {
    let b = try Self.briefing("panel.yml")
    let counts = try #require(b.table("Latest_quarter_counts"))
    #expect(counts.columns[1].name == "2022 Q4" && counts.columns[2].name == "2023 Q4")
    let c = Self.counts(counts)
    #expect(c["Crimes recorded (less cancelled or transferred)"] == [68, 74])
    #expect(c["Reports received"] == [78, 90])
    #expect(c["101"] == [31, 45])
    #expect(c["999"] == [30, 31])
    #expect(c["E-Mail"] == [8, 4])
    #expect(c["Alarm"] == [3, 0])
    #expect(c["In person"] == [2, 4])
    #expect(c["EMAS"] == [2, 2])
    #expect(c["Radio"] == [2, 2])
    #expect(c["Contact Record"] == [0, 1])
    #expect(c["Northants"] == [0, 1])
    #expect(counts.rows.count == 11)
    // The exact Poisson test of 74 against 68: scipy.stats.binomtest(74, 142, 0.5).pvalue
    // = 0.6749 (two-sided).
    let crimes = counts.rows[0]
    #expect(abs((crimes[7].numericValue ?? -1) - 0.6749) < 0.0005)
    let rates = try #require(b.table("Latest_quarter_rates"))
    #expect(rates.rows[0][1] == .number(1.0 / 68) && rates.rows[0][2] == .number(0))
    #expect(rates.rows[1][1] == .number(2.0 / 39) && rates.rows[1][2] == .number(0))
    let section = try #require(b.sections.first { $0.id == "latest_quarter" })
    #expect(
      section.paragraphs.contains {
        $0.contains("74 modern slavery crimes were recorded in 2023 Q4")
      })
  }

  /// In the public paper no count from 1 to 4 is shown, the rates on 1 and 2 charges are
  /// suppressed, and the small channels are combined: E-Mail, Alarm, In person, EMAS, Radio,
  /// Contact Record and Northants make "Other channels", 17 and 14, so no channel can be worked
  /// out from the total (78 = 31 + 30 + 17; 90 = 45 + 31 + 14).
  @Test func publicSeedQuarter() throws {
    let b = try Self.briefing("panel-public.yml")
    let counts = try #require(b.table("Latest_quarter_counts"))
    let c = Self.counts(counts)
    #expect(c["Crimes recorded (less cancelled or transferred)"] == [68, 74])
    #expect(c["Reports received"] == [78, 90])
    #expect(c["101"] == [31, 45])
    #expect(c["999"] == [30, 31])
    #expect(c["Other channels"] == [17, 14])
    #expect(counts.rows.count == 5)
    for row in counts.rows {
      for cell in row[1...2] {
        if case .integer(let n) = cell { #expect(n == 0 || n >= 5, "\(row[0])") }
      }
    }
    let rates = try #require(b.table("Latest_quarter_rates"))
    for row in rates.rows {
      #expect(row[1] == .shorthand(.confidential) && row[2] == .shorthand(.confidential))
    }
    // p-values are bands in a public paper.
    #expect(counts.rows[0][7] == .text("≥0.05"))
  }
}
