import Foundation
import Testing

@testable import PanelBrief

@Suite struct DisclosureControlTests {
  typealias P = DisclosureControl.Position

  // ../shared/seed-tables/outcomes-by-year.csv and channels-by-year.csv, read by the tests'
  // own reader (TestSupport.swift); the Grand Total rows are the column totals.
  static let outcomeLabels = SeedTable.body("outcomes-by-year.csv").map(\.label)
  static let outcomeCounts = SeedTable.body("outcomes-by-year.csv").map(\.values)
  static let channelLabels = SeedTable.body("channels-by-year.csv").map(\.label)
  static let channelCounts = SeedTable.body("channels-by-year.csv").map(\.values)
  static let years = ["2020", "2021", "2022", "2023"]

  /// The charge/summons rate per year: rows 0 and 1 over the column total less row 12
  /// (Cancelled / Transferred), published as a percentage with one decimal.
  static let chargeRates = (0..<4).map {
    DisclosureControl.Rate(
      label: "charge/summons rate \(years[$0])", column: $0, numeratorRows: [0, 1],
      excludedRows: [12], percentDecimals: 1)
  }

  static func outcomes(_ margins: DisclosureControl.Margins = .columnTotals) throws
    -> DisclosureControl.Table
  {
    try .init(
      rowLabels: outcomeLabels, columnLabels: years, counts: outcomeCounts, margins: margins,
      rates: chargeRates)
  }

  static func channels(_ margins: DisclosureControl.Margins = .columnTotals) throws
    -> DisclosureControl.Table
  {
    try .init(
      rowLabels: channelLabels, columnLabels: years, counts: channelCounts, margins: margins)
  }

  static func cells(_ pairs: [(Int, Int)]) -> [P] {
    pairs.map { P.interior(row: $0.0, column: $0.1) }.sorted()
  }
}

// MARK: - The seed tables

extension DisclosureControlTests {
  /// Primary cells read off outcomes-by-year.csv: every count from 1 to 4.
  static let outcomePrimary = cells([
    (0, 1), (0, 2), (0, 3),  // 1: Charged 2021-2023: 2, 2, 2
    (2, 0),  // 10: Police - formal action, 2020: 1
    (5, 0), (5, 1), (5, 2), (5, 3),  // 15: CPS 2020-2023: 4, 2, 1, 3
    (10, 0), (10, 1), (10, 2),  // 21: Police 2020-2022: 2, 1, 1
  ])

  @Test func seedOutcomesWithColumnTotalsAndChargeRates() throws {
    let table = try Self.outcomes()
    let result = try DisclosureControl.suppress(table, threshold: 5)
    #expect(result.primary == Self.outcomePrimary)
    // Three or more small counts in every year: the column total alone pins none of them.
    #expect(result.secondary.isEmpty)
    // 2020: 10 of 206 = 4.854% shown as 4.9%; 2021-2023 have a suppressed numerator.
    #expect(result.rates[0] == .number(0.049))
    #expect(result.suppressedRates == [1, 2, 3])
    #expect(result.rates[1...].allSatisfy { $0 == .shorthand(.confidential) })
    #expect(
      result.cells[0] == [
        .integer(10), .shorthand(.confidential), .shorthand(.confidential),
        .shorthand(.confidential),
      ])
    #expect(result.columnTotals == [.integer(220), .integer(245), .integer(278), .integer(250)])
    #expect(result.isProtected)
    // scipy 1.17.1 `optimize.milp`, minimising and maximising each suppressed cell over
    // non-negative integers subject to the published column totals and the 2020 rate's
    // rounding interval (100·N − 4.85·D ≥ 0, 100·N − 4.95·D ≤ 0): an integer attacker gets the
    // same ranges as this audit's rounded linear programmes.
    let expected: [P: (Int, Int)] = [
      .interior(row: 0, column: 1): (0, 5), .interior(row: 0, column: 2): (0, 4),
      .interior(row: 0, column: 3): (0, 5), .interior(row: 2, column: 0): (0, 7),
      .interior(row: 5, column: 0): (0, 7), .interior(row: 5, column: 1): (0, 5),
      .interior(row: 5, column: 2): (0, 4), .interior(row: 5, column: 3): (0, 5),
      .interior(row: 10, column: 0): (0, 7), .interior(row: 10, column: 1): (0, 5),
      .interior(row: 10, column: 2): (0, 4),
    ]
    Self.expectRanges(result.audit, expected)
  }

  @Test func seedOutcomesWithAllTotals() throws {
    let table = try Self.outcomes(.all)
    let result = try DisclosureControl.suppress(table)
    // Row totals of 1 (row 10: Police) and 4 (row 21: Police) are small counts too.
    #expect(result.primary == Self.outcomePrimary + [.rowTotal(row: 2), .rowTotal(row: 10)])
    #expect(result.secondary.isEmpty)
    #expect(result.grandTotal == .integer(993))
    #expect(result.isProtected)
    // scipy 1.17.1 milp on the same publication.
    let expected: [P: (Int, Int)] = [
      .interior(row: 0, column: 1): (0, 5), .interior(row: 0, column: 2): (0, 4),
      .interior(row: 0, column: 3): (0, 5), .interior(row: 2, column: 0): (0, 5),
      .interior(row: 5, column: 0): (2, 7), .interior(row: 5, column: 1): (0, 5),
      .interior(row: 5, column: 2): (0, 4), .interior(row: 5, column: 3): (0, 5),
      .interior(row: 10, column: 0): (0, 5), .interior(row: 10, column: 1): (0, 5),
      .interior(row: 10, column: 2): (0, 4), .rowTotal(row: 2): (0, 5),
      .rowTotal(row: 10): (0, 5),
    ]
    Self.expectRanges(result.audit, expected)
  }

  /// Primary cells read off channels-by-year.csv.
  static let channelPrimary = cells([
    (2, 0), (2, 1), (2, 2),  // In person 3, 4, 4
    (3, 0), (3, 1), (3, 2),  // Contact Record 1, 2, 4
    (4, 0),  // Direct 1
    (5, 0), (5, 1), (5, 2),  // Facebook 3, 1, 3
    (6, 0), (6, 1), (6, 2),  // EMAS 1, 2, 4
    (7, 0),  // LFRS 1
    (8, 1),  // Cambs 2
    (9, 2), (9, 3),  // Northants 1, 3
    (11, 1),  // Alarm 3
    (13, 3),  // SMS 1
  ])

  @Test func seedChannelsWithColumnTotals() throws {
    let result = try DisclosureControl.suppress(try Self.channels())
    #expect(result.primary == Self.channelPrimary)
    #expect(result.secondary.isEmpty)
    #expect(result.isProtected)
    #expect(result.audit.range(of: .interior(row: 13, column: 3))?.upperBound == 4)
  }

  @Test func seedChannelsWithAllTotalsNeedASecondaryCell() throws {
    let table = try Self.channels(.all)
    let result = try DisclosureControl.suppress(table)
    #expect(
      result.primary
        == Self.channelPrimary + [4, 7, 8, 9, 13].map { P.rowTotal(row: $0) })
    // Alarm: 0, [c], 9, 0 with its total 12 shown would give the 3 away; the 9 is the only
    // non-zero cell left in the row, so it is the secondary cell (not a zero, not a total).
    #expect(result.secondary == [.interior(row: 11, column: 2)])
    #expect(
      result.cells[11] == [
        .integer(0), .shorthand(.confidential), .shorthand(.confidential), .integer(0),
      ])
    #expect(result.isProtected)
    // scipy 1.17.1 milp on the same publication.
    let expected: [P: (Int, Int)] = [
      .interior(row: 2, column: 0): (0, 10), .interior(row: 2, column: 1): (0, 11),
      .interior(row: 2, column: 2): (0, 11), .interior(row: 3, column: 0): (0, 7),
      .interior(row: 4, column: 0): (0, 5), .interior(row: 9, column: 3): (0, 4),
      .interior(row: 11, column: 1): (0, 12), .interior(row: 11, column: 2): (0, 12),
      .rowTotal(row: 9): (0, 9), .rowTotal(row: 13): (0, 4),
    ]
    Self.expectRanges(result.audit, expected)
    #expect(result.audit.ranges.count == 25)
  }

  @Test func naiveSeedPublicationIsCaughtByTheRates() throws {
    // Primary suppression only, every charge rate still published.
    let table = try Self.outcomes()
    let publication = DisclosureAudit.Publication(
      table: table, suppressed: Set(Self.outcomePrimary))
    let report = DisclosureAudit.audit(publication)
    // scipy 1.17.1 milp: 1: Charged is 2 in 2021-2023 (0.9%, 0.8%, 0.8% of 223, 265, 241), and
    // so 15: CPS 2023 is 5 − 2 = 3.
    #expect(
      report.disclosed == Self.cells([(0, 1), (0, 2), (0, 3), (5, 3)]))
    #expect(report.range(of: .interior(row: 0, column: 1))?.lowerBound == 2)
    #expect(report.range(of: .interior(row: 5, column: 1))?.upperBound == 3)
  }

  static func expectRanges(
    _ report: DisclosureAudit.Report, _ expected: [P: (Int, Int)],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(report.isConsistent, sourceLocation: sourceLocation)
    for (position, (low, high)) in expected {
      let range = report.range(of: position)
      #expect(range?.lowerBound == low, "\(position)", sourceLocation: sourceLocation)
      #expect(range?.upperBound == high, "\(position)", sourceLocation: sourceLocation)
    }
  }
}

// MARK: - The audit must be able to fail

extension DisclosureControlTests {
  @Test func singleSuppressionInARowIsRecoveredFromTheRowTotal() throws {
    let table = try DisclosureControl.Table(
      rowLabels: ["a", "b"], columnLabels: ["x", "y", "z"], counts: [[7, 3, 9], [8, 6, 5]],
      margins: .rowTotals)
    let naive = DisclosureAudit.Publication(
      table: table, suppressed: [.interior(row: 0, column: 1)])
    let report = DisclosureAudit.audit(naive)
    #expect(report.disclosed == [.interior(row: 0, column: 1)])
    #expect(report.range(of: .interior(row: 0, column: 1))?.lowerBound == 3)
    // suppress() adds the smallest other count of the row, 7.
    let result = try DisclosureControl.suppress(table)
    #expect(result.primary == [.interior(row: 0, column: 1)])
    #expect(result.secondary == [.interior(row: 0, column: 0)])
    #expect(result.audit.range(of: .interior(row: 0, column: 1))?.upperBound == 10)
    #expect(result.isProtected)
  }

  @Test func singleSuppressionInAColumnIsRecoveredFromTheColumnTotal() throws {
    let table = try DisclosureControl.Table(
      rowLabels: ["a", "b", "c"], columnLabels: ["x", "y"], counts: [[20, 6], [1, 12], [9, 30]],
      margins: [.columnTotals])
    let report = DisclosureAudit.audit(
      .init(table: table, suppressed: [.interior(row: 1, column: 0)]))
    #expect(report.disclosed == [.interior(row: 1, column: 0)])
    #expect(report.range(of: .interior(row: 1, column: 0))?.upperBound == 1)
    let result = try DisclosureControl.suppress(table)
    #expect(result.secondary == [.interior(row: 2, column: 0)])
    #expect(result.isProtected)
  }

  @Test func primaryCellIsRecoveredFromARateWithItsDenominator() throws {
    // One year: charged 2, other outcomes 40 and 3, cancelled 6; total 51 published; charge
    // rate = charged / (total − cancelled) = 2/45 = 4.4%. The 2 and the 3 are [c]: the total
    // alone leaves each in 0...5, but 4.4% of 45 is between 1.98 and 2.02.
    let rate = DisclosureControl.Rate(
      label: "charge rate", column: 0, numeratorRows: [0], excludedRows: [3])
    let table = try DisclosureControl.Table(
      rowLabels: ["charged", "other", "small", "cancelled"], columnLabels: ["2023"],
      counts: [[2], [40], [3], [6]], margins: .columnTotals, rates: [rate])
    let primary: Set<P> = [.interior(row: 0, column: 0), .interior(row: 2, column: 0)]
    let withRate = DisclosureAudit.audit(.init(table: table, suppressed: primary))
    #expect(withRate.disclosed == primary.sorted())
    #expect(withRate.range(of: .interior(row: 0, column: 0))?.relaxedLowerBound ?? 0 > 1.9)
    let withoutRate = DisclosureAudit.audit(
      .init(table: table, suppressed: primary, suppressedRates: [0]))
    #expect(withoutRate.disclosed.isEmpty)
    #expect(withoutRate.range(of: .interior(row: 0, column: 0))?.upperBound == 5)
    let result = try DisclosureControl.suppress(table)
    #expect(result.rates == [.shorthand(.confidential)])
    #expect(result.secondary.isEmpty)
    #expect(result.isProtected)
  }

  @Test func rateWithShownNumeratorCanPinASuppressedDenominator() throws {
    // 60 of 100 = 60.0% pins the denominator to 100, so with the total 104 shown the
    // cancelled count (a [c] 4) is 104 − 100 exactly, and the other [c] (1) is 100 − 60 − 39.
    let rate = DisclosureControl.Rate(
      label: "rate", column: 0, numeratorRows: [0], excludedRows: [3])
    let table = try DisclosureControl.Table(
      rowLabels: ["numerator", "small", "other", "cancelled"], columnLabels: ["2023"],
      counts: [[60], [1], [39], [4]], margins: .columnTotals, rates: [rate])
    let naive = DisclosureAudit.audit(
      .init(table: table, suppressed: [.interior(row: 1, column: 0), .interior(row: 3, column: 0)]))
    #expect(naive.disclosed == Self.cells([(1, 0), (3, 0)]))
    // Suppressing the rate is the cheapest fix: the 39 would protect the 1 but leave the 4
    // pinned, and the 60 would cost the rate anyway.
    let result = try DisclosureControl.suppress(table)
    #expect(result.secondary.isEmpty)
    #expect(result.suppressedRates == [0])
    #expect(result.isProtected)
  }

  @Test func twoByTwoBlockWithAllMarginsIsProtected() throws {
    let table = try DisclosureControl.Table(
      rowLabels: ["a", "b", "c"], columnLabels: ["x", "y", "z"],
      counts: [[1, 2, 10], [3, 4, 20], [15, 25, 35]], margins: .all)
    let block = Self.cells([(0, 0), (0, 1), (1, 0), (1, 1)])
    let report = DisclosureAudit.audit(.init(table: table, suppressed: Set(block)))
    #expect(report.disclosed.isEmpty)
    // x00 + x01 = 3, x10 + x11 = 7, x00 + x10 = 4, x01 + x11 = 6: x00 = t, x01 = 3 − t,
    // x10 = 4 − t, x11 = 3 + t with 0 ≤ t ≤ 3.
    Self.expectRanges(
      report,
      [
        .interior(row: 0, column: 0): (0, 3), .interior(row: 0, column: 1): (0, 3),
        .interior(row: 1, column: 0): (1, 4), .interior(row: 1, column: 1): (3, 6),
      ])
    // suppress() finds exactly this block for these four small counts.
    let result = try DisclosureControl.suppress(table)
    #expect(result.primary == block)
    #expect(result.secondary.isEmpty)
  }

  @Test func loneSmallCountWithAllMarginsGetsTheCheapestRectangle() throws {
    let table = try DisclosureControl.Table(
      rowLabels: ["a", "b", "c"], columnLabels: ["x", "y", "z"],
      counts: [[2, 10, 20], [8, 6, 30], [12, 7, 5]], margins: .all)
    let result = try DisclosureControl.suppress(table)
    #expect(result.primary == [.interior(row: 0, column: 0)])
    // Rectangles through (0,0): 10+8+6 = 24, 10+12+7 = 29, 20+12+5 = 37 (5 is not small:
    // threshold 5 suppresses 1-4), 20+8+30 = 58.
    #expect(result.secondary == Self.cells([(0, 1), (1, 0), (1, 1)]))
    #expect(result.isProtected)
    #expect(result.rowTotals?.allSatisfy { if case .integer = $0 { true } else { false } } == true)
  }

  @Test func zerosAreSecondaryOnlyWhenAllowed() throws {
    let table = try DisclosureControl.Table(
      rowLabels: ["a"], columnLabels: ["x", "y", "z"], counts: [[3, 0, 8]], margins: .rowTotals)
    let usual = try DisclosureControl.suppress(table)
    #expect(usual.cells == [[.shorthand(.confidential), .integer(0), .shorthand(.confidential)]])
    let zeros = try DisclosureControl.suppress(
      table, options: .init(allowZeroSecondaries: true))
    #expect(zeros.secondary == [.interior(row: 0, column: 1)])
    #expect(zeros.audit.range(of: .interior(row: 0, column: 0))?.upperBound == 3)
    #expect(zeros.isProtected)
  }

  @Test func thresholdIsConfigurable() throws {
    let table = try Self.outcomes()
    let result = try DisclosureControl.suppress(table, threshold: 3)
    #expect(result.primary.allSatisfy { (1...2).contains(table.value(at: $0) ?? 0) })
    #expect(!result.primary.contains(.interior(row: 5, column: 0)))  // 15: CPS 2020 is 4
    #expect(result.isProtected)
    #expect(try DisclosureControl.suppress(table, threshold: 1).primary.isEmpty)
  }

  @Test func badInputIsRefusedWithASentence() throws {
    #expect(throws: DisclosureControl.Error.threshold(0)) {
      try DisclosureControl.suppress(try Self.outcomes(), threshold: 0)
    }
    do {
      _ = try DisclosureControl.Table(
        rowLabels: ["a", "b"], columnLabels: ["2020"], counts: [[1], [-2]], margins: .all)
      Issue.record("a negative count was accepted")
    } catch let error as DisclosureControl.Error {
      #expect(
        error.description
          == "The count in row 2 (\"b\"), column 1 (\"2020\") is -2; disclosure control needs counts of 0 or more."
      )
    }
    #expect(throws: DisclosureControl.Error.self) {
      try DisclosureControl.Table(
        rowLabels: ["a"], columnLabels: ["x"], counts: [[1]], margins: [],
        rates: [.init(label: "r", column: 0, numeratorRows: [0], excludedRows: [0])])
    }
  }

  @Test func inconsistentPublicationIsReported() {
    let publication = DisclosureAudit.Publication(
      rowCount: 1, columnCount: 2, margins: .rowTotals,
      shown: [.interior(row: 0, column: 0): 9, .rowTotal(row: 0): 5],
      suppressed: [.interior(row: 0, column: 1)], relations: [])
    #expect(!DisclosureAudit.audit(publication).isConsistent)
  }
}

// MARK: - The linear-programming solver, checked by hand

extension DisclosureControlTests {
  typealias LP = DisclosureAudit.LinearProgram

  @Test func simplexTextbookMaximum() {
    // max x + y s.t. x + 2y ≤ 4, 3x + y ≤ 6: the corner (8/5, 6/5), value 14/5.
    let lp = LP(
      variableCount: 2,
      constraints: [.init([1, 2], .lessOrEqual, 4), .init([3, 1], .lessOrEqual, 6)])
    guard case .optimal(let value, let point) = lp.maximise([1, 1]) else {
      Issue.record("no optimum")
      return
    }
    #expect(abs(value - 2.8) < 1e-9)
    #expect(abs(point[0] - 1.6) < 1e-9 && abs(point[1] - 1.2) < 1e-9)
    #expect(lp.minimise([1, 1]).value == 0)
  }

  @Test func simplexWithEqualityAndGreaterOrEqualRows() {
    // min x + y s.t. x + y ≥ 2, x − y = 1 → (1.5, 0.5), value 2; max x s.t. also x + y ≤ 5 → 3.
    var lp = LP(
      variableCount: 2,
      constraints: [.init([1, 1], .greaterOrEqual, 2), .init([1, -1], .equal, 1)])
    #expect(abs((lp.minimise([1, 1]).value ?? -1) - 2) < 1e-9)
    #expect(lp.maximise([1, 0]) == .unbounded)
    lp.constraints.append(.init([1, 1], .lessOrEqual, 5))
    #expect(abs((lp.maximise([1, 0]).value ?? -1) - 3) < 1e-9)
    // A negative right-hand side: −x ≤ −1 means x ≥ 1.
    let flipped = LP(variableCount: 1, constraints: [.init([-1], .lessOrEqual, -1)])
    #expect(abs((flipped.minimise([1]).value ?? -1) - 1) < 1e-9)
  }

  @Test func simplexInfeasible() {
    let lp = LP(
      variableCount: 2,
      constraints: [.init([1, 1], .lessOrEqual, 1), .init([1, 1], .greaterOrEqual, 2)])
    #expect(lp.minimise([1, 0]) == .infeasible)
  }

  @Test func simplexDoesNotCycleOnBealesExample() {
    // Beale (1955), which cycles under the textbook largest-coefficient rule:
    // min −3/4 x1 + 20 x2 − 1/2 x3 + 6 x4 s.t.
    //   1/4 x1 − 8 x2 − x3 + 9 x4 ≤ 0, 1/2 x1 − 12 x2 − 1/2 x3 + 3 x4 ≤ 0, x3 ≤ 1.
    // Optimum −5/4 at (1, 0, 1, 0); scipy 1.17.1 linprog gives fun = -1.25.
    let lp = LP(
      variableCount: 4,
      constraints: [
        .init([0.25, -8, -1, 9], .lessOrEqual, 0), .init([0.5, -12, -0.5, 3], .lessOrEqual, 0),
        .init([0, 0, 1, 0], .lessOrEqual, 1),
      ])
    guard case .optimal(let value, let point) = lp.minimise([-0.75, 20, -0.5, 6]) else {
      Issue.record("no optimum")
      return
    }
    #expect(abs(value + 1.25) < 1e-9)
    #expect(abs(point[0] - 1) < 1e-9 && abs(point[2] - 1) < 1e-9)
  }

  @Test func simplexRedundantEqualities() {
    // x + y = 4 stated twice and 2x + 2y = 8: redundant rows left after phase 1.
    let lp = LP(
      variableCount: 2,
      constraints: [
        .init([1, 1], .equal, 4), .init([1, 1], .equal, 4), .init([2, 2], .equal, 8),
      ])
    #expect(abs((lp.maximise([1, 0]).value ?? -1) - 4) < 1e-9)
    #expect(abs((lp.minimise([1, 0]).value ?? -1) - 0) < 1e-9)
  }
}

// MARK: - Random tables

extension DisclosureControlTests {
  @Test func randomTablesComeOutProtected() throws {
    var state: UInt64 = 0x5DC0_2024
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    let marginChoices: [DisclosureControl.Margins] = [.columnTotals, .rowTotals, .all]
    var totalSecondary = 0
    var zeroSecondary = 0
    for trial in 0..<40 {
      let rows = 2 + next(5)
      let columns = 2 + next(4)
      let counts = (0..<rows).map { _ in
        (0..<columns).map { _ in next(3) == 0 ? next(5) : next(40) }
      }
      let margins = marginChoices[trial % 3]
      let rates = (0..<columns).map {
        DisclosureControl.Rate(
          label: "rate \($0)", column: $0, numeratorRows: [0], excludedRows: [rows - 1])
      }
      let table = try DisclosureControl.Table(
        rowLabels: (0..<rows).map { "r\($0)" }, columnLabels: (0..<columns).map { "c\($0)" },
        counts: counts, margins: margins, rates: rates)
      let result = try DisclosureControl.suppress(table)
      #expect(result.isProtected, "trial \(trial): \(counts) \(result.audit.disclosed)")
      totalSecondary += result.secondary.count
      zeroSecondary += result.secondary.filter { table.value(at: $0) == 0 }.count
      for p in table.positions {
        let v = table.value(at: p) ?? 0
        if (1...4).contains(v) { #expect(result.cell(at: p) == .shorthand(.confidential)) }
      }
      for (i, rate) in table.rates.enumerated()
      where rate.numeratorRows.contains(where: {
        result.publication.suppressed.contains(.interior(row: $0, column: rate.column))
      }) {
        #expect(result.rates[i] != .number(0) && result.suppressedRates.contains(i))
      }
    }
    // The search is exercised (secondary cells are needed) and zeros stay a last resort.
    #expect(totalSecondary > 0)
    #expect(zeroSecondary * 4 < totalSecondary)
  }
}
