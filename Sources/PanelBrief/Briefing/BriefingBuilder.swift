import Foundation

/// The one place that decides what the paper says: tables, charts, notes and the sentences that
/// follow the numbers. Renderers only decide how it looks.
public struct BriefingBuilder {
  public let config: BriefingConfig
  public let data: IngestedData
  /// The PanelBrief version written into the provenance.
  public let version: String

  public init(config: BriefingConfig, data: IngestedData, version: String) {
    self.config = config
    self.data = data
    self.version = version
  }

  /// The years as the paper writes them ("2023" or "2023/24").
  var yearLabels: [String] { config.years.map(config.periodBasis.label) }
  var firstYear: String { yearLabels.first ?? "" }
  var lastYear: String { yearLabels.last ?? "" }
  var extraction: String { Wording.longDate(config.extractionDate) }

  /// Numbered notes, cited by tables as [note N].
  struct Notes {
    var list: [Note] = []
    mutating func add(_ text: String) -> Int {
      if let existing = list.first(where: { $0.text == text }) { return existing.number }
      list.append(Note(number: list.count + 1, text: text))
      return list.count
    }
  }

  public func build() -> Briefing {
    var notes = Notes()
    var tables: [StatTable] = []
    var charts: [ChartSpec] = []
    var sections: [Section] = []
    var keyPoints: [KeyPoint] = []
    let crimeSource = config.sources.first { $0.kind == .crimes }
    let reportSource = config.sources.first { $0.kind == .reports }
    let activitySource = config.sources.first { $0.kind == .activity }

    if crimeSource != nil {
      let part = outcomeSections(notes: &notes)
      tables += part.tables
      charts += part.charts
      sections += part.sections
      keyPoints += part.keyPoints
    }
    if reportSource != nil {
      let part = channelSection(notes: &notes)
      tables += part.tables
      charts += part.charts
      sections += part.sections
      keyPoints += part.keyPoints
    }
    if activitySource != nil {
      let part = activitySection(notes: &notes)
      tables += part.tables
      charts += part.charts
      sections += part.sections
      keyPoints += part.keyPoints
    }
    let quality = dataQualitySection(notes: &notes)
    tables += quality.tables
    sections += quality.sections
    keyPoints += quality.keyPoints

    return Briefing(
      title: config.title, subtitle: config.subtitle, organisation: config.organisation,
      marking: config.marking, isPublic: config.audience == .public, contact: config.contact,
      periodDescription: config.periodDescription, extractionDate: config.extractionDate.iso,
      keyPoints: orderKeyPoints(keyPoints), sections: sections, tables: tables, charts: charts,
      notes: notes.list, method: methodParagraphs(), reconciliation: data.reconciliation,
      generator: "PanelBrief \(version)")
  }

  /// A part of the paper: its sections and what they show.
  struct Part {
    var sections: [Section] = []
    var tables: [StatTable] = []
    var charts: [ChartSpec] = []
    var keyPoints: [KeyPoint] = []
  }

  func orderKeyPoints(_ points: [KeyPoint]) -> [KeyPoint] { Array(points.prefix(7)) }

  // MARK: - Outcomes and the charge rate

  func outcomeSections(notes: inout Notes) -> Part {
    var part = Part()
    let tally = outcomeTally(data, config: config)
    let labels = data.outcomeLabels
    let cohortNote = notes.add(
      "Crimes are counted in the year they were recorded, with the outcome each had on \(extraction), the date of extraction (the cohort basis). Crimes recorded recently may not have an outcome yet, so recent years look worse until investigations close.")
    let labelNote = notes.add(
      "Outcome labels are the force's own. The number before the colon is the Home Office outcome type; 'Cancelled / Transferred', 'Unknown' and unresolved statuses are not Home Office outcome types.")
    let cancelNote = notes.add(
      "Cancelled or transferred crimes are no longer crimes of this force: they are shown but left out of every rate's denominator.")

    // Outcomes by force label.
    var rows: [[Cell]] = []
    for (l, label) in labels.enumerated() {
      let type: Cell =
        switch label.meaning {
        case .outcome(let t)?: .text(t.code)
        case nil: .shorthand(.notAvailable)
        default: .shorthand(.notApplicable)
        }
      rows.append([.text(label.label), type] + tally.counts[l].map { .integer($0) })
    }
    let totals = tally.yearTotals
    rows.append([.text("Grand Total"), .shorthand(.notApplicable)] + totals.map { .integer($0) })
    let outcomesTable = StatTable(
      id: "Outcomes_by_label",
      title: "Modern slavery crimes by outcome, \(firstYear) to \(lastYear)",
      subtitle: "Number of crimes recorded in each year, by the force's outcome label at \(extraction)",
      noteNumbers: [cohortNote, labelNote, cancelNote],
      source: "\(config.organisation), crime records extracted \(extraction)",
      columns: [.init("Outcome", .label), .init("Home Office outcome type", .text)]
        + yearLabels.map { .init($0, .count) },
      rows: rows)
    part.tables.append(outcomesTable)
    part.charts.append(
      ChartSpec(
        id: "outcomes_by_year", title: "Modern slavery crimes by outcome and year recorded",
        kind: .bar, tableID: outcomesTable.id, categoryColumn: 0,
        seriesColumns: Array(2..<(2 + yearLabels.count)), rowRange: 0..<labels.count,
        xAxisTitle: "Outcome", yAxisTitle: "Crimes",
        description:
          "Horizontal bar chart of crimes by outcome label, one bar per year from \(firstYear) to \(lastYear). "
          + outcomeChartSummary(tally, labels: labels)))

    // Outcomes by Home Office group.
    var groupRows: [(String, [Int])] = []
    func addToGroup(_ name: String, _ counts: [Int]) {
      if let i = groupRows.firstIndex(where: { $0.0 == name }) {
        for y in counts.indices { groupRows[i].1[y] += counts[y] }
      } else {
        groupRows.append((name, counts))
      }
    }
    for group in OutcomeGroup.allCases {
      let members = labels.indices.filter {
        if case .outcome(let t)? = labels[$0].meaning { return t.group == group }
        return false
      }
      if members.isEmpty { continue }
      addToGroup(group.rawValue, config.years.indices.map { y in members.reduce(0) { $0 + tally.counts[$1][y] } })
    }
    for (l, label) in labels.enumerated() {
      switch label.meaning {
      case .outcome?: continue
      case nil: addToGroup("Unmapped labels", tally.counts[l])
      case let status?: addToGroup(status.groupLabel, tally.counts[l])
      }
    }
    let groupTable = StatTable(
      id: "Outcomes_by_group",
      title: "Modern slavery crimes by Home Office outcome group, \(firstYear) to \(lastYear)",
      subtitle: "Number of crimes recorded in each year, by outcome group at \(extraction)",
      noteNumbers: [cohortNote, cancelNote],
      source: "\(config.organisation), crime records extracted \(extraction); groups as the Home Office outcomes framework",
      columns: [.init("Outcome group", .label)] + yearLabels.map { .init($0, .count) },
      rows: groupRows.map { [.text($0.0)] + $0.1.map { .integer($0) } }
        + [[.text("Grand Total")] + totals.map { .integer($0) }])
    part.tables.append(groupTable)

    // Charge/summons rate.
    let rates = cohortChargeRates(tally, labels: labels, config: config)
    let rateNote = notes.add(
      "Charge/summons rate (cohort basis): crimes with Home Office outcome type 1 (charged or summonsed, including 1A) divided by the crimes recorded in the year that are still crimes of this force (all recorded crimes less cancelled or transferred ones, including those not yet assigned an outcome), with outcomes as at \(extraction).")
    let rateTable = StatTable(
      id: "Charge_rate",
      title: "Charge/summons rate for modern slavery crimes, \(firstYear) to \(lastYear)",
      subtitle: "Cohort basis: crimes recorded in each year, outcome at \(extraction)",
      noteNumbers: [rateNote, cohortNote, cancelNote],
      source: "\(config.organisation), crime records extracted \(extraction)",
      columns: [
        .init("Year recorded", .label), .init("Charged or summonsed", .count),
        .init("Crimes recorded", .count), .init("Cancelled or transferred", .count),
        .init("Crimes of the force (denominator)", .count),
        .init("Charge/summons rate", .percent),
      ],
      rows: rates.map { r in
        [
          .text(r.period), .integer(r.charged), .integer(r.recorded),
          .integer(r.cancelledOrTransferred), .integer(r.denominator),
          r.rate.map { .number($0) } ?? .shorthand(.notApplicable),
        ]
      })
    part.tables.append(rateTable)
    part.charts.append(
      ChartSpec(
        id: "charge_rate", title: "Charge/summons rate by year recorded (cohort basis)",
        kind: .column, tableID: rateTable.id, categoryColumn: 0, seriesColumns: [5],
        xAxisTitle: "Year recorded", yAxisTitle: "Charge/summons rate",
        description:
          "Column chart of the charge/summons rate for each year: "
          + Wording.list(rates.map { "\($0.period) \(Wording.percent($0.rate))" }) + "."))

    // Words.
    var outcomeParagraphs: [String] = []
    if let first = rates.first, let last = rates.last {
      part.keyPoints.append(
        KeyPoint(
          text:
            "The charge/summons rate was \(Wording.percent(last.rate)) in \(last.period) (\(last.charged) of \(Wording.count(last.denominator)) crimes of the force), against \(Wording.percent(first.rate)) in \(first.period) (\(first.charged) of \(Wording.count(first.denominator))); cohort basis, outcomes as at \(extraction).",
          figure: Wording.percent(last.rate)))
      outcomeParagraphs.append(
        "Of the crimes recorded in \(first.period), \(Wording.ofTotal(first.charged, first.denominator)) had led to a charge or summons by \(extraction); of those recorded in \(last.period), \(Wording.ofTotal(last.charged, last.denominator)). The denominator is every crime recorded in the year less those cancelled or transferred (\(first.cancelledOrTransferred) in \(first.period), \(last.cancelledOrTransferred) in \(last.period)); with them left in, the rates would be \(Wording.ofTotal(first.charged, first.recorded)) and \(Wording.ofTotal(last.charged, last.recorded)).")
    }
    let unclassified = labels.indices.filter {
      labels[$0].meaning == .unknown || labels[$0].meaning == .unresolved || labels[$0].meaning == nil
    }
    if !unclassified.isEmpty, let y0 = config.years.indices.first, let y1 = config.years.indices.last {
      let n0 = unclassified.reduce(0) { $0 + tally.counts[$1][y0] }
      let n1 = unclassified.reduce(0) { $0 + tally.counts[$1][y1] }
      let names = Wording.list(unclassified.map { "'\(labels[$0].label)'" })
      part.keyPoints.append(
        KeyPoint(
          text:
            "Crimes whose outcome the records do not classify (\(names)) were \(Wording.ofTotal(n1, totals[y1])) in \(lastYear), against \(Wording.ofTotal(n0, totals[y0])) in \(firstYear): a data-quality finding in its own right.",
          figure: Wording.percent(totals[y1] > 0 ? Double(n1) / Double(totals[y1]) : nil)))
      outcomeParagraphs.append(
        "Outcomes the records do not classify (\(names)) account for \(Wording.ofTotal(n1, totals[y1])) of the crimes recorded in \(lastYear), against \(Wording.ofTotal(n0, totals[y0])) in \(firstYear). Until these are resolved, every outcome share and the charge rate understate what is known.")
    }
    part.sections.append(
      Section(
        id: "outcomes", heading: "Outcomes of modern slavery crimes",
        paragraphs: [
          "\(Wording.count(totals.reduce(0, +))) modern slavery crimes were recorded in \(config.periodDescription): "
            + Wording.list(zip(yearLabels, totals).map { "\(Wording.count($1)) in \($0)" }) + "."
        ] + outcomeParagraphs.suffix(1),
        tableIDs: [outcomesTable.id, groupTable.id], chartIDs: ["outcomes_by_year"]))
    part.sections.append(
      Section(
        id: "charge_rate", heading: "The charge/summons rate",
        paragraphs: Array(outcomeParagraphs.prefix(1)),
        tableIDs: [rateTable.id], chartIDs: ["charge_rate"]))
    return part
  }

  func outcomeChartSummary(_ tally: LabelYearTally, labels: [ResolvedLabel<OutcomeStatus>]) -> String {
    let totals = labels.indices.map { tally.counts[$0].reduce(0, +) }
    let top = labels.indices.sorted { totals[$0] > totals[$1] }.prefix(3)
    return "The most common over the period: "
      + Wording.list(top.map { "\(labels[$0].label) (\(Wording.count(totals[$0])))" }) + "."
  }

  // MARK: - Channels

  func channelSection(notes: inout Notes) -> Part {
    var part = Part()
    let tally = channelTally(data, config: config)
    let labels = data.channelLabels
    let note = notes.add(
      "Reports are counted by the date they were made and how they reached the force. Reports and crimes are different things: one report may lead to no crime or to several, so the totals of this table and the outcomes table differ.")
    let totals = tally.yearTotals
    let table = StatTable(
      id: "Channels_by_year",
      title: "Modern slavery reports by how they were received, \(firstYear) to \(lastYear)",
      subtitle: "Number of reports made in each year, by channel",
      noteNumbers: [note],
      source: "\(config.organisation), contact records extracted \(extraction)",
      columns: [.init("How received", .label)] + yearLabels.map { .init($0, .count) },
      rows: labels.indices.map { l in [.text(labels[l].label)] + tally.counts[l].map { .integer($0) } }
        + [[.text("Grand Total")] + totals.map { .integer($0) }])
    part.tables.append(table)
    let overall = labels.indices.map { tally.counts[$0].reduce(0, +) }
    let order = labels.indices.sorted { overall[$0] > overall[$1] }
    let all = overall.reduce(0, +)
    let topTwo = order.prefix(2)
    let topShare = topTwo.reduce(0) { $0 + overall[$1] }
    part.charts.append(
      ChartSpec(
        id: "channels_by_year", title: "Modern slavery reports by how received and year",
        kind: .bar, tableID: table.id, categoryColumn: 0,
        seriesColumns: Array(1...yearLabels.count), rowRange: 0..<labels.count,
        xAxisTitle: "How received", yAxisTitle: "Reports",
        description:
          "Horizontal bar chart of reports by channel, one bar per year. "
          + Wording.list(topTwo.map { "'\(labels[$0].label)'" })
          + " carry \(Wording.ofTotal(topShare, all)) of all reports."))
    var paragraphs = [
      "\(Wording.count(all)) reports were received in \(config.periodDescription). \(Wording.list(topTwo.map { "'\(labels[$0].label)'" })) carried \(Wording.ofTotal(topShare, all)) of them."
    ]
    if topTwo.count == 2 {
      part.keyPoints.append(
        KeyPoint(
          text:
            "Most reports arrive by \(Wording.list(topTwo.map { "'\(labels[$0].label)'" })): \(Wording.ofTotal(topShare, all)) of reports in \(config.periodDescription).",
          figure: Wording.percent(all > 0 ? Double(topShare) / Double(all) : nil)))
    }
    for l in order.prefix(5) {
      let c = tally.counts[l]
      guard let a = c.first, let b = c.last else { continue }
      paragraphs.append(
        "'\(labels[l].label)': " + Wording.list(zip(yearLabels, c).map { "\($1) in \($0)" })
          + (a == b ? "." : "."))
    }
    part.sections.append(
      Section(
        id: "channels", heading: "How crimes are reported", paragraphs: paragraphs,
        tableIDs: [table.id], chartIDs: ["channels_by_year"]))
    return part
  }

  // MARK: - Activity

  func activitySection(notes: inout Notes) -> Part {
    var part = Part()
    let months = data.activityMonths
    let labels = data.measureLabels
    let note = notes.add(
      "Activity is counted from the team's own records by the month it took place. NRM (National Referral Mechanism) figures are provisional.")
    guard let first = months.first, let last = months.last else { return part }
    let table = StatTable(
      id: "Activity_monthly",
      title: "Modern Slavery Team activity by month, \(first.label) to \(last.label)",
      subtitle: "Number of events recorded in each month, by measure",
      noteNumbers: [note],
      source: "\(config.organisation), team activity records extracted \(extraction)",
      columns: [.init("Month", .label)] + labels.map { .init($0.label, .count) },
      rows: months.map { m in [.text(m.label)] + labels.indices.map { .integer(data.activity[$0][m] ?? 0) } }
    )
    part.tables.append(table)
    for (i, label) in labels.enumerated() {
      part.charts.append(
        ChartSpec(
          id: "activity_\(i + 1)", title: "\(label.label) by month", kind: .line, tableID: table.id,
          categoryColumn: 0, seriesColumns: [i + 1], xAxisTitle: "Month", yAxisTitle: "Count",
          description: "Line chart of \(label.label) each month from \(first.label) to \(last.label)."))
    }
    part.sections.append(
      Section(
        id: "activity", heading: "The team's activity",
        paragraphs: [
          "Monthly counts are small and vary from month to month by chance. A single month should not be compared with another single month."
        ], tableIDs: [table.id], chartIDs: part.charts.map(\.id)))
    return part
  }

  // MARK: - Data quality and method

  func dataQualitySection(notes: inout Notes) -> Part {
    var part = Part()
    let t = data.totals
    let table = StatTable(
      id: "Reconciliation",
      title: "Rows read, accepted and rejected, by input file",
      subtitle: "Every data row read is accepted, superseded by a later copy of the same record, or rejected",
      source: "PanelBrief ingest of the files listed",
      columns: [
        .init("Source", .label), .init("File", .text), .init("Rows read", .count),
        .init("Accepted", .count), .init("Superseded", .count), .init("Rejected", .count),
        .init("Rejection reasons", .text), .init("SHA-256", .text),
      ],
      rows: data.reconciliation.map { r in
        [
          .text(r.source), .text(r.path), .integer(r.rowsRead), .integer(r.accepted),
          .integer(r.superseded), .integer(r.rejected),
          r.rejectedByReason.isEmpty
            ? .shorthand(.notApplicable)
            : .text(r.rejectedByReason.map { "\($0.reason): \($0.count)" }.joined(separator: "; ")),
          .text(r.sha256),
        ]
      })
    part.tables.append(table)
    var paragraphs = [
      "\(Wording.count(t.read)) data rows were read from \(data.reconciliation.count) files: \(Wording.count(t.accepted)) accepted, \(Wording.count(t.superseded)) superseded by a later copy of the same record, and \(Wording.count(t.rejected)) rejected."
    ]
    for finding in data.findings {
      paragraphs.append("\(finding.source): \(finding.text) (\(finding.count) rows).")
    }
    part.sections.append(
      Section(
        id: "data_quality", heading: "Data quality", paragraphs: paragraphs, tableIDs: [table.id],
        chartIDs: []))
    return part
  }

  func methodParagraphs() -> [String] {
    [
      "Period: \(config.periodDescription). Records were extracted from the force's systems on \(extraction).",
      "Outcomes follow the Home Office crime outcomes framework. Each force label is mapped to an outcome type in the briefing's configuration; cancelled or transferred crimes, unknown and unresolved statuses are kept apart from outcome types.",
      "The charge/summons rate is given on the cohort basis: crimes recorded in the period, with the outcome each has at extraction; the denominator includes crimes not yet assigned an outcome and excludes cancelled or transferred crimes.",
      config.audience == .public
        ? "This is a public briefing: counts from 1 to \(config.suppressionThreshold - 1) are shown as [c], with further cells suppressed so that none can be worked out from totals."
        : "This is a restricted briefing (\(config.marking)): small counts are not suppressed. It must not be published as it stands.",
    ]
  }
}
