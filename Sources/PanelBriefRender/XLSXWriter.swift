import CXLSXWriter
import Foundation
import PanelBrief

/// Writes a briefing as an Excel workbook that follows the UK Government Analysis Function
/// standard for releasing statistics in spreadsheets (as ONS's gptables does): a Cover sheet, a
/// Contents sheet, a Notes sheet, then one sheet per statistical table with its title in cell A1,
/// the table marked up as a real Excel table with one header row, and native charts beside it.
///
/// The workbook is written to a temporary file in the destination folder and renamed into place,
/// so a failed write never leaves a half-written file behind. The same briefing always gives the
/// same bytes: the document's creation time (and the zip entries' timestamps) come from the
/// briefing's extraction date, not from the clock.
public enum XLSXBriefingWriter {
  /// Writes `briefing` as an `.xlsx` workbook at `path`, replacing any file already there.
  ///
  /// - Throws: `XLSXWriteError` when the briefing cannot be laid out as a workbook (a table id
  ///   that is not a valid sheet name, a chart that names a missing table or column, a row with
  ///   the wrong number of cells, an extraction date that is not `yyyy-MM-dd`) or the file cannot
  ///   be written.
  public static func write(_ briefing: Briefing, to path: String) throws {
    let briefing = XLSXPlan.cleaned(briefing)
    let plan = try XLSXPlan(briefing)
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let temporary =
      (folder as NSString).appendingPathComponent(
        ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try XLSXWorkbookBuilder(briefing: briefing, plan: plan).build(to: temporary, finalPath: path)
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
    if rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporary)
      throw XLSXWriteError("Could not move the finished workbook into place at \(path): \(reason).")
    }
  }
}

/// Why a briefing could not be written as a workbook, as a sentence that names the table, chart,
/// cell or file concerned.
public struct XLSXWriteError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// The sentence explaining what went wrong.
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
  public var errorDescription: String? { message }
}

/// Everything decided about the workbook before libxlsxwriter is called: sheet names, the row
/// each table starts on, column widths, chart placement. Building it checks the briefing.
struct XLSXPlan {
  /// The fixed sheets that come before the tables.
  static let coverSheet = "Cover"
  static let contentsSheet = "Contents"
  static let notesSheet = "Notes"
  /// The sheet that defines terms, written when the briefing has a glossary.
  static let glossarySheet = "Glossary"
  /// The sheet listing rejected input rows, written for restricted briefings only.
  static let rejectedRowsSheet = "Rejected_rows"

  /// One table sheet's layout.
  struct TableSheet {
    var table: StatTable
    /// The lines written in column A above the table, from A1 down.
    var lines: [String]
    /// Zero-based row of the table's header row.
    var headerRow: Int
    /// The Excel table's name (a valid defined name, unique in the workbook).
    var tableName: String
    /// Column widths in Excel character units.
    var widths: [Double]
    /// Height in points of the header row (taller when headers wrap).
    var headerHeight: Double
    /// The charts drawn on this sheet, in briefing order.
    var charts: [PlacedChart]
    /// Per column: whether long text in it wraps (its text is wider than the column).
    var wraps: [Bool]
  }

  /// A chart, where it goes, and the table rows it plots.
  struct PlacedChart {
    var spec: ChartSpec
    /// Zero-based anchor cell of the chart's top-left corner.
    var row: Int
    var col: Int
    /// The table rows plotted (indices into `table.rows`), ascending: the chart's row range
    /// less any row where a plotted cell holds no number. Excel plots text such as "[c]" as
    /// zero, which would misstate a suppressed or missing figure, so those rows are left out.
    var rows: [Int]
    /// The chart's alt text: its description, plus a sentence naming the rows left out.
    var description: String
    /// Special-cause points as indices into `rows`.
    var highlighted: [Int]
    /// The chart's size as multiples of libxlsxwriter's default 480 × 288 pixels.
    var xScale: Double = 1.25
    var yScale: Double = 1.25
    /// Sheet rows the chart covers (at the default 20 pixels a row), plus a gap of two.
    var sheetRows: Int { Int((288 * yScale / 20).rounded(.up)) + 2 }
  }

  var tableSheets: [TableSheet]
  var notes: [Note]
  /// The creation time written to the document properties (midnight UTC of the extraction date).
  var created: Int

  /// All sheet names in workbook order.
  var sheetNames: [String] {
    [Self.coverSheet, Self.contentsSheet] + (notes.isEmpty ? [] : [Self.notesSheet])
      + tableSheets.map(\.table.id)
  }

  init(_ briefing: Briefing) throws {
    let briefing = Self.withExtraTables(briefing)
    created = try Self.unixTime(ofISODate: briefing.extractionDate)
    notes = briefing.notes.sorted { $0.number < $1.number }
    var noteNumbers = Set<Int>()
    for note in notes where !noteNumbers.insert(note.number).inserted {
      throw XLSXWriteError("The briefing has two notes numbered \(note.number).")
    }
    var usedSheetNames = Set(
      [Self.coverSheet, Self.contentsSheet, Self.notesSheet, "History"].map { $0.lowercased() })
    let reserved = Self.extraTableIDs(briefing)
    var usedTableNames = Set(["tbl_contents", "tbl_notes"])
    var tableNames: [String] = []
    for (index, table) in briefing.tables.enumerated() {
      try Self.checkSheetName(table.id, tableNumber: index + 1)
      if reserved.contains(table.id.lowercased()) && index < briefing.tables.count - reserved.count
      {
        throw XLSXWriteError(
          "Table \(index + 1) has the id '\(table.id)', which is the name of a sheet the workbook "
            + "writes itself (Glossary and Rejected_rows are reserved).")
      }
      guard usedSheetNames.insert(table.id.lowercased()).inserted else {
        throw XLSXWriteError(
          "Table \(index + 1) has the id '\(table.id)', which is already used as a sheet name "
            + "(sheet names must be unique ignoring case, and Cover, Contents, Notes and History "
            + "are reserved).")
      }
      try Self.checkTable(table)
      for number in table.noteNumbers where !noteNumbers.contains(number) {
        throw XLSXWriteError(
          "Table '\(table.id)' cites [note \(number)], but the briefing has no note \(number).")
      }
      var tableName =
        "tbl_" + String(table.id.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
      if usedTableNames.contains(tableName.lowercased()) { tableName += "_\(index + 1)" }
      usedTableNames.insert(tableName.lowercased())
      tableNames.append(tableName)
    }
    for chart in briefing.charts {
      guard let table = briefing.table(chart.tableID) else {
        throw XLSXWriteError(
          "Chart '\(chart.id)' plots table '\(chart.tableID)', but the briefing has no such table.")
      }
      try Self.checkChart(chart, table: table)
    }
    tableSheets = zip(briefing.tables, tableNames).map { table, tableName in
      Self.layout(
        table, tableName: tableName, marking: briefing.marking,
        charts: briefing.charts.filter { $0.tableID == table.id })
    }
  }

  /// The ids of the sheets the workbook adds after the briefing's own tables, lowercased.
  private static func extraTableIDs(_ briefing: Briefing) -> Set<String> {
    var ids = Set<String>()
    if !briefing.glossary.isEmpty { ids.insert(glossarySheet.lowercased()) }
    if !briefing.isPublic && !briefing.rejectedRows.isEmpty {
      ids.insert(rejectedRowsSheet.lowercased())
    }
    return ids
  }

  /// The briefing with its glossary and (restricted briefings only) its rejected rows added as
  /// tables at the end, so that they are laid out, listed in Contents and written like any other
  /// table: title in A1, one marked-up table, shorthand instead of blanks. A public briefing
  /// never lists rejected rows, whatever it carries: it gives counts only.
  static func withExtraTables(_ briefing: Briefing) -> Briefing {
    var b = briefing
    if !briefing.glossary.isEmpty {
      b.tables.append(
        StatTable(
          id: glossarySheet, title: "Glossary",
          subtitle: "Terms used in this workbook and what they mean",
          source: briefing.organisation,
          columns: [.init("Term", .label), .init("Meaning", .text)],
          rows: briefing.glossary.map { [.text($0.term), .text($0.meaning)] }))
    }
    if !briefing.isPublic && !briefing.rejectedRows.isEmpty {
      b.tables.append(
        StatTable(
          id: rejectedRowsSheet, title: "Rejected input rows",
          subtitle:
            "Every input row that was not counted, with its file, line and the reason; the "
            + "values may identify people, so this sheet is for restricted briefings only",
          source: "the input files as read by \(briefing.generator) (see the Reconciliation table)",
          columns: [
            .init("Source", .label), .init("File", .text), .init("Line", .label),
            .init("Reason", .text), .init("Detail", .text), .init("Values", .text),
          ],
          rows: briefing.rejectedRows.map {
            [
              .text($0.source), .text($0.path), .integer($0.line), .text($0.reason),
              .text($0.detail), .text($0.values),
            ]
          }))
    }
    return b
  }

  /// The briefing with every character XML 1.0 cannot hold (control characters other than tab,
  /// line feed and carriage return) removed from its text, so that no part of the file is
  /// malformed. libxlsxwriter escapes them in cells but not in properties, titles or headers.
  static func cleaned(_ briefing: Briefing) -> Briefing {
    func clean(_ text: String) -> String {
      guard text.unicodeScalars.contains(where: isForbidden) else { return text }
      var scalars = String.UnicodeScalarView()
      scalars.append(contentsOf: text.unicodeScalars.filter { !isForbidden($0) })
      return String(scalars)
    }
    func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
      (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
        || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }
    var b = briefing
    b.title = clean(b.title)
    b.subtitle = clean(b.subtitle)
    b.organisation = clean(b.organisation)
    b.marking = clean(b.marking)
    b.contact = clean(b.contact)
    b.periodDescription = clean(b.periodDescription)
    b.extractionDate = clean(b.extractionDate)
    b.generator = clean(b.generator)
    b.notes = b.notes.map { Note(number: $0.number, text: clean($0.text)) }
    b.keyPoints = b.keyPoints.map { KeyPoint(text: clean($0.text), figure: clean($0.figure)) }
    b.method = b.method.map(clean)
    b.purpose = b.purpose.map(clean)
    b.glossary = b.glossary.map { GlossaryEntry(term: clean($0.term), meaning: clean($0.meaning)) }
    b.rejectedRows = b.rejectedRows.map {
      RejectedRowListing(
        source: clean($0.source), path: clean($0.path), line: $0.line, reason: clean($0.reason),
        detail: clean($0.detail), values: clean($0.values))
    }
    b.tables = b.tables.map { table in
      var t = table
      t.id = clean(t.id)
      t.title = clean(t.title)
      t.subtitle = clean(t.subtitle)
      t.source = clean(t.source)
      t.columns = t.columns.map { StatTable.Column(clean($0.name), $0.kind) }
      t.rows = t.rows.map { row in
        row.map { cell in
          if case .text(let text) = cell { return .text(clean(text)) }
          return cell
        }
      }
      return t
    }
    b.charts = b.charts.map { chart in
      var c = chart
      c.id = clean(c.id)
      c.title = clean(c.title)
      c.tableID = clean(c.tableID)
      c.xAxisTitle = clean(c.xAxisTitle)
      c.yAxisTitle = clean(c.yAxisTitle)
      c.description = clean(c.description)
      return c
    }
    return b
  }

  /// Midnight UTC of a `yyyy-MM-dd` date, in seconds since 1970.
  static func unixTime(ofISODate text: String) throws -> Int {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), (1...31).contains(day),
      let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
      calendar.component(.day, from: date) == day, year >= 1980
    else {
      throw XLSXWriteError(
        "The briefing's extraction date '\(text)' is not a date written as yyyy-MM-dd (from 1980 on)."
      )
    }
    return Int(date.timeIntervalSince1970)
  }

  /// The extraction date in words ("31 March 2024"), or the text as given.
  static func longDate(_ iso: String) -> String {
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ]
    let parts = iso.split(separator: "-")
    guard parts.count == 3, let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month)
    else { return iso }
    return "\(day) \(months[month - 1]) \(parts[0])"
  }

  private static func checkSheetName(_ name: String, tableNumber: Int) throws {
    let count = name.unicodeScalars.count
    if count == 0 || count > 31 {
      throw XLSXWriteError(
        "Table \(tableNumber) has the id '\(name)', which cannot be a sheet name: sheet names "
          + "have 1 to 31 characters.")
    }
    if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
      throw XLSXWriteError(
        "Table '\(name)' cannot be a sheet name: it contains '\(bad)' (sheet names may not "
          + "contain any of [ ] : * ? / \\).")
    }
    if name.hasPrefix("'") || name.hasSuffix("'") {
      throw XLSXWriteError(
        "Table '\(name)' cannot be a sheet name: sheet names may not begin or end with an apostrophe."
      )
    }
  }

  private static func checkTable(_ table: StatTable) throws {
    if table.columns.isEmpty {
      throw XLSXWriteError("Table '\(table.id)' has no columns.")
    }
    if table.columns.count > 16_384 {
      throw XLSXWriteError("Table '\(table.id)' has more columns than a worksheet holds (16,384).")
    }
    if table.rows.count > 1_000_000 {
      throw XLSXWriteError("Table '\(table.id)' has more rows than a worksheet holds.")
    }
    var seen = Set<String>()
    for (index, column) in table.columns.enumerated() {
      if column.name.trimmingCharacters(in: .whitespaces).isEmpty {
        throw XLSXWriteError(
          "Table '\(table.id)' column \(index + 1) has no header; every column needs one.")
      }
      if !seen.insert(column.name.lowercased()).inserted {
        throw XLSXWriteError(
          "Table '\(table.id)' has two columns headed '\(column.name)'; Excel table headers must "
            + "differ (ignoring case).")
      }
    }
    for (index, row) in table.rows.enumerated() where row.count != table.columns.count {
      throw XLSXWriteError(
        "Table '\(table.id)' row \(index + 1) has \(row.count) cells, but the table has "
          + "\(table.columns.count) columns.")
    }
  }

  /// The plotted rows of a chart (table row indices).
  static func plottedRows(_ chart: ChartSpec, table: StatTable) -> Range<Int> {
    chart.rowRange ?? 0..<table.rows.count
  }

  private static func checkChart(_ chart: ChartSpec, table: StatTable) throws {
    let columns = 0..<table.columns.count
    guard columns.contains(chart.categoryColumn) else {
      throw XLSXWriteError(
        "Chart '\(chart.id)' takes its categories from column \(chart.categoryColumn + 1) of "
          + "table '\(table.id)', which has only \(table.columns.count) columns.")
    }
    if chart.seriesColumns.isEmpty {
      throw XLSXWriteError("Chart '\(chart.id)' has no series to plot.")
    }
    for column in chart.seriesColumns where !columns.contains(column) {
      throw XLSXWriteError(
        "Chart '\(chart.id)' plots column \(column + 1) of table '\(table.id)', which has only "
          + "\(table.columns.count) columns.")
    }
    let rows = plottedRows(chart, table: table)
    if rows.isEmpty || rows.lowerBound < 0 || rows.upperBound > table.rows.count {
      throw XLSXWriteError(
        "Chart '\(chart.id)' plots rows \(rows.lowerBound + 1) to \(rows.upperBound) of table "
          + "'\(table.id)', which has \(table.rows.count) rows.")
    }
    for index in chart.highlightedRows where !(0..<rows.count).contains(index) {
      throw XLSXWriteError(
        "Chart '\(chart.id)' highlights point \(index + 1), but it plots only \(rows.count) points."
      )
    }
  }

  // MARK: Layout

  /// The number format for a numeric cell in a column of this kind (`nil`: General).
  static func numberFormat(_ kind: StatTable.Column.Kind, isInteger: Bool) -> String? {
    switch kind {
    case .count: isInteger ? "#,##0" : "#,##0.0"
    case .percent: "0.0%"
    case .decimal: "#,##0.0"
    case .probability: "0.000"
    case .label, .text: nil
    }
  }

  /// Roughly what Excel shows for a cell, used to size columns.
  static func displayText(_ cell: Cell, kind: StatTable.Column.Kind) -> String {
    func grouped(_ value: Double, decimals: Int) -> String {
      GroupedFormatters.shared.string(value, decimals: decimals)
    }
    switch cell {
    case .text(let text): return text.isEmpty ? "[x]" : text
    case .shorthand(let shorthand): return shorthand.rawValue
    case .integer(let value):
      switch kind {
      case .label, .text: return String(value)
      default: return displayText(.number(Double(value)), kind: kind == .count ? .label : kind)
      }
    case .number(let value):
      guard value.isFinite else { return "[x]" }
      switch kind {
      case .count, .decimal: return grouped(value, decimals: 1)
      case .percent: return grouped(value * 100, decimals: 1) + "%"
      case .probability: return grouped(value, decimals: 3)
      case .label, .text: return String(value)
      }
    }
  }

  /// The lines above a table: title, subtitle, source, notes, what the sheet holds, shorthand.
  static func lines(
    for table: StatTable, marking: String, chartCount: Int, chartsBelow: Bool = false
  ) -> [String] {
    var lines = [table.title, table.subtitle, "Source: \(table.source)"]
    if !table.noteNumbers.isEmpty {
      let cited = Array(Set(table.noteNumbers)).sorted().map { "[note \($0)]" }
      lines.append("This table cites " + cited.joined(separator: ", ") + " (see the Notes sheet).")
    }
    // The marking is in every page header and footer too, but screen readers do not read those.
    if !marking.isEmpty { lines.append("Protective marking: \(marking)") }
    var holds = "This worksheet contains one table"
    let place = chartsBelow ? "below" : "beside"
    switch chartCount {
    case 0: holds += "."
    case 1: holds += " and one chart of its figures, placed \(place) the table."
    default: holds += " and \(chartCount) charts of its figures, placed \(place) the table."
    }
    lines.append(holds)
    var used = Set<Cell.Shorthand>()
    if table.rows.isEmpty { used.insert(.notAvailable) }  // the row of [x] written instead
    for row in table.rows {
      for cell in row {
        switch cell {
        case .shorthand(let s): used.insert(s)
        case .number(let d) where !d.isFinite: used.insert(.notAvailable)
        case .text(let t) where t.isEmpty: used.insert(.notAvailable)
        default: break
        }
      }
    }
    if !used.isEmpty {
      let meanings = Cell.Shorthand.allCases.filter(used.contains).map {
        "\($0.rawValue) \(shorthandMeaning($0))"
      }
      lines.append(
        "Some cells show shorthand instead of a figure: " + meanings.joined(separator: "; ") + ".")
    }
    return lines
  }

  static func shorthandMeaning(_ shorthand: Cell.Shorthand) -> String {
    switch shorthand {
    case .confidential: "confidential (suppressed to protect individuals)"
    case .notAvailable: "not available"
    case .notApplicable: "not applicable"
    case .lowReliability: "low reliability"
    }
  }

  /// The rows a chart can plot honestly, or `nil` when no row has numbers in every series.
  private static func plottedPoints(_ chart: ChartSpec, table: StatTable) -> PlacedChart? {
    let range = plottedRows(chart, table: table)
    var rows: [Int] = []
    var left: [(category: String, shown: String)] = []
    for row in range {
      let missing = chart.seriesColumns.map { table.rows[row][$0] }.filter {
        guard let value = $0.numericValue else { return true }
        return !value.isFinite
      }
      if let first = missing.first {
        let category = displayText(
          table.rows[row][chart.categoryColumn], kind: table.columns[chart.categoryColumn].kind)
        left.append((category, displayText(first, kind: .text)))
      } else {
        rows.append(row)
      }
    }
    if rows.isEmpty { return nil }
    var description = chart.description.isEmpty ? chart.title : chart.description
    if !left.isEmpty {
      let shown = Set(left.map(\.shown)).sorted().joined(separator: " or ")
      let names = left.map(\.category)
      let list =
        names.count == 1
        ? names[0] : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
      description +=
        (description.hasSuffix(".") ? " " : ". ")
        + "The chart leaves out \(list), for which the table shows \(shown) instead of a figure."
    }
    let position = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
    let highlighted = chart.highlightedRows.compactMap { position[range.lowerBound + $0] }
    return PlacedChart(
      spec: chart, row: 0, col: 0, rows: rows, description: description, highlighted: highlighted)
  }

  private static func layout(
    _ table: StatTable, tableName: String, marking: String, charts: [ChartSpec]
  ) -> TableSheet {
    let plottable = charts.compactMap { plottedPoints($0, table: table) }.map(sized)
    var widths: [Double] = []
    var wraps: [Bool] = []
    var headerLines = 1
    for (index, column) in table.columns.enumerated() {
      let data = table.rows.map { displayText($0[index], kind: column.kind).count }.max() ?? 3
      let longestWord = column.name.split(separator: " ").map(\.count).max() ?? 1
      let width = min(60, max(8, data, longestWord, min(column.name.count, 24)) + 2)
      widths.append(Double(width))
      wraps.append(data > width - 2)
      let perLine = max(1, width - 2)
      headerLines = max(headerLines, (column.name.count + perLine - 1) / perLine)
    }
    let tableWidth = widths.reduce(0, +)
    let wide = table.columns.count > 8 || tableWidth > 110
    let lines = lines(
      for: table, marking: marking, chartCount: plottable.count, chartsBelow: wide)
    let headerRow = lines.count
    let lastRow = headerRow + max(table.rows.count, 1)
    var placed: [PlacedChart] = []
    var nextRow = wide ? lastRow + 2 : headerRow
    for var chart in plottable {
      chart.row = nextRow
      chart.col = wide ? 0 : table.columns.count + 1
      nextRow += chart.sheetRows
      placed.append(chart)
    }
    return TableSheet(
      table: table, lines: lines, headerRow: headerRow, tableName: tableName, widths: widths,
      headerHeight: 15.0 * Double(min(headerLines, 6)) + 2, charts: placed, wraps: wraps)
  }

  /// Bar and column charts grow with the bars they draw, so that each bar stays readable; bar
  /// charts are also wider, for their long category labels.
  private static func sized(_ chart: PlacedChart) -> PlacedChart {
    var chart = chart
    let bars = chart.rows.count * chart.spec.seriesColumns.count
    switch chart.spec.kind {
    case .bar:
      // About 9 pixels a bar and 8 between categories, plus title, axis and legend.
      let height = Double(chart.rows.count * 8 + bars * 9 + 130)
      chart.yScale = min(4, max(1.25, height / 288))
      chart.xScale = 1.75
    case .column:
      let width = Double(chart.rows.count * 10 + bars * 12 + 160)
      chart.xScale = min(3, max(1.25, width / 480))
    case .line, .xmr:
      let width = Double(chart.rows.count * 28 + 120)
      chart.xScale = min(3, max(1.25, width / 480))
    }
    return chart
  }
}

/// en-GB decimal formatters by number of decimals, made once (a formatter per cell cost more
/// than the rest of the workbook's layout).
private final class GroupedFormatters: @unchecked Sendable {
  static let shared = GroupedFormatters()
  private let lock = NSLock()
  private var byDecimals: [Int: NumberFormatter] = [:]

  func string(_ value: Double, decimals: Int) -> String {
    lock.withLock {
      let formatter: NumberFormatter
      if let made = byDecimals[decimals] {
        formatter = made
      } else {
        formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_GB")
        formatter.minimumFractionDigits = decimals
        formatter.maximumFractionDigits = decimals
        byDecimals[decimals] = formatter
      }
      return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
  }
}
