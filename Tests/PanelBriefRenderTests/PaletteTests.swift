import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// The workbook's charts and the paper's SVG charts are one set of pictures: the same Analysis
/// Function palette in the same order, series (years) in ascending order in both.
@Suite struct PaletteTests {
  /// The Analysis Function's categorical palette, in its order, as published in its guidance on
  /// data visualisation colours (written out here, not read from the code).
  static let analysisFunction = ["12436D", "28A197", "801650", "F46A25", "3D3D3D", "A285D1"]

  @Test func workbookChartsUseThePapersPaletteInItsOrder() throws {
    let b = try PaperTests.seedBriefing()
    let folder = try PaperTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/briefing.xlsx"
    try XLSXBriefingWriter.write(b, to: path)
    let book = try WorkbookReadBack(path: path)
    var checked = 0
    for chart in b.charts {
      guard let table = b.table(chart.tableID) else { continue }
      let svg = SVGChartRenderer.render(chart, table: table)
      let read = try book.charts(sheet: table.id)
      guard let workbookChart = read.first(where: { $0.title == chart.title }) else { continue }
      let series = workbookChart.xml.all("c:ser")
      #expect(series.count == chart.seriesColumns.count, "\(chart.id)")
      // Each series' colour: the line of a line or XmR series, the outline of a bar.
      let colours = series.map { s -> String in
        let shape = s.children("c:spPr").first
        return shape?.first("a:ln")?.first("a:srgbClr")?["val"]
          ?? shape?.first("a:solidFill")?.first("a:srgbClr")?["val"] ?? "none"
      }
      switch chart.kind {
      case .column, .bar, .line:
        #expect(
          colours == Array(Self.analysisFunction.prefix(colours.count)), "\(chart.id): \(colours)")
        // The SVG paints series in the same order with the same colours.
        for (index, colour) in colours.enumerated() {
          #expect(svg.contains("#\(colour)"), "\(chart.id) series \(index)")
        }
      case .xmr:
        // Values dark blue, centre line dark grey, limits dark pink: as the SVG draws them.
        #expect(colours == ["12436D", "3D3D3D", "801650", "801650"], "\(chart.id): \(colours)")
        #expect(svg.contains("stroke=\"#3D3D3D\"") && svg.contains("stroke=\"#801650\""))
      }
      // No colour outside the palette (white pattern backgrounds and marker fills aside).
      let all = series.flatMap { $0.all("a:srgbClr").compactMap { $0["val"] } }
      let allowed = Set(Self.analysisFunction + ["FFFFFF", "0D0D0D"])
      #expect(all.allSatisfy { allowed.contains($0) }, "\(chart.id): \(Set(all))")
      // Series in the table's column order: for year columns, ascending years.
      let names = series.compactMap { $0.first("c:tx")?.first("c:f")?.text }
      #expect(names.count == series.count)
      let headers = chart.seriesColumns.map { table.columns[$0].name }
      if headers.allSatisfy({ Int($0) != nil }) {
        #expect(headers == headers.sorted(), "\(chart.id)")
        checked += 1
      }
    }
    #expect(checked >= 2)
  }

  /// The legend of every workbook chart lists the years as the paper's SVG legend does, 2020…2023,
  /// and horizontal bar charts draw them in that order from the top of each group. In the chart
  /// XML: the series in ascending years, in the XML as in `c:order`; the legend at the top, as in
  /// the paper (`c:legendPos t`), where Excel lists series left to right; and in bar charts the category
  /// axis reversed (`maxMin`), so that categories run down the chart as in the table and the first
  /// series is at the top of each group, where Excel's legend, which follows the bars, puts it
  /// first. (LibreOffice, whatever the position, lists a horizontal bar chart's legend from the
  /// last series, without regard to the axis: VSeriesPlotter::createLegendEntries.)
  @Test func legendsListTheYearsInThePapersOrder() throws {
    let b = try PaperTests.seedBriefing()
    let folder = try PaperTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/briefing.xlsx"
    try XLSXBriefingWriter.write(b, to: path)
    let book = try WorkbookReadBack(path: path)
    var bars = 0
    var yearCharts = 0
    for chart in b.charts where chart.kind != .xmr {
      guard let table = b.table(chart.tableID) else { continue }
      let read = try book.charts(sheet: table.id)
      let workbookChart = try #require(
        read.first(where: { $0.title == chart.title }), "\(chart.id)")
      let xml = workbookChart.xml
      #expect(xml.first("c:legend")?.first("c:legendPos")?["val"] == "t", "\(chart.id)")
      let series = xml.all("c:ser")
      let orders = series.map { $0.first("c:order")?["val"] }
      #expect(orders == series.indices.map { String($0) }, "\(chart.id): \(orders)")
      // The series' names, read from the header cells their formulas point at.
      let cells = try book.cells(sheet: table.id)
      let names = series.map { s -> String in
        let formula = s.first("c:tx")?.first("c:f")?.text ?? ""
        let ref = formula.split(separator: "!").last.map {
          $0.replacingOccurrences(of: "$", with: "")
        }
        return ref.flatMap { cells[$0]?.value } ?? "?"
      }
      // The paper's legend, in the order the SVG draws it.
      let svg = SVGChartRenderer.render(chart, table: table)
      let svgLegend = svg.components(separatedBy: "class=\"legend-label\"").dropFirst().map {
        String($0.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }))
      }
      #expect(names == svgLegend, "\(chart.id): workbook \(names), paper \(svgLegend)")
      if names.allSatisfy({ Int($0) != nil }) && names.count > 1 {
        #expect(names == names.sorted(), "\(chart.id): \(names)")
        yearCharts += 1
      }
      if chart.kind == .bar {
        #expect(
          xml.first("c:catAx")?.first("c:scaling")?.first("c:orientation")?["val"] == "maxMin",
          "\(chart.id)")
        #expect(xml.first("c:barDir")?["val"] == "bar", "\(chart.id)")
        bars += 1
      }
    }
    // The seed briefing has two horizontal bar charts of years (outcomes, channels).
    #expect(bars == 2)
    #expect(yearCharts == 2)
  }
}
