import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// `briefing.html`, the paper as a web page: one self-contained file with the Markdown paper's
/// content, landmarks, headings in order, captioned tables with scoped headers, each chart with
/// its data; and, in headless Chromium with axe-core, no WCAG 2.2 A/AA violation on the seed
/// papers, public and restricted.
@Suite struct HTMLPaperTests {
  static let configurations = [
    "Fixtures/seed-force/panel.yml", "Fixtures/seed-force/panel-public.yml",
  ]

  /// The paper written into a fresh folder: (briefing, HTML, Markdown, folder).
  static func written(_ configuration: String) throws -> (Briefing, String, String, String) {
    let config = try BriefingConfig.load(path: RenderTestPaths.root + "/" + configuration)
    let data = try Ingestor(config: config, open: openTabular).run()
    let b = BriefingBuilder(config: config, data: data, version: "0.0.0-test").build()
    let folder =
      try PaperTests.temporaryFolder() + "/"
      + (configuration.contains("public") ? "public" : "restricted")
    _ = try BriefingOutput.write(b, to: folder)
    let html = try String(contentsOfFile: folder + "/briefing.html", encoding: .utf8)
    let markdown = try String(contentsOfFile: folder + "/briefing.md", encoding: .utf8)
    return (b, html, markdown, folder)
  }

  static func count(_ s: String, _ part: String) -> Int {
    s.components(separatedBy: part).count - 1
  }

  /// The page's text: tags removed, entities decoded, white space folded.
  static func text(_ html: String) -> String {
    var out = ""
    var inTag = false
    var tag = ""
    let inline: Set<String> = [
      "strong", "em", "code", "span", "a", "/strong", "/em", "/code", "/span", "/a",
    ]
    for ch in html {
      if ch == "<" {
        inTag = true
        tag = ""
      } else if ch == ">" {
        inTag = false
        let name = String(tag.prefix { $0 != " " })
        if !inline.contains(name) { out.append(" ") }
      } else if inTag {
        tag.append(ch)
      } else {
        out.append(ch)
      }
    }
    out = out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(
      of: "&gt;", with: ">"
    )
    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// A Markdown line's text without its markup.
  static func plain(_ line: String) -> String {
    var s = line
    for prefix in ["# ", "## ", "### ", "- "] where s.hasPrefix(prefix) {
      s.removeFirst(prefix.count)
    }
    if let dot = s.firstIndex(of: "."), s[..<dot].allSatisfy(\.isNumber), !s[..<dot].isEmpty,
      s[s.index(after: dot)...].hasPrefix(" ")
    {
      s = String(s[s.index(dot, offsetBy: 2)...])
    }
    var out = ""
    var escaped = false
    for ch in s {
      if escaped {
        out.append(ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else if ch != "*" && ch != "`" {
        out.append(ch)
      }
    }
    return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  @Test(arguments: configurations)
  func theWebPageIsSelfContainedAndSaysWhatTheMarkdownSays(configuration: String) throws {
    let (b, html, markdown, folder) = try Self.written(configuration)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // Self-contained: no script, no style sheet, image or frame from anywhere; a policy that
    // forbids any request.
    for forbidden in ["<script", "<link", "<iframe", "<img", "src=", "url(http", "@import"] {
      #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
    }
    #expect(
      html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
    let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(
      !hrefs.isEmpty && hrefs.allSatisfy { $0.hasPrefix("#") },
      "\(hrefs.filter { !$0.hasPrefix("#") })")
    // Landmarks, language, title, the marking at top and bottom.
    #expect(html.contains("<html lang=\"en-GB\">"))
    #expect(html.contains("<title>\(b.title) (\(b.marking))</title>"))
    #expect(Self.count(html, "<main") == 1 && Self.count(html, "<nav") == 1)
    #expect(html.contains("<header class=\"marking\" role=\"banner\"><p>\(b.marking)</p></header>"))
    #expect(html.contains("<footer class=\"marking\"><p>\(b.marking)</p></footer>\n</body>"))
    // Headings in order: one h1, then h2 (and nothing that skips a level).
    var levels: [Int] = []
    for piece in html.components(separatedBy: "<h").dropFirst() {
      if let d = piece.first?.wholeNumberValue,
        piece.dropFirst().first == " " || piece.dropFirst().first == ">"
      {
        levels.append(d)
      }
    }
    #expect(levels.filter { $0 == 1 }.count == 1)
    for (a, c) in zip(levels, levels.dropFirst()) { #expect(c <= a + 1, "h\(a) then h\(c)") }
    // Every section heading of the Markdown is an h2 of the page, in the same order.
    let mdHeadings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map {
      Self.plain(String($0))
    }
    let pageHeadings = html.components(separatedBy: "<h2 id=\"").dropFirst().map {
      Self.text("<x " + ($0.components(separatedBy: "</h2>").first ?? ""))
    }
    #expect(pageHeadings == mdHeadings)
    // Tables: each with a caption and scoped column headers; the paper's tables and one per chart.
    let tables = html.components(separatedBy: "<table").dropFirst().map {
      $0.components(separatedBy: "</table>")[0]
    }
    let mdTables = markdown.split(separator: "\n").filter {
      $0.hasPrefix("|:") || $0.hasPrefix("|-")
    }.count
    let charts = b.sections.flatMap(\.chartIDs).compactMap { b.chart($0) }
    #expect(tables.count == mdTables + charts.count)
    for table in tables {
      #expect(table.contains("<caption>") || table.contains("<caption"))
      #expect(!table.contains("<th>"))
      #expect(table.contains("<th scope=\"col\""))
    }
    // Each chart: a figure with its caption, the SVG named by its title and description, then
    // its data in a table.
    #expect(Self.count(html, "<figure class=\"chart\">") == charts.count)
    for chart in charts {
      #expect(
        html.contains("aria-labelledby=\"\(SVGChartRenderer.Format.identifier(chart.id))-title"))
      #expect(html.contains("Data of the chart: \(HTMLBriefingWriter.escape(chart.title))"))
    }
    #expect(Self.count(html, "<figcaption>") == charts.count)
    // Ids are unique.
    let ids = html.components(separatedBy: " id=\"").dropFirst().map {
      String($0.prefix { $0 != "\"" })
    }
    #expect(Set(ids).count == ids.count, "\(ids.count - Set(ids).count) repeated ids")
    // The same words: every line of the Markdown paper (headings, paragraphs, list items,
    // table cells) is in the page's text.
    let text = Self.text(html)
    var checked = 0
    for line in markdown.split(separator: "\n") where !line.hasPrefix("![") {
      if line.hasPrefix("|") {
        if line.hasPrefix("|:") || line.hasPrefix("|-") { continue }
        for cell in MarkdownBlocks.cells(String(line)) where !cell.isEmpty {
          #expect(text.contains(Self.plain(cell)), "cell '\(cell)'")
        }
      } else {
        let p = Self.plain(String(line))
        guard !p.isEmpty else { continue }
        #expect(text.contains(p), "'\(p.prefix(120))'")
      }
      checked += 1
    }
    #expect(checked > 150)
  }

  static let browserAvailable: Bool = {
    let fm = FileManager.default
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    func onPath(_ tool: String) -> Bool {
      path.split(separator: ":").contains { fm.isExecutableFile(atPath: "\($0)/\(tool)") }
    }
    return (onPath("chromium") || onPath("chromium-browser")) && onPath("chromedriver")
      && TidyDataTests.python(["-c", "import selenium, selenium_axe_python"]).status == 0
  }()

  @Test(
    .enabled(
      if: browserAvailable,
      "needs chromium, chromedriver and Python's selenium and selenium-axe-python (.ci/run installs them)"
    ))
  func axeCoreFindsNoWCAGViolationInHeadlessChromium() throws {
    var folders: [String] = []
    var pages: [String] = []
    for configuration in Self.configurations {
      let (_, _, _, folder) = try Self.written(configuration)
      folders.append(folder)
      pages.append(folder + "/briefing.html")
    }
    defer { for f in folders { try? FileManager.default.removeItem(atPath: f) } }
    let shots = try PaperTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: shots) }
    let (status, output) = TidyDataTests.python(
      [RenderTestPaths.root + "/scripts/axe-check.py"] + pages + ["--screenshots", shots])
    #expect(status == 0, "\(output)")
    let lines = output.split(separator: "\n").filter { $0.contains("violation(s)") }
    #expect(lines.count == 2, "\(output)")
    for line in lines {
      #expect(line.contains(": 0 violation(s)"), "\(line)")
      #expect(line.contains("wcag2aa") && line.contains("wcag21aa") && line.contains("wcag22aa"))
    }
    // The screenshots are pictures.
    for name in ["restricted-first-screen.png", "restricted-chart.png", "public-chart.png"] {
      let data = try Data(contentsOf: URL(fileURLWithPath: shots + "/" + name))
      #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name)")
    }
  }

  /// The check can fail: a page without a language, a title or table headers, with low-contrast
  /// text, is reported with its violations and exit status 1.
  @Test(
    .enabled(if: browserAvailable, "needs chromium, chromedriver, selenium, selenium-axe-python"))
  func axeCheckFailsOnAPageWithViolations() throws {
    let folder = try PaperTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bad = """
      <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
      <p style="color:#bbbbbb;background:#ffffff">Grey on white</p>
      <svg role="img" width="10" height="10"><rect width="10" height="10"/></svg>
      </body></html>
      """
    try Data(bad.utf8).write(to: URL(fileURLWithPath: folder + "/bad.html"))
    let (status, output) = TidyDataTests.python(
      [RenderTestPaths.root + "/scripts/axe-check.py", folder + "/bad.html"])
    #expect(status == 1, "\(output)")
    for rule in ["html-has-lang", "document-title", "color-contrast", "svg-img-alt"] {
      #expect(output.contains(rule), "\(rule) in \(output)")
    }
  }
}
