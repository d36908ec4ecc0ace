import Foundation

/// The one place that decides what the paper says: tables, charts, notes and the sentences that
/// follow the numbers. Renderers only decide how it looks.
///
/// For a public paper every count table goes through disclosure control before anything is
/// written about it, and every sentence is made from the cells as published, so no figure in the
/// words can reveal what a table suppresses.
public struct BriefingBuilder {
  public let config: BriefingConfig
  public let data: IngestedData
  /// The PanelBrief version written into the provenance.
  public let version: String

  /// Runs the tests of the outcome mix on the unsuppressed counts even in a public paper: the
  /// behaviour before the tests were restricted to published cells. Only for the mutation test
  /// that shows the attacker recovering suppressed cells from such a paper; never set otherwise.
  var testsOnUnsuppressedCounts = false

  /// In a public paper, labels the configuration does not map are merged into one row before
  /// anything is counted (`IngestedData.mergingUnmappedLabels`).
  public init(config: BriefingConfig, data: IngestedData, version: String) {
    self.config = config
    self.data =
      config.audience == .public ? data.mergingUnmappedLabels(sources: config.sources) : data
    self.version = version
    self.passes = CrimePasses(data: self.data, config: config)
  }

  /// The passes over every crime that the parts of the paper share, made once.
  let passes: CrimePasses

  /// The outcome tally, the charge rates of every period and the outcome lags: three passes
  /// over the crimes, independent of each other, made side by side on the cores.
  struct CrimePasses: Sendable {
    var tally: LabelYearTally
    var periodRates: [PeriodChargeRate]
    var lags: [OutcomeLag]

    init(data: IngestedData, config: BriefingConfig) {
      final class Results: @unchecked Sendable {
        var tally: LabelYearTally?
        var periodRates: [PeriodChargeRate] = []
        var lags: [OutcomeLag] = []
      }
      let results = Results()
      // Each iteration writes its own property; `concurrentPerform` returns after all three.
      DispatchQueue.concurrentPerform(iterations: 3) { i in
        switch i {
        case 0: results.tally = outcomeTally(data, config: config)
        case 1: results.periodRates = chargeRatesByPeriod(data, config: config)
        default: results.lags = outcomeLags(data, config: config)
        }
      }
      tally = results.tally!
      periodRates = results.periodRates
      lags = results.lags
    }
  }

  var isPublic: Bool { config.audience == .public }
  /// "Modern slavery", for titles.
  var subjectTitle: String { config.subject.prefix(1).uppercased() + config.subject.dropFirst() }
  /// The years as the paper writes them ("2023" or "2023/24"), with "(partial)" for a year the
  /// data cover only in part.
  var yearLabels: [String] {
    config.years.map { config.periodBasis.label($0) + (isPartialYear($0) ? " (partial)" : "") }
  }
  var firstYear: String { config.periodBasis.label(config.years.first ?? 0) }
  var lastYear: String { config.periodBasis.label(config.years.last ?? 0) }
  var extraction: String { Wording.longDate(config.extractionDate) }

  /// A year the data cover only in part: it ends after the extraction date.
  func isPartialYear(_ year: Int) -> Bool {
    config.periodBasis.bounds(year).upperBound > config.extractionDate
  }

  /// The indices of the pair of years the paper compares: the first and last complete years,
  /// or, for year-ending periods (a rolling year, as a quarterly paper reports it), the latest
  /// complete year and the one before it ("the 12 months to December 2023 compared with the
  /// 12 months before").
  var comparedYears: (first: Int, last: Int)? {
    let complete = config.years.indices.filter { !isPartialYear(config.years[$0]) }
    guard complete.count >= 2, let b = complete.last else { return nil }
    if case .yearEnding = config.periodBasis { return (complete[complete.count - 2], b) }
    return (complete[0], b)
  }

  /// The most rejected rows a restricted briefing lists (workbook sheet and paper).
  public static let rejectedRowsListed = 10_000

  /// Numbered notes, cited by tables as [note N].
  struct Notes {
    var list: [Note] = []
    mutating func add(_ text: String) -> Int {
      if let existing = list.first(where: { $0.text == text }) { return existing.number }
      list.append(Note(number: list.count + 1, text: text))
      return list.count
    }
  }

  /// A part of the paper: its sections and what they show. Key points carry a priority: the
  /// paper keeps the 7 most important, in priority order.
  struct Part {
    var sections: [Section] = []
    var tables: [StatTable] = []
    var charts: [ChartSpec] = []
    var keyPoints: [(priority: Int, point: KeyPoint)] = []
    /// What the panel is asked to do because of what this part found.
    var asks: [String] = []
    /// What this part reports on, for the paper's purpose ("how crimes were resolved").
    var covers: [String] = []

    mutating func add(_ other: Part) {
      sections += other.sections
      tables += other.tables
      charts += other.charts
      keyPoints += other.keyPoints
      asks += other.asks
      covers += other.covers
    }
  }

  public func build() -> Briefing {
    var notes = Notes()
    var part = Part()
    if config.sources.contains(where: { $0.kind == .crimes }) {
      part.add(outcomeParts(notes: &notes))
    }
    if config.sources.contains(where: { $0.kind == .reports }) {
      part.add(channelPart(notes: &notes))
    }
    if config.sources.contains(where: { $0.kind == .crimes }) {
      part.add(latestQuarterPart(notes: &notes))
    }
    if config.sources.contains(where: { $0.kind == .activity }) {
      part.add(activityPart(notes: &notes))
    }
    // The force's own figures at the precision a public paper shows them; open data are
    // already published and are shown as computed from what their publishers give.
    if isPublic { part.tables = part.tables.map { $0.atPublicPrecision() } }
    if data.homeOffice != nil { part.add(homeOfficePart(notes: &notes)) }
    if data.policeUK != nil { part.add(policeUKPart(notes: &notes)) }
    part.add(dataQualityPart(notes: &notes))
    let keyPoints = part.keyPoints.enumerated()
      .sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }
      .prefix(7).map(\.element.point)

    var briefing = Briefing(
      title: config.title, subtitle: config.subtitle, organisation: config.organisation,
      marking: config.marking, isPublic: isPublic, contact: config.contact,
      periodDescription: config.periodDescription, extractionDate: config.extractionDate.iso,
      keyPoints: keyPoints, sections: part.sections,
      tables: part.tables,
      charts: part.charts,
      notes: notes.list, method: methodParagraphs(), reconciliation: data.reconciliation,
      generator: "PanelBrief \(version)")
    briefing.purpose = purposeParagraphs(covers: part.covers)
    briefing.panelAsks =
      [
        hasForceExports
          ? "Note the figures in this paper and the statistical tests they rest on."
          : "Note the figures in this paper."
      ] + part.asks
    briefing.glossary = glossary(for: briefing)
    if !isPublic {
      // Listed up to a limit: a million rejected rows would not fit a worksheet (1,048,576 rows)
      // and no reader goes through them; the counts by reason are complete in any case.
      briefing.rejectedRows = data.rejected.prefix(Self.rejectedRowsListed).map {
        RejectedRowListing(
          source: $0.source, path: $0.path, line: $0.line, reason: $0.reason, detail: $0.detail,
          values: DisplayText.visible(
            $0.fields.joined(separator: " | "), limit: 4 * DisplayText.fieldLimit))
      }
      if data.rejected.count > Self.rejectedRowsListed {
        briefing.notes.append(
          Note(
            number: briefing.notes.count + 1,
            text:
              "Only the first \(Wording.count(Self.rejectedRowsListed)) of the \(Wording.count(data.rejected.count)) rejected rows are listed; the reconciliation counts them all by reason, and `panelbrief validate --examples N` prints more of each reason."
          ))
      }
    }
    briefing.configurationPath = (config.path as NSString).lastPathComponent
    briefing.configurationSHA256 = (try? SHA256.hex(ofFileAt: config.path)) ?? ""
    return briefing
  }
}
