import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// The seed briefing's workbook, checked by machine against every point of the Analysis
/// Function's "Releasing statistics in spreadsheets" guidance and its "Making spreadsheets
/// accessible: checklist of the basics" that a program can check, then figure for figure
/// against the published seed tables. Everything is read back from the written .xlsx file.
@Suite struct AnalysisFunctionChecklistTests {
  // MARK: The seed workbook, built once

  private static var root: String { RenderTestPaths.root }
  private static var seedTables: String { RenderTestPaths.seedTables }

  struct Seed: Sendable {
    var briefing: Briefing
    var book: WorkbookReadBack
  }

  /// Config -> ingest -> briefing -> workbook, in a folder of this suite's own.
  private static let built: Result<Seed, any Error> = Result {
    let config = try BriefingConfig.load(path: root + "/Fixtures/seed-force/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    let briefing = BriefingBuilder(config: config, data: data, version: "checklist-test").build()
    let folder = NSTemporaryDirectory() + "panelbrief-tests/AFChecklist-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/seed.xlsx"
    try XLSXBriefingWriter.write(briefing, to: path)
    return Seed(briefing: briefing, book: try WorkbookReadBack(path: path))
  }

  private static func seed() throws -> Seed { try built.get() }

  private static let shorthand: Set<String> = ["[c]", "[x]", "[z]", "[u]"]

  /// The sheets holding one of the briefing's tables (plus Glossary and Rejected_rows if written).
  private static func tableSheets(_ seed: Seed) -> [String] {
    let fixed: Set<String> = ["Cover", "Contents", "Notes"]
    return seed.book.sheetNames.filter { !fixed.contains($0) }
  }

  /// A sheet's single Excel table with its range, failing the test if there is not exactly one.
  private static func onlyTable(_ book: WorkbookReadBack, _ sheet: String) throws -> (
    table: ReadTable, top: Int, left: Int, bottom: Int, right: Int
  ) {
    let tables = try book.tables(sheet: sheet)
    try #require(tables.count == 1, "\(sheet) holds \(tables.count) tables")
    let r = try #require(WorkbookReadBack.range(tables[0].ref), "\(sheet) table range")
    return (tables[0], r.top, r.left, r.bottom, r.right)
  }

  /// The cells of a sheet's table as rows of values, header row first.
  private static func grid(_ book: WorkbookReadBack, _ sheet: String) throws -> [[ReadCell?]] {
    let t = try onlyTable(book, sheet)
    let cells = try book.cells(sheet: sheet)
    return (t.top...t.bottom).map { row in
      (t.left...t.right).map { cells[WorkbookReadBack.reference(row: row, col: $0)] }
    }
  }

  /// A table sheet's rows keyed by the text in the column headed `key`, each row as header ->
  /// cell. Throws if the key column is missing or a key repeats.
  private static func rows(_ book: WorkbookReadBack, _ sheet: String, key: String) throws
    -> (headers: [String], rows: [String: [String: ReadCell]])
  {
    let g = try grid(book, sheet)
    let headers = g[0].map { $0?.value ?? "" }
    let k = try #require(headers.firstIndex(of: key), "\(sheet) has no column '\(key)'")
    var rows: [String: [String: ReadCell]] = [:]
    for line in g.dropFirst() {
      let label = line[k]?.value ?? ""
      try #require(rows[label] == nil, "\(sheet) has two rows '\(label)'")
      var row: [String: ReadCell] = [:]
      for (header, cell) in zip(headers, line) { row[header] = cell }
      rows[label] = row
    }
    return (headers, rows)
  }

  // MARK: Structure

  @Test func coverSheetComesFirstWithTheTitleInA1() throws {
    let seed = try Self.seed()
    #expect(seed.book.sheetNames.first == "Cover")
    let cover = try seed.book.cells(sheet: "Cover")
    #expect(cover["A1"]?.value == seed.briefing.title)
    #expect(cover["A1"]?.isBold == true)
    // The cover is text in column A only: no table, nothing beyond column A.
    #expect(try seed.book.tables(sheet: "Cover").isEmpty)
    #expect(cover.keys.allSatisfy { WorkbookReadBack.position($0)?.col == 1 })
    // About these data: marking, publisher, period, "as at" date, contact, key points, method.
    let text = Set(cover.values.map(\.value))
    for heading in [
      "Protective marking", "Published by", "Period covered", "Figures as at", "Contact",
      "Key points", "Method and definitions", "Shorthand used in tables",
    ] {
      #expect(text.contains(heading), "cover heading \(heading)")
    }
    #expect(seed.briefing.keyPoints.count >= 3)
    for point in seed.briefing.keyPoints {
      #expect(text.contains("\(point.figure): \(point.text)"), "key point \(point.figure)")
    }
    for paragraph in seed.briefing.method { #expect(text.contains(paragraph)) }
  }

  @Test func contentsSheetLinksToEveryOtherSheet() throws {
    let seed = try Self.seed()
    #expect(seed.book.sheetNames.dropFirst().first == "Contents")
    let links = try seed.book.hyperlinks(sheet: "Contents")
    let cells = try seed.book.cells(sheet: "Contents")
    let others = seed.book.sheetNames.filter { $0 != "Contents" }
    #expect(Set(links.values) == Set(others.map { "'\($0)'!A1" }))
    #expect(links.count == others.count)
    for (ref, target) in links {
      // The link's own text is the sheet's name, and it sits in the contents table.
      #expect("'\(cells[ref]?.value ?? "")'!A1" == target)
    }
    let t = try Self.onlyTable(seed.book, "Contents")
    for ref in links.keys {
      let p = try #require(WorkbookReadBack.position(ref))
      #expect(p.col == 1 && p.row > t.top && p.row <= t.bottom, "link \(ref) outside the table")
    }
  }

  @Test func notesSheetDefinesExactlyTheNotesCitedAnywhere() throws {
    let seed = try Self.seed()
    #expect(seed.book.sheetNames.dropFirst(2).first == "Notes")
    let g = try Self.grid(seed.book, "Notes")
    #expect(g[0].map { $0?.value } == ["Note number", "Note text"])
    let defined = g.dropFirst().map { $0[0]?.value ?? "" }
    #expect(defined == defined.sorted { (Self.noteNumber($0) ?? -1) < (Self.noteNumber($1) ?? -1) })
    let definedNumbers = Set(defined.compactMap(Self.noteNumber))
    #expect(definedNumbers.count == defined.count, "every note is written [note N], once")
    for row in g.dropFirst() { #expect((row[1]?.value ?? "").isEmpty == false) }
    var cited = Set<Int>()
    for sheet in seed.book.sheetNames where sheet != "Notes" {
      for cell in try seed.book.cells(sheet: sheet).values {
        cited.formUnion(Self.citations(cell.value))
      }
    }
    #expect(cited == definedNumbers)
    #expect(definedNumbers == Set(seed.briefing.notes.map(\.number)))
  }

  private static func noteNumber(_ text: String) -> Int? {
    guard text.hasPrefix("[note "), text.hasSuffix("]") else { return nil }
    return Int(text.dropFirst(6).dropLast())
  }

  private static func citations(_ text: String) -> Set<Int> {
    var found = Set<Int>()
    var rest = Substring(text)
    while let start = rest.range(of: "[note ") {
      let after = rest[start.upperBound...]
      let digits = after.prefix { $0.isNumber }
      if let n = Int(digits), after.dropFirst(digits.count).first == "]" { found.insert(n) }
      rest = after
    }
    return found
  }

  @Test func everyTableSheetHasItsTitleInA1AndOneTableWithOneHeaderRow() throws {
    let seed = try Self.seed()
    let sheets = Self.tableSheets(seed)
    #expect(sheets.count >= seed.briefing.tables.count)
    for sheet in sheets {
      let cells = try seed.book.cells(sheet: sheet)
      if let table = seed.briefing.table(sheet) {
        #expect(cells["A1"]?.value == table.title, "title of \(sheet)")
      }
      #expect(cells["A1"]?.isBold == true, "title of \(sheet) bold")
      let t = try Self.onlyTable(seed.book, sheet)
      #expect(t.table.headerRowCount == 1, "\(sheet) header rows")
      #expect(t.left == 1, "\(sheet) table starts in column A")
      // Everything above the table is in column A, one line each, no gaps; nothing below it.
      for (ref, _) in cells {
        let p = try #require(WorkbookReadBack.position(ref))
        if p.row < t.top { #expect(p.col == 1, "\(sheet)!\(ref) beside the lines above") }
        #expect(p.row <= t.bottom, "\(sheet)!\(ref) below the table")
        #expect(p.col <= t.right, "\(sheet)!\(ref) right of the table")
      }
      for row in 1..<t.top { #expect(cells["A\(row)"] != nil, "\(sheet)!A\(row) blank") }
      // AF: say how many tables the sheet holds.
      #expect(
        (1..<t.top).contains {
          cells["A\($0)"]?.value.hasPrefix("This worksheet contains one table") == true
        },
        "\(sheet) says it holds one table")
    }
    for sheet in ["Contents", "Notes"] {
      _ = try Self.onlyTable(seed.book, sheet)
      #expect(
        try seed.book.cells(sheet: sheet)["A2"]?.value.hasPrefix(
          "This worksheet contains one table")
          == true)
    }
  }

  @Test func noBlankCellsRowsOrColumnsInsideAnyTable() throws {
    let seed = try Self.seed()
    for sheet in seed.book.sheetNames where !(try seed.book.tables(sheet: sheet)).isEmpty {
      let g = try Self.grid(seed.book, sheet)
      for (r, row) in g.enumerated() {
        for (c, cell) in row.enumerated() {
          let text = cell?.value.trimmingCharacters(in: .whitespaces) ?? ""
          #expect(!text.isEmpty, "\(sheet): blank cell in table row \(r + 1), column \(c + 1)")
        }
      }
    }
  }

  @Test func headerCellsAreUniqueNonEmptyTextMatchingTheTableMarkup() throws {
    let seed = try Self.seed()
    for sheet in seed.book.sheetNames where !(try seed.book.tables(sheet: sheet)).isEmpty {
      let t = try Self.onlyTable(seed.book, sheet)
      let header = try Self.grid(seed.book, sheet)[0]
      let names = header.map { $0?.value ?? "" }
      #expect(names == t.table.columns, "\(sheet) header cells and table columns")
      #expect(names.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
      #expect(Set(names.map { $0.lowercased() }).count == names.count, "\(sheet) repeats a header")
      #expect(header.allSatisfy { $0?.kind == .sharedString && $0?.isBold == true })
    }
  }

  @Test func numbersAreStoredAsNumbersAndShorthandIsExplained() throws {
    let seed = try Self.seed()
    for table in seed.briefing.tables {
      let g = try Self.grid(seed.book, table.id)
      let lines = try (1..<Self.onlyTable(seed.book, table.id).top).compactMap {
        try seed.book.cells(sheet: table.id)["A\($0)"]?.value
      }
      for (c, column) in table.columns.enumerated() {
        let isLabel = column.kind == .label || column.kind == .text
        for row in g.dropFirst() {
          guard let cell = row[c] else { continue }
          if cell.kind == .number { continue }
          if Self.shorthand.contains(cell.value) {
            #expect(
              lines.contains { $0.contains("\(cell.value) ") },
              "\(table.id): \(cell.value) unexplained")
            continue
          }
          // Text in a number column, or numeric-looking text outside a label column, is wrong.
          #expect(isLabel, "\(table.id) '\(column.name)': text '\(cell.value)' in a number column")
          if !isLabel {
            #expect(Double(cell.value.replacingOccurrences(of: ",", with: "")) == nil)
          }
        }
      }
    }
    // Contents and Notes hold text only, and no numbers stored as text.
    for sheet in ["Contents", "Notes"] {
      for row in try Self.grid(seed.book, sheet).dropFirst() {
        for cell in row { #expect(Double(cell?.value ?? "") == nil || cell?.kind == .number) }
      }
    }
  }

  @Test func nothingIsMergedHiddenFilteredFrozenOrConditionallyFormatted() throws {
    let seed = try Self.seed()
    let states = try seed.book.sheetStates()
    #expect(states.count == seed.book.sheetNames.count)
    #expect(states.values.allSatisfy { $0 == "visible" })
    for sheet in seed.book.sheetNames {
      let xml = try seed.book.sheetXML(sheet)
      #expect(xml.first("mergeCells") == nil, "merged cells on \(sheet)")
      #expect(xml.first("conditionalFormatting") == nil, "conditional format on \(sheet)")
      #expect(xml.first("autoFilter") == nil, "filter on \(sheet)")
      #expect(xml.first("pane") == nil, "frozen panes on \(sheet)")
      #expect(xml.all("row").allSatisfy { $0["hidden"] != "1" }, "hidden row on \(sheet)")
      #expect(xml.all("col").allSatisfy { $0["hidden"] != "1" }, "hidden column on \(sheet)")
      #expect(xml.all("row").allSatisfy { $0["outlineLevel"] == nil }, "grouped rows on \(sheet)")
    }
    for table in seed.book.entries.keys where table.hasPrefix("xl/tables/") {
      let t = try seed.book.xml(table)
      #expect(t.first("autoFilter") == nil, "filter buttons in \(table)")
      #expect(t.first("tableStyleInfo")?["name"] == nil, "a background fill in \(table)")
    }
  }

  @Test func sheetNamesAreShortWithoutSpacesOrSymbols() throws {
    let seed = try Self.seed()
    for name in seed.book.sheetNames {
      #expect((1...31).contains(name.count), "\(name) length")
      #expect(
        name.unicodeScalars.allSatisfy {
          $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_")
        }, "\(name) has a space or symbol")
    }
    #expect(
      Set(seed.book.sheetNames.map { $0.lowercased() }).count == seed.book.sheetNames.count)
  }

  @Test func everyUsedColumnHasAWidthWideEnoughForItsHeaderWords() throws {
    let seed = try Self.seed()
    #expect(try seed.book.columnWidths(sheet: "Cover")[1].map { $0 >= 60 } == true)
    for sheet in seed.book.sheetNames where !(try seed.book.tables(sheet: sheet)).isEmpty {
      let widths = try seed.book.columnWidths(sheet: sheet)
      let t = try Self.onlyTable(seed.book, sheet)
      for (offset, header) in t.table.columns.enumerated() {
        let width = try #require(widths[t.left + offset], "\(sheet) column \(offset + 1) width")
        let longestWord = header.split(separator: " ").map(\.count).max() ?? 0
        #expect(width >= Double(longestWord), "\(sheet) '\(header)' narrower than its words")
      }
    }
  }

  @Test func cursorStartsInA1OfTheCoverSheet() throws {
    let seed = try Self.seed()
    let workbook = try seed.book.xml("xl/workbook.xml")
    #expect((workbook.first("workbookView")?["activeTab"] ?? "0") == "0")
    let view = try seed.book.sheetXML("Cover").first("sheetView")
    #expect(view?["tabSelected"] == "1")
    for selection in try seed.book.sheetXML("Cover").all("selection") {
      #expect((selection["activeCell"] ?? "A1") == "A1")
    }
  }

  // MARK: Charts, images, colour

  @Test func chartsHaveTitlesAltTextAndNoImagesOfTables() throws {
    let seed = try Self.seed()
    let charts = try seed.book.charts()
    #expect(charts.count == seed.briefing.charts.count)
    #expect(Set(charts.map(\.title)) == Set(seed.briefing.charts.map(\.title)))
    for chart in charts {
      #expect(!chart.title.isEmpty)
      #expect(chart.description.count >= 20, "alt text of \(chart.title)")
      #expect(chart.xml.all("c:title").count >= 3, "\(chart.title): chart and both axes titled")
      // Several series are told apart by more than colour: fill kind and pattern, or dash.
      let looks = chart.xml.all("c:ser").map { series -> String in
        let shape = series.children("c:spPr").first
        if let pattern = shape?.first("a:pattFill") { return "pattern " + (pattern["prst"] ?? "") }
        if let dash = shape?.first("a:ln")?.first("a:prstDash") {
          return "dash " + (dash["val"] ?? "")
        }
        let marker = series.first("c:marker")?.first("c:symbol")?["val"] ?? ""
        return (shape?.first("a:solidFill") != nil ? "solid" : "plain") + " " + marker
      }
      // An XmR chart's two process limits share one look: they are told apart by position
      // (above and below the centre line), as on every SPC chart.
      let isXmR = chart.xml.all("c:ser").contains {
        $0.first("c:tx")?.allText.contains("process limit") ?? false
      }
      #expect(
        Set(looks).count >= looks.count - (isXmR ? 1 : 0),
        "\(chart.title) series differ by colour only: \(looks)")
    }
    #expect(!seed.book.entries.keys.contains { $0.hasPrefix("xl/media/") }, "an image")
    for part in seed.book.entries.keys where part.hasPrefix("xl/drawings/drawing") {
      if part.hasSuffix(".xml") { #expect(try seed.book.xml(part).all("xdr:pic").isEmpty) }
    }
  }

  // MARK: Document information and marking

  @Test func documentPropertiesGiveTitleAuthorLanguageAndMarking() throws {
    let seed = try Self.seed()
    let core = try seed.book.coreProperties()
    #expect(core["title"] == seed.briefing.title)
    #expect(core["creator"] == seed.briefing.organisation)
    #expect(core["subject"] == seed.briefing.subtitle)
    #expect(core["created"] == seed.briefing.extractionDate + "T00:00:00Z")
    let custom = try seed.book.customProperties()
    #expect(custom["Language"] == "en-GB")
    #expect(custom["Protective marking"] == seed.briefing.marking)
  }

  @Test func markingIsOnEverySheetsHeaderFooterAndInItsText() throws {
    let seed = try Self.seed()
    #expect(seed.briefing.marking == "OFFICIAL-SENSITIVE")
    for sheet in seed.book.sheetNames {
      let (header, footer) = try seed.book.headerFooter(sheet: sheet)
      #expect(header == "&COFFICIAL-SENSITIVE", "header of \(sheet)")
      #expect(footer.hasPrefix("&COFFICIAL-SENSITIVE"), "footer of \(sheet)")
    }
    for sheet in Self.tableSheets(seed) {
      #expect(
        try seed.book.cells(sheet: sheet).values.contains {
          $0.value == "Protective marking: OFFICIAL-SENSITIVE"
        }, "marking line on \(sheet)")
    }
  }

  @Test func rejectedRowsAreListedOnlyInARestrictedBriefing() throws {
    let seed = try Self.seed()
    let listed = !seed.briefing.isPublic && !seed.briefing.rejectedRows.isEmpty
    #expect(seed.book.sheetNames.contains("Rejected_rows") == listed)
    if listed {
      let g = try Self.grid(seed.book, "Rejected_rows")
      #expect(
        g[0].map { $0?.value } == ["Source", "File", "Line", "Reason", "Detail", "Values"])
      #expect(g.count - 1 == seed.briefing.rejectedRows.count)
      #expect(g.count - 1 == seed.briefing.reconciliation.reduce(0) { $0 + $1.rejected })
      #expect(g.dropFirst().allSatisfy { $0[2]?.kind == .number })
    }
  }

  // MARK: The seed tables, figure for figure

  /// A seed CSV: header and rows of fields (quoted fields, no embedded line breaks).
  private static func seedCSV(_ file: String) throws -> [[String]] {
    let text = try String(contentsOfFile: seedTables + "/" + file, encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).map { line in
      var fields: [String] = []
      var field = ""
      var quoted = false
      for c in line {
        if c == "\"" {
          quoted.toggle()
        } else if c == "," && !quoted {
          fields.append(field)
          field = ""
        } else {
          field.append(c)
        }
      }
      fields.append(field)
      return fields
    }
  }

  /// Checks a sheet against a seed table with categories as rows and one column per header.
  private static func compare(sheet: String, key: String, seedFile: String) throws {
    let book = try seed().book
    let csv = try seedCSV(seedFile)
    let (headers, rows) = try Self.rows(book, sheet, key: key)
    let seedRows = csv.dropFirst()
    #expect(rows.count == seedRows.count, "\(sheet) has \(rows.count) rows")
    for line in seedRows {
      let row = try #require(rows[line[0]], "\(sheet) has no row '\(line[0])'")
      for (header, expected) in zip(csv[0].dropFirst(), line.dropFirst()) {
        try #require(headers.contains(header), "\(sheet) has no column '\(header)'")
        let cell = row[header]
        #expect(cell?.kind == .number, "\(sheet) '\(line[0])' \(header) not a number")
        #expect(cell?.number == Double(expected), "\(sheet) '\(line[0])' \(header)")
      }
    }
  }

  @Test func outcomesByLabelHoldTheSeedTableFigureForFigure() throws {
    try Self.compare(sheet: "Outcomes_by_label", key: "Outcome", seedFile: "outcomes-by-year.csv")
    let rows = try Self.rows(try Self.seed().book, "Outcomes_by_label", key: "Outcome").rows
    #expect(rows["Grand Total"]?["2023"]?.number == 250)  // from the seed README
  }

  @Test func channelsByYearHoldTheSeedTableFigureForFigure() throws {
    try Self.compare(
      sheet: "Channels_by_year", key: "How received", seedFile: "channels-by-year.csv")
    let rows = try Self.rows(try Self.seed().book, "Channels_by_year", key: "How received").rows
    #expect(rows["Grand Total"]?["2020"]?.number == 270)  // from the seed README
  }

  @Test func activityMonthlyHoldsTheSeedTableTransposed() throws {
    let csv = try Self.seedCSV("enforcement-monthly.csv")
    let (headers, rows) = try Self.rows(try Self.seed().book, "Activity_monthly", key: "Month")
    let months = csv[0].dropFirst().map(Self.monthName)
    #expect(months.first == "Sep 2022")
    #expect(months.last == "Jan 2024")
    #expect(rows.count == 17)
    #expect(Set(rows.keys) == Set(months))
    // Months in order down the sheet.
    let g = try Self.grid(try Self.seed().book, "Activity_monthly")
    let monthColumn = try #require(headers.firstIndex(of: "Month"))
    #expect(g.dropFirst().map { $0[monthColumn]?.value ?? "" } == months)
    for line in csv.dropFirst() {
      let measure = line[0]
      try #require(headers.contains(measure), "Activity_monthly has no column '\(measure)'")
      for (month, expected) in zip(months, line.dropFirst()) {
        let cell = rows[month]?[measure]
        #expect(cell?.kind == .number)
        #expect(cell?.number == Double(expected), "\(measure) in \(month)")
      }
    }
    #expect(rows["Feb 2023"]?["S45 defence assistance"]?.number == 35)  // the special cause
  }

  /// "Sep-22" -> "Sep 2022".
  private static func monthName(_ seed: String) -> String {
    let parts = seed.split(separator: "-")
    guard parts.count == 2 else { return seed }
    return "\(parts[0]) 20\(parts[1])"
  }

  @Test func chargeRateSheetHoldsTheCohortRates() throws {
    let book = try Self.seed().book
    let (headers, rows) = try Self.rows(book, "Charge_rate", key: "Year recorded")
    let numerator = try #require(headers.first { $0 == "Charged or summonsed" })
    let denominator = try #require(headers.first { $0.contains("denominator") })
    let rate = try #require(headers.first { $0.hasPrefix("Charge/summons rate") })
    // From the seed README: 10 of 206, 2 of 223, 2 of 265, 2 of 241 (cancelled/transferred out).
    let expected: [(String, Double, Double)] = [
      ("2020", 10, 206), ("2021", 2, 223), ("2022", 2, 265), ("2023", 2, 241),
    ]
    #expect(rows.count == expected.count)
    for (year, n, d) in expected {
      let row = try #require(rows[year], "Charge_rate has no row \(year)")
      #expect(row[numerator]?.number == n, "\(year) numerator")
      #expect(row[denominator]?.number == d, "\(year) denominator")
      let value = try #require(row[rate]?.number, "\(year) rate not a number")
      #expect(abs(value - n / d) < 1e-12, "\(year) rate")
      #expect(row[rate]?.numberFormat == "0.0%")
    }
  }
}
