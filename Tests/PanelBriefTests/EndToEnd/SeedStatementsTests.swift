import Foundation
import Testing

@testable import PanelBrief

/// What the seed briefing must state (issue: honest statistics), checked against values from
/// independent tools.
@Suite struct SeedStatementsTests {
  let briefing: Briefing

  init() throws {
    briefing = try SeedBriefingTests.build().2
  }

  func number(_ cell: Cell) -> Double { cell.numericValue ?? .nan }

  @Test func chargeRateWithWilsonIntervalEachYear() throws {
    let t = try #require(briefing.table("Charge_rate"))
    let lo = try #require(t.columnIndex("Lower 95% limit"))
    let hi = try #require(t.columnIndex("Upper 95% limit"))
    // statsmodels 0.15.0: proportion_confint(x, n, method='wilson')
    let expected: [(Double, Double)] = [
      (0.0265786720580474, 0.08703785994036116),  // 10 of 206
      (0.002462971839756231, 0.03210504258520996),  // 2 of 223
      (0.0020721520357035346, 0.027095443078129146),  // 2 of 265
      (0.0022787759771462253, 0.029747903076570322),  // 2 of 241
    ]
    for (row, e) in zip(t.rows, expected) {
      #expect(abs(number(row[lo]) - e.0) < 1e-9)
      #expect(abs(number(row[hi]) - e.1) < 1e-9)
    }
  }

  @Test func fallInChargeRateIsTestedAndSignificant() throws {
    let t = try #require(briefing.table("Change_in_rates"))
    let row = try #require(t.rows.first { $0[0] == .text("Charge/summons rate (cohort basis)") })
    // scipy 1.17.1: stats.fisher_exact([[2,239],[10,196]]).pvalue
    #expect(abs(number(row[7]) - 0.015118342764485843) < 1e-9)
    #expect(row[6] == .text("Fisher's exact test"))
    #expect(row[8] == .text("Fell"))
    let point = try #require(briefing.keyPoints.first)
    #expect(point.text.contains("fell (Fisher's exact test, p = 0.015)"))
    #expect(point.text.contains("4.9% (10 of 206)"))
    #expect(point.text.contains("0.8% (2 of 241)"))
    #expect(point.text.contains("cohort basis"))
  }

  @Test func unclassifiedGrowthIsAFinding() throws {
    let t = try #require(briefing.table("Change_in_rates"))
    let row = try #require(
      t.rows.first { if case .text(let s) = $0[0] { s.hasPrefix("Share") } else { false } })
    // scipy 1.17.1: stats.fisher_exact([[95,155],[38,182]]).pvalue
    #expect(abs(number(row[7]) / 6.880911579828731e-07 - 1) < 1e-6)
    #expect(row[8] == .text("Rose"))
    #expect(abs(number(row[1]) - 38.0 / 220) < 1e-12)
    #expect(abs(number(row[2]) - 95.0 / 250) < 1e-12)
    #expect(
      briefing.keyPoints.contains {
        $0.text.contains("95 of 250 (38.0%)") && $0.text.contains("data-quality finding")
      })
  }

  @Test func crimeCountChangeIsNotCalledARise() throws {
    let t = try #require(briefing.table("Change_in_crimes"))
    // scipy 1.17.1: stats.binomtest(250, 470, 0.5).pvalue
    #expect(abs(number(t.rows[0][7]) - 0.18094301866814388) < 1e-9)
    #expect(t.rows[0][8] == .text("No significant change"))
    #expect(briefing.keyPoints.contains { $0.text.contains("did not change significantly") })
  }

  @Test func s45SpecialCauseIsFebruary2023Only() throws {
    let t = try #require(briefing.table("SPC_3"))
    #expect(t.columns[1].name == "S45 defence assistance")
    let flagged = t.rows.filter { $0[5] != .text("No") }.map { $0[0] }
    #expect(flagged == [.text("Feb 2023")])
    // numpy: mean 211/17, mean moving range 91/16, UCL = mean + 2.66 * mrBar
    #expect(abs(number(t.rows[0][2]) - 211.0 / 17) < 1e-9)
    #expect(abs(number(t.rows[0][4]) - (211.0 / 17 + 2.66 * 91.0 / 16)) < 1e-9)
    #expect(
      briefing.keyPoints.contains {
        $0.text.contains(
          "S45 defence assistance in February 2023 (35) was above the upper process limit")
      })
    let chart = try #require(briefing.chart("spc_3"))
    #expect(chart.kind == .xmr)
    #expect(chart.highlightedRows == [5])
  }

  @Test func everyRateSentenceNamesItsBasis() throws {
    let words = briefing.keyPoints.map(\.text) + briefing.sections.flatMap(\.paragraphs)
    for sentence in words where sentence.contains("charge/summons rate") && sentence.contains("%") {
      #expect(sentence.contains("cohort basis") || sentence.contains("closed basis"), "\(sentence)")
    }
    #expect((5...7).contains(briefing.keyPoints.count))
  }
}
