import Foundation
import PanelBrief
import Testing
import ZIPFoundation

@testable import PanelBriefRender

/// The Word paper as a panel clerk prints it: every chart fits an A4 page with its caption, the
/// panel style (Arial 11 point, tables 10 point, en-GB, a document title), headers repeated on
/// every page of a table, the marking once in the header and once in the footer, no SHA-256 in a
/// table cell, and (with LibreOffice) no last page holding only the marking.
@Suite struct WordPaperTests {
  static func part(_ archive: Archive, _ path: String) throws -> String {
    let entry = try #require(archive[path], "\(path)")
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
  }

  /// Every value of `attribute` on elements named `element`, in order.
  static func attributes(_ xml: String, _ element: String, _ attribute: String) -> [String] {
    xml.components(separatedBy: "<\(element) ").dropFirst().compactMap { piece in
      let tag = piece.prefix { $0 != ">" }
      guard let r = tag.range(of: "\(attribute)=\"") else { return nil }
      return String(tag[r.upperBound...].prefix { $0 != "\"" })
    }
  }

  /// The seed paper written with its Word version, and the Word file opened.
  static func wordPaper(_ configuration: String) throws -> (Briefing, Archive, String) {
    let config = try BriefingConfig.load(path: RenderTestPaths.root + "/" + configuration)
    let data = try Ingestor(config: config, open: openTabular).run()
    let b = BriefingBuilder(config: config, data: data, version: "0.0.0-test").build()
    let folder = try PaperTests.temporaryFolder()
    _ = try BriefingOutput.write(b, to: folder, documents: [.docx])
    let archive = try Archive(
      url: URL(fileURLWithPath: folder + "/briefing.docx"), accessMode: .read)
    return (b, archive, folder)
  }

  @Test(
    .enabled(if: DocumentConversion.isAvailable(.docx), "needs pandoc and rsvg-convert"),
    arguments: ["Fixtures/seed-force/panel.yml", "Fixtures/seed-force/panel-public.yml"])
  func everyChartFitsThePageWithItsCaption(configuration: String) throws {
    let (b, archive, folder) = try Self.wordPaper(configuration)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let document = try Self.part(archive, "word/document.xml")
    // The page and its margins, from the document's own section properties (twentieths of a
    // point; 635 EMU each).
    let pageHeight = try #require(Double(Self.attributes(document, "w:pgSz", "w:h").last ?? ""))
    let pageWidth = try #require(Double(Self.attributes(document, "w:pgSz", "w:w").last ?? ""))
    let top = try #require(Double(Self.attributes(document, "w:pgMar", "w:top").last ?? ""))
    let bottom = try #require(Double(Self.attributes(document, "w:pgMar", "w:bottom").last ?? ""))
    let left = try #require(Double(Self.attributes(document, "w:pgMar", "w:left").last ?? ""))
    let right = try #require(Double(Self.attributes(document, "w:pgMar", "w:right").last ?? ""))
    #expect(pageWidth == 11906 && pageHeight == 16838)  // A4 portrait
    let textHeight = (pageHeight - top - bottom) * 635
    let textWidth = (pageWidth - left - right) * 635
    let emuPerCm = 360_000.0
    // Room on the chart's page for its bold title line and its caption: 2.5 cm.
    let room = 2.5 * emuPerCm
    let heights = Self.attributes(document, "wp:extent", "cy").compactMap(Double.init)
    let widths = Self.attributes(document, "wp:extent", "cx").compactMap(Double.init)
    let charts = b.sections.flatMap(\.chartIDs).compactMap { b.chart($0) }
    // A bar chart too tall for the page is drawn in parts (two for each of the seed's: outcomes
    // and channels), each at the page's full width, rather than whole and narrower.
    let parts = charts.map { chart -> Int in
      guard let table = b.table(chart.tableID) else { return 1 }
      return SVGChartRenderer.parts(
        chart, table: table, maxHeightToWidth: WordPaper.chartHeight / WordPaper.textWidth)?
        .count ?? 1
    }
    #expect(parts.filter { $0 > 1 } == [2, 2])
    #expect(heights.count == parts.reduce(0, +))
    #expect(document.contains("Part 1 of 2.") && document.contains("Part 2 of 2."))
    for (h, w) in zip(heights, widths) {
      #expect(
        h <= textHeight - room,
        "image \(h / emuPerCm) cm tall; text area \(textHeight / emuPerCm) cm")
      #expect(
        w <= textWidth + 1, "image \(w / emuPerCm) cm wide; text area \(textWidth / emuPerCm) cm")
      // None drawn narrower to fit (0.05 cm for the width's rounding to 0.01 cm).
      #expect(
        w >= textWidth - 0.05 * emuPerCm,
        "image \(w / emuPerCm) cm wide; text area \(textWidth / emuPerCm) cm")
    }
    // The tallest part of the seed's is still a large picture.
    #expect((heights.max() ?? 0) > 15 * emuPerCm)
  }

  @Test(.enabled(if: DocumentConversion.isAvailable(.docx), "needs pandoc and rsvg-convert"))
  func theWordPaperIsInThePanelStyle() throws {
    let (b, archive, folder) = try Self.wordPaper("Fixtures/seed-force/panel.yml")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let document = try Self.part(archive, "word/document.xml")
    let styles = try Self.part(archive, "word/styles.xml")
    let core = try Self.part(archive, "docProps/core.xml")
    // Title and language in the document's properties.
    #expect(core.contains("<dc:title>\(PaperTests.xmlEscape(b.title))</dc:title>"))
    #expect(core.contains("<dc:language>en-GB</dc:language>"))
    // Arial, 11 point body, en-GB, in the defaults; table text (Compact) 10 point.
    let defaults = try #require(styles.components(separatedBy: "</w:docDefaults>").first)
    #expect(defaults.contains("w:ascii=\"Arial\""))
    #expect(defaults.contains("<w:sz w:val=\"22\""))
    #expect(defaults.contains("w:val=\"en-GB\""))
    #expect(!styles.contains("w:val=\"en-US\""))
    let compact = try #require(
      styles.components(separatedBy: "w:styleId=\"Compact\"").dropFirst().first?
        .components(separatedBy: "</w:style>").first)
    let tableSize = try #require(Int(Self.attributes(compact, "w:sz", "w:val").first ?? ""))
    #expect(tableSize >= 20)
    #expect(!styles.contains("Cambria") && !styles.contains("majorHAnsi"))
    // Every table's first row repeats at the top of each page it runs over.
    let tables = document.components(separatedBy: "<w:tbl>").dropFirst().map {
      $0.components(separatedBy: "</w:tbl>")[0]
    }
    #expect(tables.count >= 10)
    for table in tables {
      let firstRow = table.components(separatedBy: "</w:tr>").first ?? ""
      #expect(firstRow.contains("<w:tblHeader"))
    }
    // The marking once in the header and once in the footer; not again as the first or last
    // paragraph of the body.
    for part in ["word/header1.xml", "word/footer1.xml"] {
      let xml = try Self.part(archive, part)
      #expect(xml.components(separatedBy: b.marking).count == 2, "\(part)")
    }
    let paragraphs = PaperTests.wordText(document).split(separator: "\n").filter {
      !$0.trimmingCharacters(in: .whitespaces).isEmpty
    }
    #expect(paragraphs.first != Substring(b.marking))
    #expect(paragraphs.last != Substring(b.marking))
    // No SHA-256 whole in a table cell: 64 hexadecimal digits cannot wrap.
    for table in tables {
      let text = PaperTests.wordText(table)
      #expect(text.range(of: "[0-9a-f]{64}", options: .regularExpression) == nil)
    }
    #expect(PaperTests.wordText(document).contains("5eff4a0ee11d…"))
  }

  @Test func theRestrictedPaperListsTheFirstRejectedRowsAndPointsToTheWorkbook() throws {
    var b = try PaperTests.seedBriefing()
    let one = try #require(b.rejectedRows.first)
    b.rejectedRows = (0..<1200).map { i in
      var row = one
      row.line = i + 2
      return row
    }
    b.reconciliation[0].rejectedByReason = [.init(reason: one.reason, count: 250_000)]
    let paper = try MarkdownBriefingWriter.render(b) { "chart-\($0.id).svg" }
    let section = PaperTests.section("Rejected rows", of: paper)
    let rows = section.filter { $0.hasPrefix("| exports/") }
    #expect(rows.count == MarkdownBriefingWriter.rejectedRowsInPaper)
    #expect(rows.count == 50)
    let total = b.reconciliation.reduce(0) { $0 + $1.rejected }
    let said = section.joined(separator: "\n")
    #expect(
      said.contains(
        "The first 50 of \(CellText.grouped(total)) rejected rows are shown; the workbook's Rejected\\_rows sheet lists 1,200 of them"
      ), "\(said)")
    // A paper with few rejected rows lists them all and says nothing more.
    let seed = try PaperTests.seedBriefing()
    let seedPaper = try MarkdownBriefingWriter.render(seed) { "chart-\($0.id).svg" }
    let seedSection = PaperTests.section("Rejected rows", of: seedPaper)
    #expect(seedSection.filter { $0.hasPrefix("| exports/") }.count == seed.rejectedRows.count)
    #expect(!seedSection.joined().contains("The first"))
  }

  static let pdfAvailable =
    DocumentConversion.isAvailable(.pdf)
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

  @Test(.enabled(if: pdfAvailable, "needs pandoc, rsvg-convert, LibreOffice and pdftotext"))
  func thePDFHasNoPageHoldingOnlyTheMarking() throws {
    let b = try PaperTests.seedBriefing()
    let folder = try PaperTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try BriefingOutput.write(b, to: folder, documents: [.pdf])
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
    p.arguments = ["-layout", folder + "/briefing.pdf", folder + "/briefing.txt"]
    try p.run()
    p.waitUntilExit()
    let text = try String(contentsOfFile: folder + "/briefing.txt", encoding: .utf8)
    let pages = text.components(separatedBy: "\u{0C}").filter {
      !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
    #expect(pages.count >= 8)
    for (n, page) in pages.enumerated() {
      let words = page.split(whereSeparator: \.isWhitespace).filter { $0 != Substring(b.marking) }
      #expect(!words.isEmpty, "page \(n + 1) holds only the marking")
      // The marking at the top and at the foot of every page (the text may name it too).
      let lines = page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
      #expect(lines.first == b.marking, "page \(n + 1)")
      #expect(lines.last?.hasPrefix(b.marking) == true, "page \(n + 1)")
      if n == 0 {
        // Once in the header, not again as the body's first line.
        #expect(lines.dropFirst().first != b.marking)
      }
    }
  }
}
