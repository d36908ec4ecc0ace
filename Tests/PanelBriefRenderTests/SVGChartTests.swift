import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct SVGChartTests {

  // MARK: Fixtures (figures from /work/shared/seed-tables)

  /// Outcomes by year, with long labels, a suppressed cell and a total row left out of the chart.
  static let outcomes = StatTable(
    id: "outcomes", title: "Outcomes by year", subtitle: "Counts of crimes", source: "Seed force",
    columns: [
      .init("Outcome", .label), .init("2020", .count), .init("2021", .count),
      .init("2022", .count), .init("2023", .count),
    ],
    rows: [
      [.text("1: Charged"), .integer(10), .integer(2), .integer(2), .integer(2)],
      [
        .text("14: Victim declines/unable to support action to identify offender"), .integer(39),
        .integer(47), .integer(37), .integer(29),
      ],
      [
        .text("18: Investigation complete no suspect identified"), .integer(60), .integer(65),
        .integer(73), .integer(59),
      ],
      [.text("Direct"), .integer(1), .shorthand(.confidential), .integer(0), .integer(0)],
      [.text("Grand Total"), .integer(220), .integer(245), .integer(278), .integer(250)],
    ])

  static let months = [
    "Sep-22", "Oct-22", "Nov-22", "Dec-22", "Jan-23", "Feb-23", "Mar-23", "Apr-23", "May-23",
    "Jun-23", "Jul-23", "Aug-23", "Sep-23", "Oct-23", "Nov-23", "Dec-23", "Jan-24",
  ]
  /// S45 defence assistance by month (seed-tables/enforcement-monthly.csv).
  static let s45 = [6, 8, 8, 7, 7, 35, 15, 10, 11, 15, 16, 10, 10, 21, 12, 11, 9]

  /// An XmR table: values, mean, and natural process limits over the 17 months.
  static var xmrTable: StatTable {
    // numpy 2.4.6: x.mean() = 12.4118; np.abs(np.diff(x)).mean() = 5.6875;
    // limits = mean ± 2.66 × mean moving range = 27.5405 and -2.7170.
    let rows: [[Cell]] = zip(months, s45).map { month, value in
      [.text(month), .integer(value), .number(12.4118), .number(27.5405), .number(-2.7170)]
    }
    return StatTable(
      id: "s45-xmr", title: "S45 XmR", subtitle: "", source: "Seed force",
      columns: [
        .init("Month", .label), .init("S45 defence assistance", .count), .init("Mean", .decimal),
        .init("Upper process limit", .decimal), .init("Lower process limit", .decimal),
      ],
      rows: rows)
  }

  static let rates = StatTable(
    id: "rates", title: "Charge rate", subtitle: "", source: "Seed force",
    columns: [.init("Year", .label), .init("Charge rate", .percent)],
    rows: [[.integer(2020), .number(0.045)], [.integer(2021), .number(0.125)]])

  static func chart(
    _ kind: ChartSpec.Kind, table: StatTable, series: [Int], rows: Range<Int>? = nil,
    title: String = "A chart", highlighted: [Int] = []
  ) -> ChartSpec {
    ChartSpec(
      id: "chart-\(kind.rawValue)", title: title, kind: kind, tableID: table.id,
      categoryColumn: 0, seriesColumns: series, rowRange: rows, xAxisTitle: "Category",
      yAxisTitle: "Number", description: "What the \(kind.rawValue) chart shows.",
      highlightedRows: highlighted)
  }

  // MARK: XML helpers

  func parse(_ svg: String) throws -> XMLDocument {
    try XMLDocument(xmlString: svg, options: [])
  }

  func elements(_ document: XMLDocument, _ name: String, class cls: String) throws
    -> [XMLElement]
  {
    let named = name == "*" ? "" : "local-name()='\(name)' and "
    let path = "//*[\(named)contains(concat(' ', @class, ' '), ' \(cls) ')]"
    return try document.nodes(forXPath: path).compactMap { $0 as? XMLElement }
  }

  /// An attribute's value. (`XMLElement.attribute(forName:)` finds nothing on Linux when the
  /// element is in the SVG namespace, so this looks through the attributes by name.)
  func attribute(_ element: XMLElement, _ name: String) -> String? {
    element.attributes?.first { $0.name == name }?.stringValue
  }

  func number(_ element: XMLElement, _ name: String) -> Double? {
    attribute(element, name).flatMap(Double.init)
  }

  /// The text content of each element.
  func texts(_ elements: [XMLElement]) -> [String] {
    elements.map { $0.stringValue ?? "" }
  }

  // MARK: Tests

  @Test(arguments: [ChartSpec.Kind.column, .bar, .line, .xmr])
  func isWellFormedAndAccessible(kind: ChartSpec.Kind) throws {
    let table = kind == .xmr ? Self.xmrTable : Self.outcomes
    let series = kind == .xmr ? [1, 2, 3, 4] : [1, 2, 3, 4]
    let spec = Self.chart(kind, table: table, series: series, rows: kind == .xmr ? nil : 0..<4)
    let svg = SVGChartRenderer.render(spec, table: table)
    let document = try parse(svg)
    let root = try #require(document.rootElement())
    #expect(root.localName == "svg")
    #expect(root.uri == "http://www.w3.org/2000/svg")
    #expect(attribute(root, "role") == "img")
    let id = "chart-\(kind.rawValue)"
    #expect(attribute(root, "aria-labelledby") == "\(id)-title \(id)-desc")
    let viewBox = try #require(attribute(root, "viewBox"))
    let box = viewBox.split(separator: " ").compactMap { Double($0) }
    #expect(box.count == 4 && box[2] == 720 && box[3] >= 400)

    let children = (root.children ?? []).compactMap { $0 as? XMLElement }
    #expect(children.first?.localName == "title")
    #expect(children.first.flatMap { attribute($0, "id") } == "\(id)-title")
    #expect(children.first?.stringValue == "A chart")
    let desc = children.first { $0.localName == "desc" }
    #expect(desc.flatMap { attribute($0, "id") } == "\(id)-desc")
    #expect(desc?.stringValue == "What the \(kind.rawValue) chart shows.")

    // Every series is named in the legend, and every text is at least 12px in a sans-serif face.
    let legend = texts(try elements(document, "text", class: "legend-label"))
    for column in series { #expect(legend.contains(table.columns[column].name)) }
    #expect(attribute(root, "font-family")?.hasSuffix("sans-serif") == true)
    #expect(attribute(root, "font-size") == "12")
    let sizes = try document.nodes(forXPath: "//@font-size").compactMap {
      Double($0.stringValue ?? "")
    }
    #expect(sizes.allSatisfy { $0 >= 12 })
  }

  @Test func columnChartDrawsOneBarPerNonGapCell() throws {
    // Rows 0..<4 leave out the Grand Total; the [c] for Direct in 2021 is the only gap.
    let spec = Self.chart(.column, table: Self.outcomes, series: [1, 2, 3, 4], rows: 0..<4)
    let document = try parse(SVGChartRenderer.render(spec, table: Self.outcomes))
    let bars = try elements(document, "rect", class: "bar")
    #expect(bars.count == 15)
    let tooltips = bars.compactMap { ($0.children?.first as? XMLElement)?.stringValue }
    #expect(tooltips.contains("Direct, 2020: 1"))
    #expect(tooltips.contains("Direct, 2022: 0"))
    #expect(!tooltips.contains { $0.hasPrefix("Direct, 2021") })
    #expect(!tooltips.contains { $0.hasPrefix("Grand Total") })
  }

  @Test func barChartDrawsOneBarPerNonGapCellAndLabelsTheGap() throws {
    let spec = Self.chart(.bar, table: Self.outcomes, series: [1, 2, 3, 4], rows: 0..<4)
    let document = try parse(SVGChartRenderer.render(spec, table: Self.outcomes))
    #expect(try elements(document, "rect", class: "bar").count == 15)
    #expect(texts(try elements(document, "text", class: "gap-label")) == ["[c]"])
    // The long label is wrapped onto lines of at most 30 characters, not cut.
    let labels = texts(try elements(document, "text", class: "category-label"))
    #expect(labels.allSatisfy { $0.count <= 30 })
    #expect(labels.contains("14: Victim declines/unable to"))
  }

  @Test func barHeightsAreProportionalToValues() throws {
    let table = StatTable(
      id: "t", title: "t", subtitle: "", source: "",
      columns: [.init("Year", .label), .init("Crimes", .count)],
      rows: [[.integer(2022), .integer(10)], [.integer(2023), .integer(20)]])
    for kind in [ChartSpec.Kind.column, .bar] {
      let document = try parse(
        SVGChartRenderer.render(Self.chart(kind, table: table, series: [1]), table: table))
      let bars = try elements(document, "rect", class: "bar")
      try #require(bars.count == 2)
      let size = kind == .column ? "height" : "width"
      let first = try #require(number(bars[0], size))
      let second = try #require(number(bars[1], size))
      #expect(first > 50)
      #expect(abs(second / first - 2) < 0.01)
      let labels = texts(try elements(document, "text", class: "value-label"))
      #expect(labels == ["10", "20"])
    }
  }

  @Test func lineBreaksAtAGapInsteadOfDroppingToZero() throws {
    var values = Self.s45.map { Cell.integer($0) }
    values[4] = .shorthand(.confidential)
    values[9] = .text("n/a")
    let table = StatTable(
      id: "t", title: "t", subtitle: "", source: "",
      columns: [.init("Month", .label), .init("S45", .count)],
      rows: zip(Self.months, values).map { [.text($0), $1] })
    let document = try parse(
      SVGChartRenderer.render(Self.chart(.line, table: table, series: [1]), table: table))
    // Three runs: Sep-22..Dec-22, Feb-23..May-23, Jul-23..Jan-24.
    let lines = try elements(document, "path", class: "series-line")
    #expect(lines.count == 3)
    #expect(try elements(document, "*", class: "marker").count == 15)
    // Every marker sits above the zero line: no gap is drawn as 0.
    let baseline = try #require(try elements(document, "line", class: "baseline").first)
    let zero = try #require(number(baseline, "y1"))
    let markers = try elements(document, "circle", class: "marker")
    #expect(markers.allSatisfy { (number($0, "cy") ?? zero) < zero })
  }

  @Test func xmrMarksEachSpecialCauseWithADiamondAndItsValue() throws {
    // Row 5 (Feb-23, 35) is above the upper limit; 99 is not a plotted row and is ignored.
    let spec = Self.chart(
      .xmr, table: Self.xmrTable, series: [1, 2, 3, 4], highlighted: [5, 13, 99])
    let document = try parse(SVGChartRenderer.render(spec, table: Self.xmrTable))
    #expect(try elements(document, "path", class: "special-cause").count == 2)
    #expect(texts(try elements(document, "text", class: "special-cause-label")) == ["35", "21"])
    #expect(try elements(document, "circle", class: "marker").count == 15)
    #expect(try elements(document, "path", class: "centre-line").count == 1)
    let limits = try elements(document, "path", class: "limit-line")
    #expect(limits.count == 2)
    #expect(limits.allSatisfy { attribute($0, "stroke-dasharray") != nil })
    #expect(texts(try elements(document, "text", class: "legend-label")).last == "Special cause")
    // The axis starts below 0 to show the negative lower limit (-2.7170): steps of 10 from -10.
    let ticks = texts(try elements(document, "text", class: "tick-label"))
    #expect(ticks == ["-10", "0", "10", "20", "30", "40"])
  }

  @Test func escapesMarkupInEveryText() throws {
    let table = StatTable(
      id: "t", title: "t", subtitle: "", source: "",
      columns: [.init("Force <&>", .label), .init("\"Crimes\" & 'outcomes'", .count)],
      rows: [[.text("A<B & C>D"), .integer(3)]])
    var spec = Self.chart(.column, table: table, series: [1], title: "Crimes <&> outcomes")
    spec.description = "Less < more & so on >"
    let svg = SVGChartRenderer.render(spec, table: table)
    #expect(svg.contains("Crimes &lt;&amp;&gt; outcomes"))
    let document = try parse(svg)
    let root = try #require(document.rootElement())
    let title = root.elements(forName: "title").first?.stringValue
    #expect(title == "Crimes <&> outcomes")
    #expect(root.elements(forName: "desc").first?.stringValue == "Less < more & so on >")
    #expect(texts(try elements(document, "text", class: "category-label")) == ["A<B & C>D"])
    #expect(
      texts(try elements(document, "text", class: "legend-label")) == ["\"Crimes\" & 'outcomes'"])
  }

  @Test(arguments: [ChartSpec.Kind.column, .bar, .line, .xmr])
  func rendersTheSameBytesEveryTime(kind: ChartSpec.Kind) {
    let table = kind == .xmr ? Self.xmrTable : Self.outcomes
    let spec = Self.chart(kind, table: table, series: [1, 2, 3, 4], highlighted: [5])
    #expect(
      SVGChartRenderer.render(spec, table: table) == SVGChartRenderer.render(spec, table: table))
  }

  @Test func labelsPercentColumnsAsPercentages() throws {
    let spec = Self.chart(.column, table: Self.rates, series: [1])
    let document = try parse(SVGChartRenderer.render(spec, table: Self.rates))
    #expect(texts(try elements(document, "text", class: "value-label")) == ["4.5%", "12.5%"])
    let ticks = texts(try elements(document, "text", class: "tick-label"))
    #expect(ticks == ["0%", "5%", "10%", "15%"])
    // Years stored as integers are category labels without separators.
    #expect(texts(try elements(document, "text", class: "category-label")) == ["2020", "2021"])
  }

  @Test func rotatesCategoryLabelsWhenMonthsCrowdTheAxis() throws {
    let table = StatTable(
      id: "t", title: "t", subtitle: "", source: "",
      columns: [.init("Month", .label), .init("S45", .count)],
      rows: zip(Self.months, Self.s45).map { [.text($0), .integer($1)] })
    let document = try parse(
      SVGChartRenderer.render(Self.chart(.column, table: table, series: [1]), table: table))
    let labels = try elements(document, "text", class: "category-label")
    #expect(texts(labels) == Self.months)
    #expect(labels.allSatisfy { attribute($0, "transform")?.hasPrefix("rotate(-45") == true })
  }

  @Test func niceScalesUseStepsOfOneTwoOrFive() {
    let outcomes = SVGChartRenderer.ValueScale(minimum: 0, maximum: 73, wholeSteps: true)
    #expect(outcomes.ticks == [0, 20, 40, 60, 80])
    let totals = SVGChartRenderer.ValueScale(minimum: 0, maximum: 361, wholeSteps: true)
    #expect(totals.ticks == [0, 100, 200, 300, 400])
    let small = SVGChartRenderer.ValueScale(minimum: 0, maximum: 3, wholeSteps: true)
    #expect(small.ticks == [0, 1, 2, 3])
    let xmr = SVGChartRenderer.ValueScale(minimum: -2.7170, maximum: 35, wholeSteps: false)
    #expect(xmr.ticks == [-10, 0, 10, 20, 30, 40])
    let empty = SVGChartRenderer.ValueScale(minimum: 0, maximum: 0, wholeSteps: true)
    #expect(empty.ticks == [0, 1, 2, 3, 4, 5])
  }

  @Test func drawsAnEmptyChartForColumnsAndRowsTheTableLacks() throws {
    let spec = ChartSpec(
      id: "9 bad id!", title: "", kind: .line, tableID: "rates", categoryColumn: 7,
      seriesColumns: [1, 42], rowRange: 1..<10, xAxisTitle: "", yAxisTitle: "",
      description: "")
    let document = try parse(SVGChartRenderer.render(spec, table: Self.rates))
    let root = try #require(document.rootElement())
    #expect(
      attribute(root, "aria-labelledby")
        == "chart-9-bad-id--title chart-9-bad-id--desc")
    #expect(try elements(document, "*", class: "marker").count == 1)
  }
}
