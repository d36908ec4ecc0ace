import Foundation

/// The attacker's view of a published table: given only what a public paper shows (the counts
/// that are not `[c]`, the published totals, the published rates and any other published linear
/// relation), how exactly can each suppressed cell be worked out?
///
/// For every suppressed cell the audit solves two linear programmes (minimise and maximise the
/// cell subject to every published relation, all cells non-negative) and rounds the bounds
/// inward to whole numbers, because counts are whole numbers. A cell is *disclosed* when its
/// smallest and largest possible values are equal: the attacker knows it exactly. This is the
/// audit τ-ARGUS and similar tools perform. It uses the linear relaxation: an attacker who also
/// solved integer programmes could, in rare cases, narrow a range further than this audit does.
///
/// The attacker is not told which `[c]` cells are primary (1 to threshold−1) and which are
/// secondary, so every suppressed cell is only known to be a whole number of at least 0.
public struct DisclosureAudit: Sendable {
  /// The range of values an attacker can work out for one suppressed cell.
  public struct CellRange: Sendable, Equatable, CustomStringConvertible {
    /// The suppressed cell.
    public var position: DisclosureControl.Position
    /// The smallest whole number consistent with the publication.
    public var lowerBound: Int
    /// The largest whole number consistent with the publication; `nil` when unbounded (no
    /// published total limits the cell).
    public var upperBound: Int?
    /// The linear-programming minimum, before rounding up to a whole number.
    public var relaxedLowerBound: Double
    /// The linear-programming maximum, before rounding down; `nil` when unbounded.
    public var relaxedUpperBound: Double?
    /// `false` when the solver failed (iteration limit); such a cell is reported as disclosed,
    /// because the audit could not show that it is protected.
    public var solved: Bool

    /// `true` when the attacker can recover the cell exactly (or the audit could not show
    /// otherwise).
    public var isDisclosed: Bool {
      guard solved else { return true }
      guard let upper = upperBound else { return false }
      return upper <= lowerBound
    }

    public var description: String {
      "\(position): \(lowerBound)...\(upperBound.map(String.init) ?? "∞")"
        + (isDisclosed ? " (disclosed)" : "")
    }
  }

  /// What the audit found.
  public struct Report: Sendable, Equatable {
    /// One range per audited suppressed cell, in the order of `Position`.
    public var ranges: [CellRange]
    /// `false` when no table of non-negative counts fits what is published: the publication
    /// contradicts itself (for example a total that is not the sum of its cells).
    public var isConsistent: Bool

    /// The suppressed cells an attacker can recover exactly.
    public var disclosed: [DisclosureControl.Position] {
      ranges.filter(\.isDisclosed).map(\.position)
    }

    /// The range found for `position`, if it was audited.
    public func range(of position: DisclosureControl.Position) -> CellRange? {
      ranges.first { $0.position == position }
    }
  }

  /// Exactly what a paper publishes about one table, and nothing more: the shape, which totals
  /// are part of the table, the values shown, which cells are `[c]`, and every published linear
  /// relation (rates as the intervals their rounding allows, and any other declared relation).
  public struct Publication: Sendable, Equatable {
    public var rowCount: Int
    public var columnCount: Int
    /// Which totals the table has (each shown or `[c]`).
    public var margins: DisclosureControl.Margins
    /// The value of every cell that is shown.
    public var shown: [DisclosureControl.Position: Int]
    /// The cells shown as `[c]`.
    public var suppressed: Set<DisclosureControl.Position>
    /// The published relations other than the table's own sums: rates and declared relations.
    public var relations: [DisclosureControl.Relation]

    public init(
      rowCount: Int, columnCount: Int, margins: DisclosureControl.Margins,
      shown: [DisclosureControl.Position: Int], suppressed: Set<DisclosureControl.Position>,
      relations: [DisclosureControl.Relation]
    ) {
      self.rowCount = rowCount
      self.columnCount = columnCount
      self.margins = margins
      self.shown = shown
      self.suppressed = suppressed
      self.relations = relations
    }

    /// What a paper would publish if it showed `table` with the cells in `suppressed` as `[c]`
    /// and the rates whose indices are in `suppressedRates` as `[c]`: every other cell is shown,
    /// every other rate is published rounded as the rate declares, and every declared relation
    /// is published.
    public init(
      table: DisclosureControl.Table, suppressed: Set<DisclosureControl.Position>,
      suppressedRates: Set<Int> = []
    ) {
      var shown: [DisclosureControl.Position: Int] = [:]
      for position in table.positions where !suppressed.contains(position) {
        shown[position] = table.value(at: position)
      }
      var relations = table.relations
      for (index, rate) in table.rates.enumerated() where !suppressedRates.contains(index) {
        if let percent = rate.publishedPercent(in: table) {
          relations += rate.attackerRelations(publishedPercent: percent, rowCount: table.rowCount)
        }
      }
      self.init(
        rowCount: table.rowCount, columnCount: table.columnCount, margins: table.margins,
        shown: shown, suppressed: suppressed.intersection(table.positions), relations: relations)
    }

    /// The table's own additive relations: each published total equals the sum of its cells.
    var structuralRelations: [DisclosureControl.Relation] {
      typealias P = DisclosureControl.Position
      var result: [DisclosureControl.Relation] = []
      func sum(_ label: String, _ parts: [P], _ total: P) -> DisclosureControl.Relation {
        DisclosureControl.Relation(
          label: label,
          terms: parts.map { .init($0, 1) } + [.init(total, -1)], equals: 0)
      }
      if margins.contains(.rowTotals) {
        for r in 0..<rowCount {
          result.append(
            sum(
              "row \(r + 1) total", (0..<columnCount).map { P.interior(row: r, column: $0) },
              .rowTotal(row: r)))
        }
      }
      if margins.contains(.columnTotals) {
        for c in 0..<columnCount {
          result.append(
            sum(
              "column \(c + 1) total", (0..<rowCount).map { P.interior(row: $0, column: c) },
              .columnTotal(column: c)))
        }
      }
      if margins.contains(.grandTotal) {
        var anyMargin = false
        if margins.contains(.columnTotals) {
          anyMargin = true
          result.append(
            sum("grand total", (0..<columnCount).map { P.columnTotal(column: $0) }, .grandTotal))
        }
        if margins.contains(.rowTotals) {
          anyMargin = true
          result.append(
            sum("grand total", (0..<rowCount).map { P.rowTotal(row: $0) }, .grandTotal))
        }
        if !anyMargin {
          let all = (0..<rowCount).flatMap { r in
            (0..<columnCount).map { P.interior(row: r, column: $0) }
          }
          result.append(sum("grand total", all, .grandTotal))
        }
      }
      return result
    }
  }

  /// Audits every suppressed cell of `publication` (or only those in `cells`).
  public static func audit(
    _ publication: Publication, cells: [DisclosureControl.Position]? = nil
  ) -> Report {
    let variables = publication.suppressed.sorted()
    var index: [DisclosureControl.Position: Int] = [:]
    for (i, p) in variables.enumerated() { index[p] = i }
    var program = LinearProgram(variableCount: variables.count)
    var consistent = true
    for relation in publication.structuralRelations + publication.relations {
      var coefficients = [Double](repeating: 0, count: variables.count)
      var constant = 0.0
      var involvesVariable = false
      for term in relation.terms {
        if let i = index[term.position] {
          coefficients[i] += term.coefficient
          involvesVariable = true
        } else if let value = publication.shown[term.position] {
          constant += term.coefficient * Double(value)
        }
        // A term naming a cell the table does not have contributes nothing.
      }
      let lower = relation.lower - constant
      let upper = relation.upper - constant
      let scale = max(1, abs(lower.isFinite ? lower : 0), abs(upper.isFinite ? upper : 0))
      if !involvesVariable || coefficients.allSatisfy({ abs($0) < 1e-12 }) {
        if lower > 1e-7 * scale || upper < -1e-7 * scale { consistent = false }
        continue
      }
      if upper - lower <= 1e-12 * scale {
        program.constraints.append(.init(coefficients, .equal, (lower + upper) / 2))
      } else {
        if lower.isFinite {
          program.constraints.append(.init(coefficients, .greaterOrEqual, lower))
        }
        if upper.isFinite { program.constraints.append(.init(coefficients, .lessOrEqual, upper)) }
      }
    }

    let targets = (cells ?? variables).filter { index[$0] != nil }.sorted()
    var ranges: [CellRange] = []
    for position in targets {
      guard let i = index[position] else { continue }
      var objective = [Double](repeating: 0, count: variables.count)
      objective[i] = 1
      let low = program.minimise(objective)
      let high = program.maximise(objective)
      var range = CellRange(
        position: position, lowerBound: 0, upperBound: nil, relaxedLowerBound: 0,
        relaxedUpperBound: nil, solved: true)
      switch low {
      case .optimal(let value, _):
        range.relaxedLowerBound = value
        range.lowerBound = max(0, Int((value - 1e-6).rounded(.up)))
      case .infeasible:
        consistent = false
      case .unbounded, .iterationLimit:
        range.solved = false
      }
      switch high {
      case .optimal(let value, _):
        range.relaxedUpperBound = value
        range.upperBound = Int((value + 1e-6).rounded(.down))
      case .unbounded:
        range.upperBound = nil
      case .infeasible:
        consistent = false
      case .iterationLimit:
        range.solved = false
      }
      ranges.append(range)
    }
    return Report(ranges: ranges, isConsistent: consistent)
  }

  /// A small dense linear-programming solver: two-phase primal simplex on a tableau, with
  /// Bland's rule (lowest-index entering and leaving variables) so that it cannot cycle.
  ///
  /// Solves: optimise `c·x` subject to each constraint `a·x (≤ | ≥ | =) b` and `x ≥ 0`. Meant
  /// for the audit's small problems (tens to a few hundred variables); arithmetic is in
  /// `Double` with a tolerance of 1e-9 on pivots and reduced costs.
  public struct LinearProgram: Sendable {
    /// The direction of one constraint.
    public enum Sense: Sendable { case lessOrEqual, greaterOrEqual, equal }

    /// One linear constraint `coefficients·x (sense) rhs`.
    public struct Constraint: Sendable {
      public var coefficients: [Double]
      public var sense: Sense
      public var rhs: Double
      public init(_ coefficients: [Double], _ sense: Sense, _ rhs: Double) {
        self.coefficients = coefficients
        self.sense = sense
        self.rhs = rhs
      }
    }

    /// The result of one optimisation.
    public enum Outcome: Sendable, Equatable {
      /// The optimum value of the objective and a point that attains it.
      case optimal(value: Double, point: [Double])
      /// The objective can be made as good as one likes.
      case unbounded
      /// No `x ≥ 0` satisfies the constraints.
      case infeasible
      /// The solver stopped after too many pivots (a numerical failure; Bland's rule rules out
      /// cycling in exact arithmetic).
      case iterationLimit

      /// The optimum value, when there is one.
      public var value: Double? {
        if case .optimal(let v, _) = self { return v }
        return nil
      }
    }

    public var variableCount: Int
    public var constraints: [Constraint]

    public init(variableCount: Int, constraints: [Constraint] = []) {
      self.variableCount = variableCount
      self.constraints = constraints
    }

    /// Minimises `objective·x`.
    public func minimise(_ objective: [Double]) -> Outcome {
      solve(objective)
    }

    /// Maximises `objective·x`.
    public func maximise(_ objective: [Double]) -> Outcome {
      switch solve(objective.map { -$0 }) {
      case .optimal(let value, let point): .optimal(value: -value, point: point)
      case let other: other
      }
    }

    private static let eps = 1e-9

    private func solve(_ objectiveIn: [Double]) -> Outcome {
      let n = variableCount
      var objective = objectiveIn
      if objective.count < n { objective += [Double](repeating: 0, count: n - objective.count) }
      // Normalise: right-hand sides non-negative.
      var rows: [(a: [Double], sense: Sense, b: Double)] = []
      for c in constraints {
        var a = Array(c.coefficients.prefix(n))
        if a.count < n { a += [Double](repeating: 0, count: n - a.count) }
        guard c.rhs.isFinite, a.allSatisfy(\.isFinite) else { continue }
        if c.rhs < 0 {
          let flipped: Sense =
            switch c.sense {
            case .lessOrEqual: .greaterOrEqual
            case .greaterOrEqual: .lessOrEqual
            case .equal: .equal
            }
          rows.append((a.map { -$0 }, flipped, -c.rhs))
        } else {
          rows.append((a, c.sense, c.rhs))
        }
      }
      let m = rows.count
      let slackCount = rows.filter { $0.sense != .equal }.count
      let artificialCount = rows.filter { $0.sense != .lessOrEqual }.count
      let width = n + slackCount + artificialCount
      let firstArtificial = n + slackCount
      var tableau = [[Double]](repeating: [Double](repeating: 0, count: width + 1), count: m)
      var basis = [Int](repeating: 0, count: m)
      var nextSlack = n
      var nextArtificial = firstArtificial
      for (i, row) in rows.enumerated() {
        for j in 0..<n { tableau[i][j] = row.a[j] }
        tableau[i][width] = row.b
        switch row.sense {
        case .lessOrEqual:
          tableau[i][nextSlack] = 1
          basis[i] = nextSlack
          nextSlack += 1
        case .greaterOrEqual:
          tableau[i][nextSlack] = -1
          nextSlack += 1
          tableau[i][nextArtificial] = 1
          basis[i] = nextArtificial
          nextArtificial += 1
        case .equal:
          tableau[i][nextArtificial] = 1
          basis[i] = nextArtificial
          nextArtificial += 1
        }
      }

      // Phase 1: minimise the sum of the artificial variables.
      if artificialCount > 0 {
        var cost = [Double](repeating: 0, count: width)
        for j in firstArtificial..<width { cost[j] = 1 }
        let result = Self.simplex(
          &tableau, &basis, cost: cost, allowed: width, maxIterations: 50 * (m + width) + 1000)
        switch result {
        case .iterationLimit: return .iterationLimit
        case .unbounded: return .iterationLimit  // cannot happen: phase 1 is bounded below by 0
        case .optimal:
          var infeasibility = 0.0
          for i in 0..<tableau.count where basis[i] >= firstArtificial {
            infeasibility += tableau[i][width]
          }
          let scale = max(1, rows.map { abs($0.b) }.max() ?? 1)
          if infeasibility > 1e-7 * scale { return .infeasible }
        }
        // Drive remaining (zero-valued) artificial variables out of the basis.
        var i = 0
        while i < tableau.count {
          if basis[i] >= firstArtificial {
            if let j = (0..<firstArtificial).first(where: { abs(tableau[i][$0]) > Self.eps }) {
              Self.pivot(&tableau, &basis, row: i, column: j)
              i += 1
            } else {
              tableau.remove(at: i)  // a redundant constraint
              basis.remove(at: i)
            }
          } else {
            i += 1
          }
        }
      }

      // Phase 2: the real objective, artificial columns barred from entering.
      var cost = [Double](repeating: 0, count: width)
      for j in 0..<n { cost[j] = objective[j] }
      let result = Self.simplex(
        &tableau, &basis, cost: cost, allowed: firstArtificial,
        maxIterations: 50 * (m + width) + 1000)
      switch result {
      case .iterationLimit: return .iterationLimit
      case .unbounded: return .unbounded
      case .optimal:
        var point = [Double](repeating: 0, count: n)
        for (i, b) in basis.enumerated() where b < n { point[b] = tableau[i][width] }
        var value = 0.0
        for j in 0..<n { value += objective[j] * point[j] }
        return .optimal(value: value, point: point)
      }
    }

    private enum Step { case optimal, unbounded, iterationLimit }

    /// Runs primal simplex iterations on a tableau in canonical form for `basis`, minimising
    /// `cost`, with only columns below `allowed` eligible to enter. Bland's rule throughout.
    private static func simplex(
      _ tableau: inout [[Double]], _ basis: inout [Int], cost: [Double], allowed: Int,
      maxIterations: Int
    ) -> Step {
      let m = tableau.count
      guard m > 0 else {
        // No constraints: optimal at 0 unless some cost is negative (then unbounded).
        return cost.prefix(allowed).contains { $0 < -eps } ? .unbounded : .optimal
      }
      let width = tableau[0].count - 1
      for _ in 0..<maxIterations {
        // Reduced costs: c_j − c_B · column j.
        var entering: Int? = nil
        for j in 0..<allowed where !basis.contains(j) {
          var reduced = cost[j]
          for i in 0..<m { reduced -= cost[basis[i]] * tableau[i][j] }
          if reduced < -eps {
            entering = j
            break
          }
        }
        guard let j = entering else { return .optimal }
        var leaving: Int? = nil
        var bestRatio = Double.infinity
        for i in 0..<m where tableau[i][j] > eps {
          let ratio = tableau[i][width] / tableau[i][j]
          if let l = leaving {
            if ratio < bestRatio - eps || (abs(ratio - bestRatio) <= eps && basis[i] < basis[l]) {
              leaving = i
              bestRatio = ratio
            }
          } else {
            leaving = i
            bestRatio = ratio
          }
        }
        guard let r = leaving else { return .unbounded }
        pivot(&tableau, &basis, row: r, column: j)
      }
      return .iterationLimit
    }

    private static func pivot(
      _ tableau: inout [[Double]], _ basis: inout [Int], row: Int, column: Int
    ) {
      let width = tableau[row].count
      let p = tableau[row][column]
      for k in 0..<width { tableau[row][k] /= p }
      tableau[row][column] = 1
      for i in 0..<tableau.count where i != row {
        let f = tableau[i][column]
        if f == 0 { continue }
        for k in 0..<width {
          var v = tableau[i][k] - f * tableau[row][k]
          if abs(v) < 1e-12 { v = 0 }
          tableau[i][k] = v
        }
        tableau[i][column] = 0
      }
      basis[row] = column
    }
  }
}
