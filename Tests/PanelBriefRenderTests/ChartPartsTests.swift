import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// Tall horizontal bar charts on the printed page: split into parts of consecutive categories
/// (small multiples) on one shared scale, each fitting the page at its full width, instead of one
/// chart drawn narrower.
@Suite struct ChartPartsTests {
  static let ratio = WordPaper.chartHeight / WordPaper.textWidth

  static func texts(_ svg: String, _ cls: String) -> [String] {
    svg.components(separatedBy: "class=\"\(cls)\"").dropFirst().map {
      String($0.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }))
    }
  }

  @Test func theSeedOutcomesChartIsSplitInTwoOnOneScale() throws {
    let b = try PaperTests.seedBriefing()
    let chart = try #require(b.chart("outcomes_by_year"))
    let table = try #require(b.table(chart.tableID))
    // Whole, it is much taller than the page allows at the page's width.
    let (w, h) = try #require(
      SVGChartRenderer.size(of: SVGChartRenderer.render(chart, table: table)))
    #expect(h / w > Self.ratio)
    let parts = try #require(
      SVGChartRenderer.parts(chart, table: table, maxHeightToWidth: Self.ratio))
    #expect(parts.count == 2)
    // Consecutive categories, every plotted row once, as evenly as possible.
    let whole = chart.rowRange ?? 0..<table.rows.count
    let ranges = parts.compactMap(\.chart.rowRange)
    #expect(ranges.first?.lowerBound == whole.lowerBound)
    #expect(ranges.last?.upperBound == whole.upperBound)
    #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    #expect(abs(ranges[0].count - ranges[1].count) <= 1)
    let categories = parts.flatMap { Self.texts($0.svg, "category-label") }
    #expect(categories.joined().contains("1: Charged"))
    for (k, part) in parts.enumerated() {
      let (pw, ph) = try #require(SVGChartRenderer.size(of: part.svg))
      #expect(ph / pw <= Self.ratio, "part \(k + 1): \(pw)×\(ph)")
      #expect(part.chart.title == chart.title + " (part \(k + 1) of 2)")
      #expect(part.svg.contains("This is part \(k + 1) of 2"))
      #expect(Self.texts(part.svg, "legend-label") == ["2020", "2021", "2022", "2023"])
    }
    // One scale: the same ticks in both parts, reaching the largest value of the whole chart
    // (84, Unknown in 2022, which is in the second part).
    let ticks = parts.map { Self.texts($0.svg, "tick-label") }
    #expect(ticks[0] == ticks[1])
    #expect(ticks[0].last == "100")
    // Every bar of the whole chart is in one part or the other, with its value (the parts draw
    // series by series, so the lists are compared as multisets).
    let partLabels = parts.flatMap { Self.texts($0.svg, "value-label") }
    let wholeLabels = Self.texts(SVGChartRenderer.render(chart, table: table), "value-label")
    #expect(partLabels.count == 60)
    #expect(partLabels.sorted() == wholeLabels.sorted())
  }

  @Test func chartsThatFitAreNotSplit() throws {
    let b = try PaperTests.seedBriefing()
    for chart in b.charts where chart.kind != .bar {
      let table = try #require(b.table(chart.tableID))
      #expect(SVGChartRenderer.parts(chart, table: table, maxHeightToWidth: Self.ratio) == nil)
    }
    // A bar chart of three categories fits whole.
    let chart = try #require(b.chart("outcomes_by_year"))
    var short = chart
    short.rowRange = 0..<3
    let table = try #require(b.table(chart.tableID))
    #expect(SVGChartRenderer.parts(short, table: table, maxHeightToWidth: Self.ratio) == nil)
  }
}
