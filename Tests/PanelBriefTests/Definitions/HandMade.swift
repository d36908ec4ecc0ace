import Foundation

@testable import PanelBrief

/// A briefing made from records written in a test: a configuration and CSV exports in a folder
/// of the test's own, read by the real ingest and built by the real builder.
enum HandMade {
  /// The outcome labels of every hand-made force, with their Home Office types or statuses.
  static let outcomes = """
          "1: Charged": 1
          "1A: Charged - alternative offence": 1A
          "0: Not yet assigned": 0
          "15: Evidential difficulties, victim supports": 15
          "16: Victim does not support": 16
          "18: No suspect identified": 18
          "Cancelled / Transferred": cancelled
          "Unknown": unknown
          "UU unresolved": unresolved
    """

  /// Writes the exports and configuration, then ingests and builds. `crimes` and `reports` are
  /// CSV lines without the header: `ref,recorded,outcome,outcome date` and `ref,date,channel`,
  /// dates as dd/MM/yyyy; `trailingBytes` end the crimes file as they are.
  static func build(
    _ name: String = #function, basis: String = "calendar", years: String,
    extraction: String, audience: String = "restricted", crimes: [String],
    reports: [String]? = nil, channels: [String] = [], trailingBytes: [UInt8] = []
  ) throws -> (config: BriefingConfig, data: IngestedData, briefing: Briefing) {
    let folder = TestPaths.scratch(name)
    var yaml = """
      title: Hand-made force
      organisation: Hand-made Force
      audience: \(audience)
      period:
        basis: \(basis)
        years: \(years)
      extraction_date: \(extraction)
      sources:
        - name: crimes
          kind: crimes
          files: [crimes.csv]
          columns: {reference: Ref, recorded_date: Recorded, outcome: Outcome, outcome_date: Outcome Date}
          date_format: dd/MM/yyyy
          outcomes:
      \(outcomes)

      """
    let crimesText = (["Ref,Recorded,Outcome,Outcome Date"] + crimes).joined(separator: "\n") + "\n"
    try Data(Array(crimesText.utf8) + trailingBytes).write(
      to: URL(fileURLWithPath: folder + "/crimes.csv"))
    if let reports {
      yaml += """
          - name: reports
            kind: reports
            files: [reports.csv]
            columns: {reference: Ref, date: Date, channel: Channel}
            date_format: dd/MM/yyyy
            channels: [\(channels.map { "\"\($0)\"" }.joined(separator: ", "))]

        """
      try (["Ref,Date,Channel"] + reports).joined(separator: "\n").appending("\n")
        .write(toFile: folder + "/reports.csv", atomically: true, encoding: .utf8)
    }
    try yaml.write(toFile: folder + "/panel.yml", atomically: true, encoding: .utf8)
    let config = try BriefingConfig.load(path: folder + "/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let briefing = BriefingBuilder(config: config, data: data, version: "test").build()
    return (config, data, briefing)
  }

  /// Whole-number cells from `from` on (-1 for anything else, so a mismatch shows).
  static func ints(_ row: [Cell], from: Int, count: Int? = nil) -> [Int] {
    let cells = row.dropFirst(from).prefix(count ?? row.count)
    return cells.map { if case .integer(let i) = $0 { i } else { -1 } }
  }

  /// The rows of a table by their first cell's text.
  static func row(_ t: StatTable, _ first: String, column: Int = 0) -> [Cell]? {
    t.rows.first { $0[column] == .text(first) }
  }

  static func close(_ a: Cell?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    guard let v = a?.numericValue else { return false }
    return abs(v - b) <= tolerance
  }
}
