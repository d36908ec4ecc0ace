import Foundation
import PanelBrief

/// Writes the briefing as a Markdown panel paper: marking and title, purpose, what the panel is
/// asked to do, key points, each section with its chart (an SVG file beside the paper) and table,
/// rejected rows (restricted papers), method, glossary, notes and provenance.
///
/// The wording is a Mustache template (`PaperTemplate`); this type builds the template's
/// context, a tree of dictionaries, lists and strings with every figure already formatted.
///
/// ## The template's variables
///
/// In a template, `{{name}}` writes text with Markdown escaped; `{{{name}}}` writes a ready-made
/// Markdown block as it is. A `has…` flag is true when its list is not empty; text that is empty
/// is left out, so `{{#subtitle}}…{{/subtitle}}` shows only when there is one.
///
/// The paper:
/// - `marking`, `title`, `subtitle`, `organisation`, `contact`: from the configuration.
/// - `period`: the period covered in words ("calendar years 2020 to 2023").
/// - `extractionDate` ("5 February 2024") and `extractionDateISO` ("2024-02-05").
/// - `audience` ("public" or "restricted"), `isPublic`, `isRestricted`.
/// - `generator`: the PanelBrief version ("PanelBrief 0.1.0").
/// - `purpose` (`hasPurpose`): paragraphs, each `{{.}}`.
/// - `panelAsks` (`hasPanelAsks`): items with `number`, `text`.
/// - `keyPoints` (`hasKeyPoints`): items with `number`, `figure` ("0.8%"), `text`.
/// - `sections`: in order, each with `id`, `heading`, `paragraphs` (each `{{.}}`),
///   `figures` (`hasFigures`), `tables` (`hasTables`). `section.<id>` is the same section by id
///   (`{{#section.charge_rate}}…{{/section.charge_rate}}`).
/// - A figure: `number`, `id`, `title`, `description` (the alt text), `file` (`chart-<id>.svg`),
///   `image` (the Markdown image, `![description](file)`), `caption` ("Figure 2: Charge/summons
///   rate by year.").
/// - A table: `number`, `id`, `title`, `caption` ("Table 3: …"), `subtitle` (`hasSubtitle`),
///   `source` (`hasSource`), `notes` ("[note 4], [note 1]", `hasNotes`), `markdown` (the pipe
///   table, numbers right-aligned). Inside a list, test an item's own flags (`hasSubtitle`), not
///   the text itself: Mustache looks a missing name up in the enclosing context.
/// - `notes` (`hasNotes`): items with `number`, `text`.
/// - `method` (`hasMethod`): paragraphs, each `{{.}}`.
/// - `glossary` (`hasGlossary`): items with `term`, `meaning`.
/// - `files` (`hasFiles`): one per input file with `source`, `path`, `format`, `rowsRead`,
///   `accepted`, `superseded`, `rejected` (numbers written with thousands separators),
///   `rejectionReasons` ("Occurrence Ref is empty: 1; …") and `sha256`.
/// - `totals`: `files`, `rowsRead`, `accepted`, `superseded`, `rejected` over every file.
/// - `provenanceTable`: the files as a pipe table (source, file, format, counts).
/// - `rejectedRows` (`hasRejectedRows`, restricted papers only): items with `source`, `path`,
///   `line`, `reason`, `detail`, `values`; `rejectedRowsTable` is the same as a pipe table.
/// - `configuration` (`hasConfiguration`): `path`, `sha256` of the configuration file.
/// - `template`: which template wrote the paper (its path, or "the default template").
/// - `shorthand`: the legend of [c], [x], [z] and [u].
public enum MarkdownBriefingWriter {
  /// The paper's text from the default template. `chartFile` names the SVG file of a chart,
  /// relative to the paper.
  public static func render(_ b: Briefing, chartFile: (ChartSpec) -> String) throws -> String {
    try render(b, template: PaperTemplate.standard(), chartFile: chartFile)
  }

  /// The paper's text from `template`.
  public static func render(
    _ b: Briefing, template: PaperTemplate, chartFile: (ChartSpec) -> String
  ) -> String {
    template.render(context(b, templateOrigin: template.origin, chartFile: chartFile))
  }

  /// The template's context for a briefing: every variable listed in this type's documentation.
  public static func context(
    _ b: Briefing, templateOrigin: String = "the default template",
    chartFile: (ChartSpec) -> String
  ) -> [String: Any] {
    var c: [String: Any] = [:]
    func put(_ key: String, _ text: String) { if !text.isEmpty { c[key] = text } }
    put("marking", b.marking)
    put("title", b.title)
    put("subtitle", b.subtitle)
    put("organisation", b.organisation)
    put("contact", b.contact)
    put("period", b.periodDescription)
    put("extractionDate", longDate(b.extractionDate))
    put("extractionDateISO", b.extractionDate)
    put("generator", b.generator)
    put("template", templateOrigin)
    c["audience"] = b.isPublic ? "public" : "restricted"
    c["isPublic"] = b.isPublic
    c["isRestricted"] = !b.isPublic
    c["shorthand"] =
      "[c] confidential, [x] not available, [z] not applicable, [u] low reliability."

    c["purpose"] = b.purpose
    c["hasPurpose"] = !b.purpose.isEmpty
    c["panelAsks"] = b.panelAsks.enumerated().map { ["number": $0.offset + 1, "text": $0.element] }
    c["hasPanelAsks"] = !b.panelAsks.isEmpty
    c["keyPoints"] = b.keyPoints.enumerated().map {
      ["number": $0.offset + 1, "figure": $0.element.figure, "text": $0.element.text]
    }
    c["hasKeyPoints"] = !b.keyPoints.isEmpty

    var tableNumber = 0
    var figureNumber = 0
    var sections: [[String: Any]] = []
    var sectionByID: [String: Any] = [:]
    for section in b.sections {
      var figures: [[String: Any]] = []
      for chart in section.chartIDs.compactMap({ b.chart($0) }) {
        figureNumber += 1
        let file = chartFile(chart)
        figures.append([
          "number": figureNumber, "id": chart.id, "title": chart.title,
          "description": chart.description, "file": file,
          "image":
            "![\(escape(chart.description))](\(file.replacingOccurrences(of: " ", with: "%20")))",
          "caption": "Figure \(figureNumber): \(sentence(chart.title))",
        ])
      }
      var tables: [[String: Any]] = []
      for table in section.tableIDs.compactMap({ b.table($0) }) {
        tableNumber += 1
        let notes = table.noteNumbers.map { "[note \($0)]" }.joined(separator: ", ")
        let t: [String: Any] = [
          "number": tableNumber, "id": table.id, "title": table.title,
          "caption": "Table \(tableNumber): \(table.title)",
          "markdown": markdownTable(table).joined(separator: "\n"),
          "subtitle": table.subtitle, "hasSubtitle": !table.subtitle.isEmpty,
          "source": table.source, "hasSource": !table.source.isEmpty,
          "notes": notes, "hasNotes": !notes.isEmpty,
        ]
        tables.append(t)
      }
      let s: [String: Any] = [
        "id": section.id, "heading": section.heading, "paragraphs": section.paragraphs,
        "figures": figures, "hasFigures": !figures.isEmpty,
        "tables": tables, "hasTables": !tables.isEmpty,
      ]
      sections.append(s)
      sectionByID[section.id] = s
    }
    c["sections"] = sections
    c["section"] = sectionByID

    c["notes"] = b.notes.map { ["number": $0.number, "text": $0.text] as [String: Any] }
    c["hasNotes"] = !b.notes.isEmpty
    c["method"] = b.method
    c["hasMethod"] = !b.method.isEmpty
    c["glossary"] = b.glossary.map { ["term": $0.term, "meaning": $0.meaning] }
    c["hasGlossary"] = !b.glossary.isEmpty

    c["files"] = b.reconciliation.map { r -> [String: Any] in
      [
        "source": r.source, "path": r.path, "format": r.format,
        "rowsRead": CellText.grouped(r.rowsRead), "accepted": CellText.grouped(r.accepted),
        "superseded": CellText.grouped(r.superseded), "rejected": CellText.grouped(r.rejected),
        "rejectionReasons": r.rejectedByReason.map { "\($0.reason): \(CellText.grouped($0.count))" }
          .joined(separator: "; "),
        "sha256": r.sha256,
      ]
    }
    c["hasFiles"] = !b.reconciliation.isEmpty
    c["totals"] = [
      "files": CellText.grouped(b.reconciliation.count),
      "rowsRead": CellText.grouped(b.reconciliation.reduce(0) { $0 + $1.rowsRead }),
      "accepted": CellText.grouped(b.reconciliation.reduce(0) { $0 + $1.accepted }),
      "superseded": CellText.grouped(b.reconciliation.reduce(0) { $0 + $1.superseded }),
      "rejected": CellText.grouped(b.reconciliation.reduce(0) { $0 + $1.rejected }),
    ]
    c["provenanceTable"] = markdownTable(
      columns: [
        ("Source", false), ("File", false), ("Format", false), ("Rows read", true),
        ("Accepted", true), ("Superseded", true), ("Rejected", true),
      ],
      rows: b.reconciliation.map {
        [
          $0.source, $0.path, $0.format, CellText.grouped($0.rowsRead),
          CellText.grouped($0.accepted), CellText.grouped($0.superseded),
          CellText.grouped($0.rejected),
        ]
      }
    ).joined(separator: "\n")

    c["rejectedRows"] = b.rejectedRows.map { r -> [String: Any] in
      [
        "source": r.source, "path": r.path, "line": r.line, "reason": r.reason,
        "detail": r.detail, "values": r.values,
      ]
    }
    c["hasRejectedRows"] = !b.rejectedRows.isEmpty
    // The paper lists the first rows only (a million rejected rows would be hundreds of pages);
    // the workbook lists up to BriefingBuilder.rejectedRowsListed, the reconciliation counts all.
    let totalRejected = b.reconciliation.reduce(0) { $0 + $1.rejected }
    let listed = min(b.rejectedRows.count, rejectedRowsInPaper)
    c["rejectedRowsListed"] = CellText.grouped(listed)
    c["rejectedRowsTotal"] = CellText.grouped(max(totalRejected, b.rejectedRows.count))
    c["rejectedRowsInWorkbook"] = CellText.grouped(b.rejectedRows.count)
    c["rejectedRowsTruncated"] = listed < max(totalRejected, b.rejectedRows.count)
    c["rejectedRowsTable"] = markdownTable(
      columns: [("File", false), ("Line", true), ("Reason", false), ("Values as read", false)],
      rows: b.rejectedRows.prefix(listed).map {
        [
          $0.path, String($0.line), $0.detail.isEmpty ? $0.reason : "\($0.reason): \($0.detail)",
          $0.values,
        ]
      }
    ).joined(separator: "\n")

    if !b.configurationPath.isEmpty || !b.configurationSHA256.isEmpty {
      c["configuration"] = ["path": b.configurationPath, "sha256": b.configurationSHA256]
    }
    c["hasConfiguration"] = c["configuration"] != nil
    return c
  }

  /// A pipe table with numbers right-aligned. The dashes under each header are in proportion to
  /// the column's width, which pandoc uses for the column widths of a Word table.
  /// How many rejected rows a restricted paper lists; the workbook lists more.
  public static let rejectedRowsInPaper = 50

  /// A table cell as the paper shows it: a SHA-256 (64 hexadecimal digits, which cannot wrap)
  /// is cut to its first 12 digits and "…" (the Provenance section gives it whole).
  static func paperCell(_ text: String) -> String {
    guard text.count == 64, text.allSatisfy({ $0.isHexDigit }) else { return text }
    return String(text.prefix(12)) + "…"
  }

  static func markdownTable(_ table: StatTable) -> [String] {
    markdownTable(
      columns: table.columns.map { c in
        switch c.kind {
        case .label, .text: (c.name, false)
        default: (c.name, true)
        }
      },
      rows: table.rows.map { row in
        table.columns.indices.map { i in
          i < row.count ? paperCell(CellText.format(row[i], kind: table.columns[i].kind)) : ""
        }
      })
  }

  private static func markdownTable(columns: [(name: String, numeric: Bool)], rows: [[String]])
    -> [String]
  {
    guard !columns.isEmpty else { return [] }
    let widths = columnWidths(columns: columns, rows: rows)
    var lines: [String] = []
    lines.append("| " + columns.map { cellEscape($0.name) }.joined(separator: " | ") + " |")
    lines.append(
      "|"
        + zip(columns, widths).map { c, w in
          c.numeric
            ? String(repeating: "-", count: w) + ":" : ":" + String(repeating: "-", count: w)
        }.joined(separator: "|") + "|")
    for row in rows {
      let cells = columns.indices.map { i in i < row.count ? cellEscape(row[i]) : "" }
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    return lines
  }

  /// Relative column widths, in characters, for a text about 80 characters wide (a Word page
  /// at 11 points), each with about 3 characters for the cell's padding: a number column gets
  /// room for its widest value or header word; text columns share what is left in proportion to
  /// their longest cell, each keeping room for a long word where it can.
  private static func columnWidths(columns: [(name: String, numeric: Bool)], rows: [[String]])
    -> [Int]
  {
    let textWidth = 80
    func longestWord(_ s: String) -> Int {
      s.split(whereSeparator: { $0 == " " }).map(\.count).max() ?? 0
    }
    var longestCell = columns.map { longestWord($0.name) }
    var longestWordIn = columns.map { longestWord($0.name) }
    for row in rows {
      for (i, cell) in row.enumerated() where i < columns.count {
        longestCell[i] = max(longestCell[i], cell.count)
        longestWordIn[i] = max(longestWordIn[i], longestWord(cell))
      }
    }
    var widths = columns.indices.map { i in
      columns[i].numeric ? max(6, longestWordIn[i] + 3) : min(longestCell[i], 40) + 3
    }
    let numberWidth = columns.indices.filter { columns[$0].numeric }.reduce(0) { $0 + widths[$1] }
    let textIndices = columns.indices.filter { !columns[$0].numeric }
    let desired = textIndices.reduce(0) { $0 + widths[$1] }
    let room = max(textWidth - numberWidth, 8 * textIndices.count)
    if desired > room {
      for i in textIndices {
        let share = widths[i] * room / desired
        widths[i] = max(share, min(longestWordIn[i] + 4, 18), 6)
      }
    }
    // Still too wide: text columns give up room for their long words (a path or a format wraps
    // inside a word) before a number column is squeezed and its header broken mid-word.
    // A text column keeps room for the longest word of its header.
    let floor = columns.map { max(6, longestWord($0.name) + 2) }
    let excess = widths.reduce(0, +) - textWidth
    let slack = textIndices.reduce(0) { $0 + max(0, widths[$1] - floor[$1]) }
    if excess > 0 && slack > 0 {
      let cut = min(excess, slack)
      for i in textIndices {
        widths[i] -= max(0, widths[i] - floor[i]) * cut / slack
      }
    }
    return widths.map { max($0, 3) }
  }

  /// Escapes characters Markdown (CommonMark and pandoc's Markdown) would read as markup in
  /// running text, and a line start that would begin a list or heading.
  static func escape(_ s: String) -> String {
    var out = ""
    let chars = Array(s)
    for (i, c) in chars.enumerated() {
      switch c {
      case "\\", "*", "_", "`", "#", "|", "$", "~", "^":
        out.append("\\\(c)")
      case "<" where i + 1 < chars.count && (chars[i + 1].isLetter || "/!?".contains(chars[i + 1])):
        // Only what could open an HTML tag or autolink; "p < 0.001" stays as written.
        out.append("\\<")
      case ">" where i == 0:
        out.append("\\>")
      case "]" where i + 1 < chars.count && "([:{".contains(chars[i + 1]):
        // "[c]" stays as written; only "](" and the like could make a link.
        out.append("\\]")
      case "&" where startsEntity(chars, at: i):
        out.append("\\&")
      case "-" where i == 0 && (chars.count == 1 || chars[1] == " "):
        out.append("\\-")
      case "+" where i == 0 && (chars.count == 1 || chars[1] == " "):
        out.append("\\+")
      case "." where endsListNumber(chars, at: i):
        out.append("\\.")
      case ")" where endsListNumber(chars, at: i):
        out.append("\\)")
      default:
        out.append(c)
      }
    }
    return out
  }

  /// Whether `chars[i]` ends a leading "12." or "3)" that Markdown would read as a list item.
  private static func endsListNumber(_ chars: [Character], at i: Int) -> Bool {
    i > 0 && chars[..<i].allSatisfy { ("0"..."9").contains($0) }
      && (i + 1 == chars.count || chars[i + 1] == " ")
  }

  private static func startsEntity(_ chars: [Character], at i: Int) -> Bool {
    var j = i + 1
    while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "#" { j += 1 }
    return j > i + 1 && j < chars.count && chars[j] == ";"
  }

  /// Text for a table cell: escaped, on one line.
  static func cellEscape(_ s: String) -> String {
    escape(s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
  }

  /// "Charge/summons rate by year" → "Charge/summons rate by year."
  private static func sentence(_ s: String) -> String {
    guard let last = s.last else { return s }
    return ".!?".contains(last) ? s : s + "."
  }

  /// "2024-02-05" → "5 February 2024"; anything else as it is.
  static func longDate(_ iso: String) -> String {
    let parts = iso.split(separator: "-").compactMap { Int($0) }
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ]
    guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
      return iso
    }
    return "\(parts[2]) \(months[parts[1] - 1]) \(parts[0])"
  }
}
