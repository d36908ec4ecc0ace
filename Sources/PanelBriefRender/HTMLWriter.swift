import Foundation
import PanelBrief

/// The panel paper as one accessible web page, `briefing.html`, for a Commissioner's website: the
/// Markdown paper's content block by block (so a house template's wording is kept), with the SVG
/// charts inline, each followed by its data table, and CSS in the page. It makes no request and
/// runs no script: a Content-Security-Policy forbids both, so the file works offline and is
/// safe to host anywhere.
///
/// Structure for assistive technology: `lang="en-GB"`, a `<title>`; the marking in a banner at
/// the top and in the footer at the bottom; a `<nav>` of the sections; `<main>` holding headings
/// in order (one `h1`, then `h2`); tables with a `<caption>` (the paper's "Table N" line and its
/// subtitle), column headers `scope="col"` and row labels `scope="row"`; wide tables in a
/// focusable, labelled scrolling region; charts as `<figure>` with a `<figcaption>`, the SVG
/// named by its title and description. Print styles set A4 pages, keep figures and table rows
/// whole, repeat table headers and hide the navigation.
public enum HTMLBriefingWriter {
  /// The page for `markdown` (the paper as `MarkdownBriefingWriter` wrote it) and `briefing`
  /// (its charts, for the inline SVG and each chart's data table). `svg` gives a chart's SVG.
  public static func render(
    _ briefing: Briefing, markdown: String, chartFile: (ChartSpec) -> String,
    svg: (ChartSpec) -> String, font: String = "Arial"
  ) -> String {
    var chartsByFile: [String: ChartSpec] = [:]
    for chart in briefing.charts { chartsByFile[chartFile(chart)] = chart }
    let blocks = MarkdownBlocks.parse(markdown)
    var body = ""
    var navigation: [(id: String, text: String)] = []
    var usedIDs: Set<String> = []
    var index = 0
    var sawTitle = false
    var lastHeading = briefing.title
    // The marking lines the paper opens and closes with are the banner and the footer here.
    var content = blocks
    if case .paragraph(let first)? = content.first, Inline.plain(first) == briefing.marking {
      content.removeFirst()
    }
    if case .paragraph(let last)? = content.last, Inline.plain(last) == briefing.marking {
      content.removeLast()
    }
    while index < content.count {
      let block = content[index]
      switch block {
      case .heading(let level, let text):
        if level == 1 && !sawTitle {
          sawTitle = true
          body += "<h1>\(Inline.html(text))</h1>\n"
        } else {
          let id = uniqueID(Inline.plain(text), &usedIDs)
          lastHeading = Inline.plain(text)
          let h = min(max(level, 2), 6)
          body += "<h\(h) id=\"\(id)\">\(Inline.html(text))</h\(h)>\n"
          if h == 2 { navigation.append((id, Inline.plain(text))) }
        }
      case .paragraph(let text):
        // "**Table N: …**", its "*subtitle*", then the table: one captioned table.
        if isTableTitle(text), let (caption, table, used) = captionedTable(content, from: index) {
          body += tableHTML(table, caption: caption, id: uniqueID(Inline.plain(text), &usedIDs))
          index += used
          continue
        }
        body += "<p>\(Inline.html(text))</p>\n"
      case .list(let ordered, let items):
        let tag = ordered ? "ol" : "ul"
        body +=
          "<\(tag)>\n" + items.map { "<li>\(Inline.html($0))</li>\n" }.joined() + "</\(tag)>\n"
      case .table(let table):
        // A table the paper gives no title line (the rejected rows, say): its section names it.
        body += tableHTML(table, caption: escape(lastHeading), id: nil)
      case .image(let alt, let file):
        var caption: String?
        if index + 1 < content.count, case .paragraph(let next) = content[index + 1],
          Inline.plain(next).hasPrefix("Figure ")
        {
          caption = next
          index += 1
        }
        body += figureHTML(
          alt: alt, file: file, caption: caption, chart: chartsByFile[file], briefing: briefing,
          svg: svg, usedIDs: &usedIDs)
      }
      index += 1
    }
    let title = escape(briefing.title)
    let marking = escape(briefing.marking)
    var page = """
      <!DOCTYPE html>
      <html lang="en-GB">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
      <meta name="generator" content="\(escape(briefing.generator))">
      <title>\(title) (\(marking))</title>
      <style>
      \(stylesheet(font: font))
      </style>
      </head>
      <body>
      <a class="skip" href="#main">Skip to the paper</a>
      <header class="marking" role="banner"><p>\(marking)</p></header>

      """
    if !navigation.isEmpty {
      page +=
        "<nav aria-label=\"Sections of the paper\">\n<h2 class=\"nav-title\" id=\"contents\">Contents</h2>\n<ol>\n"
      page += navigation.map { "<li><a href=\"#\($0.id)\">\(escape($0.text))</a></li>\n" }.joined()
      page += "</ol>\n</nav>\n"
    }
    page += "<main id=\"main\" tabindex=\"-1\">\n" + body + "</main>\n"
    page += "<footer class=\"marking\"><p>\(marking)</p></footer>\n</body>\n</html>\n"
    return page
  }

  // MARK: Blocks

  static func isTableTitle(_ text: String) -> Bool {
    text.hasPrefix("**Table ") && text.hasSuffix("**")
  }

  /// The table that a "**Table N: …**" paragraph introduces (an italic subtitle may stand
  /// between), with the caption and the number of blocks used.
  static func captionedTable(_ blocks: [MarkdownBlocks.Block], from start: Int) -> (
    String, MarkdownBlocks.Table, Int
  )? {
    guard case .paragraph(let title) = blocks[start] else { return nil }
    var caption = "<strong>\(Inline.html(String(title.dropFirst(2).dropLast(2))))</strong>"
    var next = start + 1
    if next < blocks.count, case .paragraph(let sub) = blocks[next], sub.hasPrefix("*"),
      !sub.hasPrefix("**"), sub.hasSuffix("*")
    {
      caption +=
        "<br><span class=\"subtitle\">\(Inline.html(String(sub.dropFirst().dropLast())))</span>"
      next += 1
    }
    guard next < blocks.count, case .table(let table) = blocks[next] else { return nil }
    return (caption, table, next - start + 1)
  }

  static func tableHTML(_ table: MarkdownBlocks.Table, caption: String?, id: String?) -> String {
    let label =
      caption.map { Inline.plain($0.replacingOccurrences(of: "<br>", with: " ")) } ?? "Table"
    var html =
      "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"\(escape(stripTags(label)))\">\n"
    html += "<table\(id.map { " id=\"\($0)\"" } ?? "")>\n"
    if let caption { html += "<caption>\(caption)</caption>\n" }
    html += "<thead><tr>"
    for (i, header) in table.header.enumerated() {
      let cls = table.numeric[safe: i] == true ? " class=\"num\"" : ""
      let text = Inline.html(header)
      html +=
        "<th scope=\"col\"\(cls)>\(text.isEmpty ? "<span class=\"visually-hidden\">Column \(i + 1)</span>" : text)</th>"
    }
    html += "</tr></thead>\n<tbody>\n"
    for row in table.rows {
      html += "<tr>"
      for (i, cell) in row.enumerated() {
        let cls = table.numeric[safe: i] == true ? " class=\"num\"" : ""
        if i == 0 && table.numeric.first != true {
          html += "<th scope=\"row\">\(Inline.html(cell))</th>"
        } else {
          html += "<td\(cls)>\(Inline.html(cell))</td>"
        }
      }
      html += "</tr>\n"
    }
    html += "</tbody>\n</table>\n</div>\n"
    return html
  }

  static func figureHTML(
    alt: String, file: String, caption: String?, chart: ChartSpec?, briefing: Briefing,
    svg: (ChartSpec) -> String, usedIDs: inout Set<String>
  ) -> String {
    var html = "<figure class=\"chart\">\n"
    if let chart {
      html += inlineSVG(svg(chart))
    } else {
      // An image the paper names that is not one of the briefing's charts: its alt text.
      html += "<p class=\"missing-image\">\(Inline.html(alt))</p>\n"
    }
    if let caption { html += "<figcaption>\(Inline.html(stripEmphasis(caption)))</figcaption>\n" }
    html += "</figure>\n"
    // The chart's data, beside it, as a table a screen reader can step through.
    if let chart, let table = briefing.table(chart.tableID) {
      let rows =
        chart.rowRange.map { Array(table.rows[$0.clamped(to: 0..<table.rows.count)]) } ?? table.rows
      let columns = [chart.categoryColumn] + chart.seriesColumns
      let data = MarkdownBlocks.Table(
        header: columns.map { MarkdownBriefingWriter.escape(table.columns[$0].name) },
        numeric: columns.map {
          table.columns[$0].kind != .label && table.columns[$0].kind != .text
        },
        rows: rows.map { row in
          columns.map { c in
            c < row.count
              ? MarkdownBriefingWriter.escape(CellText.format(row[c], kind: table.columns[c].kind))
              : ""
          }
        })
      html += "<details class=\"chart-data\">\n<summary>The data in this chart</summary>\n"
      html += tableHTML(
        data, caption: "Data of the chart: \(escape(chart.title))",
        id: uniqueID("data " + chart.id, &usedIDs))
      html += "</details>\n"
    }
    return html
  }

  /// An SVG document made an inline element: without an XML declaration.
  static func inlineSVG(_ svg: String) -> String {
    var text = svg
    if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
      text = String(text[end.upperBound...])
    }
    return text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
  }

  static func stripEmphasis(_ s: String) -> String {
    if s.hasPrefix("*") && s.hasSuffix("*") && !s.hasPrefix("**") && s.count > 1 {
      return String(s.dropFirst().dropLast())
    }
    return s
  }

  static func stripTags(_ s: String) -> String {
    var out = ""
    var inTag = false
    for ch in s {
      if ch == "<" {
        inTag = true
      } else if ch == ">" {
        inTag = false
      } else if !inTag {
        out.append(ch)
      }
    }
    return out
  }

  /// An id made from text: lower case letters, digits and hyphens, unique in the page.
  static func uniqueID(_ text: String, _ used: inout Set<String>) -> String {
    var id = ""
    for ch in text.lowercased() {
      if ch.isASCII && (ch.isLetter || ch.isNumber) {
        id.append(ch)
      } else if !id.isEmpty && id.last != "-" {
        id.append("-")
      }
    }
    while id.hasSuffix("-") { id.removeLast() }
    if id.isEmpty || !(id.first!.isLetter) { id = "s-" + id }
    id = String(id.prefix(60))
    var candidate = id
    var n = 2
    while used.contains(candidate) {
      candidate = "\(id)-\(n)"
      n += 1
    }
    used.insert(candidate)
    return candidate
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// The CSS font list for `font` (the configuration's `paper.font`): the font, then Arial,
  /// Helvetica and any sans-serif for a machine without it. `Arial, Helvetica, sans-serif` for the
  /// default. The name has been checked (letters, digits, spaces, `-_.`) and is quoted.
  static func fontFamily(_ font: String) -> String {
    let fallbacks = ["Arial", "Helvetica", "sans-serif"].filter {
      $0.lowercased() != font.lowercased()
    }
    let first = font.allSatisfy { $0.isLetter } ? font : "\"\(font)\""
    return ([first] + fallbacks).joined(separator: ", ")
  }

  /// GOV.UK-like type and colours; every pair of text and background passes WCAG AA contrast.
  static func stylesheet(font: String) -> String {
    stylesheetTemplate.replacingOccurrences(of: "{{font-family}}", with: fontFamily(font))
  }

  static let stylesheetTemplate = """
    :root { color-scheme: light; }
    html { font-family: {{font-family}}; font-size: 100%; line-height: 1.45; color: #0b0c0c; background: #ffffff; }
    body { margin: 0 auto; max-width: 60rem; padding: 0 1rem 2rem; }
    a { color: #1d70b8; }
    a:focus, [tabindex]:focus, summary:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 4px #0b0c0c; }
    .skip { position: absolute; left: -999em; }
    .skip:focus { position: static; display: inline-block; margin: .5rem 0; }
    .marking { text-align: center; font-weight: bold; letter-spacing: .05em; border: 2px solid #0b0c0c; margin: 1rem 0; }
    .marking p { margin: .35rem; max-width: none; }
    h1 { font-size: 2rem; line-height: 1.2; margin: 1.5rem 0 1rem; }
    h2 { font-size: 1.5rem; margin: 2.5rem 0 1rem; border-top: 1px solid #b1b4b6; padding-top: 1rem; }
    nav h2.nav-title { font-size: 1.2rem; border: 0; margin: 1rem 0 .5rem; padding: 0; }
    nav ol { columns: 2; margin: 0 0 1rem; }
    p, li { max-width: 45rem; }
    li { margin-bottom: .5rem; }
    code { font-family: "Courier New", monospace; font-size: .9em; overflow-wrap: anywhere; }
    .table-wrap { overflow-x: auto; margin: 1rem 0 1.5rem; }
    table { border-collapse: collapse; font-size: .9rem; min-width: 50%; }
    caption { text-align: left; padding: 0 0 .5rem; font-size: 1rem; }
    caption .subtitle { font-style: italic; font-weight: normal; }
    th, td { border-bottom: 1px solid #b1b4b6; padding: .3rem .6rem .3rem 0; vertical-align: top; text-align: left; }
    thead th { border-bottom: 2px solid #0b0c0c; vertical-align: bottom; }
    tbody th { font-weight: normal; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    figure.chart { margin: 1.5rem 0 .5rem; }
    figure.chart svg { max-width: 100%; height: auto; display: block; }
    figcaption { font-style: italic; margin-top: .5rem; }
    details.chart-data { margin: 0 0 1.5rem; }
    summary { cursor: pointer; color: #1d70b8; text-decoration: underline; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    @media print {
      @page { size: A4 portrait; margin: 2cm; }
      html { font-size: 11pt; }
      body { max-width: none; padding: 0; }
      nav, .skip { display: none; }
      a { color: #0b0c0c; text-decoration: none; }
      h2 { break-after: avoid; page-break-after: avoid; }
      figure.chart, tr, caption { break-inside: avoid; page-break-inside: avoid; }
      figure.chart svg { max-height: 22cm; width: auto; }
      thead { display: table-header-group; }
      .table-wrap { overflow: visible; }
      details.chart-data > summary { display: none; }
      details.chart-data:not([open]) { display: none; }
      table { font-size: 10pt; }
    }
    """
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// The block structure of the panel paper's Markdown: the subset its templates write.
enum MarkdownBlocks {
  struct Table: Equatable {
    var header: [String]
    var numeric: [Bool]
    var rows: [[String]]
  }

  enum Block: Equatable {
    case heading(Int, String)
    case paragraph(String)
    case list(ordered: Bool, items: [String])
    case table(Table)
    case image(alt: String, file: String)
  }

  static func parse(_ markdown: String) -> [Block] {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var blocks: [Block] = []
    var paragraph: [String] = []
    func flush() {
      if !paragraph.isEmpty {
        blocks.append(.paragraph(paragraph.joined(separator: " ")))
        paragraph = []
      }
    }
    var i = 0
    while i < lines.count {
      let line = lines[i]
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty {
        flush()
        i += 1
        continue
      }
      if let level = headingLevel(trimmed) {
        flush()
        blocks.append(.heading(level, String(trimmed.dropFirst(level + 1))))
      } else if trimmed.hasPrefix("!["), trimmed.hasSuffix(")"),
        let mid = trimmed.range(of: "](", options: .backwards)
      {
        flush()
        let alt = String(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<mid.lowerBound])
        let file = String(trimmed[mid.upperBound..<trimmed.index(before: trimmed.endIndex)])
        blocks.append(.image(alt: alt, file: file))
      } else if trimmed.hasPrefix("|"), i + 1 < lines.count, isSeparator(lines[i + 1]) {
        flush()
        let header = cells(trimmed)
        let numeric = cells(lines[i + 1].trimmingCharacters(in: .whitespaces)).map {
          $0.hasSuffix(":") && !$0.hasPrefix(":")
        }
        var rows: [[String]] = []
        i += 2
        while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
          var row = cells(lines[i].trimmingCharacters(in: .whitespaces))
          while row.count < header.count { row.append("") }
          rows.append(Array(row.prefix(header.count)))
          i += 1
        }
        blocks.append(.table(Table(header: header, numeric: numeric, rows: rows)))
        continue
      } else if let (ordered, item) = listItem(trimmed), paragraph.isEmpty {
        if case .list(let o, var items)? = blocks.last, o == ordered, lastWasList(lines, before: i)
        {
          items.append(item)
          blocks[blocks.count - 1] = .list(ordered: o, items: items)
        } else {
          blocks.append(.list(ordered: ordered, items: [item]))
        }
      } else if case .list(let o, var items)? = blocks.last, paragraph.isEmpty,
        line.hasPrefix("   ") || line.hasPrefix("\t"), i > 0,
        !lines[i - 1].trimmingCharacters(in: .whitespaces).isEmpty
      {
        // A list item's continuation line.
        items[items.count - 1] += " " + trimmed
        blocks[blocks.count - 1] = .list(ordered: o, items: items)
      } else {
        paragraph.append(trimmed)
      }
      i += 1
    }
    flush()
    return blocks
  }

  /// Whether the nearest non-blank line before `index` belonged to a list (so a blank line
  /// between items keeps one list).
  static func lastWasList(_ lines: [String], before index: Int) -> Bool {
    var j = index - 1
    while j >= 0, lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j -= 1 }
    guard j >= 0 else { return false }
    let t = lines[j].trimmingCharacters(in: .whitespaces)
    return listItem(t) != nil || lines[j].hasPrefix("   ")
  }

  static func headingLevel(_ line: String) -> Int? {
    let hashes = line.prefix { $0 == "#" }.count
    guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
    return hashes
  }

  static func listItem(_ line: String) -> (Bool, String)? {
    if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, String(line.dropFirst(2))) }
    let digits = line.prefix { $0.isASCII && $0.isNumber }
    if !digits.isEmpty, digits.count <= 3, line.dropFirst(digits.count).hasPrefix(". ") {
      return (true, String(line.dropFirst(digits.count + 2)))
    }
    return nil
  }

  static func isSeparator(_ line: String) -> Bool {
    let t = line.trimmingCharacters(in: .whitespaces)
    return t.hasPrefix("|") && t.contains("-") && t.allSatisfy { "|:- ".contains($0) }
  }

  /// The cells of a pipe-table row, split at pipes that are not escaped.
  static func cells(_ line: String) -> [String] {
    var out: [String] = []
    var current = ""
    var escaped = false
    var body = Substring(line)
    if body.hasPrefix("|") { body = body.dropFirst() }
    if body.hasSuffix("|") && !body.hasSuffix("\\|") { body = body.dropLast() }
    for ch in body {
      if escaped {
        current.append("\\")
        current.append(ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else if ch == "|" {
        out.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      } else {
        current.append(ch)
      }
    }
    out.append(current.trimmingCharacters(in: .whitespaces))
    return out
  }
}

/// Inline Markdown of the paper: escapes, `**strong**`, `*emphasis*`, `` `code` ``.
enum Inline {
  /// HTML for a run of inline Markdown.
  static func html(_ text: String) -> String { render(text, html: true) }
  /// The plain text of a run of inline Markdown.
  static func plain(_ text: String) -> String { render(text, html: false) }

  private static func render(_ text: String, html: Bool) -> String {
    let chars = Array(text)
    var out = ""
    var strong = false
    var em = false
    var i = 0
    func put(_ c: Character) {
      guard html else {
        out.append(c)
        return
      }
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    while i < chars.count {
      let c = chars[i]
      if c == "\\", i + 1 < chars.count, !chars[i + 1].isLetter, !chars[i + 1].isNumber,
        !chars[i + 1].isWhitespace
      {
        put(chars[i + 1])
        i += 2
        continue
      }
      if c == "`", let close = chars[(i + 1)...].firstIndex(of: "`") {
        let code = String(chars[(i + 1)..<close])
        if html {
          out += "<code>"
          code.forEach(put)
          out += "</code>"
        } else {
          out += code
        }
        i = close + 1
        continue
      }
      if c == "*", i + 1 < chars.count, chars[i + 1] == "*" {
        if strong || chars[(i + 2)...].contains("*") {
          if html { out += strong ? "</strong>" : "<strong>" }
          strong.toggle()
          i += 2
          continue
        }
      }
      if c == "*" {
        let next = i + 1 < chars.count ? chars[i + 1] : " "
        if em || (!next.isWhitespace && chars[(i + 1)...].contains("*")) {
          if html { out += em ? "</em>" : "<em>" }
          em.toggle()
          i += 1
          continue
        }
      }
      put(c)
      i += 1
    }
    if html {
      if em { out += "</em>" }
      if strong { out += "</strong>" }
    }
    return out
  }
}
