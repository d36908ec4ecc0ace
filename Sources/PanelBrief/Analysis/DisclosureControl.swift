import Foundation

/// Statistical disclosure control for the count tables of a public paper: small counts that
/// could identify a victim are shown as `[c]` (primary suppression), and further cells are
/// shown as `[c]` wherever a published total or rate would otherwise let a reader work a small
/// count out (secondary suppression). `DisclosureAudit` checks the result the way an attacker
/// would.
public enum DisclosureControl {
  /// Which totals a published table carries. Each total is a cell of the table like any other:
  /// shown, or `[c]` when it is itself a small count or (rarely) when it must hide another cell.
  public struct Margins: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// A total at the end of each row (e.g. "2020–2023").
    public static let rowTotals = Margins(rawValue: 1)
    /// A total at the foot of each column (e.g. the `Grand Total` row of the seed tables).
    public static let columnTotals = Margins(rawValue: 2)
    /// The total of the whole table.
    public static let grandTotal = Margins(rawValue: 4)
    /// Row, column and grand totals.
    public static let all: Margins = [.rowTotals, .columnTotals, .grandTotal]
  }

  /// A cell of a published table: an interior count or one of its totals. Rows and columns are
  /// counted from 0.
  public enum Position: Hashable, Sendable, Comparable, CustomStringConvertible {
    case interior(row: Int, column: Int)
    case rowTotal(row: Int)
    case columnTotal(column: Int)
    case grandTotal

    private var sortKey: (Int, Int, Int) {
      switch self {
      case .interior(let r, let c): (0, r, c)
      case .rowTotal(let r): (1, r, 0)
      case .columnTotal(let c): (2, c, 0)
      case .grandTotal: (3, 0, 0)
      }
    }

    public static func < (lhs: Position, rhs: Position) -> Bool { lhs.sortKey < rhs.sortKey }

    public var description: String {
      switch self {
      case .interior(let r, let c): "row \(r + 1), column \(c + 1)"
      case .rowTotal(let r): "total of row \(r + 1)"
      case .columnTotal(let c): "total of column \(c + 1)"
      case .grandTotal: "grand total"
      }
    }
  }

  /// A published linear relation between cells: `lower ≤ Σ coefficient × cell ≤ upper`. A fact
  /// an attacker may use, e.g. "rows 1 and 2 of 2021 add up to 2" or a rate's rounding interval.
  public struct Relation: Sendable, Equatable {
    /// One coefficient × cell of a relation.
    public struct Term: Sendable, Equatable {
      public var position: Position
      public var coefficient: Double
      public init(_ position: Position, _ coefficient: Double) {
        self.position = position
        self.coefficient = coefficient
      }
    }

    /// Names the relation in messages, e.g. "charge rate 2021".
    public var label: String
    public var terms: [Term]
    /// The smallest value of the sum the publication allows (may be `-infinity`).
    public var lower: Double
    /// The largest value of the sum the publication allows (may be `infinity`).
    public var upper: Double

    public init(label: String, terms: [Term], lower: Double, upper: Double) {
      self.label = label
      self.terms = terms
      self.lower = lower
      self.upper = upper
    }

    /// A relation published as an exact value: `Σ coefficient × cell = value`.
    public init(label: String, terms: [Term], equals value: Double) {
      self.init(label: label, terms: terms, lower: value, upper: value)
    }
  }

  /// A rate published for one column: the cells of the numerator rows over the column's total
  /// less the excluded rows. The seed paper's charge/summons rate for 2021 is numerator rows
  /// `1: Charged` and `1: Summonsed/postal requisition`, excluded row `Cancelled / Transferred`
  /// (those crimes are no longer crimes of the force).
  ///
  /// What the attacker learns: a rate published as a percentage rounded to `percentDecimals`
  /// places says that `100·N / D` lies within half a unit of the last place of the figure shown,
  /// i.e. `100·N − lo·D ≥ 0` and `100·N − hi·D ≤ 0`. Both are linear in the cells whether or not
  /// the denominator is shown, so the audit models a rate exactly (up to the closed ends of the
  /// rounding interval, which only widen what the attacker may assume): with a shown
  /// denominator it bounds the numerator, with a suppressed one it ties numerator and
  /// denominator together. A rate published unrounded is the equality `100·N − p·D = 0`.
  public struct Rate: Sendable, Equatable {
    /// Names the rate, e.g. "charge/summons rate 2021".
    public var label: String
    /// The column the rate belongs to.
    public var column: Int
    /// The rows whose cells make the numerator.
    public var numeratorRows: [Int]
    /// The rows left out of the denominator (the denominator is the column's total less these).
    public var excludedRows: [Int]
    /// The number of decimal places of the published percentage (1 for "4.9%"); `nil` when the
    /// rate is published exactly.
    public var percentDecimals: Int?

    public init(
      label: String, column: Int, numeratorRows: [Int], excludedRows: [Int] = [],
      percentDecimals: Int? = 1
    ) {
      self.label = label
      self.column = column
      self.numeratorRows = numeratorRows
      self.excludedRows = excludedRows
      self.percentDecimals = percentDecimals
    }

    /// Numerator and denominator from the table's counts.
    public func parts(in table: Table) -> (numerator: Int, denominator: Int) {
      var n = 0
      var d = 0
      for r in 0..<table.rowCount where !excludedRows.contains(r) {
        let v = table.counts[r][column]
        d += v
        if numeratorRows.contains(r) { n += v }
      }
      return (n, d)
    }

    /// The percentage as published (rounded as declared); `nil` when the denominator is 0 and
    /// the rate is not applicable (`[z]`).
    public func publishedPercent(in table: Table) -> Double? {
      let (n, d) = parts(in: table)
      guard d > 0 else { return nil }
      let exact = 100 * Double(n) / Double(d)
      guard let places = percentDecimals else { return exact }
      let scale = pow(10, Double(places))
      return (exact * scale).rounded() / scale
    }

    /// The relations a reader learns from the published percentage `percent`.
    public func attackerRelations(publishedPercent percent: Double, rowCount: Int) -> [Relation] {
      let half = percentDecimals.map { 0.5 * pow(10, -Double($0)) } ?? 0
      func terms(_ q: Double) -> [Relation.Term] {
        (0..<rowCount).compactMap { r -> Relation.Term? in
          guard !excludedRows.contains(r) else { return nil }
          let coefficient = (numeratorRows.contains(r) ? 100 : 0) - q
          return coefficient == 0 ? nil : .init(.interior(row: r, column: column), coefficient)
        }
      }
      if half == 0 {
        return [Relation(label: label, terms: terms(percent), equals: 0)]
      }
      let lo = max(0, percent - half)
      let hi = percent + half
      return [
        Relation(label: label + " (lower)", terms: terms(lo), lower: 0, upper: .infinity),
        Relation(label: label + " (upper)", terms: terms(hi), lower: -.infinity, upper: 0),
      ]
    }
  }

  /// A count table as it would be published before disclosure control: interior counts (rows
  /// are labels such as outcomes, columns periods), which totals it carries, the rates
  /// published with it, and any other relation the paper publishes.
  public struct Table: Sendable, Equatable {
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `counts[row][column]`, each a whole number of at least 0.
    public var counts: [[Int]]
    public var margins: Margins
    public var rates: [Rate]
    /// Other published relations between cells (their values are facts a reader knows).
    public var relations: [Relation]

    /// Checks the shape and values; throws an `Error` naming the offending row and column.
    public init(
      rowLabels: [String], columnLabels: [String], counts: [[Int]], margins: Margins,
      rates: [Rate] = [], relations: [Relation] = []
    ) throws {
      guard counts.count == rowLabels.count else {
        throw Error.shape(
          "The table has \(rowLabels.count) row labels but \(counts.count) rows of counts.")
      }
      for (r, row) in counts.enumerated() {
        guard row.count == columnLabels.count else {
          throw Error.shape(
            "Row \(r + 1) (\"\(rowLabels[r])\") has \(row.count) counts but the table has "
              + "\(columnLabels.count) columns.")
        }
        for (c, v) in row.enumerated() where v < 0 {
          throw Error.shape(
            "The count in row \(r + 1) (\"\(rowLabels[r])\"), column \(c + 1) "
              + "(\"\(columnLabels[c])\") is \(v); disclosure control needs counts of 0 or more.")
        }
      }
      for rate in rates {
        guard (0..<columnLabels.count).contains(rate.column) else {
          throw Error.shape(
            "The rate \"\(rate.label)\" refers to column \(rate.column + 1), but the table has "
              + "\(columnLabels.count) columns.")
        }
        for r in rate.numeratorRows + rate.excludedRows where !(0..<rowLabels.count).contains(r) {
          throw Error.shape(
            "The rate \"\(rate.label)\" refers to row \(r + 1), but the table has "
              + "\(rowLabels.count) rows.")
        }
        if let r = rate.numeratorRows.first(where: rate.excludedRows.contains) {
          throw Error.shape(
            "The rate \"\(rate.label)\" both counts row \(r + 1) (\"\(rowLabels[r])\") in its "
              + "numerator and leaves it out of its denominator.")
        }
      }
      self.rowLabels = rowLabels
      self.columnLabels = columnLabels
      self.counts = counts
      self.margins = margins
      self.rates = rates
      self.relations = relations
    }

    public var rowCount: Int { rowLabels.count }
    public var columnCount: Int { columnLabels.count }

    /// Every cell the published table has: interior cells, then the totals it carries.
    public var positions: [Position] {
      var result: [Position] = []
      for r in 0..<rowCount {
        for c in 0..<columnCount { result.append(.interior(row: r, column: c)) }
      }
      if margins.contains(.rowTotals) { result += (0..<rowCount).map { .rowTotal(row: $0) } }
      if margins.contains(.columnTotals) {
        result += (0..<columnCount).map { .columnTotal(column: $0) }
      }
      if margins.contains(.grandTotal) { result.append(.grandTotal) }
      return result
    }

    /// The true value of a cell (interior count or total); `nil` for a cell outside the table.
    public func value(at position: Position) -> Int? {
      switch position {
      case .interior(let r, let c):
        guard (0..<rowCount).contains(r), (0..<columnCount).contains(c) else { return nil }
        return counts[r][c]
      case .rowTotal(let r):
        guard margins.contains(.rowTotals), (0..<rowCount).contains(r) else { return nil }
        return counts[r].reduce(0, +)
      case .columnTotal(let c):
        guard margins.contains(.columnTotals), (0..<columnCount).contains(c) else { return nil }
        return counts.reduce(0) { $0 + $1[c] }
      case .grandTotal:
        guard margins.contains(.grandTotal) else { return nil }
        return counts.reduce(0) { $0 + $1.reduce(0, +) }
      }
    }

    /// A readable name for a cell: "1: Charged, 2021".
    public func name(of position: Position) -> String {
      switch position {
      case .interior(let r, let c): "\(rowLabels[r]), \(columnLabels[c])"
      case .rowTotal(let r): "\(rowLabels[r]), total"
      case .columnTotal(let c): "total, \(columnLabels[c])"
      case .grandTotal: "grand total"
      }
    }
  }

  /// Choices for secondary suppression.
  public struct Options: Sendable, Equatable {
    /// Whether a cell showing 0 may be suppressed to protect another. Off by default: zeros
    /// are often known to readers anyway (a label the force never uses), so hiding one protects
    /// little and makes the paper look as if there were small counts there. When no single
    /// non-zero cell, rectangle of non-zero cells or rate protects a cell, a set with a zero is
    /// used, before any total.
    public var allowZeroSecondaries: Bool
    public init(allowZeroSecondaries: Bool = false) {
      self.allowZeroSecondaries = allowZeroSecondaries
    }
  }

  /// A table after disclosure control: what to print, why, and the attacker's audit of it.
  public struct Result: Sendable {
    public var table: Table
    public var threshold: Int
    /// The interior cells as the paper shows them: `.integer` or `.shorthand(.confidential)`.
    public var cells: [[Cell]]
    /// The row totals as shown, when the table carries them.
    public var rowTotals: [Cell]?
    /// The column totals as shown, when the table carries them.
    public var columnTotals: [Cell]?
    /// The grand total as shown, when the table carries it.
    public var grandTotal: Cell?
    /// One cell per `table.rates`: `.number` (a fraction, 0.049 for 4.9%, rounded as the rate
    /// declares), `[c]` when suppressed, or `[z]` when the denominator is 0.
    public var rates: [Cell]
    /// Cells suppressed because they are small counts (1 to threshold−1), including totals.
    public var primary: [Position]
    /// Cells suppressed only to protect others.
    public var secondary: [Position]
    /// Indices into `table.rates` of the rates shown as `[c]`.
    public var suppressedRates: [Int]
    /// Exactly what the paper publishes, for `DisclosureAudit`.
    public var publication: DisclosureAudit.Publication
    /// The attacker's audit of `publication`.
    public var audit: DisclosureAudit.Report

    /// `true` when no suppressed cell can be worked out exactly from what is published.
    public var isProtected: Bool { audit.isConsistent && audit.disclosed.isEmpty }

    /// Every suppressed cell, primary and secondary, in order.
    public var suppressed: [Position] { (primary + secondary).sorted() }

    /// The cell as the paper shows it.
    public func cell(at position: Position) -> Cell? {
      guard let value = table.value(at: position) else { return nil }
      return publication.suppressed.contains(position)
        ? .shorthand(.confidential) : .integer(value)
    }
  }

  /// Why a table cannot go through disclosure control.
  public enum Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
    /// The table's shape or values are unusable; the message says where.
    case shape(String)
    /// The threshold is below 1.
    case threshold(Int)

    public var description: String {
      switch self {
      case .shape(let message): message
      case .threshold(let t):
        "The suppression threshold is \(t); it must be 1 or more (5 suppresses counts of 1 to 4)."
      }
    }
  }

  /// Applies primary and secondary suppression to `table`.
  ///
  /// **Primary suppression.** Every count from 1 to `threshold − 1` is shown as `[c]` (with the
  /// default threshold of 5, counts of 1 to 4). Totals are counts too: a total of 1 to 4 is
  /// suppressed like any other cell. Zeros are shown. Following common ONS practice, a zero is
  /// not disclosive in itself, because no person is in the cell; it reveals something about a
  /// person only when it shows that *everyone* in a group shares an attribute (group or
  /// attribute disclosure: e.g. every crime in a row has the same outcome, all other cells of the
  /// row being 0). That is judged from the table's design, not by this function: a table whose
  /// rows are groups of people should be checked by hand.
  ///
  /// **Secondary suppression.** Further cells are suppressed until `DisclosureAudit` finds no
  /// suppressed cell that a reader can work out exactly from the shown cells, the shown totals
  /// and the shown rates. Each round takes the first cell the audit can recover and protects it
  /// with the cheapest set of extra cells that does so: one cell, or three cells completing a
  /// rectangle with it (totals count as a row and a column of the rectangle grid), or a rate.
  /// Cheaper means, in this order: no zero (unless allowed) and no total ("never a total unless
  /// needed": totals are kept, extra interior cells suppressed instead; zeros come before
  /// totals); fewer published rates lost (the panel tracks the charge rate: keeping it is worth
  /// more than a few small counts); the smallest sum of counts; cells in rows and columns that
  /// already have a suppression; fewer cells. When no such set protects the cell on its own, the
  /// cheapest cell sharing a row, column or rate with it is suppressed and the search goes on.
  /// Finally each secondary cell, and then each pair of secondary cells sharing a row or column,
  /// is shown again, most costly first, wherever the audit stays clean without it. The result is a good choice, not a proven optimum (that needs integer
  /// programming, as in τ-ARGUS's optimal method).
  ///
  /// **Rates.** A rate whose numerator contains a suppressed cell is `[c]`: with its
  /// denominator shown it gives the numerator to within the rounding (0.9% of 223 can only be
  /// 2), and even with the denominator suppressed it narrows the numerator to a band. This holds
  /// whatever the denominator: no exception is made. A rate whose numerator is shown but whose
  /// denominator contains a suppressed cell is kept unless the audit shows it gives a cell away
  /// (60.0% of a denominator of about 100 pins the denominator, and so an excluded row, exactly);
  /// then suppressing the rate is a candidate like a cell. A rate with a denominator of 0 is `[z]`.
  public static func suppress(
    _ table: Table, threshold: Int = 5, options: Options = Options()
  ) throws -> Result {
    guard threshold >= 1 else { throw Error.threshold(threshold) }
    let positions = table.positions
    var primary = Set<Position>()
    for p in positions {
      if let v = table.value(at: p), v >= 1, v < threshold { primary.insert(p) }
    }
    var search = Search(table: table, options: options)
    let (suppressed, suppressedRates) = search.protect(primary)

    let publication = DisclosureAudit.Publication(
      table: table, suppressed: suppressed, suppressedRates: suppressedRates)
    let audit = DisclosureAudit.audit(publication)
    func shown(_ p: Position) -> Cell {
      suppressed.contains(p) ? .shorthand(.confidential) : .integer(table.value(at: p) ?? 0)
    }
    let cells = (0..<table.rowCount).map { r in
      (0..<table.columnCount).map { shown(.interior(row: r, column: $0)) }
    }
    let rates: [Cell] = table.rates.enumerated().map { index, rate in
      guard let percent = rate.publishedPercent(in: table) else {
        return .shorthand(.notApplicable)
      }
      return suppressedRates.contains(index) ? .shorthand(.confidential) : .number(percent / 100)
    }
    return Result(
      table: table, threshold: threshold, cells: cells,
      rowTotals: table.margins.contains(.rowTotals)
        ? (0..<table.rowCount).map { shown(.rowTotal(row: $0)) } : nil,
      columnTotals: table.margins.contains(.columnTotals)
        ? (0..<table.columnCount).map { shown(.columnTotal(column: $0)) } : nil,
      grandTotal: table.margins.contains(.grandTotal) ? shown(.grandTotal) : nil,
      rates: rates, primary: primary.sorted(), secondary: suppressed.subtracting(primary).sorted(),
      suppressedRates: suppressedRates.sorted(), publication: publication, audit: audit)
  }

  /// The secondary-suppression search (see `suppress`).
  private struct Search {
    let table: Table
    let options: Options
    let positions: [Position]
    let rows: Int
    let columns: Int

    init(table: Table, options: Options) {
      self.table = table
      self.options = options
      self.positions = table.positions
      self.rows = table.rowCount
      self.columns = table.columnCount
    }

    /// A candidate: cells and rates to suppress together.
    struct Candidate {
      var cells: Set<Position>
      var rates: Set<Int>
    }

    /// Lexicographic cost of a candidate (smaller is better).
    struct Cost: Comparable {
      var tier: Int
      var ratesLost: Int
      var valueSum: Int
      var newLines: Int
      var count: Int
      static func < (a: Cost, b: Cost) -> Bool {
        (a.tier, a.ratesLost, a.valueSum, a.newLines, a.count)
          < (b.tier, b.ratesLost, b.valueSum, b.newLines, b.count)
      }
    }

    /// Extended grid coordinates: totals are row `rows` / column `columns`.
    func grid(_ p: Position) -> (Int, Int) {
      switch p {
      case .interior(let r, let c): (r, c)
      case .rowTotal(let r): (r, columns)
      case .columnTotal(let c): (rows, c)
      case .grandTotal: (rows, columns)
      }
    }

    func position(_ r: Int, _ c: Int) -> Position? {
      let p: Position =
        switch (r == rows, c == columns) {
        case (false, false): .interior(row: r, column: c)
        case (false, true): .rowTotal(row: r)
        case (true, false): .columnTotal(column: c)
        case (true, true): .grandTotal
        }
      return table.value(at: p) == nil ? nil : p
    }

    /// Rates that must be `[c]` because a numerator cell is suppressed, or are already off.
    func rateRule(_ suppressed: Set<Position>, _ rates: Set<Int>) -> Set<Int> {
      var result = rates
      for (i, rate) in table.rates.enumerated() {
        if rate.numeratorRows.contains(where: {
          suppressed.contains(.interior(row: $0, column: rate.column))
        }) {
          result.insert(i)
        }
      }
      return result
    }

    func tier(_ p: Position) -> Int {
      guard case .interior = p else { return 3 }
      if table.value(at: p) == 0 && !options.allowZeroSecondaries { return 2 }
      return 0
    }

    func cost(_ candidate: Candidate, suppressed: Set<Position>, rates: Set<Int>) -> Cost {
      let newCells = candidate.cells.subtracting(suppressed)
      let after = rateRule(suppressed.union(newCells), rates.union(candidate.rates))
      var tier = 0
      var valueSum = 0
      var lines = Set<String>()
      let busyRows = Set(suppressed.map { grid($0).0 })
      let busyColumns = Set(suppressed.map { grid($0).1 })
      for p in newCells {
        tier = max(tier, self.tier(p))
        valueSum += table.value(at: p) ?? 0
        let (r, c) = grid(p)
        if !busyRows.contains(r) { lines.insert("r\(r)") }
        if !busyColumns.contains(c) { lines.insert("c\(c)") }
      }
      return Cost(
        tier: tier, ratesLost: after.count - rates.count, valueSum: valueSum,
        newLines: lines.count, count: newCells.count + candidate.rates.subtracting(rates).count)
    }

    func isDisclosed(_ p: Position, suppressed: Set<Position>, rates: Set<Int>) -> Bool {
      let publication = DisclosureAudit.Publication(
        table: table, suppressed: suppressed, suppressedRates: rates)
      let report = DisclosureAudit.audit(publication, cells: [p])
      return report.range(of: p)?.isDisclosed ?? true
    }

    mutating func protect(_ primary: Set<Position>) -> (Set<Position>, Set<Int>) {
      var suppressed = primary
      var chosenRates = Set<Int>()
      var rates = rateRule(suppressed, chosenRates)
      let publishable = Set(
        table.rates.indices.filter { table.rates[$0].publishedPercent(in: table) != nil })
      var rounds = 0
      while rounds <= positions.count + table.rates.count {
        rounds += 1
        let publication = DisclosureAudit.Publication(
          table: table, suppressed: suppressed, suppressedRates: rates)
        guard let target = DisclosureAudit.audit(publication).disclosed.first else { break }
        let (tr, tc) = grid(target)

        var candidates: [Candidate] = []
        for p in positions where !suppressed.contains(p) {
          candidates.append(Candidate(cells: [p], rates: []))
        }
        for i in publishable.subtracting(rates).sorted() {
          candidates.append(Candidate(cells: [], rates: [i]))
        }
        for r2 in 0...rows where r2 != tr {
          for c2 in 0...columns where c2 != tc {
            guard let a = position(tr, c2), let b = position(r2, tc), let d = position(r2, c2)
            else { continue }
            let cells = Set([a, b, d]).subtracting(suppressed)
            if cells.count > 1 { candidates.append(Candidate(cells: cells, rates: [])) }
          }
        }
        let ranked =
          candidates
          .map { ($0, cost($0, suppressed: suppressed, rates: rates)) }
          .sorted { $0.1 < $1.1 }
        var chosen: Candidate? = nil
        for (candidate, _) in ranked {
          let s = suppressed.union(candidate.cells)
          let r = rateRule(s, rates.union(candidate.rates))
          if !isDisclosed(target, suppressed: s, rates: r) {
            chosen = candidate
            break
          }
        }
        if chosen == nil {
          // No single set protects the cell: take the cheapest cell that shares a line with it.
          chosen =
            ranked.first { candidate, _ in
              candidate.cells.count == 1
                && candidate.cells.contains { p in
                  let (r, c) = grid(p)
                  return r == tr || c == tc
                }
            }?.0 ?? ranked.first?.0
        }
        guard let pick = chosen else { break }
        suppressed.formUnion(pick.cells)
        chosenRates.formUnion(pick.rates)
        rates = rateRule(suppressed, chosenRates)
      }
      return prune(primary: primary, suppressed: suppressed, chosenRates: chosenRates)
    }

    /// The greedy search can leave a choice that a later one made unnecessary (a cell that
    /// protected a target before a rate was suppressed anyway). Tries to show each secondary
    /// cell again, most costly first (totals, then the largest counts), and each rate
    /// suppressed by choice, keeping the change when the audit stays clean.
    func prune(primary: Set<Position>, suppressed: Set<Position>, chosenRates: Set<Int>)
      -> (Set<Position>, Set<Int>)
    {
      func clean(_ s: Set<Position>, _ r: Set<Int>) -> Bool {
        let report = DisclosureAudit.audit(
          DisclosureAudit.Publication(table: table, suppressed: s, suppressedRates: r))
        return report.isConsistent && report.disclosed.isEmpty
      }
      var cells = suppressed
      var chosen = chosenRates
      guard clean(cells, rateRule(cells, chosen)) else { return (cells, rateRule(cells, chosen)) }
      let order = suppressed.subtracting(primary).sorted {
        (tier($0), table.value(at: $0) ?? 0, $0) > (tier($1), table.value(at: $1) ?? 0, $1)
      }
      for p in order {
        var trial = cells
        trial.remove(p)
        if clean(trial, rateRule(trial, chosen)) { cells = trial }
      }
      // Cells often protect in pairs (two corners of a rectangle share a row or a column).
      for (i, p) in order.enumerated() where cells.contains(p) {
        for q in order[(i + 1)...] where cells.contains(q) && cells.contains(p) {
          guard grid(p).0 == grid(q).0 || grid(p).1 == grid(q).1 else { continue }
          var trial = cells
          trial.remove(p)
          trial.remove(q)
          if clean(trial, rateRule(trial, chosen)) { cells = trial }
        }
      }
      for i in chosen.sorted() {
        var trial = chosen
        trial.remove(i)
        if clean(cells, rateRule(cells, trial)) { chosen = trial }
      }
      return (cells, rateRule(cells, chosen))
    }
  }
}
