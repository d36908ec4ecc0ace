import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// House style without code: a configuration's own Mustache template, and errors that name the
/// template's line.
@Suite struct PaperTemplateTests {
  static let briefing = Briefing(
    title: "Modern Slavery & Trafficking", subtitle: "Report to the panel",
    organisation: "Test Force", marking: "OFFICIAL", isPublic: true, contact: "",
    periodDescription: "2023", extractionDate: "2024-02-05",
    keyPoints: [
      KeyPoint(text: "The rate fell.", figure: "0.8%"),
      KeyPoint(text: "Reports rose.", figure: "361"),
    ],
    sections: [], tables: [], charts: [], notes: [], method: [], reconciliation: [],
    generator: "PanelBrief test")

  @Test func theDefaultTemplateShipsWithPanelBrief() throws {
    let template = try PaperTemplate.standard()
    #expect(template.origin == "the default template")
    #expect(template.text.contains("{{#keyPoints}}"))
  }

  @Test func aCustomTemplateWritesTheHouseStyle() throws {
    let folder = NSTemporaryDirectory() + "paper-template-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/house.md.mustache"
    try Data(
      """
      {{! Test Force house style }}
      # {{title}} ({{marking}})

      {{#keyPoints}}
      * {{figure}}: {{text}}
      {{/keyPoints}}
      {{^hasGlossary}}
      No glossary.
      {{/hasGlossary}}
      Prepared by {{organisation}} with {{generator}}; wording from {{template}}.
      """.utf8
    ).write(to: URL(fileURLWithPath: path))

    let out = folder + "/out"
    _ = try BriefingOutput.write(Self.briefing, to: out, template: path)
    let paper = try String(contentsOfFile: out + "/briefing.md", encoding: .utf8)
    #expect(
      paper == """
        # Modern Slavery & Trafficking (OFFICIAL)

        * 0.8%: The rate fell.
        * 361: Reports rose.
        No glossary.
        Prepared by Test Force with PanelBrief test; wording from \(path).

        """)
  }

  @Test func aBrokenTemplateNamesItsLine() throws {
    let text = """
      # {{title}}

      {{#keyPoints}}
      - {{figure}}
      {{/keyPoint}}
      """
    let error = try #require(throws: PaperTemplateError.self) {
      try PaperTemplate(text: text, origin: "house.md.mustache")
    }
    #expect(error.line == 5)
    #expect(
      error.description
        == "The paper template house.md.mustache cannot be used at line 5, column \(error.column ?? 0): a section is closed with a different name from the one that opened it."
    )
  }

  @Test func anUnfinishedTagOnTheFirstLineIsPlacedWhereItIs() throws {
    let error = try #require(throws: PaperTemplateError.self) {
      try PaperTemplate(text: "# {{title", origin: "t")
    }
    #expect(error.line == 1)
    // The column counts from the template as written (the pragma PanelBrief adds is not counted).
    #expect((error.column ?? 0) <= "# {{title".count + 1)
    #expect(error.description.contains("at line 1"))
    #expect(error.description.contains("a tag that is not finished"))
  }

  @Test func anUnclosedSectionIsReported() throws {
    let error = try #require(throws: PaperTemplateError.self) {
      try PaperTemplate(text: "a\n{{#keyPoints}}\nb\nc\n", origin: "t")
    }
    #expect(error.line != nil)
    #expect(error.description.contains("never closed"))
  }

  @Test func aMissingTemplateIsReportedBeforeAnythingIsWritten() throws {
    let folder = NSTemporaryDirectory() + "paper-template-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/no-such.md.mustache"
    let error = try #require(throws: PaperTemplateError.self) {
      try BriefingOutput.write(Self.briefing, to: folder + "/out", template: path)
    }
    #expect(
      error.description == "The paper template \(path) cannot be used: there is no such file.")
    #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
  }

  @Test func doubleBracesEscapeMarkdownAndTripleBracesDoNot() throws {
    let template = try PaperTemplate(text: "{{title}}|{{{title}}}", origin: "t")
    var b = Self.briefing
    b.title = "*S45* <A&B>"
    let out = MarkdownBriefingWriter.render(b, template: template) { "chart-\($0.id).svg" }
    #expect(out == "\\*S45\\* \\<A&B>|*S45* <A&B>\n")
  }

  @Test func sectionsCanBeReachedById() throws {
    var b = Self.briefing
    b.sections = [
      Section(
        id: "outcomes", heading: "Outcomes", paragraphs: ["First."], tableIDs: [], chartIDs: []),
      Section(
        id: "charge_rate", heading: "Charge rate", paragraphs: ["Second."], tableIDs: [],
        chartIDs: []),
    ]
    let template = try PaperTemplate(
      text:
        "{{#section.charge_rate}}{{heading}}: {{#paragraphs}}{{.}}{{/paragraphs}}{{/section.charge_rate}}",
      origin: "t")
    let out = MarkdownBriefingWriter.render(b, template: template) { "chart-\($0.id).svg" }
    #expect(out == "Charge rate: Second.\n")
  }
}
