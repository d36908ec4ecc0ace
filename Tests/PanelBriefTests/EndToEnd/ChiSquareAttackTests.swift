import Foundation
import Testing

@testable import PanelBrief

/// The chi-square attack of issue 8, rebuilt: enumerate the whole-number outcome tables that
/// agree with every number the public seed paper publishes (cells, year totals, type and group
/// sums, the charge-rate table, the rounded shares), then keep those whose chi-square tests of
/// the outcome mix agree with the published ones. Against the paper as it was (a saved copy of
/// its JSON, and a paper built today with the old behaviour switched on) the attack recovers
/// every suppressed cell; against the paper as it is now it recovers nothing.
/// Every configuration under Fixtures/.
enum RepositoryFixtures {
  static func configurations() -> [String] {
    let root = TestPaths.root + "/Fixtures"
    let fm = FileManager.default
    return ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted().flatMap { folder in
      ((try? fm.contentsOfDirectory(atPath: root + "/" + folder)) ?? []).sorted()
        .filter { $0.hasPrefix("panel") && $0.hasSuffix(".yml") }
        .map { root + "/" + folder + "/" + $0 }
    }
  }
}

@Suite struct ChiSquareAttackTests {
  typealias P = DisclosureControl.Position

  /// The seed's unsuppressed outcome table, from `../shared/seed-tables/outcomes-by-year.csv`
  /// (the force's own published table, read with the tests' own CSV code).
  static func seedCounts() throws -> [String: [Int]] {
    var out: [String: [Int]] = [:]
    for row in try SeedTable("outcomes-by-year.csv").rows { out[row.label] = row.values }
    return out
  }

  static func seedPublic(testsOnUnsuppressedCounts: Bool = false) throws -> (
    Briefing, [OutcomeStatus?]
  ) {
    let config = try BriefingConfig.load(
      path: TestPaths.root + "/Fixtures/seed-force/panel-public.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    var builder = BriefingBuilder(config: config, data: data, version: "test")
    builder.testsOnUnsuppressedCounts = testsOnUnsuppressedCounts
    let json = try JSONEncoder().encode(builder.build())
    return (
      try JSONDecoder().decode(Briefing.self, from: json), builder.data.outcomeLabels.map(\.meaning)
    )
  }

  /// The paper as it was published before issue 8, saved byte for byte.
  static func oldPaper() throws -> Briefing {
    let url = URL(
      fileURLWithPath: TestPaths.root
        + "/Fixtures/disclosure-attack/seed-force-public-before-issue-8.json")
    return try JSONDecoder().decode(Briefing.self, from: Data(contentsOf: url))
  }

  /// Checks that `report` recovered exactly the seed's suppressed cells.
  static func expectRecoversSeed(
    _ report: DisclosureAudit.IntegerReport, _ attack: OutcomeTableAttack,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let truth = try seedCounts()
    let recovered = try #require(report.recovered, sourceLocation: sourceLocation)
    #expect(recovered.count == 11, sourceLocation: sourceLocation)
    for (p, v) in recovered {
      guard case .interior(let r, let c) = p else { continue }
      #expect(
        truth[attack.labels[r]]?[c] == v, "\(attack.labels[r]), \(attack.years[c]): \(v)",
        sourceLocation: sourceLocation)
    }
  }

  /// The linear facts alone leave 68,040 tables: the secondary suppression holds against them.
  @Test func linearFactsLeaveManyTables() throws {
    let (meanings, attack) = try Self.oldAttack()
    _ = meanings
    let report = attack.run(useMixFacts: false)
    #expect(report.isComplete)
    #expect(report.linearTables == 68_040)
    #expect(report.disclosed(threshold: 5).isEmpty)
    #expect(attack.publication.suppressed.count == 11)
  }

  static func oldAttack() throws -> ([OutcomeStatus?], OutcomeTableAttack) {
    let (_, meanings) = try seedPublic()
    return (meanings, try OutcomeTableAttack(briefing: try oldPaper(), meanings: meanings))
  }

  /// The old paper's chi-square tests, on the unsuppressed counts, give the table away: with
  /// the JSON's full precision, and with only what the Markdown paper shows (statistics to one
  /// decimal place, p below 0.001, the smallest expected count 0.2, 20 and 16 cells expecting
  /// fewer than 5).
  @Test func oldPaperGivesAwayEverySuppressedCell() throws {
    let (_, attack) = try Self.oldAttack()
    let full = attack.run(useMixFacts: true, onPublishedCells: false)
    #expect(full.tables == 1)
    try Self.expectRecoversSeed(full, attack)
    #expect(full.disclosed(threshold: 5).count == 11)

    var shown = attack
    shown.mixFacts = attack.mixFacts.map { facts in
      var f = facts
      for (name, cell) in facts {
        guard case .number(let x) = cell else { continue }
        switch name {
        case "Chi-square", "Smallest expected count": f[name] = .number((x * 10).rounded() / 10)
        case "Share of cells expecting fewer than 5": f[name] = .number((x * 1000).rounded() / 1000)
        case "p-value": f[name] = .text(Wording.pBand(x))
        default: break
        }
      }
      return f
    }
    #expect(shown.mixFacts.first?["Chi-square"] == .number(109.4))
    #expect(shown.mixFacts.last?["Chi-square"] == .number(103.0))
    let markdown = shown.run(useMixFacts: true, onPublishedCells: false)
    #expect(markdown.tables == 1)
    try Self.expectRecoversSeed(markdown, shown)
  }

  /// The mutation test: a paper built today with the tests run on unsuppressed counts (the old
  /// behaviour, behind an internal flag) still gives the table away, even with every statistic
  /// rounded and the p-values banded. Merging the suppressed categories is what protects it.
  @Test func oldBehaviourTodayIsCaught() throws {
    let (briefing, meanings) = try Self.seedPublic(testsOnUnsuppressedCounts: true)
    let attack = try OutcomeTableAttack(briefing: briefing, meanings: meanings)
    let report = attack.run(useMixFacts: true, onPublishedCells: false)
    #expect(report.tables == 1)
    try Self.expectRecoversSeed(report, attack)
  }

  /// The paper as it is now: its tests use the published cells only, so every table that fits
  /// the linear facts also fits the tests, and no suppressed cell is pinned or shown to be a
  /// small non-zero count.
  @Test func fixedPaperGivesNothingAway() throws {
    let (briefing, meanings) = try Self.seedPublic()
    let attack = try OutcomeTableAttack(briefing: briefing, meanings: meanings)
    #expect(attack.mixFacts.count == 2)
    #expect(attack.publication.suppressed.count == 11)
    let report = attack.run(useMixFacts: true, onPublishedCells: true)
    #expect(report.isComplete)
    #expect(report.tables == report.linearTables)
    #expect(report.tables == 68_040)
    #expect(report.disclosed(threshold: 5).isEmpty)
    // The attacker who assumes the old computation finds no table with the published tests:
    // nothing of the published statistics points at the true table.
    let old = attack.run(useMixFacts: true, onPublishedCells: false)
    #expect(old.recovered == nil)
    // The mix tests as published: on the merged table, not on the suppressed categories.
    let mix = try #require(briefing.table("Outcome_mix_test"))
    #expect(mix.columnIndex("Smallest expected count") == nil)
    for row in mix.rows {
      let p = try #require(mix.columnIndex("p-value"))
      if case .text(let band) = row[p] {
        #expect(["<0.001", "<0.05", "≥0.05"].contains(band))
      } else {
        Issue.record("a public p-value must be a band, found \(row[p])")
      }
    }
  }

  /// The audit `report` runs before writing a public paper: clean for the public version of
  /// every fixture, and it names the 11 cells of the paper built the old way.
  @Test func everyFixturePassesTheAuditAndTheOldPaperFails() throws {
    let fixtures = RepositoryFixtures.configurations()
    #expect(fixtures.count >= 3)
    for path in fixtures {
      var config = try BriefingConfig.load(path: path)
      config.audience = .public
      let data = try Ingestor(config: config, open: openTabular).run()
      let builder = BriefingBuilder(config: config, data: data, version: "test")
      let briefing = builder.build()
      #expect(builder.disclosureProblems(in: briefing) == [], "\(path)")
    }
    let config = try BriefingConfig.load(
      path: TestPaths.root + "/Fixtures/seed-force/panel-public.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    var old = BriefingBuilder(config: config, data: data, version: "test")
    old.testsOnUnsuppressedCounts = true
    let problems = old.disclosureProblems(in: old.build())
    #expect(problems.count == 11)
    #expect(
      problems.contains(
        "Outcomes_by_label: the suppressed count for '10: Police - formal action not in public interest', 2020 can be worked out from what the paper publishes (it can only be 1)."
      ))
  }

  /// The merged table is the published cells and nothing else: hand-worked on the seed's 2020
  /// and 2023 columns of the group test.
  @Test func publishedTestTableMergesSuppressedCategories() throws {
    let c = Cell.shorthand(.confidential)
    let table = try #require(
      BriefingBuilder.publishedTestTable(
        cells: [[.integer(10), c], [c, .integer(0)], [.integer(54), .integer(46)], [c, c]],
        labels: ["a", "b", "c", "d"], totals: [.integer(206), .integer(241)]))
    #expect(table.labels == ["c", "Categories with suppressed counts (3)"])
    #expect(table.counts == [[54, 46], [152, 195]])
    // Without a shown total the suppressed rows cannot be merged: no test.
    #expect(
      BriefingBuilder.publishedTestTable(
        cells: [[.integer(10)], [c]], labels: ["a", "b"], totals: [c]) == nil)
  }
}
