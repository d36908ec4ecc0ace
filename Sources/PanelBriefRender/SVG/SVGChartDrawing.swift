import PanelBrief

extension SVGChartRenderer {
  /// The look of a chart: the Analysis Function's colour-blind-safe categorical palette, and
  /// the fill patterns, dash styles and marker shapes that keep series apart in black and white.
  enum Style {
    /// Dark blue, turquoise, dark pink, orange, dark grey, light purple.
    static let palette = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
    /// Text, outlines and the zero line.
    static let ink = "#0B0C0C"
    /// Gridlines.
    static let grid = "#D9D9D9"
    /// The dash style of each line series in turn (the first is solid).
    static let dashes = ["", "8 4", "2 3", "10 3 2 3", "4 4", "12 3 3 3 3 3"]
    /// The marker shape of each line series in turn.
    static let markers: [Marker] = [.circle, .square, .triangle, .diamond, .triangleDown, .cross]
    /// The fill pattern count: series beyond it repeat colours and patterns.
    static let patternCount = 6

    /// A point marker's shape.
    enum Marker { case circle, square, triangle, diamond, triangleDown, cross }

    static func colour(_ index: Int) -> String { palette[index % palette.count] }
    static func dash(_ index: Int) -> String { dashes[index % dashes.count] }
    static func marker(_ index: Int) -> Marker { markers[index % markers.count] }
  }

  /// What a legend entry shows beside the series name.
  enum LegendSwatch {
    /// A bar series' fill (colour and pattern).
    case fill(Int)
    /// A line series' colour, dash style and marker.
    case line(Int)
    /// The values of an XmR chart: a solid line with round markers.
    case xmrValues
    /// The centre line of an XmR chart.
    case xmrCentre
    /// A process limit of an XmR chart.
    case xmrLimit
    /// The marker of a special cause on an XmR chart.
    case specialCause
  }

  /// Lays out and writes one chart as SVG markup.
  struct Drawing {
    let chart: ChartSpec
    let data: PlotData
    /// The chart's id made a valid XML name; prefixes every id in the document.
    let id: String
    let width = 720.0
    /// The height of a chart whose categories fit comfortably.
    let minimumHeight = 400.0
    /// Values the value axis must reach besides the chart's own: the extent of the whole chart
    /// when this is one part of it, so that every part is drawn on the same scale.
    var sharedExtent: ClosedRange<Double>? = nil

    init(chart: ChartSpec, data: PlotData) {
      self.chart = chart
      self.data = data
      self.id = Format.identifier(chart.id)
    }

    // MARK: Document

    mutating func render() -> String {
      let titleLines = Format.wrap(
        chart.title, maxCharacters: Int((width - 32) / (16 * 0.6)), maxLines: 3)
      var header = ""
      for (index, line) in titleLines.enumerated() {
        header += text(
          line, x: 16, y: 28 + 20 * Double(index), cls: "chart-title",
          extra: " font-size=\"16\" font-weight=\"bold\"")
      }
      let headerBottom = titleLines.isEmpty ? 8.0 : 28 + 20 * Double(titleLines.count - 1) + 10
      let (legend, legendBottom) = legendMarkup(top: headerBottom)
      let (body, height) =
        chart.kind == .bar ? horizontalBody(top: legendBottom) : verticalBody(top: legendBottom)

      let w = c(width)
      let h = c(height)
      var svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" "
        + "viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" "
        + "class=\"panelbrief-chart chart-\(chart.kind.rawValue)\" "
        + "font-family=\"Arial, Helvetica, sans-serif\" font-size=\"12\" fill=\"\(Style.ink)\">\n"
      svg += "<title id=\"\(id)-title\">\(Format.escape(chart.title))</title>\n"
      svg += "<desc id=\"\(id)-desc\">\(Format.escape(chart.description))</desc>\n"
      svg += patternDefinitions()
      svg += "<rect class=\"background\" width=\"\(w)\" height=\"\(h)\" fill=\"#FFFFFF\"/>\n"
      svg += header
      svg += legend
      svg += body
      svg += "</svg>\n"
      return svg
    }

    /// The fill patterns of bar series after the first (which is solid).
    func patternDefinitions() -> String {
      guard chart.kind == .column || chart.kind == .bar, data.series.count > 1 else { return "" }
      var defs = "<defs>\n"
      for index in 1..<data.series.count where index % Style.patternCount != 0 {
        let colour = Style.colour(index)
        let patternID = "\(id)-fill-\(index)"
        let white = "stroke=\"#FFFFFF\""
        switch index % Style.patternCount {
        case 1:
          defs +=
            "<pattern id=\"\(patternID)\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"\(colour)\"/>"
            + "<line x1=\"2\" y1=\"0\" x2=\"2\" y2=\"8\" \(white) stroke-width=\"2.5\"/></pattern>\n"
        case 2:
          defs +=
            "<pattern id=\"\(patternID)\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\">"
            + "<rect width=\"7\" height=\"7\" fill=\"\(colour)\"/>"
            + "<circle cx=\"3.5\" cy=\"3.5\" r=\"1.8\" fill=\"#FFFFFF\"/></pattern>\n"
        case 3:
          defs +=
            "<pattern id=\"\(patternID)\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"\(colour)\"/>"
            + "<line x1=\"4\" y1=\"0\" x2=\"4\" y2=\"8\" \(white) stroke-width=\"1.5\"/>"
            + "<line x1=\"0\" y1=\"4\" x2=\"8\" y2=\"4\" \(white) stroke-width=\"1.5\"/></pattern>\n"
        case 4:
          defs +=
            "<pattern id=\"\(patternID)\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\">"
            + "<rect width=\"6\" height=\"6\" fill=\"\(colour)\"/>"
            + "<line x1=\"0\" y1=\"3\" x2=\"6\" y2=\"3\" \(white) stroke-width=\"2\"/></pattern>\n"
        default:
          defs +=
            "<pattern id=\"\(patternID)\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" "
            + "patternTransform=\"rotate(-45)\"><rect width=\"8\" height=\"8\" fill=\"\(colour)\"/>"
            + "<line x1=\"2\" y1=\"0\" x2=\"2\" y2=\"8\" \(white) stroke-width=\"1.5\"/>"
            + "<line x1=\"6\" y1=\"0\" x2=\"6\" y2=\"8\" \(white) stroke-width=\"1.5\"/></pattern>\n"
        }
      }
      return defs + "</defs>\n"
    }

    /// The fill of bar series `index`: its colour, or a pattern over its colour.
    func paint(_ index: Int) -> String {
      index % Style.patternCount == 0 ? Style.colour(index) : "url(#\(id)-fill-\(index))"
    }

    // MARK: Legend

    func legendItems() -> [(name: String, swatch: LegendSwatch)] {
      switch chart.kind {
      case .column, .bar:
        return data.series.enumerated().map { ($1.name, .fill($0)) }
      case .line:
        return data.series.enumerated().map { ($1.name, .line($0)) }
      case .xmr:
        var items: [(name: String, swatch: LegendSwatch)] = data.series.enumerated().map {
          index, series in
          (series.name, index == 0 ? .xmrValues : index == 1 ? .xmrCentre : .xmrLimit)
        }
        if !specialCauseRows().isEmpty { items.append(("Special cause", .specialCause)) }
        return items
      }
    }

    /// The legend, flowing left to right in rows under the title, and its bottom edge.
    func legendMarkup(top: Double) -> (String, Double) {
      let items = legendItems()
      guard !items.isEmpty else { return ("", top) }
      var markup = "<g class=\"legend\">\n"
      var x = 16.0
      var rowMiddle = top + 10
      for item in items {
        let name = Format.truncate(item.name, maxCharacters: 70)
        let swatchWidth: Double
        switch item.swatch {
        case .fill: swatchWidth = 14
        case .specialCause: swatchWidth = 16
        default: swatchWidth = 30
        }
        let itemWidth = swatchWidth + 6 + Format.width(name)
        if x > 16 && x + itemWidth > width - 16 {
          x = 16
          rowMiddle += 20
        }
        markup += "<g class=\"legend-item\">\n"
        switch item.swatch {
        case .fill(let index):
          markup +=
            "<rect class=\"legend-swatch\" x=\"\(c(x))\" y=\"\(c(rowMiddle - 7))\" width=\"14\" "
            + "height=\"14\" fill=\"\(paint(index))\" stroke=\"\(Style.ink)\" stroke-width=\"0.75\"/>\n"
        case .line(let index):
          markup += linePath(
            "M\(c(x)) \(c(rowMiddle))H\(c(x + 30))", cls: "legend-swatch",
            stroke: Style.colour(index), strokeWidth: 2, dash: Style.dash(index))
          markup += marker(
            Style.marker(index), x: x + 15, y: rowMiddle, size: 4, fill: Style.colour(index),
            cls: "legend-marker")
        case .xmrValues:
          markup += linePath(
            "M\(c(x)) \(c(rowMiddle))H\(c(x + 30))", cls: "legend-swatch",
            stroke: Style.colour(0), strokeWidth: 2, dash: "")
          markup += marker(
            .circle, x: x + 15, y: rowMiddle, size: 3.5, fill: Style.colour(0),
            cls: "legend-marker")
        case .xmrCentre:
          markup += linePath(
            "M\(c(x)) \(c(rowMiddle))H\(c(x + 30))", cls: "legend-swatch",
            stroke: Style.colour(4), strokeWidth: 1.5, dash: "")
        case .xmrLimit:
          markup += linePath(
            "M\(c(x)) \(c(rowMiddle))H\(c(x + 30))", cls: "legend-swatch",
            stroke: Style.colour(2), strokeWidth: 1.5, dash: "6 4")
        case .specialCause:
          markup += marker(
            .diamond, x: x + 8, y: rowMiddle, size: 5.5, fill: Style.colour(3),
            cls: "legend-marker", strokeWidth: 1.5)
        }
        markup += text(name, x: x + swatchWidth + 6, y: rowMiddle + 4, cls: "legend-label")
        markup += "</g>\n"
        x += itemWidth + 20
      }
      markup += "</g>\n"
      return (markup, rowMiddle + 10)
    }

    // MARK: Scales

    func valueScale() -> ValueScale {
      var values = data.series.flatMap { $0.values.compactMap { $0 } }
      if let shared = sharedExtent { values += [shared.lowerBound, shared.upperBound] }
      return ValueScale(
        minimum: values.min() ?? 0, maximum: values.max() ?? 0, wholeSteps: data.isCountAxis)
    }

    func tickLabel(_ value: Double, _ scale: ValueScale) -> String {
      let label = Format.fixed(value, decimals: scale.tickDecimals, grouping: true)
      return data.isPercentAxis ? label + "%" : label
    }

    /// The plotted rows an XmR chart marks as special causes: in range, with a value, in order.
    func specialCauseRows() -> [Int] {
      guard chart.kind == .xmr, let values = data.series.first?.values else { return [] }
      return Set(chart.highlightedRows).filter { values.indices.contains($0) && values[$0] != nil }
        .sorted()
    }

    // MARK: Vertical charts (column, line, XmR)

    func verticalBody(top: Double) -> (String, Double) {
      let scale = valueScale()
      let ticks = scale.ticks
      let tickLabels = ticks.map { tickLabel($0, scale) }
      let tickWidth = tickLabels.map { Format.width($0) }.max() ?? 0
      let titleSpace = chart.yAxisTitle.isEmpty ? 12.0 : 36.0
      var plotLeft = titleSpace + tickWidth + 8
      let plotRight = width - 24
      let count = data.categories.count
      var slot = (plotRight - plotLeft) / Double(max(count, 1))

      // Category labels go on one line if they fit their slot, else on up to four wrapped
      // lines if no word is cut, else they are cut to 24 characters and turned 45 degrees,
      // leaving out every so many when the slots are too narrow for them.
      let widest = data.categories.map { Format.width($0) }.max() ?? 0
      let lineCharacters = Int((slot - 6) / Format.width("x"))
      let wrapped = data.categories.map {
        Format.wrap($0, maxCharacters: lineCharacters, maxLines: 5)
      }
      let wraps =
        widest > slot - 6 && lineCharacters >= 6
        && zip(data.categories, wrapped).allSatisfy { label, lines in
          lines.count <= 4
            && label.split(separator: " ").allSatisfy { $0.count <= lineCharacters }
        }
      let rotate = widest > slot - 6 && !wraps
      let shown: [[String]] =
        rotate
        ? data.categories.map { [Format.truncate($0, maxCharacters: 24)] }
        : wraps ? wrapped : data.categories.map { [$0] }
      let shownWidest = shown.joined().map { Format.width($0) }.max() ?? 0
      if rotate {
        // Keep the first rotated label, which hangs down to the left, inside the image.
        plotLeft = max(plotLeft, shownWidest * 0.7072 - slot / 2 + 8)
        slot = (plotRight - plotLeft) / Double(max(count, 1))
      }
      let every = rotate ? max(1, Int((20 / slot).rounded(.up))) : 1
      let mostLines = Double(shown.map(\.count).max() ?? 1)
      let labelBand = rotate ? shownWidest * 0.7072 + 24 : 9 + 15 * mostLines
      let bottomSpace = labelBand + (chart.xAxisTitle.isEmpty ? 8 : 30)
      let plotTop = top + 20
      let plotHeight = max(200, minimumHeight - plotTop - bottomSpace)
      let plotBottom = plotTop + plotHeight
      let height = plotBottom + bottomSpace
      let y = { (value: Double) in scale.position(value, start: plotBottom, end: plotTop) }
      let x = { (index: Int) in plotLeft + (Double(index) + 0.5) * slot }

      var body = "<g class=\"value-axis\">\n"
      for (tick, label) in zip(ticks, tickLabels) {
        let isZero = abs(tick) < scale.step * 1e-6
        body += line(
          cls: isZero ? "axis baseline" : "gridline", x1: plotLeft, y1: y(tick), x2: plotRight,
          y2: y(tick), stroke: isZero ? Style.ink : Style.grid)
        body += text(label, x: plotLeft - 6, y: y(tick) + 4, anchor: "end", cls: "tick-label")
      }
      body += "</g>\n<g class=\"category-axis\">\n"
      for index in 0..<count where index % every == 0 {
        if rotate {
          let lx = x(index) + 4
          let ly = plotBottom + 14
          body += text(
            shown[index].first ?? "", x: lx, y: ly, anchor: "end", cls: "category-label",
            extra: " transform=\"rotate(-45 \(c(lx)) \(c(ly)))\"")
        } else {
          for (lineIndex, line) in shown[index].enumerated() {
            body += text(
              line, x: x(index), y: plotBottom + 18 + 15 * Double(lineIndex), anchor: "middle",
              cls: "category-label")
          }
        }
      }
      body += "</g>\n"
      if !chart.xAxisTitle.isEmpty {
        body += text(
          chart.xAxisTitle, x: (plotLeft + plotRight) / 2, y: height - 10, anchor: "middle",
          cls: "axis-title x-axis-title")
      }
      if !chart.yAxisTitle.isEmpty {
        let middle = (plotTop + plotBottom) / 2
        body += text(
          chart.yAxisTitle, x: 20, y: middle, anchor: "middle", cls: "axis-title y-axis-title",
          extra: " transform=\"rotate(-90 20 \(c(middle)))\"")
      }

      switch chart.kind {
      case .column:
        body += columnBars(x: x, y: y, slot: slot)
      case .line:
        body += lineSeries(x: x, y: y)
      case .xmr:
        body += xmrSeries(x: x, y: y, slot: slot)
      case .bar:
        break
      }
      return (body, height)
    }

    func columnBars(x: (Int) -> Double, y: (Double) -> Double, slot: Double) -> String {
      let seriesCount = Double(max(data.series.count, 1))
      let barWidth = min(slot * 0.8 / seriesCount, 64)
      let inset = barWidth > 6 ? 0.5 : 0
      var body = "<g class=\"bars\">\n"
      for (seriesIndex, series) in data.series.enumerated() {
        body += "<g class=\"series\" data-series=\"\(Format.escape(series.name))\">\n"
        for (index, value) in series.values.enumerated() {
          let left = x(index) - seriesCount * barWidth / 2 + Double(seriesIndex) * barWidth
          let centre = left + barWidth / 2
          if let value {
            let top = min(y(0), y(value))
            let height = abs(y(0) - y(value))
            let label = Format.value(value, kind: series.kind)
            body +=
              "<rect class=\"bar\" x=\"\(c(left + inset))\" y=\"\(c(top))\" "
              + "width=\"\(c(barWidth - 2 * inset))\" height=\"\(c(height))\" "
              + "fill=\"\(paint(seriesIndex))\" stroke=\"\(Style.ink)\" stroke-width=\"0.75\">"
              + "<title>\(Format.escape(tooltip(index, series, label)))</title></rect>\n"
            if Format.width(label) <= barWidth + 2 {
              body += text(
                label, x: centre, y: value >= 0 ? top - 4 : top + height + 14, anchor: "middle",
                cls: "value-label")
            }
          } else if let shorthand = shorthand(series.cells[index]),
            Format.width(shorthand) <= barWidth + 2
          {
            body += text(shorthand, x: centre, y: y(0) - 4, anchor: "middle", cls: "gap-label")
          }
        }
        body += "</g>\n"
      }
      return body + "</g>\n"
    }

    func lineSeries(x: (Int) -> Double, y: (Double) -> Double) -> String {
      var body = "<g class=\"lines\">\n"
      for (seriesIndex, series) in data.series.enumerated() {
        let colour = Style.colour(seriesIndex)
        body += "<g class=\"series\" data-series=\"\(Format.escape(series.name))\">\n"
        for run in runs(series.values) where run.count > 1 {
          body += linePath(
            pathData(run.map { (x($0), y(series.values[$0] ?? 0)) }), cls: "series-line",
            stroke: colour, strokeWidth: 2, dash: Style.dash(seriesIndex))
        }
        for (index, value) in series.values.enumerated() {
          guard let value else { continue }
          body += marker(
            Style.marker(seriesIndex), x: x(index), y: y(value), size: 4, fill: colour,
            cls: "marker",
            title: tooltip(index, series, Format.value(value, kind: series.kind)))
        }
        body += "</g>\n"
      }
      return body + "</g>\n"
    }

    func xmrSeries(x: (Int) -> Double, y: (Double) -> Double, slot: Double) -> String {
      var body = "<g class=\"limits\">\n"
      for (seriesIndex, series) in data.series.enumerated().dropFirst() {
        let isCentre = seriesIndex == 1
        body += "<g class=\"series\" data-series=\"\(Format.escape(series.name))\">\n"
        for run in runs(series.values) {
          // A step line: each row's level spans its whole slot, so limits that change between
          // phases step rather than slope.
          guard let first = run.first else { continue }
          var d = "M\(c(x(first) - slot / 2)) \(c(y(series.values[first] ?? 0)))"
          for index in run {
            if index != first { d += "V\(c(y(series.values[index] ?? 0)))" }
            d += "H\(c(x(index) + slot / 2))"
          }
          body += linePath(
            d, cls: isCentre ? "centre-line" : "limit-line",
            stroke: isCentre ? Style.colour(4) : Style.colour(2), strokeWidth: 1.5,
            dash: isCentre ? "" : "6 4")
        }
        body += "</g>\n"
      }
      body += "</g>\n"
      guard let values = data.series.first else { return body }
      let special = Set(specialCauseRows())
      body += "<g class=\"values\">\n"
      body += "<g class=\"series\" data-series=\"\(Format.escape(values.name))\">\n"
      for run in runs(values.values) where run.count > 1 {
        body += linePath(
          pathData(run.map { (x($0), y(values.values[$0] ?? 0)) }), cls: "series-line",
          stroke: Style.colour(0), strokeWidth: 2, dash: "")
      }
      for (index, value) in values.values.enumerated() {
        guard let value else { continue }
        let label = Format.value(value, kind: values.kind)
        if special.contains(index) {
          body += marker(
            .diamond, x: x(index), y: y(value), size: 6.5, fill: Style.colour(3),
            cls: "special-cause", title: tooltip(index, values, label) + " (special cause)",
            strokeWidth: 1.5)
          body += text(
            label, x: x(index), y: y(value) - 14, anchor: "middle", cls: "special-cause-label",
            extra: " font-weight=\"bold\"")
        } else {
          body += marker(
            .circle, x: x(index), y: y(value), size: 3.5, fill: Style.colour(0), cls: "marker",
            title: tooltip(index, values, label))
        }
      }
      body += "</g>\n</g>\n"
      return body
    }

    // MARK: Horizontal bar chart

    func horizontalBody(top: Double) -> (String, Double) {
      let scale = valueScale()
      let ticks = scale.ticks
      let tickLabels = ticks.map { tickLabel($0, scale) }
      let labelLines = data.categories.map { Format.wrap($0, maxCharacters: 30, maxLines: 3) }
      let labelWidth = labelLines.flatMap { $0 }.map { Format.width($0) }.max() ?? 0
      let plotLeft = max(60, 16 + labelWidth + 10)
      let plotRight = width - 56
      let plotTop = top + (chart.xAxisTitle.isEmpty ? 16 : 34)
      let bottomSpace = 26 + (chart.yAxisTitle.isEmpty ? 8.0 : 28)
      let seriesCount = Double(max(data.series.count, 1))
      let count = max(data.categories.count, 1)
      let mostLines = Double(max(1, labelLines.map(\.count).max() ?? 1))
      var cluster = max(seriesCount * 16 + 10, mostLines * 15 + 8)
      var plotHeight = Double(count) * cluster
      if plotHeight < minimumHeight - plotTop - bottomSpace {
        plotHeight = minimumHeight - plotTop - bottomSpace
        cluster = plotHeight / Double(count)
      }
      let thickness = min((cluster - 10) / seriesCount, 32)
      let plotBottom = plotTop + plotHeight
      let height = plotBottom + bottomSpace
      let x = { (value: Double) in scale.position(value, start: plotLeft, end: plotRight) }

      var body = "<g class=\"value-axis\">\n"
      for (tick, label) in zip(ticks, tickLabels) {
        let isZero = abs(tick) < scale.step * 1e-6
        body += line(
          cls: isZero ? "axis baseline" : "gridline", x1: x(tick), y1: plotTop, x2: x(tick),
          y2: plotBottom, stroke: isZero ? Style.ink : Style.grid)
        body += text(label, x: x(tick), y: plotBottom + 18, anchor: "middle", cls: "tick-label")
      }
      body += "</g>\n<g class=\"category-axis\">\n"
      for (index, lines) in labelLines.enumerated() {
        let middle = plotTop + (Double(index) + 0.5) * cluster
        for (lineIndex, line) in lines.enumerated() {
          let baseline = middle - Double(lines.count - 1) * 7.5 + 4 + Double(lineIndex) * 15
          body += text(line, x: plotLeft - 8, y: baseline, anchor: "end", cls: "category-label")
        }
      }
      body += "</g>\n"
      if !chart.xAxisTitle.isEmpty {
        body += text(chart.xAxisTitle, x: 16, y: plotTop - 12, cls: "axis-title x-axis-title")
      }
      if !chart.yAxisTitle.isEmpty {
        body += text(
          chart.yAxisTitle, x: (plotLeft + plotRight) / 2, y: height - 10, anchor: "middle",
          cls: "axis-title y-axis-title")
      }

      body += "<g class=\"bars\">\n"
      for (seriesIndex, series) in data.series.enumerated() {
        body += "<g class=\"series\" data-series=\"\(Format.escape(series.name))\">\n"
        for (index, value) in series.values.enumerated() {
          let clusterTop =
            plotTop + Double(index) * cluster + (cluster - seriesCount * thickness) / 2
          let barTop = clusterTop + Double(seriesIndex) * thickness
          let middle = barTop + thickness / 2
          if let value {
            let left = min(x(0), x(value))
            let length = abs(x(value) - x(0))
            let label = Format.value(value, kind: series.kind)
            body +=
              "<rect class=\"bar\" x=\"\(c(left))\" y=\"\(c(barTop + 0.5))\" "
              + "width=\"\(c(length))\" height=\"\(c(thickness - 1))\" "
              + "fill=\"\(paint(seriesIndex))\" stroke=\"\(Style.ink)\" stroke-width=\"0.75\">"
              + "<title>\(Format.escape(tooltip(index, series, label)))</title></rect>\n"
            if thickness >= 12 {
              body += text(
                label, x: value >= 0 ? left + length + 4 : left - 4, y: middle + 4,
                anchor: value >= 0 ? "start" : "end", cls: "value-label")
            }
          } else if let shorthand = shorthand(series.cells[index]), thickness >= 12 {
            body += text(shorthand, x: x(0) + 4, y: middle + 4, cls: "gap-label")
          }
        }
        body += "</g>\n"
      }
      body += "</g>\n"
      return (body, height)
    }

    // MARK: Pieces

    /// The shorthand ("[c]") of a gap cell, if it has one.
    func shorthand(_ cell: Cell?) -> String? {
      if case .shorthand(let shorthand)? = cell { return shorthand.rawValue }
      return nil
    }

    /// The tooltip of a plotted value: "2021, Charged: 12".
    func tooltip(_ index: Int, _ series: Series, _ label: String) -> String {
      let category = data.categories.indices.contains(index) ? data.categories[index] : ""
      return "\(category), \(series.name): \(label)"
    }

    /// The runs of consecutive rows that have values: a line breaks at every gap.
    func runs(_ values: [Double?]) -> [[Int]] {
      var runs: [[Int]] = []
      var current: [Int] = []
      for (index, value) in values.enumerated() {
        if value == nil {
          if !current.isEmpty { runs.append(current) }
          current = []
        } else {
          current.append(index)
        }
      }
      if !current.isEmpty { runs.append(current) }
      return runs
    }

    func pathData(_ points: [(Double, Double)]) -> String {
      points.enumerated().map { index, point in
        "\(index == 0 ? "M" : "L")\(c(point.0)) \(c(point.1))"
      }.joined()
    }

    func linePath(_ d: String, cls: String, stroke: String, strokeWidth: Double, dash: String)
      -> String
    {
      let dashAttribute = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
      return
        "<path class=\"\(cls)\" d=\"\(d)\" fill=\"none\" stroke=\"\(stroke)\" "
        + "stroke-width=\"\(c(strokeWidth))\"\(dashAttribute) stroke-linejoin=\"round\"/>\n"
    }

    func line(cls: String, x1: Double, y1: Double, x2: Double, y2: Double, stroke: String)
      -> String
    {
      "<line class=\"\(cls)\" x1=\"\(c(x1))\" y1=\"\(c(y1))\" x2=\"\(c(x2))\" y2=\"\(c(y2))\" "
        + "stroke=\"\(stroke)\" stroke-width=\"1\"/>\n"
    }

    func marker(
      _ shape: Style.Marker, x: Double, y: Double, size r: Double, fill: String, cls: String,
      title: String? = nil, strokeWidth: Double = 0.75
    ) -> String {
      let paint = "fill=\"\(fill)\" stroke=\"\(Style.ink)\" stroke-width=\"\(c(strokeWidth))\""
      let element: String
      let open: String
      switch shape {
      case .circle:
        element = "circle"
        open = "<circle class=\"\(cls)\" cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(r))\" \(paint)"
      case .square:
        element = "rect"
        open =
          "<rect class=\"\(cls)\" x=\"\(c(x - r))\" y=\"\(c(y - r))\" width=\"\(c(2 * r))\" "
          + "height=\"\(c(2 * r))\" \(paint)"
      case .triangle, .triangleDown, .diamond:
        let d: String
        switch shape {
        case .triangle:
          d =
            "M\(c(x)) \(c(y - 1.3 * r))L\(c(x + 1.2 * r)) \(c(y + 0.8 * r))"
            + "L\(c(x - 1.2 * r)) \(c(y + 0.8 * r))Z"
        case .triangleDown:
          d =
            "M\(c(x)) \(c(y + 1.3 * r))L\(c(x + 1.2 * r)) \(c(y - 0.8 * r))"
            + "L\(c(x - 1.2 * r)) \(c(y - 0.8 * r))Z"
        default:
          d =
            "M\(c(x)) \(c(y - 1.4 * r))L\(c(x + 1.4 * r)) \(c(y))"
            + "L\(c(x)) \(c(y + 1.4 * r))L\(c(x - 1.4 * r)) \(c(y))Z"
        }
        element = "path"
        open = "<path class=\"\(cls)\" d=\"\(d)\" \(paint)"
      case .cross:
        element = "path"
        open =
          "<path class=\"\(cls)\" d=\"M\(c(x - r)) \(c(y))H\(c(x + r))M\(c(x)) \(c(y - r))"
          + "V\(c(y + r))\" fill=\"none\" stroke=\"\(fill)\" stroke-width=\"2.5\""
      }
      guard let title else { return open + "/>\n" }
      return open + "><title>\(Format.escape(title))</title></\(element)>\n"
    }

    func text(
      _ content: String, x: Double, y: Double, anchor: String = "start", cls: String,
      extra: String = ""
    ) -> String {
      let anchorAttribute = anchor == "start" ? "" : " text-anchor=\"\(anchor)\""
      return
        "<text class=\"\(cls)\" x=\"\(c(x))\" y=\"\(c(y))\"\(anchorAttribute)\(extra)>"
        + "\(Format.escape(content))</text>\n"
    }

    /// A coordinate as written in the document.
    func c(_ value: Double) -> String { Format.coordinate(value) }
  }
}
