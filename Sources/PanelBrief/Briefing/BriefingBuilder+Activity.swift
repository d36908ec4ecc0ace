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
      title: "\(config.team) activity by month, \(first.label) to \(last.label)",
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
      guard let series = spcChart(values: values, months: months) else { continue }
      let chart = series.last
      let id = "SPC_\(l + 1)"
      let lower = chart.lowerLimitForCounts
      let rows: [[Cell]] = series.points.map { index, phase, p in
        [
          .text(months[index].label), .integer(values[index]), .number(phase.mean),
          .number(phase.lowerLimitForCounts), .number(phase.upperLimit),
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
            "Monthly count, mean and process limits (XmR chart)\(series.phases.count > 1 ? "; limits rebased from " + Wording.list(series.offsets.dropFirst().map { months[$0].label }) : "")\(series.isProvisional ? "; limits provisional (fewer than 12 months)" : "")",
          noteNumbers: [note, spcNote],
          source: "\(config.organisation), team activity records extracted \(extraction)",
          columns: [
            .init("Month", .label), .init(label.label, .count), .init("Mean", .decimal),
            .init("Lower process limit", .decimal), .init("Upper process limit", .decimal),
            .init("Special cause", .text),
          ],
          rows: rows))
      tableIDs.append(id)
      let special = series.points.filter { $0.point.isSpecialCause }.map {
        (index: $0.index, specialCauses: $0.point.specialCauses, limit: $0.phase.upperLimit)
      }
      let description: String
      if special.isEmpty {
        description =
          "XmR chart of \(label.label) by month: mean \(Wording.fixed(chart.mean, places: 1)), process limits \(Wording.fixed(lower, places: 1)) to \(Wording.fixed(chart.upperLimit, places: 1)). Every month is common-cause variation."
      } else {
        description =
          "XmR chart of \(label.label) by month: mean \(Wording.fixed(chart.mean, places: 1)), process limits \(Wording.fixed(lower, places: 1)) to \(Wording.fixed(chart.upperLimit, places: 1)). Special causes: "
          + Wording.list(special.map { "\(months[$0.index].label) (\(values[$0.index]))" }) + "."
      }
      part.charts.append(
        ChartSpec(
          id: "spc_\(l + 1)", title: "\(label.label) by month, with mean and process limits",
          kind: .xmr, tableID: id, categoryColumn: 0, seriesColumns: [1, 2, 3, 4],
          xAxisTitle: "Month", yAxisTitle: "Count", description: description,
          highlightedRows: special.map(\.index)))
      paragraphs.append(spcSentence(label.label, series: series, values: values, months: months))
      let outside = special.filter { $0.specialCauses.contains(.outsideLimits) }
      if !outside.isEmpty {
        let p = outside[0]
        part.keyPoints.append(
          (
            3,
            KeyPoint(
              text:
                "\(label.label) in \(months[p.index].longLabel) (\(values[p.index])) was above the upper process limit (\(Wording.fixed(p.limit, places: 1))): a special cause worth explaining. "
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
    part.covers.append("the team's safeguarding and enforcement activity")
    let flagged = part.keyPoints.map(\.point.text)
    if !flagged.isEmpty {
      part.asks.append(
        "Ask for an explanation of the months the process charts flag as special causes, and judge the other months by their process limits, not by comparing one month with another."
      )
    } else if !part.charts.isEmpty {
      part.asks.append(
        "Judge monthly activity by its process limits, not by comparing one month with another.")
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

  func spcSentence(_ name: String, series: SPCSeries, values: [Int], months: [YearMonth]) -> String
  {
    let chart = series.last
    var s =
      "\(name): mean \(Wording.fixed(chart.mean, places: 1)) a month, process limits \(Wording.fixed(chart.lowerLimitForCounts, places: 1)) to \(Wording.fixed(chart.upperLimit, places: 1))\(series.isProvisional ? " (provisional)" : "")"
    if series.phases.count > 1 {
      s += " since \(months[series.offsets.last!].label), when the limits were rebased"
    }
    s += ". "
    let special = series.points.filter { $0.point.isSpecialCause }
    if special.isEmpty {
      s += "Every month is within the limits with no run or trend: common-cause variation only."
    } else {
      var parts: [String] = []
      for cause in XmRChart.SpecialCause.allCases {
        let hits = special.filter { $0.point.specialCauses.contains(cause) }
        guard !hits.isEmpty else { continue }
        let which = Wording.list(hits.map { "\(months[$0.index].label) (\(values[$0.index]))" })
        parts.append("\(Self.ruleName(cause).lowercased()): \(which)")
      }
      s +=
        "Special causes: " + parts.joined(separator: "; ")
        + ". The other months are common-cause variation."
    }
    return s
  }

}

extension BriefingBuilder {
  /// The XmR chart of a monthly series, honouring the configured baseline and rebase months:
  /// each phase (split at a rebase month) gets its own mean and limits, computed from the
  /// baseline months that fall in it (or from all its months).
  func spcChart(values: [Int], months: [YearMonth]) -> SPCSeries? {
    var starts = [0]
    for m in config.spcRebase {
      if let i = months.firstIndex(of: m), i > 0, !starts.contains(i) { starts.append(i) }
    }
    starts.sort()
    var phases: [XmRChart] = []
    for (k, start) in starts.enumerated() {
      let end = k + 1 < starts.count ? starts[k + 1] : months.count
      let phaseMonths = Array(months[start..<end])
      var baseline: Range<Int>? = nil
      if let b = config.spcBaseline {
        let inside = phaseMonths.indices.filter { b.contains(phaseMonths[$0]) }
        if let lo = inside.first, let hi = inside.last, hi > lo { baseline = lo..<(hi + 1) }
      }
      guard
        let chart = try? XmRChart(
          values: values[start..<end].map(Double.init), labels: phaseMonths.map(\.label),
          options: .init(runLength: config.spcRunLength, baseline: baseline))
      else { return nil }
      phases.append(chart)
    }
    return SPCSeries(phases: phases, offsets: starts)
  }
}

/// An XmR chart in one or more phases (limits rebased at a process change).
struct SPCSeries {
  var phases: [XmRChart]
  /// The index of each phase's first month in the whole series.
  var offsets: [Int]

  /// Every point, with its index in the whole series and the phase it belongs to.
  var points: [(index: Int, phase: XmRChart, point: XmRChart.Point)] {
    zip(phases, offsets).flatMap { phase, offset in
      phase.points.map { (index: offset + $0.index, phase: phase, point: $0) }
    }
  }
  var last: XmRChart { phases[phases.count - 1] }
  var isProvisional: Bool { phases.contains(where: \.isProvisional) }
}
