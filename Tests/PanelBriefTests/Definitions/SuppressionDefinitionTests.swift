import Foundation
import Testing

@testable import PanelBrief

/// README, "Disclosure control in public papers": counts from 1 to threshold−1 are `[c]`, with
/// secondary suppression so that no suppressed cell can be worked out from totals or published
/// rates. Judged here by `IndependentAttacker` (interval propagation, written apart from the
/// module's own linear-programming audit) on a public paper made from hand-made records, in
/// which the channel table and both outcome years need secondary suppression.
@Suite struct SuppressionDefinitionTests {
  /// Crimes by label and year recorded [2021, 2022]; totals 132 and 120 (worked by hand).
  static let crimeCounts: [(String, [Int])] = [
    ("1: Charged", [3, 12]),
    ("1A: Charged - alternative offence", [6, 0]),
    ("\"15: Evidential difficulties, victim supports\"", [40, 35]),
    ("16: Victim does not support", [20, 22]),
    ("18: No suspect identified", [30, 33]),
    ("Cancelled / Transferred", [10, 2]),
    ("Unknown", [8, 9]),
    ("UU unresolved", [15, 7]),
  ]
  /// Reports by channel and year [2021, 2022]; totals 117 and 106. 999 in 2022 (3) is the only
  /// small count of its year: shown alone as [c], the total would give it away.
  static let reportCounts: [(String, [Int])] = [
    ("101", [50, 60]), ("999", [30, 3]), ("Online", [25, 28]), ("In person", [12, 15]),
  ]

  static func publicPaper(_ name: String = #function) throws -> Briefing {
    var crimes: [String] = []
    for (l, (label, counts)) in crimeCounts.enumerated() {
      for (y, n) in counts.enumerated() {
        let year = 2021 + y
        for i in 0..<n {
          let recorded = String(format: "%02d/%02d/%d", 1 + i % 28, 1 + i % 12, year)
          // Outcomes are dated the day they were recorded, except 1A of 2021, charged in 2022.
          let dated = !["Cancelled", "Unknown", "UU"].contains { label.hasPrefix($0) }
          let outcome =
            !dated ? "" : label.hasPrefix("1A") && year == 2021 ? "15/01/2022" : recorded
          crimes.append("P\(l)-\(year)-\(i),\(recorded),\(label),\(outcome)")
        }
      }
    }
    var reports: [String] = []
    for (l, (channel, counts)) in reportCounts.enumerated() {
      for (y, n) in counts.enumerated() {
        for i in 0..<n {
          reports.append(
            "R\(l)-\(y)-\(i),\(String(format: "%02d/%02d/%d", 1 + i % 28, 1 + i % 12, 2021 + y)),\(channel)"
          )
        }
      }
    }
    return try HandMade.build(
      name, years: "2021-2022", extraction: "2023-01-31", audience: "public", crimes: crimes,
      reports: reports, channels: reportCounts.map(\.0)
    ).briefing
  }

  /// The channel table: the small count and at least one other cell of its year are [c]; the
  /// independent attacker cannot recover any; every cell shown is the hand-made count.
  @Test func channelTableGetsSecondarySuppression() throws {
    let b = try Self.publicPaper()
    let t = try #require(b.table("Channels_by_year"))
    #expect(t.rows.count == 5)
    #expect(t.rows[1][2] == .shorthand(.confidential), "999 in 2022 (3) is a small count")
    let column2022 = t.rows.map { $0[2] }
    #expect(column2022.filter { $0.isSuppressed }.count >= 2, "\(column2022)")
    for (r, (_, counts)) in Self.reportCounts.enumerated() {
      for y in 0..<2 where !t.rows[r][y + 1].isSuppressed {
        #expect(t.rows[r][y + 1] == .integer(counts[y]))
      }
    }
    for (y, total) in [117, 106].enumerated() where !t.rows[4][y + 1].isSuppressed {
      #expect(t.rows[4][y + 1] == .integer(total))
    }
    let outcome = IndependentAttacker.countTable(t, firstCount: 1).attack()
    #expect(outcome.consistent)
    #expect(outcome.disclosed.isEmpty, "recoverable: \(outcome.disclosed)")
  }

  /// The outcome tables (labels, types, groups, charge rate): small counts are [c] (1: Charged
  /// 2021 = 3, cancelled 2022 = 2), the rate whose numerator holds one is [c], and nothing can be
  /// worked out from everything the paper publishes about them.
  @Test func outcomeTablesAreSafeTogether() throws {
    let b = try Self.publicPaper()
    let labels = try #require(b.table("Outcomes_by_label"))
    func row(_ label: String) throws -> [Cell] {
      try #require(HandMade.row(labels, label.replacingOccurrences(of: "\"", with: "")))
    }
    #expect(try row("1: Charged")[2] == .shorthand(.confidential))
    #expect(try row("Cancelled / Transferred")[3] == .shorthand(.confidential))
    for (label, counts) in Self.crimeCounts {
      for y in 0..<2 where try !row(label)[y + 2].isSuppressed {
        #expect(try row(label)[y + 2] == .integer(counts[y]), "\(label)")
      }
    }
    // The configured label with no crimes shows its zeros.
    #expect(HandMade.ints(try row("0: Not yet assigned"), from: 2) == [0, 0])
    let rate = try #require(b.table("Charge_rate"))
    #expect(rate.rows[0][5] == .shorthand(.confidential), "the 2021 rate holds the 3")
    // 2022: 12 of 118 (120 less 2 cancelled), shown to 0.1%: 0.102 (if it is shown).
    if case .number(let r) = rate.rows[1][5] { #expect(r == 0.102) }
    let attacker = try IndependentAttacker.outcomeTables(of: b)
    #expect(!attacker.hidden.isEmpty)
    let outcome = attacker.attack()
    #expect(outcome.consistent, "the published figures must fit together")
    #expect(outcome.disclosed.isEmpty, "recoverable: \(outcome.disclosed)")
  }

  /// The closed-basis table: its counts go through primary suppression too (1: Charged of 2021
  /// are 3 outcomes in 2021; the six 1A of 2021 are outcomes of 2022), with the rate hidden
  /// with them.
  @Test func closedBasisTableSuppressesSmallCounts() throws {
    let b = try Self.publicPaper()
    let t = try #require(b.table("Charge_rate_closed"))
    // 2021: 3 charges of 3 + 40 + 20 + 30 = 93 outcomes; 2022: 12 + 6 = 18 of 18 + 90 = 108.
    #expect(t.rows[0][1] == .shorthand(.confidential))
    #expect(t.rows[0][2] == .integer(93))
    #expect(t.rows[0].dropFirst(3).allSatisfy { $0.isSuppressed })
    #expect(HandMade.ints(t.rows[1], from: 1, count: 2) == [18, 108])
    // 18/108 = 0.1667, shown to 0.1%.
    #expect(t.rows[1][3] == .number(0.167))
  }

  /// No count from 1 to 4 in any count column of any table of the public paper.
  @Test func noSmallCountInAnyTable() throws {
    let b = try Self.publicPaper()
    for table in b.tables where table.id != "Reconciliation" {
      for (r, row) in table.rows.enumerated() {
        // (The chi-square diagnostic counts table cells, not crimes.)
        for (c, cell) in row.enumerated()
        where table.columns[c].kind == .count && !table.columns[c].name.hasPrefix("Cells expecting")
        {
          if case .integer(let v) = cell {
            #expect(!(1...4).contains(v), "\(table.id) row \(r) \(table.columns[c].name): \(v)")
          }
        }
      }
    }
  }

  /// The attacker has teeth: the same tables with only the small counts hidden give them away.
  @Test func attackerRecoversANaivePublication() {
    var channels = IndependentAttacker()
    for (r, (_, counts)) in Self.reportCounts.enumerated() {
      for (c, v) in counts.enumerated() { channels.cell("\(r),\(c)", v < 5 ? nil : v) }
    }
    channels.sum("total 0", (0..<4).map { "\($0),0" }, equals: 117)
    channels.sum("total 1", (0..<4).map { "\($0),1" }, equals: 106)
    #expect(channels.attack().disclosed == ["1,1"])

    // A charge rate of 0.9% of a shown 223 pins a hidden numerator of 2.
    var rate = IndependentAttacker()
    rate.cell("charged", nil)
    rate.cell("rest", 221)
    rate.rate("rate", numerator: ["charged"], denominator: ["charged", "rest"], shown: 0.009)
    let r = rate.attack()
    #expect(r.disclosed == ["charged"])
    #expect(r.lower["charged"] == 2)
  }
}
