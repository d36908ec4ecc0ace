import Foundation
import Testing

@testable import PanelBrief

/// An attacker's attempt on the public seed paper: from what the briefing publishes (the outcome
/// table, its totals, the group table, the charge-rate table with its rounded rates, the shares
/// in the comparison table), work out every suppressed count. Two attackers: `IndependentAttacker`
/// (interval propagation, written in the tests and sharing no code with the module, so a bug in
/// the module's audit cannot make the suppression and its judge agree), and the
/// linear-programming attacker of `DisclosureAudit` (stronger, but the module's own), both with
/// constraints built here from the published tables, not from the code that suppressed them.
@Suite struct PublicSeedDisclosureTests {
  typealias P = DisclosureControl.Position
  typealias Relation = DisclosureControl.Relation

  static func publicBriefing() throws -> Briefing {
    let config = try BriefingConfig.load(
      path: TestPaths.root + "/Fixtures/seed-force/panel-public.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let briefing = BriefingBuilder(config: config, data: data, version: "test").build()
    // Go through the published JSON form, as a reader of the paper would.
    let json = try JSONEncoder().encode(briefing)
    return try JSONDecoder().decode(Briefing.self, from: json)
  }

  /// A published proportion shown to 0.1 percentage points: numerator / denominator lies within
  /// half a unit of the last digit.
  static func rounded(
    _ label: String, numerator: [P], denominator: [P], shown: Double
  ) -> [Relation] {
    let lo = shown - 0.0005
    let hi = shown + 0.0005
    // numerator - hi * denominator <= 0 and numerator - lo * denominator >= 0
    func terms(_ k: Double) -> [Relation.Term] {
      var t: [P: Double] = [:]
      for p in numerator { t[p, default: 0] += 1 }
      for p in denominator { t[p, default: 0] -= k }
      return t.sorted { $0.key < $1.key }.map { .init($0.key, $0.value) }
    }
    return [
      Relation(label: label + " (upper)", terms: terms(hi), lower: -.infinity, upper: 0),
      Relation(label: label + " (lower)", terms: terms(lo), lower: 0, upper: .infinity),
    ]
  }

  @Test func noSuppressedCellCanBeRecovered() throws {
    let b = try Self.publicBriefing()
    #expect(b.isPublic)
    let outcomes = try #require(b.table("Outcomes_by_label"))
    let body = outcomes.rows.dropLast()  // the last row is the Grand Total
    let years = outcomes.columns.count - 2
    var shown: [P: Int] = [:]
    var suppressed = Set<P>()
    for (r, row) in body.enumerated() {
      for c in 0..<years {
        switch row[c + 2] {
        case .integer(let v): shown[.interior(row: r, column: c)] = v
        case .shorthand(.confidential): suppressed.insert(.interior(row: r, column: c))
        default: Issue.record("unexpected cell \(row[c + 2])")
        }
      }
    }
    for (c, cell) in outcomes.rows.last!.dropFirst(2).enumerated() {
      if case .integer(let v) = cell {
        shown[.columnTotal(column: c)] = v
      } else {
        suppressed.insert(.columnTotal(column: c))
      }
    }
    #expect(!suppressed.isEmpty, "the public seed paper should suppress something")

    // What the attacker knows of each row: its Home Office type (the type column) or status.
    let labels = body.map { row -> String in if case .text(let s) = row[0] { s } else { "" } }
    let types = body.map { row -> OutcomeType? in
      if case .text(let s) = row[1] { OutcomeType(code: s) } else { nil }
    }
    // Charges are types 1 and 1A, as the type column says (not the module's own predicate).
    let charged = types.indices.filter { types[$0]?.number == 1 }
    let cancelled = labels.indices.filter { labels[$0].lowercased().hasPrefix("cancelled") }
    let unresolved = labels.indices.filter { labels[$0].lowercased().contains("unresolved") }
    let unclassified = labels.indices.filter { types[$0] == nil && !cancelled.contains($0) }
    func column(_ rows: [Int], _ c: Int) -> [P] { rows.map { .interior(row: $0, column: c) } }
    let allRows = Array(labels.indices)
    var relations: [Relation] = []
    func equals(_ label: String, _ cells: [P], _ value: Int) {
      relations.append(
        Relation(label: label, terms: cells.map { .init($0, 1) }, equals: Double(value)))
    }

    // The group table: each shown group count is the sum of its labels.
    let groups = try #require(b.table("Outcomes_by_group"))
    for row in groups.rows.dropLast() {
      guard case .text(let name) = row[0] else { continue }
      let members = allRows.filter { r in
        if let t = types[r] { return t.group.rawValue == name }
        switch name {
        case OutcomeStatus.cancelledOrTransferred.groupLabel: return cancelled.contains(r)
        case OutcomeStatus.unknown.groupLabel: return labels[r] == "Unknown"
        case OutcomeStatus.unresolved.groupLabel: return unresolved.contains(r)
        default: return false
        }
      }
      #expect(!members.isEmpty, "group \(name) has no member rows")
      for c in 0..<years {
        if case .integer(let v) = row[c + 1] { equals("group \(name) \(c)", column(members, c), v) }
      }
    }

    // The charge-rate table: counts, denominators, rates and shares as published.
    let rate = try #require(b.table("Charge_rate"))
    func col(_ name: String) throws -> Int { try #require(rate.columnIndex(name)) }
    for (c, row) in rate.rows.enumerated() {
      let ofForce = column(allRows.filter { !cancelled.contains($0) }, c)
      if case .integer(let v) = row[try col("Charged or summonsed")] {
        equals("charged \(c)", column(charged, c), v)
      }
      if case .integer(let v) = row[try col("Cancelled or transferred")] {
        equals("cancelled \(c)", column(cancelled, c), v)
      }
      if case .integer(let v) = row[try col("Crimes of the force (denominator)")] {
        equals("denominator \(c)", ofForce, v)
      }
      if case .number(let r) = row[try col("Charge/summons rate")] {
        relations += Self.rounded(
          "rate \(c)", numerator: column(charged, c), denominator: ofForce, shown: r)
      }
      if case .number(let s) = row[try col("Share unresolved at extraction")] {
        relations += Self.rounded(
          "no outcome \(c)", numerator: column(unresolved, c), denominator: ofForce, shown: s)
      }
    }
    // The comparison table: the unclassified share in the first and last years.
    let change = try #require(b.table("Change_in_rates"))
    let shareRow = try #require(
      change.rows.first { if case .text(let s) = $0[0] { s.hasPrefix("Share") } else { false } })
    for (k, c) in [(1, 0), (2, years - 1)] {
      if case .number(let s) = shareRow[k] {
        relations += Self.rounded(
          "unclassified share \(c)", numerator: column(unclassified, c),
          denominator: column(allRows, c), shown: s)
      }
    }

    let independent = try IndependentAttacker.outcomeTables(of: b).attack()
    #expect(independent.consistent)
    #expect(independent.disclosed.isEmpty, "recoverable: \(independent.disclosed)")

    let publication = DisclosureAudit.Publication(
      rowCount: body.count, columnCount: years, margins: .columnTotals, shown: shown,
      suppressed: suppressed, relations: relations)
    let report = DisclosureAudit.audit(publication)
    #expect(report.isConsistent, "the published figures must fit together")
    #expect(report.disclosed.isEmpty, "recoverable: \(report.disclosed.map(\.description))")
    // Every suppressed cell still spans more than one value.
    for r in report.ranges {
      #expect(r.upperBound == nil || r.upperBound! > r.lowerBound, "\(r)")
    }
  }

  /// The same attacker on the channel table: the cells and the year totals.
  @Test func channelTableIsProtected() throws {
    let b = try Self.publicBriefing()
    let t = try #require(b.table("Channels_by_year"))
    let body = t.rows.dropLast()
    let years = t.columns.count - 1
    var shown: [P: Int] = [:]
    var suppressed = Set<P>()
    for (r, row) in body.enumerated() {
      for c in 0..<years {
        if case .integer(let v) = row[c + 1] {
          shown[.interior(row: r, column: c)] = v
        } else {
          suppressed.insert(.interior(row: r, column: c))
        }
      }
    }
    for (c, cell) in t.rows.last!.dropFirst().enumerated() {
      if case .integer(let v) = cell {
        shown[.columnTotal(column: c)] = v
      } else {
        suppressed.insert(.columnTotal(column: c))
      }
    }
    let independent = IndependentAttacker.countTable(t, firstCount: 1).attack()
    #expect(independent.consistent)
    #expect(independent.disclosed.isEmpty, "recoverable: \(independent.disclosed)")
    let report = DisclosureAudit.audit(
      .init(
        rowCount: body.count, columnCount: years, margins: .columnTotals, shown: shown,
        suppressed: suppressed, relations: []))
    #expect(!suppressed.isEmpty)
    #expect(report.isConsistent)
    #expect(report.disclosed.isEmpty, "recoverable: \(report.disclosed.map(\.description))")
  }

  /// A public paper publishes no count from 1 to 4 anywhere: in no table, in no sentence's
  /// figure of a key point.
  @Test func noSmallCountIsPublished() throws {
    let b = try Self.publicBriefing()
    for table in b.tables where table.id != "Reconciliation" {
      for (r, row) in table.rows.enumerated() {
        // The test table's categories, degrees of freedom and cells expecting fewer than 5
        // count parts of a table computed from published counts, not crimes.
        let notCrimes = ["Categories", "Degrees of freedom", "Cells expecting fewer than 5"]
        for (c, cell) in row.enumerated()
        where table.columns[c].kind == .count && !notCrimes.contains(table.columns[c].name) {
          if case .integer(let v) = cell {
            #expect(
              !(1...4).contains(v),
              "\(table.id) row \(r) column \(table.columns[c].name) shows \(v)")
          }
        }
      }
    }
    #expect(b.rejectedRows.isEmpty, "a public paper lists no rejected rows")
  }

  /// The attacker is not toothless: the naive paper (primary suppression only, rates shown)
  /// is caught.
  @Test func naivePublicationIsCaught() throws {
    // 1: Charged 2021 = 2 shown as [c] but its rate 0.9% of 223 published: 2 is pinned.
    let publication = DisclosureAudit.Publication(
      rowCount: 2, columnCount: 1, margins: .columnTotals,
      shown: [.interior(row: 1, column: 0): 221, .columnTotal(column: 0): 223],
      suppressed: [.interior(row: 0, column: 0)],
      relations: Self.rounded(
        "rate", numerator: [.interior(row: 0, column: 0)],
        denominator: [.interior(row: 0, column: 0), .interior(row: 1, column: 0)], shown: 0.009))
    #expect(DisclosureAudit.audit(publication).disclosed == [.interior(row: 0, column: 0)])
  }
}
