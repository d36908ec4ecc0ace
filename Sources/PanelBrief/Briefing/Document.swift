import Foundation

/// The format-neutral briefing: everything a paper says, decided once, so that the workbook, the
/// Markdown paper and the JSON can never disagree on a figure. Renderers decide only how it looks.
public struct Briefing: Sendable, Codable, Equatable {
  /// The paper's title, e.g. "Modern Slavery and Human Trafficking".
  public var title: String
  /// A line under the title, e.g. "Performance report to the Police and Crime Panel".
  public var subtitle: String
  /// Who publishes it, e.g. "Seed Force Modern Slavery Team".
  public var organisation: String
  /// The Government Security Classification marking, shown on every page and sheet.
  public var marking: String
  /// `true` for a public paper (small counts suppressed), `false` for a restricted one.
  public var isPublic: Bool
  /// A contact line for the cover sheet (may be empty).
  public var contact: String
  /// The period covered, in words: "calendar years 2020 to 2023".
  public var periodDescription: String
  /// The "as at" date of the extraction from the records system (ISO 8601 `yyyy-MM-dd`).
  public var extractionDate: String
  /// The headline points, each with the figure it rests on, in the order a reader needs them.
  public var keyPoints: [KeyPoint]
  /// The paper's sections in order; each refers to its tables and charts by id.
  public var sections: [Section]
  /// Every table, in the order they appear in the workbook.
  public var tables: [StatTable]
  /// Every chart; each plots columns of one table.
  public var charts: [ChartSpec]
  /// The notes that tables cite as [note N]; `number` is N.
  public var notes: [Note]
  /// Definitions and method statements, one paragraph each.
  public var method: [String]
  /// One entry per input file: what was read, accepted, rejected, and the file's SHA-256.
  public var reconciliation: [FileReconciliation]
  /// The PanelBrief version that wrote the briefing.
  public var generator: String
  /// Why the paper is before the panel, one paragraph each.
  public var purpose: [String] = []
  /// What the panel is asked to do, one item each.
  public var panelAsks: [String] = []
  /// Terms a councillor may not know (NRM, PVOT, S45, outcome types...).
  public var glossary: [GlossaryEntry] = []
  /// For restricted briefings only: every rejected row with its file, line, reason and values.
  /// Empty in a public briefing, which gives counts only.
  public var rejectedRows: [RejectedRowListing] = []
  /// Where the configuration came from, for the provenance: its path and SHA-256.
  public var configurationPath: String = ""
  public var configurationSHA256: String = ""

  public init(
    title: String, subtitle: String, organisation: String, marking: String, isPublic: Bool,
    contact: String, periodDescription: String, extractionDate: String, keyPoints: [KeyPoint],
    sections: [Section], tables: [StatTable], charts: [ChartSpec], notes: [Note],
    method: [String], reconciliation: [FileReconciliation], generator: String
  ) {
    self.title = title
    self.subtitle = subtitle
    self.organisation = organisation
    self.marking = marking
    self.isPublic = isPublic
    self.contact = contact
    self.periodDescription = periodDescription
    self.extractionDate = extractionDate
    self.keyPoints = keyPoints
    self.sections = sections
    self.tables = tables
    self.charts = charts
    self.notes = notes
    self.method = method
    self.reconciliation = reconciliation
    self.generator = generator
  }

  /// The table with this id, if any.
  public func table(_ id: String) -> StatTable? { tables.first { $0.id == id } }
  /// The chart with this id, if any.
  public func chart(_ id: String) -> ChartSpec? { charts.first { $0.id == id } }
}

/// A term and its meaning, for the paper's glossary.
public struct GlossaryEntry: Sendable, Codable, Equatable {
  public var term: String
  public var meaning: String
  public init(term: String, meaning: String) {
    self.term = term
    self.meaning = meaning
  }
}

/// A rejected input row as a restricted briefing lists it.
public struct RejectedRowListing: Sendable, Codable, Equatable {
  public var source: String
  public var path: String
  public var line: Int
  public var reason: String
  public var detail: String
  /// The row's values as read, joined with " | ".
  public var values: String
  public init(
    source: String, path: String, line: Int, reason: String, detail: String, values: String
  ) {
    self.source = source
    self.path = path
    self.line = line
    self.reason = reason
    self.detail = detail
    self.values = values
  }
}

/// A headline point: a sentence and the figure it rests on (e.g. "0.8%").
public struct KeyPoint: Sendable, Codable, Equatable {
  public var text: String
  public var figure: String
  public init(text: String, figure: String) {
    self.text = text
    self.figure = figure
  }
}

/// A section of the paper: a heading, paragraphs of words that follow the numbers, and the
/// tables and charts it shows, by id.
public struct Section: Sendable, Codable, Equatable {
  public var id: String
  public var heading: String
  public var paragraphs: [String]
  public var tableIDs: [String]
  public var chartIDs: [String]
  public init(
    id: String, heading: String, paragraphs: [String], tableIDs: [String], chartIDs: [String]
  ) {
    self.id = id
    self.heading = heading
    self.paragraphs = paragraphs
    self.tableIDs = tableIDs
    self.chartIDs = chartIDs
  }
}

/// A note that tables cite as "[note N]".
public struct Note: Sendable, Codable, Equatable {
  public var number: Int
  public var text: String
  public init(number: Int, text: String) {
    self.number = number
    self.text = text
  }
}

/// A statistical table in the manner of ONS's gptables: it knows its title, subtitle, the notes it
/// cites, its source and units, and its cells.
public struct StatTable: Sendable, Codable, Equatable {
  /// A stable identifier, also the workbook sheet name (at most 31 characters, no `[]:*?/\`).
  public var id: String
  /// The title, written in cell A1 of its sheet.
  public var title: String
  /// One line under the title: what is counted, units, period.
  public var subtitle: String
  /// The numbers of the notes the table cites.
  public var noteNumbers: [Int]
  /// Where the figures come from.
  public var source: String
  /// The columns, in order; exactly one header row.
  public var columns: [Column]
  /// The rows; each has one cell per column.
  public var rows: [[Cell]]

  public init(
    id: String, title: String, subtitle: String, noteNumbers: [Int] = [], source: String,
    columns: [Column], rows: [[Cell]]
  ) {
    self.id = id
    self.title = title
    self.subtitle = subtitle
    self.noteNumbers = noteNumbers
    self.source = source
    self.columns = columns
    self.rows = rows
  }

  /// A table column: its header text and the kind of value it holds.
  public struct Column: Sendable, Codable, Equatable {
    public var name: String
    public var kind: Kind
    public init(_ name: String, _ kind: Kind) {
      self.name = name
      self.kind = kind
    }
    /// How a column's values are written: labels left-aligned, numbers right-aligned.
    public enum Kind: String, Sendable, Codable {
      /// A row label (text).
      case label
      /// A whole count.
      case count
      /// A proportion, stored as a fraction (0.045) and shown as a percentage (4.5%).
      case percent
      /// A decimal number (e.g. a mean or a process limit), shown with one decimal place.
      case decimal
      /// A p-value or other small number shown with three significant places.
      case probability
      /// Free text (a flag, a test name).
      case text
    }
  }

  /// The index of the column with this header, if any.
  public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// One table cell. Missing values are never blank: they carry the Analysis Function shorthand.
public enum Cell: Sendable, Equatable, Codable {
  case text(String)
  case integer(Int)
  /// A decimal number; for percent columns, a fraction (0.045 for 4.5%). Always finite.
  case number(Double)
  case shorthand(Shorthand)

  /// The Analysis Function's shorthand for a value that is not shown.
  public enum Shorthand: String, Sendable, Codable, CaseIterable {
    /// Confidential: suppressed to protect individuals.
    case confidential = "[c]"
    /// Not available.
    case notAvailable = "[x]"
    /// Not applicable.
    case notApplicable = "[z]"
    /// Low reliability.
    case lowReliability = "[u]"
  }

  /// The numeric value, if the cell has one.
  public var numericValue: Double? {
    switch self {
    case .integer(let i): Double(i)
    case .number(let d): d
    default: nil
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let i = try? c.decode(Int.self) {
      self = .integer(i)
    } else if let d = try? c.decode(Double.self) {
      self = .number(d)
    } else {
      let s = try c.decode(String.self)
      if let sh = Shorthand(rawValue: s) { self = .shorthand(sh) } else { self = .text(s) }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .text(let s): try c.encode(s)
    case .integer(let i): try c.encode(i)
    case .number(let d): try c.encode(d)
    case .shorthand(let s): try c.encode(s.rawValue)
    }
  }
}

/// A chart of one table's columns. Renderers draw it natively (an Excel chart, an SVG file).
public struct ChartSpec: Sendable, Codable, Equatable {
  public var id: String
  public var title: String
  public var kind: Kind
  /// The id of the table whose cells are plotted.
  public var tableID: String
  /// The table column that gives the categories (x axis).
  public var categoryColumn: Int
  /// The table columns plotted as series, each named by its header.
  public var seriesColumns: [Int]
  /// Only these table rows are plotted (e.g. leaving out a total row); `nil` for all rows.
  public var rowRange: Range<Int>?
  public var xAxisTitle: String
  public var yAxisTitle: String
  /// A text description of what the chart shows, for screen readers (alt text).
  public var description: String
  /// For XmR charts: the rows flagged as special causes (indices into the plotted rows).
  public var highlightedRows: [Int]

  public enum Kind: String, Sendable, Codable {
    /// Vertical bars, one cluster per category.
    case column
    /// Horizontal bars (long category labels).
    case bar
    /// Lines over time.
    case line
    /// An XmR chart: the first series is the values, the others centre line and limits.
    case xmr
  }

  public init(
    id: String, title: String, kind: Kind, tableID: String, categoryColumn: Int,
    seriesColumns: [Int], rowRange: Range<Int>? = nil, xAxisTitle: String, yAxisTitle: String,
    description: String, highlightedRows: [Int] = []
  ) {
    self.id = id
    self.title = title
    self.kind = kind
    self.tableID = tableID
    self.categoryColumn = categoryColumn
    self.seriesColumns = seriesColumns
    self.rowRange = rowRange
    self.xAxisTitle = xAxisTitle
    self.yAxisTitle = yAxisTitle
    self.description = description
    self.highlightedRows = highlightedRows
  }
}

/// What happened to one input file: rows read = accepted + superseded + rejected, always.
public struct FileReconciliation: Sendable, Codable, Equatable {
  /// The source's name in the configuration ("crimes").
  public var source: String
  /// The file's path as given in the configuration.
  public var path: String
  /// The SHA-256 of the file's bytes, lowercase hex.
  public var sha256: String
  /// Data rows read (the header is not counted).
  public var rowsRead: Int
  public var accepted: Int
  /// Rows replaced by a later row for the same reference (overlapping extracts).
  public var superseded: Int
  /// Rejected rows by reason, reasons in order of first appearance.
  public var rejectedByReason: [ReasonCount]
  /// What the reader found: "UTF-8 with BOM, CRLF, comma-separated".
  public var format: String

  public var rejected: Int { rejectedByReason.reduce(0) { $0 + $1.count } }

  public struct ReasonCount: Sendable, Codable, Equatable {
    public var reason: String
    public var count: Int
    public init(reason: String, count: Int) {
      self.reason = reason
      self.count = count
    }
  }

  public init(
    source: String, path: String, sha256: String, rowsRead: Int, accepted: Int, superseded: Int,
    rejectedByReason: [ReasonCount], format: String
  ) {
    self.source = source
    self.path = path
    self.sha256 = sha256
    self.rowsRead = rowsRead
    self.accepted = accepted
    self.superseded = superseded
    self.rejectedByReason = rejectedByReason
    self.format = format
  }
}
