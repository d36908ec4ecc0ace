import Foundation

extension BriefingBuilder {
  /// Rows of the outcome labels with a given meaning.
  func outcomeRows(where predicate: (OutcomeStatus?) -> Bool) -> [Int] {
    data.outcomeLabels.indices.filter { predicate(data.outcomeLabels[$0].meaning) }
  }

  var chargedRows: [Int] { outcomeRows { $0?.isChargeOrSummons ?? false } }
  var cancelledRows: [Int] { outcomeRows { $0 == .cancelledOrTransferred } }
  /// Unknown, unresolved and unmapped labels: outcomes the records do not classify.
  var unclassifiedRows: [Int] {
    outcomeRows { $0 == nil || $0 == .unknown || $0 == .unresolved }
  }
  var noOutcomeRows: [Int] {
    outcomeRows { $0 == .unresolved || $0 == .outcome(.notYetAssigned) }
  }

  /// Rounds a published proportion to the precision the paper shows (0.1 percentage points) in a
  /// public paper, so that no more digits than the words carry can be read from a cell.
  func shownRate(_ value: Double) -> Cell {
    .number(isPublic ? Wording.rounded(value, places: 3) : value)
  }

  func outcomeParts(notes: inout Notes) -> Part {
    var part = Part()
    let tally = passes.tally
    let labels = data.outcomeLabels
    let years = config.years
    let rates = cohortChargeRates(tally, labels: labels, config: config)
    let published =
      isPublic
      ? PublishedCounts.protected(
        tally, labels: labels.map(\.label), years: yearLabels,
        threshold: config.suppressionThreshold,
        rate: (chargedRows, cancelledRows))
      : PublishedCounts.unsuppressed(tally, rates: rates.map(\.rate))

    let cohortNote = notes.add(
      "Crimes are counted in the year they were recorded, with the outcome each had on \(extraction), the date of extraction (the cohort basis). Crimes recorded recently may not have an outcome yet, so recent years look worse until investigations close."
    )
    let labelNote = notes.add(
      "Outcome labels are the force's own. The number before the colon is the Home Office outcome type; 'Cancelled / Transferred', 'Unknown' and unresolved statuses are not Home Office outcome types."
    )
    let cancelNote = notes.add(
      "Cancelled or transferred crimes are no longer crimes of this force: they are shown but left out of every rate's denominator."
    )
    var suppressionNote: [Int] = []
    if isPublic {
      suppressionNote = [
        notes.add(
          "[c]: counts from 1 to \(config.suppressionThreshold - 1) are suppressed to protect victims, with further cells suppressed where a total or a rate would reveal them. Rates are shown to one decimal place."
        )
      ]
    }
    if years.contains(where: isPartialYear) {
      suppressionNote.append(
        notes.add(
          "A year marked (partial) ends after the extraction date: it is not complete and is not compared with complete years."
        ))
    }

    // Outcomes by force label.
    var rows: [[Cell]] = []
    for (l, label) in labels.enumerated() {
      let type: Cell =
        switch label.meaning {
        case .outcome(let t)?: .text(t.code)
        case nil: .shorthand(.notAvailable)
        default: .shorthand(.notApplicable)
        }
      rows.append([.text(label.label), type] + published.cells[l])
    }
    rows.append([.text("Grand Total"), .shorthand(.notApplicable)] + published.totals)
    let outcomesTable = StatTable(
      id: "Outcomes_by_label",
      title: "\(subjectTitle) crimes by outcome, \(firstYear) to \(lastYear)",
      subtitle:
        "Number of crimes recorded in each year, by the force's outcome label at \(extraction)",
      noteNumbers: [cohortNote, labelNote, cancelNote] + suppressionNote,
      source: "\(config.organisation), crime records extracted \(extraction)",
      columns: [.init("Outcome", .label), .init("Home Office outcome type", .text)]
        + yearLabels.map { .init($0, .count) },
      rows: rows)
    part.tables.append(outcomesTable)
    part.charts.append(
      ChartSpec(
        id: "outcomes_by_year", title: "\(subjectTitle) crimes by outcome and year recorded",
        kind: .bar, tableID: outcomesTable.id, categoryColumn: 0,
        seriesColumns: Array(2..<(2 + years.count)), rowRange: 0..<labels.count,
        xAxisTitle: "Outcome", yAxisTitle: "Crimes",
        description:
          "Horizontal bar chart of crimes by outcome label, one bar per year from \(firstYear) to \(lastYear)."
          + (isPublic ? "" : " " + outcomeChartSummary(tally, labels: labels))))

    // Outcomes by Home Office type: force labels of one type added together (the seed's two
    // labels for type 15 become one row), statuses that are not outcomes after them.
    var typeRows: [(String, String, [Int])] = []
    let types = Set(
      labels.compactMap { l -> OutcomeType? in
        if case .outcome(let t)? = l.meaning { return t }
        return nil
      }
    ).sorted()
    for t in types {
      typeRows.append((t.code, t.shortDescription, outcomeRows { $0 == .outcome(t) }))
    }
    for status in [OutcomeStatus.cancelledOrTransferred, .unknown, .unresolved] {
      let members = outcomeRows { $0 == status }
      let description =
        status == .unresolved ? "Unresolved: not yet assigned an outcome" : status.groupLabel
      if !members.isEmpty { typeRows.append(("[z]", description, members)) }
    }
    let unmappedRows = outcomeRows { $0 == nil }
    if !unmappedRows.isEmpty { typeRows.append(("[x]", "Unmapped labels", unmappedRows)) }
    /// A row's share of the year's crimes of the force (cancelled or transferred crimes left
    /// out, as from every rate), as the Home Office outcome tables give it beside the count: made
    /// from the published cells only, so `[c]` when the row or the denominator is.
    func share(_ rows: [Int], _ y: Int) -> Cell {
      if rows.allSatisfy(cancelledRows.contains) { return .shorthand(.notApplicable) }
      guard case .integer(let n) = published.sum(of: rows, year: y, in: tally),
        case .integer(let d) = published.total(less: cancelledRows, year: y, in: tally)
      else { return .shorthand(.confidential) }
      return d > 0 ? shownRate(Double(n) / Double(d)) : .shorthand(.notApplicable)
    }
    let shareNote = notes.add(
      "Share: the outcome type's crimes as a share of the year's crimes of the force (crimes recorded in the year, less those cancelled or transferred, the charge/summons rate's denominator), as the Home Office outcome tables show it; the share of type 1 is the charge/summons rate. Cancelled or transferred crimes have no share ([z])."
    )
    let typeTable = StatTable(
      id: "Outcomes_by_type",
      title: "\(subjectTitle) crimes by Home Office outcome type, \(firstYear) to \(lastYear)",
      subtitle:
        "Number of crimes recorded in each year, by outcome type at \(extraction), and each type's share of the year's crimes of the force",
      noteNumbers: [cohortNote, labelNote, cancelNote, shareNote] + suppressionNote,
      source:
        "\(config.organisation), crime records extracted \(extraction); types of the Home Office outcomes framework",
      columns: [.init("Outcome type", .label), .init("Description", .text)]
        + yearLabels.map { .init($0, .count) }
        + yearLabels.map { .init("\($0) share", .percent) },
      rows: typeRows.map { r in
        [
          r.0 == "[z]"
            ? .shorthand(.notApplicable) : r.0 == "[x]" ? .shorthand(.notAvailable) : .text(r.0),
          .text(r.1),
        ]
          + years.indices.map { published.sum(of: r.2, year: $0, in: tally) }
          + years.indices.map { share(r.2, $0) }
      }
        + [
          [.text("Grand Total"), .shorthand(.notApplicable)] + published.totals
            + years.map { _ in .shorthand(.notApplicable) }
        ])
    part.tables.append(typeTable)

    // Outcomes by Home Office group: sums of published label rows. Unresolved crimes are not yet
    // assigned an outcome, as type 0 is: one group.
    var groups: [(String, [Int])] = []
    for group in OutcomeGroup.allCases {
      let members = outcomeRows {
        if case .outcome(let t)? = $0 { return t.group == group }
        return group == .notYetAssigned && $0 == .unresolved
      }
      if !members.isEmpty { groups.append((group.rawValue, members)) }
    }
    for status in [OutcomeStatus.cancelledOrTransferred, .unknown] {
      let members = outcomeRows { $0 == status }
      if !members.isEmpty { groups.append((status.groupLabel, members)) }
    }
    let unmapped = outcomeRows { $0 == nil }
    if !unmapped.isEmpty { groups.append(("Unmapped labels", unmapped)) }
    let groupTable = StatTable(
      id: "Outcomes_by_group",
      title: "\(subjectTitle) crimes by Home Office outcome group, \(firstYear) to \(lastYear)",
      subtitle: "Number of crimes recorded in each year, by outcome group at \(extraction)",
      noteNumbers: [cohortNote, cancelNote] + suppressionNote,
      source:
        "\(config.organisation), crime records extracted \(extraction); groups of the Home Office outcomes framework",
      columns: [.init("Outcome group", .label)] + yearLabels.map { .init($0, .count) },
      rows: groups.map { g in
        [.text(g.0)] + years.indices.map { published.sum(of: g.1, year: $0, in: tally) }
      }
        + [[.text("Grand Total")] + published.totals])
    part.tables.append(groupTable)

    // The charge/summons rate, cohort basis, with Wilson intervals and outcome maturity.
    let rateNote = notes.add(
      "Charge/summons rate (cohort basis): crimes with Home Office outcome type 1 (charged or summonsed, including 1A) divided by the crimes recorded in the year that are still crimes of this force (all recorded crimes less cancelled or transferred ones, including those not yet assigned an outcome), with outcomes as at \(extraction). The 95% confidence interval is Wilson's score interval."
    )
    let lags = passes.lags
    var rateRows: [[Cell]] = []
    var intervals: [Wilson?] = []
    for (y, r) in rates.enumerated() {
      let wilson = (try? Wilson(successes: r.charged, trials: r.denominator)) ?? nil
      intervals.append(wilson)
      let rateShown = !published.rates[y].isSuppressed && r.rate != nil
      let noOutcome = published.sum(of: noOutcomeRows, year: y, in: tally)
      let denominator = published.total(less: cancelledRows, year: y, in: tally)
      rateRows.append([
        .text(yearLabels[y]),
        published.sum(of: chargedRows, year: y, in: tally),
        published.totals[y],
        published.sum(of: cancelledRows, year: y, in: tally),
        denominator,
        rateShown ? shownRate(r.rate!) : published.rates[y],
        rateShown && wilson != nil ? shownRate(wilson!.lower) : published.rates[y],
        rateShown && wilson != nil ? shownRate(wilson!.upper) : published.rates[y],
        noOutcome.isSuppressed || denominator.isSuppressed
          ? .shorthand(.confidential)
          : lags[y].shareWithoutOutcome.map(shownRate) ?? .shorthand(.notApplicable),
      ])
    }
    let rateTable = StatTable(
      id: "Charge_rate",
      title: "Charge/summons rate for \(config.subject) crimes, \(firstYear) to \(lastYear)",
      subtitle: "Cohort basis: crimes recorded in each year, outcome at \(extraction)",
      noteNumbers: [rateNote, cohortNote, cancelNote] + suppressionNote,
      source: "\(config.organisation), crime records extracted \(extraction)",
      columns: [
        .init("Year recorded", .label), .init("Charged or summonsed", .count),
        .init("Crimes recorded", .count), .init("Cancelled or transferred", .count),
        .init("Crimes of the force (denominator)", .count),
        .init("Charge/summons rate", .percent), .init("Lower 95% limit", .percent),
        .init("Upper 95% limit", .percent), .init("Share unresolved at extraction", .percent),
      ],
      rows: rateRows)
    part.tables.append(rateTable)
    part.charts.append(
      ChartSpec(
        id: "charge_rate", title: "Charge/summons rate by year recorded (cohort basis)",
        kind: .column, tableID: rateTable.id, categoryColumn: 0, seriesColumns: [5],
        xAxisTitle: "Year recorded", yAxisTitle: "Charge/summons rate",
        description:
          "Column chart of the charge/summons rate for each year recorded, cohort basis: "
          + Wording.list(rateRows.map { "\($0[0].words()) \($0[5].words(percent: true))" }) + "."))

    let periodRates = passes.periodRates
    let closed = closedBasisPart(
      periodRates, notes: &notes, cohortNote: cohortNote, cancelNote: cancelNote)
    part.tables += closed.tables
    let lagTable = outcomeLagTable(lags: lags, published: published, tally: tally, notes: &notes)
    part.tables.append(lagTable)
    if !isPublic {
      part.tables.append(chargeRatePeriodTable(periodRates, notes: &notes, rateNote: rateNote))
    }

    // Comparisons between the first and last complete years.
    let comparison = outcomeComparisons(
      tally: tally, rates: rates, published: published, intervals: intervals, lags: lags,
      notes: &notes)
    part.tables += comparison.tables

    // Words.
    let total = tally.yearTotals
    var outcomeParagraphs: [String] = [
      "\(Wording.count(total.reduce(0, +))) \(config.subject) crimes were recorded in \(config.periodDescription): "
        + Wording.list(years.indices.map { "\(published.totals[$0].words()) in \(yearLabels[$0])" })
        + "."
    ]
    outcomeParagraphs += comparison.outcomeWords
    part.keyPoints += comparison.keyPoints
    part.asks += comparison.asks
    part.covers += ["how crimes were resolved", "the charge/summons rate"]
    part.sections.append(
      Section(
        id: "outcomes", heading: "Outcomes of \(config.subject) crimes",
        paragraphs: outcomeParagraphs,
        tableIDs: [outcomesTable.id, typeTable.id, groupTable.id] + comparison.distributionTableIDs,
        chartIDs: ["outcomes_by_year"]))
    part.sections.append(
      Section(
        id: "charge_rate", heading: "The charge/summons rate", paragraphs: comparison.rateWords,
        tableIDs: [rateTable.id] + comparison.rateTableIDs + closed.tables.map(\.id) + [
          lagTable.id
        ],
        chartIDs: ["charge_rate"]))
    return part
  }

  func outcomeChartSummary(_ tally: LabelYearTally, labels: [ResolvedLabel<OutcomeStatus>])
    -> String
  {
    let totals = labels.indices.map { tally.counts[$0].reduce(0, +) }
    let top = labels.indices.sorted { totals[$0] > totals[$1] }.prefix(3)
    return "The most common over the period: "
      + Wording.list(top.map { "\(labels[$0].label) (\(Wording.count(totals[$0])))" }) + "."
  }

  // MARK: - Closed basis, lag and periods

  func closedBasisPart(
    _ periodRates: [PeriodChargeRate], notes: inout Notes, cohortNote: Int, cancelNote: Int
  ) -> Part {
    var part = Part()
    let note = notes.add(
      "Charge/summons rate (closed basis): outcomes assigned in the year (by outcome date) that are charges or summonses, divided by all outcomes assigned in the year to crimes of this force. Only Home Office outcome types count as outcomes: crimes labelled cancelled or transferred, unknown, unresolved, not yet assigned (type 0) or with a label the configuration does not map are left out, whatever date they carry. Only crimes in the exports (recorded \(firstYear) to \(lastYear)) with an outcome date count, so the earliest years miss outcomes of crimes recorded before \(firstYear)."
    )
    let periods = periodRates.filter {
      $0.period.type == config.periodBasis.periodType
        && config.years.map(config.periodBasis.label).contains($0.period.label)
    }
    let t = config.suppressionThreshold
    func count(_ n: Int) -> Cell {
      isPublic && n > 0 && n < t ? .shorthand(.confidential) : .integer(n)
    }
    part.tables.append(
      StatTable(
        id: "Charge_rate_closed",
        title: "Charge/summons rate on the closed basis, \(firstYear) to \(lastYear)",
        subtitle: "Outcomes assigned in each year, whenever the crime was recorded",
        noteNumbers: [note, cancelNote],
        source: "\(config.organisation), crime records extracted \(extraction)",
        columns: [
          .init("Year of outcome", .label), .init("Charged or summonsed", .count),
          .init("Outcomes assigned", .count), .init("Charge/summons rate", .percent),
          .init("Lower 95% limit", .percent), .init("Upper 95% limit", .percent),
        ],
        rows: periods.map { p in
          let w = (try? Wilson(successes: p.closedCharged, trials: p.closedOutcomes)) ?? nil
          let hidden = count(p.closedCharged).isSuppressed || count(p.closedOutcomes).isSuppressed
          func rate(_ v: Double?) -> Cell {
            hidden ? .shorthand(.confidential) : v.map(shownRate) ?? .shorthand(.notApplicable)
          }
          return [
            .text(p.period.label + (p.partial ? " (partial)" : "")), count(p.closedCharged),
            count(p.closedOutcomes), rate(w?.proportion), rate(w?.lower), rate(w?.upper),
          ]
        }))
    return part
  }

  func outcomeLagTable(
    lags: [OutcomeLag], published: PublishedCounts, tally: LabelYearTally, notes: inout Notes
  ) -> StatTable {
    let note = notes.add(
      "Outcome lag: days from the recorded date to the outcome date, for crimes of this force with an outcome date. Quartiles by linear interpolation between ordered values. Crimes still without an outcome at extraction are not in the lag figures: a year with many of them will see its lag grow."
    )
    func days(_ d: Double?) -> Cell { d.map { .number($0) } ?? .shorthand(.notApplicable) }
    var columns: [StatTable.Column] = [.init("Year recorded", .label)]
    if !isPublic {
      columns += [.init("Crimes of the force", .count), .init("With an outcome date", .count)]
    }
    columns += [
      .init("Median days to outcome", .decimal), .init("Lower quartile (days)", .decimal),
      .init("Upper quartile (days)", .decimal),
    ]
    return StatTable(
      id: "Outcome_lag",
      title: "Days from recording to outcome, \(firstYear) to \(lastYear)",
      subtitle: "Crimes recorded in each year that have an outcome date at \(extraction)",
      noteNumbers: [note],
      source: "\(config.organisation), crime records extracted \(extraction)",
      columns: columns,
      rows: lags.enumerated().map { y, l in
        var row: [Cell] = [.text(yearLabels[y])]
        if !isPublic { row += [.integer(l.crimes), .integer(l.withOutcomeDate)] }
        guard !lagIsSuppressed(l) else {
          return row + Array(repeating: .shorthand(.confidential), count: 3)
        }
        return row + [days(l.median), days(l.lowerQuartile), days(l.upperQuartile)]
      })
  }

  /// In a public paper a median or quartile describing fewer crimes than the suppression
  /// threshold is [c]: each is the lag of one or two crimes, and with so few it would say too
  /// much about them.
  func lagIsSuppressed(_ lag: OutcomeLag) -> Bool {
    isPublic && lag.withOutcomeDate < config.suppressionThreshold
  }

  /// Both bases for every calendar year, financial year, quarter and month (restricted papers).
  func chargeRatePeriodTable(_ periodRates: [PeriodChargeRate], notes: inout Notes, rateNote: Int)
    -> StatTable
  {
    let periodNote = notes.add(
      "Periods marked partial are only partly covered by the data (they start before the first day covered or end after the last day or the extraction date) and must not be compared as if complete. Single months and quarters hold few crimes: their rates vary widely by chance."
    )
    let rows: [[Cell]] = periodRates.map { p in
      let cohort = (try? Wilson(successes: p.cohortCharged, trials: p.cohortCrimes)) ?? nil
      let closed = (try? Wilson(successes: p.closedCharged, trials: p.closedOutcomes)) ?? nil
      func v(_ d: Double?) -> Cell { d.map { .number($0) } ?? .shorthand(.notApplicable) }
      return [
        .text(p.period.type), .text(p.period.label), .text(p.partial ? "Partial" : "Complete"),
        .integer(p.cohortCharged), .integer(p.cohortCrimes), v(cohort?.proportion),
        v(cohort?.lower), v(cohort?.upper), .integer(p.closedCharged), .integer(p.closedOutcomes),
        v(closed?.proportion), v(closed?.lower), v(closed?.upper),
      ]
    }
    return StatTable(
      id: "Charge_rate_by_period",
      title: "Charge/summons rate by year, quarter and month, both bases",
      subtitle:
        "Cohort basis (crimes recorded in the period) and closed basis (outcomes assigned in the period)",
      noteNumbers: [rateNote, periodNote],
      source: "\(config.organisation), crime records extracted \(extraction)",
      columns: [
        .init("Period type", .label), .init("Period", .label), .init("Coverage", .text),
        .init("Cohort: charged or summonsed", .count), .init("Cohort: crimes of the force", .count),
        .init("Cohort: rate", .percent), .init("Cohort: lower 95% limit", .percent),
        .init("Cohort: upper 95% limit", .percent), .init("Closed: charged or summonsed", .count),
        .init("Closed: outcomes assigned", .count), .init("Closed: rate", .percent),
        .init("Closed: lower 95% limit", .percent), .init("Closed: upper 95% limit", .percent),
      ],
      rows: rows)
  }
}
