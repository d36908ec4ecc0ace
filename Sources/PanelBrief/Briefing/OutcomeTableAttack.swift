import Foundation

/// An attacker's reading of a published paper's outcome tables: everything the paper prints about
/// the crimes by outcome label and year, turned into facts about the suppressed cells.
///
/// Linear facts: the shown cells and year totals of the outcome table, every shown sum of the
/// type and group tables, the charge-rate table's counts, and every published proportion as the
/// interval its rounding allows (the charge rate, the share with no outcome, the unclassified
/// share). Nonlinear facts: each row of the outcome-mix test (chi-square statistic, degrees of
/// freedom, p-value, smallest expected count, cells expecting fewer than 5 and their share),
/// each at the precision it is published. `run` enumerates the whole-number tables that agree
/// with the linear facts and keeps those whose recomputed tests agree with the nonlinear ones.
///
/// The attacker is told what each label means (its Home Office type or status), which the
/// configuration says and a reader can mostly guess from the labels: a stronger attacker than a
/// reader, so a conservative audit.
public struct OutcomeTableAttack: Sendable {
  /// The published cells and linear facts.
  public var publication: DisclosureAudit.Publication
  /// The outcome labels, one per row of the outcome table.
  public var labels: [String]
  /// The year labels, one per column.
  public var years: [String]
  /// What each label means (`nil`: not mapped).
  public var meanings: [OutcomeStatus?]
  /// The published rows of the outcome-mix test, by column name.
  public var mixFacts: [[String: Cell]]
  /// The published denominators (crimes of the force) by year, as shown.
  public var keptTotals: [Cell]

  /// Why a paper cannot be read.
  public struct Unreadable: Error, CustomStringConvertible {
    public var description: String
  }

  /// Reads `briefing` (as its JSON publishes it). `meanings` gives each outcome label's meaning,
  /// in the order of the outcome table's rows.
  public init(briefing: Briefing, meanings: [OutcomeStatus?]) throws {
    typealias P = DisclosureControl.Position
    guard let outcomes = briefing.table("Outcomes_by_label") else {
      throw Unreadable(description: "the paper has no Outcomes_by_label table")
    }
    let body = Array(outcomes.rows.dropLast())
    guard body.count == meanings.count, let totalRow = outcomes.rows.last else {
      throw Unreadable(
        description:
          "the outcome table has \(outcomes.rows.count - 1) labels, not \(meanings.count)"
      )
    }
    let yearCount = outcomes.columns.count - 2
    labels = body.map { if case .text(let s) = $0[0] { s } else { "" } }
    years = outcomes.columns.dropFirst(2).map(\.name)
    self.meanings = meanings
    var shown: [P: Int] = [:]
    var suppressed = Set<P>()
    for (r, row) in body.enumerated() {
      for c in 0..<yearCount {
        switch row[c + 2] {
        case .integer(let v): shown[.interior(row: r, column: c)] = v
        default: suppressed.insert(.interior(row: r, column: c))
        }
      }
    }
    for c in 0..<yearCount {
      if case .integer(let v) = totalRow[c + 2] {
        shown[.columnTotal(column: c)] = v
      } else {
        suppressed.insert(.columnTotal(column: c))
      }
    }

    let rows = Array(meanings.indices)
    func members(_ test: (OutcomeStatus?) -> Bool) -> [Int] { rows.filter { test(meanings[$0]) } }
    func cells(_ rows: [Int], _ c: Int) -> [P] { rows.map { .interior(row: $0, column: c) } }
    var relations: [DisclosureControl.Relation] = []
    func equals(_ label: String, _ rows: [Int], _ c: Int, _ cell: Cell) {
      guard case .integer(let v) = cell, !rows.isEmpty else { return }
      relations.append(
        .init(label: label, terms: cells(rows, c).map { .init($0, 1) }, equals: Double(v)))
    }
    /// A proportion shown rounded: numerator / denominator within half a unit of its last place.
    func proportion(
      _ label: String, _ numerator: [Int], _ denominator: [Int], _ c: Int, _ cell: Cell
    ) {
      guard case .number(let shownValue) = cell else { return }
      let half = 0.5 * pow(10, -Double(Self.decimals(shownValue)))
      func terms(_ q: Double) -> [DisclosureControl.Relation.Term] {
        var t: [P: Double] = [:]
        for r in numerator { t[.interior(row: r, column: c), default: 0] += 1 }
        for r in denominator { t[.interior(row: r, column: c), default: 0] -= q }
        return t.sorted { $0.key < $1.key }.map { .init($0.key, $0.value) }
      }
      relations.append(
        .init(
          label: label + " (lower)", terms: terms(max(0, shownValue - half)), lower: 0,
          upper: .infinity))
      relations.append(
        .init(
          label: label + " (upper)", terms: terms(shownValue + half), lower: -.infinity, upper: 0))
    }
    // The type table: a row per Home Office type, or per status. A row the attacker cannot
    // place is an error, not a fact left out: the audit must model everything published.
    if let types = briefing.table("Outcomes_by_type") {
      for row in types.rows.dropLast() {
        var rowMembers: [Int]
        if case .text(let code) = row[0], let t = OutcomeType(code: code) {
          rowMembers = members { $0 == .outcome(t) }
        } else if case .text(let name) = row[1] {
          if name == "Unmapped labels" {
            rowMembers = members { $0 == nil }
          } else if name.hasPrefix("Unresolved") || name.hasSuffix("(unresolved)") {
            rowMembers = members { $0 == .unresolved }
          } else {
            rowMembers = members { $0 != nil && $0?.groupLabel == name && $0 != .unresolved }
          }
        } else {
          rowMembers = []
        }
        guard !rowMembers.isEmpty else {
          throw Unreadable(
            description: "the attacker cannot place the type row \(row[0]) \(row[1])")
        }
        for c in 0..<yearCount {
          equals("type row", rowMembers, c, row[c + 2])
          // The type's share of the year's crimes of the force, as the interval its rounding
          // allows.
          if let k = types.columnIndex("\(years[c]) share"), k < row.count {
            proportion(
              "type share", rowMembers,
              rows.filter { meanings[$0] != .cancelledOrTransferred }, c, row[k])
          }
        }
      }
    }
    // The group table: a label belongs to its Home Office group, a status to its own row
    // (unresolved crimes to "Not yet assigned", with type 0).
    if let groups = briefing.table("Outcomes_by_group") {
      for row in groups.rows.dropLast() {
        guard case .text(let name) = row[0] else { continue }
        // Papers before December 2026 had a row of unresolved crimes of their own.
        let m =
          name == "Unmapped labels"
          ? members { $0 == nil }
          : name.hasSuffix("(unresolved)")
            ? members { $0 == .unresolved } : members { $0 != nil && $0?.groupLabel == name }
        guard !m.isEmpty else {
          throw Unreadable(description: "the attacker cannot place the group row '\(name)'")
        }
        for c in 0..<yearCount { equals("group \(name)", m, c, row[c + 1]) }
      }
    }
    // The charge-rate table.
    let charged = members { $0?.isChargeOrSummons ?? false }
    let cancelled = members { $0 == .cancelledOrTransferred }
    let ofForce = rows.filter { !cancelled.contains($0) }
    let noOutcome = members { $0 == .unresolved || $0 == .outcome(.notYetAssigned) }
    let unclassified = members { $0 == nil || $0 == .unknown || $0 == .unresolved }
    var kept: [Cell] = Array(repeating: .shorthand(.confidential), count: yearCount)
    if let rate = briefing.table("Charge_rate") {
      // The interval limits are shown only beside a shown rate, from shown counts.
      let known = [
        "Year recorded", "Charged or summonsed", "Crimes recorded", "Cancelled or transferred",
        "Crimes of the force (denominator)", "Charge/summons rate", "Lower 95% limit",
        "Upper 95% limit", "Share unresolved at extraction",
        "Share with no outcome at extraction",  // its name in papers before December 2026
      ]
      if let unknown = rate.columns.first(where: { !known.contains($0.name) }) {
        throw Unreadable(
          description: "the attacker does not know the charge-rate column '\(unknown.name)'")
      }
      func column(_ name: String) -> Int? { rate.columnIndex(name) }
      for (c, row) in rate.rows.enumerated() where c < yearCount {
        if let k = column("Charged or summonsed") { equals("charged", charged, c, row[k]) }
        if let k = column("Cancelled or transferred") { equals("cancelled", cancelled, c, row[k]) }
        if let k = column("Crimes of the force (denominator)") {
          equals("denominator", ofForce, c, row[k])
          kept[c] = row[k]
        }
        if let k = column("Charge/summons rate") {
          proportion("rate", charged, ofForce, c, row[k])
        }
        if let k = column("Share unresolved at extraction")
          ?? column("Share with no outcome at extraction")
        {
          proportion("no outcome", noOutcome, ofForce, c, row[k])
        }
      }
    }
    keptTotals = kept
    // The comparison of shares: the unclassified share in the two years compared.
    if let change = briefing.table("Change_in_rates"),
      let share = change.rows.first(where: {
        if case .text(let s) = $0[0] { s.hasPrefix("Share") } else { false }
      })
    {
      for k in [1, 2] where k < change.columns.count {
        if let c = years.firstIndex(of: change.columns[k].name) {
          proportion("unclassified share", unclassified, rows, c, share[k])
        }
      }
    }
    publication = DisclosureAudit.Publication(
      rowCount: body.count, columnCount: yearCount, margins: .columnTotals, shown: shown,
      suppressed: suppressed, relations: relations)
    mixFacts =
      briefing.table("Outcome_mix_test").map { t in
        t.rows.map { row in
          var facts: [String: Cell] = [:]
          for (k, column) in t.columns.enumerated() where k < row.count {
            // JSON writes 103.0 as 103: a whole number in a column of decimals is a decimal.
            if case .integer(let n) = row[k], column.kind != .count {
              facts[column.name] = .number(Double(n))
            } else {
              facts[column.name] = row[k]
            }
          }
          return facts
        }
      } ?? []
  }

  /// The number of decimal places a published number carries (15 at most: a number written at
  /// full precision).
  static func decimals(_ x: Double) -> Int {
    for d in 0...15 {
      let scale = pow(10, Double(d))
      if abs((x * scale).rounded() / scale - x) <= 1e-12 * max(1, abs(x)) { return d }
    }
    return 15
  }

  /// `true` when `value` rounds to the published `cell` at the cell's precision (or falls in
  /// its band, for a p-value band). A cell that is not a number or a band says nothing.
  static func agrees(_ value: Double, _ cell: Cell?) -> Bool {
    switch cell {
    case .integer(let n)?: return abs(value - Double(n)) < 1e-9
    case .number(let x)?:
      let d = decimals(x)
      if d >= 12 { return abs(value - x) <= 1e-9 * max(1, abs(x)) }
      return abs(value - x) <= 0.5 * pow(10, -Double(d)) + 1e-9
    case .text(let band)?:
      switch band {
      case "<0.001": return value < 0.001
      case "<0.05": return value >= 0.001 && value < 0.05
      case "≥0.05": return value >= 0.05
      default: return true
      }
    default: return true
    }
  }

  /// The outcome-mix tests recomputed for one candidate table, as the paper computes them: on
  /// the published cells (`onPublishedCells`), or on the candidate's own counts (the old
  /// behaviour, `BriefingBuilder.testsOnUnsuppressedCounts`).
  func mixTests(_ counts: [[Int]], onPublishedCells: Bool)
    -> (label: ChiSquareHomogeneity?, group: ChiSquareHomogeneity?)
  {
    let complete = years.indices.filter { !years[$0].contains("(partial)") }
    let kept = meanings.indices.filter { meanings[$0] != .cancelledOrTransferred }
    let labelCells: [[Cell]] = kept.map { r in
      complete.map { c in
        onPublishedCells && publication.suppressed.contains(.interior(row: r, column: c))
          ? .shorthand(.confidential) : .integer(counts[r][c])
      }
    }
    let totals: [Cell] = complete.map { c in
      onPublishedCells ? keptTotals[c] : .integer(kept.reduce(0) { $0 + counts[$1][c] })
    }
    return BriefingBuilder.outcomeMixTests(
      labelCells: labelCells, labels: kept.map { labels[$0] },
      groups: kept.map { BriefingBuilder.mixGroup(meanings[$0]) }, keptTotals: totals,
      yearLabels: complete.map { years[$0] })
  }

  /// `true` when the recomputed tests agree with every published fact of the outcome-mix table.
  func agreesWithMix(_ tests: (label: ChiSquareHomogeneity?, group: ChiSquareHomogeneity?))
    -> Bool
  {
    for (k, facts) in mixFacts.enumerated() {
      let test = k == 0 ? tests.label : k == 1 ? tests.group : nil
      guard let t = test else {
        // An untested row publishes no number; a candidate that can be tested while the paper
        // could not is still possible (the paper may have refused for want of published cells).
        continue
      }
      let checks: [(String, Double)] = [
        ("Categories", Double(t.keptRows.count)), ("Chi-square", t.statistic),
        ("Degrees of freedom", Double(t.degreesOfFreedom)), ("p-value", t.pValue),
        ("Smallest expected count", t.minimumExpected),
        ("Cells expecting fewer than 5", Double(t.cellsWithExpectedBelowFive)),
        ("Share of cells expecting fewer than 5", t.shareOfCellsWithExpectedBelowFive),
      ]
      for (name, value) in checks where !Self.agrees(value, facts[name]) { return false }
    }
    return true
  }

  /// Pearson's X² of a table, all-zero rows and columns left out (as `ChiSquareHomogeneity`),
  /// without the p-value: the attacker's quick first check of a candidate.
  static func statistic(_ table: [[Int]]) -> Double {
    let rows = table.filter { $0.contains { $0 != 0 } }
    guard let width = rows.first?.count else { return 0 }
    let columns = (0..<width).filter { c in rows.contains { $0[c] != 0 } }
    let rowTotals = rows.map { r in columns.reduce(0.0) { $0 + Double(r[$1]) } }
    let columnTotals = columns.map { c in rows.reduce(0.0) { $0 + Double($1[c]) } }
    let n = rowTotals.reduce(0, +)
    var x2 = 0.0
    for (i, r) in rows.enumerated() {
      for (j, c) in columns.enumerated() {
        let e = rowTotals[i] * columnTotals[j] / n
        let d = Double(r[c]) - e
        x2 += d * d / e
      }
    }
    return x2
  }

  /// The full table of one candidate: shown cells, and the candidate's values for the others.
  func counts(_ candidate: [DisclosureControl.Position: Int]) -> [[Int]] {
    (0..<publication.rowCount).map { r in
      (0..<publication.columnCount).map { c in
        let p = DisclosureControl.Position.interior(row: r, column: c)
        return publication.shown[p] ?? candidate[p] ?? 0
      }
    }
  }

  /// Enumerates the whole-number tables that agree with everything published. With
  /// `useMixFacts` the outcome-mix tests are recomputed for each table, the way the paper
  /// says it computed them (`onPublishedCells`), and must agree at their published precision.
  public func run(useMixFacts: Bool = true, onPublishedCells: Bool = true, limit: Int = 2_000_000)
    -> DisclosureAudit.IntegerReport
  {
    guard useMixFacts, !mixFacts.isEmpty else {
      return DisclosureAudit.enumerateIntegerTables(publication, limit: limit)
    }
    if onPublishedCells {
      // The tests are a function of the published cells alone: every candidate gets the same
      // tests, so they either agree for all or for none, and the cells vary independently.
      let some = mixTests(counts([:]), onPublishedCells: true)
      var report = DisclosureAudit.enumerateIntegerTables(publication, limit: limit)
      if !agreesWithMix(some) { report.tables = 0 }
      return report
    }
    // The statistic alone first (cheap), the whole test only for the tables that pass.
    let complete = years.indices.filter { !years[$0].contains("(partial)") }
    let kept = meanings.indices.filter { meanings[$0] != .cancelledOrTransferred }
    var groupOf: [Int] = []
    var groupNames: [String] = []
    for l in kept {
      let g = BriefingBuilder.mixGroup(meanings[l]) ?? ""
      if let i = groupNames.firstIndex(of: g) {
        groupOf.append(i)
      } else {
        groupOf.append(groupNames.count)
        groupNames.append(g)
      }
    }
    let published = mixFacts.map { $0["Chi-square"] }
    return DisclosureAudit.enumerateIntegerTables(publication, limit: limit) { candidate in
      let all = counts(candidate)
      let byLabel = kept.map { l in complete.map { all[l][$0] } }
      if published.count > 0, !Self.agrees(Self.statistic(byLabel), published[0]) { return false }
      if published.count > 1 {
        var byGroup = [[Int]](
          repeating: [Int](repeating: 0, count: complete.count), count: groupNames.count)
        for (i, row) in byLabel.enumerated() {
          for c in row.indices { byGroup[groupOf[i]][c] += row[c] }
        }
        if !Self.agrees(Self.statistic(byGroup), published[1]) { return false }
      }
      return agreesWithMix(mixTests(all, onPublishedCells: false))
    }
  }
}
