import Foundation

/// The police.uk open data (data.police.uk) for one or more forces and months: the crimes of the
/// street files, the anti-social behaviour incidents counted apart, and the outcome rows of the
/// outcomes files, with every row read accounted for.
///
/// A street file (`YYYY-MM-<force>-street.csv`) has one row per crime or anti-social behaviour
/// (ASB) incident recorded in the month; an outcomes file (`YYYY-MM-<force>-outcomes.csv`) has
/// one row per outcome recorded in the month, for crimes of that month *and earlier ones*. The
/// rules, applied to every file in the order given:
///
/// - The header must be exactly police.uk's (column order free); anything else is refused with
///   the file and the headers found.
/// - A row whose `Month` is not `YYYY-MM` is rejected; so is a row with the wrong number of
///   fields, a crime row without a `Crime ID` or `Crime type`, and an outcome row without a
///   `Crime ID` or `Outcome type`.
/// - With `Limits` (the configuration's period and extraction date), a row whose month begins
///   after the extraction date is rejected, a street row whose month is outside the period is
///   rejected, and an outcome row whose month is before the period is rejected (it can only be
///   the outcome of an earlier crime). Outcome rows after the period but not after the
///   extraction date are kept: they are the later outcomes of the period's crimes (the cohort
///   basis). When no street row (or, with no street files, no outcome row) is left in the
///   period, the files are refused: the period is wrong for them.
/// - A street row whose `Crime type` is `Anti-social behaviour` is ASB: accepted, counted apart,
///   never joined to outcomes and never de-duplicated (ASB rows have no ID, so two identical rows
///   can be two incidents in the same street and month).
/// - Street rows sharing a `Crime ID` (exact copies, or copies that differ in location or last
///   outcome, both seen in real files): the row with the latest `Month`, then from the later
///   file, then on the later line, is kept; the others are *superseded*.
/// - Outcome rows sharing a `Crime ID` and `Month`: the later file, then the later line, is kept;
///   the others are superseded. Rows for one crime in different months are its outcome history
///   and are all kept.
public struct PoliceUKData: Sendable {
  /// A crime from a street file.
  public struct Crime: Sendable, Equatable {
    public var crimeID: String
    /// The month the crime was recorded, `YYYY-MM`.
    public var month: String
    /// The force whose area the crime falls within.
    public var fallsWithin: String
    public var crimeType: String
    /// The street file's `Last outcome category` (may be empty).
    public var lastOutcomeCategory: String
    /// Index into `streetFiles`, and the line the row is on.
    public var file: Int
    public var line: Int
  }

  /// An anti-social behaviour incident from a street file (no Crime ID, no outcome).
  public struct AntisocialBehaviour: Sendable, Equatable {
    public var month: String
    public var fallsWithin: String
    public var file: Int
    public var line: Int
  }

  /// A row of an outcomes file: the outcome recorded for a crime in a month.
  public struct OutcomeRow: Sendable, Equatable {
    public var crimeID: String
    /// The month the outcome was recorded (not the crime's month), `YYYY-MM`.
    public var month: String
    public var fallsWithin: String
    /// The police.uk outcome category as written.
    public var outcomeType: String
    /// Index into `outcomeFiles`, and the line the row is on.
    public var file: Int
    public var line: Int
  }

  /// What the configuration allows: the months of the period covered and the extraction date.
  public struct Limits: Sendable, Equatable {
    /// The months of the period covered (`period.years`).
    public var months: ClosedRange<YearMonth>
    public var extractionDate: Day
    /// The period as the paper names it ("calendar year 2023"), for the rejection details.
    public var periodDescription: String

    public init(months: ClosedRange<YearMonth>, extractionDate: Day, periodDescription: String) {
      self.months = months
      self.extractionDate = extractionDate
      self.periodDescription = periodDescription
    }

    /// The limits of a configuration: its years' months and its extraction date.
    public init(_ config: BriefingConfig) {
      let days = config.coveredDays
      self.init(
        months: days.lowerBound.yearMonth...days.upperBound.yearMonth,
        extractionDate: config.extractionDate, periodDescription: config.periodDescription)
    }
  }

  /// The period and extraction date the rows were checked against (`nil`: none).
  public var limits: Limits? = nil
  /// Crime IDs of street rows rejected for their month (outside the period, after the
  /// extraction date), so outcome rows for those crimes can be told apart.
  public var crimeIDsOutsideThePeriod: Set<String> = []

  /// The street files read, in order, as given.
  public var streetFiles: [String] = []
  /// The outcomes files read, in order, as given.
  public var outcomeFiles: [String] = []
  /// The crimes, outcome rows and incidents kept, in compact form (`crimes`, `outcomes` and
  /// `antisocialBehaviour` make their rows from it).
  var store = Store()
  /// One entry per file, street files first: rows read = accepted + superseded + rejected.
  public var reconciliation: [FileReconciliation] = []
  /// Every rejected row, with its file, line and reason.
  public var rejected: [RejectedRow] = []
  /// Street rows superseded because they repeat another row exactly.
  public var streetExactDuplicates = 0
  /// Street rows superseded by a row with the same Crime ID but different values.
  public var streetConflictingDuplicates = 0
  /// Outcome rows superseded because they repeat another row exactly.
  public var outcomeExactDuplicates = 0
  /// Outcome rows superseded by a row with the same Crime ID and Month but another outcome.
  public var outcomeConflictingDuplicates = 0

  /// The reconciliation source name of street files.
  public static let streetSource = "police-uk street"
  /// The reconciliation source name of outcomes files.
  public static let outcomesSource = "police-uk outcomes"

  /// The exact header of a street file.
  public static let streetHeader = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
  ]
  /// The exact header of an outcomes file.
  public static let outcomesHeader = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
  ]

  public init() {}

  /// The kind of a police.uk file, told by its header.
  public enum FileKind: String, Sendable {
    case street, outcomes
  }

  /// Reads street files and outcomes files (paths as given; relative paths resolve against the
  /// current directory unless `baseDirectory` is set).
  public static func read(
    streetFiles: [String], outcomeFiles: [String], baseDirectory: String? = nil,
    limits: Limits? = nil
  ) throws(PoliceUKError) -> PoliceUKData {
    var data = PoliceUKData()
    data.streetFiles = streetFiles
    data.outcomeFiles = outcomeFiles
    data.limits = limits
    var reconciliation: [FileReconciliation] = []
    var rejected: [RejectedRow] = []
    var period = PeriodCheck(limits: limits)
    // Room for the IDs and outcome rows that the files' sizes suggest (a police.uk row is about
    // 200 bytes), so the tables rarely grow.
    let bytes = (streetFiles + outcomeFiles).reduce(0) { total, file in
      let size =
        try? FileManager.default.attributesOfItem(
          atPath: resolve(file, base: baseDirectory))[.size] as? NSNumber
      return total + (size?.intValue ?? 0)
    }
    let expectedRows = min(bytes / 200, 1 << 26)
    var store = Store()
    store.ids = CrimeIDs(expectedCount: max(1024, expectedRows / 2))
    var pool = ValuePool()
    var slotOfID: [Int32] = []
    var outcomeSlots = SlotMap(expectedCount: outcomeFiles.isEmpty ? 0 : expectedRows / 2)
    var streetKept = Supersession<StreetRecord>()
    var outcomeKept = Supersession<OutcomeRecord>()
    // Files are read on every core, a few ahead, and their rows joined here in the order given.
    let files =
      streetFiles.enumerated().map { ($0.offset, $0.element, FileKind.street) }
      + outcomeFiles.enumerated().map { ($0.offset, $0.element, FileKind.outcomes) }
    let slots = Ingestor.PartSlots<FileRows>(count: files.count + 1)
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    var launched = 0
    defer { slots.waitForAll(launched: launched + 1) }
    for (n, (index, _, kind)) in files.enumerated() {
      while launched < files.count && launched < n + 2 * workers {
        let (i, f, k) = files[launched]
        let slot = launched + 1
        DispatchQueue.global(qos: .userInitiated).async {
          slots.set(
            slot, FileRows.read(f, base: baseDirectory, kind: k, index: i, limits: limits))
        }
        launched += 1
      }
      let rows = slots.take(n + 1)
      if let error = rows.error { throw error }
      reconciliation.append(rows.reconciliation)
      rejected += rows.rejected
      period.absorb(rows.period)
      // The file's label values as numbers of the pool of all files.
      let value = rows.values.map { text in
        var text = text
        return text.withUTF8 { pool.id(UnsafeRawBufferPointer($0)) }
      }
      store.asb.reserveCapacity(store.asb.count + rows.asb.count)
      for r in rows.asb {
        store.asb.append(
          ASBRecord(
            month: r.month, fallsWithin: value[Int(r.fallsWithin)], file: Int32(index),
            line: r.line))
      }
      rows.keys.withUnsafeBytes { arena in
        for (r, row) in rows.rows.enumerated() {
          let start = r == 0 ? 0 : Int(rows.keyEnds[r - 1])
          let key = UnsafeRawBufferPointer(rebasing: arena[start..<Int(rows.keyEnds[r])])
          let id = store.ids.entry(key: key)
          switch kind {
          case .street:
            while slotOfID.count < store.ids.count { slotOfID.append(-1) }
            let crime = StreetRecord(
              id: Int32(id), month: row.month, fallsWithin: value[Int(row.fallsWithin)],
              crimeType: value[Int(row.label)], lastOutcome: value[Int(row.lastOutcome)],
              file: Int32(index), line: row.line)
            let slot = Int(slotOfID[id])
            guard slot >= 0 else {
              slotOfID[id] = streetKept.add(crime, hash: row.hash, to: &store.street)
              continue
            }
            // The row with the latest month, then from the later file, then on the later line.
            streetKept.meet(crime, hash: row.hash, slot: slot, in: &store.street) {
              ($0.month, $0.file, $0.line) > ($1.month, $1.file, $1.line)
            }
          case .outcomes:
            let outcome = OutcomeRecord(
              id: Int32(id), month: row.month, fallsWithin: value[Int(row.fallsWithin)],
              outcomeType: value[Int(row.label)], file: Int32(index), line: row.line)
            let key = UInt64(UInt32(id)) << 32 | UInt64(UInt32(row.month))
            let found = outcomeSlots.find(key)
            guard found.value >= 0 else {
              outcomeSlots.set(
                found.position, key: key,
                outcomeKept.add(outcome, hash: row.hash, to: &store.outcomes))
              continue
            }
            let slot = Int(found.value)
            // The later file, then the later line.
            outcomeKept.meet(outcome, hash: row.hash, slot: slot, in: &store.outcomes) {
              ($0.file, $0.line) > ($1.file, $1.line)
            }
          }
        }
      }
    }
    outcomeSlots = SlotMap()
    store.values = pool.strings
    data.store = store
    data.reconciliation = reconciliation
    data.rejected = rejected
    data.crimeIDsOutsideThePeriod = period.crimeIDs
    // A period in which the files have nothing: refused, not a paper of zeros.
    if let limits, period.rejected > 0 {
      let recs = reconciliation.filter {
        $0.source == (streetFiles.isEmpty ? outcomesSource : streetSource)
      }
      if recs.reduce(0, { $0 + $1.accepted }) == 0, let first = period.first, let last = period.last
      {
        let what = streetFiles.isEmpty ? "outcome row" : "street row"
        throw PoliceUKError(
          path: "period.years",
          message:
            "no police.uk \(what) is in \(limits.periodDescription) up to the extraction date \(limits.extractionDate.iso): the files' months run from \(first.iso) to \(last.iso). Set period.years (and extraction_date) to the months of the files."
        )
      }
    }
    // Supersession: charge each losing row to its own file.
    data.streetExactDuplicates = streetKept.exact.count
    data.streetConflictingDuplicates = streetKept.other.count
    data.outcomeExactDuplicates = outcomeKept.exact.count
    data.outcomeConflictingDuplicates = outcomeKept.other.count
    let losingFiles =
      (streetKept.exact + streetKept.other).map { Int($0.file) }
      + (outcomeKept.exact + outcomeKept.other).map { streetFiles.count + Int($0.file) }
    for r in losingFiles {
      data.reconciliation[r].superseded += 1
      data.reconciliation[r].accepted -= 1
    }
    return data
  }

  /// Reads any police.uk files, telling street files from outcomes files by their headers.
  public static func read(
    files: [String], baseDirectory: String? = nil, limits: Limits? = nil
  ) throws(PoliceUKError) -> PoliceUKData {
    var street: [String] = []
    var outcomes: [String] = []
    for file in files {
      switch try kind(of: file, baseDirectory: baseDirectory) {
      case .street: street.append(file)
      case .outcomes: outcomes.append(file)
      }
    }
    return try read(
      streetFiles: street, outcomeFiles: outcomes, baseDirectory: baseDirectory, limits: limits)
  }

  /// Whether the file is a street file or an outcomes file, from its header.
  public static func kind(of file: String, baseDirectory: String? = nil) throws(PoliceUKError)
    -> FileKind
  {
    let path = resolve(file, base: baseDirectory)
    var reader: CSVReader
    do {
      // An ASCII first line of a comma-separated file (every police.uk file's) is read as it is,
      // without looking through the whole file for its encoding and delimiter.
      if let start = asciiHeaderStart(path) {
        reader = try CSVReader.part(
          path: path, start: start, stop: .max, delimiter: 0x2C, maxRecordBytes: 1 << 20)
      } else {
        reader = try CSVReader(path: path)
      }
    } catch {
      throw PoliceUKError(path: file, message: "the file cannot be read: \(reasonText(error))")
    }
    let header: [String]
    do { header = try reader.next()?.fields ?? [] } catch {
      throw PoliceUKError(path: file, message: "the header cannot be read: \(reasonText(error))")
    }
    let names = header.map(trimmed)
    if sameColumns(names, streetHeader) { return .street }
    if sameColumns(names, outcomesHeader) { return .outcomes }
    throw PoliceUKError(
      path: file,
      message:
        "this is not a police.uk street or outcomes file: its header is \(quoted(header)), and a police.uk street file's is \(quoted(streetHeader))."
    )
  }

  /// Where the header starts (after a UTF-8 byte order mark) when the file's first line is
  /// ASCII with a comma in it, with no quote; else `nil`.
  private static func asciiHeaderStart(_ path: String) -> Int? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 4096) else { return nil }
    let bytes = [UInt8](data)
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard let lf = bytes[start...].firstIndex(of: 0x0A) else { return nil }
    let line = bytes[start..<lf]
    guard line.contains(0x2C), line.allSatisfy({ $0 < 0x80 && $0 != 0x22 && $0 != 0 }) else {
      return nil
    }
    return start
  }

  // MARK: - Reading one file

  /// What is read from one file on a worker, for the join in the order the files are given:
  /// each candidate row (a crime, or an outcome row) with its Crime ID key and its label values
  /// as numbers of the file's own pool.
  struct FileRows: Sendable {
    struct Row: Sendable {
      var month: Int32
      var fallsWithin: UInt32
      /// The crime type (street) or the outcome type (outcomes).
      var label: UInt32
      var lastOutcome: UInt32
      var line: Int32
      var hash: Hash128
    }
    var reconciliation = FileReconciliation(
      source: "", path: "", sha256: "", rowsRead: 0, accepted: 0, superseded: 0,
      rejectedByReason: [], format: "")
    var rejected: [RejectedRow] = []
    var period: PeriodCheck
    var error: PoliceUKError? = nil
    var values: [String] = []
    var rows: [Row] = []
    /// Row r's Crime ID key (`CrimeIDs.appendKey`) is `keys[keyEnds[r - 1] ..< keyEnds[r]]`.
    var keys: [UInt8] = []
    var keyEnds: [Int32] = []
    var asb: [Row] = []

    static func read(
      _ shown: String, base: String?, kind: FileKind, index: Int, limits: Limits?
    ) -> FileRows {
      var out = FileRows(period: PeriodCheck(limits: limits))
      var pool = ValuePool()
      var period = PeriodCheck(limits: limits)
      var reconciliation: [FileReconciliation] = []
      var rejected: [RejectedRow] = []
      do {
        try PoliceUKData.readFile(
          shown, base: base, kind: kind, period: &period, into: &reconciliation,
          rejected: &rejected
        ) { record, col, reject in
          let month = PoliceUKData.packedMonth(record, col[1])
          let line = Int32(record.line)
          let idLength = record.withTrimmedField(col[0]) { $0.count }
          var row = Row(
            month: month, fallsWithin: 0, label: 0, lastOutcome: 0, line: line,
            hash: Hash128(a: 0, b: 0))
          switch kind {
          case .street:
            let (crimeType, typeLength) = record.withTrimmedField(col[9]) {
              (pool.id($0), $0.count)
            }
            row.fallsWithin = record.withField(col[3]) { pool.id($0) }
            if pool.isASB[Int(crimeType)] {
              out.asb.append(row)
              return .asb
            }
            if idLength == 0 {
              reject("Crime ID is empty on a row that is not anti-social behaviour", "")
              return .rejected
            }
            if typeLength == 0 {
              let id = trimmed(record.field(col[0]))
              reject("Crime type is empty", "Crime ID '\(id)'")
              return .rejected
            }
            row.label = crimeType
            row.lastOutcome = record.withTrimmedField(col[10]) { pool.id($0) }
          case .outcomes:
            if idLength == 0 {
              reject("Crime ID is empty: an outcome must name its crime", "")
              return .rejected
            }
            let (outcome, outcomeLength) = record.withTrimmedField(col[9]) {
              (pool.id($0), $0.count)
            }
            if outcomeLength == 0 {
              let id = trimmed(record.field(col[0]))
              reject("Outcome type is empty", "Crime ID '\(id)'")
              return .rejected
            }
            row.label = outcome
            row.fallsWithin = record.withField(col[3]) { pool.id($0) }
          }
          row.hash = record.fieldsHash
          record.withTrimmedField(col[0]) { CrimeIDs.appendKey($0, to: &out.keys) }
          out.keyEnds.append(Int32(out.keys.count))
          out.rows.append(row)
          return .candidate
        }
      } catch {
        out.error = error
      }
      out.reconciliation = reconciliation.first ?? out.reconciliation
      out.rejected = rejected
      out.period = period
      out.values = pool.strings
      return out
    }
  }

  fileprivate enum RowFate { case asb, candidate, rejected }

  /// Checks each row's month against the limits, and remembers what it rejected.
  struct PeriodCheck: Sendable {
    var limits: Limits?
    /// Rows rejected for their month.
    var rejected = 0
    /// The first and last valid month seen in any row, as year × 100 + month.
    private var firstPacked = Int32.max
    private var lastPacked = Int32.min
    var crimeIDs = Set<String>()
    /// The limits as year × 100 + month: the period's first and last months, and the month of
    /// the extraction date (a month that begins after that date is after this month).
    private let lower: Int32
    private let upper: Int32
    private let extraction: Int32

    init(limits: Limits?) {
      self.limits = limits
      func packed(_ m: YearMonth) -> Int32 { Int32(clamping: m.year * 100 + m.month) }
      lower = limits.map { packed($0.months.lowerBound) } ?? .min
      upper = limits.map { packed($0.months.upperBound) } ?? .max
      extraction = limits.map { packed($0.extractionDate.yearMonth) } ?? .max
    }

    var first: YearMonth? {
      firstPacked == .max
        ? nil : YearMonth(year: Int(firstPacked / 100), month: Int(firstPacked % 100))
    }
    var last: YearMonth? {
      lastPacked == .min
        ? nil : YearMonth(year: Int(lastPacked / 100), month: Int(lastPacked % 100))
    }

    /// Adds what another file's check found.
    mutating func absorb(_ other: PeriodCheck) {
      rejected += other.rejected
      firstPacked = Swift.min(firstPacked, other.firstPacked)
      lastPacked = Swift.max(lastPacked, other.lastPacked)
      crimeIDs.formUnion(other.crimeIDs)
    }

    /// `nil` when the month (year × 100 + month, written `text`) is allowed, else the reason and
    /// detail of the rejection.
    mutating func check(_ month: Int32, text: () -> String, kind: FileKind) -> (String, String)? {
      firstPacked = Swift.min(firstPacked, month)
      lastPacked = Swift.max(lastPacked, month)
      guard let limits else { return nil }
      let reason: (String, String)?
      if month > extraction {
        reason = (
          "Month is after the extraction date",
          "'\(text())' begins after \(limits.extractionDate.iso)"
        )
      } else if kind == .street && (month < lower || month > upper) {
        reason = (
          "Month is outside the period covered",
          "'\(text())' is not in \(limits.periodDescription)"
        )
      } else if kind == .outcomes && month < lower {
        reason = (
          "Month is before the period covered",
          "'\(text())' is before \(limits.periodDescription): the outcome of an earlier crime"
        )
      } else {
        reason = nil
      }
      if reason != nil { rejected += 1 }
      return reason
    }
  }

  fileprivate static func readFile(
    _ shown: String, base: String?, kind: FileKind, period: inout PeriodCheck,
    into reconciliation: inout [FileReconciliation], rejected allRejected: inout [RejectedRow],
    row: (_ record: TabularRecord, _ columns: [Int], _ reject: (String, String) -> Void) -> RowFate
  ) throws(PoliceUKError) {
    let path = Self.resolve(shown, base: base)
    let expected = kind == .street ? Self.streetHeader : Self.outcomesHeader
    let other = kind == .street ? Self.outcomesHeader : Self.streetHeader
    let sha: String
    do { sha = try SHA256.hex(ofFileAt: path) } catch {
      throw PoliceUKError(
        path: shown, message: "the file cannot be read: \(Self.reasonText(error))")
    }
    var reader: CSVReader
    do { reader = try CSVReader(path: path, options: CSVOptions(delimiter: 0x2C)) } catch {
      throw PoliceUKError(
        path: shown, message: "the file cannot be read: \(Self.reasonText(error))")
    }
    let headerRecord: TabularRecord?
    do { headerRecord = try reader.next() } catch {
      throw PoliceUKError(
        path: shown, message: "the header cannot be read: \(Self.reasonText(error))")
    }
    guard let headerRecord else {
      throw PoliceUKError(path: shown, message: "the file is empty: there is no header line.")
    }
    let header = headerRecord.fields.map(trimmed)
    guard Self.sameColumns(header, expected) else {
      let hint =
        Self.sameColumns(header, other)
        ? " It is a police.uk \(kind == .street ? "outcomes" : "street") file: give it as one."
        : ""
      throw PoliceUKError(
        path: shown,
        message:
          "this is not a police.uk \(kind.rawValue) file: its header is \(Self.quoted(headerRecord.fields)), and a police.uk \(kind.rawValue) file's is \(Self.quoted(expected)).\(hint)"
      )
    }
    let columns = expected.map { name in header.firstIndex(of: name) ?? 0 }
    let source = kind == .street ? Self.streetSource : Self.outcomesSource
    var rec = FileReconciliation(
      source: source, path: shown, sha256: sha, rowsRead: 0, accepted: 0, superseded: 0,
      rejectedByReason: [], format: reader.formatDescription)
    var rejected: [RejectedRow] = []
    func reject(_ line: Int, _ reason: String, _ detail: String, _ fields: [String]) {
      if let i = rec.rejectedByReason.firstIndex(where: { $0.reason == reason }) {
        rec.rejectedByReason[i].count += 1
      } else {
        rec.rejectedByReason.append(.init(reason: reason, count: 1))
      }
      rejected.append(
        RejectedRow(
          source: source, path: shown, line: line, reason: reason, detail: detail, fields: fields))
    }
    while true {
      let next: TabularRecord?
      do {
        next = try reader.next()
      } catch {
        switch error {
        case .malformedRecord(_, let line, let reason):
          rec.rowsRead += 1
          reject(line, "Malformed CSV record", reason, [])
          continue
        case .unreadable(_, let reason):
          throw PoliceUKError(path: shown, message: "reading stopped: \(reason)")
        }
      }
      guard let record = next else { break }
      // Rows keep their line in 32 bits; a file longer than that is refused, not misnumbered.
      guard record.line <= Int(Int32.max) else {
        throw PoliceUKError(
          path: shown,
          message:
            "the file has more than \(Int32.max) lines, more than PanelBrief reads in one police.uk file: split it by month or force."
        )
      }
      rec.rowsRead += 1
      if record.count == 1 && record.isBlank(0) {
        // Only spaces, tabs or "": no row, but counted, so rows read still add up.
        reject(
          record.line, "Blank line", "only spaces, tabs or empty quotes where a row should be",
          [])
        continue
      }
      guard record.count == header.count else {
        reject(
          record.line, "Wrong number of fields",
          "\(record.count) fields where the header has \(header.count)", record.fields)
        continue
      }
      guard let month = record.withField(columns[1], Self.yearMonth) else {
        reject(
          record.line, "Month is not YYYY-MM", "'\(record.field(columns[1]))'", record.fields)
        continue
      }
      if let (reason, detail) = period.check(
        month, text: { record.field(columns[1]) }, kind: kind)
      {
        reject(record.line, reason, detail, record.fields)
        let id = trimmed(record.field(columns[0]))
        if kind == .street && !id.isEmpty { period.crimeIDs.insert(id) }
        continue
      }
      let fate = row(record, columns) { reason, detail in
        reject(record.line, reason, detail, record.fields)
      }
      if fate != .rejected { rec.accepted += 1 }
    }
    reconciliation.append(rec)
    allRejected += rejected
  }

  // MARK: - Months covered

  /// The months with at least one accepted street row (crime or anti-social behaviour), ascending.
  public var streetMonths: [YearMonth] {
    Set(store.street.map(\.month) + store.asb.map(\.month)).map {
      YearMonth(year: Int($0) / 100, month: Int($0) % 100)
    }.sorted()
  }

  /// Months of the period, from its first month to the last month with street rows, that have no
  /// street row: the paper names the period, so it says which of its months the files leave out.
  /// Months after the last one with data are not listed (police.uk publishes a month or two
  /// later; the paper says which months the files cover).
  public var periodMonthsWithoutStreetRows: [YearMonth] {
    guard let limits, !streetFiles.isEmpty, let last = streetMonths.last else { return [] }
    let have = Set(streetMonths)
    return limits.months.lowerBound.through(last).filter { !have.contains($0) }
  }

  // MARK: - Helpers

  /// A `YYYY-MM` field (checked by `yearMonth`) as year × 100 + month.
  fileprivate static func packedMonth(_ record: TabularRecord, _ column: Int) -> Int32 {
    record.withField(column) { yearMonth($0) ?? 0 }
  }

  /// `YYYY-MM` with a month 01 to 12 as year × 100 + month, else `nil`.
  static func yearMonth(_ b: UnsafeRawBufferPointer) -> Int32? {
    guard b.count == 7, b[4] == UInt8(ascii: "-") else { return nil }
    var value: Int32 = 0
    for i in [0, 1, 2, 3, 5, 6] {
      let d = b[i] &- UInt8(ascii: "0")
      guard d < 10 else { return nil }
      value = value * 10 + Int32(d)
    }
    return (1...12).contains(value % 100) ? value : nil
  }

  private static func sameColumns(_ found: [String], _ expected: [String]) -> Bool {
    found.count == expected.count && Set(found) == Set(expected)
  }

  private static func quoted(_ names: [String]) -> String {
    names.map { "'\($0)'" }.joined(separator: ", ")
  }

  private static func resolve(_ path: String, base: String?) -> String {
    guard let base, !path.hasPrefix("/") else { return path }
    return (base as NSString).appendingPathComponent(path)
  }

  private static func reasonText(_ error: TabularError) -> String {
    switch error {
    case .unreadable(_, let reason): reason
    case .malformedRecord(_, let line, let reason): "line \(line): \(reason)"
    }
  }
}

/// Why police.uk files could not be read: a sentence naming the file.
public typealias PoliceUKError = IngestError

private func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }

/// The row kept for each key of street or outcome rows, with a hash of its fields, and the rows
/// it superseded, as exact copies (the same fields) or as rows with other values.
private struct Supersession<Record: PoliceUKData.FiledRecord> {
  private var hashes: [Hash128] = []
  private(set) var exact: [(file: Int32, line: Int32)] = []
  private(set) var other: [(file: Int32, line: Int32)] = []

  /// Keeps `record`, the first of its key, as a new slot of `kept`; returns the slot.
  mutating func add(_ record: Record, hash: Hash128, to kept: inout [Record]) -> Int32 {
    kept.append(record)
    hashes.append(hash)
    return Int32(kept.count - 1)
  }

  /// `record` has the key of the row kept at `slot`: the later of the two by `isLater` is kept
  /// there, and the other is recorded as superseded (an exact copy when the hashes agree).
  mutating func meet(
    _ record: Record, hash: Hash128, slot: Int, in kept: inout [Record],
    isLater: (Record, Record) -> Bool
  ) {
    let same = hashes[slot] == hash
    var loser = record
    if isLater(record, kept[slot]) {
      loser = kept[slot]
      kept[slot] = record
      hashes[slot] = hash
    }
    if same {
      exact.append((loser.file, loser.line))
    } else {
      other.append((loser.file, loser.line))
    }
  }
}

/// A map from 64-bit keys (a Crime ID's number and a month) to slots, for the outcome rows of
/// every file: open addressing with linear probing over a power-of-two table, keys mixed by
/// MurmurHash3's fmix64 (Swift's `Dictionary` hashes each key with SipHash, which cost more than
/// the rest of the join). `UInt64.max` marks an empty place; no key is that value (a month is
/// positive).
struct SlotMap {
  private var keys: [UInt64]
  private var values: [Int32]
  private var count = 0

  /// Room for `expectedCount` keys before the table grows.
  init(expectedCount: Int = 0) {
    var capacity = 1024
    while capacity < expectedCount * 2 { capacity <<= 1 }
    keys = [UInt64](repeating: .max, count: capacity)
    values = [Int32](repeating: -1, count: capacity)
  }

  /// Where `key` is (its value) or would go (value -1).
  func find(_ key: UInt64) -> (position: Int, value: Int32) {
    let mask = keys.count - 1
    var i = Int(truncatingIfNeeded: ByteKeyTable.fmix(key)) & mask
    while true {
      let k = keys[i]
      if k == key { return (i, values[i]) }
      if k == .max { return (i, -1) }
      i = (i + 1) & mask
    }
  }

  /// Puts `key` with `value` at `position`, an empty place `find` gave for it.
  mutating func set(_ position: Int, key: UInt64, _ value: Int32) {
    keys[position] = key
    values[position] = value
    count += 1
    if count * 2 > keys.count { grow() }
  }

  private mutating func grow() {
    let (oldKeys, oldValues) = (keys, values)
    keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
    values = [Int32](repeating: -1, count: oldKeys.count * 2)
    let mask = keys.count - 1
    for (k, v) in zip(oldKeys, oldValues) where k != .max {
      var i = Int(truncatingIfNeeded: ByteKeyTable.fmix(k)) & mask
      while keys[i] != .max { i = (i + 1) & mask }
      keys[i] = k
      values[i] = v
    }
  }
}
