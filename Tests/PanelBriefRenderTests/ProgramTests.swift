import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// `panelbrief` as a program to install: its templates are compiled in (no resource bundle to
/// lose), and `--version` says the version every briefing's provenance gives.
@Suite struct ProgramTests {
  static var templates: String { RenderTestPaths.root + "/Sources/PanelBriefRender/Templates" }

  @Test func theCompiledInTemplatesAreTheFilesInTemplates() throws {
    let fm = FileManager.default
    let walker = try #require(fm.enumerator(atPath: Self.templates))
    var onDisk: [String: String] = [:]
    for case let relative as String in walker {
      var isFolder: ObjCBool = false
      guard fm.fileExists(atPath: Self.templates + "/" + relative, isDirectory: &isFolder),
        !isFolder.boolValue
      else { continue }
      onDisk[relative] = try String(
        contentsOfFile: Self.templates + "/" + relative, encoding: .utf8)
    }
    #expect(onDisk.count >= 15)
    #expect(
      Set(onDisk.keys) == Set(EmbeddedTemplates.files.keys),
      "run python3 scripts/embed-templates.py after changing Templates/")
    for (path, text) in onDisk {
      #expect(
        EmbeddedTemplates.files[path] == text,
        "\(path) differs from its compiled-in copy: run python3 scripts/embed-templates.py")
    }
    // The default paper is the compiled-in template.
    #expect(try PaperTemplate.standard().text == onDisk["panel-paper.md.mustache"])
  }

  @Test func versionIsTheOneTheProvenanceGives() throws {
    let version = try CommandLineTests.run(["--version"])
    #expect(version.status == 0)
    let said = version.out.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(said.split(separator: ".").count == 3 && said.allSatisfy { $0.isNumber || $0 == "." })
    let out = CommandLineTests.scratch()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let report = try CommandLineTests.run([
      "report", "--config", RenderTestPaths.root + "/Fixtures/seed-force/panel-public.yml", "--out",
      out + "/b",
    ])
    #expect(report.status == 0, "\(report.err)")
    let json = try Data(contentsOf: URL(fileURLWithPath: out + "/b/briefing.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    #expect(object["generator"] as? String == "PanelBrief \(said)")
    let paper = try String(contentsOfFile: out + "/b/briefing.md", encoding: .utf8)
    #expect(paper.contains("written by PanelBrief \(said) from"))
    // The changelog has an entry for it.
    let changelog = try String(
      contentsOfFile: RenderTestPaths.root + "/CHANGELOG.md", encoding: .utf8)
    #expect(changelog.contains("## \(said)"))
  }
}
