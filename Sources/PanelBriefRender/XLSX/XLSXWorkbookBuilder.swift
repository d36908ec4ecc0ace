import CXLSXWriter
import Foundation
import PanelBrief

/// C strings that must outlive the libxlsxwriter calls that take them; freed with the builder.
final class XLSXCStrings {
  private var pointers: [UnsafeMutablePointer<CChar>] = []

  func make(_ text: String) -> UnsafeMutablePointer<CChar>? {
    guard let pointer = strdup(text) else { return nil }
    pointers.append(pointer)
    return pointer
  }

  deinit { for pointer in pointers { free(pointer) } }
}

/// Drives libxlsxwriter for one briefing according to an `XLSXPlan`.
final class XLSXWorkbookBuilder {
  private let briefing: Briefing
  private let plan: XLSXPlan
  private let strings = XLSXCStrings()
  private var workbook: UnsafeMutablePointer<lxw_workbook>?
  private var formats: [String: UnsafeMutablePointer<lxw_format>] = [:]

  init(briefing: Briefing, plan: XLSXPlan) {
    self.briefing = briefing
    self.plan = plan
  }

  deinit {
    // Only reached with an open workbook when building failed part-way.
    if let workbook { lxw_workbook_free(workbook) }
  }

  /// Writes the workbook to `path` (a temporary file); `finalPath` names the file in errors.
  func build(to path: String, finalPath: String) throws {
    guard let workbook = workbook_new(path) else {
      throw XLSXWriteError("Could not start a workbook for \(finalPath).")
    }
    self.workbook = workbook
    try setProperties()
    try writeCover()
    try writeContents()
    if !plan.notes.isEmpty { try writeNotes() }
    for sheet in plan.tableSheets { try writeTableSheet(sheet) }
    self.workbook = nil  // workbook_close frees it, whatever it returns.
    let result = workbook_close(workbook)
    if result != LXW_NO_ERROR {
      throw XLSXWriteError(
        "Could not write the workbook \(finalPath): \(String(cString: lxw_strerror(result))).")
    }
  }

  // MARK: Helpers

  private func check(_ result: lxw_error, _ what: @autoclosure () -> String) throws {
    if result != LXW_NO_ERROR {
      throw XLSXWriteError("\(what()): \(String(cString: lxw_strerror(result))).")
    }
  }

  private func cString(_ text: String) throws -> UnsafeMutablePointer<CChar> {
    guard let pointer = strings.make(text) else {
      throw XLSXWriteError("Ran out of memory while writing the workbook.")
    }
    return pointer
  }

  /// A cell reference such as "B7" for error messages.
  static func cellName(row: Int, col: Int) -> String {
    var name = ""
    var n = col + 1
    while n > 0 {
      let r = (n - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + r))) + name
      n = (n - 1) / 26
    }
    return "\(name)\(row + 1)"
  }

  private enum Style: String {
    case title, subtitle, heading, paragraph, header, numericHeader, shorthand, wrapped, plain, link
    case count, countDecimal, percent, decimal, probability
  }

  private func format(_ style: Style) -> UnsafeMutablePointer<lxw_format>? {
    if let existing = formats[style.rawValue] { return existing }
    guard let workbook else { return nil }
    if style == .link { return workbook_get_default_url_format(workbook) }
    guard let f = workbook_add_format(workbook) else { return nil }
    switch style {
    case .title:
      format_set_bold(f)
      format_set_font_size(f, 15)
    case .subtitle: format_set_font_size(f, 12)
    case .heading:
      format_set_bold(f)
      format_set_font_size(f, 12)
    case .paragraph:
      format_set_text_wrap(f)
      format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    case .header, .numericHeader:
      // Bold with a rule below: the table has no banded style, so the rule marks the header.
      format_set_bold(f)
      format_set_text_wrap(f)
      format_set_bottom(f, UInt8(LXW_BORDER_THIN.rawValue))
      format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
      // Headers of number columns sit over the numbers, which Excel aligns right.
      if style == .numericHeader { format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue)) }
    case .shorthand: format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
    case .plain: break
    case .wrapped:
      format_set_text_wrap(f)
      format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    case .count: format_set_num_format(f, "#,##0")
    case .countDecimal: format_set_num_format(f, "#,##0.0")
    case .percent: format_set_num_format(f, "0.0%")
    case .decimal: format_set_num_format(f, "#,##0.0")
    case .probability: format_set_num_format(f, "0.000")
    case .link: break
    }
    // Table cells sit at the top of rows made taller by wrapped text beside them.
    switch style {
    case .shorthand, .plain, .count, .countDecimal, .percent, .decimal, .probability:
      format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    default: break
    }
    formats[style.rawValue] = f
    return f
  }

  private func numberStyle(_ kind: StatTable.Column.Kind, isInteger: Bool) -> Style? {
    switch kind {
    case .count: isInteger ? .count : .countDecimal
    case .percent: .percent
    case .decimal: .decimal
    case .probability: .probability
    case .label, .text: .plain
    }
  }

  private func addSheet(_ name: String) throws -> UnsafeMutablePointer<lxw_worksheet> {
    guard let workbook, let sheet = workbook_add_worksheet(workbook, name) else {
      throw XLSXWriteError("Could not add the sheet '\(name)' to the workbook.")
    }
    try pageSetup(sheet, name: name)
    // As gptables does: no gridlines, so that the marked-up tables and text stand out.
    worksheet_gridlines(sheet, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue))
    return sheet
  }

  /// Landscape, one page wide, the marking in the header and footer, page numbers in the footer.
  private func pageSetup(_ sheet: UnsafeMutablePointer<lxw_worksheet>, name: String) throws {
    worksheet_set_landscape(sheet)
    worksheet_fit_to_pages(sheet, 1, 0)
    worksheet_set_paper(sheet, 9)  // A4
    let marking = briefing.marking.replacingOccurrences(of: "&", with: "&&")
    let header = "&C" + marking
    let footer = "&C" + marking + "&RPage &P of &N"
    if footer.utf8.count > 255 {
      throw XLSXWriteError(
        "The marking '\(briefing.marking)' is too long for a page header and footer (at most "
          + "about 230 characters).")
    }
    try check(
      worksheet_set_header(sheet, header), "Could not set the page header on sheet '\(name)'")
    try check(
      worksheet_set_footer(sheet, footer), "Could not set the page footer on sheet '\(name)'")
  }

  private func writeString(
    _ sheet: UnsafeMutablePointer<lxw_worksheet>, _ sheetName: String, row: Int, col: Int,
    _ text: String, _ style: Style? = nil
  ) throws {
    let f = style.flatMap(format)
    try check(
      worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(col), text, f),
      "Could not write cell \(Self.cellName(row: row, col: col)) on sheet '\(sheetName)'")
  }

  private func writeNumber(
    _ sheet: UnsafeMutablePointer<lxw_worksheet>, _ sheetName: String, row: Int, col: Int,
    _ value: Double, _ style: Style?
  ) throws {
    // Guard: NaN or infinity would corrupt the file; the standard's shorthand says why it is missing.
    guard value.isFinite else {
      return try writeString(sheet, sheetName, row: row, col: col, "[x]", .shorthand)
    }
    try check(
      worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(col), value, style.flatMap(format)),
      "Could not write cell \(Self.cellName(row: row, col: col)) on sheet '\(sheetName)'")
  }

  /// The lines a wrapped text takes in a column `width` characters wide. A width unit is the
  /// width of a digit; average text is about a tenth narrower (checked by rendering the seed
  /// workbook with LibreOffice), so a line holds about 1.1 characters a unit.
  static func wrappedLines(_ text: String, width: Double) -> Int {
    let perLine = max(1, Int(width * 1.1) - 2)
    var lines = 0
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var count = 1
      var used = 0
      for word in paragraph.split(separator: " ") {
        let length = word.count
        if used > 0 && used + 1 + length > perLine {
          count += 1
          used = length
        } else {
          used += (used > 0 ? 1 : 0) + length
        }
        while used > perLine {
          count += 1
          used -= perLine
        }
      }
      lines += count
    }
    return max(1, lines)
  }

  /// Sets a row's height for `lines` lines of 11-point text, when it needs more than one.
  /// Neither Excel nor LibreOffice reliably grows rows for wrapped text in a written file.
  private func fitRow(_ sheet: UnsafeMutablePointer<lxw_worksheet>, row: Int, lines: Int) {
    guard lines > 1 else { return }
    worksheet_set_row(sheet, lxw_row_t(row), 15.0 * Double(min(lines, 27)), nil)
  }

  /// An internal hyperlink to cell A1 of a sheet.
  private func writeSheetLink(
    _ sheet: UnsafeMutablePointer<lxw_worksheet>, _ sheetName: String, row: Int, col: Int,
    to target: String
  ) throws {
    let url = "internal:'\(target.replacingOccurrences(of: "'", with: "''"))'!A1"
    try check(
      worksheet_write_url_opt(
        sheet, lxw_row_t(row), lxw_col_t(col), url, format(.link), target, nil),
      "Could not write the link to sheet '\(target)' in cell "
        + "\(Self.cellName(row: row, col: col)) on sheet '\(sheetName)'")
  }

  /// Marks `rows` × `headers` (header at `headerRow`, column A onwards) as an Excel table: no
  /// banded fill and no filter buttons (the Analysis Function checklist advises against both);
  /// headers of number columns (`numeric`) are right-aligned over their numbers.
  private func addTable(
    _ sheet: UnsafeMutablePointer<lxw_worksheet>, _ sheetName: String, name: String,
    headerRow: Int, dataRows: Int, headers: [String], numeric: [Bool] = []
  ) throws {
    let count = headers.count
    let columnPointers = UnsafeMutablePointer<UnsafeMutablePointer<lxw_table_column>?>.allocate(
      capacity: count + 1)
    let columns = UnsafeMutablePointer<lxw_table_column>.allocate(capacity: count)
    defer {
      columns.deallocate()
      columnPointers.deallocate()
    }
    for (index, header) in headers.enumerated() {
      var column = lxw_table_column()
      column.header = try cString(header)
      column.header_format = format(
        numeric.indices.contains(index) && numeric[index] ? .numericHeader : .header)
      (columns + index).initialize(to: column)
      columnPointers[index] = columns + index
    }
    columnPointers[count] = nil
    var options = lxw_table_options()
    options.name = try cString(name)
    options.style_type = UInt8(LXW_TABLE_STYLE_TYPE_LIGHT.rawValue)
    options.style_type_number = 0  // no table style: no background fill
    options.no_autofilter = UInt8(LXW_TRUE.rawValue)
    options.columns = columnPointers
    try check(
      worksheet_add_table(
        sheet, lxw_row_t(headerRow), 0, lxw_row_t(headerRow + max(dataRows, 1)),
        lxw_col_t(count - 1), &options),
      "Could not mark the table on sheet '\(sheetName)'")
  }

  // MARK: Properties

  private func setProperties() throws {
    guard let workbook else { return }
    var properties = lxw_doc_properties()
    properties.title = try cString(briefing.title)
    properties.subject = try cString(briefing.subtitle)
    properties.author = try cString(briefing.organisation)
    properties.company = try cString(briefing.organisation)
    properties.keywords = try cString(
      "Police and Crime Panel, briefing, official statistics, \(briefing.marking)")
    properties.comments = try cString(
      "\(briefing.subtitle). Period: \(briefing.periodDescription). Figures as at "
        + "\(briefing.extractionDate). Protective marking: \(briefing.marking). Written by "
        + "\(briefing.generator).")
    properties.created = time_t(plan.created)
    try check(
      workbook_set_properties(workbook, &properties), "Could not set the document properties")
    try check(
      workbook_set_custom_property_string(workbook, "Protective marking", briefing.marking),
      "Could not set the protective marking property")
    // libxlsxwriter has no dc:language field; a custom property records the language instead.
    try check(
      workbook_set_custom_property_string(workbook, "Language", "en-GB"),
      "Could not set the language property")
  }

  // MARK: Cover, Contents, Notes

  /// The width of the cover's only column, in characters.
  private static let coverWidth = 110.0

  private func writeCover() throws {
    let name = XLSXPlan.coverSheet
    let sheet = try addSheet(name)
    worksheet_activate(sheet)
    worksheet_set_column(sheet, 0, 0, Self.coverWidth, nil)
    var row = 0
    func line(_ text: String, _ style: Style? = nil) throws {
      try writeString(sheet, name, row: row, col: 0, text, style)
      row += 1
    }
    func section(_ heading: String, _ body: [String]) throws {
      row += 1
      try line(heading, .heading)
      for text in body {
        fitRow(sheet, row: row, lines: Self.wrappedLines(text, width: Self.coverWidth))
        try line(text, .paragraph)
      }
    }
    try line(briefing.title, .title)
    try line(briefing.subtitle, .subtitle)
    try section("Protective marking", [briefing.marking])
    try section("Published by", [briefing.organisation])
    try section("Period covered", [briefing.periodDescription])
    try section(
      "Figures as at",
      [
        "\(XLSXPlan.longDate(briefing.extractionDate)), the date of the extraction from the records system."
      ])
    if !briefing.contact.isEmpty { try section("Contact", [briefing.contact]) }
    if !briefing.purpose.isEmpty { try section("Purpose", briefing.purpose) }
    if !briefing.keyPoints.isEmpty {
      try section(
        "Key points",
        briefing.keyPoints.map { $0.figure.isEmpty ? $0.text : "\($0.figure): \($0.text)" })
    }
    if !briefing.method.isEmpty { try section("Method and definitions", briefing.method) }
    let tables = plan.tableSheets.count
    let charts = plan.tableSheets.reduce(0) { $0 + $1.charts.count }
    var about = [
      "This workbook holds \(tables) \(tables == 1 ? "table" : "tables"), one per sheet, each with "
        + "its title in cell A1 and its source and notes in the lines below the title.",
      "The Contents sheet lists every sheet with a link to it.",
    ]
    if charts > 0 {
      about.append(
        "\(charts) \(charts == 1 ? "chart is" : "charts are") drawn beside the table whose figures "
          + "they plot; each chart has a text description.")
    }
    if !plan.notes.isEmpty {
      about.append(
        "Tables cite notes as [note 1], [note 2] and so on; the Notes sheet gives the text of each."
      )
    }
    try section("About this workbook", about)
    try section(
      "Shorthand used in tables",
      ["Cells that do not show a figure hold a shorthand instead of being left blank:"]
        + Cell.Shorthand.allCases.map { "\($0.rawValue) \(XLSXPlan.shorthandMeaning($0))" })
  }

  private func writeContents() throws {
    let name = XLSXPlan.contentsSheet
    let sheet = try addSheet(name)
    try writeString(sheet, name, row: 0, col: 0, "Contents", .title)
    try writeString(
      sheet, name, row: 1, col: 0,
      "This worksheet contains one table. Select a sheet name to go to that sheet.")
    var entries: [(String, String)] = [
      (
        XLSXPlan.coverSheet,
        "About this workbook: publisher, period, marking and the shorthand used"
      )
    ]
    if !plan.notes.isEmpty { entries.append((XLSXPlan.notesSheet, "Notes cited in the tables")) }
    entries += plan.tableSheets.map { ($0.table.id, $0.table.title) }
    let headerRow = 2
    for (index, entry) in entries.enumerated() {
      try writeSheetLink(sheet, name, row: headerRow + 1 + index, col: 0, to: entry.0)
      try writeString(sheet, name, row: headerRow + 1 + index, col: 1, entry.1)
    }
    let firstWidth = max(14, (entries.map(\.0.count).max() ?? 10) + 3)
    worksheet_set_column(sheet, 0, 0, Double(firstWidth), nil)
    worksheet_set_column(
      sheet, 1, 1, Double(min(100, max(20, (entries.map(\.1.count).max() ?? 20) + 2))), nil)
    try addTable(
      sheet, name, name: "tbl_Contents", headerRow: headerRow, dataRows: entries.count,
      headers: ["Sheet name", "Sheet title"])
  }

  private func writeNotes() throws {
    let name = XLSXPlan.notesSheet
    let sheet = try addSheet(name)
    try writeString(sheet, name, row: 0, col: 0, "Notes", .title)
    try writeString(
      sheet, name, row: 1, col: 0,
      "This worksheet contains one table. Tables cite these notes as [note N] in the lines above them."
    )
    let headerRow = 2
    for (index, note) in plan.notes.enumerated() {
      try writeString(
        sheet, name, row: headerRow + 1 + index, col: 0, "[note \(note.number)]", .plain)
      try writeString(sheet, name, row: headerRow + 1 + index, col: 1, note.text, .paragraph)
      fitRow(sheet, row: headerRow + 1 + index, lines: Self.wrappedLines(note.text, width: 100))
    }
    worksheet_set_column(sheet, 0, 0, 14, nil)
    worksheet_set_column(sheet, 1, 1, 100, nil)
    try addTable(
      sheet, name, name: "tbl_Notes", headerRow: headerRow, dataRows: plan.notes.count,
      headers: ["Note number", "Note text"])
  }

  // MARK: Table sheets

  private func writeTableSheet(_ layout: XLSXPlan.TableSheet) throws {
    let table = layout.table
    let name = table.id
    let sheet = try addSheet(name)
    for (index, text) in layout.lines.enumerated() {
      let style: Style? = index == 0 ? .title : index == 1 ? .subtitle : nil
      try writeString(sheet, name, row: index, col: 0, text, style)
    }
    for (index, width) in layout.widths.enumerated() {
      worksheet_set_column(sheet, lxw_col_t(index), lxw_col_t(index), width, nil)
    }
    worksheet_set_row(sheet, lxw_row_t(layout.headerRow), layout.headerHeight, nil)
    let first = layout.headerRow + 1
    if table.rows.isEmpty {
      // An Excel table needs a data row; say the figures are not available rather than leave blanks.
      for col in table.columns.indices {
        try writeString(
          sheet, name, row: first, col: col, "[x]",
          [.label, .text].contains(table.columns[col].kind) ? .plain : .shorthand)
      }
    }
    let isNumeric = table.columns.map { column in
      switch column.kind {
      case .label, .text: false
      default: true
      }
    }
    for (r, cells) in table.rows.enumerated() {
      var lines = 1
      for (c, cell) in cells.enumerated() where layout.wraps[c] {
        if case .text(let text) = cell {
          lines = max(lines, Self.wrappedLines(text, width: layout.widths[c]))
        }
      }
      fitRow(sheet, row: first + r, lines: lines)
      for (c, cell) in cells.enumerated() {
        let kind = table.columns[c].kind
        // Shorthand lines up with the numbers around it, or with the text in a text column.
        let shorthand: Style = isNumeric[c] ? .shorthand : .plain
        switch cell {
        case .text(let text):
          if text.isEmpty {
            try writeString(sheet, name, row: first + r, col: c, "[x]", shorthand)
          } else {
            try writeString(
              sheet, name, row: first + r, col: c, text, layout.wraps[c] ? .wrapped : .plain)
          }
        case .integer(let value):
          try writeNumber(
            sheet, name, row: first + r, col: c, Double(value), numberStyle(kind, isInteger: true))
        case .number(let value):
          try writeNumber(
            sheet, name, row: first + r, col: c, value, numberStyle(kind, isInteger: false))
        case .shorthand(let value):
          try writeString(sheet, name, row: first + r, col: c, value.rawValue, shorthand)
        }
      }
    }
    try addTable(
      sheet, name, name: layout.tableName, headerRow: layout.headerRow, dataRows: table.rows.count,
      headers: table.columns.map(\.name), numeric: isNumeric)
    try check(
      worksheet_repeat_rows(sheet, lxw_row_t(layout.headerRow), lxw_row_t(layout.headerRow)),
      "Could not repeat the header row when printing sheet '\(name)'")
    for placed in layout.charts {
      try insertChart(placed, on: sheet, layout: layout)
    }
  }

  // MARK: Charts

  /// A series reference to table rows `rows` of one column: one range when the rows are
  /// consecutive, otherwise Excel's union form "('Sheet'!$B$8,'Sheet'!$B$10:$B$11)".
  private static func unionReference(
    sheet: String, column: Int, rows: [Int], firstSheetRow: Int
  ) -> String {
    var runs: [ClosedRange<Int>] = []
    for row in rows {
      if let last = runs.last, last.upperBound + 1 == row {
        runs[runs.count - 1] = last.lowerBound...row
      } else {
        runs.append(row...row)
      }
    }
    let quoted = "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
    let letters = String(cellName(row: 0, col: column).dropLast())
    let parts = runs.map { run -> String in
      let top = "$\(letters)$\(firstSheetRow + run.lowerBound + 1)"
      let bottom = "$\(letters)$\(firstSheetRow + run.upperBound + 1)"
      return quoted + "!" + (run.count == 1 ? top : top + ":" + bottom)
    }
    return "=(" + parts.joined(separator: ",") + ")"
  }

  private func insertChart(
    _ placed: XLSXPlan.PlacedChart, on sheet: UnsafeMutablePointer<lxw_worksheet>,
    layout: XLSXPlan.TableSheet
  ) throws {
    guard let workbook else { return }
    let spec = placed.spec
    let table = layout.table
    let type: lxw_chart_type =
      switch spec.kind {
      case .column: LXW_CHART_COLUMN
      case .bar: LXW_CHART_BAR
      case .line, .xmr: LXW_CHART_LINE
      }
    guard let chart = workbook_add_chart(workbook, UInt8(type.rawValue)) else {
      throw XLSXWriteError("Could not add chart '\(spec.id)' to the workbook.")
    }
    let sheetName = table.id
    let rows = placed.rows
    let consecutive = (rows.last ?? 0) - (rows.first ?? 0) + 1 == rows.count
    let firstRow = lxw_row_t(layout.headerRow + 1 + (rows.first ?? 0))
    let lastRow = lxw_row_t(layout.headerRow + 1 + (rows.last ?? 0))
    let categoryCol = lxw_col_t(spec.categoryColumn)
    let lineDashes = [
      LXW_CHART_LINE_DASH_SOLID, LXW_CHART_LINE_DASH_DASH, LXW_CHART_LINE_DASH_ROUND_DOT,
      LXW_CHART_LINE_DASH_LONG_DASH_DOT, LXW_CHART_LINE_DASH_LONG_DASH,
    ]
    let lineMarkers = [
      LXW_CHART_MARKER_CIRCLE, LXW_CHART_MARKER_SQUARE, LXW_CHART_MARKER_DIAMOND,
      LXW_CHART_MARKER_TRIANGLE, LXW_CHART_MARKER_X,
    ]
    let colours = Self.palette
    let barPatterns = [
      LXW_CHART_PATTERN_WIDE_UPWARD_DIAGONAL, LXW_CHART_PATTERN_DARK_HORIZONTAL,
      LXW_CHART_PATTERN_PERCENT_50, LXW_CHART_PATTERN_DARK_VERTICAL,
      LXW_CHART_PATTERN_WIDE_DOWNWARD_DIAGONAL,
    ]
    for (index, column) in spec.seriesColumns.enumerated() {
      let valueCol = lxw_col_t(column)
      let series: UnsafeMutablePointer<lxw_chart_series>?
      if consecutive {
        series = chart_add_series(chart, nil, nil)
        if let series {
          chart_series_set_categories(
            series, sheetName, firstRow, categoryCol, lastRow, categoryCol)
          chart_series_set_values(series, sheetName, firstRow, valueCol, lastRow, valueCol)
        }
      } else {
        let start = layout.headerRow + 1
        series = chart_add_series(
          chart,
          Self.unionReference(
            sheet: sheetName, column: spec.categoryColumn, rows: rows, firstSheetRow: start),
          Self.unionReference(sheet: sheetName, column: column, rows: rows, firstSheetRow: start))
      }
      guard let series else {
        throw XLSXWriteError("Could not add a series to chart '\(spec.id)'.")
      }
      chart_series_set_name_range(series, sheetName, lxw_row_t(layout.headerRow), valueCol)
      let colour = colours[index % colours.count]
      switch spec.kind {
      case .column, .bar:
        // Told apart without colour: the first series solid, the others patterned, every bar
        // outlined so that a pale pattern still has an edge.
        var outline = lxw_chart_line()
        outline.color = colour
        outline.width = 0.75
        chart_series_set_line(series, &outline)
        if index == 0 {
          var fill = lxw_chart_fill()
          fill.color = colour
          chart_series_set_fill(series, &fill)
        } else {
          var pattern = lxw_chart_pattern()
          pattern.type = UInt8(barPatterns[(index - 1) % barPatterns.count].rawValue)
          pattern.fg_color = colour
          pattern.bg_color = 0xFFFFFF
          chart_series_set_pattern(series, &pattern)
        }
      case .line:
        var line = lxw_chart_line()
        line.color = colour
        line.width = 2.0
        line.dash_type = UInt8(lineDashes[index % lineDashes.count].rawValue)
        chart_series_set_line(series, &line)
        chart_series_set_marker_type(series, UInt8(lineMarkers[index % lineMarkers.count].rawValue))
        chart_series_set_marker_size(series, 6)
        var markerLine = lxw_chart_line()
        markerLine.color = colour
        chart_series_set_marker_line(series, &markerLine)
        var markerFill = lxw_chart_fill()
        markerFill.color = colour
        chart_series_set_marker_fill(series, &markerFill)
      case .xmr:
        try styleXmRSeries(
          series, index: index, spec: spec, highlighted: placed.highlighted, points: rows.count)
      }
    }
    chart_title_set_name(chart, spec.title)
    // libxlsxwriter's x_axis is the category axis, except in bar charts where the axes swap.
    let (categoryAxis, valueAxis) =
      spec.kind == .bar
      ? (chart.pointee.y_axis, chart.pointee.x_axis) : (chart.pointee.x_axis, chart.pointee.y_axis)
    chart_axis_set_name(categoryAxis, spec.xAxisTitle)
    chart_axis_set_name(valueAxis, spec.yAxisTitle)
    if spec.kind == .bar { chart_axis_set_reverse(categoryAxis) }
    if spec.seriesColumns.allSatisfy({ table.columns[$0].kind == .percent }) {
      chart_axis_set_num_format(valueAxis, "0%")
    }
    // The legend above the plot, under the title, as the paper's SVG charts draw it. Excel lists
    // the series there left to right in their order (2020…2023); in bar charts, whose category
    // axis is reversed so that categories run down as in the table, the first series is also the
    // top bar of each group. LibreOffice lists a horizontal bar chart's legend from the last
    // series whatever the axis (VSeriesPlotter::createLegendEntries), so it shows 2023…2020 there.
    chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_TOP.rawValue))
    var options = lxw_chart_options()
    options.x_scale = placed.xScale
    options.y_scale = placed.yScale
    options.description = try cString(placed.description)
    try check(
      worksheet_insert_chart_opt(
        sheet, lxw_row_t(placed.row), lxw_col_t(placed.col), chart, &options),
      "Could not place chart '\(spec.id)' on sheet '\(sheetName)'")
  }

  /// The Analysis Function's colour-blind-safe categorical palette, in its order, the same as the
  /// paper's SVG charts (`SVGChartRenderer.Style.palette`): dark blue, turquoise, dark pink,
  /// orange, dark grey, light purple.
  static let palette: [lxw_color_t] = [0x12436D, 0x28A197, 0x801650, 0xF46A25, 0x3D3D3D, 0xA285D1]

  /// XmR charts, drawn as the paper's SVG draws them: the values as a dark blue line with hollow
  /// circle markers; the centre line dark grey and solid, the limits dark pink and dashed; special
  /// causes as solid orange, outlined markers.
  private func styleXmRSeries(
    _ series: UnsafeMutablePointer<lxw_chart_series>, index: Int, spec: ChartSpec,
    highlighted: [Int], points: Int
  ) throws {
    var line = lxw_chart_line()
    if index == 0 {
      line.color = Self.palette[0]
      line.width = 1.75
      chart_series_set_line(series, &line)
      chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
      chart_series_set_marker_size(series, 7)
      var markerLine = lxw_chart_line()
      markerLine.color = Self.palette[0]
      markerLine.width = 1.5
      chart_series_set_marker_line(series, &markerLine)
      var markerFill = lxw_chart_fill()
      markerFill.color = 0xFFFFFF
      chart_series_set_marker_fill(series, &markerFill)
      let highlighted = Set(highlighted)
      guard let last = highlighted.max(), last < points else { return }
      let count = last + 1
      let pointers = UnsafeMutablePointer<UnsafeMutablePointer<lxw_chart_point>?>.allocate(
        capacity: count + 1)
      let formatted = UnsafeMutablePointer<lxw_chart_point>.allocate(capacity: count)
      var fill = lxw_chart_fill()
      fill.color = Self.palette[3]
      var outline = lxw_chart_line()
      outline.color = 0x0D0D0D  // libxlsxwriter reads 0 as "no colour set"
      outline.width = 2.25
      defer {
        formatted.deallocate()
        pointers.deallocate()
      }
      try withUnsafeMutablePointer(to: &fill) { fillPointer in
        try withUnsafeMutablePointer(to: &outline) { outlinePointer in
          for point in 0..<count {
            var value = lxw_chart_point()
            if highlighted.contains(point) {
              value.fill = fillPointer
              value.line = outlinePointer
            }
            (formatted + point).initialize(to: value)
            pointers[point] = formatted + point
          }
          pointers[count] = nil
          try check(
            chart_series_set_points(series, pointers),
            "Could not mark the special causes on chart '\(spec.id)'")
        }
      }
    } else {
      line.color = index == 1 ? Self.palette[4] : Self.palette[2]
      line.width = 1.5
      line.dash_type = UInt8(
        (index == 1 ? LXW_CHART_LINE_DASH_SOLID : LXW_CHART_LINE_DASH_DASH).rawValue)
      chart_series_set_line(series, &line)
      chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_NONE.rawValue))
    }
  }
}
