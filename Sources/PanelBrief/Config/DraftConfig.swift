import Foundation

/// A first configuration for a new force, worked out from its export files by `panelbrief init`:
/// which file is crimes, reports or the team's activity, which column is the reference, the dates
/// (with their format), the outcome and the channel, and every label of those columns with the
/// meaning guessed for it. Written out as YAML (`yaml`) with a comment on each guess that needs a
/// person's check; once those are settled it is an ordinary `panel.yml`.
public struct DraftConfig: Sendable {
  /// Where the configuration is to be written; file paths in it are relative to its folder.
  public var configPath: String
  /// The sources found: at most one per kind and header, files with the same header together.
  public var sources: [DraftSource]
  /// Files that could not be used, each with the reason.
  public var skipped: [DraftSkippedFile]
  /// Calendar years, or financial years when the only source is the Home Office outcomes table.
  public var basis: BriefingConfig.PeriodBasis = .calendar
  /// The years covered (a financial year by the year it starts in), from the dates crimes (or
  /// reports) were recorded, else the police.uk months, else the Home Office financial years.
  public var years: [Int]
  /// How the years were chosen, for the comment beside them.
  public var yearsNote: String
  /// The latest date seen in the exports: a stand-in for the extraction date.
  public var extractionDate: Day
  public var extractionNote: String

  /// The draft's first rows read per file to recognise its columns.
  public static let defaultSampleRows = 5_000
}

/// An export file the draft could not use, and why, in a sentence.
public struct DraftSkippedFile: Sendable, Equatable {
  public var path: String
  public var reason: String
}

/// Why no draft could be made, as a sentence naming the file.
public struct DraftError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// One export file of a draft source.
public struct DraftFile: Sendable, Equatable {
  /// The path as the configuration writes it (relative to the configuration's folder).
  public var path: String
  /// What the reader found: encoding, line endings, delimiter, or the workbook's sheet.
  public var format: String
  /// Data rows (the header excluded) and records that could not be read.
  public var rows: Int
  public var malformed: Int
  /// police.uk files: the rows of each month (`Month`), and whether it is an outcomes file.
  public var monthRows: [YearMonth: Int] = [:]
  public var isPoliceUKOutcomes = false
}

/// A logical column of a source (`reference`, `recorded_date`...) and the export's header for it.
public struct DraftColumn: Sendable, Equatable {
  public var key: String
  public var header: String
}

/// One distinct label of an outcome, channel or measure column, written in its most frequent
/// spelling, with how often it occurs and, for outcomes, the meaning guessed for it.
public struct DraftLabel: Sendable, Equatable {
  public var label: String
  /// Rows with this label (any spelling: labels differing only in case and spacing are one).
  public var count: Int
  /// The outcome type or status guessed (outcome labels only).
  public var outcome: OutcomeStatus?
  public var certainty: DraftCertainty
  /// Why the guess was made, for the comment beside it.
  public var reason: String
}

/// A source of the draft: a kind of export, its files and what was guessed about its columns.
public struct DraftSource: Sendable {
  public var name: String
  public var kind: SourceConfig.Kind
  public var layout: SourceConfig.Layout
  public var files: [DraftFile]
  public var columns: [DraftColumn]
  /// The `date_format` (nil for a monthly activity tally, which has no date column).
  public var dateFormat: String?
  /// Why the date format is uncertain, when it is.
  public var dateFormatDoubt: String?
  /// Outcome labels in Home Office type order, then cancelled, unknown, unresolved.
  public var outcomes: [DraftLabel]
  /// Channels, most frequent first.
  public var channels: [DraftLabel]
  /// Activity labels, most frequent first; each becomes a measure of its own name.
  public var measures: [DraftLabel]
  /// Activity: the months with events.
  public var months: ClosedRange<YearMonth>?
  /// Sentences on guesses worth a second look (columns chosen, values that will be rejected).
  public var doubts: [String]
  /// police.uk files: what was read from them (police-uk sources only).
  public var policeUK: DraftPoliceUK? = nil
  /// The Home Office outcomes table: what was read and chosen (home-office-outcomes sources only).
  public var homeOffice: DraftHomeOffice? = nil
  /// Each logical date column's days (and how often each was seen), under `dateFormat`; for
  /// police.uk, `month` and `outcome_month` hold each month's last day.
  var days: [String: [Day: Int]] = [:]
}

extension DraftConfig {
  /// Reads the header and first rows of each export, recognises what each is, then streams each
  /// recognised file once more for its labels and dates. police.uk street and outcomes files
  /// (told by their exact headers) become one `police-uk` source, and Home Office outcomes tables
  /// one `home-office-outcomes` source, after the force's own sources. Files that cannot be
  /// recognised are listed in `skipped`; a file that does not exist, or no file recognised at
  /// all, is an error.
  ///
  /// - Parameters:
  ///   - exports: the export files, as given on the command line.
  ///   - configPath: where the configuration will be written (paths are made relative to it).
  ///   - sampleRows: rows read per file to recognise its columns.
  ///   - today: dates after it are not taken as the extraction date (default: today's date).
  public static func draft(
    exports: [String], configPath: String, sampleRows: Int = defaultSampleRows, today: Day? = nil
  ) throws(DraftError) -> DraftConfig {
    guard !exports.isEmpty else {
      throw DraftError("give at least one export file to draft a configuration from.")
    }
    let base = URL(fileURLWithPath: configPath).standardizedFileURL.deletingLastPathComponent()
    var recognised: [(sample: DraftFileSample, role: DraftFileRole)] = []
    var skipped: [DraftSkippedFile] = []
    var policeUKFiles: [String] = []
    var homeOfficeFiles: [String] = []
    for path in exports {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw DraftError("\(path): there is no such file.")
      }
      if isFolder.boolValue {
        throw DraftError("\(path): this is a folder; give the export files in it.")
      }
      if DraftOpenData.isPoliceUK(path) {
        policeUKFiles.append(path)
        continue
      }
      let sample: DraftFileSample
      do {
        sample = try DraftReading.sample(path, limit: max(1, sampleRows))
      } catch {
        switch error {
        case .unreadable(_, let reason), .malformedRecord(_, _, let reason):
          skipped.append(DraftSkippedFile(path: path, reason: "it cannot be read: \(reason)"))
        }
        continue
      }
      if DraftOpenData.isHomeOffice(sample.header) {
        homeOfficeFiles.append(path)
        continue
      }
      switch DraftReading.classify(sample) {
      case .success(let role): recognised.append((sample, role))
      case .failure(let why): skipped.append(DraftSkippedFile(path: path, reason: why.reason))
      }
    }
    var openSources: [DraftSource] = []
    if !policeUKFiles.isEmpty,
      let s = DraftOpenData.policeUKSource(policeUKFiles, base: base, skipped: &skipped)
    {
      openSources.append(s)
    }
    if !homeOfficeFiles.isEmpty,
      let s = DraftOpenData.homeOfficeSource(homeOfficeFiles, base: base, skipped: &skipped)
    {
      openSources.append(s)
    }
    guard !recognised.isEmpty || !openSources.isEmpty else {
      throw DraftError(
        "none of the files is an export PanelBrief recognises:\n"
          + skipped.map { "  \($0.path): \($0.reason)." }.joined(separator: "\n"))
    }

    // Files of the same kind and header form one source, in the order crimes, reports, activity.
    var groups: [(key: String, members: [(DraftFileSample, DraftFileRole)])] = []
    for (sample, role) in recognised {
      // The file's own header: a ragged row that padded the sample's header changes nothing.
      let key =
        "\(role.kind.rawValue)|\(role.layout.rawValue)|"
        + sample.header.prefix(sample.fieldCount).map(normalisedLabel).joined(separator: "\u{1}")
      if let i = groups.firstIndex(where: { $0.key == key }) {
        groups[i].members.append((sample, role))
      } else {
        groups.append((key, [(sample, role)]))
      }
    }
    let order: [SourceConfig.Kind] = [.crimes, .reports, .activity]
    groups = groups.enumerated().sorted {
      (order.firstIndex(of: $0.element.members[0].1.kind) ?? 0, $0.offset)
        < (order.firstIndex(of: $1.element.members[0].1.kind) ?? 0, $1.offset)
    }.map(\.element)

    var sources: [DraftSource] = []
    var kindCount: [SourceConfig.Kind: Int] = [:]
    for group in groups {
      let kind = group.members[0].1.kind
      kindCount[kind, default: 0] += 1
      let name = kindCount[kind] == 1 ? kind.rawValue : "\(kind.rawValue)-\(kindCount[kind]!)"
      var source = try buildSource(name: name, members: group.members, base: base)
      if kindCount[kind]! > 1 {
        source.doubts.append(
          "a second \(kind.rawValue) source, because its files have another header: PanelBrief counts one source of each kind, so merge the files into one source or remove one"
        )
      }
      sources.append(source)
    }
    sources += openSources

    // The period: the years of the recorded dates, leaving out stray years and a part year at the end.
    let today = today ?? Self.today()
    var periodDays: [Day: Int] = [:]
    for s in sources where s.kind == .crimes || s.kind == .reports {
      for (d, n) in s.days[s.kind == .crimes ? "recorded_date" : "date"] ?? [:] where d <= today {
        periodDays[d, default: 0] += n
      }
    }
    var periodWhat = "the years of the recorded dates"
    if periodDays.isEmpty {
      for s in sources where s.kind == .policeUK {
        for (d, n) in s.days["month"] ?? [:] where d <= today { periodDays[d, default: 0] += n }
      }
      if !periodDays.isEmpty { periodWhat = "the years of the police.uk months" }
    }
    if periodDays.isEmpty {
      for s in sources {
        for (d, n) in s.days["date"] ?? [:] where d <= today { periodDays[d, default: 0] += n }
      }
      if !periodDays.isEmpty { periodWhat = "the years of the activity dates" }
    }
    var (years, yearsNote) = Self.period(periodDays, today: today, what: periodWhat)
    var basis = BriefingConfig.PeriodBasis.calendar
    let homeOffice = sources.first { $0.kind == .homeOfficeOutcomes }?.homeOffice
    if sources.allSatisfy({ $0.kind == .homeOfficeOutcomes }), let homeOffice,
      let first = homeOffice.financialYears.first, let last = homeOffice.financialYears.last
    {
      basis = .financial
      years = Array(first...last)
      yearsNote = "the financial years of the Home Office table"
    }
    if let first = years.first, let last = years.last {
      for i in sources.indices where sources[i].kind == .crimes || sources[i].kind == .reports {
        let key = sources[i].kind == .crimes ? "recorded_date" : "date"
        let outside = (sources[i].days[key] ?? [:]).filter {
          $0.key.year < first || $0.key.year > last
        }
        .values.reduce(0, +)
        if outside > 0 {
          let header = sources[i].columns.first { $0.key == key }?.header ?? key
          sources[i].doubts.append(
            "\(Self.rows(outside)) \(outside == 1 ? "has" : "have") a '\(header)' outside the years \(first)-\(last): \(outside == 1 ? "it" : "they") will be rejected"
          )
        }
      }
    }

    openDataDoubts(&sources, skipped: &skipped, basis: basis, years: years)
    var allDays: [Day: Int] = [:]
    for s in sources {
      for (_, days) in s.days { for (d, n) in days { allDays[d, default: 0] += n } }
    }

    // The extraction date: the latest date of the dense part of the data; a few dates well after
    // it (a mistyped year) are strays, not evidence of a later extraction.
    let dense = Self.denseSpan(allDays.filter { $0.key <= today }, gapDays: 31, strayShare: 0.01)
    let latest = dense?.span.upperBound
    let afterToday = allDays.filter { $0.key > today }.values.reduce(0, +)
    var extractionNote =
      "TODO confirm: the latest date in the exports; dates after it would be rejected"
    if let latest,
      !sources.contains(where: { s in
        s.kind != .policeUK && s.days.values.contains { $0[latest] != nil }
      })
    {
      extractionNote =
        "TODO confirm: the end of the latest police.uk month; give the date the files were downloaded"
    }
    if let dense, dense.after > 0 {
      extractionNote +=
        " (\(dense.after) later date\(dense.after == 1 ? "" : "s"), up to \(dense.latestStray!.iso), more than a month after the rest, look\(dense.after == 1 ? "s" : "") stray)"
    }
    if afterToday > 0 { extractionNote += " (\(afterToday) dates after today were left out)" }
    var extraction =
      latest ?? Day(year: (years.last ?? today.year), month: 12, day: 31) ?? today
    if basis == .financial, let last = years.last,
      let end = Day(year: last + 1, month: 3, day: 31)
    {
      extraction = end
      extractionNote =
        "TODO confirm: the end of the latest financial year in the Home Office table; give the date the table was published"
    }

    return DraftConfig(
      configPath: configPath, sources: sources, skipped: skipped, basis: basis, years: years,
      yearsNote: yearsNote,
      extractionDate: extraction, extractionNote: extractionNote)
  }

  /// The span of `days` without stray runs at either end: the days are cut into runs wherever
  /// more than `gapDays` pass without a date, and a first or last run holding less than
  /// `strayShare` of the rows is left out (as long as another run remains). `before` and `after`
  /// count the rows left out.
  static func denseSpan(_ days: [Day: Int], gapDays: Int, strayShare: Double) -> (
    span: ClosedRange<Day>, before: Int, after: Int, latestStray: Day?
  )? {
    let sorted = days.keys.sorted()
    guard !sorted.isEmpty else { return nil }
    var runs: [(first: Day, last: Day, rows: Int)] = []
    for d in sorted {
      if let last = runs.last, d.ordinal - last.last.ordinal <= gapDays {
        runs[runs.count - 1].last = d
        runs[runs.count - 1].rows += days[d]!
      } else {
        runs.append((d, d, days[d]!))
      }
    }
    let total = Double(days.values.reduce(0, +))
    var before = 0
    var after = 0
    let latestStray = runs.count > 1 ? runs.last!.last : nil
    while runs.count > 1, Double(runs.last!.rows) < strayShare * total {
      after += runs.removeLast().rows
    }
    while runs.count > 1, Double(runs.first!.rows) < strayShare * total {
      before += runs.removeFirst().rows
    }
    return (runs.first!.first...runs.last!.last, before, after, after > 0 ? latestStray : nil)
  }

  /// What the ingest will do with the open data given the drafted years: police.uk rows of
  /// months outside them, and Home Office rows of financial years outside them, are rejected;
  /// months of the years the street files leave out are said in the paper. An open-data source
  /// with nothing in the years (the ingest would refuse it) is left out of the draft and said.
  static func openDataDoubts(
    _ sources: inout [DraftSource], skipped: inout [DraftSkippedFile],
    basis: BriefingConfig.PeriodBasis, years: [Int]
  ) {
    guard let first = years.first, let last = years.last else { return }
    defer {
      let empty = sources.filter {
        $0.doubts.contains(Self.nothingInThePeriod) && $0.kind != .policeUK
      }
      for s in empty {
        for f in s.files {
          skipped.append(
            DraftSkippedFile(
              path: f.path,
              reason:
                "none of the \(s.kind.rawValue) rows is in \(basis.label(first))\(first == last ? "" : " to " + basis.label(last)), the years drafted from the other files (give its files a configuration of their own)"
            ))
        }
      }
      sources.removeAll { $0.doubts.contains(Self.nothingInThePeriod) }
    }
    let covered = basis.bounds(first).lowerBound...basis.bounds(last).upperBound
    let period = "\(basis.label(first))\(first == last ? "" : " to " + basis.label(last))"
    for i in sources.indices {
      if sources[i].kind == .policeUK {
        // A file whose rows would all be rejected for their month is left out of the draft
        // (said), so the draft's configuration counts what it lists: a street file with no
        // month in the years, an outcomes file with only months before them.
        let start = covered.lowerBound.yearMonth
        let end = covered.upperBound.yearMonth
        var kept: [DraftFile] = []
        var left: [DraftSkippedFile] = []
        for f in sources[i].files {
          let months = f.monthRows.keys
          let useless =
            !months.isEmpty
            && months.allSatisfy { f.isPoliceUKOutcomes ? $0 < start : !(start...end).contains($0) }
          if useless {
            let list = months.sorted().map(\.iso).joined(separator: ", ")
            let verb = months.count == 1 ? "is" : "are"
            left.append(
              DraftSkippedFile(
                path: f.path,
                reason:
                  "its month\(months.count == 1 ? "" : "s") (\(list)) \(verb) \(f.isPoliceUKOutcomes ? "before" : "outside") \(period), the years drafted: every row would be rejected"
              ))
          } else {
            kept.append(f)
          }
        }
        let hadStreet = sources[i].files.contains { !$0.isPoliceUKOutcomes }
        if kept.isEmpty || (hadStreet && kept.allSatisfy(\.isPoliceUKOutcomes)) {
          // No street file left: the source has no crime of the years; left out whole.
          for f in sources[i].files where !left.contains(where: { $0.path == f.path }) {
            left.append(
              DraftSkippedFile(
                path: f.path,
                reason:
                  "no police.uk street file of \(period), the years drafted, is given with it")
            )
          }
          skipped += left
          sources[i].doubts.append(Self.nothingInThePeriod)
          continue
        }
        skipped += left
        sources[i].files = kept
        let street = kept.filter { !$0.isPoliceUKOutcomes }
        let outside = street.flatMap { $0.monthRows.filter { !(start...end).contains($0.key) } }
          .map(\.value).reduce(0, +)
        if outside > 0 {
          sources[i].doubts.append(
            "\(Self.rows(outside)) of the street files \(outside == 1 ? "has a month" : "have months") outside \(period): \(outside == 1 ? "it" : "they") will be rejected (and counted in the reconciliation)"
          )
        }
        let months = Set(street.flatMap(\.monthRows.keys).filter { (start...end).contains($0) })
        if let lastMonth = months.max() {
          let missing = start.through(lastMonth).filter { !months.contains($0) }
          if !missing.isEmpty {
            sources[i].doubts.append(
              "the street files have no rows for \(missing.map(\.iso).joined(separator: ", ")) of \(period): the paper will say its figures leave \(missing.count == 1 ? "that month" : "those months") out"
            )
          }
        }
      }
      if sources[i].kind == .homeOfficeOutcomes, let h = sources[i].homeOffice {
        let outside = h.financialYears.filter {
          let fy = BriefingConfig.PeriodBasis.financial.bounds($0)
          return fy.lowerBound < covered.lowerBound || fy.upperBound > covered.upperBound
        }
        if !outside.isEmpty && outside.count == h.financialYears.count {
          sources[i].doubts.append(Self.nothingInThePeriod)
        } else if !outside.isEmpty {
          sources[i].doubts.append(
            "the Home Office rows of \(outside.map(BriefingConfig.PeriodBasis.financial.label).joined(separator: ", ")) are not within \(period): they will be rejected (and counted in the reconciliation)"
          )
        }
      }
    }
  }

  /// The doubt that marks an open-data source with nothing in the drafted years.
  static let nothingInThePeriod = "nothing in the period"

  static func today() -> Day {
    let c = Calendar(identifier: .gregorian).dateComponents(
      in: TimeZone(identifier: "UTC")!, from: Date())
    return Day(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? Day(
      year: 2000, month: 1, day: 1)!
  }

  /// Years with at least 5% of the busiest year's rows, without gaps; a last year the data only
  /// partly cover (latest day before December) is left out when other years remain.
  static func period(
    _ days: [Day: Int], today: Day, what: String = "the years of the recorded dates"
  ) -> ([Int], String) {
    var byYear: [Int: Int] = [:]
    for (d, n) in days { byYear[d.year, default: 0] += n }
    guard let busiest = byYear.values.max(), busiest > 0 else {
      return ([today.year - 1], "TODO: no dates were found; give the years the paper covers")
    }
    let kept = byYear.filter { $0.value * 20 >= busiest }.keys.sorted()
    var years = Array(kept.first!...kept.last!)
    var notes: [String] = []
    let stray = byYear.filter { !years.contains($0.key) }.sorted { $0.key < $1.key }
    if !stray.isEmpty {
      notes.append(
        "left out: "
          + stray.map { "\($0.key) (\($0.value) row\($0.value == 1 ? "" : "s"))" }.joined(
            separator: ", ")
          + ", too few to be a year of the paper")
    }
    if years.count > 1, let last = days.keys.filter({ $0.year == years.last! }).max(),
      last.month < 12
    {
      notes.append("\(years.last!) left out: the data only reach \(last.iso), a part year")
      years.removeLast()
    }
    let text =
      what
      + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))
    return (years, text)
  }

  // MARK: - One source

  static func buildSource(
    name: String, members: [(DraftFileSample, DraftFileRole)], base: URL
  ) throws(DraftError) -> DraftSource {
    let role = members[0].1
    let header = members[0].0.header
    let labelKey: String? =
      switch role.kind {
      case .crimes: "outcome"
      case .reports: "channel"
      case .activity: "measure"
      case .policeUK, .homeOfficeOutcomes: nil  // fixed layouts: never drafted from columns
      }
    let dateKeys = role.columns.map(\.key).filter { $0.hasSuffix("date") }
    var spellings: [String: [String: Int]] = [:]
    var firstSeen: [String: Int] = [:]
    var blankLabels = 0
    var tooMany = false
    var evidence: [String: DraftDateEvidence] = [:]
    var blankDates: [String: Int] = [:]
    var blankReferences = 0
    var ragged = 0
    var files: [DraftFile] = []
    var monthlyMonths: [YearMonth] = []
    let labelIndex = role.columns.first { $0.key == labelKey }?.index
    let referenceIndex = role.columns.first { $0.key == "reference" }?.index
    let dateIndexes = role.columns.filter { dateKeys.contains($0.key) }

    for (sample, _) in members {
      var cache: [ArraySlice<UInt8>: (String, String)] = [:]
      let result: (header: [String], format: String, rows: Int, malformed: Int)
      do {
        result = try DraftReading.stream(sample.path, limit: nil) { record in
          // A row with another number of fields than the header is rejected by the ingest: its
          // values are not in their columns, so it says nothing about labels or dates.
          let extra =
            record.count > sample.fieldCount
            && !(sample.fieldCount..<record.count).allSatisfy { record.isBlank($0) }
          if extra || (!sample.isWorkbook && record.count < sample.fieldCount) {
            ragged += 1
            return
          }
          if let labelIndex {
            let raw = DraftReading.bytes(record, labelIndex)
            let pair: (String, String)
            if let p = cache[raw] {
              pair = p
            } else {
              let text = String(decoding: raw, as: UTF8.self)
              pair = (
                normalisedLabel(text),
                text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).joined(
                  separator: " ")
              )
              if cache.count < 10_000 { cache[raw] = pair }
            }
            if pair.0.isEmpty {
              blankLabels += 1
            } else if spellings[pair.0] != nil || spellings.count < 1_000 {
              if firstSeen[pair.0] == nil { firstSeen[pair.0] = firstSeen.count }
              spellings[pair.0, default: [:]][pair.1, default: 0] += 1
            } else {
              tooMany = true
            }
          }
          if let referenceIndex, record.isBlankField(referenceIndex) { blankReferences += 1 }
          for (key, index) in dateIndexes {
            let raw = DraftReading.bytes(record, index)
            if record.isBlankField(index) { blankDates[key, default: 0] += 1 }
            evidence[key, default: DraftDateEvidence()].add(raw)
          }
        }
      } catch {
        throw DraftError("\(sample.path): reading stopped: \(error)")
      }
      if role.layout == .monthly {
        for h in result.header { if let m = MonthHeader.parse(h) { monthlyMonths.append(m) } }
      }
      files.append(
        DraftFile(
          path: relativePath(sample.path, from: base), format: result.format, rows: result.rows,
          malformed: result.malformed))
    }

    var source = DraftSource(
      name: name, kind: role.kind, layout: role.layout, files: files,
      columns: role.columns.map { DraftColumn(key: $0.key, header: header[$0.index]) },
      dateFormat: nil, dateFormatDoubt: nil, outcomes: [], channels: [], measures: [], months: nil,
      doubts: [])
    var doubts: [String] = []
    // Files whose headers differ only in case give one doubt, not one each.
    for (_, r) in members {
      for d in r.doubts where !doubts.contains(where: { $0.lowercased() == d.lowercased() }) {
        doubts.append(d)
      }
    }
    if ragged > 0 {
      doubts.append(
        "\(Self.rows(ragged)) \(ragged == 1 ? "has" : "have") another number of fields than the header: \(ragged == 1 ? "it" : "they") will be rejected, and \(ragged == 1 ? "its" : "their") values are not used here"
      )
    }

    // One date format for the source, from all its date columns together.
    if !dateKeys.isEmpty {
      var all = DraftDateEvidence()
      for key in dateKeys { if let e = evidence[key] { all.merge(e) } }
      if let decision = all.decide(fromWorkbook: members.allSatisfy { $0.0.isWorkbook }) {
        source.dateFormat = decision.pattern
        source.dateFormatDoubt = decision.doubt
        for key in dateKeys {
          guard let e = evidence[key] else { continue }
          var one = e
          // Read each column's values with the source's decision, even if its own shape differs.
          one.shapes = all.shapes
          one.triples = e.triples
          let days = one.days(decision)
          source.days[key] = days
          let header = source.columns.first { $0.key == key }?.header ?? key
          let bad = e.nonBlank - days.values.reduce(0, +)
          if bad > 0 {
            doubts.append(
              "\(bad) value\(bad == 1 ? "" : "s") of '\(header)' \(bad == 1 ? "is" : "are") not \(bad == 1 ? "a date" : "dates") in the form \(decision.pattern)"
                + (key == "outcome_date"
                  ? " (the crimes are still counted)"
                  : ": \(bad == 1 ? "that row" : "those rows") will be rejected"))
          }
          if key != "outcome_date", let blank = blankDates[key], blank > 0 {
            doubts.append(
              "\(blank) row\(blank == 1 ? " has" : "s have") no '\(header)': \(blank == 1 ? "it" : "they") will be rejected"
            )
          }
        }
      }
    }
    if blankReferences > 0, let ref = source.columns.first(where: { $0.key == "reference" }) {
      doubts.append(
        "\(blankReferences) row\(blankReferences == 1 ? " has" : "s have") no '\(ref.header)': \(blankReferences == 1 ? "it" : "they") will be rejected"
      )
    }

    // The labels, each in its most frequent spelling.
    var labels: [(label: String, count: Int, first: Int)] = []
    for (key, forms) in spellings {
      let best = forms.max { ($0.value, $1.key) < ($1.value, $0.key) }!
      labels.append((best.key, forms.values.reduce(0, +), firstSeen[key] ?? 0))
    }
    let byFrequency = labels.sorted { ($0.count, $1.label) > ($1.count, $0.label) }
    let what = labelKey.flatMap { key in source.columns.first { $0.key == key }?.header } ?? "label"
    if blankLabels > 0 {
      doubts.append(
        "\(blankLabels) row\(blankLabels == 1 ? " has" : "s have") no '\(what)': \(blankLabels == 1 ? "it is" : "they are") counted as \"Unmapped: (blank)\""
      )
    }
    if tooMany {
      doubts.append(
        "'\(what)' has more than 1,000 different labels: only the first 1,000 are listed; is it the right column?"
      )
    }
    switch role.kind {
    case .crimes:
      source.outcomes = byFrequency.map { l in
        let g = DraftOutcomeGuess.guess(l.label)
        return DraftLabel(
          label: l.label, count: l.count, outcome: g.status, certainty: g.certainty,
          reason: g.reason)
      }.sorted { (rank($0.outcome), $0.label) < (rank($1.outcome), $1.label) }
    case .reports:
      source.channels = byFrequency.map {
        DraftLabel(label: $0.label, count: $0.count, outcome: nil, certainty: .sure, reason: "")
      }
    case .policeUK, .homeOfficeOutcomes:
      break
    case .activity:
      source.measures = byFrequency.map {
        DraftLabel(label: $0.label, count: $0.count, outcome: nil, certainty: .todo, reason: "")
      }
      if role.layout == .monthly {
        if let first = monthlyMonths.min(), let last = monthlyMonths.max() {
          source.months = first...last
        }
      } else if let days = source.days["date"],
        let dense = Self.denseSpan(days, gapDays: 62, strayShare: 0.05)
      {
        // Months where the events are: a stray row years away does not stretch them.
        source.months = dense.span.lowerBound.yearMonth...dense.span.upperBound.yearMonth
        let stray = dense.before + dense.after
        if stray > 0 {
          doubts.append(
            "\(Self.rows(stray)) dated more than two months away from the rest of the events \(stray == 1 ? "is" : "are") left out of months and will be rejected"
          )
        }
      }
    }
    source.doubts = doubts
    return source
  }

  /// Home Office types in order, then cancelled, unknown, unresolved.
  static func rank(_ status: OutcomeStatus?) -> Int {
    switch status {
    case .outcome(let t): t.number * 2 + (t.alternativeOffence ? 1 : 0)
    case .cancelledOrTransferred: 100
    case .unknown: 101
    case .unresolved: 102
    case nil: 103
    }
  }

  /// `path` written relative to the folder `base` (`exports/a.csv`, `../data/a.csv`).
  static func relativePath(_ path: String, from base: URL) -> String {
    let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
    let from = base.standardizedFileURL.pathComponents
    var common = 0
    while common < min(target.count, from.count) && target[common] == from[common] { common += 1 }
    if common <= 1 { return URL(fileURLWithPath: path).standardizedFileURL.path }
    let ups = Array(repeating: "..", count: from.count - common)
    return (ups + target[common...]).joined(separator: "/")
  }
}

extension TabularRecord {
  /// `true` when field `index` is blank or missing (a short row).
  fileprivate func isBlankField(_ index: Int) -> Bool { index >= count || isBlank(index) }
}
