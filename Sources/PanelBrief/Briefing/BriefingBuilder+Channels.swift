extension BriefingBuilder {
  func channelPart(notes: inout Notes) -> Part {
    var part = Part()
    let tally = channelTally(data, config: config)
    let labels = data.channelLabels
    let published =
      isPublic
      ? PublishedCounts.protected(
        tally, labels: labels.map(\.label), years: yearLabels,
        threshold: config.suppressionThreshold, rate: nil)
      : PublishedCounts.unsuppressed(tally, rates: [])
    let note = notes.add(
      "Reports are counted by the date they were made and how they reached the force. Reports and crimes are different things: one report may lead to no crime or to several, so the totals of this table and the outcomes table differ."
    )
    let totals = tally.yearTotals
    let table = StatTable(
      id: "Channels_by_year",
      title: "\(subjectTitle) reports by how they were received, \(firstYear) to \(lastYear)",
      subtitle: "Number of reports made in each year, by channel",
      noteNumbers: [note],
      source: "\(config.organisation), contact records extracted \(extraction)",
      columns: [.init("How received", .label)] + yearLabels.map { .init($0, .count) },
      rows: labels.indices.map { [.text(labels[$0].label)] + published.cells[$0] }
        + [[.text("Grand Total")] + published.totals])
    part.tables.append(table)
    part.covers.append("how reports reach the force")

    // The two channels that carry most reports, when they can be published.
    let overall = labels.indices.map { tally.counts[$0].reduce(0, +) }
    let all = overall.reduce(0, +)
    let order = labels.indices.sorted { overall[$0] > overall[$1] }
    let topTwo = Array(order.prefix(2)).filter { l in
      !config.years.indices.contains { published.isSuppressed(l, $0) }
    }
    let topShare = topTwo.reduce(0) { $0 + overall[$1] }
    let names = Wording.list(topTwo.map { "'\(labels[$0].label)'" })
    part.charts.append(
      ChartSpec(
        id: "channels_by_year", title: "\(subjectTitle) reports by how received and year",
        kind: .bar, tableID: table.id, categoryColumn: 0,
        seriesColumns: Array(1...yearLabels.count), rowRange: 0..<labels.count,
        xAxisTitle: "How received", yAxisTitle: "Reports",
        description:
          "Horizontal bar chart of reports by channel, one bar per year."
          + (topTwo.isEmpty
            ? "" : " \(names) carry \(Wording.ofTotal(topShare, all)) of all reports.")))
    var paragraphs = [
      "\(Wording.count(all)) reports were received in \(config.periodDescription)."
        + (topTwo.isEmpty ? "" : " \(names) carried \(Wording.ofTotal(topShare, all)) of them.")
    ]
    if topTwo.count == 2 {
      part.keyPoints.append(
        (
          5,
          KeyPoint(
            text:
              "Most reports arrive by \(names): \(Wording.ofTotal(topShare, all)) of reports in \(config.periodDescription).",
            figure: Wording.percent(all > 0 ? Double(topShare) / Double(all) : nil))
        ))
    }

    guard let (a, b) = comparedYears else {
      part.sections.append(
        Section(
          id: "channels", heading: "How crimes are reported", paragraphs: paragraphs,
          tableIDs: [table.id], chartIDs: ["channels_by_year"]))
      return part
    }
    // Each channel, first against last complete year, tested; suppressed cells are not compared.
    var rows: [[Cell]] = []
    let (totalRow, totalTest) = countComparisonRow(
      "All reports", first: published.totals[a].isSuppressed ? nil : totals[a],
      last: published.totals[b].isSuppressed ? nil : totals[b])
    rows.append(totalRow)
    paragraphs.append(
      "The number of reports \(totalTest.phrase(test: Self.poissonName)) between \(yearLabels[a]) (\(published.totals[a].words())) and \(yearLabels[b]) (\(published.totals[b].words()))."
    )
    for l in order {
      let hidden = published.isSuppressed(l, a) || published.isSuppressed(l, b)
      let (row, test) = countComparisonRow(
        labels[l].label, first: hidden ? nil : tally.counts[l][a],
        last: hidden ? nil : tally.counts[l][b])
      rows.append(row)
      guard !hidden, overall[l] >= 20 else { continue }
      let series = Wording.list(
        config.years.indices.map { "\(published.cells[l][$0].words()) in \(yearLabels[$0])" })
      paragraphs.append(
        "'\(labels[l].label)': \(series); from \(yearLabels[a]) to \(yearLabels[b]) the number \(test.phrase(test: Self.poissonName))."
      )
    }
    let changeTable = countComparisonTable(
      id: "Change_in_channels",
      title: "Change in reports by channel, \(yearLabels[a]) to \(yearLabels[b])", rows: rows,
      source: "\(config.organisation), contact records extracted \(extraction)",
      notes: [
        notes.add(
          "Changes between two years are tested, not read off the figures: counts by the exact conditional test of two Poisson counts, rates and shares by Fisher's exact test on the 2x2 table, with Newcombe's hybrid score interval of the difference, and the mix of outcomes by the chi-square test of homogeneity. 'Rose' or 'fell' means p < 0.05; otherwise the change is within what chance alone often gives."
        )
      ])
    part.tables.append(changeTable)
    part.sections.append(
      Section(
        id: "channels", heading: "How crimes are reported", paragraphs: paragraphs,
        tableIDs: [table.id, changeTable.id], chartIDs: ["channels_by_year"]))
    return part
  }
}
