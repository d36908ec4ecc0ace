import Foundation
import Testing

@testable import PanelBrief
@testable import PanelBriefRender

/// A public paper prints no byte of an export's free text. A name, a date of birth, an address
/// and a phone number are written into each labelled column of the seed exports (the outcome,
/// how a report was received, the activity measure); none of it may appear in any file of the
/// public paper (Markdown, JSON, every SVG, every part of the workbook's zip), while the
/// restricted paper of the same exports lists the labels, as `validate` does.
@Suite struct PublicFreeTextTests {
  /// Pieces of personal data, each of which must not be published.
  static let secrets = [
    "Jane", "DOE", "01/02/1990", "Acacia", "07700 900461",
    "Priya", "KAUR", "22/11/1987", "Larch", "07700 900999",
    "John", "SMITH", "14/07/1982", "Rowan", "NN1 4XY", "07700 900123",
    "Mary", "ROE", "03/04/1975", "Elm Close", "07700 900789",
  ]

  /// The seed configuration and exports in a scratch folder, with free text in every labelled
  /// column: two outcome labels, a channel and an activity measure.
  static func exportsWithFreeText(_ name: String) throws -> String {
    let folder =
      NSTemporaryDirectory() + "panelbrief-freetext-\(name)-\(UUID().uuidString.prefix(8))"
    let fm = FileManager.default
    try fm.createDirectory(atPath: folder + "/exports", withIntermediateDirectories: true)
    let seed = RenderTestPaths.root + "/Fixtures/seed-force"
    for file in ["panel.yml", "panel-public.yml"] {
      try fm.copyItem(atPath: seed + "/" + file, toPath: folder + "/" + file)
    }
    func rewrite(_ file: String, _ edits: [(String, String, Int)]) throws {
      var text = try String(contentsOfFile: seed + "/exports/" + file, encoding: .utf8)
      for (from, to, times) in edits {
        for _ in 0..<times {
          let range = try #require(text.range(of: from), "\(file) has no '\(from)'")
          text.replaceSubrange(range, with: to)
        }
      }
      try text.write(toFile: folder + "/exports/" + file, atomically: true, encoding: .utf8)
    }
    let outcome = ",18: Investigation complete no suspect identified,"
    try rewrite(
      "crimes-2020-2021.csv",
      [
        (
          outcome,
          ",\"Victim Jane DOE (dob 01/02/1990) withdrew - see 12 Acacia Ave, tel 07700 900461\",",
          3
        )
      ])
    try rewrite(
      "crimes-2022-2023.csv",
      [
        (
          outcome,
          ",\"Priya KAUR born 22/11/1987, 4 Larch Way, mobile 07700 900999 - NFA\",", 2
        )
      ])
    try rewrite(
      "contact-reports.csv",
      [(",999,", ",\"Caller John SMITH dob 14/07/1982, 27 Rowan Road NN1 4XY, 07700 900123\",", 2)])
    try rewrite(
      "team-activity.csv",
      [
        (
          ",NRM referral,", ",\"Visited Mary ROE born 03/04/1975 at 5 Elm Close - 07700 900789\",",
          2
        )
      ]
    )
    return folder
  }

  /// Every text a paper's folder holds: each file, and each part of each zip (the workbook).
  static func texts(in folder: String) throws -> [(String, String)] {
    var out: [(String, String)] = []
    for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
      let path = folder + "/" + file
      if file.hasSuffix(".xlsx") {
        for (part, data) in try WorkbookReadBack(path: path).entries {
          out.append(("\(file):\(part)", String(decoding: data, as: UTF8.self)))
        }
      } else {
        out.append(
          (file, String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)))
      }
    }
    return out
  }

  static func paper(_ folder: String, config file: String) throws -> (String, IngestedData) {
    let config = try BriefingConfig.load(path: folder + "/" + file)
    let data = try Ingestor(config: config, open: openTabular).run()
    let briefing = BriefingBuilder(config: config, data: data, version: "test").build()
    let out = folder + "/out-" + file
    _ = try BriefingOutput.write(briefing, to: out)
    return (out, data)
  }

  @Test func noFreeTextReachesAPublicPaper() throws {
    let folder = try Self.exportsWithFreeText("public")
    let (out, data) = try Self.paper(folder, config: "panel-public.yml")
    let texts = try Self.texts(in: out)
    #expect(texts.contains { $0.0.hasSuffix(".svg") })
    #expect(texts.contains { $0.0.contains("xl/worksheets/") })
    for (file, text) in texts {
      for secret in Self.secrets {
        #expect(!text.contains(secret), "\(file) contains '\(secret)'")
      }
    }
    // The labels are merged and counted instead.
    let md = try String(contentsOfFile: out + "/briefing.md", encoding: .utf8)
    #expect(md.contains("| Not mapped (2 labels) |"))
    #expect(md.contains("| Not mapped (1 label) |"))
    #expect(md.contains("2 outcome labels are not in the configuration"))
    // The ingest itself (what `validate` prints) still names them, with their counts.
    let findings = data.findings.map(\.text).joined(separator: "\n")
    #expect(findings.contains("Victim Jane DOE (dob 01/02/1990)"))
    #expect(data.findings.contains { $0.text.contains("Priya KAUR") && $0.count == 2 })
  }

  /// The restricted paper of the same exports names the unmapped labels: the check above is
  /// not passing because the free text never got in.
  @Test func restrictedPaperListsTheLabels() throws {
    let folder = try Self.exportsWithFreeText("restricted")
    let (out, _) = try Self.paper(folder, config: "panel.yml")
    let md = try String(contentsOfFile: out + "/briefing.md", encoding: .utf8)
    #expect(md.contains("Unmapped: Victim Jane DOE (dob 01/02/1990)"))
    #expect(md.contains("Unmapped: Caller John SMITH"))
    #expect(md.contains("Unmapped: Visited Mary ROE"))
  }
}
