import Foundation
import Testing

@testable import PanelBrief

/// The seed force's briefing, built from the record-level fixture, must reproduce the published
/// tables in ../shared/seed-tables figure for figure.
@Suite struct SeedBriefingTests {
  static func build() throws -> (BriefingConfig, IngestedData, Briefing) {
    let config = try BriefingConfig.load(path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let briefing = BriefingBuilder(config: config, data: data, version: "test").build()
    return (config, data, briefing)
  }

  func ints(_ row: [Cell], from: Int) -> [Int] {
    row.dropFirst(from).map { if case .integer(let i) = $0 { i } else { -1 } }
  }

  @Test func outcomesTableMatchesSeed() throws {
    let (_, _, b) = try Self.build()
    let seed = try SeedTable("outcomes-by-year.csv")
    let table = try #require(b.table("Outcomes_by_label"))
    #expect(
      table.columns.map(\.name) == ["Outcome", "Home Office outcome type"] + seed.header.dropFirst()
    )
    #expect(table.rows.count == seed.rows.count)
    for (row, expected) in zip(table.rows, seed.rows) {
      #expect(row[0] == .text(expected.label))
      #expect(ints(row, from: 2) == expected.values, "\(expected.label)")
    }
  }

  @Test func channelsTableMatchesSeed() throws {
    let (_, _, b) = try Self.build()
    let seed = try SeedTable("channels-by-year.csv")
    let table = try #require(b.table("Channels_by_year"))
    #expect(table.columns.map(\.name) == ["How received"] + seed.header.dropFirst())
    #expect(table.rows.count == seed.rows.count)
    for (row, expected) in zip(table.rows, seed.rows) {
      #expect(row[0] == .text(expected.label))
      #expect(ints(row, from: 1) == expected.values, "\(expected.label)")
    }
  }

  @Test func activityTableMatchesSeed() throws {
    let (_, _, b) = try Self.build()
    let seed = try SeedTable("enforcement-monthly.csv")
    let table = try #require(b.table("Activity_monthly"))
    // The paper has a row per month (the seed a column per month): compare transposed.
    #expect(table.columns.map(\.name) == ["Month"] + seed.rows.map(\.label))
    let seedMonths = seed.header.dropFirst().map { MonthHeader.parse($0)!.label }
    #expect(table.rows.map { $0[0] } == seedMonths.map { .text($0) })
    #expect(table.rows.first?[0] == .text("Sep 2022"))
    #expect(table.rows.last?[0] == .text("Jan 2024"))
    for (m, row) in table.rows.enumerated() {
      #expect(ints(row, from: 1) == seed.rows.map { $0.values[m] })
    }
  }

  @Test func chargeRateEachYear() throws {
    let (_, _, b) = try Self.build()
    let table = try #require(b.table("Charge_rate"))
    // From ../shared/seed-tables/README.md: 10 of 206 (4.9%) in 2020 and 2 of 241 (0.8%) in 2023
    // leaving cancelled/transferred out; 2021: 2 of 245-22 = 223; 2022: 2 of 278-13 = 265.
    let expected: [(String, Int, Int, Int, Int)] = [
      ("2020", 10, 220, 14, 206), ("2021", 2, 245, 22, 223), ("2022", 2, 278, 13, 265),
      ("2023", 2, 250, 9, 241),
    ]
    #expect(table.rows.count == 4)
    for (row, e) in zip(table.rows, expected) {
      #expect(row[0] == .text(e.0))
      #expect(Array(ints(row, from: 1).prefix(4)) == [e.1, e.2, e.3, e.4])
      let rate = try #require(row[5].numericValue)
      #expect(abs(rate - Double(e.1) / Double(e.4)) < 1e-12)
    }
  }

  @Test func reconciliationAccountsForEveryRow() throws {
    let (_, data, _) = try Self.build()
    for r in data.reconciliation {
      #expect(r.rowsRead == r.accepted + r.superseded + r.rejected, "\(r.path)")
    }
    // The rows the fixture's README lists as meant to be rejected (file, line).
    let rejected = Set(data.rejected.map { "\($0.path.split(separator: "/").last!):\($0.line)" })
    #expect(
      rejected == [
        "crimes-2020-2021.csv:2", "crimes-2020-2021.csv:147", "crimes-2020-2021.csv:338",
        "crimes-2022-2023.csv:29", "crimes-2022-2023.csv:214", "crimes-2022-2023.csv:356",
        "contact-reports.csv:315", "contact-reports.csv:748", "team-activity.csv:347",
      ])
    let reasons = Dictionary(grouping: data.rejected, by: \.reason).mapValues(\.count)
    #expect(reasons["Recorded Date is outside the period covered"] == 1)
    #expect(reasons["Recorded Date is not a real date"] == 1)
    #expect(reasons["Recorded Date is not a date in the form dd/MM/yyyy"] == 1)
    #expect(reasons["Occurrence Ref is empty"] == 2)
    #expect(reasons["Wrong number of fields"] == 1)
    #expect(reasons["Created is not a real date"] == 1)
    #expect(reasons["Created is empty"] == 1)
    #expect(reasons["Activity Date is not a date in the form dd/MM/yyyy"] == 1)
    #expect(data.findings.isEmpty)
    // Every crime: 220 + 245 + 278 + 250 accepted.
    #expect(data.crimes.count == 993)
    #expect(data.reports.count == 270 + 285 + 344 + 361)
  }
}
