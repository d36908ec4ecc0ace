import Foundation
import PanelBrief
import Testing
import ZIPFoundation

@testable import PanelBriefRender

/// `paper.font`: the font of the web page and of the Word/PDF papers (default Arial), through the
/// command line as a user sets it; an empty or unsafe name is refused with exit status 2.
@Suite struct PaperFontTests {
  /// The seed configuration in a scratch folder, its exports named by absolute path, with `extra`
  /// appended.
  static func seedConfiguration(in dir: String, appending extra: String) throws -> String {
    let seed = try String(
      contentsOfFile: RenderTestPaths.root + "/Fixtures/seed-force/panel.yml", encoding: .utf8)
    let text =
      seed.replacingOccurrences(
        of: "exports/", with: RenderTestPaths.root + "/Fixtures/seed-force/exports/") + extra
    let path = dir + "/panel.yml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func defaultIsArial() throws {
    let b = try PaperTests.seedBriefing()
    let folder = try PaperTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try BriefingOutput.write(b, to: folder)
    let html = try String(contentsOfFile: folder + "/briefing.html", encoding: .utf8)
    #expect(html.contains("html { font-family: Arial, Helvetica, sans-serif;"))
    #expect(HTMLBriefingWriter.fontFamily("Arial") == "Arial, Helvetica, sans-serif")
    #expect(
      HTMLBriefingWriter.fontFamily("Source Sans 3")
        == "\"Source Sans 3\", Arial, Helvetica, sans-serif")
  }

  @Test func configuredFontSetsTheWebPageAndTheWordStyles() throws {
    let dir = CommandLineTests.scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let config = try Self.seedConfiguration(in: dir, appending: "\npaper:\n  font: Verdana\n")
    let word = DocumentConversion.isAvailable(.docx)
    let r = try CommandLineTests.run(
      ["report", "--config", config, "--out", dir + "/out"] + (word ? ["--docx"] : []))
    #expect(r.status == 0, "\(r.err)")
    let html = try String(contentsOfFile: dir + "/out/briefing.html", encoding: .utf8)
    #expect(html.contains("html { font-family: Verdana, Arial, Helvetica, sans-serif;"))
    #expect(!html.contains("font-family: Arial, Helvetica"))
    guard word else { return }
    let archive = try Archive(
      url: URL(fileURLWithPath: dir + "/out/briefing.docx"), accessMode: .read)
    let styles = try WordPaperTests.part(archive, "word/styles.xml")
    // Every style that names a font names Verdana (code keeps its monospaced Consolas).
    let fonts = WordPaperTests.attributes(styles, "w:rFonts", "w:ascii")
    #expect(fonts.count >= 10)
    #expect(Set(fonts) == ["Verdana", "Consolas"], "\(Set(fonts))")
    #expect(!styles.contains("\"Arial\""))
  }

  @Test(arguments: [
    ("\"\"", "must not be empty"), ("\"   \"", "must not be empty"),
    ("\"Arial; color: red\"", "found 'Arial; color: red'"),
    ("'Comic \"Sans'", "found 'Comic \"Sans'"), ("\"Arial, serif\"", "found 'Arial, serif'"),
  ])
  func unusableFontExitsTwoNamingTheKey(value: String, says: String) throws {
    let dir = CommandLineTests.scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let config = try Self.seedConfiguration(in: dir, appending: "\npaper:\n  font: \(value)\n")
    let r = try CommandLineTests.run(["report", "--config", config, "--out", dir + "/out"])
    #expect(r.status == 2)
    #expect(r.err.contains("(paper.font): paper.font is the name of"), "\(r.err)")
    #expect(r.err.contains(says), "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
  }
}
