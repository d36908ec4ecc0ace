import Foundation

extension BriefingBuilder {
  /// The latest complete quarter against the same quarter a year earlier, as a quarterly paper
  /// compares them (seasonality: never against the quarter before alone): crimes recorded and
  /// reports received (and by channel) by the exact Poisson test, the charge/summons rate on both
  /// bases by Fisher's exact test. Empty when the data do not cover both quarters completely.
  ///
  /// In a public paper a count from 1 to threshold−1 is `[c]` and no test uses it; a rate is
  /// `[c]` when its numerator or denominator is; channels are shown one by one only where both
  /// quarters' counts are 0 or at least the threshold, the rest are combined into "Other
  /// channels", which takes in the smallest shown channels until it is 0 or at least the
  /// threshold too (so no channel can be worked out from the total).
  func latestQuarterPart(notes: inout Notes) -> Part {
    var part = Part()
    let quarters = passes.periodRates.filter {
      $0.period.type == "Quarter" && !$0.partial
    }
    guard let latest = quarters.last,
      let earlier = quarters.first(where: {
        $0.period.days.lowerBound
          == Day(
            year: latest.period.days.lowerBound.year - 1,
            month: latest.period.days.lowerBound.month, day: 1)
      })
    else { return part }
    let t = config.suppressionThreshold
    func small(_ n: Int) -> Bool { isPublic && n > 0 && n < t }
    func shownCount(_ n: Int) -> Int? { small(n) ? nil : n }
    let a = earlier.period.label
    let b = latest.period.label
    let source = "\(config.organisation), crime and contact records extracted \(extraction)"
    let note = notes.add(
      "Latest quarter: the latest quarter wholly covered by the data and ended by the extraction date, against the same quarter a year earlier (a quarter is compared with the same quarter of the year before, never with the quarter before alone: crime and reporting are seasonal). Counts are compared by the exact conditional test of two Poisson counts, rates by Fisher's exact test; outcomes of the latest quarter's crimes are the least complete."
    )

    // Counts: crimes recorded (of the force), reports and their channels.
    var countRows: [[Cell]] = []
    var words: [String] = []
    let (crimeRow, crimeTest) = countComparisonRow(
      "Crimes recorded (less cancelled or transferred)", first: shownCount(earlier.cohortCrimes),
      last: shownCount(latest.cohortCrimes))
    countRows.append(crimeRow)
    words.append(
      "\(Wording.count(latest.cohortCrimes)) \(config.subject) crimes were recorded in \(b) (not counting those since cancelled or transferred), against \(Wording.count(earlier.cohortCrimes)) in \(a): the number \(crimeTest.phrase(test: Self.poissonName))."
    )
    if isPublic && (small(latest.cohortCrimes) || small(earlier.cohortCrimes)) {
      words[words.count - 1] =
        "Crimes recorded in \(b) and \(a) are too few to publish the comparison ([c])."
    }
    if config.sources.contains(where: { $0.kind == .reports }) {
      var byChannel = [[Int]](repeating: [0, 0], count: data.channelLabels.count)
      for r in data.reports {
        if earlier.period.days.contains(r.date) { byChannel[r.channel][0] += 1 }
        if latest.period.days.contains(r.date) { byChannel[r.channel][1] += 1 }
      }
      let total = [byChannel.map { $0[0] }.reduce(0, +), byChannel.map { $0[1] }.reduce(0, +)]
      let (reportRow, reportTest) = countComparisonRow(
        "Reports received", first: shownCount(total[0]), last: shownCount(total[1]))
      countRows.append(reportRow)
      if !(isPublic && (small(total[0]) || small(total[1]))) {
        words.append(
          "\(Wording.count(total[1])) reports were received in \(b), against \(Wording.count(total[0])) in \(a): the number \(reportTest.phrase(test: Self.poissonName))."
        )
      }
      // Channels, most frequent first over the two quarters.
      var order = byChannel.indices.filter { byChannel[$0] != [0, 0] }.sorted {
        (-(byChannel[$0][0] + byChannel[$0][1]), $0) < (-(byChannel[$1][0] + byChannel[$1][1]), $1)
      }
      var other = [0, 0]
      if isPublic {
        func safe(_ c: [Int]) -> Bool { c.allSatisfy { $0 == 0 || $0 >= t } }
        var folded = order.filter { !safe(byChannel[$0]) }
        order.removeAll { folded.contains($0) }
        other = folded.reduce([0, 0]) { [$0[0] + byChannel[$1][0], $0[1] + byChannel[$1][1]] }
        while !safe(other), let smallest = order.last {
          order.removeLast()
          folded.append(smallest)
          other = [other[0] + byChannel[smallest][0], other[1] + byChannel[smallest][1]]
        }
      }
      for l in order {
        countRows.append(
          countComparisonRow(
            data.channelLabels[l].label, first: byChannel[l][0], last: byChannel[l][1]
          ).0)
      }
      if other != [0, 0] {
        countRows.append(
          countComparisonRow(
            "Other channels", first: shownCount(other[0]), last: shownCount(other[1])
          ).0)
      }
    }
    let countTable = StatTable(
      id: "Latest_quarter_counts",
      title: "Latest quarter: \(b) against \(a)",
      subtitle:
        "Crimes recorded and reports received in the two quarters, their ratio with its exact 95% interval, and the test of no change",
      noteNumbers: [note], source: source,
      columns: [
        .init("Measure", .label), .init(a, .count), .init(b, .count),
        .init("Ratio \(b) to \(a)", .decimal), .init("Ratio lower 95% limit", .decimal),
        .init("Ratio upper 95% limit", .decimal), .init("Test", .text),
        .init("p-value", .probability), .init("Reading", .text),
      ],
      rows: countRows)

    // Rates on both bases.
    func pair(_ x: Int, _ n: Int) -> (Int, Int)? { small(x) || small(n) ? nil : (x, n) }
    let (cohortRow, cohortTest) = proportionComparisonRow(
      "Charge/summons rate (cohort basis: crimes recorded in the quarter)",
      first: pair(earlier.cohortCharged, earlier.cohortCrimes),
      last: pair(latest.cohortCharged, latest.cohortCrimes))
    let (closedRow, closedTest) = proportionComparisonRow(
      "Charge/summons rate (closed basis: outcomes assigned in the quarter)",
      first: pair(earlier.closedCharged, earlier.closedOutcomes),
      last: pair(latest.closedCharged, latest.closedOutcomes))
    let rateTable = StatTable(
      id: "Latest_quarter_rates",
      title: "Latest quarter: the charge/summons rate, \(b) against \(a)",
      subtitle:
        "Both bases; the difference with its 95% interval, and the test of no change",
      noteNumbers: [note], source: source,
      columns: [
        .init("Measure", .label), .init(a, .percent), .init(b, .percent),
        .init("Difference (percentage points)", .decimal),
        .init("Difference lower 95% limit (percentage points)", .decimal),
        .init("Difference upper 95% limit (percentage points)", .decimal), .init("Test", .text),
        .init("p-value", .probability), .init("Reading", .text),
      ],
      rows: [cohortRow, closedRow])
    func rateWords(_ name: String, _ row: [Cell], _ test: YearComparison) -> String {
      guard test.pValue != nil else {
        return
          "The charge/summons rate on the \(name) cannot be compared between \(a) and \(b) without revealing small numbers ([c])."
      }
      return
        "The charge/summons rate on the \(name) was \(row[2].words(percent: true)) in \(b) against \(row[1].words(percent: true)) in \(a): it \(test.phrase(test: Self.fisherName))."
    }
    words.append(rateWords("cohort basis", cohortRow, cohortTest))
    words.append(rateWords("closed basis", closedRow, closedTest))
    part.tables += [countTable, rateTable]
    part.sections.append(
      Section(
        id: "latest_quarter", heading: "The latest quarter",
        paragraphs: [
          "\(b) is the latest quarter the data cover completely; it is compared with the same quarter a year earlier, \(a)."
        ] + words,
        tableIDs: [countTable.id, rateTable.id], chartIDs: []))
    return part
  }
}
