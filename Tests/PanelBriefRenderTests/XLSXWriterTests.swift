import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

@Suite struct XLSXWriterTests {
  // MARK: Fixture

  /// A small briefing written by hand: three tables (one with shorthand cells and a percent
  /// column, one with a NaN), a column chart, a line chart, an XmR chart with a special cause,
  /// and two notes.
  static func briefing() -> Briefing {
    let outcomes = StatTable(
      id: "Outcomes",
      title: "Table 1: Outcomes assigned to modern slavery crimes, 2020 to 2023",
      subtitle: "Crimes by outcome group; percentages of all crimes recorded",
      noteNumbers: [1, 2],
      source: "Seed Force crime recording system",
      columns: [
        .init("Outcome group", .label), .init("Crimes", .count), .init("Share of crimes", .percent),
      ],
      rows: [
        [.text("Charged or summonsed"), .integer(12), .number(0.048)],
        [.text("Out-of-court disposal"), .shorthand(.confidential), .shorthand(.confidential)],
        [.text("Evidential difficulties"), .integer(1_234), .number(0.4936)],
        [.text("All outcomes"), .integer(2_500), .number(1.0)],
      ])
    let years = StatTable(
      id: "Charge_rate",
      title: "Table 2: Charge rate by year",
      subtitle: "Crimes recorded and the share charged, calendar years",
      noteNumbers: [2],
      source: "Seed Force crime recording system",
      columns: [
        .init("Year", .label), .init("Crimes recorded", .count),
        .init("Charge rate (percentage of crimes recorded)", .percent),
      ],
      rows: [
        [.integer(2020), .integer(540), .number(0.052)],
        [.integer(2021), .integer(610), .number(.nan)],
        [.integer(2022), .integer(655), .number(0.041)],
        [.integer(2023), .integer(695), .number(0.038)],
      ])
    let months: [String] = (1...12).map { String(format: "2023-%02d", $0) }
    let counts = [40, 42, 38, 45, 71, 44, 39, 41, 43, 40, 42, 45]
    let xmr = StatTable(
      id: "Monthly_XmR",
      title: "Table 3: Crimes recorded each month, with process limits",
      subtitle: "Counts per month in 2023; mean and natural process limits from an XmR chart",
      source: "Seed Force crime recording system",
      columns: [
        .init("Month", .text), .init("Crimes", .count), .init("Mean", .decimal),
        .init("Upper limit", .decimal), .init("Lower limit", .decimal),
        .init("p-value", .probability),
      ],
      rows: zip(months, counts).map { month, count in
        [
          .text(month), .integer(count), .number(44.1667), .number(63.25), .number(25.08),
          .number(0.0123),
        ]
      })
    return Briefing(
      title: "Modern Slavery and Human Trafficking",
      subtitle: "Performance report to the Police and Crime Panel",
      organisation: "Seed Force Modern Slavery Team",
      marking: "OFFICIAL-SENSITIVE",
      isPublic: false,
      contact: "analysis@seed.example",
      periodDescription: "calendar years 2020 to 2023",
      extractionDate: "2024-03-31",
      keyPoints: [], sections: [],
      tables: [outcomes, years, xmr],
      charts: [
        ChartSpec(
          id: "outcomes-column", title: "Crimes by outcome group", kind: .column,
          tableID: "Outcomes", categoryColumn: 0, seriesColumns: [1], rowRange: 0..<3,
          xAxisTitle: "Outcome group", yAxisTitle: "Crimes",
          description: "Column chart: evidential difficulties is the most common outcome."),
        ChartSpec(
          id: "charge-rate-line", title: "Charge rate by year", kind: .line,
          tableID: "Charge_rate", categoryColumn: 0, seriesColumns: [2],
          xAxisTitle: "Year", yAxisTitle: "Charge rate",
          description: "Line chart: the charge rate fell from 5.2% in 2020 to 3.8% in 2023."),
        ChartSpec(
          id: "monthly-xmr", title: "Crimes recorded each month (XmR chart)", kind: .xmr,
          tableID: "Monthly_XmR", categoryColumn: 0, seriesColumns: [1, 2, 3, 4],
          xAxisTitle: "Month", yAxisTitle: "Crimes recorded",
          description: "XmR chart: May 2023 (71 crimes) is above the upper limit.",
          highlightedRows: [4]),
      ],
      notes: [
        Note(number: 2, text: "The charge rate counts charges and summonses."),
        Note(number: 1, text: "Counts of 1 to 4 are shown as [c] to protect victims."),
      ],
      method: [], reconciliation: [], generator: "PanelBrief test")
  }

  /// A fresh folder for one test (tests run in parallel).
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("XLSXWriterTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func written() throws -> (WorkbookReadBack, URL) {
    let folder = try folder()
    let path = folder.appendingPathComponent("briefing.xlsx").path
    try XLSXBriefingWriter.write(briefing(), to: path)
    return (try WorkbookReadBack(path: path), folder)
  }

  // MARK: Sheets and cells

  @Test func sheetsComeInStandardOrderWithTitlesInA1() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(
      book.sheetNames == ["Cover", "Contents", "Notes", "Outcomes", "Charge_rate", "Monthly_XmR"])
    #expect(try book.cells(sheet: "Cover")["A1"]?.value == "Modern Slavery and Human Trafficking")
    #expect(try book.cells(sheet: "Cover")["A1"]?.isBold == true)
    #expect(try book.cells(sheet: "Contents")["A1"]?.value == "Contents")
    #expect(try book.cells(sheet: "Notes")["A1"]?.value == "Notes")
    #expect(
      try book.cells(sheet: "Outcomes")["A1"]?.value
        == "Table 1: Outcomes assigned to modern slavery crimes, 2020 to 2023")
    #expect(try book.cells(sheet: "Charge_rate")["A1"]?.value == "Table 2: Charge rate by year")
    #expect(
      try book.cells(sheet: "Monthly_XmR")["A1"]?.value
        == "Table 3: Crimes recorded each month, with process limits")
    // No merged cells anywhere.
    for sheet in book.sheetNames {
      #expect(try book.sheetXML(sheet).first("mergeCells") == nil, "merged cells on \(sheet)")
    }
  }

  @Test func coverExplainsMarkingAndShorthand() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    let texts = Set(try book.cells(sheet: "Cover").values.map(\.value))
    #expect(texts.contains("OFFICIAL-SENSITIVE"))
    #expect(texts.contains("Seed Force Modern Slavery Team"))
    #expect(texts.contains("calendar years 2020 to 2023"))
    #expect(texts.contains("analysis@seed.example"))
    #expect(texts.contains { $0.hasPrefix("31 March 2024") })
    #expect(texts.contains("[c] confidential (suppressed to protect individuals)"))
    #expect(texts.contains("[x] not available"))
    #expect(texts.contains("[z] not applicable"))
    #expect(texts.contains("[u] low reliability"))
  }

  @Test func linesAboveTableCiteSourceAndNotes() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    let cells = try book.cells(sheet: "Outcomes")
    #expect(cells["A2"]?.value == "Crimes by outcome group; percentages of all crimes recorded")
    #expect(cells["A3"]?.value == "Source: Seed Force crime recording system")
    #expect(cells["A4"]?.value == "This table cites [note 1], [note 2] (see the Notes sheet).")
    // The marking is in the text too: screen readers do not read page headers and footers.
    #expect(cells["A5"]?.value == "Protective marking: OFFICIAL-SENSITIVE")
    #expect(cells["A6"]?.value.hasPrefix("This worksheet contains one table and one chart") == true)
    #expect(cells["A7"]?.value.contains("[c] confidential") == true)
    // The XmR table cites no notes and has no shorthand: header straight after the sheet line.
    let xmr = try book.cells(sheet: "Monthly_XmR")
    #expect(xmr["A5"]?.value.hasPrefix("This worksheet contains one table") == true)
    #expect(xmr["A6"]?.value == "Month")
  }

  @Test func numbersAreStoredAsNumbersWithTheirFormats() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    let cells = try book.cells(sheet: "Outcomes")
    // Header row is row 8 (seven lines above it).
    #expect(cells["A8"]?.value == "Outcome group")
    #expect(cells["B8"]?.value == "Crimes")
    #expect(cells["A9"]?.value == "Charged or summonsed")
    #expect(cells["B9"]?.kind == .number)
    #expect(cells["B9"]?.number == 12)
    #expect(cells["B9"]?.numberFormat == "#,##0")
    #expect(cells["B11"]?.number == 1_234)
    #expect(cells["C9"]?.kind == .number)
    #expect(cells["C9"]?.number == 0.048)
    #expect(cells["C9"]?.numberFormat == "0.0%")
    #expect(cells["C12"]?.number == 1.0)
    // Shorthand is text, right-aligned like the numbers around it.
    #expect(
      cells["B10"]
        == ReadCell(
          value: "[c]", kind: .sharedString, numberFormat: "General", horizontalAlignment: "right",
          isBold: false))
    #expect(cells["C10"]?.value == "[c]")

    let years = try book.cells(sheet: "Charge_rate")
    // A year in a label column is a number without thousands separators.
    #expect(years["A9"]?.number == 2020)
    #expect(years["A9"]?.numberFormat == "General")
    #expect(years["B9"]?.number == 540)
    #expect(years["C9"]?.numberFormat == "0.0%")
    // The NaN charge rate for 2021 is written as [x], not as a corrupt number.
    #expect(years["C10"]?.value == "[x]")
    #expect(years["C10"]?.kind == .sharedString)
    #expect(years["C10"]?.horizontalAlignment == "right")

    let xmr = try book.cells(sheet: "Monthly_XmR")
    #expect(xmr["A7"]?.value == "2023-01")
    #expect(xmr["C7"]?.number == 44.1667)
    #expect(xmr["C7"]?.numberFormat == "#,##0.0")
    #expect(xmr["F7"]?.numberFormat == "0.000")
    #expect(xmr["B11"]?.number == 71)
  }

  @Test func tablesAreRealExcelTablesWithExactRanges() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(
      try book.tables(sheet: "Contents").map(\.ref) == ["A3:B8"])  // header, then Cover, Notes and 3 tables
    #expect(try book.tables(sheet: "Contents").first?.columns == ["Sheet name", "Sheet title"])
    #expect(try book.tables(sheet: "Notes").first?.ref == "A3:B5")
    #expect(try book.tables(sheet: "Notes").first?.columns == ["Note number", "Note text"])
    let outcomes = try book.tables(sheet: "Outcomes")
    #expect(outcomes.count == 1)
    #expect(outcomes.first?.ref == "A8:C12")
    #expect(outcomes.first?.columns == ["Outcome group", "Crimes", "Share of crimes"])
    #expect(outcomes.first?.headerRowCount == 1)
    #expect(try book.tables(sheet: "Charge_rate").first?.ref == "A8:C12")
    #expect(try book.tables(sheet: "Monthly_XmR").first?.ref == "A6:F18")
    #expect(try book.tables(sheet: "Cover").isEmpty)
    // No frozen panes: the Analysis Function checklist advises against them.
    for sheet in book.sheetNames { #expect(try book.frozenRows(sheet: sheet) == 0) }
  }

  @Test func notesSheetListsNotesInOrder() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    let cells = try book.cells(sheet: "Notes")
    #expect(cells["A4"]?.value == "[note 1]")
    #expect(cells["B4"]?.value == "Counts of 1 to 4 are shown as [c] to protect victims.")
    #expect(cells["A5"]?.value == "[note 2]")
  }

  @Test func contentsLinksToEverySheet() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    let links = try book.hyperlinks(sheet: "Contents")
    #expect(
      links == [
        "A4": "'Cover'!A1", "A5": "'Notes'!A1", "A6": "'Outcomes'!A1", "A7": "'Charge_rate'!A1",
        "A8": "'Monthly_XmR'!A1",
      ])
    let cells = try book.cells(sheet: "Contents")
    #expect(cells["A6"]?.value == "Outcomes")
    #expect(cells["B7"]?.value == "Table 2: Charge rate by year")
  }

  @Test func markingIsInEveryHeaderAndFooter() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    for sheet in book.sheetNames {
      let (header, footer) = try book.headerFooter(sheet: sheet)
      #expect(header == "&COFFICIAL-SENSITIVE", "header of \(sheet)")
      #expect(footer == "&COFFICIAL-SENSITIVE&RPage &P of &N", "footer of \(sheet)")
      let setup = try book.sheetXML(sheet).first("pageSetup")
      #expect(setup?["orientation"] == "landscape")
      #expect(setup?["fitToHeight"] == "0")
      #expect(try book.sheetXML(sheet).first("pageSetUpPr")?["fitToPage"] == "1")
    }
  }

  // MARK: Charts

  @Test func chartsAreNativeWithTypesTitlesAndAltText() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try book.chartTypes() == ["column", "line", "line"])
    let column = try book.charts(sheet: "Outcomes")
    #expect(column.map(\.kinds) == [["column"]])
    #expect(column.first?.title == "Crimes by outcome group")
    // rowRange 0..<3 leaves out the total row (row 12); the [c] row (row 10) is left out too,
    // because Excel would plot its text as zero, and the alt text says so.
    #expect(
      column.first?.description
        == "Column chart: evidential difficulties is the most common outcome. The chart leaves "
        + "out Out-of-court disposal, for which the table shows [c] instead of a figure.")
    let values = column.first?.xml.first("c:val")?.first("c:f")?.text
    #expect(values == "('Outcomes'!$B$9,'Outcomes'!$B$11)")
    #expect(
      column.first?.xml.first("c:cat")?.first("c:f")?.text == "('Outcomes'!$A$9,'Outcomes'!$A$11)")
    #expect(column.first?.xml.first("c:legendPos")?["val"] == "t")
    let axisTitles = column.first?.xml.all("c:catAx").first?.first("c:title")?.allText
    #expect(axisTitles == "Outcome group")
    #expect(column.first?.xml.all("c:valAx").first?.first("c:title")?.allText == "Crimes")

    let line = try book.charts(sheet: "Charge_rate")
    #expect(line.map(\.kinds) == [["line"]])
    // The NaN year (2021, row 10) is left out rather than drawn as a zero charge rate.
    #expect(
      line.first?.xml.first("c:val")?.first("c:f")?.text
        == "('Charge_rate'!$C$9,'Charge_rate'!$C$11:$C$12)")
    #expect(
      line.first?.description.hasSuffix(
        "The chart leaves out 2021, for which the table shows [x] instead of a figure.") == true)
    #expect(line.first?.xml.first("c:valAx")?.first("c:numFmt")?["formatCode"] == "0%")
  }

  @Test func chartsSitBesideNarrowTablesAndBelowWideOnes() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var briefing = Self.briefing()
    briefing.charts[0].kind = .bar
    // Make the XmR table wide: nine columns.
    for extra in 1...3 {
      briefing.tables[2].columns.append(.init("Extra \(extra)", .count))
      for row in briefing.tables[2].rows.indices {
        briefing.tables[2].rows[row].append(.integer(extra))
      }
    }
    let path = folder.appendingPathComponent("placement.xlsx").path
    try XLSXBriefingWriter.write(briefing, to: path)
    let book = try WorkbookReadBack(path: path)
    func anchor(_ sheet: String) throws -> (row: String?, col: String?) {
      let relations = try book.relationships(of: try #require(book.sheetParts[sheet]))
      let drawing = try #require(relations.values.first { $0.contains("drawings/") })
      let from = try book.xml(drawing).first("xdr:from")
      return (from?.first("xdr:row")?.text, from?.first("xdr:col")?.text)
    }
    // Outcomes: three columns, header on row 8 (index 7): chart at E8 (one column gap).
    #expect(try anchor("Outcomes") == ("7", "4"))
    // Monthly_XmR: nine columns, table A6:I18: chart below it, at A20 (index 19).
    #expect(try anchor("Monthly_XmR") == ("19", "0"))
    #expect(
      try book.cells(sheet: "Monthly_XmR")["A5"]?.value
        == "This worksheet contains one table and one chart of its figures, placed below the table."
    )
    // A bar chart keeps the category title on its (vertical) category axis, top row first.
    let bar = try #require(try book.charts(sheet: "Outcomes").first)
    #expect(bar.kinds == ["bar"])
    #expect(bar.xml.first("c:catAx")?.first("c:title")?.allText == "Outcome group")
    #expect(bar.xml.first("c:catAx")?.first("c:orientation")?["val"] == "maxMin")
    #expect(bar.xml.first("c:valAx")?.first("c:title")?.allText == "Crimes")
  }

  @Test func xmrChartMarksSpecialCausesWithoutColourAlone() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    let charts = try book.charts(sheet: "Monthly_XmR")
    try #require(charts.count == 1)
    let xml = charts[0].xml
    let series = xml.all("c:ser")
    try #require(series.count == 4)
    // Values: circles; centre line and limits: no markers, each a different dash from the values.
    #expect(series[0].first("c:marker")?.first("c:symbol")?["val"] == "circle")
    let dashes = series.map { $0.children("c:spPr").first?.first("a:prstDash")?["val"] ?? "solid" }
    #expect(dashes == ["solid", "solid", "dash", "dash"])
    for s in series.dropFirst() {
      #expect(s.first("c:marker")?.first("c:symbol")?["val"] == "none")
    }
    // The special cause (May, index 4) is a formatted point: a solid fill instead of hollow.
    let points = series[0].all("c:dPt")
    let formatted = points.filter { $0.first("a:solidFill") != nil }
    #expect(formatted.map { $0.first("c:idx")?["val"] } == ["4"])
    #expect(
      series[0].first("c:marker")?.first("a:solidFill")?.first("a:srgbClr")?["val"] == "FFFFFF")
    #expect(charts[0].description == "XmR chart: May 2023 (71 crimes) is above the upper limit.")
    #expect(series[1].first("c:tx")?.first("c:f")?.text == "Monthly_XmR!$C$6")
    #expect(series[0].first("c:val")?.first("c:f")?.text == "Monthly_XmR!$B$7:$B$18")
    #expect(series[3].first("c:val")?.first("c:f")?.text == "Monthly_XmR!$E$7:$E$18")
  }

  @Test func specialCauseFollowsItsPointWhenEarlierRowsAreLeftOut() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var briefing = Self.briefing()
    briefing.tables[2].rows[1][1] = .shorthand(.confidential)  // February suppressed
    let path = folder.appendingPathComponent("xmr.xlsx").path
    try XLSXBriefingWriter.write(briefing, to: path)
    let chart = try #require(try WorkbookReadBack(path: path).charts(sheet: "Monthly_XmR").first)
    let values = chart.xml.all("c:ser").first
    #expect(
      values?.first("c:val")?.first("c:f")?.text
        == "('Monthly_XmR'!$B$8,'Monthly_XmR'!$B$10:$B$19)")  // a shorthand line pushes the table down one row
    // May is now the fourth plotted point (index 3).
    #expect(values?.all("c:dPt").map { $0.first("c:idx")?["val"] } == ["3"])
    #expect(
      chart.description.hasSuffix(
        "leaves out 2023-02, for which the table shows [c] instead of a figure."))
  }

  @Test func chartWithNothingToPlotIsLeftOut() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var briefing = Self.briefing()
    for row in 0..<3 { briefing.tables[0].rows[row][1] = .shorthand(.confidential) }
    let path = folder.appendingPathComponent("none.xlsx").path
    try XLSXBriefingWriter.write(briefing, to: path)
    let book = try WorkbookReadBack(path: path)
    #expect(try book.charts(sheet: "Outcomes").isEmpty)
    #expect(try book.chartTypes() == ["line", "line"])
    #expect(try book.cells(sheet: "Outcomes")["A6"]?.value == "This worksheet contains one table.")
  }

  // MARK: Key points, method, glossary, rejected rows, chart patterns

  /// The fixture with key points, method paragraphs, a glossary and two rejected rows.
  static func fuller(isPublic: Bool) -> Briefing {
    var b = briefing()
    b.isPublic = isPublic
    b.keyPoints = [
      KeyPoint(text: "The charge rate fell to 3.8% in 2023.", figure: "3.8%"),
      KeyPoint(text: "May 2023 was a special cause.", figure: "71"),
    ]
    b.method = ["Crimes are counted by the year recorded.", "Rates leave out cancelled crimes."]
    b.glossary = [GlossaryEntry(term: "NRM", meaning: "National Referral Mechanism")]
    b.rejectedRows = [
      RejectedRowListing(
        source: "crimes", path: "exports/crimes.csv", line: 17, reason: "Occurrence Ref is empty",
        detail: "", values: " | 01/02/2023 | 14"),
      RejectedRowListing(
        source: "crimes", path: "exports/crimes.csv", line: 230, reason: "Wrong number of fields",
        detail: "7 fields, expected 9", values: "MS/1 | x"),
    ]
    return b
  }

  @Test func coverListsKeyPointsWithFiguresAndTheMethod() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("fuller.xlsx").path
    try XLSXBriefingWriter.write(Self.fuller(isPublic: false), to: path)
    let cover = try WorkbookReadBack(path: path).cells(sheet: "Cover")
    let column = (1...60).compactMap { cover["A\($0)"]?.value }
    let keyPoints = try #require(column.firstIndex(of: "Key points"))
    #expect(cover["A\(keyPoints + 1)"]?.isBold == true)
    #expect(column[keyPoints + 1] == "3.8%: The charge rate fell to 3.8% in 2023.")
    #expect(column[keyPoints + 2] == "71: May 2023 was a special cause.")
    let method = try #require(column.firstIndex(of: "Method and definitions"))
    #expect(
      Array(column[(method + 1)...(method + 2)]) == [
        "Crimes are counted by the year recorded.", "Rates leave out cancelled crimes.",
      ])
  }

  @Test func restrictedBriefingListsRejectedRowsAsATable() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("restricted.xlsx").path
    try XLSXBriefingWriter.write(Self.fuller(isPublic: false), to: path)
    let book = try WorkbookReadBack(path: path)
    #expect(
      book.sheetNames == [
        "Cover", "Contents", "Notes", "Outcomes", "Charge_rate", "Monthly_XmR", "Glossary",
        "Rejected_rows",
      ])
    let tables = try book.tables(sheet: "Rejected_rows")
    #expect(tables.map(\.columns) == [["Source", "File", "Line", "Reason", "Detail", "Values"]])
    let ref = try #require(tables.first?.ref)
    let cells = try book.cells(sheet: "Rejected_rows")
    #expect(cells["A1"]?.value == "Rejected input rows")
    // Header row, then the two rows; the line number is a number, the empty detail is [x].
    let header = try #require(Int(ref.split(separator: ":")[0].dropFirst()))
    #expect(ref == "A\(header):F\(header + 2)")
    #expect(cells["C\(header + 1)"]?.number == 17)
    #expect(cells["E\(header + 1)"]?.value == "[x]")
    #expect(cells["F\(header + 1)"]?.value == " | 01/02/2023 | 14")
    #expect(cells["D\(header + 2)"]?.value == "Wrong number of fields")
    #expect(cells["E\(header + 2)"]?.value == "7 fields, expected 9")
    #expect(try book.hyperlinks(sheet: "Contents").values.contains("'Rejected_rows'!A1"))
    #expect(try book.tables(sheet: "Glossary").first?.columns == ["Term", "Meaning"])
    let glossary = try book.cells(sheet: "Glossary")
    #expect(glossary.values.contains { $0.value == "National Referral Mechanism" })
  }

  @Test func publicBriefingNeverListsRejectedRows() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("public.xlsx").path
    try XLSXBriefingWriter.write(Self.fuller(isPublic: true), to: path)
    let book = try WorkbookReadBack(path: path)
    #expect(!book.sheetNames.contains("Rejected_rows"))
    #expect(book.sheetNames.contains("Glossary"))
    for sheet in book.sheetNames {
      #expect(
        !(try book.cells(sheet: sheet).values.contains { $0.value.contains("01/02/2023") }),
        "a rejected row's values on \(sheet)")
    }
  }

  @Test func barSeriesAreToldApartByPatternNotColourAlone() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var briefing = Self.briefing()
    briefing.charts[0].kind = .bar
    briefing.charts[0].seriesColumns = [1, 2]
    briefing.charts[0].rowRange = nil
    briefing.tables[0].rows[1] = [.text("Out-of-court disposal"), .integer(5), .number(0.02)]
    let path = folder.appendingPathComponent("bars.xlsx").path
    try XLSXBriefingWriter.write(briefing, to: path)
    let chart = try #require(try WorkbookReadBack(path: path).charts(sheet: "Outcomes").first)
    let series = chart.xml.all("c:ser")
    try #require(series.count == 2)
    let fills = series.map { $0.children("c:spPr").first }
    #expect(fills[0]?.first("a:solidFill") != nil)
    #expect(fills[0]?.first("a:pattFill") == nil)
    #expect(fills[1]?.first("a:pattFill")?["prst"] == "wdUpDiag")
    // Every bar is outlined, so a patterned bar has an edge.
    for fill in fills { #expect(fill?.first("a:ln")?.first("a:solidFill") != nil) }
  }

  @Test func tablesHaveNoFillNoFiltersAndRightAlignedNumberHeaders() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    for sheet in book.sheetNames {
      guard let part = book.sheetParts[sheet] else { continue }
      let relations = try book.relationships(of: part)
      for tablePart in try book.sheetXML(sheet).all("tablePart") {
        let id = try #require(tablePart["r:id"])
        let table = try book.xml(try #require(relations[id]))
        #expect(table.first("autoFilter") == nil, "filter buttons on \(sheet)")
        #expect(table.first("tableStyleInfo")?["name"] == nil, "a table style on \(sheet)")
      }
      #expect(try book.sheetXML(sheet).first("sheetView")?["showGridLines"] == "0")
    }
    let cells = try book.cells(sheet: "Outcomes")
    #expect(cells["A8"]?.isBold == true)
    #expect(cells["A8"]?.horizontalAlignment == nil)
    #expect(cells["B8"]?.horizontalAlignment == "right")
  }

  // MARK: Properties and reproducibility

  @Test func documentPropertiesComeFromTheBriefing() throws {
    let (book, folder) = try Self.written()
    defer { try? FileManager.default.removeItem(at: folder) }
    let core = try book.coreProperties()
    #expect(core["title"] == "Modern Slavery and Human Trafficking")
    #expect(core["subject"] == "Performance report to the Police and Crime Panel")
    #expect(core["creator"] == "Seed Force Modern Slavery Team")
    #expect(core["created"] == "2024-03-31T00:00:00Z")
    #expect(core["keywords"]?.contains("OFFICIAL-SENSITIVE") == true)
    #expect(core["description"]?.contains("PanelBrief test") == true)
  }

  @Test func twoWritesAreByteIdenticalWhateverTheClock() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = folder.appendingPathComponent("first.xlsx")
    let second = folder.appendingPathComponent("second.xlsx")
    try XLSXBriefingWriter.write(Self.briefing(), to: first.path)
    // Cross a second boundary so that anything taken from the clock would differ.
    Thread.sleep(forTimeInterval: 1.1)
    try XLSXBriefingWriter.write(Self.briefing(), to: second.path)
    #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    let book = try WorkbookReadBack(path: first.path)
    // The document's times are the extraction date, not the clock.
    #expect(try book.coreProperties()["modified"] == "2024-03-31T00:00:00Z")
    // libxlsxwriter 1.1.4 stamps every zip entry with the fixed DOS date 1980-01-01 00:00
    // (checked with `zipinfo -T`), never the clock; ZIPFoundation reads it as local time.
    #expect(book.entryDates.count == book.entries.count)
    for (part, date) in book.entryDates {
      let day = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date)
      #expect(
        [day.year, day.month, day.day, day.hour, day.minute] == [1980, 1, 1, 0, 0],
        "zip date of \(part)")
    }
    // Only the two workbooks remain: no temporary files left behind.
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(names == ["first.xlsx", "second.xlsx"])
  }

  @Test func awkwardTextStaysWellFormed() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var briefing = Self.briefing()
    briefing.marking = "OFFICIAL & SENSITIVE"
    briefing.title = "Crimes <2024> & \"more\"\u{7}"
    briefing.tables[0].id = "Crime & O'Brien"
    briefing.tables[0].title = "Table 1: <b>bold</b> & \u{1}odd"
    briefing.charts[0].tableID = "Crime & O'Brien"
    briefing.charts[0].title = "Chart & <title>"
    let path = folder.appendingPathComponent("awkward.xlsx").path
    try XLSXBriefingWriter.write(briefing, to: path)
    let book = try WorkbookReadBack(path: path)
    for part in book.entries.keys where part.hasSuffix(".xml") || part.hasSuffix(".rels") {
      _ = try book.xml(part)  // throws if any part is not well-formed
    }
    #expect(book.sheetNames[3] == "Crime & O'Brien")
    // The control character is dropped; the markup-like text is kept as text.
    #expect(try book.cells(sheet: "Crime & O'Brien")["A1"]?.value == "Table 1: <b>bold</b> & odd")
    #expect(try book.headerFooter(sheet: "Crime & O'Brien").header == "&COFFICIAL && SENSITIVE")
    #expect(try book.hyperlinks(sheet: "Contents")["A6"] == "'Crime & O''Brien'!A1")
    let chart = try #require(try book.charts(sheet: "Crime & O'Brien").first)
    #expect(chart.title == "Chart & <title>")
    #expect(
      chart.xml.first("c:val")?.first("c:f")?.text
        == "('Crime & O''Brien'!$B$9,'Crime & O''Brien'!$B$11)")
    #expect(try book.coreProperties()["title"]?.hasPrefix("Crimes <2024> & \"more\"") == true)
  }

  // MARK: Errors

  @Test func badBriefingIsRefusedAndLeavesTheOldFileAlone() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("briefing.xlsx").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    var bad = Self.briefing()
    bad.charts[0].tableID = "Missing"
    #expect(
      throws: XLSXWriteError(
        "Chart 'outcomes-column' plots table 'Missing', but the briefing has no such table.")
    ) {
      try XLSXBriefingWriter.write(bad, to: path)
    }
    var badRow = Self.briefing()
    badRow.tables[1].rows[2].removeLast()
    #expect(
      throws: XLSXWriteError("Table 'Charge_rate' row 3 has 2 cells, but the table has 3 columns.")
    ) {
      try XLSXBriefingWriter.write(badRow, to: path)
    }
    var badName = Self.briefing()
    badName.tables[0].id = "Out/comes"
    badName.charts[0].tableID = "Out/comes"
    #expect(throws: XLSXWriteError.self) { try XLSXBriefingWriter.write(badName, to: path) }
    var badDate = Self.briefing()
    badDate.extractionDate = "31/03/2024"
    #expect(throws: XLSXWriteError.self) { try XLSXBriefingWriter.write(badDate, to: path) }
    var badNote = Self.briefing()
    badNote.tables[2].noteNumbers = [7]
    #expect(
      throws: XLSXWriteError("Table 'Monthly_XmR' cites [note 7], but the briefing has no note 7.")
    ) {
      try XLSXBriefingWriter.write(badNote, to: path)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["briefing.xlsx"])
  }

  @Test func unwritableFolderGivesAnErrorNamingThePath() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("no-such-folder/briefing.xlsx").path
    #expect {
      try XLSXBriefingWriter.write(Self.briefing(), to: path)
    } throws: { error in
      (error as? XLSXWriteError)?.message.contains(path) == true
    }
  }

  @Test func emptyTableGetsOneRowOfShorthandNotBlanks() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var briefing = Self.briefing()
    briefing.tables[0].rows = []
    briefing.charts.removeFirst()
    let path = folder.appendingPathComponent("empty.xlsx").path
    try XLSXBriefingWriter.write(briefing, to: path)
    let book = try WorkbookReadBack(path: path)
    let cells = try book.cells(sheet: "Outcomes")
    #expect(try book.tables(sheet: "Outcomes").first?.ref == "A8:C9")
    #expect(cells["A9"]?.value == "[x]")
    #expect(cells["C9"]?.value == "[x]")
    #expect(cells["C9"]?.horizontalAlignment == "right")  // a number column
    #expect(cells["A9"]?.horizontalAlignment == nil)  // a label column
    #expect(cells["A7"]?.value.contains("[x] not available") == true)
  }
}
