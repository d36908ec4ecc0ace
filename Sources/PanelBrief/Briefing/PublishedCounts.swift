/// The counts of a label-by-year table as a paper may show them: every count for a restricted
/// paper; for a public one, small counts and the cells that would reveal them shown as [c]
/// (`DisclosureControl`), checked by the attacker's audit (`DisclosureAudit`).
struct PublishedCounts {
  /// `cells[label][year]`.
  var cells: [[Cell]]
  /// The year totals as shown.
  var totals: [Cell]
  /// The rate of each year (for the outcome table: the charge/summons rate), as shown.
  var rates: [Cell]
  /// Which interior cells are suppressed.
  var suppressed: Set<[Int]>
  /// `true` when the audit found no suppressed cell that can be worked out. Always `true` for a
  /// restricted paper.
  var isProtected: Bool
  /// Human-readable note on what was suppressed.
  var summary: String

  func isSuppressed(_ label: Int, _ year: Int) -> Bool { suppressed.contains([label, year]) }

  /// Shows all counts (restricted papers).
  static func unsuppressed(_ tally: LabelYearTally, rates: [Double?]) -> PublishedCounts {
    PublishedCounts(
      cells: tally.counts.map { $0.map { .integer($0) } },
      totals: tally.yearTotals.map { .integer($0) },
      rates: rates.map { $0.map { .number($0) } ?? .shorthand(.notApplicable) },
      suppressed: [], isProtected: true, summary: "")
  }

  /// Suppresses a public table: counts from 1 to threshold-1, and what would reveal them, given
  /// that year totals (and the rates, when `rate` is given) are published.
  static func protected(
    _ tally: LabelYearTally, labels: [String], years: [String], threshold: Int,
    rate: (numeratorRows: [Int], excludedRows: [Int])?
  ) -> PublishedCounts {
    let rates: [DisclosureControl.Rate] =
      rate.map { r in
        years.indices.map {
          DisclosureControl.Rate(
            label: "rate \(years[$0])", column: $0, numeratorRows: r.numeratorRows,
            excludedRows: r.excludedRows, percentDecimals: 1)
        }
      } ?? []
    do {
      let table = try DisclosureControl.Table(
        rowLabels: labels, columnLabels: years, counts: tally.counts, margins: .columnTotals,
        rates: rates)
      let result = try DisclosureControl.suppress(table, threshold: threshold)
      var suppressed = Set<[Int]>()
      for p in result.suppressed {
        if case .interior(let r, let c) = p { suppressed.insert([r, c]) }
      }
      let totals = result.columnTotals ?? tally.yearTotals.map { .integer($0) }
      var rateCells: [Cell] = []
      for (i, r) in rates.enumerated() {
        if result.suppressedRates.contains(i) {
          rateCells.append(.shorthand(.confidential))
        } else if let p = r.publishedPercent(in: table) {
          rateCells.append(.number(p / 100))
        } else {
          rateCells.append(.shorthand(.notApplicable))
        }
      }
      return PublishedCounts(
        cells: result.cells, totals: totals, rates: rateCells, suppressed: suppressed,
        isProtected: result.isProtected,
        summary:
          "\(result.primary.count) cells suppressed as counts from 1 to \(threshold - 1), \(result.secondary.count) more to stop them being worked out from totals\(rates.isEmpty ? "" : " and rates")"
      )
    } catch {
      // A table disclosure control cannot handle is not published at all.
      return PublishedCounts(
        cells: tally.counts.map { $0.map { _ in .shorthand(.confidential) } },
        totals: tally.yearTotals.map { _ in .shorthand(.confidential) },
        rates: years.map { _ in .shorthand(.confidential) },
        suppressed: Set(tally.counts.indices.flatMap { r in years.indices.map { [r, $0] } }),
        isProtected: true, summary: "the whole table suppressed: \(error)")
    }
  }

  /// A row of several labels summed (e.g. an outcome group): [c] when any member is suppressed.
  func sum(of rows: [Int], year: Int, in tally: LabelYearTally) -> Cell {
    if rows.contains(where: { isSuppressed($0, year) }) { return .shorthand(.confidential) }
    return .integer(rows.reduce(0) { $0 + tally.counts[$1][year] })
  }

  /// A year total less some rows (a denominator): [c] when any of those rows is suppressed.
  func total(less rows: [Int], year: Int, in tally: LabelYearTally) -> Cell {
    if rows.contains(where: { isSuppressed($0, year) }) { return .shorthand(.confidential) }
    guard case .integer = totals[year] else { return .shorthand(.confidential) }
    return .integer(tally.yearTotals[year] - rows.reduce(0) { $0 + tally.counts[$1][year] })
  }
}

extension Cell {
  /// The cell as words in a sentence: "1,234", "4.9%", or "[c]".
  func words(percent: Bool = false) -> String {
    switch self {
    case .integer(let i): percent ? Wording.percent(Double(i)) : Wording.count(i)
    case .number(let d): percent ? Wording.percent(d) : Wording.fixed(d, places: 1)
    case .text(let s): s
    case .shorthand(let s): s.rawValue
    }
  }

  var isSuppressed: Bool { self == .shorthand(.confidential) }
}
