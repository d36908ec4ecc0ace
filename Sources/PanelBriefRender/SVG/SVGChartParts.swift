import PanelBrief

extension SVGChartRenderer {
  /// One part of a tall chart split for the printed page: its own chart (the rows it plots, a
  /// title and description that say which part it is) and its SVG.
  public struct Part: Sendable {
    public var chart: ChartSpec
    public var svg: String
  }

  /// A horizontal bar chart too tall for a page, split into parts of consecutive categories
  /// (small multiples), each no taller than `maxHeightToWidth` times its width, all drawn on the
  /// value scale of the whole chart so that bars compare across parts; `nil` when the chart fits
  /// whole (or is not a bar chart, whose width, not height, grows with its categories). The parts
  /// are as even as the categories allow, and as few as fit.
  public static func parts(_ chart: ChartSpec, table: StatTable, maxHeightToWidth: Double)
    -> [Part]?
  {
    guard chart.kind == .bar, maxHeightToWidth > 0,
      let (w, h) = size(of: render(chart, table: table)), w > 0, h / w > maxHeightToWidth
    else { return nil }
    let rowCount = table.rows.count
    let whole = chart.rowRange ?? 0..<rowCount
    let lower = max(0, min(whole.lowerBound, rowCount))
    let upper = max(lower, min(whole.upperBound, rowCount))
    guard upper - lower >= 2 else { return nil }
    let all = PlotData(chart: chart, table: table).series.flatMap { $0.values.compactMap { $0 } }
    let extent = (all.min() ?? 0)...(all.max() ?? 0)
    let count = upper - lower
    for n in 2...count {
      var parts: [Part] = []
      for k in 0..<n {
        var spec = chart
        spec.rowRange = (lower + count * k / n)..<(lower + count * (k + 1) / n)
        spec.id = "\(chart.id)-part\(k + 1)"
        spec.title = "\(chart.title) (part \(k + 1) of \(n))"
        let data = PlotData(chart: spec, table: table)
        let first = data.categories.first ?? ""
        let last = data.categories.last ?? ""
        let which =
          "This is part \(k + 1) of \(n), \(first == last ? first : "\(first) to \(last)")"
        spec.description =
          chart.description.isEmpty
          ? which + "."
          : chart.description + (chart.description.hasSuffix(".") ? " " : ". ")
            + which + ", on the same scale as the other parts."
        var drawing = Drawing(chart: spec, data: data)
        drawing.sharedExtent = extent
        let svg = drawing.render()
        guard let (pw, ph) = size(of: svg), pw > 0, ph / pw <= maxHeightToWidth else { break }
        parts.append(Part(chart: spec, svg: svg))
      }
      if parts.count == n { return parts }
    }
    return nil
  }

  /// The width and height attributes of an SVG document's root element.
  static func size(of svg: String) -> (Double, Double)? {
    guard let start = svg.range(of: "<svg") else { return nil }
    let tag = svg[start.lowerBound...].prefix { $0 != ">" }
    func attribute(_ name: String) -> Double? {
      guard let r = tag.range(of: " \(name)=\"") else { return nil }
      let value = tag[r.upperBound...].prefix { $0 != "\"" }
      return Double(value.filter { $0.isNumber || $0 == "." })
    }
    guard let w = attribute("width"), let h = attribute("height") else { return nil }
    return (w, h)
  }
}
