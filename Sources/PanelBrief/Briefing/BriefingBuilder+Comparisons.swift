import Foundation

/// The result of comparing two years, in the words the paper may use.
struct YearComparison {
  /// "Rose", "Fell", "No significant change", or why it is not shown.
  var reading: String
  var pValue: Double?
  /// `true` in a public paper: the p-value is written as a band ("p < 0.05"), never exactly.
  var banded = false
  /// `true` when p < 0.05.
  var significant: Bool { (pValue ?? 1) < 0.05 }

  static func reading(p: Double, change: Double) -> String {
    p < 0.05 ? (change < 0 ? "Fell" : "Rose") : "No significant change"
  }

  /// "fell (Fisher's exact test, p = 0.012)" / "did not change significantly (…, p = 0.31)".
  func phrase(test: String) -> String {
    guard let p = pValue else { return "cannot be compared without revealing small numbers" }
    let verb =
      switch reading {
      case "Fell": "fell"
      case "Rose": "rose"
      default: "did not change significantly"
      }
    return "\(verb) (\(test), \(Wording.pPhrase(p, banded: banded)))"
  }
}

extension BriefingBuilder {
  struct OutcomeComparisonResult {
    var tables: [StatTable] = []
    var outcomeWords: [String] = []
    var rateWords: [String] = []
    var keyPoints: [(priority: Int, point: KeyPoint)] = []
    var distributionTableIDs: [String] = []
    var rateTableIDs: [String] = []
    var asks: [String] = []
  }

  static let fisherName = "Fisher's exact test"
  static let poissonName = "exact conditional test of two Poisson counts"
  static let chiSquareName = "chi-square test of homogeneity"

  /// Compares two proportions (last vs first): Fisher's exact test and Newcombe's interval of
  /// the difference. `nil` inputs (suppressed) give a row of [c].
  /// A difference of two proportions in percentage points (-4.0 for 4.9% against 0.8%), at the
  /// precision the paper shows rates (one decimal place) in a public paper.
  func points(_ difference: Double) -> Cell {
    .number(isPublic ? Wording.rounded(difference * 100, places: 1) : difference * 100)
  }

  func proportionComparisonRow(
    _ name: String, first: (Int, Int)?, last: (Int, Int)?
  ) -> ([Cell], YearComparison) {
    guard let first, let last, first.1 > 0, last.1 > 0,
      let fisher = try? FisherExact(last.0, last.1 - last.0, first.0, first.1 - first.0),
      let diff =
        (try? ProportionDifference(
          successes1: last.0, trials1: last.1, successes2: first.0, trials2: first.1)) ?? nil
    else {
      let c = Cell.shorthand(.confidential)
      return (
        [.text(name), c, c, c, c, c, .text(Self.fisherName), c, .text("Not shown: small numbers")],
        YearComparison(reading: "Not shown", pValue: nil)
      )
    }
    let reading = YearComparison.reading(p: fisher.pValue, change: diff.difference)
    return (
      [
        .text(name), shownRate(diff.second.proportion), shownRate(diff.first.proportion),
        points(diff.difference), points(diff.lower), points(diff.upper),
        .text(Self.fisherName), .number(fisher.pValue), .text(reading),
      ],
      YearComparison(reading: reading, pValue: fisher.pValue, banded: isPublic)
    )
  }

  /// Compares two counts of equal exposure: the exact conditional Poisson test and the rate
  /// ratio (last / first) with its exact interval.
  func countComparisonRow(_ name: String, first: Int?, last: Int?) -> ([Cell], YearComparison) {
    guard let first, let last, let test = try? PoissonComparison(count1: last, count2: first)
    else {
      let c = Cell.shorthand(.confidential)
      return (
        [
          .text(name), c, c, c, c, c, .text(Self.poissonName), c, .text("Not shown: small numbers"),
        ],
        YearComparison(reading: "Not shown", pValue: nil)
      )
    }
    let reading = YearComparison.reading(p: test.pValue, change: Double(last - first))
    func d(_ x: Double?) -> Cell { x.map { .number($0) } ?? .shorthand(.notApplicable) }
    return (
      [
        .text(name), .integer(first), .integer(last), d(test.rateRatio), d(test.rateRatioLower),
        d(test.rateRatioUpper), .text(Self.poissonName), .number(test.pValue), .text(reading),
      ],
      YearComparison(reading: reading, pValue: test.pValue, banded: isPublic)
    )
  }

  func countComparisonTable(id: String, title: String, rows: [[Cell]], source: String, notes: [Int])
    -> StatTable
  {
    let (a, b) = comparedYears!
    return StatTable(
      id: id, title: title,
      subtitle:
        "\(yearLabels[a]) against \(yearLabels[b]): counts, their ratio with its exact 95% interval, and the test of no change",
      noteNumbers: notes, source: source,
      columns: [
        .init("Measure", .label), .init(yearLabels[a], .count), .init(yearLabels[b], .count),
        .init("Ratio \(yearLabels[b]) to \(yearLabels[a])", .decimal),
        .init("Ratio lower 95% limit", .decimal), .init("Ratio upper 95% limit", .decimal),
        .init("Test", .text), .init("p-value", .probability), .init("Reading", .text),
      ],
      rows: rows)
  }

  func outcomeComparisons(
    tally: LabelYearTally, rates: [CohortChargeRate], published: PublishedCounts,
    intervals: [Wilson?], lags: [OutcomeLag], notes: inout Notes
  ) -> OutcomeComparisonResult {
    var out = OutcomeComparisonResult()
    let testNote = notes.add(
      "Changes between two years are tested, not read off the figures: counts by the exact conditional test of two Poisson counts, rates and shares by Fisher's exact test on the 2x2 table, with Newcombe's hybrid score interval of the difference, and the mix of outcomes by the chi-square test of homogeneity. 'Rose' or 'fell' means p < 0.05; otherwise the change is within what chance alone often gives."
    )
    let source = "\(config.organisation), crime records extracted \(extraction)"
    let labels = data.outcomeLabels
    let totals = tally.yearTotals

    guard let (a, b) = comparedYears else {
      // One complete year (or none): the latest rate is stated, with its interval, untested.
      if let r = rates.last, let shown = published.rates.last {
        let interval = intervals.last.flatMap { $0 }
        let text =
          shown.isSuppressed || r.rate == nil
          ? "The charge/summons rate for crimes recorded in \(yearLabels.last!) is \(shown.words(percent: true)) on the cohort basis."
          : "The charge/summons rate for crimes recorded in \(yearLabels.last!) is \(Wording.ofTotal(r.charged, r.denominator)) on the cohort basis"
            + (interval.map {
              " (95% interval \(Wording.percent($0.lower)) to \(Wording.percent($0.upper)))"
            } ?? "")
            + ", outcomes as at \(extraction). There are not two complete years to compare."
        out.rateWords.append(text)
        out.keyPoints.append((1, KeyPoint(text: text, figure: shown.words(percent: true))))
      }
      return out
    }

    // Proportions: the charge rate and the unclassified share.
    func parts(_ rows: [Int], of denominatorLess: [Int], year y: Int) -> (Int, Int)? {
      let n = published.sum(of: rows, year: y, in: tally)
      let d = published.total(less: denominatorLess, year: y, in: tally)
      guard case .integer(let x) = n, case .integer(let t) = d,
        !published.rates[y].isSuppressed || rows != chargedRows
      else { return nil }
      return (x, t)
    }
    let (rateRow, rateTest) = proportionComparisonRow(
      "Charge/summons rate (cohort basis)", first: parts(chargedRows, of: cancelledRows, year: a),
      last: parts(chargedRows, of: cancelledRows, year: b))
    let (unclassifiedRow, unclassifiedTest) = proportionComparisonRow(
      "Share of crimes with an unclassified outcome (unknown, unresolved, unmapped)",
      first: parts(unclassifiedRows, of: [], year: a),
      last: parts(unclassifiedRows, of: [], year: b))
    let rateTable = StatTable(
      id: "Change_in_rates",
      title:
        "Change in the charge/summons rate and unclassified outcomes, \(yearLabels[a]) to \(yearLabels[b])",
      subtitle:
        "Rates and shares in the two years, the difference with its 95% interval, and the test of no change",
      noteNumbers: [testNote], source: source,
      columns: [
        .init("Measure", .label), .init(yearLabels[a], .percent), .init(yearLabels[b], .percent),
        .init("Difference (percentage points)", .decimal),
        .init("Difference lower 95% limit (percentage points)", .decimal),
        .init("Difference upper 95% limit (percentage points)", .decimal), .init("Test", .text),
        .init("p-value", .probability), .init("Reading", .text),
      ],
      rows: [rateRow, unclassifiedRow])
    out.tables.append(rateTable)
    out.rateTableIDs.append(rateTable.id)

    let (crimeRow, crimeTest) = countComparisonRow(
      "Crimes recorded", first: published.totals[a].isSuppressed ? nil : totals[a],
      last: published.totals[b].isSuppressed ? nil : totals[b])
    let countTable = countComparisonTable(
      id: "Change_in_crimes",
      title: "Change in \(config.subject) crimes recorded, \(yearLabels[a]) to \(yearLabels[b])",
      rows: [crimeRow], source: source, notes: [testNote])
    out.tables.append(countTable)
    out.distributionTableIDs.append(countTable.id)

    // The outcome mix: by label, and grouped into Home Office groups where sparse. In a public
    // paper both tests run on the published cells alone (see `outcomeMixTests`).
    let kept = labels.indices.filter { !cancelledRows.contains($0) }
    let years = Array(config.years.indices.filter { !isPartialYear(config.years[$0]) })
    let labelCells: [[Cell]]
    let keptTotals: [Cell]
    if isPublic && !testsOnUnsuppressedCounts {
      labelCells = kept.map { l in years.map { published.cells[l][$0] } }
      keptTotals = years.map { published.total(less: cancelledRows, year: $0, in: tally) }
    } else {
      labelCells = kept.map { l in years.map { .integer(tally.counts[l][$0]) } }
      keptTotals = years.map { y in .integer(kept.reduce(0) { $0 + tally.counts[$1][y] }) }
    }
    let (labelTest, groupTest) = Self.outcomeMixTests(
      labelCells: labelCells, labels: kept.map { labels[$0].label },
      groups: kept.map { Self.mixGroup(labels[$0].meaning) }, keptTotals: keptTotals,
      yearLabels: years.map { yearLabels[$0] })
    let showExpected = !isPublic || testsOnUnsuppressedCounts
    func mixRow(_ name: String, _ t: ChiSquareHomogeneity?) -> [Cell] {
      guard let t else {
        return [.text(name)]
          + Array(repeating: .shorthand(.notApplicable), count: showExpected ? 7 : 6)
          + [
            .text(
              isPublic
                ? "Not tested: fewer than two categories or years can be published"
                : "Not tested: fewer than two categories with crimes")
          ]
      }
      let sparse = t.shareOfCellsWithExpectedBelowFive > 0.2
      return [
        .text(name), .integer(t.keptRows.count), .number(t.statistic), .integer(t.degreesOfFreedom),
        isPublic ? .text(Wording.pBand(t.pValue)) : .number(t.pValue),
      ]
        + (showExpected ? [.number(t.minimumExpected)] : [])
        + [
          .integer(t.cellsWithExpectedBelowFive),
          .number(t.shareOfCellsWithExpectedBelowFive),
          .text(
            sparse
              ? "Unreliable: more than 20% of cells expect fewer than 5 crimes"
              : (t.pValue < 0.05
                ? "The mix of outcomes differs between years"
                : "No significant difference in the mix")),
        ]
    }
    let mixTable = StatTable(
      id: "Outcome_mix_test",
      title:
        "Did the mix of outcomes change between years? \(yearLabels[years.first!]) to \(yearLabels[years.last!])",
      subtitle:
        "Chi-square test of homogeneity over the complete years, cancelled or transferred crimes left out"
        + (isPublic && !testsOnUnsuppressedCounts
          ? "; computed from the published cells, categories with a [c] cell merged into one" : ""),
      noteNumbers: [testNote], source: source,
      columns: [
        .init("Categories compared", .label), .init("Categories", .count),
        .init("Chi-square", .decimal),
        .init("Degrees of freedom", .count), .init("p-value", .probability),
      ]
        + (showExpected ? [.init("Smallest expected count", .decimal)] : [])
        + [
          .init("Cells expecting fewer than 5", .count),
          .init("Share of cells expecting fewer than 5", .percent), .init("Reading", .text),
        ],
      rows: [
        mixRow("Force outcome labels", labelTest), mixRow("Home Office outcome groups", groupTest),
      ])
    out.tables.append(mixTable)
    out.distributionTableIDs.append(mixTable.id)

    // Words: the charge rate.
    let first = rates[a]
    let last = rates[b]
    let lastRate = published.rates[b]
    let firstRate = published.rates[a]
    var rateSentence: String
    if !lastRate.isSuppressed && !firstRate.isSuppressed, let wl = intervals[b],
      let wf = intervals[a]
    {
      rateSentence =
        "On the cohort basis, \(Wording.ofTotal(last.charged, last.denominator)) of the crimes recorded in \(yearLabels[b]) had led to a charge or summons by \(extraction) (95% interval \(Wording.percent(wl.lower)) to \(Wording.percent(wl.upper))), against \(Wording.ofTotal(first.charged, first.denominator)) of those recorded in \(yearLabels[a]) (\(Wording.percent(wf.lower)) to \(Wording.percent(wf.upper))). The rate \(rateTest.phrase(test: Self.fisherName))."
      out.keyPoints.append(
        (
          1,
          KeyPoint(
            text:
              "The charge/summons rate \(rateTest.phrase(test: Self.fisherName)) from \(Wording.percent(first.rate)) (\(first.charged) of \(Wording.count(first.denominator))) for crimes recorded in \(yearLabels[a]) to \(Wording.percent(last.rate)) (\(last.charged) of \(Wording.count(last.denominator))) in \(yearLabels[b]); cohort basis, outcomes as at \(extraction), cancelled or transferred crimes left out of the denominator.",
            figure: Wording.percent(last.rate))
        ))
    } else {
      rateSentence =
        "On the cohort basis, the charge/summons rate was \(firstRate.words(percent: true)) for crimes recorded in \(yearLabels[a]) and \(lastRate.words(percent: true)) in \(yearLabels[b]) (shown as [c] because charges are too few to publish without risk of identifying victims), so the change cannot be tested in this paper."
      out.keyPoints.append(
        (
          1,
          KeyPoint(
            text:
              "The charge/summons rate for crimes recorded in \(yearLabels[b]) is \(lastRate.words(percent: true)) on the cohort basis (\(yearLabels[a]): \(firstRate.words(percent: true))); charges are too few to publish as counts.",
            figure: lastRate.words(percent: true))
        ))
    }
    if !published.rates[b].isSuppressed {
      rateSentence +=
        " With cancelled or transferred crimes left in the denominator, the rates would be \(Wording.ofTotal(first.charged, first.recorded)) and \(Wording.ofTotal(last.charged, last.recorded)): this paper leaves them out, as they are no longer crimes of this force."
    }
    out.rateWords.append(rateSentence)
    let immature = (lags[b].shareWithoutOutcome ?? 0) > (lags[a].shareWithoutOutcome ?? 0) + 0.05
    switch rateTest.reading {
    case "Fell":
      out.asks.append(
        "Ask the Commissioner how the fall in the charge/summons rate is being addressed"
          + (immature
            ? ", bearing in mind that the latest year's outcomes are not yet complete." : "."))
    case "Rose":
      out.asks.append(
        "Note the rise in the charge/summons rate and what the force attributes it to.")
    case "No significant change":
      out.asks.append(
        "Note that the charge/summons rate has not changed significantly between \(yearLabels[a]) and \(yearLabels[b])."
      )
    default: break
    }
    if unclassifiedTest.reading == "Rose" {
      out.asks.append(
        "Seek assurance on how the force will reduce outcomes recorded as unknown or unresolved, which limit what the figures can show."
      )
    }
    // Maturity of the latest year.
    if let share = lags[b].shareWithoutOutcome, let shareFirst = lags[a].shareWithoutOutcome,
      share > 0.05
    {
      let shareCell = rateTableShare(published: published, tally: tally, year: b)
      let shareFirstCell = rateTableShare(published: published, tally: tally, year: a)
      out.rateWords.append(
        "Outcomes of recent crimes are still open: \(shareCell.words(percent: true)) of the crimes recorded in \(yearLabels[b]) were unresolved at extraction (no outcome assigned yet), against \(shareFirstCell.words(percent: true)) of those recorded in \(yearLabels[a]); crimes whose outcome is recorded as unknown, or with a label the configuration does not map, are not in these shares but with the unclassified outcomes. The \(yearLabels[b]) rate is therefore provisional and may rise as investigations close."
      )
      if share > shareFirst + 0.05 {
        out.keyPoints.append(
          (
            3,
            KeyPoint(
              text:
                "\(shareCell.words(percent: true)) of crimes recorded in \(yearLabels[b]) were unresolved at extraction (\(yearLabels[a]): \(shareFirstCell.words(percent: true))): the latest charge rate is provisional.",
              figure: shareCell.words(percent: true))
          ))
      }
    }
    if let median = lags[b].median, let m0 = lags[a].median, !lagIsSuppressed(lags[a]),
      !lagIsSuppressed(lags[b])
    {
      out.rateWords.append(
        "Where an outcome was recorded, the median time from recording to outcome was \(Int(m0.rounded())) days for crimes recorded in \(yearLabels[a]) and \(Int(median.rounded())) days for \(yearLabels[b])."
      )
    }
    out.rateWords.append(
      "The closed basis (outcomes assigned in each year, whenever the crime was recorded) is given alongside: it does not suffer from open investigations, but it mixes crimes of different years."
    )

    // Words: unclassified outcomes, a data-quality finding.
    if !unclassifiedRows.isEmpty,
      case .integer(let n0) = published.sum(of: unclassifiedRows, year: a, in: tally),
      case .integer(let n1) = published.sum(of: unclassifiedRows, year: b, in: tally)
    {
      let names = Wording.list(unclassifiedRows.map { "'\(labels[$0].label)'" })
      let text =
        "Crimes whose outcome the records do not classify (\(names)) were \(Wording.ofTotal(n1, totals[b])) in \(yearLabels[b]), against \(Wording.ofTotal(n0, totals[a])) in \(yearLabels[a]); the share \(unclassifiedTest.phrase(test: Self.fisherName)). This is a data-quality finding in its own right: until these are resolved, every outcome share and the charge rate understate what is known."
      out.outcomeWords.append(text)
      out.keyPoints.append(
        (
          2,
          KeyPoint(
            text: text,
            figure: Wording.percent(totals[b] > 0 ? Double(n1) / Double(totals[b]) : nil))
        ))
    }
    // Words: the number of crimes.
    out.outcomeWords.append(
      "The number of crimes recorded \(crimeTest.phrase(test: Self.poissonName)) between \(yearLabels[a]) (\(published.totals[a].words())) and \(yearLabels[b]) (\(published.totals[b].words()))."
    )
    out.keyPoints.append(
      (
        4,
        KeyPoint(
          text:
            "\(published.totals[b].words()) \(config.subject) crimes were recorded in \(yearLabels[b]), against \(published.totals[a].words()) in \(yearLabels[a]): the number \(crimeTest.phrase(test: Self.poissonName)).",
          figure: published.totals[b].words())
      ))
    if let t = groupTest {
      out.outcomeWords.append(
        "Across the complete years, the mix of outcomes by Home Office group \(t.pValue < 0.05 ? "differs between years" : "does not differ significantly between years") (\(Self.chiSquareName), chi-square \(Wording.fixed(t.statistic, places: 1)) on \(t.degreesOfFreedom) degrees of freedom, \(Wording.pPhrase(t.pValue, banded: isPublic)))."
          + (labelTest.map { $0.shareOfCellsWithExpectedBelowFive > 0.2 }
            ?? false
            ? " The force's own labels are too sparse to test one by one (\(labelTest!.cellsWithExpectedBelowFive) of \(labelTest!.expected.count * labelTest!.columnLabels.count) cells expect fewer than 5 crimes), so they are grouped."
            : "")
          + (t.shareOfCellsWithExpectedBelowFive > 0.2
            ? " Even grouped, \(Wording.percent(t.shareOfCellsWithExpectedBelowFive)) of cells expect fewer than 5 crimes: read the test with caution."
            : ""))
    }
    return out
  }

  /// The group a kept outcome label is pooled into for the grouped test of the outcome mix:
  /// its Home Office group, its status, or "Unmapped labels"; `nil` for cancelled or transferred
  /// crimes, which the test leaves out.
  static func mixGroup(_ meaning: OutcomeStatus?) -> String? {
    switch meaning {
    case .outcome(let t)?: t.group.rawValue
    case .cancelledOrTransferred?: nil
    case let s?: s.groupLabel
    case nil: "Unmapped labels"
    }
  }

  /// The chi-square tests of the outcome mix, by label and by group, from the cells a paper
  /// publishes: `labelCells[label][year]` are the kept labels' cells in the compared years and
  /// `keptTotals` the published totals of those labels. A category with any `[c]` cell is not
  /// tested on its own: all such categories are merged into one row whose cells are the total
  /// less the shown rows, so every number the test uses is one the paper publishes (or their
  /// difference). When that row cannot be formed (a total is `[c]`), there is no test. Given
  /// only whole numbers (a restricted paper) the tests are the ordinary ones.
  static func outcomeMixTests(
    labelCells: [[Cell]], labels: [String], groups: [String?], keptTotals: [Cell],
    yearLabels: [String]
  ) -> (label: ChiSquareHomogeneity?, group: ChiSquareHomogeneity?) {
    func test(_ cells: [[Cell]], _ names: [String]) -> ChiSquareHomogeneity? {
      guard let table = publishedTestTable(cells: cells, labels: names, totals: keptTotals)
      else { return nil }
      return try? ChiSquareHomogeneity(
        counts: table.counts, rowLabels: table.labels, columnLabels: yearLabels)
    }
    var groupNames: [String] = []
    var groupCells: [[Cell]] = []
    for (l, group) in groups.enumerated() {
      guard let group else { continue }
      if let g = groupNames.firstIndex(of: group) {
        groupCells[g] = zip(groupCells[g], labelCells[l]).map { a, b in
          if case .integer(let x) = a, case .integer(let y) = b { return .integer(x + y) }
          return .shorthand(.confidential)
        }
      } else {
        groupNames.append(group)
        groupCells.append(labelCells[l])
      }
    }
    return (test(labelCells, labels), test(groupCells, groupNames))
  }

  /// The whole-number table a test may use: rows whose cells are all shown, and one row for the
  /// rows with a `[c]` cell (the published totals less the shown rows); `nil` when a `[c]` row
  /// exists and a total is not shown.
  static func publishedTestTable(cells: [[Cell]], labels: [String], totals: [Cell])
    -> (labels: [String], counts: [[Int]])?
  {
    var names: [String] = []
    var counts: [[Int]] = []
    var hidden = 0
    for (r, row) in cells.enumerated() {
      let values = row.compactMap { cell -> Int? in
        if case .integer(let v) = cell { return v }
        return nil
      }
      if values.count == row.count {
        names.append(labels[r])
        counts.append(values)
      } else {
        hidden += 1
      }
    }
    guard hidden > 0 else { return (names, counts) }
    var merged: [Int] = []
    for (c, total) in totals.enumerated() {
      guard case .integer(let t) = total else { return nil }
      let rest = t - counts.reduce(0) { $0 + $1[c] }
      guard rest >= 0 else { return nil }
      merged.append(rest)
    }
    return (names + ["Categories with suppressed counts (\(hidden))"], counts + [merged])
  }

  /// The share of a year's crimes of the force unresolved at extraction (unresolved or type 0),
  /// as published.
  func rateTableShare(published: PublishedCounts, tally: LabelYearTally, year y: Int) -> Cell {
    let n = published.sum(of: noOutcomeRows, year: y, in: tally)
    let d = published.total(less: cancelledRows, year: y, in: tally)
    guard case .integer(let x) = n, case .integer(let t) = d, t > 0 else {
      return .shorthand(.confidential)
    }
    return shownRate(Double(x) / Double(t))
  }
}
