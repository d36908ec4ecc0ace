/// One crime as the briefing counts it. Held in 40 bytes (the reference's string, the recorded
/// day, then the outcome, its date, the file and the line in 4 bytes each), as millions are.
public struct CrimeRecord: Sendable, Equatable {
  public var reference: String
  public var recorded: Day
  private var outcomeIndex: Int32
  /// The outcome date's packed value; 0 (no day packs to 0) when there is none.
  private var outcomeDay: Int32
  private var fileIndex: Int32
  private var startLine: Int32

  /// Index into `IngestedData.outcomeLabels`.
  public var outcome: Int {
    get { Int(outcomeIndex) }
    set { outcomeIndex = Int32(newValue) }
  }
  /// When the outcome was assigned, if the export says and the date is usable.
  public var outcomeDate: Day? {
    get { outcomeDay == 0 ? nil : Day(packed: outcomeDay) }
    set { outcomeDay = newValue?.packed ?? 0 }
  }
  /// Index of the file among the files of every crimes source, in the configuration's order (as
  /// in the reconciliation), and the line the row started on (a file has fewer than 2^31 lines:
  /// the ingest refuses a longer one).
  public var file: Int {
    get { Int(fileIndex) }
    set { fileIndex = Int32(newValue) }
  }
  public var line: Int {
    get { Int(startLine) }
    set { startLine = Int32(newValue) }
  }

  public init(
    reference: String, recorded: Day, outcome: Int, outcomeDate: Day?, file: Int, line: Int
  ) {
    self.reference = reference
    self.recorded = recorded
    self.outcomeIndex = Int32(outcome)
    self.outcomeDay = outcomeDate?.packed ?? 0
    self.fileIndex = Int32(file)
    self.startLine = Int32(line)
  }
}

/// One report or incident as the briefing counts it.
public struct ReportRecord: Sendable, Equatable {
  public var reference: String
  public var date: Day
  /// Index into `IngestedData.channelLabels`.
  public var channel: Int
  public var file: Int
  public var line: Int
}

/// A label as it will appear in the paper, and what it stands for (`nil`: the configuration does
/// not map it; it is shown as "Unmapped: <label>").
public struct ResolvedLabel<Meaning: Sendable & Equatable>: Sendable, Equatable {
  public var label: String
  public var meaning: Meaning?
  public var isUnmapped: Bool { meaning == nil }
}

/// A row that was not used, with where it was and why.
public struct RejectedRow: Sendable, Equatable {
  public var source: String
  public var path: String
  public var line: Int
  /// The reason's category, as counted in the reconciliation ("Recorded Date is not a real date").
  public var reason: String
  /// The detail for this row ("'31/02/2022'").
  public var detail: String
  /// The row's fields as read (shown only in restricted briefings), each with hidden characters
  /// made visible and cut to `DisplayText.fieldLimit` characters with its length said, so that an
  /// 8 MiB field costs 500 characters per rejected row, not 8 MiB.
  public var fields: [String]

  public init(
    source: String, path: String, line: Int, reason: String, detail: String, fields: [String]
  ) {
    self.source = source
    self.path = path
    self.line = line
    self.reason = reason
    self.detail = DisplayText.visible(detail)
    self.fields = fields.map { DisplayText.visible($0) }
  }
}

/// A data-quality finding that did not cost a row (an unusable outcome date, an unmapped label).
public struct QualityFinding: Sendable, Equatable {
  public var source: String
  public var text: String
  public var count: Int

  public init(source: String, text: String, count: Int) {
    self.source = source
    self.text = DisplayText.visible(text, limit: 2 * DisplayText.fieldLimit)
    self.count = count
  }
}

/// What the ingest made of all the sources: records, tallies and the reconciliation.
public struct IngestedData: Sendable {
  public var crimes: [CrimeRecord] = []
  public var outcomeLabels: [ResolvedLabel<OutcomeStatus>] = []
  public var reports: [ReportRecord] = []
  public var channelLabels: [ResolvedLabel<String>] = []
  /// Activity counts: `activity[measure][month]`.
  public var activity: [[YearMonth: Int]] = []
  public var measureLabels: [ResolvedLabel<String>] = []
  /// The months the activity tables cover.
  public var activityMonths: [YearMonth] = []
  public var reconciliation: [FileReconciliation] = []
  public var rejected: [RejectedRow] = []
  public var findings: [QualityFinding] = []
  /// How each file's date columns fared under their `date_format`, for the quality gates.
  public var dateProfiles: [DateColumnProfile] = []
  /// police.uk open data, when a `police-uk` source is configured.
  public var policeUK: PoliceUKData? = nil
  /// The Home Office outcomes table and what to compute from it, when configured.
  public var homeOffice: (table: HomeOfficeOutcomesTable, request: HomeOfficeChargeRateRequest)? =
    nil

  /// Parts of files that were read on their own (on other cores) and joined: 0 when every file
  /// was read in one go.
  var partsJoined = 0

  public init() {}

  /// Rows read, accepted, superseded and rejected over all files.
  public var totals: (read: Int, accepted: Int, superseded: Int, rejected: Int) {
    reconciliation.reduce((0, 0, 0, 0)) {
      ($0.0 + $1.rowsRead, $0.1 + $1.accepted, $0.2 + $1.superseded, $0.3 + $1.rejected)
    }
  }
}
