import Foundation

/// The Home Office's crime outcomes open data ("Police recorded crime and outcomes open data
/// tables": one file a financial year), read as counts.
///
/// Each row is already an aggregate: for a financial year, quarter, force, offence code and
/// outcome type it gives two counts, which are weights, not rows to count:
/// - `Outcomes for offences that were recorded in the quarter`: the outcomes, at the time of
///   the extract, of the offences recorded in the quarter, including type 0 ("not yet assigned
///   an outcome"). Summed over a year, a cohort-like basis.
/// - `Outcomes for investigations closed in the quarter`: outcomes assigned in the quarter,
///   whenever the offence was recorded (the closed basis). Type 0 has no closed count.
///
/// Counts may be negative: corrections (e.g. offences reclassified out of the code), summed like
/// any other. "Not applicable" is written many ways (blank, `NA`, `N/A`, `n/a`,
/// `N/A - offence code expired`, `[z]`, `..`): such a cell adds nothing. A cell saying the data
/// was not provided (`N/A - data not provided`, `[x]`) also adds nothing but is reported, since it
/// means missing rather than zero (a bare `x` is read the same way, as the Analysis Function's
/// "not available"). Counts with thousands separators (`1,234`) are read.
///
/// With `Limits` (the configuration's period and extraction date), a row of a financial year that
/// does not lie wholly inside the period is rejected, and so is a row of a quarter that begins
/// after the extraction date; both are counted in the reconciliation. When no row is left, the
/// files are refused: the period is wrong for them.
///
/// Columns are found by name (case and spacing ignored). The ones used must be there:
/// `Financial Year`, `Financial Quarter`, `Force Name`, `Offence Code`, `Outcome Type` and the two
/// count columns; `Offence Description` is used when present.
public struct HomeOfficeOutcomesTable: Sendable {
  /// One row of the table, as counts.
  public struct Row: Sendable, Equatable {
    /// The financial year as "2023/24".
    public var financialYear: String
    /// The calendar year the financial year starts in (2023 for 2023/24).
    public var yearStart: Int
    /// The quarter of the financial year, 1 (April to June) to 4.
    public var quarter: Int
    public var force: String
    /// The offence code as written ("106", "008").
    public var offenceCode: String
    public var offenceDescription: String
    /// The outcome type number (0 to 22; 19 appears in older years) and whether it is an "A"
    /// variant (alternative offence).
    public var outcomeNumber: Int
    public var alternativeOffence: Bool
    /// The count for offences recorded in the quarter; `nil` when not applicable or not provided.
    public var recorded: Int?
    /// The count for investigations closed in the quarter; `nil` when not applicable or not
    /// provided.
    public var closed: Int?
    /// How many of the two count cells say the data was not provided (0, 1 or 2).
    public var notProvidedCells: Int
    /// `true` when the row's Force Name is an England and Wales total, not a force.
    public var isTotalRow: Bool
    public var file: Int
    public var line: Int
  }

  /// What the configuration allows: the days of the period covered and the extraction date.
  public struct Limits: Sendable, Equatable {
    public var days: ClosedRange<Day>
    public var extractionDate: Day
    /// "financial years 2022/23 to 2023/24", for the rejection details.
    public var periodDescription: String

    public init(days: ClosedRange<Day>, extractionDate: Day, periodDescription: String) {
      self.days = days
      self.extractionDate = extractionDate
      self.periodDescription = periodDescription
    }

    /// The limits of a configuration.
    public init(_ config: BriefingConfig) {
      self.init(
        days: config.coveredDays, extractionDate: config.extractionDate,
        periodDescription: config.periodDescription)
    }
  }

  /// The period and extraction date the rows were checked against (`nil`: none).
  public var limits: Limits? = nil
  /// Rows rejected for their financial year or quarter, and every financial year seen.
  public var rowsOutsideThePeriod = 0
  public var yearsSeen: Set<Int> = []

  /// The files read, as given.
  public var files: [String] = []
  /// Every accepted row, in file order.
  public var rows: [Row] = []
  /// One entry per file: rows read = accepted + rejected (nothing is superseded: rows are counts).
  public var reconciliation: [FileReconciliation] = []
  /// Every rejected row, with its file, line and reason.
  public var rejected: [RejectedRow] = []
  /// Count cells read as "not applicable" (blank, NA, N/A, "N/A - offence code expired"...).
  public var notApplicableCells = 0
  /// Count cells saying the data was not provided, by force and financial year.
  public var notProvidedCells: [String: Int] = [:]
  /// Count cells holding a negative count (a correction).
  public var negativeCells = 0

  /// The reconciliation source name.
  public static let sourceName = "home-office-outcomes"
  /// The columns the reader needs, by their published names.
  public static let requiredColumns = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Code", "Outcome Type",
    "Outcomes for offences that were recorded in the quarter",
    "Outcomes for investigations closed in the quarter",
  ]
  /// Force Name values taken as an England and Wales total rather than a force (compared
  /// ignoring case, spacing and "&"/"and").
  public static let totalRowNames: Set<String> = [
    "england and wales", "england and wales total", "total", "all forces",
    "total england and wales", "total (england and wales)",
  ]

  public init() {}

  /// Reads one or more files (CSV, or XLSX by extension), in order.
  public static func read(files: [String], baseDirectory: String? = nil, limits: Limits? = nil)
    throws(HomeOfficeOutcomesError) -> HomeOfficeOutcomesTable
  {
    var table = HomeOfficeOutcomesTable()
    table.files = files
    table.limits = limits
    for (index, shown) in files.enumerated() {
      try table.readFile(shown, index: index, base: baseDirectory)
    }
    if let limits, table.rows.isEmpty, table.rowsOutsideThePeriod > 0,
      let first = table.yearsSeen.min(), let last = table.yearsSeen.max()
    {
      let label = BriefingConfig.PeriodBasis.financial.label
      throw HomeOfficeOutcomesError(
        path: "period.years",
        message:
          "no row of the Home Office table is in \(limits.periodDescription) up to the extraction date \(limits.extractionDate.iso): its financial years run from \(label(first)) to \(label(last)). Set period.years (basis: financial) to the table's years."
      )
    }
    return table
  }

  /// `nil` when the row's financial year and quarter are allowed, else why not.
  private func periodCheck(yearStart: Int, label: String, quarter: Int) -> (String, String)? {
    guard let limits else { return nil }
    let year = BriefingConfig.PeriodBasis.financial.bounds(yearStart)
    if year.lowerBound < limits.days.lowerBound || year.upperBound > limits.days.upperBound {
      return (
        "Financial Year is outside the period covered",
        "'\(label)' is not in \(limits.periodDescription)"
      )
    }
    // Quarter 1 is April to June.
    let month = (quarter - 1) * 3 + 4
    if let start = Day(year: yearStart + (month > 12 ? 1 : 0), month: (month - 1) % 12 + 1, day: 1),
      start > limits.extractionDate
    {
      return (
        "Financial Quarter begins after the extraction date",
        "\(label) Q\(quarter) begins \(start.iso), after \(limits.extractionDate.iso)"
      )
    }
    return nil
  }

  private mutating func readFile(_ shown: String, index: Int, base: String?)
    throws(HomeOfficeOutcomesError)
  {
    let path: String =
      if let base, !shown.hasPrefix("/") { (base as NSString).appendingPathComponent(shown) } else {
        shown
      }
    let sha: String
    do { sha = try SHA256.hex(ofFileAt: path) } catch {
      throw HomeOfficeOutcomesError(path: shown, message: "the file cannot be read: \(error)")
    }
    var reader: any TabularReader
    do {
      let lower = path.lowercased()
      if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
        reader = try XLSXReader(path: path)
      } else {
        reader = try CSVReader(path: path)
      }
    } catch {
      throw HomeOfficeOutcomesError(path: shown, message: "the file cannot be read: \(error)")
    }
    var headerRecord: TabularRecord?
    repeat {
      do { headerRecord = try reader.next() } catch {
        throw HomeOfficeOutcomesError(path: shown, message: "the header cannot be read: \(error)")
      }
    } while headerRecord.map { $0.count == 1 && $0.isBlank(0) } ?? false
    guard let headerRecord else {
      throw HomeOfficeOutcomesError(
        path: shown, message: "the file is empty: there is no header row.")
    }
    let header = headerRecord.fields
    let keys = header.map(Self.key)
    let missing = Self.requiredColumns.filter { !keys.contains(Self.key($0)) }
    guard missing.isEmpty else {
      throw HomeOfficeOutcomesError(
        path: shown,
        message:
          "this is not the Home Office outcomes open-data layout: the column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") missing. The headers found are: \(header.map { "'\($0)'" }.joined(separator: ", "))."
      )
    }
    func column(_ name: String) -> Int? { keys.firstIndex(of: Self.key(name)) }
    let cYear = column("Financial Year") ?? 0
    let cQuarter = column("Financial Quarter") ?? 0
    let cForce = column("Force Name") ?? 0
    let cCode = column("Offence Code") ?? 0
    let cDescription = column("Offence Description")
    let cType = column("Outcome Type") ?? 0
    let cRecorded = column("Outcomes for offences that were recorded in the quarter") ?? 0
    let cClosed = column("Outcomes for investigations closed in the quarter") ?? 0

    var rec = FileReconciliation(
      source: Self.sourceName, path: shown, sha256: sha, rowsRead: 0, accepted: 0, superseded: 0,
      rejectedByReason: [], format: reader.formatDescription)
    func reject(_ line: Int, _ reason: String, _ detail: String, _ fields: [String]) {
      if let i = rec.rejectedByReason.firstIndex(where: { $0.reason == reason }) {
        rec.rejectedByReason[i].count += 1
      } else {
        rec.rejectedByReason.append(.init(reason: reason, count: 1))
      }
      rejected.append(
        RejectedRow(
          source: Self.sourceName, path: shown, line: line, reason: reason, detail: detail,
          fields: fields))
    }
    while true {
      let next: TabularRecord?
      do { next = try reader.next() } catch {
        switch error {
        case .malformedRecord(_, let line, let reason):
          rec.rowsRead += 1
          reject(line, "Malformed CSV record", reason, [])
          continue
        case .unreadable(_, let reason):
          throw HomeOfficeOutcomesError(path: shown, message: "reading stopped: \(reason)")
        }
      }
      guard var record = next else { break }
      rec.rowsRead += 1
      if (0..<record.count).allSatisfy({ record.isBlank($0) }) {
        // An empty row is no row, but it is counted, so rows read still add up.
        reject(record.line, "Blank line", "no value in any column", [])
        continue
      }
      // XLSX rows may stop at their last non-empty cell.
      while record.count < header.count { record.ends.append(record.storage.count) }
      let yearText = record.field(cYear).trimmingCharacters(in: .whitespaces)
      guard let year = Self.financialYear(yearText) else {
        reject(
          record.line, "Financial Year is not a financial year like 2023/24", "'\(yearText)'",
          record.fields)
        continue
      }
      let quarterText = record.field(cQuarter).trimmingCharacters(in: .whitespaces)
      guard let quarter = Self.quarter(quarterText) else {
        reject(record.line, "Financial Quarter is not 1 to 4", "'\(quarterText)'", record.fields)
        continue
      }
      yearsSeen.insert(year.start)
      if let (reason, detail) = periodCheck(
        yearStart: year.start, label: year.label, quarter: quarter)
      {
        rowsOutsideThePeriod += 1
        reject(record.line, reason, detail, record.fields)
        continue
      }
      let force = record.field(cForce).trimmingCharacters(in: .whitespaces)
      guard !force.isEmpty else {
        reject(record.line, "Force Name is empty", "", record.fields)
        continue
      }
      let typeText = record.field(cType).trimmingCharacters(in: .whitespaces)
      guard let type = Self.outcomeType(typeText) else {
        reject(
          record.line, "Outcome Type is not a Home Office outcome type", "'\(typeText)'",
          record.fields)
        continue
      }
      let recordedText = record.field(cRecorded)
      let closedText = record.field(cClosed)
      let recorded = Self.count(recordedText)
      let closed = Self.count(closedText)
      if case .invalid = recorded {
        reject(
          record.line, "a count is not a number",
          "'\(recordedText)' (outcomes for offences recorded in the quarter)", record.fields)
        continue
      }
      if case .invalid = closed {
        reject(
          record.line, "a count is not a number",
          "'\(closedText)' (outcomes for investigations closed in the quarter)", record.fields)
        continue
      }
      for c in [recorded, closed] {
        switch c {
        case .value(let v) where v < 0: negativeCells += 1
        case .notApplicable: notApplicableCells += 1
        case .notProvided: notProvidedCells["\(force), \(year.label)", default: 0] += 1
        default: break
        }
      }
      rec.accepted += 1
      rows.append(
        Row(
          financialYear: year.label, yearStart: year.start, quarter: quarter, force: force,
          offenceCode: record.field(cCode).trimmingCharacters(in: .whitespaces),
          offenceDescription: cDescription.map {
            record.field($0).trimmingCharacters(in: .whitespaces)
          } ?? "",
          outcomeNumber: type.number, alternativeOffence: type.alternative,
          recorded: recorded.value, closed: closed.value,
          notProvidedCells: [recorded, closed].filter { $0 == .notProvided }.count,
          isTotalRow: Self.totalRowNames.contains(Self.forceKey(force)), file: index,
          line: record.line))
    }
    reconciliation.append(rec)
  }

  // MARK: - Parsing cells

  /// A count cell: a number, not applicable, not provided, or something else.
  enum CountCell: Equatable {
    case value(Int)
    case notApplicable
    case notProvided
    case invalid

    var value: Int? {
      if case .value(let v) = self { return v }
      return nil
    }
  }

  /// Reads a count: "1234", "1,234", "-3", "−3", "12.0" (from a spreadsheet), or one of the
  /// spellings of "not applicable" / "not provided".
  static func count(_ raw: String) -> CountCell {
    let text = raw.trimmingCharacters(in: .whitespaces)
    let lower = text.lowercased()
    if lower.contains("not provided") || lower.contains("not available") || lower == "[x]"
      || lower == "x"
    {
      return .notProvided
    }
    if lower.isEmpty
      || ["na", "n/a", "n.a.", "n.a", "[z]", "..", ":", "-", "not applicable"]
        .contains(lower)
      || lower.hasPrefix("n/a ") || lower.hasPrefix("n/a-") || lower.hasPrefix("na ")
      || lower.hasPrefix("na-")
    {
      return .notApplicable
    }
    var digits = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(
      of: " ", with: "")
    digits = digits.replacingOccurrences(of: "\u{2212}", with: "-")
    if let v = Int(digits) { return .value(v) }
    if let d = Double(digits), d.isFinite, d == d.rounded(), abs(d) < 1e15 { return .value(Int(d)) }
    return .invalid
  }

  /// "2023/24", "2023-24", "2023/2024", "2023 to 2024", "FY 2023/24" → (2023, "2023/24").
  static func financialYear(_ text: String) -> (start: Int, label: String)? {
    let digits = text.split(whereSeparator: { !$0.isNumber }).map(String.init)
    guard digits.count == 2, digits[0].count == 4, let start = Int(digits[0]) else { return nil }
    let end: Int?
    switch digits[1].count {
    case 2: end = Int(digits[1]).map { (start / 100) * 100 + $0 + ($0 < start % 100 ? 100 : 0) }
    case 4: end = Int(digits[1])
    default: end = nil
    }
    guard end == start + 1 else { return nil }
    return (start, String(format: "%04d/%02d", start, (start + 1) % 100))
  }

  /// "Q1", "1", "Quarter 1", "Q1 (Apr-Jun)" → 1.
  static func quarter(_ text: String) -> Int? {
    guard let first = text.first(where: { $0.isNumber }), let q = first.wholeNumberValue,
      (1...4).contains(q)
    else { return nil }
    let numbers = text.split(whereSeparator: { !$0.isNumber })
    return numbers.count >= 1 && numbers[0].count == 1 ? q : nil
  }

  /// "1", "1A", "01", "19" → (1, false), (1, true)... (0 to 22).
  static func outcomeType(_ text: String) -> (number: Int, alternative: Bool)? {
    var t = text.uppercased()
    var alternative = false
    if t.hasSuffix("A") {
      alternative = true
      t.removeLast()
    }
    if t.hasSuffix(".0") { t.removeLast(2) }
    guard let n = Int(t), (0...22).contains(n) else { return nil }
    if alternative && ![1, 2, 3].contains(n) { return nil }
    return (n, alternative)
  }

  static func key(_ name: String) -> String {
    name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// A force name compared ignoring case, spacing, full stops and "&" versus "and".
  static func forceKey(_ name: String) -> String {
    key(name.replacingOccurrences(of: "&", with: " and ").replacingOccurrences(of: ".", with: ""))
  }

  /// An offence code compared ignoring case, spaces and leading zeros ("008" = "8").
  static func offenceKey(_ code: String) -> String {
    let t = code.uppercased().filter { !$0.isWhitespace }
    let stripped = t.drop(while: { $0 == "0" })
    return stripped.isEmpty ? "0" : String(stripped)
  }
}

/// Why a Home Office outcomes open-data file could not be read or used: a sentence naming the
/// file or the configuration key.
public typealias HomeOfficeOutcomesError = IngestError
