import Foundation

/// What `panelbrief init` read from police.uk street and outcomes files: they have a fixed layout,
/// so the draft needs only their files, and the months they cover for the period.
public struct DraftPoliceUK: Sendable, Equatable {
  public var streetFiles: Int
  public var outcomesFiles: Int
  /// Data rows read from the street files and from the outcomes files.
  public var streetRows: Int
  public var outcomeRows: Int
  /// Crimes (one per Crime ID) and anti-social behaviour incidents in the street files.
  public var crimes: Int
  public var antisocialBehaviour: Int
  /// Rows repeating another (superseded at ingest) and rows that will be rejected.
  public var superseded: Int
  public var rejected: Int
  /// The months of the street rows, and of the outcome rows.
  public var streetMonths: ClosedRange<YearMonth>?
  public var outcomeMonths: ClosedRange<YearMonth>?
  /// The forces the rows fall within, most rows first.
  public var forces: [String]
}

/// What `panelbrief init` read from the Home Office outcomes open-data table, and the choices it
/// made for the source: the force (the one with the most rows) and the offence codes.
public struct DraftHomeOffice: Sendable, Equatable {
  /// Data rows read, and rows that will be rejected.
  public var rows: Int
  public var rejected: Int
  /// The financial years in the table, by the calendar year each starts in.
  public var financialYears: [Int]
  /// Each force with its rows, most rows first (England and Wales total rows left out).
  public var forces: [DraftLabel]
  /// Rows naming an England and Wales total rather than a force.
  public var totalRows: Int
  /// The force chosen for `force:` (the most frequent Force Name).
  public var force: String
  /// The offence codes chosen for `offence_codes:`, and why, for the TODO comment.
  public var offenceCodes: [String]
  public var offenceNote: String
}

/// Recognising and reading the open-data files for the draft.
enum DraftOpenData {
  /// `true` when the file's header is exactly a police.uk street or outcomes file's.
  static func isPoliceUK(_ path: String) -> Bool {
    let lower = path.lowercased()
    if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return false }
    return (try? PoliceUKData.kind(of: path)) != nil
  }

  /// `true` when a header has every column the Home Office outcomes reader needs.
  static func isHomeOffice(_ header: [String]) -> Bool {
    let keys = Set(header.map(HomeOfficeOutcomesTable.key))
    return HomeOfficeOutcomesTable.requiredColumns.allSatisfy {
      keys.contains(HomeOfficeOutcomesTable.key($0))
    }
  }

  /// Reads `paths` with `read`, leaving out (into `skipped`) each file the reader refuses.
  private static func readAll<T>(
    _ paths: [String], skipped: inout [DraftSkippedFile],
    _ read: ([String]) throws(IngestError) -> T
  ) -> (T, [String])? {
    var files = paths
    while !files.isEmpty {
      do {
        return (try read(files), files)
      } catch {
        let i = files.firstIndex(of: error.path) ?? 0
        skipped.append(DraftSkippedFile(path: files[i], reason: error.message))
        files.remove(at: i)
      }
    }
    return nil
  }

  private static func range(_ days: [Day: Int]) -> ClosedRange<YearMonth>? {
    guard let first = days.keys.min(), let last = days.keys.max() else { return nil }
    return first.yearMonth...last.yearMonth
  }

  /// One `police-uk` source for every police.uk file; `nil` when none could be read.
  /// Its `days["month"]` are the street rows' months (each as its last day), `days["outcome_month"]`
  /// the outcome rows'.
  static func policeUKSource(
    _ paths: [String], base: URL, skipped: inout [DraftSkippedFile]
  ) -> DraftSource? {
    guard
      let (data, files) = readAll(
        paths, skipped: &skipped,
        { (f: [String]) throws(IngestError) in try PoliceUKData.read(files: f) })
    else { return nil }
    var streetDays: [Day: Int] = [:]
    var outcomeDays: [Day: Int] = [:]
    var perFile: [String: [Day: Int]] = [:]
    var forces: [String: Int] = [:]
    // Counted on the store's numbers (a packed month, a pooled force), not on rows made as text.
    let store = data.store
    func count(
      _ rows: [(month: Int32, force: UInt32, file: Int32)], _ files: [String],
      _ days: inout [Day: Int]
    ) {
      for row in rows {
        let y = Int(row.month) / 100
        let m = Int(row.month) % 100
        guard let d = Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) else { continue }
        days[d, default: 0] += 1
        perFile[files[Int(row.file)], default: [:]][d, default: 0] += 1
        forces[store.values[Int(row.force)], default: 0] += 1
      }
    }
    count(store.street.map { ($0.month, $0.fallsWithin, $0.file) }, data.streetFiles, &streetDays)
    count(store.asb.map { ($0.month, $0.fallsWithin, $0.file) }, data.streetFiles, &streetDays)
    count(
      store.outcomes.map { ($0.month, $0.fallsWithin, $0.file) }, data.outcomeFiles, &outcomeDays)
    // Files in the order given, each with what it is and the months it holds.
    let reconciliation = Dictionary(
      data.reconciliation.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    var draftFiles: [DraftFile] = []
    for path in files {
      guard let r = reconciliation[path] else { continue }
      let what =
        data.streetFiles.contains(path) ? "police.uk street file" : "police.uk outcomes file"
      let months = range(perFile[path] ?? [:]).map {
        $0.lowerBound == $0.upperBound
          ? ", \($0.lowerBound.iso)" : ", \($0.lowerBound.iso) to \($0.upperBound.iso)"
      }
      var monthRows: [YearMonth: Int] = [:]
      for (day, n) in perFile[path] ?? [:] { monthRows[day.yearMonth, default: 0] += n }
      draftFiles.append(
        DraftFile(
          path: DraftConfig.relativePath(path, from: base),
          format: "\(what)\(months ?? ""); \(r.format)", rows: r.rowsRead, malformed: r.rejected,
          monthRows: monthRows, isPoliceUKOutcomes: !data.streetFiles.contains(path)))
    }
    let streetRows = data.reconciliation.filter { $0.source == PoliceUKData.streetSource }
    let outcomeRows = data.reconciliation.filter { $0.source == PoliceUKData.outcomesSource }
    let summary = DraftPoliceUK(
      streetFiles: data.streetFiles.count, outcomesFiles: data.outcomeFiles.count,
      streetRows: streetRows.reduce(0) { $0 + $1.rowsRead },
      outcomeRows: outcomeRows.reduce(0) { $0 + $1.rowsRead }, crimes: data.crimes.count,
      antisocialBehaviour: data.antisocialBehaviour.count,
      superseded: data.reconciliation.reduce(0) { $0 + $1.superseded },
      rejected: data.reconciliation.reduce(0) { $0 + $1.rejected },
      streetMonths: range(streetDays), outcomeMonths: range(outcomeDays),
      forces: forces.filter { !$0.key.isEmpty }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        .map(\.key))
    var doubts: [String] = []
    if summary.rejected > 0 {
      doubts.append(
        "\(DraftConfig.rows(summary.rejected)) of the police.uk files will be rejected (see the reconciliation after ingest)"
      )
    }
    if summary.forces.count > 1 {
      doubts.append(
        "the police.uk rows fall within \(summary.forces.count) forces (\(summary.forces.joined(separator: ", "))): the briefing counts them together"
      )
    }
    var source = DraftSource(
      name: SourceConfig.Kind.policeUK.rawValue, kind: .policeUK, layout: .events,
      files: draftFiles, columns: [], dateFormat: nil, dateFormatDoubt: nil, outcomes: [],
      channels: [], measures: [], months: nil, doubts: doubts)
    source.days["month"] = streetDays.isEmpty ? outcomeDays : streetDays
    source.days["outcome_month"] = outcomeDays
    source.policeUK = summary
    return source
  }

  /// The offence code drafted when the table has it: 106, modern slavery.
  static let defaultOffenceCode = "106"

  /// One `home-office-outcomes` source for every Home Office outcomes file; `nil` when none
  /// could be read or the files hold no rows.
  static func homeOfficeSource(
    _ paths: [String], base: URL, skipped: inout [DraftSkippedFile]
  ) -> DraftSource? {
    guard
      let (table, files) = readAll(
        paths, skipped: &skipped,
        { (f: [String]) throws(IngestError) in try HomeOfficeOutcomesTable.read(files: f) })
    else { return nil }
    // Forces by rows, in their most frequent spelling.
    var spellings: [String: [String: Int]] = [:]
    var codes: [String: (code: String, description: String, rows: Int)] = [:]
    var totalRows = 0
    for row in table.rows {
      let key = HomeOfficeOutcomesTable.offenceKey(row.offenceCode)
      codes[key, default: (row.offenceCode, row.offenceDescription, 0)].rows += 1
      if row.isTotalRow {
        totalRows += 1
      } else {
        spellings[HomeOfficeOutcomesTable.forceKey(row.force), default: [:]][
          row.force, default: 0] +=
          1
      }
    }
    let forces = spellings.values.compactMap { forms -> DraftLabel? in
      guard let best = forms.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else {
        return nil
      }
      return DraftLabel(
        label: best.key, count: forms.values.reduce(0, +), outcome: nil, certainty: .todo,
        reason: "")
    }
    .sorted { ($0.count, $1.label) > ($1.count, $0.label) }
    guard let force = forces.first else {
      for f in files {
        skipped.append(
          DraftSkippedFile(
            path: f,
            reason: "it has the Home Office outcomes layout but no row for a force that can be read"
          ))
      }
      return nil
    }
    let offenceCodes: [String]
    let offenceNote: String
    if let modernSlavery = codes[HomeOfficeOutcomesTable.offenceKey(defaultOffenceCode)] {
      offenceCodes = [defaultOffenceCode]
      offenceNote =
        "TODO check: the Home Office offence codes the paper is about; \(defaultOffenceCode) is \(modernSlavery.description.isEmpty ? "modern slavery" : modernSlavery.description)"
    } else {
      let top = codes.values.max { ($0.rows, $1.code) < ($1.rows, $0.code) }
      offenceCodes = [top?.code ?? defaultOffenceCode]
      offenceNote =
        "TODO check: the table has no code \(defaultOffenceCode) (modern slavery); its most frequent code, \(top.map { "\($0.code) (\($0.description))" } ?? "?"), is put instead"
    }
    let years = Set(table.rows.map(\.yearStart)).sorted()
    var draftFiles: [DraftFile] = []
    for (i, path) in files.enumerated() where i < table.reconciliation.count {
      let r = table.reconciliation[i]
      let fileYears = Set(table.rows.filter { $0.file == i }.map(\.yearStart)).sorted()
      let label = fileYears.map { BriefingConfig.PeriodBasis.financial.label($0) }
      draftFiles.append(
        DraftFile(
          path: DraftConfig.relativePath(path, from: base),
          format:
            "Home Office outcomes table\(label.isEmpty ? "" : ", " + label.joined(separator: ", ")); \(r.format)",
          rows: r.rowsRead, malformed: r.rejected))
    }
    let rows = table.reconciliation.reduce(0) { $0 + $1.rowsRead }
    let rejected = table.reconciliation.reduce(0) { $0 + $1.rejected }
    var doubts: [String] = []
    if rejected > 0 {
      doubts.append(
        "\(DraftConfig.rows(rejected)) of the Home Office table will be rejected (see the reconciliation after ingest)"
      )
    }
    var source = DraftSource(
      name: SourceConfig.Kind.homeOfficeOutcomes.rawValue, kind: .homeOfficeOutcomes,
      layout: .events, files: draftFiles, columns: [], dateFormat: nil, dateFormatDoubt: nil,
      outcomes: [], channels: [], measures: [], months: nil, doubts: doubts)
    source.homeOffice = DraftHomeOffice(
      rows: rows, rejected: rejected, financialYears: years, forces: forces,
      totalRows: totalRows, force: force.label, offenceCodes: offenceCodes, offenceNote: offenceNote
    )
    return source
  }
}
