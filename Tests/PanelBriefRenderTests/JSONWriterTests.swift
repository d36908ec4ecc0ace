import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

@Suite struct JSONWriterTests {
  static func briefing(_ cell: Cell) -> Briefing {
    Briefing(
      title: "T", subtitle: "", organisation: "O", marking: "OFFICIAL", isPublic: true, contact: "",
      periodDescription: "calendar year 2024", extractionDate: "2025-01-01", keyPoints: [],
      sections: [],
      tables: [
        StatTable(
          id: "T1", title: "A table", subtitle: "", source: "S",
          columns: [.init("Label", .label), .init("Rate", .percent)], rows: [[.text("a"), cell]])
      ], charts: [], notes: [], method: [], reconciliation: [], generator: "test")
  }

  @Test func nonFiniteNumbersBecomeNotAvailable() throws {
    let data = try JSONBriefingWriter.render(Self.briefing(.number(.nan)))
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"[x]\""))
    let back = try JSONDecoder().decode(Briefing.self, from: data)
    #expect(back.tables[0].rows[0][1] == .shorthand(.notAvailable))
  }

  @Test func roundTripsEveryKindOfCell() throws {
    for cell: Cell in [.integer(12), .number(0.045), .text("x"), .shorthand(.confidential)] {
      let b = Self.briefing(cell)
      let back = try JSONDecoder().decode(Briefing.self, from: JSONBriefingWriter.render(b))
      #expect(back == b)
      // Byte-identical on a second render: the JSON is deterministic.
      #expect(try JSONBriefingWriter.render(b) == JSONBriefingWriter.render(back))
    }
  }
}
