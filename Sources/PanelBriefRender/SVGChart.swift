import PanelBrief

/// Draws a briefing chart (a ``ChartSpec`` over the columns of its ``StatTable``) as a standalone,
/// accessible SVG image for the Markdown panel paper.
///
/// The image carries the chart's title and text description for screen readers
/// (`role="img"`, `<title>`, `<desc>`), reads in black and white (fill patterns, dash styles and
/// marker shapes as well as the Analysis Function's colour-blind-safe palette), and shows
/// suppressed or unavailable cells ([c], [x], …) as gaps, never as zero. Output is deterministic:
/// the same chart and table always give the same bytes.
public enum SVGChartRenderer {
  /// The SVG document for `chart`, plotting the cells of `table`.
  ///
  /// Column indices or rows that the table does not have are drawn as gaps rather than failing.
  public static func render(_ chart: ChartSpec, table: StatTable) -> String {
    let data = PlotData(chart: chart, table: table)
    var drawing = Drawing(chart: chart, data: data)
    return drawing.render()
  }

  /// One plotted series: a table column's values over the plotted rows.
  struct Series {
    /// The column header, shown in the legend.
    var name: String
    /// The kind of the column, which decides how values are labelled.
    var kind: StatTable.Column.Kind
    /// The values as plotted (percentages for percent columns), `nil` for a gap.
    var values: [Double?]
    /// The cells behind the values, for labelling gaps with their shorthand.
    var cells: [Cell?]
  }

  /// The categories and series a chart plots, taken from its table.
  struct PlotData {
    /// The category labels, one per plotted row.
    var categories: [String]
    var series: [Series]

    /// `true` when every series is a percent column, so the value axis is in percent.
    var isPercentAxis: Bool { !series.isEmpty && series.allSatisfy { $0.kind == .percent } }
    /// `true` when every series counts things, so axis steps are whole numbers.
    var isCountAxis: Bool { !series.isEmpty && series.allSatisfy { $0.kind == .count } }

    init(chart: ChartSpec, table: StatTable) {
      let rowCount = table.rows.count
      let range = chart.rowRange ?? 0..<rowCount
      let lower = max(0, min(range.lowerBound, rowCount))
      let upper = max(lower, min(range.upperBound, rowCount))
      let rows = Array(table.rows[lower..<upper])

      func cell(_ row: [Cell], _ column: Int) -> Cell? {
        row.indices.contains(column) ? row[column] : nil
      }

      categories = rows.map { row in
        switch cell(row, chart.categoryColumn) {
        case .text(let text): text
        case .integer(let value): String(value)
        case .number(let value): Format.general(value)
        case .shorthand(let shorthand): shorthand.rawValue
        case nil: ""
        }
      }

      series = chart.seriesColumns.map { column in
        let header = table.columns.indices.contains(column) ? table.columns[column] : nil
        let kind = header?.kind ?? .decimal
        let cells = rows.map { cell($0, column) }
        let values = cells.map { c -> Double? in
          guard let value = c?.numericValue, value.isFinite else { return nil }
          return kind == .percent ? value * 100 : value
        }
        return Series(name: header?.name ?? "", kind: kind, values: values, cells: cells)
      }
    }
  }
}
