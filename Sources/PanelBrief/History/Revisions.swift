import Foundation

/// One figure a paper published, as the run history keeps it: its table, row (the text of the
/// row's first cell) and column (the header), and the cell as published.
public struct PublishedCell: Sendable, Hashable {
  public var table: String
  public var row: String
  public var column: String
  public var cell: Cell
  public init(table: String, row: String, column: String, cell: Cell) {
    self.table = table
    self.row = row
    self.column = column
    self.cell = cell
  }

  public func hash(into h: inout Hasher) {
    h.combine(table)
    h.combine(row)
    h.combine(column)
  }
  public static func == (a: Self, b: Self) -> Bool {
    a.table == b.table && a.row == b.row && a.column == b.column && a.cell == b.cell
  }

  /// The tables made from the history itself, which are not recorded in it.
  public static let historyTables: Set<String> = ["Revisions", "Charge_rate_maturity"]

  /// Every figure of every table of `briefing` (but the history's own), keyed by table, row and
  /// column. A row is named by
  /// its first cell; a name seen twice in a table gets " (2)", " (3)".
  public static func all(in briefing: Briefing) -> [PublishedCell] {
    var out: [PublishedCell] = []
    for table in briefing.tables where !historyTables.contains(table.id) {
      var seen: [String: Int] = [:]
      let firsts = table.rows.compactMap { $0.first?.historyText }
      // A first column that does not name its rows alone (the rates by period: "Quarter") is
      // read with the second ("Quarter 2023 Q4").
      let twoColumns = Set(firsts).count < firsts.count && table.columns.count > 2
      for row in table.rows {
        guard let first = row.first else { continue }
        var name = first.historyText
        if twoColumns, row.count > 1 { name += " " + row[1].historyText }
        seen[name, default: 0] += 1
        if let n = seen[name], n > 1 { name += " (\(n))" }
        for (c, cell) in row.enumerated().dropFirst() where c < table.columns.count {
          out.append(.init(table: table.id, row: name, column: table.columns[c].name, cell: cell))
        }
      }
    }
    return out
  }
}

extension Cell {
  /// The cell as the history stores its text: the number's digits, the text, or the shorthand.
  public var historyText: String {
    switch self {
    case .text(let s): s
    case .integer(let i): String(i)
    case .number(let d): String(d)
    case .shorthand(let s): s.rawValue
    }
  }
}

/// A crime as one run saw it, for the reasons of a revision. The reference is kept as its
/// SHA-256 only: the history needs to match crimes between extractions, not to name them.
public struct CrimeState: Sendable, Equatable {
  public var referenceSHA256: String
  public var recorded: Day
  public var label: String
  /// `cancelled`, `unknown`, `unresolved`, `unmapped` or the Home Office outcome type's code.
  public var status: String
  public var outcomeDate: Day?
  public init(
    referenceSHA256: String, recorded: Day, label: String, status: String, outcomeDate: Day?
  ) {
    self.referenceSHA256 = referenceSHA256
    self.recorded = recorded
    self.label = label
    self.status = status
    self.outcomeDate = outcomeDate
  }

  /// Every crime the paper counts, as the history keeps it.
  public static func all(in data: IngestedData) -> [CrimeState] {
    data.crimes.map { c in
      let label = data.outcomeLabels[c.outcome]
      let status: String =
        switch label.meaning {
        case .outcome(let t)?: t.code
        case .cancelledOrTransferred?: "cancelled"
        case .unknown?: "unknown"
        case .unresolved?: "unresolved"
        case nil: "unmapped"
        }
      return CrimeState(
        referenceSHA256: SHA256.hex(of: Array(c.reference.utf8)), recorded: c.recorded,
        label: label.label, status: status, outcomeDate: c.outcomeDate)
    }
  }

  /// An outcome type other than 0: the crime has an outcome.
  var hasOutcome: Bool {
    !["cancelled", "unknown", "unresolved", "unmapped", "0"].contains(status)
  }
}

/// A run of the same paper series from the history: what it published and the crimes it counted.
public struct HistoricRun: Sendable {
  public var id: Int64
  public var extractionDate: Day
  public var cells: [PublishedCell]
  public var crimes: [CrimeState]
  public init(id: Int64, extractionDate: Day, cells: [PublishedCell], crimes: [CrimeState]) {
    self.id = id
    self.extractionDate = extractionDate
    self.cells = cells
    self.crimes = crimes
  }
}

/// Why figures changed between two extractions, crime by crime.
public enum RevisionReason: String, Sendable, CaseIterable {
  case outcomeRecorded = "outcomes recorded since"
  case outcomeChanged = "outcomes changed"
  case cancelled = "crimes cancelled or transferred since"
  case reclassified = "crimes reclassified"
  case appeared = "rows that appeared"
  case disappeared = "rows that disappeared"

  /// "1 outcome recorded since", "3 outcomes recorded since".
  public func counted(_ n: Int) -> String {
    guard n == 1 else { return "\(Wording.count(n)) \(rawValue)" }
    let singular =
      switch self {
      case .outcomeRecorded: "outcome recorded since"
      case .outcomeChanged: "outcome changed"
      case .cancelled: "crime cancelled or transferred since"
      case .reclassified: "crime reclassified"
      case .appeared: "row that appeared"
      case .disappeared: "row that disappeared"
      }
    return "1 \(singular)"
  }

  /// A crime whose state differs between two runs: why, the year labels it was counted under
  /// before and now (nil: not counted), and its state before and now.
  struct Change {
    var reason: RevisionReason
    var before: String?
    var now: String?
    var old: CrimeState?
    var new: CrimeState?
  }

  /// Each crime whose state differs between the two runs.
  static func changes(
    from old: [CrimeState], to new: [CrimeState], year: (Day) -> String?
  ) -> [Change] {
    let oldByRef = Dictionary(old.map { ($0.referenceSHA256, $0) }, uniquingKeysWith: { a, _ in a })
    let newByRef = Dictionary(new.map { ($0.referenceSHA256, $0) }, uniquingKeysWith: { a, _ in a })
    var out: [Change] = []
    for ref in Set(oldByRef.keys).union(newByRef.keys).sorted() {
      let a = oldByRef[ref]
      let b = newByRef[ref]
      let reason: RevisionReason
      switch (a, b) {
      case (nil, let b?):
        reason = .appeared
        out.append(Change(reason: reason, before: nil, now: year(b.recorded), old: nil, new: b))
        continue
      case (let a?, nil):
        reason = .disappeared
        out.append(Change(reason: reason, before: year(a.recorded), now: nil, old: a, new: nil))
        continue
      case (let a?, let b?):
        if a.label == b.label && a.recorded == b.recorded { continue }
        if b.status == "cancelled" && a.status != "cancelled" {
          reason = .cancelled
        } else if b.hasOutcome && !a.hasOutcome && a.status != "cancelled"
          && a.recorded == b.recorded
        {
          reason = .outcomeRecorded
        } else if b.hasOutcome && a.hasOutcome && a.recorded == b.recorded {
          reason = .outcomeChanged
        } else {
          reason = .reclassified
        }
        out.append(
          Change(reason: reason, before: year(a.recorded), now: year(b.recorded), old: a, new: b))
      default: continue
      }
    }
    return out
  }
}

/// The paper's section on what changed since the last paper: every figure the previous paper of
/// the series published whose value is now different, with the reasons the data give, and the
/// maturity of the charge rate (each cohort year's rate at each extraction).
public struct RevisionsPart: Sendable {
  public var section: Section
  public var tables: [StatTable]

  /// `previous` is the latest earlier run of the series; `runs` every earlier run (for the
  /// maturity view), oldest first. In a public paper the reasons are named without their counts
  /// (a count of crimes that moved could be small), and a figure suppressed in either paper is
  /// `[c]` with no difference.
  public static func make(
    briefing: Briefing, crimes: [CrimeState], previous: HistoricRun, runs: [HistoricRun],
    yearLabels: [String], yearOf: (Day) -> String?, threshold: Int
  ) -> RevisionsPart {
    let isPublic = briefing.isPublic
    let now = PublishedCell.all(in: briefing)
    var nowByKey: [String: Cell] = [:]
    for c in now { nowByKey[c.table + "\u{1}" + c.row + "\u{1}" + c.column] = c.cell }
    let changes = RevisionReason.changes(from: previous.crimes, to: crimes, year: yearOf)

    /// The year a figure is about: its row or its column, when either is a year of the paper
    /// ("2023", "2023 (partial)").
    func year(of cell: PublishedCell) -> String? {
      for name in [cell.column, cell.row] {
        let words = name.split(separator: " ").map(String.init)
        if let y = yearLabels.first(where: {
          name == $0 || name.hasPrefix($0 + " ") || words.contains($0)
        }) {
          return y
        }
      }
      return nil
    }
    /// The reasons behind a figure of `year` (and of the crimes `member` picks, in the tables of
    /// labels and types), with their counts.
    func reasons(year: String?, member: ((CrimeState) -> Bool)?) -> String {
      guard let year else { return "" }
      var counts: [RevisionReason: Int] = [:]
      for c in changes {
        let inYear =
          (c.before == year && c.old.map { member?($0) ?? true } == true)
          || (c.now == year && c.new.map { member?($0) ?? true } == true)
        guard inYear else { continue }
        counts[c.reason, default: 0] += 1
      }
      return RevisionReason.allCases.compactMap { r in
        guard let n = counts[r], n > 0 else { return nil }
        return isPublic ? r.rawValue : r.counted(n)
      }.joined(separator: "; ")
    }

    var rows: [[Cell]] = []
    var revised = 0
    let tablesKept = Set(briefing.tables.map(\.id)).subtracting(["Reconciliation"])
    var notHere = 0
    for old in previous.cells where tablesKept.contains(old.table) {
      guard let current = nowByKey[old.table + "\u{1}" + old.row + "\u{1}" + old.column] else {
        notHere += 1
        continue
      }
      guard current != old.cell else { continue }
      // Text cells (a test's name, a reading) change with the figures they describe.
      if case .text = current, case .text = old.cell { continue }
      revised += 1
      let kind =
        briefing.table(old.table).flatMap { t in
          t.columnIndex(old.column).map { t.columns[$0].kind }
        }
        ?? .decimal
      /// The value as the paper writes it in a column of its kind.
      func shown(_ cell: Cell, difference: Bool = false) -> Cell {
        guard let v = cell.numericValue else { return cell }
        let sign = difference && v > 0 ? "+" : ""
        switch kind {
        case .count:
          if case .integer(let i) = cell { return .text(sign + Wording.count(i)) }
          return .text(sign + Wording.fixed(v, places: 0, grouping: true))
        case .percent:
          return .text(
            sign + Wording.fixed(v, places: 1, percent: true) + (difference ? " pp" : "%"))
        case .probability: return .text(sign + Wording.fixed(v, places: 3))
        default: return .text(sign + Wording.fixed(v, places: 1, grouping: true))
        }
      }
      // A figure is revised when the paper writes it differently (4.86% and 4.87% are both
      // 4.9%).
      if shown(old.cell) == shown(current) {
        revised -= 1
        continue
      }
      let difference: Cell
      if let a = old.cell.numericValue, let b = current.numericValue {
        if case .integer(let x) = old.cell, case .integer(let y) = current {
          difference = shown(.integer(y - x), difference: true)
        } else {
          difference = shown(.number(b - a), difference: true)
        }
      } else {
        difference = .shorthand(.confidential)
      }
      let y = year(of: old)
      var member: ((CrimeState) -> Bool)? = nil
      if old.table == "Outcomes_by_label" && old.row != "Grand Total" {
        let label = old.row
        member = { $0.label == label }
      } else if old.table == "Outcomes_by_type", let code = old.row.split(separator: " ").first,
        !code.hasPrefix("["), old.row != "Grand Total"
      {
        let type = String(code)
        member = { $0.status == type }
      }
      // In a public paper a figure suppressed in either paper gets no reasons either: which
      // crimes moved would narrow down the suppressed value.
      let hidden = isPublic && (old.cell.isSuppressed || current.isSuppressed)
      let why = hidden ? "[c]" : reasons(year: y, member: member)
      rows.append([
        .text(old.table), .text(old.row), .text(old.column), shown(old.cell), shown(current),
        difference,
        why == "[c]"
          ? .shorthand(.confidential) : why.isEmpty ? .shorthand(.notAvailable) : .text(why),
      ])
    }
    let previousDate = Wording.longDate(previous.extractionDate)
    let table = StatTable(
      id: "Revisions",
      title: "Figures revised since the paper of data extracted \(previousDate)",
      subtitle:
        "Every figure that paper published whose value is now different: the table, row and column, the value then and now, the difference, and why",
      noteNumbers: [], source: "PanelBrief run history",
      columns: [
        .init("Table", .label), .init("Row", .text), .init("Column", .text),
        .init("Previous", .text), .init("Now", .text), .init("Difference", .text),
        .init("Reasons the data give", .text),
      ],
      rows: rows)

    // Maturity: the charge rate of each cohort year at each extraction.
    var extractions: [(Day, [PublishedCell])] = []
    for run in runs { extractions.append((run.extractionDate, run.cells)) }
    extractions.append((Day(iso: briefing.extractionDate) ?? previous.extractionDate, now))
    var byDate: [Day: [PublishedCell]] = [:]
    for (d, cells) in extractions { byDate[d] = cells }  // the latest run of a date wins
    let dates = byDate.keys.sorted()
    let rateColumn = "Charge/summons rate"
    var maturityRows: [[Cell]] = []
    for y in yearLabels {
      let plain = y.replacingOccurrences(of: " (partial)", with: "")
      maturityRows.append(
        [.text(plain)]
          + dates.map { d in
            let cell = byDate[d]!.first {
              $0.table == "Charge_rate" && $0.column == rateColumn
                && ($0.row == plain || $0.row == plain + " (partial)")
            }
            return cell?.cell ?? .shorthand(.notAvailable)
          })
    }
    let maturity = StatTable(
      id: "Charge_rate_maturity",
      title: "Charge/summons rate of each year's crimes at each extraction",
      subtitle:
        "Cohort basis, as each paper of the series published it: outcomes recorded after a paper raise the rate of the years it reported",
      noteNumbers: [], source: "PanelBrief run history",
      columns: [.init("Year recorded", .label)]
        + dates.map { .init("As at \($0.iso)", .percent) },
      rows: maturityRows)

    var counts: [RevisionReason: Int] = [:]
    for c in changes { counts[c.reason, default: 0] += 1 }
    var paragraphs: [String] = []
    if revised == 0 {
      paragraphs.append(
        "No figure published in the paper of data extracted \(previousDate) has changed.")
    } else {
      paragraphs.append(
        "\(Wording.count(revised)) figure\(revised == 1 ? "" : "s") published in the paper of data extracted \(previousDate) \(revised == 1 ? "is" : "are") different now (the table of revisions below). Figures change between papers because outcomes are recorded months after the crime, crimes are cancelled, transferred or reclassified, and records appear or disappear between extractions."
      )
    }
    if notHere > 0 {
      paragraphs.append(
        "\(Wording.count(notHere)) figure\(notHere == 1 ? "" : "s") of that paper \(notHere == 1 ? "is" : "are") not in this one (another year, row or table, such as a year that was partial then) and \(notHere == 1 ? "is" : "are") not compared."
      )
    }
    if !isPublic {
      let list = RevisionReason.allCases.compactMap { r in
        counts[r].map { r.counted($0) }
      }
      if !list.isEmpty {
        paragraphs.append(
          "Between the two extractions, crime by crime: \(Wording.list(list)).")
      }
    }
    paragraphs.append(
      "The charge/summons rate of a year's crimes rises as their outcomes are recorded: the maturity table gives each year's rate as each paper of the series published it."
    )
    let section = Section(
      id: "revisions", heading: "What changed since the last paper", paragraphs: paragraphs,
      tableIDs: [table.id, maturity.id], chartIDs: [])
    return RevisionsPart(section: section, tables: [table, maturity])
  }
}
