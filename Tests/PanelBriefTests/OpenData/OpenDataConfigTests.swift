import Foundation
import Testing

@testable import PanelBrief

/// The open-data kinds wired through the configuration, the ingest and the briefing.
@Suite struct OpenDataConfigTests {
  @Test func policeUKFixtureBriefing() throws {
    let config = try BriefingConfig.load(
      path: TestPaths.root + "/Fixtures/city-of-london-open-data/panel.yml")
    #expect(config.sources.map(\.kind) == [.policeUK])
    let data = try Ingestor(config: config, open: openTabular).run()
    // ../shared/realdata/police-uk/README.md: 629 street rows and 756 outcome rows; 13 street
    // rows and 9 outcome rows are repeats (Tests/PanelBriefTests/OpenData/police_uk_counts.py).
    #expect(data.reconciliation.map(\.rowsRead) == [629, 756])
    #expect(data.reconciliation.map(\.superseded) == [13, 9])
    #expect(
      data.reconciliation.allSatisfy { $0.rowsRead == $0.accepted + $0.superseded + $0.rejected })
    let b = BriefingBuilder(config: config, data: data, version: "test").build()
    #expect(b.table(PoliceUKTables.TableID.category) != nil)
    #expect(b.sections.map(\.id).contains("police_uk"))
    // Notes the open-data tables cite are in the briefing's notes, numbered in order.
    #expect(b.notes.map(\.number) == Array(1...b.notes.count))
    for t in b.tables {
      for n in t.noteNumbers { #expect(n <= b.notes.count, "\(t.id) cites [note \(n)]") }
    }
    #expect(b.purpose[0].contains("street-level crime figures"))
  }

  @Test func homeOfficeSourceThroughConfiguration() throws {
    let file = try HomeOfficeOutcomesTests.write()
    let folder = (file as NSString).deletingLastPathComponent
    let yaml = """
      title: National context
      organisation: Seedshire PCC office
      period: {basis: financial, years: [2022/23, 2023/24]}
      extraction_date: 2024-07-01
      sources:
        - kind: home-office-outcomes
          files: [prc-outcomes-open-data.csv]
          offence_codes: ["106"]
          force: seedshire
          comparators: [NORTHSHIRE, Southshire]
          comparator_group_name: Most similar forces
      """
    let config = try BriefingConfig.parse(yaml: yaml, path: folder + "/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let b = BriefingBuilder(config: config, data: data, version: "test").build()
    let table = try #require(b.table("ho-charge-rate"))
    let direct = try HomeOfficeOutcomesTable.read(files: [file]).chargeRates(
      HomeOfficeOutcomesTests.request)
    #expect(table == direct.table.renumberedNotes(from: table))
    #expect(b.sections.contains { $0.id == "national_context" })
  }

  @Test func openDataKindsRefuseColumnsAndStrayKeys() {
    let yaml = """
      title: T
      organisation: O
      period: {years: 2025}
      extraction_date: 2025-02-28
      sources:
        - kind: police-uk
          files: [a.csv]
          columns: {reference: Crime ID}
      """
    #expect {
      try BriefingConfig.parse(yaml: yaml, path: "p.yml")
    } throws: { "\($0)".contains("a police-uk source has a fixed layout: leave out 'columns'") }
    let stray = yaml.replacingOccurrences(of: "columns: {reference: Crime ID}", with: "force: Kent")
    #expect {
      try BriefingConfig.parse(yaml: stray, path: "p.yml")
    } throws: {
      "\($0)".contains("'force' belongs to a home-office-outcomes source, not a police-uk one.")
    }
  }

  @Test func unknownForceIsAnIngestError() throws {
    let file = try HomeOfficeOutcomesTests.write()
    let folder = (file as NSString).deletingLastPathComponent
    let yaml = """
      title: T
      organisation: O
      period: {basis: financial, years: [2022/23]}
      extraction_date: 2024-07-01
      sources:
        - kind: home-office-outcomes
          files: [prc-outcomes-open-data.csv]
          offence_codes: ["106"]
          force: Atlantis
      """
    let config = try BriefingConfig.parse(yaml: yaml, path: folder + "/panel.yml")
    #expect(throws: IngestError.self) { try Ingestor(config: config, open: openTabular).run() }
  }
}

extension StatTable {
  /// The same table with its note numbers taken from `other` (the briefing renumbers notes).
  fileprivate func renumberedNotes(from other: StatTable) -> StatTable {
    var copy = self
    copy.noteNumbers = other.noteNumbers
    return copy
  }
}
