import Foundation

extension BriefingBuilder {
  func activityPart(notes: inout Notes) -> Part {
    var part = Part()
    let months = data.activityMonths
    let labels = data.measureLabels
    guard let first = months.first, let last = months.last else { return part }
    let note = notes.add(
      "Activity is counted from the team's own records by the month it took place. NRM (National Referral Mechanism) figures are provisional."
    )
    let spcNote = notes.add(
      "Statistical process control (XmR chart, NHS 'Making Data Count'): centre line = mean; process limits = mean ± 2.66 × the mean moving range. A special cause is a point outside the limits, two of three points beyond two thirds of the way to a limit on one side, a run of \(config.spcRunLength) points on one side of the mean, or \(config.spcRunLength) points each rising or each falling. Anything else is common-cause variation: a month should not be compared with another single month. A negative lower limit is shown as 0. Limits from fewer than 12 months are provisional."
    )
    let t = config.suppressionThreshold
    // In a public paper a count from 1 to threshold-1 is [c]; no totals are published, so no
    // secondary suppression is needed; a series with any [c] gets no SPC table, whose mean
    // would publish its total.
    func shown(_ n: Int) -> Cell {
      isPublic && n > 0 && n < t ? .shorthand(.confidential) : .integer(n)
    }
    let series = labels.indices.map { l in months.map { data.activity[l][$0] ?? 0 } }
    let table = StatTable(
      id: "Activity_monthly",
      title: "Modern Slavery Team activity by month, \(first.label) to \(last.label)",
      subtitle: "Number of events recorded in each month, by measure",
      noteNumbers: [note],
      source: "\(config.organisation), team activity records extracted \(extraction)",
      columns: [.init("Month", .label)] + labels.map { .init($0.label, .count) },
      rows: months.indices.map { m in
        [.text(months[m].label)] + labels.indices.map { shown(series[$0][m]) }
      })
    part.tables.append(table)

    var paragraphs = [
      "Monthly counts are small and vary from month to month by chance. Each measure is shown on an XmR chart: a month is only remarkable if it is a special cause; otherwise differences between months are common-cause variation and should not be read as change."
    ]
    var tableIDs = [table.id]
    for (l, label) in labels.enumerated() {
      let values = series[l]
      if isPublic && values.contains(where: { $0 > 0 && $0 < t }) {
        paragraphs.append(
          "\(label.label): some months hold fewer than \(t) events, so the series is not charted in this public paper."
        )
        continue
      }
      guard
        let chart = try? XmRChart(
          values: values.map(Double.init), labels: months.map(\.label),
          options: .init(runLength: config.spcRunLength))
      else { continue }
      let id = "SPC_\(l + 1)"
      let lower = chart.lowerLimitForCounts
      let rows: [[Cell]] = chart.points.map { p in
        [
          .text(months[p.index].label), .integer(values[p.index]), .number(chart.mean),
          .number(lower), .number(chart.upperLimit),
          .text(
            p.specialCauses.isEmpty
              ? "No" : p.specialCauses.map(Self.ruleName).joined(separator: "; ")),
        ]
      }
      part.tables.append(
        StatTable(
          id: id,
          title: "\(label.label): statistical process control, \(first.label) to \(last.label)",
          subtitle:
            "Monthly count, mean and process limits (XmR chart)\(chart.isProvisional ? "; limits provisional (fewer than 12 months)" : "")",
          noteNumbers: [note, spcNote],
          source: "\(config.organisation), team activity records extracted \(extraction)",
          columns: [
            .init("Month", .label), .init(label.label, .count), .init("Mean", .decimal),
            .init("Lower process limit", .decimal), .init("Upper process limit", .decimal),
            .init("Special cause", .text),
          ],
          rows: rows))
      tableIDs.append(id)
      let special = chart.points.filter(\.isSpecialCause)
      let description: String
      if special.isEmpty {
        description =
          "XmR chart of \(label.label) by month: mean \(String(format: "%.1f", chart.mean)), process limits \(String(format: "%.1f", lower)) to \(String(format: "%.1f", chart.upperLimit)). Every month is common-cause variation."
      } else {
        description =
          "XmR chart of \(label.label) by month: mean \(String(format: "%.1f", chart.mean)), process limits \(String(format: "%.1f", lower)) to \(String(format: "%.1f", chart.upperLimit)). Special causes: "
          + Wording.list(special.map { "\(months[$0.index].label) (\(values[$0.index]))" }) + "."
      }
      part.charts.append(
        ChartSpec(
          id: "spc_\(l + 1)", title: "\(label.label) by month, with mean and process limits",
          kind: .xmr, tableID: id, categoryColumn: 0, seriesColumns: [1, 2, 3, 4],
          xAxisTitle: "Month", yAxisTitle: "Count", description: description,
          highlightedRows: special.map(\.index)))
      paragraphs.append(spcSentence(label.label, chart: chart, values: values, months: months))
      let outside = special.filter { $0.specialCauses.contains(.outsideLimits) }
      if !outside.isEmpty {
        let p = outside[0]
        part.keyPoints.append(
          (
            3,
            KeyPoint(
              text:
                "\(label.label) in \(months[p.index].longLabel) (\(values[p.index])) was above the upper process limit (\(String(format: "%.1f", chart.upperLimit))): a special cause worth explaining. "
                + (special.count == 1
                  ? "Every other month is common-cause variation."
                  : "Other special causes: "
                    + Wording.list(
                      XmRChart.SpecialCause.allCases.filter { c in
                        c != .outsideLimits && special.contains { $0.specialCauses.contains(c) }
                      }
                      .map { Self.ruleName($0).lowercased() }) + " (see the chart)."),
              figure: String(values[p.index]))
          ))
      }
    }
    part.sections.append(
      Section(
        id: "activity", heading: "The team's activity", paragraphs: paragraphs, tableIDs: tableIDs,
        chartIDs: part.charts.map(\.id)))
    return part
  }

  static func ruleName(_ cause: XmRChart.SpecialCause) -> String {
    switch cause {
    case .outsideLimits: "Outside the process limits"
    case .twoOfThreeNearLimit: "Two of three near a limit"
    case .shift: "Run on one side of the mean"
    case .trend: "Trend"
    }
  }

  func spcSentence(_ name: String, chart: XmRChart, values: [Int], months: [YearMonth]) -> String {
    let special = chart.points.filter(\.isSpecialCause)
    var s =
      "\(name): mean \(String(format: "%.1f", chart.mean)) a month, process limits \(String(format: "%.1f", chart.lowerLimitForCounts)) to \(String(format: "%.1f", chart.upperLimit))\(chart.isProvisional ? " (provisional)" : ""). "
    if special.isEmpty {
      s += "Every month is within the limits with no run or trend: common-cause variation only."
    } else {
      let byRule = Dictionary(
        grouping: special.flatMap { p in p.specialCauses.map { ($0, p.index) } }, by: \.0)
      var parts: [String] = []
      for cause in XmRChart.SpecialCause.allCases {
        guard let hits = byRule[cause] else { continue }
        let which = Wording.list(hits.map { "\(months[$0.1].label) (\(values[$0.1]))" })
        parts.append("\(Self.ruleName(cause).lowercased()): \(which)")
      }
      s +=
        "Special causes: " + parts.joined(separator: "; ")
        + ". The other months are common-cause variation."
    }
    return s
  }
}
