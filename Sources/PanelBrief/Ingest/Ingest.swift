import Foundation

/// A file that cannot be used at all: missing, unreadable, or without a configured column.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var message: String
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }
  public var description: String { "\(path): \(message)" }
}

/// Opens a file for reading records: CSV/text by default, XLSX by its extension.
public typealias TabularOpener =
  @Sendable (_ path: String, _ source: SourceConfig) throws -> any TabularReader

/// Reads every source of a configuration into records and tallies, accounting for every row.
///
/// Rules, in the order they are applied to each data row:
/// 1. a record the reader cannot parse (a quote never closed) is rejected;
/// 2. a row whose number of fields differs from the header's is rejected (values are never shifted);
/// 3. an empty reference, or a date that is empty, not in the configured format, not a real date,
///    outside the period covered or after the extraction date, is rejected;
/// 4. a label the configuration does not map is kept and counted as "Unmapped: <label>";
/// 5. a crime or report reference seen before is a duplicate (overlapping extracts): the row with
///    the latest outcome date is kept, then the one from the later file, then the later line; the
///    other is counted as superseded, not rejected.
/// An outcome date that cannot be used (not a date, before the recorded date, after extraction)
/// does not cost the crime: it is counted as a data-quality finding and the outcome date dropped.
///
/// A file in which not one value of the date column has the shape of the configured date format
/// is not read at all: the date format is wrong for it, and rejecting every row would hide that.
/// The `IngestError` names the format and the first value. (A value with the right shape that is
/// not a real date, such as 31/02/2022, does match the format.)
public struct Ingestor: Sendable {
  public let config: BriefingConfig
  let open: TabularOpener

  public init(config: BriefingConfig, open: @escaping TabularOpener) {
    self.config = config
    self.open = open
  }

  public func run() throws(IngestError) -> IngestedData {
    var data = IngestedData()
    try refuseFilesListedTwice()
    // Sources of one kind are read together, where the first of them is listed: one set of
    // records, one set of labels, and one duplicate rule over all their files in order.
    func all(_ kind: SourceConfig.Kind) -> [SourceConfig] {
      config.sources.filter { $0.kind == kind }
    }
    func isFirst(_ source: SourceConfig) -> Bool {
      config.sources.first { $0.kind == source.kind }?.name == source.name
    }
    for source in config.sources {
      switch source.kind {
      case .crimes: if isFirst(source) { try readCrimes(all(.crimes), into: &data) }
      case .reports: if isFirst(source) { try readReports(all(.reports), into: &data) }
      case .activity: if isFirst(source) { try readActivity(all(.activity), into: &data) }
      case .policeUK:
        let open = try PoliceUKData.read(
          files: source.files, baseDirectory: config.baseDirectory, limits: .init(config))
        data.reconciliation += open.reconciliation
        data.rejected += open.rejected
        data.policeUK = open
      case .homeOfficeOutcomes:
        let table = try HomeOfficeOutcomesTable.read(
          files: source.files, baseDirectory: config.baseDirectory, limits: .init(config))
        data.reconciliation += table.reconciliation
        data.rejected += table.rejected
        if let request = source.homeOffice {
          _ = try table.chargeRates(request)  // a force or code not in the file is said now
          data.homeOffice = (table, request)
        }
      }
    }
    try refuseIdenticalFiles(data.reconciliation)
    return data
  }

  // MARK: - Shared machinery

  /// Reads one file of a source, giving each usable row to `accept`, which returns `nil` when the
  /// row is accepted or a (reason, detail) when it is rejected.
  /// `dateColumn`, one of `wanted`, is the column whose values must match the date format.
  func readFile(
    _ source: SourceConfig, fileIndex: Int, columns wanted: [String], dateColumn: String?,
    data: inout IngestedData,
    accept: (_ record: TabularRecord, _ columns: [Int], _ header: [String]) -> (String, String)?
  ) throws(IngestError) -> FileReconciliation {
    var opened = try openFile(source, fileIndex: fileIndex, columns: wanted, dateColumn: dateColumn)
    var tally = opened.file.freshTally(first: true)
    var nothing: Void = ()
    try opened.file.readRows(from: &opened.reader, into: &tally, part: &nothing) {
      _, record, columns, header in accept(record, columns, header)
    }
    return try opened.file.finish(
      tally, reader: opened.reader, hashing: opened.hashing, into: &data)
  }

  /// Reads one file of a source as `readFile` does, but a large UTF-8 CSV file in parts on every
  /// core: each part's rows go to `accept` with the part's own `Part` (made by `fresh`), and the
  /// parts are joined in the file's order by `absorb` (with the number of lines before the part,
  /// to add to its line numbers), so that the result is exactly that of reading the file in one
  /// go. A file that is not UTF-8, a workbook, a small file, or one whose parts do not join
  /// (an unclosed quote that made lines be read again) is read in one go.
  func readFileInParts<Part: Sendable>(
    _ source: SourceConfig, fileIndex: Int, columns wanted: [String], dateColumn: String?,
    data: inout IngestedData, fresh: (_ first: Bool) -> Part,
    accept:
      @escaping @Sendable (
        _ part: inout Part, _ record: TabularRecord, _ columns: [Int], _ header: [String]
      ) -> (String, String)?,
    absorb: (_ into: inout Part, _ next: Part, _ linesBefore: Int) -> Void
  ) throws(IngestError) -> (FileReconciliation, Part) {
    var opened = try openFile(source, fileIndex: fileIndex, columns: wanted, dateColumn: dateColumn)
    if let csv = opened.reader as? CSVReader, csv.encoding == .utf8 || csv.encoding == .utf8BOM {
      let path = config.resolve(source.files[fileIndex])
      let size =
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?
        .intValue ?? 0
      let starts = Self.partStarts(
        path: path, from: csv.offset, to: size, partBytes: partBytes)
      if starts.count > 1 {
        if let (tally, part) = try readParts(
          opened.file, csv, starts: starts, end: size, fresh: fresh, accept: accept,
          absorb: absorb)
        {
          let rec = try opened.file.finish(
            tally, reader: csv, hashing: opened.hashing, into: &data)
          data.partsJoined += starts.count - 1
          return (rec, part)
        }
        // The parts did not join: read the file again in one go.
        opened = try openFile(source, fileIndex: fileIndex, columns: wanted, dateColumn: dateColumn)
      }
    }
    var tally = opened.file.freshTally(first: true)
    var part = fresh(true)
    try opened.file.readRows(from: &opened.reader, into: &tally, part: &part, accept: accept)
    let rec = try opened.file.finish(
      tally, reader: opened.reader, hashing: opened.hashing, into: &data)
    return (rec, part)
  }

  /// The size of the parts a large file is read in (smaller in tests, to make many parts).
  var partBytes = 16 << 20

  /// Where the parts of `path` between `from` and `to` start: `from`, then the byte after the
  /// first line feed at or after each multiple of `partBytes` (a guess at a record's start that
  /// `readParts` checks). One start when the file is small.
  static func partStarts(path: String, from: Int, to end: Int, partBytes: Int) -> [Int] {
    var starts = [from]
    guard end - from > partBytes, let handle = FileHandle(forReadingAtPath: path) else {
      return starts
    }
    defer { try? handle.close() }
    var guess = from + partBytes
    while guess < end {
      do { try handle.seek(toOffset: UInt64(guess)) } catch { break }
      guard let data = try? handle.read(upToCount: 1 << 16), !data.isEmpty else { break }
      guard let lf = data.firstIndex(of: 0x0A) else {
        guess += data.count  // no line break here: look further on
        continue
      }
      let start = guess + (lf - data.startIndex) + 1
      if start >= end { break }
      if start > starts.last! { starts.append(start) }
      guess = max(start, guess + partBytes)
    }
    return starts
  }

  /// Reads the parts starting at `starts` on every core and joins them in order; `nil` when the
  /// file must be read in one go instead (lines were read twice after an unclosed quote).
  ///
  /// A part's start is a guess (the byte after a line feed): it is right when the part before it
  /// ended exactly there. When it did not (a quoted field holding a line break, or blank lines,
  /// across the guess), the part is read again from where the one before it ended.
  private func readParts<Part: Sendable>(
    _ file: OpenedFile, _ first: CSVReader, starts: [Int], end: Int, fresh: (Bool) -> Part,
    accept:
      @escaping @Sendable (inout Part, TabularRecord, [Int], [String]) -> (String, String)?,
    absorb: (inout Part, Part, Int) -> Void
  ) throws(IngestError) -> (RowTally, Part)? {
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let stops = Array(starts.dropFirst()) + [Int.max]
    let slots = PartSlots<PartRead<Part>>(count: starts.count)
    let blank = fresh(false)
    let delimiter = first.delimiter
    let maxRecordBytes = first.maxRecordBytes
    @Sendable func read(from start: Int, to stop: Int) -> PartRead<Part> {
      var tally = file.freshTally(first: false)
      var part = blank
      do {
        var reader = try CSVReader.part(
          path: file.path, start: start, stop: stop, delimiter: delimiter,
          maxRecordBytes: maxRecordBytes)
        do {
          try file.readRows(from: &reader, into: &tally, part: &part, accept: accept)
        } catch {
          return PartRead(tally: tally, part: part, reader: reader, start: start, error: error)
        }
        return PartRead(tally: tally, part: part, reader: reader, start: start, error: nil)
      } catch {
        let failure = IngestError(
          path: file.shown, message: "reading stopped: \(Self.reason(error))")
        return PartRead(tally: tally, part: part, reader: nil, start: start, error: failure)
      }
    }
    // Up to two parts per core are read ahead of the one being joined.
    var launched = 1
    func launchAhead(of next: Int) {
      while launched < starts.count && launched < next + 2 * workers {
        let i = launched
        DispatchQueue.global(qos: .userInitiated).async {
          slots.set(i, read(from: starts[i], to: stops[i]))
        }
        launched += 1
      }
    }
    defer { slots.waitForAll(launched: launched) }
    launchAhead(of: 0)
    // The first part is read here, by the reader that read the header.
    var tally = file.freshTally(first: true)
    var part = fresh(true)
    var reader = first
    reader.stop(at: stops[0])
    try file.readRows(from: &reader, into: &tally, part: &part, accept: accept)
    if reader.wasRewound { return nil }
    var ended = reader.offset
    var linesBefore = reader.line - 1
    var progress = Progress(file: file.shown, bytes: end)
    defer { progress.finish() }
    for i in 1..<starts.count {
      progress.show(rows: tally.rowsRead, bytes: ended)
      launchAhead(of: i)
      var done = slots.take(i)
      if done.start != ended {
        done = read(from: ended, to: stops[i])
      }
      if let error = done.error { throw error }
      guard let partReader = done.reader, !partReader.wasRewound else { return nil }
      tally.absorb(done.tally, linesBefore: linesBefore)
      absorb(&part, done.part, linesBefore)
      reader.absorbCounts(of: partReader)
      linesBefore += partReader.line - 1
      ended = partReader.offset
    }
    return (tally, part)
  }

  /// A file opened for reading: its header matched to the configured columns.
  struct OpenedFile: @unchecked Sendable {
    let source: SourceConfig
    let shown: String
    let path: String
    let header: [String]
    let columnIndexes: [Int]
    let isWorkbook: Bool
    let dateIndex: Int
    /// Indexes into `columnIndexes` of the date columns profiled for the quality gates.
    let profiled: [Int]
    let profileTemplate: [DateColumnProfile]
    let wanted: [String]

    func freshTally(first: Bool) -> RowTally {
      RowTally(
        profiles: first ? profileTemplate : profileTemplate.map { $0.forPart() },
        sawDateOfTheFormat: dateIndex < 0)
    }
  }

  /// Opens a file of a source, reads its header and finds the configured columns in it.
  func openFile(
    _ source: SourceConfig, fileIndex: Int, columns wanted: [String], dateColumn: String?
  ) throws(IngestError) -> (file: OpenedFile, reader: any TabularReader, hashing: FileHash) {
    let shown = source.files[fileIndex]
    let path = config.resolve(shown)
    guard FileManager.default.fileExists(atPath: path) else {
      throw IngestError(
        path: shown,
        message: "no such file (looked for \(path)); check 'files' of the source '\(source.name)'.")
    }
    if let problem = regularFileProblem(atPath: path) {
      throw IngestError(path: shown, message: problem)
    }
    // The file's SHA-256 is worked out on another core while this one reads the rows.
    let hashing = FileHash(path: path)
    var reader: any TabularReader
    do { reader = try open(path, source) } catch {
      throw IngestError(
        path: shown, message: (error as? TabularError).map(Self.reason) ?? "\(error)")
    }
    var headerRecord: TabularRecord?
    repeat {
      do { headerRecord = try reader.next() } catch {
        throw IngestError(path: shown, message: "the header cannot be read: \(Self.reason(error))")
      }
    } while headerRecord.map { $0.count == 1 && $0.isBlank(0) } ?? false
    guard let headerRecord else {
      throw IngestError(path: shown, message: "the file is empty: there is no header row.")
    }
    // Matched as read; shown (in reasons and messages) with hidden characters made visible.
    let normalisedHeader = headerRecord.fields.map(normalisedLabel)
    let header = headerRecord.fields.map { DisplayText.visible($0, limit: DisplayText.labelLimit) }
    var columnIndexes: [Int] = []
    for key in wanted {
      guard let name = source.columns[key] else {
        columnIndexes.append(-1)
        continue
      }
      guard let index = normalisedHeader.firstIndex(of: normalisedLabel(name)) else {
        throw IngestError(
          path: shown,
          message:
            "the column '\(name)' (columns.\(key) of the source '\(source.name)') is not in the header. The headers found are: \(header.map { "'\($0)'" }.joined(separator: ", ")).\(OpenDataKindHint.sentence(header: header).map { " " + $0 } ?? "")"
        )
      }
      columnIndexes.append(index)
    }
    let isWorkbook = path.lowercased().hasSuffix(".xlsx") || path.lowercased().hasSuffix(".xlsm")
    // The date column: has any of its values the date format's shape? The first that has not.
    let dateIndex = dateColumn.flatMap { wanted.firstIndex(of: $0) }.map { columnIndexes[$0] } ?? -1
    // Every date column's values are profiled for the quality gates.
    let profiled = wanted.indices.filter {
      (wanted[$0] == "date" || wanted[$0].hasSuffix("_date")) && columnIndexes[$0] >= 0
    }
    let profiles = profiled.map {
      DateColumnProfile(
        source: source.name, path: shown, column: header[columnIndexes[$0]], key: wanted[$0],
        pattern: source.dateFormat)
    }
    let file = OpenedFile(
      source: source, shown: shown, path: path, header: header, columnIndexes: columnIndexes,
      isWorkbook: isWorkbook, dateIndex: dateIndex, profiled: profiled,
      profileTemplate: profiles, wanted: wanted)
    return (file, reader, hashing)
  }

  /// What went wrong with a file, without its path (the `IngestError` names the file).
  static func reason(_ error: TabularError) -> String {
    switch error {
    case .unreadable(_, let reason): reason
    case .malformedRecord(_, let line, let reason): "line \(line): \(reason)"
    }
  }

  /// What reading rows of a file found besides the records: counts, rejected rows, the date
  /// columns' profiles. A file read in parts has one per part, joined in order.
  struct RowTally: Sendable {
    var rowsRead = 0
    var accepted = 0
    var rejectedByReason: [FileReconciliation.ReasonCount] = []
    var rejected: [RejectedRow] = []
    var profiles: [DateColumnProfile]
    var sawDateOfTheFormat: Bool
    var firstOtherDate: String? = nil

    init(profiles: [DateColumnProfile], sawDateOfTheFormat: Bool) {
      self.profiles = profiles
      self.sawDateOfTheFormat = sawDateOfTheFormat
    }

    mutating func reject(
      _ file: OpenedFile, _ line: Int, _ reason: String, _ detail: String, _ fields: [String]
    ) {
      count(reason, 1)
      rejected.append(
        RejectedRow(
          source: file.source.name, path: file.shown, line: line, reason: reason,
          detail: detail, fields: fields))
    }

    private mutating func count(_ reason: String, _ n: Int) {
      if let i = rejectedByReason.firstIndex(where: { $0.reason == reason }) {
        rejectedByReason[i].count += n
      } else {
        rejectedByReason.append(.init(reason: reason, count: n))
      }
    }

    /// Adds the tally of the part read after the ones counted here, whose lines count from 1 at
    /// its start: `linesBefore` lines came before it.
    mutating func absorb(_ other: RowTally, linesBefore: Int) {
      rowsRead += other.rowsRead
      accepted += other.accepted
      for reason in other.rejectedByReason { count(reason.reason, reason.count) }
      rejected.reserveCapacity(rejected.count + other.rejected.count)
      for var row in other.rejected {
        row.line += linesBefore
        rejected.append(row)
      }
      for i in profiles.indices { profiles[i].absorb(other.profiles[i]) }
      if !sawDateOfTheFormat {
        sawDateOfTheFormat = other.sawDateOfTheFormat
        if firstOtherDate == nil { firstOtherDate = other.firstOtherDate }
      }
    }
  }

  /// What the part of a file read on another core gave.
  struct PartRead<Part: Sendable>: @unchecked Sendable {
    var tally: RowTally
    var part: Part
    /// `nil` when the part could not be opened (then `error` says why).
    var reader: CSVReader?
    var start: Int
    var error: IngestError?
  }

  /// One slot per part, each filled once by the thread that read it and taken once, in order.
  final class PartSlots<Value>: @unchecked Sendable {
    private var values: [Value?]
    private let ready: [DispatchSemaphore]
    private let lock = NSLock()

    init(count: Int) {
      values = Array(repeating: nil, count: count)
      ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    }

    func set(_ i: Int, _ value: Value) {
      lock.withLock { values[i] = value }
      ready[i].signal()
    }

    /// Waits for part `i` and hands it over (its slot is emptied, so its memory goes with it).
    func take(_ i: Int) -> Value {
      ready[i].wait()
      return lock.withLock {
        defer {
          values[i] = nil
          taken[i] = true
        }
        return values[i]!
      }
    }
    private lazy var taken = [Bool](repeating: false, count: values.count)

    /// Waits for every part launched and not taken: an early return leaves no thread reading.
    func waitForAll(launched: Int) {
      for i in 1..<max(1, launched) where !lock.withLock({ taken[i] }) {
        ready[i].wait()
      }
    }
  }

  enum DateCheck {
    case ok(Day)
    case rejected(String, String)
  }

  /// Checks a date field against the pattern, the period covered and the extraction date.
  func checkDate(
    _ record: TabularRecord, _ column: Int, header: [String], pattern: DatePattern,
    within range: ClosedRange<Day>?
  ) -> DateCheck {
    let name = header[column]
    if record.isBlank(column) { return .rejected("\(name) is empty", "") }
    switch record.parsedDate(column, pattern) {
    case .wrongShape:
      return .rejected(
        "\(name) is not a date in the form \(pattern.written)", "'\(record.field(column))'")
    case .impossible:
      return .rejected("\(name) is not a real date", "'\(record.field(column))'")
    case .day(let day):
      if day > config.extractionDate {
        return .rejected("\(name) is after the extraction date", "'\(record.field(column))'")
      }
      if let range, !range.contains(day) {
        return .rejected("\(name) is outside the period covered", "'\(record.field(column))'")
      }
      return .ok(day)
    }
  }

  /// Resolves raw label bytes to a label index, adding "Unmapped: <label>" entries as needed.
  struct LabelResolver<Meaning: Sendable & Equatable>: Sendable {
    var labels: [ResolvedLabel<Meaning>]
    /// The bytes each label added here (unmapped) was first seen as, by label index.
    var firstSeenAs: [Int: [UInt8]] = [:]
    var byNormalised: [String: Int] = [:]
    /// Raw label bytes seen before → label index (exact bytes, spaces and case included).
    var cache = ByteKeyTable(expectedCount: 64)
    var unmappedCounts: [Int: Int] = [:]
    /// The labels shown so far, lowercased (Excel table headers ignore case).
    var shownLabels: Set<String> = []

    init(_ mappings: [LabelMapping<Meaning>]) {
      labels = mappings.map { ResolvedLabel(label: $0.label, meaning: $0.meaning) }
      shownLabels = Set(labels.map { $0.label.lowercased() })
      for (i, m) in mappings.enumerated() {
        for spelling in [m.label] + m.aliases where byNormalised[normalisedLabel(spelling)] == nil {
          byNormalised[normalisedLabel(spelling)] = i
        }
      }
    }

    mutating func resolve(_ bytes: ArraySlice<UInt8>) -> Int {
      let i = index(of: bytes)
      if labels[i].isUnmapped { unmappedCounts[i, default: 0] += 1 }
      return i
    }

    /// The label index of `bytes`, adding an "Unmapped: <label>" label when it is new; not counted.
    mutating func index(of bytes: ArraySlice<UInt8>) -> Int {
      let found = bytes.withUnsafeBytes { cache.find($0) }
      if found.existing { return cache.values[found.entry] }
      let text = String(decoding: bytes, as: UTF8.self)
      let key = normalisedLabel(text)
      let index: Int
      if let i = byNormalised[key] {
        index = i
      } else {
        // Shown with hidden characters made visible and cut to a table header's length, then
        // made unique: two labels the same once shown would be one header twice.
        let shown = key.isEmpty ? "(blank)" : DisplayText.label(text)
        var label = "Unmapped: \(shown)"
        var n = 1
        while shownLabels.contains(label.lowercased()) {
          n += 1
          label = "Unmapped: \(shown) (\(n))"
        }
        shownLabels.insert(label.lowercased())
        labels.append(ResolvedLabel(label: label, meaning: nil))
        index = labels.count - 1
        byNormalised[key] = index
        firstSeenAs[index] = Array(bytes)
      }
      cache.values[found.entry] = index
      return index
    }

    /// Takes in the labels and counts of a resolver copied from this one (with `known` labels
    /// then) that read the rows after the ones read here; returns the index here of each of its
    /// labels, so its records can be renumbered. Labels first seen there are added in the order
    /// they were first seen, as reading those rows here would have added them.
    mutating func absorb(_ other: LabelResolver, known: Int) -> [Int] {
      var map = Array(0..<min(known, other.labels.count))
      for i in known..<other.labels.count {
        map.append(index(of: other.firstSeenAs[i]![...]))
      }
      for (i, n) in other.unmappedCounts { unmappedCounts[map[i], default: 0] += n }
      return map
    }

    /// The unmapped labels counted since the last call, as findings of `source`.
    mutating func takeFindings(source: String, what: String) -> [QualityFinding] {
      defer { unmappedCounts = [:] }
      return unmappedCounts.sorted { $0.key < $1.key }.map {
        QualityFinding(
          source: source,
          text:
            "\(what) label '\(labels[$0.key].label.dropFirst("Unmapped: ".count))' is not in the configuration; its rows are counted as \"\(labels[$0.key].label)\"",
          count: $0.value)
      }
    }
  }

  /// The label mappings of several sources of one kind as one list: the first source's labels
  /// in its order, then each later source's labels not listed before; a label listed again
  /// (ignoring case and spacing) gains the later source's aliases. `BriefingConfig` has refused
  /// a spelling that means different things in two sources.
  static func merged<M>(_ lists: [[LabelMapping<M>]]) -> [LabelMapping<M>] {
    var out: [LabelMapping<M>] = []
    var index: [String: Int] = [:]
    for list in lists {
      for mapping in list {
        if let i = index[normalisedLabel(mapping.label)] {
          out[i].aliases += mapping.aliases
        } else {
          index[normalisedLabel(mapping.label)] = out.count
          out.append(mapping)
        }
      }
    }
    return out
  }

  /// A generous guess at the number of rows of a source's files (one per 64 bytes), so the
  /// record array is allocated once instead of doubling; pages never written cost nothing.
  private func estimatedRows(_ sources: [SourceConfig], file: Int? = nil) -> Int {
    var bytes = 0
    for file in file.map({ [sources[0].files[$0]] }) ?? sources.flatMap(\.files) {
      let size = try? FileManager.default.attributesOfItem(atPath: config.resolve(file))[.size]
      bytes += (size as? NSNumber)?.intValue ?? 0
    }
    return min(bytes / 64, 1 << 26)
  }

  /// Removes, in place and in order, the elements whose `keep` is `false`.
  private func keepOnly<Element>(_ keep: [Bool], of elements: inout [Element]) {
    var kept = 0
    for i in elements.indices where keep[i] {
      if kept != i { elements.swapAt(kept, i) }
      kept += 1
    }
    elements.removeLast(elements.count - kept)
  }

  // MARK: - Crimes

  /// Reads the crimes sources together: their files in order make one list of files, over
  /// which duplicates are settled.
  func readCrimes(_ sources: [SourceConfig], into data: inout IngestedData) throws(IngestError) {
    var resolver = LabelResolver(Self.merged(sources.map(\.outcomes)))
    var crimes: [CrimeRecord] = []
    var recs: [FileReconciliation] = []
    let range = config.coveredDays
    for source in sources {
      var badOutcomeDates: [String: Int] = [:]
      for fileIndex in source.files.indices {
        let globalFile = recs.count
        let known = resolver.labels.count
        let expected = estimatedRows([source], file: fileIndex)
        let extraction = config.extractionDate
        let pattern = source.dateFormat
        let ingestor = self
        var (rec, rows) = try readFileInParts(
          source, fileIndex: fileIndex,
          columns: ["reference", "recorded_date", "outcome", "outcome_date"],
          dateColumn: "recorded_date", data: &data,
          fresh: { [resolver] first in
            var rows = CrimeRows(resolver: resolver)
            // The first part gathers the whole file's crimes: room for them once. The others
            // count their own unmapped labels, added to the first's when joined.
            if first {
              rows.crimes.reserveCapacity(expected)
            } else {
              rows.resolver.unmappedCounts = [:]
            }
            return rows
          }
        ) { rows, record, cols, header in
          if record.line > Int(Int32.max) {
            rows.tooManyLines = true
            return ("Line beyond 2,147,483,647", "")
          }
          if record.isBlank(cols[0]) { return ("\(header[cols[0]]) is empty", "") }
          let recorded: Day
          switch ingestor.checkDate(
            record, cols[1], header: header, pattern: pattern, within: range)
          {
          case .rejected(let reason, let detail): return (reason, detail)
          case .ok(let day): recorded = day
          }
          let outcome = rows.resolver.resolve(record.storage[record.range(cols[2])])
          var outcomeDate: Day?
          if cols[3] >= 0 && !record.isBlank(cols[3]) {
            switch record.parsedDate(cols[3], pattern) {
            case .day(let d) where d < recorded:
              rows.badOutcomeDates["outcome date before the recorded date", default: 0] += 1
            case .day(let d) where d > extraction:
              rows.badOutcomeDates["outcome date after the extraction date", default: 0] += 1
            case .day(let d): outcomeDate = d
            case .wrongShape:
              rows.badOutcomeDates[
                "outcome date not in the form \(pattern.written)", default: 0] += 1
            case .impossible:
              rows.badOutcomeDates["outcome date not a real date", default: 0] += 1
            }
          }
          rows.crimes.append(
            CrimeRecord(
              reference: record.trimmedField(cols[0]), recorded: recorded, outcome: outcome,
              outcomeDate: outcomeDate, file: globalFile, line: record.line))
          return nil
        } absorb: { rows, next, linesBefore in
          rows.absorb(next, known: known, linesBefore: linesBefore)
        }
        if rows.tooManyLines {
          throw IngestError(
            path: source.files[fileIndex],
            message:
              "the file has more than \(Int32.max) lines, more than PanelBrief reads in one crimes export: split it by year."
          )
        }
        resolver = rows.resolver
        for (text, n) in rows.badOutcomeDates { badOutcomeDates[text, default: 0] += n }
        if crimes.isEmpty {
          crimes = rows.crimes
        } else {
          crimes.append(contentsOf: rows.crimes)
        }
        rows.crimes = []
        rec.superseded = 0
        recs.append(rec)
      }
      data.findings += resolver.takeFindings(source: source.name, what: "Outcome")
      for (text, count) in badOutcomeDates.sorted(by: { $0.key < $1.key }) {
        data.findings.append(
          QualityFinding(
            source: source.name,
            text: "\(text): the crime is counted, its outcome date is not used",
            count: count))
      }
    }
    // Duplicates: keep the latest outcome date, then the later file, then the later line.
    try Self.refuseTooManyRows(crimes.count, sources)
    var keep = [Bool](repeating: true, count: crimes.count)
    for loser in Self.duplicateLosers(crimes) {
      keep[loser] = false
      recs[crimes[loser].file].superseded += 1
      recs[crimes[loser].file].accepted -= 1
    }
    keepOnly(keep, of: &crimes)
    data.crimes = crimes
    data.outcomeLabels = resolver.labels
    data.reconciliation += recs
  }

  /// The crimes that lose to another with the same reference: the latest outcome date wins,
  /// then the later file, then the later line.
  static func duplicateLosers(_ crimes: [CrimeRecord]) -> [Int] {
    let hashes = DuplicateKeys.hashes(count: crimes.count) { crimes[$0].reference }
    return DuplicateKeys.losers(hashes: hashes) {
      crimes[$0].reference == crimes[$1].reference
    } laterWins: {
      let earliest = Day(year: 1, month: 1, day: 1)!
      let (holder, row) = (crimes[$0], crimes[$1])
      return (row.outcomeDate ?? earliest, row.file, row.line)
        > (holder.outcomeDate ?? earliest, holder.file, holder.line)
    }
  }

  /// The reports that lose to another with the same reference: the later file, then the later
  /// line, wins.
  static func duplicateLosers(_ reports: [ReportRecord]) -> [Int] {
    let hashes = DuplicateKeys.hashes(count: reports.count) { reports[$0].reference }
    return DuplicateKeys.losers(hashes: hashes) {
      reports[$0].reference == reports[$1].reference
    } laterWins: { _, _ in
      true
    }
  }

  /// Refuses more rows than duplicates can be settled over (2^32 - 1: far beyond any export).
  static func refuseTooManyRows(_ count: Int, _ sources: [SourceConfig]) throws(IngestError) {
    if count >= Int(UInt32.max) {
      throw IngestError(
        path: sources.first?.files.first ?? "",
        message: "more than \(UInt32.max - 1) rows in the sources of one kind: split the period")
    }
  }

  /// The crimes read from rows of a file, with the labels met and the unusable outcome dates.
  struct CrimeRows: Sendable {
    var resolver: LabelResolver<OutcomeStatus>
    var crimes: [CrimeRecord] = []
    var badOutcomeDates: [String: Int] = [:]
    /// A row beyond line 2^31 - 1 (a crime holds its line in 4 bytes): the file is refused.
    var tooManyLines = false

    /// Adds the rows read after these (by a resolver that knew `known` labels when it started).
    mutating func absorb(_ next: CrimeRows, known: Int, linesBefore: Int) {
      let map = resolver.absorb(next.resolver, known: known)
      crimes.reserveCapacity(crimes.count + next.crimes.count)
      tooManyLines = tooManyLines || next.tooManyLines
      for var crime in next.crimes {
        guard crime.line + linesBefore <= Int(Int32.max) else {
          tooManyLines = true
          continue
        }
        crime.outcome = map[crime.outcome]
        crime.line += linesBefore
        crimes.append(crime)
      }
      for (text, n) in next.badOutcomeDates { badOutcomeDates[text, default: 0] += n }
    }
  }

  // MARK: - Reports

  /// Reads the reports sources together, as `readCrimes` does.
  func readReports(_ sources: [SourceConfig], into data: inout IngestedData) throws(IngestError) {
    var resolver = LabelResolver(Self.merged(sources.map(\.channels)))
    var reports: [ReportRecord] = []
    reports.reserveCapacity(estimatedRows(sources))
    var recs: [FileReconciliation] = []
    let range = config.coveredDays
    for source in sources {
      for fileIndex in source.files.indices {
        let globalFile = recs.count
        let rec = try readFile(
          source, fileIndex: fileIndex, columns: ["reference", "date", "channel"],
          dateColumn: "date",
          data: &data
        ) { record, cols, header in
          if record.isBlank(cols[0]) { return ("\(header[cols[0]]) is empty", "") }
          let day: Day
          switch checkDate(
            record, cols[1], header: header, pattern: source.dateFormat, within: range)
          {
          case .rejected(let reason, let detail): return (reason, detail)
          case .ok(let d): day = d
          }
          let channel = resolver.resolve(record.storage[record.range(cols[2])])
          reports.append(
            ReportRecord(
              reference: record.trimmedField(cols[0]), date: day,
              channel: channel, file: globalFile, line: record.line))
          return nil
        }
        recs.append(rec)
      }
      data.findings += resolver.takeFindings(source: source.name, what: "Channel")
    }
    // Duplicates: the later file, then the later line, wins.
    try Self.refuseTooManyRows(reports.count, sources)
    var keep = [Bool](repeating: true, count: reports.count)
    for loser in Self.duplicateLosers(reports) {
      keep[loser] = false
      recs[reports[loser].file].superseded += 1
      recs[reports[loser].file].accepted -= 1
    }
    keepOnly(keep, of: &reports)
    data.reports = reports
    data.channelLabels = resolver.labels
    data.reconciliation += recs
  }

  // MARK: - Activity

  /// Reads the activity sources together: their counts add up, and the months covered run from
  /// the earliest to the latest month of any of them (each source's `months`, or the months in
  /// its data).
  func readActivity(_ sources: [SourceConfig], into data: inout IngestedData) throws(IngestError) {
    var resolver = LabelResolver(Self.merged(sources.map(\.measures)))
    var counts: [Int: [YearMonth: Int]] = [:]
    var covered: [YearMonth] = []
    for source in sources {
      var monthsSeen = Set<YearMonth>()
      let monthRange: ClosedRange<Day>? = source.months.map {
        Day(year: $0.lowerBound.year, month: $0.lowerBound.month, day: 1)!...Day(
          year: $0.upperBound.year, month: $0.upperBound.month,
          day: Day.daysIn(month: $0.upperBound.month, year: $0.upperBound.year))!
      }
      for fileIndex in source.files.indices {
        let rec: FileReconciliation
        switch source.layout {
        case .events:
          rec = try readFile(
            source, fileIndex: fileIndex, columns: ["date", "measure"], dateColumn: "date",
            data: &data
          ) {
            record, cols, header in
            let day: Day
            switch checkDate(
              record, cols[0], header: header, pattern: source.dateFormat,
              within: monthRange ?? config.coveredDays)
            {
            case .rejected(let reason, let detail): return (reason, detail)
            case .ok(let d): day = d
            }
            let measure = resolver.resolve(record.storage[record.range(cols[1])])
            counts[measure, default: [:]][day.yearMonth, default: 0] += 1
            monthsSeen.insert(day.yearMonth)
            return nil
          }
        case .monthly:
          var monthColumns: [(Int, YearMonth)]? = nil
          rec = try readFile(
            source, fileIndex: fileIndex, columns: ["measure"], dateColumn: nil, data: &data
          ) {
            record, cols, header in
            if monthColumns == nil {
              monthColumns = header.enumerated().compactMap { i, h in
                i == cols[0] ? nil : MonthHeader.parse(h).map { (i, $0) }
              }
            }
            var values: [(YearMonth, Int)] = []
            for (i, month) in monthColumns ?? [] {
              let text = record.trimmedField(i)
              if text.isEmpty { continue }
              guard let n = Int(text), n >= 0 else {
                return ("A month's count is not a whole number", "\(header[i]): '\(text)'")
              }
              if let monthRange,
                !(monthRange.lowerBound.yearMonth...monthRange.upperBound.yearMonth).contains(month)
              {
                continue
              }
              values.append((month, n))
            }
            let measure = resolver.resolve(record.storage[record.range(cols[0])])
            for (month, n) in values {
              counts[measure, default: [:]][month, default: 0] += n
              monthsSeen.insert(month)
            }
            return nil
          }
        }
        data.reconciliation.append(rec)
      }
      if let months = source.months {
        covered += [months.lowerBound, months.upperBound]
      } else if let first = monthsSeen.min(), let last = monthsSeen.max() {
        covered += [first, last]
      }
      data.findings += resolver.takeFindings(source: source.name, what: "Activity")
    }
    data.measureLabels = resolver.labels
    data.activity = resolver.labels.indices.map { counts[$0] ?? [:] }
    if let first = covered.min(), let last = covered.max() {
      data.activityMonths = first.through(last)
    }
  }
}

extension Ingestor.OpenedFile {
  /// Reads rows from `reader` until it ends, counting each in `tally` and giving each usable row
  /// to `accept` with `part`.
  func readRows<Reader: TabularReader, Part>(
    from reader: inout Reader, into tally: inout Ingestor.RowTally, part: inout Part,
    accept: (inout Part, TabularRecord, [Int], [String]) -> (String, String)?
  ) throws(IngestError) {
    let padShortRows = isWorkbook
    while true {
      let next: TabularRecord?
      do {
        next = try reader.next()
      } catch {
        tally.rowsRead += 1
        switch error {
        case .malformedRecord(_, let line, let reason):
          tally.reject(
            self, line, isWorkbook ? "Malformed XLSX row" : "Malformed CSV record", reason, [])
          continue
        case .unreadable(_, let reason):
          throw IngestError(path: shown, message: "reading stopped: \(reason)")
        }
      }
      guard var record = next else { break }
      tally.rowsRead += 1
      if record.count == 1 && record.isBlank(0) {
        // Only spaces, tabs or "": no row, but counted, so rows read still add up.
        tally.reject(
          self, record.line, "Blank line",
          "only spaces, tabs or empty quotes where a row should be",
          [])
        continue
      }
      if padShortRows && record.count < header.count {
        while record.count < header.count { record.ends.append(record.storage.count) }
      }
      if record.count != header.count {
        // XLSX rows may carry empty trailing cells beyond the header; anything else is ragged.
        let extraBlank =
          record.count > header.count
          && (header.count..<record.count).allSatisfy { record.isBlank($0) }
        if !(padShortRows && extraBlank) {
          tally.reject(
            self, record.line, "Wrong number of fields",
            "\(record.count) fields where the header has \(header.count)", record.fields)
          continue
        }
      }
      for (k, i) in profiled.enumerated() where !record.isBlank(columnIndexes[i]) {
        let column = columnIndexes[i]
        let parsed = tally.profiles[k].add(record.storage[record.range(column)])
        record.keepParsed(parsed, column: column, slot: k)
      }
      if !tally.sawDateOfTheFormat && !record.isBlank(dateIndex) {
        if case .wrongShape = record.parsedDate(dateIndex, source.dateFormat) {
          if tally.firstOtherDate == nil { tally.firstOtherDate = record.field(dateIndex) }
        } else {
          tally.sawDateOfTheFormat = true
        }
      }
      if let (reason, detail) = accept(&part, record, columnIndexes, header) {
        tally.reject(self, record.line, reason, detail, record.fields)
      } else {
        tally.accepted += 1
      }
    }
  }

  /// The file's reconciliation once its rows are read; its rejected rows and date profiles go
  /// into `data`. Refuses a file whose date column never has the configured format's shape.
  func finish(
    _ tally: Ingestor.RowTally, reader: any TabularReader, hashing: FileHash,
    into data: inout IngestedData
  ) throws(IngestError) -> FileReconciliation {
    if !tally.sawDateOfTheFormat, let first = tally.firstOtherDate {
      var message =
        "no value of '\(header[dateIndex])' matches the date format \(source.dateFormat.written); the first is '\(first)'. Check date_format of the source '\(source.name)'."
      if source.dateFormat.text != "iso", let iso = DatePattern("iso"), case .day = iso.parse(first)
      {
        message +=
          " It is in the form yyyy-MM-dd, as XLSX date cells are read: date_format: iso reads it."
      } else if let profile = tally.profiles.first(where: { $0.column == header[dateIndex] }),
        let (other, share) = QualityGates.bestOtherFormat(profile), share >= 0.5
      {
        message +=
          " \(Wording.percent(share)) of its values are dates in the form \(other.text): date_format: \(other.text) reads them."
      }
      // police.uk months (2023-03) are not dates: such a file is open data, not an export.
      if let hint = OpenDataKindHint.sentence(header: header) { message += " " + hint }
      throw IngestError(path: shown, message: message)
    }
    data.rejected += tally.rejected
    data.dateProfiles += tally.profiles
    // Line endings are known only once the whole file has been read.
    var rec = FileReconciliation(
      source: source.name, path: shown, sha256: "", rowsRead: tally.rowsRead,
      accepted: tally.accepted, superseded: 0, rejectedByReason: tally.rejectedByReason,
      format: reader.formatDescription)
    switch hashing.result() {
    case .success(let sha): rec.sha256 = sha
    case .failure(let error):
      throw IngestError(path: shown, message: "the file cannot be read: \(error)")
    }
    return rec
  }
}

/// Reads a month from a column header of a wide monthly table: `Sep-22`, `Sep 2022`,
/// `September 2022`, `2022-09`, or an XLSX date `2022-09-01`.
public enum MonthHeader {
  public static func parse(_ text: String) -> YearMonth? {
    let t = text.trimmingCharacters(in: .whitespaces)
    if let ym = YearMonth(iso: t) ?? Day(iso: t)?.yearMonth {
      return (1900...2100).contains(ym.year) ? ym : nil
    }
    let parts = t.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == "/" })
    guard parts.count == 2 else { return nil }
    let name = parts[0].lowercased()
    guard
      let m = YearMonth.shortNames.firstIndex(where: { name == $0.lowercased() })
        ?? YearMonth.longNames.firstIndex(where: { name == $0.lowercased() }),
      let y = Int(parts[1])
    else { return nil }
    let year = parts[1].count == 2 ? 2000 + y : y
    guard (1900...2100).contains(year) else { return nil }  // Sep-99999 would make 1.2m months
    return YearMonth(year: year, month: m + 1)
  }
}

extension TabularRecord {
  /// Field `index` without leading or trailing spaces and tabs, trimmed on the bytes (no
  /// Foundation call per row).
  func trimmedField(_ index: Int) -> String {
    var r = range(index)
    while r.lowerBound < r.upperBound,
      storage[r.lowerBound] == 0x20 || storage[r.lowerBound] == 0x09
    {
      r = (r.lowerBound + 1)..<r.upperBound
    }
    while r.lowerBound < r.upperBound,
      storage[r.upperBound - 1] == 0x20 || storage[r.upperBound - 1] == 0x09
    {
      r = r.lowerBound..<(r.upperBound - 1)
    }
    return String(decoding: storage[r], as: UTF8.self)
  }
}

/// A progress line on standard error while a large file is read, when standard error is a
/// terminal and the file has taken more than two seconds: rows read, megabytes and speed. Silent
/// otherwise (in scripts, CI and tests), and the line is cleared once the file is read.
struct Progress {
  let file: String
  let bytes: Int
  let start = Date()
  private var shown = false
  static let enabled = isatty(STDERR_FILENO) == 1

  init(file: String, bytes: Int) {
    self.file = file
    self.bytes = bytes
  }

  mutating func show(rows: Int, bytes read: Int) {
    guard Self.enabled else { return }
    let seconds = Date().timeIntervalSince(start)
    guard seconds > 2 else { return }
    let mb = Double(read) / 1e6
    let line =
      "\r\(file): \(Wording.count(rows)) rows read, "
      + String(format: "%.0f of %.0f MB, %.0f MB/s ", mb, Double(bytes) / 1e6, mb / seconds)
    FileHandle.standardError.write(Data(line.utf8))
    shown = true
  }

  func finish() {
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}

/// A file's SHA-256 worked out in the background: `result()` waits for it.
final class FileHash: @unchecked Sendable {
  private let group = DispatchGroup()
  private var value: Result<String, any Error> = .success("")

  init(path: String) {
    group.enter()
    DispatchQueue.global(qos: .userInitiated).async {
      // Written once before `leave`, read only after `wait`: the group orders the two.
      do { self.value = .success(try SHA256.hex(ofFileAt: path)) } catch {
        self.value = .failure(error)
      }
      self.group.leave()
    }
  }

  func result() -> Result<String, any Error> {
    group.wait()
    return value
  }
}

/// A hash table from byte strings (labels, references) to an `Int`, for the per-row look-ups of
/// the ingest: a fast 64-bit hash of the bytes instead of Swift's seeded SipHash, open
/// addressing with linear probing, and every key's bytes kept in one contiguous arena so a
/// collision is settled by comparing bytes.
struct ByteKeyTable {
  /// `slots[i]` is 0 when empty, otherwise the upper 32 bits of the key's hash over entry
  /// number + 1, so most probes that do not match are settled without leaving the table. The
  /// count is a power of two; a key's first slot is its hash's low bits.
  private var slots: [UInt64]
  private var mask: Int
  /// Entry e's key is `arena[keyEnds[e - 1] ..< keyEnds[e]]` (0 for the first).
  private var keyEnds: [Int] = []
  private var arena: [UInt8] = []
  /// The value of each entry, by entry number.
  var values: [Int] = []

  init(expectedCount: Int) {
    var capacity = 16
    while capacity < expectedCount * 2 { capacity <<= 1 }
    slots = [UInt64](repeating: 0, count: capacity)
    mask = capacity - 1
    keyEnds.reserveCapacity(expectedCount)
    values.reserveCapacity(expectedCount)
  }

  /// The number of entries.
  var count: Int { values.count }

  /// The slot holding `key` (with its entry), or the empty slot where it would go.
  private func probe(_ key: UnsafeRawBufferPointer, hash: UInt64) -> (slot: Int, entry: Int?) {
    let tag = hash & 0xFFFF_FFFF_0000_0000
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let content = slots[slot]
      if content == 0 { return (slot, nil) }
      if content & 0xFFFF_FFFF_0000_0000 == tag {
        let e = Int(truncatingIfNeeded: content & 0xFFFF_FFFF) - 1
        let start = e == 0 ? 0 : keyEnds[e - 1]
        let length = keyEnds[e] - start
        if length == key.count {
          let same = arena.withUnsafeBytes { a in
            length == 0 || memcmp(a.baseAddress! + start, key.baseAddress!, length) == 0
          }
          if same { return (slot, e) }
        }
      }
      slot = (slot + 1) & mask
    }
  }

  /// The entry for `key`, if there is one (nothing is added).
  func lookup(_ key: UnsafeRawBufferPointer) -> Int? {
    probe(key, hash: Self.hash(key)).entry
  }

  /// The bytes of entry `e`'s key.
  func key(_ e: Int) -> ArraySlice<UInt8> {
    arena[(e == 0 ? 0 : keyEnds[e - 1])..<keyEnds[e]]
  }

  /// The entry for `key`: the one already there (`existing`), or a new one whose value (0) the
  /// caller sets.
  mutating func find(_ key: UnsafeRawBufferPointer) -> (entry: Int, existing: Bool) {
    let hash = Self.hash(key)
    let tag = hash & 0xFFFF_FFFF_0000_0000
    let (slot, found) = probe(key, hash: hash)
    if let found { return (found, true) }
    let e = values.count
    arena.append(contentsOf: key)
    keyEnds.append(arena.count)
    values.append(0)
    slots[slot] = tag | UInt64(e + 1)
    if values.count * 2 > slots.count { grow() }
    return (e, false)
  }

  private mutating func grow() {
    let capacity = slots.count * 2
    slots = [UInt64](repeating: 0, count: capacity)
    mask = capacity - 1
    arena.withUnsafeBytes { a in
      for e in keyEnds.indices {
        let start = e == 0 ? 0 : keyEnds[e - 1]
        let hash = Self.hash(UnsafeRawBufferPointer(rebasing: a[start..<keyEnds[e]]))
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(e + 1)
      }
    }
  }

  /// A 64-bit hash of `bytes`: eight bytes at a time through a multiply–xor mix, finished with
  /// MurmurHash3's fmix64 so the low bits (the slot) depend on every byte. Not for untrusted
  /// keys chosen to collide; collisions only cost time, never correctness.
  static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    guard let base = bytes.baseAddress else { return fmix(h) }
    var i = 0
    let n = bytes.count
    while i + 8 <= n {
      let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 29
      i += 8
    }
    if i < n {
      var word: UInt64 = 0
      var shift: UInt64 = 0
      while i < n {
        word |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
        shift += 8
        i += 1
      }
      h = (h ^ word) &* 0xC4CE_B9FE_1A85_EC53
      h ^= h >> 29
    }
    return fmix(h)
  }

  /// MurmurHash3's 64-bit finaliser: every bit of `x` reaches every bit of the result.
  static func fmix(_ x: UInt64) -> UInt64 {
    var h = x
    h ^= h >> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h = h &* 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
  }
}

/// Duplicates among many rows, settled on every core: rows are split by the top bits of their
/// key's hash into shards (every copy of a key falls in one shard), and each shard keeps its own
/// small table, so no row waits on a table of every key.
enum DuplicateKeys {
  /// 16 shards: enough to keep each table near the cache and the cores evenly loaded.
  static let shardBits = 4

  /// The hash a row's key is settled on: `ByteKeyTable.hash` of its bytes, and of its NFC form
  /// when it is not ASCII (so canonically equivalent references, equal as Swift strings, meet).
  static func hash(reference: String) -> UInt64 {
    var text = reference
    let ascii = text.withUTF8 { $0.allSatisfy { $0 < 0x80 } }
    if !ascii { text = text.precomposedStringWithCanonicalMapping }
    return text.withUTF8 { ByteKeyTable.hash(UnsafeRawBufferPointer($0)) }
  }

  /// The hashes of `count` rows' references, computed in parallel.
  static func hashes(count: Int, reference: @escaping @Sendable (Int) -> String) -> [UInt64] {
    guard count > 0 else { return [] }
    return [UInt64](unsafeUninitializedCapacity: count) { out, initialized in
      let chunk = 1 << 16
      let target = SendablePointer(out.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
        for i in (c * chunk)..<min(count, (c + 1) * chunk) {
          target.pointer[i] = hash(reference: reference(i))
        }
      }
      initialized = count
    }
  }

  /// The rows that lose to another row with the same key. Each shard visits its rows in order;
  /// when a row meets the current holder of its key (`same(holder, row)`), `laterWins(holder,
  /// row)` says whether the row takes the key's place; the other loses. The winner of each key
  /// is therefore the same whatever the shards, as long as `laterWins` is an order on the rows.
  /// `hashes.count` must be below 2^32 (the caller refuses more rows).
  static func losers(
    hashes: [UInt64], same: @escaping @Sendable (Int, Int) -> Bool,
    laterWins: @escaping @Sendable (Int, Int) -> Bool
  ) -> [Int] {
    let shards = 1 << shardBits
    let shift = UInt64(64 - shardBits)
    var starts = [Int](repeating: 0, count: shards + 1)
    for h in hashes { starts[Int(h >> shift) + 1] += 1 }
    for s in 0..<shards { starts[s + 1] += starts[s] }
    var order = [UInt32](repeating: 0, count: hashes.count)
    var next = starts
    for (i, h) in hashes.enumerated() {
      let s = Int(h >> shift)
      order[next[s]] = UInt32(i)
      next[s] += 1
    }
    let results = Ingestor.PartSlots<[Int]>(count: shards)
    DispatchQueue.concurrentPerform(iterations: shards) { [order, starts] s in
      let rows = order[starts[s]..<starts[s + 1]]
      var capacity = 16
      while capacity < rows.count * 2 { capacity <<= 1 }
      var slots = [UInt64](repeating: 0, count: capacity)
      let mask = capacity - 1
      var lost: [Int] = []
      let tagBits: UInt64 = 0xFFFF_FFFF_0000_0000
      for (position, row32) in rows.enumerated() {
        let row = Int(row32)
        let h = hashes[row]
        let tag = h & tagBits
        let entry = tag | UInt64(position + 1)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
          let content = slots[slot]
          if content == 0 {
            slots[slot] = entry
            break
          }
          if content & tagBits == tag {
            let holder = Int(rows[rows.startIndex + Int(content & 0xFFFF_FFFF) - 1])
            if same(holder, row) {
              if laterWins(holder, row) {
                lost.append(holder)
                slots[slot] = entry
              } else {
                lost.append(row)
              }
              break
            }
          }
          slot = (slot + 1) & mask
        }
      }
      results.set(s, lost)
    }
    return (0..<shards).flatMap { results.take($0) }
  }
}

/// A pointer handed to the threads of `concurrentPerform`, each writing its own elements.
struct SendablePointer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
