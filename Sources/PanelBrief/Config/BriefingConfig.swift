import Foundation
import Yams

/// Everything one paper needs to be made, read from its YAML configuration (`panel.yml`).
/// Every key is documented in README's configuration reference.
public struct BriefingConfig: Sendable {
  /// The configuration file, as given.
  public var path: String
  /// The folder the configuration's file paths are relative to.
  public var baseDirectory: String
  /// The configuration's name: its folder's name (`seed-force`), used for the default output folder.
  public var name: String

  public var title: String
  public var subtitle: String
  /// What the crimes are, in running text: "modern slavery" (the default) makes "modern slavery
  /// crimes" and "Modern slavery reports". A configuration of open data alone defaults to what
  /// it holds: "street-level crime" with a police-uk source, else "crime outcome".
  public var subject: String = "modern slavery"
  /// The team whose activity is counted: "Modern Slavery Team" (the default).
  public var team: String = "Modern Slavery Team"
  public var organisation: String
  /// The protective marking (`OFFICIAL`, `OFFICIAL-SENSITIVE`...), shown on every page and sheet.
  public var marking: String
  /// `public` papers suppress small counts; `restricted` ones do not and say so.
  public var audience: Audience
  public var contact: String
  /// Calendar years (Jan-Dec) or financial years (Apr-Mar).
  public var periodBasis: PeriodBasis
  /// The years covered, ascending: calendar years, or the starting year of each financial year.
  public var years: [Int]
  /// The "as at" date of the extraction.
  public var extractionDate: Day
  /// Counts from 1 to `threshold - 1` are suppressed in a public paper.
  public var suppressionThreshold: Int
  /// `report` refuses when a source's rejected rows are more than this share of its rows read
  /// (`quality.max_rejected_share`), unless `--allow-rejected` is given.
  public var maxRejectedShare: Double = 0.02
  /// The run and trend length of the SPC rules.
  public var spcRunLength: Int
  /// SPC limits are computed from these months only (then applied to every month), when given.
  public var spcBaseline: ClosedRange<YearMonth>? = nil
  /// SPC limits start afresh from each of these months (a process change, e.g. a new team).
  public var spcRebase: [YearMonth] = []
  /// The Mustache template for the paper, when the configuration names its own.
  public var templatePath: String?
  /// The run history (SQLite), relative to the configuration, when the configuration names one
  /// (`history:`); `report --history` overrides it.
  public var historyPath: String? = nil
  /// The font of the Word/PDF paper and of the web page (`paper.font`, default Arial). The SVG
  /// charts keep Arial, which their text is measured in.
  public var paperFont: String = "Arial"
  public var sources: [SourceConfig]

  /// Who the paper is for.
  public enum Audience: String, Sendable {
    case `public`
    case restricted
  }

  /// How years are counted.
  public enum PeriodBasis: Sendable, Hashable {
    case calendar
    case financial
    /// Twelve-month periods ending with the month `month` (1-12), as ONS and the Home Office
    /// write them ("year ending Dec 2023"); a year is numbered by the calendar year it ends in.
    /// Ending in December they are calendar years, ending in March financial years.
    case yearEnding(month: Int)

    /// `calendar`, `financial` or `year-ending`, as the configuration writes it.
    public var name: String {
      switch self {
      case .calendar: "calendar"
      case .financial: "financial"
      case .yearEnding: "year-ending"
      }
    }

    /// The year a day falls in: the calendar year, the starting year of the financial year, or
    /// the year in which its 12-month period ends.
    public func year(of day: Day) -> Int {
      switch self {
      case .calendar: day.year
      case .financial: day.month >= 4 ? day.year : day.year - 1
      case .yearEnding(let m): day.month <= m ? day.year : day.year + 1
      }
    }

    /// "2023", "2023/24" or "year ending Dec 2023".
    public func label(_ year: Int) -> String {
      switch self {
      case .calendar: String(year)
      case .financial:
        "\(year)/\(String(format: "%02d", (year + 1) % 100))"
      case .yearEnding(let m): "year ending \(YearMonth(year: year, month: m).label)"
      }
    }

    /// The first and last day of a year.
    public func bounds(_ year: Int) -> ClosedRange<Day> {
      switch self {
      case .calendar: Day(year: year, month: 1, day: 1)!...Day(year: year, month: 12, day: 31)!
      case .financial:
        Day(year: year, month: 4, day: 1)!...Day(year: year + 1, month: 3, day: 31)!
      case .yearEnding(let m):
        Day(year: m == 12 ? year : year - 1, month: m % 12 + 1, day: 1)!...Day(
          year: year, month: m, day: Day.daysIn(month: m, year: year))!
      }
    }

    /// The months a year runs over, in words: "January to December", "April to March".
    public var monthSpan: String {
      let end =
        switch self {
        case .calendar: 12
        case .financial: 3
        case .yearEnding(let m): m
        }
      return "\(YearMonth.longNames[end % 12]) to \(YearMonth.longNames[end - 1])"
    }

    /// The `type` of the reporting periods that are this basis's years ("Calendar year",
    /// "Financial year", "Year ending").
    public var periodType: String {
      switch self {
      case .calendar: "Calendar year"
      case .financial: "Financial year"
      case .yearEnding: "Year ending"
      }
    }
  }

  /// The first and last day of the years covered.
  public var coveredDays: ClosedRange<Day> {
    periodBasis.bounds(years.first!).lowerBound...periodBasis.bounds(years.last!).upperBound
  }

  /// "calendar years 2020 to 2023", "financial years 2020/21 to 2023/24", "the years ending
  /// December 2020 to December 2023".
  public var periodDescription: String {
    if case .yearEnding(let m) = periodBasis {
      let name = YearMonth.longNames[m - 1]
      if years.count == 1 { return "the year ending \(name) \(years[0])" }
      return "the years ending \(name) \(years.first!) to \(name) \(years.last!)"
    }
    let kind = periodBasis == .calendar ? "calendar years" : "financial years"
    if years.count == 1 { return "\(kind.dropLast()) \(periodBasis.label(years[0]))" }
    return "\(kind) \(periodBasis.label(years.first!)) to \(periodBasis.label(years.last!))"
  }

  /// Resolves a path written in the configuration against its folder.
  public func resolve(_ file: String) -> String {
    file.hasPrefix("/") ? file : baseDirectory + "/" + file
  }
}

/// One source of records and how to read it.
public struct SourceConfig: Sendable {
  /// What each row of the source is.
  public enum Kind: String, Sendable, CaseIterable {
    /// One row per crime: reference, recorded date, outcome label, optional outcome date.
    case crimes
    /// One row per report or incident: reference, date, how received.
    case reports
    /// The team's activity: one row per event (date, measure) or a wide monthly tally.
    case activity
    /// police.uk street and outcomes files, as published (no column mapping needed).
    case policeUK = "police-uk"
    /// The Home Office outcomes open-data table (pre-aggregated counts), for national context.
    case homeOfficeOutcomes = "home-office-outcomes"
  }

  /// How an activity source is laid out.
  public enum Layout: String, Sendable {
    /// One row per event: a date column and a measure column.
    case events
    /// A row per measure and a column per month (`Sep-22`, `2022-09`...).
    case monthly
  }

  public var name: String
  public var kind: Kind
  /// The files, as written (relative to the configuration).
  public var files: [String]
  /// The logical column (`reference`, `recorded_date`...) to the header as the export writes it.
  public var columns: [String: String]
  public var dateFormat: DatePattern
  /// CSV reading options; `nil` values are detected.
  public var delimiter: UInt8?
  public var encoding: String?
  /// The sheet of an XLSX file (`nil`: the first).
  public var sheet: String?
  public var layout: Layout
  /// Outcome labels in the paper's order, each with what it stands for.
  public var outcomes: [LabelMapping<OutcomeStatus>]
  /// Reporting channels in the paper's order.
  public var channels: [LabelMapping<String>]
  /// Activity measures in the paper's order: the published name and the export's labels.
  public var measures: [LabelMapping<String>]
  /// The months an activity source covers (both included); `nil`: the months in the data.
  public var months: ClosedRange<YearMonth>?
  /// home-office-outcomes: what to compute from the national table.
  public var homeOffice: HomeOfficeChargeRateRequest? = nil

  /// The columns each kind needs, and those it may have.
  static func columnKeys(kind: Kind, layout: Layout) -> (required: [String], optional: [String]) {
    switch (kind, layout) {
    case (.crimes, _): (["reference", "recorded_date", "outcome"], ["outcome_date"])
    case (.reports, _): (["reference", "date", "channel"], [])
    case (.activity, .events): (["date", "measure"], [])
    case (.activity, .monthly): (["measure"], [])
    case (.policeUK, _), (.homeOfficeOutcomes, _): ([], [])
    }
  }
}

/// A label as the paper publishes it, what it means, and the spellings the exports use for it.
public struct LabelMapping<Meaning: Sendable>: Sendable {
  /// The label the paper shows (the configuration's key).
  public var label: String
  public var meaning: Meaning
  /// Other spellings that mean the same (besides case and spacing, which never matter).
  public var aliases: [String]

  public init(label: String, meaning: Meaning, aliases: [String] = []) {
    self.label = label
    self.meaning = meaning
    self.aliases = aliases
  }
}

/// Labels compare after trimming, folding runs of white space to one space, and case-folding.
public func normalisedLabel(_ text: String) -> String {
  text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
    .lowercased()
}

extension BriefingConfig {
  static let topKeys = [
    "title", "subtitle", "organisation", "marking", "audience", "contact", "period",
    "extraction_date", "disclosure", "spc", "template", "sources", "subject", "team", "quality",
    "history", "paper",
  ]

  /// Reads and checks a configuration file.
  public static func load(path: String) throws(ConfigError) -> BriefingConfig {
    func refuse(_ why: String) -> ConfigError {
      ConfigError(
        file: path, line: nil, keyPath: "",
        message: "the configuration file cannot be read (\(why)).")
    }
    guard FileManager.default.fileExists(atPath: path) else { throw refuse("no such file") }
    if let problem = regularFileProblem(atPath: path) {
      throw refuse(String(problem.dropLast()))
    }
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    if let size = (attributes?[.size] as? NSNumber)?.intValue, size > maxConfigurationBytes {
      throw refuse(
        "it is \(size) bytes; a configuration is a few kilobytes, and more than \(maxConfigurationBytes) is refused"
      )
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw refuse("permission denied: check the file's permissions")
    }
    let bytes: Data
    do {
      bytes = try handle.read(upToCount: maxConfigurationBytes + 1) ?? Data()
      try? handle.close()
    } catch {
      throw refuse("\(error.localizedDescription)")
    }
    guard bytes.count <= maxConfigurationBytes else {
      throw refuse("it holds more than \(maxConfigurationBytes) bytes")
    }
    guard let text = String(data: bytes, encoding: .utf8) else {
      throw refuse("not UTF-8 text")
    }
    return try parse(yaml: text, path: path)
  }

  /// The largest configuration file read, in bytes (1 MiB: a configuration is a few kilobytes).
  static let maxConfigurationBytes = 1 << 20

  /// Reads a configuration from its text; `path` names it in messages and anchors relative paths.
  public static func parse(yaml text: String, path: String) throws(ConfigError) -> BriefingConfig {
    // Aliases are refused before the YAML is built: an alias bomb (a value repeated by aliases
    // a billion times) would take exponential time and memory in the YAML library itself.
    if let (line, message) = YAMLAliasScan.problem(in: text) {
      throw ConfigError(file: path, line: line, keyPath: "", message: message)
    }
    let rootNode: Node?
    do {
      rootNode = try Yams.compose(yaml: text)
    } catch {
      throw ConfigError(file: path, line: nil, keyPath: "", message: "not valid YAML: \(error)")
    }
    guard let rootNode else {
      throw ConfigError(file: path, line: nil, keyPath: "", message: "the configuration is empty.")
    }
    let root = ConfigNode(node: rootNode, path: "", file: path)
    let f = try root.fields(allowed: topKeys)

    let url = URL(fileURLWithPath: path).standardizedFileURL
    let base = url.deletingLastPathComponent().path
    var config = BriefingConfig(
      path: path, baseDirectory: base,
      name: configName(url),
      title: try f.required("title", in: root).text(),
      subtitle: try f["subtitle"]?.string() ?? "",
      organisation: try f.required("organisation", in: root).text(),
      marking: try f["marking"]?.string() ?? "OFFICIAL",
      audience: .public, contact: try f["contact"]?.string() ?? "",
      periodBasis: .calendar, years: [], extractionDate: Day(year: 1970, month: 1, day: 1)!,
      suppressionThreshold: 5, spcRunLength: 7, templatePath: nil, sources: [])

    if let a = f["audience"] {
      guard let audience = Audience(rawValue: try a.string().lowercased()) else {
        throw a.error("audience must be 'public' or 'restricted', not '\(try a.string())'.")
      }
      config.audience = audience
    }
    if let t = f["template"] { config.templatePath = try t.string() }
    if let h = f["history"] { config.historyPath = try h.string() }
    if let s = f["subject"] { config.subject = try s.string() }
    if let t = f["team"] { config.team = try t.string() }

    let periodNode = try f.required("period", in: root)
    let period = try periodNode.fields(allowed: ["basis", "years", "end"])
    if let b = period["basis"] {
      switch try b.string().lowercased() {
      case "calendar": config.periodBasis = .calendar
      case "financial": config.periodBasis = .financial
      case "year-ending", "year_ending", "yearending":
        guard let endNode = period["end"] else {
          throw b.error(
            "a year-ending period needs the month the latest year ends: add 'end: 2023-12' (yyyy-MM) to period."
          )
        }
        guard let end = month(try endNode.string()) else {
          throw endNode.error(
            "period.end is the month the latest year ends, written yyyy-MM between 1900 and 2100 (e.g. 2023-12); found '\(try endNode.string())'."
          )
        }
        config.periodBasis = .yearEnding(month: end.month)
        let yearsNode = try period.required("years", in: periodNode)
        guard let count = Int(try yearsNode.string()), (1...50).contains(count) else {
          throw yearsNode.error(
            "with basis: year-ending, period.years is how many 12-month periods end at period.end (1 to 50, e.g. 4); found '\(try yearsNode.string())'."
          )
        }
        guard end.year - count + 1 >= 1900 else {
          throw yearsNode.error(
            "give years between 1900 and 2100; \(count) years ending \(end.iso) go beyond them.")
        }
        config.years = Array((end.year - count + 1)...end.year)
      default:
        throw b.error(
          "period basis must be 'calendar', 'financial' or 'year-ending', not '\(try b.string())'.")
      }
    }
    if case .yearEnding = config.periodBasis {
    } else {
      if let e = period["end"] {
        throw e.error(
          "period.end is only for 'basis: year-ending' (the month the latest year ends); remove it, or add 'basis: year-ending' and give period.years as a number of years."
        )
      }
      let yearsNode = try period.required("years", in: periodNode)
      config.years = try parseYears(yearsNode, basis: config.periodBasis)
    }

    let dateNode = try f.required("extraction_date", in: root)
    guard let extraction = Day(iso: try dateNode.string()) else {
      throw dateNode.error(
        "the extraction date must be written yyyy-MM-dd, e.g. 2024-02-05; found '\(try dateNode.string())'."
      )
    }
    config.extractionDate = extraction

    if let d = f["disclosure"] {
      let dd = try d.fields(allowed: ["threshold"])
      if let t = dd["threshold"] {
        let value = try t.int()
        guard value >= 1 else { throw t.error("the threshold must be 1 or more.") }
        config.suppressionThreshold = value
      }
    }
    if let q = f["quality"] {
      let qq = try q.fields(allowed: ["max_rejected_share"])
      if let m = qq["max_rejected_share"] {
        guard let value = Double(try m.string()), value >= 0, value <= 1 else {
          throw m.error(
            "max_rejected_share is a share between 0 and 1 (0.02 allows 2% of a source's rows to be rejected), not '\(try m.string())'."
          )
        }
        config.maxRejectedShare = value
      }
    }
    if let p = f["paper"] {
      let pp = try p.fields(allowed: ["font"])
      if let font = pp["font"] { config.paperFont = try fontName(font) }
    }
    if let s = f["spc"] {
      let ss = try s.fields(allowed: ["run_length", "baseline", "rebase"])
      if let b = ss["baseline"] {
        let bb = try b.fields(allowed: ["from", "to"])
        let from = try bb.required("from", in: b)
        let to = try bb.required("to", in: b)
        guard let f = month(try from.string()), let t = month(try to.string()), f <= t
        else {
          throw b.error(
            "the SPC baseline is written {from: yyyy-MM, to: yyyy-MM}, 'to' not before 'from'.")
        }
        config.spcBaseline = f...t
      }
      if let r = ss["rebase"] {
        for text in try r.strings() {
          guard let m = month(text) else {
            throw r.error("rebase months are written yyyy-MM, e.g. 2023-06; found '\(text)'.")
          }
          config.spcRebase.append(m)
        }
        config.spcRebase.sort()
      }
      if let r = ss["run_length"] {
        let value = try r.int()
        guard (3...20).contains(value) else {
          throw r.error(
            "the SPC run length must be between 3 and 20 (7 is usual, 6 in some guides).")
        }
        config.spcRunLength = value
      }
    }

    let sourcesNode = try f.required("sources", in: root)
    var names = Set<String>()
    for item in try sourcesNode.items() {
      let source = try parseSource(item, base: base)
      guard names.insert(source.name).inserted else {
        throw item.error("two sources are named '\(source.name)'; each needs its own name.")
      }
      try checkCombinable(source, with: config.sources, at: item)
      config.sources.append(source)
    }
    if config.sources.isEmpty { throw sourcesNode.error("at least one source is needed.") }
    if f["subject"] == nil,
      config.sources.allSatisfy({ $0.kind == .policeUK || $0.kind == .homeOfficeOutcomes })
    {
      // The default subject is the seed's; a paper of open data alone is about what it holds.
      config.subject =
        config.sources.contains { $0.kind == .policeUK } ? "street-level crime" : "crime outcome"
    }
    return config
  }

  /// A font's name for `paper.font`: one family (Arial, Verdana, Source Sans 3) of letters,
  /// digits, spaces, hyphens, underscores and full stops, at most 64 characters. Quotes, commas,
  /// semicolons and brackets are refused: the name is written into the Word styles and the web
  /// page's CSS as it is.
  static func fontName(_ node: ConfigNode) throws(ConfigError) -> String {
    let raw = try node.string()
    let name = raw.trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty else {
      throw node.error(
        "paper.font is the name of the font the paper is set in, such as Arial (the default) or Verdana; it must not be empty (remove the key for Arial)."
      )
    }
    let allowed = CharacterSet.letters.union(.decimalDigits).union(
      CharacterSet(charactersIn: " -_."))
    guard name.count <= 64, name.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
      throw node.error(
        "paper.font is the name of one font, such as Arial or Verdana, written with letters, digits, spaces, hyphens, underscores and full stops (at most 64 characters); found '\(raw)'."
      )
    }
    return name
  }

  /// `seed-force` for `seed-force/panel.yml`, `seed-force-public` for `seed-force/panel-public.yml`.
  static func configName(_ url: URL) -> String {
    let folder = url.deletingLastPathComponent().lastPathComponent
    let stem = url.deletingPathExtension().lastPathComponent
    if stem == "panel" { return folder }
    return folder + "-" + (stem.hasPrefix("panel-") ? String(stem.dropFirst(6)) : stem)
  }

  /// The years a configuration may name (periods, months, baselines).
  static let yearLimits = 1900...2100

  /// A month `yyyy-MM` within `yearLimits`, or `nil`.
  static func month(_ text: String) -> YearMonth? {
    guard let m = YearMonth(iso: text), yearLimits.contains(m.year) else { return nil }
    return m
  }

  static func parseYears(_ node: ConfigNode, basis: PeriodBasis = .financial) throws(ConfigError)
    -> [Int]
  {
    var years: [Int] = []
    for text in try node.strings() {
      let t = text.trimmingCharacters(in: .whitespaces)
      if let dash = t.firstIndex(where: { $0 == "-" || $0 == "–" }),
        let a = Int(t[..<dash].trimmingCharacters(in: .whitespaces)),
        let b = Int(t[t.index(after: dash)...].trimmingCharacters(in: .whitespaces)), a <= b
      {
        // Checked before the range is made: 0-9223372036854775807 would not fit in memory.
        guard yearLimits.contains(a), yearLimits.contains(b) else {
          throw node.error("give years between 1900 and 2100; '\(t)' goes beyond them.")
        }
        years += Array(a...b)
      } else if let slash = t.firstIndex(of: "/"), let a = Int(t[..<slash]) {
        guard yearLimits.contains(a) else {
          throw node.error("give years between 1900 and 2100; '\(t)' goes beyond them.")
        }
        // "2023/24": a financial year named by its start (and the year after it).
        let end = t[t.index(after: slash)...].trimmingCharacters(in: .whitespaces)
        guard Int(end) == (end.count == 4 ? a + 1 : (a + 1) % 100), end.count == 2 || end.count == 4
        else {
          throw node.error(
            "'\(t)' is not a financial year: write the year it starts and the next, e.g. '\(a)/\(String(format: "%02d", (a + 1) % 100))'."
          )
        }
        guard basis == .financial else {
          throw node.error(
            "'\(t)' is a financial year, but period.basis is calendar (the default): add 'basis: financial' to period, or write calendar years such as \(a)."
          )
        }
        years.append(a)
      } else if let y = Int(t) {
        years.append(y)
      } else {
        throw node.error(
          "years are written as a list (2020, 2021), a range ('2020-2023') or financial years ('2023/24'); '\(t)' is none of these."
        )
      }
    }
    years = Array(Set(years)).sorted()
    guard let first = years.first, let last = years.last, first >= 1900, last <= 2100 else {
      throw node.error("give at least one year between 1900 and 2100.")
    }
    guard last - first + 1 == years.count else {
      throw node.error("the years must follow one another without gaps.")
    }
    return years
  }

  static let sourceKeys = [
    "name", "kind", "files", "columns", "date_format", "delimiter", "encoding", "sheet", "layout",
    "outcomes", "outcome_aliases", "channels", "channel_aliases", "measures", "months",
    "offence_codes", "force", "comparators", "comparator_group_name", "show_each_comparator",
    "national_excludes",
  ]

  static func parseSource(_ node: ConfigNode, base: String? = nil) throws(ConfigError)
    -> SourceConfig
  {
    let f = try node.fields(allowed: sourceKeys)
    let kindNode = try f.required("kind", in: node)
    guard let kind = SourceConfig.Kind(rawValue: try kindNode.string()) else {
      let allowed = SourceConfig.Kind.allCases.map(\.rawValue)
      var message = "'\(try kindNode.string())' is not a kind of source"
      if let near = closestMatch(to: try kindNode.string(), in: allowed) {
        message += "; did you mean '\(near)'?"
      } else {
        message += "; use one of: \(allowed.joined(separator: ", "))."
      }
      throw kindNode.error(message)
    }
    let name = try f["name"]?.string() ?? kind.rawValue
    var layout = SourceConfig.Layout.events
    if let l = f["layout"] {
      guard let value = SourceConfig.Layout(rawValue: try l.string()) else {
        throw l.error("layout must be 'events' or 'monthly', not '\(try l.string())'.")
      }
      layout = value
    }
    let filesNode = try f.required("files", in: node)
    let files = try filesNode.strings()
    if files.isEmpty { throw filesNode.error("list at least one file.") }

    let (required, optional) = SourceConfig.columnKeys(kind: kind, layout: layout)
    var columns: [String: String] = [:]
    let columnsNode: ConfigNode
    if kind == .policeUK || kind == .homeOfficeOutcomes {
      if let c = f["columns"] {
        throw c.error(
          "a \(kind.rawValue) source has a fixed layout: leave out 'columns', PanelBrief knows its headers."
        )
      }
      columnsNode = node
    } else {
      guard let c = f["columns"] else {
        // Open data given as a force's export: say which kind reads it.
        let hint = base.flatMap { b in
          OpenDataKindHint.sentence(files: files) { $0.hasPrefix("/") ? $0 : b + "/" + $0 }
        }
        throw node.error(
          "the key 'columns' is required here and is missing." + (hint.map { " " + $0 } ?? ""))
      }
      columnsNode = c
      for (key, value) in try columnsNode.fields(allowed: required + optional) {
        columns[key] = try value.string()
      }
    }
    for key in required where columns[key] == nil {
      throw columnsNode.error(
        "the column '\(key)' is required for a \(kind.rawValue) source: give the export's header for it."
      )
    }

    var dateFormat = DatePattern("dd/MM/yyyy")!
    if let d = f["date_format"] {
      guard let p = DatePattern(try d.string()) else {
        throw d.error(
          "'\(try d.string())' is not a date format: use dd, MM (or MMM, MMMM for month names), yyyy (or yy) and any separators, e.g. dd/MM/yyyy, dd-MMM-yyyy or yyyy-MM-dd HH:mm."
        )
      }
      dateFormat = p
    }
    var delimiter: UInt8?
    if let d = f["delimiter"] {
      let text = try d.string()
      switch text {
      case ",", "comma": delimiter = UInt8(ascii: ",")
      case "\t", "tab", "\\t": delimiter = UInt8(ascii: "\t")
      case ";", "semicolon": delimiter = UInt8(ascii: ";")
      case "|", "pipe": delimiter = UInt8(ascii: "|")
      default: throw d.error("the delimiter must be comma, tab, semicolon or pipe, not '\(text)'.")
      }
    }
    var source = SourceConfig(
      name: name, kind: kind, files: files, columns: columns, dateFormat: dateFormat,
      delimiter: delimiter, encoding: try f["encoding"]?.string(), sheet: try f["sheet"]?.string(),
      layout: layout, outcomes: [], channels: [], measures: [], months: nil)

    if let o = f["outcomes"] {
      for (label, line, value) in try o.pairs() {
        guard let status = OutcomeStatus(configValue: try value.string()) else {
          throw ConfigError(
            file: o.file, line: value.line ?? line, keyPath: value.path,
            message:
              "'\(try value.string())' is not a Home Office outcome type (1, 1A, 2 ... 22) nor one of cancelled, unknown, unresolved."
          )
        }
        source.outcomes.append(LabelMapping(label: label, meaning: status))
      }
    }
    if let c = f["channels"] {
      for label in try c.strings() {
        guard label.unicodeScalars.count <= DisplayText.labelLimit else {
          throw c.error(
            "a channel is at most \(DisplayText.labelLimit) characters long, so that it fits a table header."
          )
        }
        source.channels.append(LabelMapping(label: label, meaning: label))
      }
    }
    if let m = f["measures"] {
      // published name: [export labels]
      for (label, _, value) in try m.pairs() {
        let spellings = value.node.scalar?.string == "" ? [] : try value.strings()
        source.measures.append(LabelMapping(label: label, meaning: label, aliases: spellings))
      }
    }
    try addAliases(f["outcome_aliases"], to: &source.outcomes)
    try addAliases(f["channel_aliases"], to: &source.channels)
    if let m = f["months"] {
      let mm = try m.fields(allowed: ["from", "to"])
      let fromNode = try mm.required("from", in: m)
      let toNode = try mm.required("to", in: m)
      guard let from = month(try fromNode.string()) else {
        throw fromNode.error("months are written yyyy-MM, e.g. 2022-09, in the years 1900 to 2100.")
      }
      guard let to = month(try toNode.string()), from <= to else {
        throw toNode.error(
          "months are written yyyy-MM, in the years 1900 to 2100, and 'to' must not be before 'from'."
        )
      }
      source.months = from...to
    }
    if kind == .homeOfficeOutcomes {
      let forceNode = try f.required("force", in: node)
      let codes = try f.required("offence_codes", in: node).strings()
      source.homeOffice = HomeOfficeChargeRateRequest(
        offenceCodes: codes, force: try forceNode.string(),
        comparators: try f["comparators"]?.strings() ?? [],
        comparatorGroupName: try f["comparator_group_name"]?.string() ?? "Comparable forces",
        showEachComparator: try f["show_each_comparator"]?.bool() ?? true,
        nationalExcludes: try f["national_excludes"]?.strings() ?? [])
    } else {
      for key in [
        "offence_codes", "force", "comparators", "comparator_group_name", "show_each_comparator",
        "national_excludes",
      ] {
        if let extra = f[key] {
          throw extra.error(
            "'\(key)' belongs to a home-office-outcomes source, not a \(kind.rawValue) one.")
        }
      }
    }
    switch kind {
    case .crimes where source.outcomes.isEmpty:
      throw node.error(
        "a crimes source needs 'outcomes': each of the force's outcome labels with its Home Office type."
      )
    case .reports where source.channels.isEmpty:
      throw node.error(
        "a reports source needs 'channels': the ways a report can reach the force, in the paper's order."
      )
    case .activity where source.measures.isEmpty:
      throw node.error(
        "an activity source needs 'measures': each published measure with the export's labels for it."
      )
    default: break
    }
    return source
  }

  /// Sources of one kind are counted together (one set of records and labels), so an export
  /// spelling must mean the same published label, and the same outcome type, in each of them.
  /// police.uk and Home Office tables are read whole by one source each.
  static func checkCombinable(
    _ source: SourceConfig, with earlier: [SourceConfig], at node: ConfigNode
  ) throws(ConfigError) {
    let same = earlier.filter { $0.kind == source.kind }
    guard let first = same.first else { return }
    if source.kind == .policeUK || source.kind == .homeOfficeOutcomes {
      throw node.error(
        "a second \(source.kind.rawValue) source: list every file in 'files' of the source '\(first.name)' instead."
      )
    }
    func spellings<M: Equatable>(_ mappings: [LabelMapping<M>]) -> [String: (String, M)] {
      var out: [String: (String, M)] = [:]
      for m in mappings {
        for s in [m.label] + m.aliases where out[normalisedLabel(s)] == nil {
          out[normalisedLabel(s)] = (m.label, m.meaning)
        }
      }
      return out
    }
    func check<M: Equatable>(
      _ key: String, _ path: KeyPath<SourceConfig, [LabelMapping<M>]>,
      describe: (String, M) -> String
    ) throws(ConfigError) {
      let mine = spellings(source[keyPath: path])
      for other in same {
        let theirs = spellings(other[keyPath: path])
        for (spelling, (label, meaning)) in mine.sorted(by: { $0.key < $1.key }) {
          guard let (otherLabel, otherMeaning) = theirs[spelling] else { continue }
          if normalisedLabel(label) != normalisedLabel(otherLabel) || meaning != otherMeaning {
            throw node.error(
              "'\(spelling)' is read as \(describe(otherLabel, otherMeaning)) by the source '\(other.name)' and as \(describe(label, meaning)) by '\(source.name)'. Sources of one kind are counted together: give it the same meaning in '\(key)' of both."
            )
          }
        }
      }
    }
    try check("outcomes", \.outcomes) { "'\($0)' (type \($1.typeLabel))" }
    try check("channels", \.channels) { label, _ in "'\(label)'" }
    try check("measures", \.measures) { label, _ in "'\(label)'" }
  }

  /// `alias: label` pairs: an export spelling and the published label it means.
  static func addAliases<M>(_ node: ConfigNode?, to mappings: inout [LabelMapping<M>])
    throws(ConfigError)
  {
    guard let node else { return }
    for (alias, line, value) in try node.pairs() {
      let target = try value.string()
      guard
        let index = mappings.firstIndex(where: {
          normalisedLabel($0.label) == normalisedLabel(target)
        })
      else {
        throw ConfigError(
          file: node.file, line: value.line ?? line, keyPath: value.path,
          message:
            "the alias '\(alias)' points to '\(target)', which is not one of the labels listed.")
      }
      mappings[index].aliases.append(alias)
    }
  }
}
