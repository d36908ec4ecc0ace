import Foundation

extension DisclosureAudit {
  /// What an attacker who enumerates whole-number tables learns about the suppressed cells.
  ///
  /// The linear audit (`audit`) bounds each suppressed cell over real numbers. An attacker can do
  /// better: counts are whole numbers, so the tables consistent with a publication can be listed
  /// one by one, and any published number that is not linear in the cells (a chi-square
  /// statistic, a p-value, an expected count, a median) can then be checked against each table
  /// at the precision it is published. `IntegerReport` is the result of that enumeration.
  public struct IntegerReport: Sendable, Equatable {
    /// The suppressed cells, in the order of `Position`.
    public var cells: [DisclosureControl.Position]
    /// `false` when the enumeration stopped at its limit (or a cell is unbounded): the report
    /// then proves nothing, and a publication relying on it must be refused.
    public var isComplete: Bool
    /// The tables consistent with the linear facts (cells, totals, sums, rounded rates).
    public var linearTables: Int
    /// The tables that also agree with every nonlinear fact checked (all of them when none is).
    public var tables: Int
    /// The values each suppressed cell takes over `tables`, keyed by position.
    public var values: [DisclosureControl.Position: [Int]]

    /// The cells an attacker learns too much about: one feasible value, or every feasible value
    /// inside 1...threshold−1 (the attacker then knows the cell is a small, non-zero count).
    /// When the enumeration is incomplete, or no table fits, every cell is reported.
    public func disclosed(threshold: Int) -> [DisclosureControl.Position] {
      guard isComplete, tables > 0 else { return cells }
      return cells.filter { p in
        let v = values[p] ?? []
        guard let lo = v.first, let hi = v.last else { return true }
        return lo == hi || (lo >= 1 && hi <= threshold - 1)
      }
    }

    /// The one table left, as cell values, when the attacker is left with exactly one.
    public var recovered: [DisclosureControl.Position: Int]? {
      guard isComplete, tables == 1 else { return nil }
      var out: [DisclosureControl.Position: Int] = [:]
      for p in cells { out[p] = values[p]?.first }
      return out
    }
  }

  /// Lists every assignment of whole numbers ≥ 0 to the suppressed cells of `publication` that
  /// satisfies all its relations (the table's sums and every published relation, rates at their
  /// rounding), and keeps those `accept` agrees with (e.g. a chi-square statistic that rounds to
  /// the published value). The search is a depth-first enumeration with interval propagation:
  /// cells are bounded first by the linear audit, then each relation prunes any partial
  /// assignment it can no longer satisfy. It stops, incomplete, after `limit` tables.
  public static func enumerateIntegerTables(
    _ publication: Publication, limit: Int = 1_000_000,
    accept: (([DisclosureControl.Position: Int]) -> Bool)? = nil
  ) -> IntegerReport {
    // Column by column: a column's sum closes as soon as its last cell is set.
    func order(_ p: DisclosureControl.Position) -> (Int, Int, Int) {
      switch p {
      case .interior(let r, let c): (c, 0, r)
      case .columnTotal(let c): (c, 1, 0)
      case .rowTotal(let r): (publication.columnCount, 0, r)
      case .grandTotal: (publication.columnCount + 1, 0, 0)
      }
    }
    let variables = publication.suppressed.sorted { order($0) < order($1) }
    var report = IntegerReport(
      cells: publication.suppressed.sorted(), isComplete: true, linearTables: 0, tables: 0,
      values: [:])
    guard !variables.isEmpty else {
      report.linearTables = 1
      report.tables = (accept?([:]) ?? true) ? 1 : 0
      return report
    }
    let linear = audit(publication)
    guard linear.isConsistent else {
      report.tables = 0
      return report
    }
    var lows: [Int] = []
    var highs: [Int] = []
    for p in variables {
      guard let r = linear.range(of: p), r.solved, let hi = r.upperBound else {
        report.isComplete = false
        return report
      }
      lows.append(r.lowerBound)
      highs.append(hi)
    }
    var index: [DisclosureControl.Position: Int] = [:]
    for (i, p) in variables.enumerated() { index[p] = i }

    // Each relation over the variables: Σ a_i x_i within [lower, upper].
    var rows: [IntegerRow] = []
    for relation in publication.structuralRelations + publication.relations {
      var coefficients: [Int: Double] = [:]
      var constant = 0.0
      for term in relation.terms {
        if let i = index[term.position] {
          coefficients[i, default: 0] += term.coefficient
        } else if let v = publication.shown[term.position] {
          constant += term.coefficient * Double(v)
        }
      }
      let terms = coefficients.filter { abs($0.value) > 1e-12 }.sorted { $0.key < $1.key }
        .map { (variable: $0.key, coefficient: $0.value) }
      guard !terms.isEmpty else { continue }
      let lower = relation.lower - constant
      let upper = relation.upper - constant
      let scale = max(
        1, abs(lower.isFinite ? lower : 0), abs(upper.isFinite ? upper : 0),
        terms.map { abs($0.coefficient) }.max() ?? 1)
      rows.append(IntegerRow(terms: terms, lower: lower, upper: upper, tolerance: 1e-7 * scale))
    }
    // Cells linked by no relation vary independently: without a nonlinear check each group of
    // linked cells is enumerated on its own and the counts multiply.
    var components: [[Int]]
    if accept == nil {
      var parent = Array(variables.indices)
      func root(_ i: Int) -> Int {
        var i = i
        while parent[i] != i {
          parent[i] = parent[parent[i]]
          i = parent[i]
        }
        return i
      }
      for row in rows {
        for t in row.terms.dropFirst() { parent[root(t.variable)] = root(row.terms[0].variable) }
      }
      var byRoot: [Int: [Int]] = [:]
      for i in variables.indices { byRoot[root(i), default: []].append(i) }
      components = byRoot.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    } else {
      components = [Array(variables.indices)]
    }
    var linearTotal = 1
    var acceptedTotal = 1
    var seen = [Set<Int>](repeating: [], count: variables.count)
    for component in components {
      let inComponent = Set(component)
      let componentRows = rows.indices.filter { inComponent.contains(rows[$0].terms[0].variable) }
      let result = search(
        component, rows: componentRows.map { rows[$0] }, lows: lows, highs: highs,
        limit: limit, variables: variables, accept: accept)
      for (i, v) in result.seen { seen[i] = v }
      guard result.complete else {
        report.isComplete = false
        report.linearTables = 0
        report.tables = 0
        return report
      }
      linearTotal =
        linearTotal.multipliedReportingOverflow(by: result.linear).overflow
        ? Int.max : linearTotal * result.linear
      acceptedTotal =
        acceptedTotal.multipliedReportingOverflow(by: result.accepted).overflow
        ? Int.max : acceptedTotal * result.accepted
      if acceptedTotal == 0 { break }
    }
    report.linearTables = linearTotal
    report.tables = acceptedTotal
    for (i, p) in variables.enumerated() { report.values[p] = seen[i].sorted() }
    return report
  }

  /// One row of the integer search: Σ coefficient × variable within [lower, upper].
  private struct IntegerRow {
    var terms: [(variable: Int, coefficient: Double)]
    var lower: Double
    var upper: Double
    var tolerance: Double
  }

  /// Depth-first enumeration of the whole-number values of `component` (indices into
  /// `variables`) that satisfy `rows`, each variable within its bounds.
  private static func search(
    _ component: [Int], rows: [IntegerRow], lows: [Int], highs: [Int], limit: Int,
    variables: [DisclosureControl.Position],
    accept: (([DisclosureControl.Position: Int]) -> Bool)?
  ) -> (complete: Bool, linear: Int, accepted: Int, seen: [Int: Set<Int>]) {
    var rowsOf: [Int: [Int]] = [:]
    for (k, row) in rows.enumerated() {
      for t in row.terms { rowsOf[t.variable, default: []].append(k) }
    }
    // Running state: the sum of the assigned terms, and the least and greatest the unassigned
    // terms can still add.
    var assigned = [Double](repeating: 0, count: rows.count)
    var restLow = [Double](repeating: 0, count: rows.count)
    var restHigh = [Double](repeating: 0, count: rows.count)
    for (k, row) in rows.enumerated() {
      for t in row.terms {
        let a = t.coefficient * Double(lows[t.variable])
        let b = t.coefficient * Double(highs[t.variable])
        restLow[k] += min(a, b)
        restHigh[k] += max(a, b)
      }
    }
    var values = [Int](repeating: 0, count: variables.count)
    var seen: [Int: Set<Int>] = [:]
    var linearCount = 0
    var accepted = 0
    var stopped = false

    func feasible(_ k: Int) -> Bool {
      let row = rows[k]
      return assigned[k] + restHigh[k] >= row.lower - row.tolerance
        && assigned[k] + restLow[k] <= row.upper + row.tolerance
    }

    func visit(_ depth: Int) {
      if stopped { return }
      if depth == component.count {
        linearCount += 1
        if linearCount > limit {
          stopped = true
          return
        }
        var keep = true
        if let accept {
          var table: [DisclosureControl.Position: Int] = [:]
          for i in component { table[variables[i]] = values[i] }
          keep = accept(table)
        }
        if keep {
          accepted += 1
          for i in component { seen[i, default: []].insert(values[i]) }
        }
        return
      }
      let variable = component[depth]
      let lo = Double(lows[variable])
      let hi = Double(highs[variable])
      let mine = rowsOf[variable] ?? []
      var coefficient: [Double] = []
      for k in mine {
        let c = rows[k].terms.first { $0.variable == variable }!.coefficient
        coefficient.append(c)
        restLow[k] -= min(c * lo, c * hi)
        restHigh[k] -= max(c * lo, c * hi)
      }
      for v in lows[variable]...highs[variable] {
        let x = Double(v)
        var ok = true
        for (j, k) in mine.enumerated() {
          assigned[k] += coefficient[j] * x
          if !feasible(k) { ok = false }
        }
        if ok {
          values[variable] = v
          visit(depth + 1)
        }
        for (j, k) in mine.enumerated() { assigned[k] -= coefficient[j] * x }
        if stopped { break }
      }
      for (j, k) in mine.enumerated() {
        let c = coefficient[j]
        restLow[k] += min(c * lo, c * hi)
        restHigh[k] += max(c * lo, c * hi)
      }
    }
    visit(0)
    return (!stopped, linearCount, accepted, seen)
  }
}
