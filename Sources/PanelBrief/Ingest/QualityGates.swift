import Foundation
import Synchronization

/// How the values of one date column of one file fared under the configured `date_format`,
/// with a spread sample of the values so that other formats can be tried on them.
public struct DateColumnProfile: Sendable, Equatable {
  public var source: String
  public var path: String
  /// The column as the file's header writes it.
  public var column: String
  /// The logical column (`recorded_date`, `outcome_date`, `date`).
  public var key: String
  public var pattern: DatePattern
  /// Non-blank values, and how many were a real date, had another shape or were no real date.
  public var values = 0
  public var real = 0
  public var wrongShape = 0
  public var impossible = 0
  /// Every value up to `sampleFirst`, then every `sampleStep`th, up to `sampleLimit`.
  var sample: [String] = []
  /// The first values that had the shape but were no real date.
  var impossibleSample: [String] = []

  static let sampleFirst = 2000
  static let sampleStep = 25
  static let sampleLimit = 10_000

  init(source: String, path: String, column: String, key: String, pattern: DatePattern) {
    self.source = source
    self.path = path
    self.column = column
    self.key = key
    self.pattern = pattern
  }

  /// Counts one non-blank value, and returns it parsed.
  @discardableResult
  mutating func add(_ bytes: ArraySlice<UInt8>) -> DatePattern.Parsed {
    values += 1
    let parsed = pattern.parse(bytes)
    switch parsed {
    case .day: real += 1
    case .wrongShape: wrongShape += 1
    case .impossible: impossible += 1
    }
    if case .impossible = parsed, impossibleSample.count < Self.sampleFirst {
      impossibleSample.append(Self.text(bytes))
    }
    if let part {
      // Which values join the sample is known only once the parts before this one are counted.
      if values <= Self.partValuesKept && !sampleIsFull.value.load(ordering: .relaxed) {
        part.keep(bytes)
      }
    } else if sample.count < Self.sampleLimit
      && (values <= Self.sampleFirst || values % Self.sampleStep == 0)
    {
      sample.append(Self.text(bytes))
    }
    return parsed
  }

  /// A value as the sample keeps it. No date is longer than 64 bytes: a longer value is kept as a
  /// note of its length, so that 2,000 sampled values of 8 MiB each cannot hold 16 GB (issue 10).
  static func text(_ bytes: ArraySlice<UInt8>) -> String {
    bytes.count > 64
      ? "(a value of \(bytes.count) bytes)"
      : String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
  }

  // MARK: Parts of a file read in parallel

  /// The values of a part of a file read on its own (see `Ingestor.readFileInParts`): their
  /// bytes, so that the sample can be chosen as if the file had been read in one go.
  final class PartValues: @unchecked Sendable, Equatable {
    static func == (a: PartValues, b: PartValues) -> Bool { a.bytes == b.bytes && a.ends == b.ends }
    var bytes: [UInt8] = []
    var ends: [Int] = []
    func keep(_ value: ArraySlice<UInt8>) {
      if value.count > 64 {
        bytes.append(contentsOf: Self.longMark)
        bytes.append(contentsOf: String(value.count).utf8)
      } else {
        bytes.append(contentsOf: value)
      }
      ends.append(bytes.count)
    }
    static let longMark: [UInt8] = [0xFF]  // never in UTF-8
    func text(_ i: Int) -> String {
      let value = bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
      if value.first == 0xFF {
        return "(a value of \(String(decoding: value.dropFirst(), as: UTF8.self)) bytes)"
      }
      return DateColumnProfile.text(value)
    }
  }
  /// Set on the profile of a part after the first: its values wait for `absorb`.
  var part: PartValues? = nil
  /// Set once the parts joined hold more values than can be sampled: a part still being read
  /// starts after them, so none of its values can join the sample and it keeps none. Shared by
  /// the profiles of every part of a file.
  let sampleIsFull = SampleIsFull()
  final class SampleIsFull: Sendable, Equatable {
    let value = Atomic<Bool>(false)
    static func == (a: SampleIsFull, b: SampleIsFull) -> Bool { true }
  }
  /// No value of a part beyond this many can be sampled (the sample is full by then).
  static let partValuesKept = sampleFirst + sampleStep * sampleLimit

  /// The profile of a part of the file that does not start at its first row.
  func forPart() -> DateColumnProfile {
    var copy = self
    copy.values = 0
    copy.real = 0
    copy.wrongShape = 0
    copy.impossible = 0
    copy.sample = []
    copy.impossibleSample = []
    copy.part = PartValues()
    return copy
  }

  /// Adds the profile of the part read after the ones this profile has counted: the same
  /// counts and the same sample as reading the file in one go would give.
  mutating func absorb(_ other: DateColumnProfile) {
    if let kept = other.part {
      for i in kept.ends.indices {
        let index = values + i + 1
        guard sample.count < Self.sampleLimit else { break }
        if index <= Self.sampleFirst || index % Self.sampleStep == 0 {
          sample.append(kept.text(i))
        }
      }
    }
    values += other.values
    if values > Self.partValuesKept { sampleIsFull.value.store(true, ordering: .relaxed) }
    real += other.real
    wrongShape += other.wrongShape
    impossible += other.impossible
    for value in other.impossibleSample where impossibleSample.count < Self.sampleFirst {
      impossibleSample.append(value)
    }
  }

  /// The share of the sample that `pattern` reads as real dates.
  func share(_ pattern: DatePattern) -> Double {
    guard !sample.isEmpty else { return 0 }
    let n = sample.reduce(0) { n, v in if case .day = pattern.parse(v) { n + 1 } else { n } }
    return Double(n) / Double(sample.count)
  }
}

/// A reason `panelbrief report` refuses to write a paper, with the sentence that says what to
/// change.
public struct GateFailure: Sendable, Equatable, CustomStringConvertible {
  public enum Gate: String, Sendable {
    case dateFormat = "date format"
    case swappedDayMonth = "day and month swapped"
    case draft = "draft configuration"
    case yearsAfterExtraction = "years after the extraction date"
    case rejectedShare = "rejected rows"
  }
  public var gate: Gate
  public var message: String
  public var description: String { message }
}

/// The checks between the export and the panel: a paper is right or it is refused. Each gate and
/// its threshold is listed in README ("Quality gates").
public enum QualityGates {
  /// A date column is refused when its format reads fewer than this share of its values...
  public static let formatFitBelow = 0.9
  /// ...and another common format reads at least this share (and more than the configured one).
  public static let otherFormatFitsAtLeast = 0.9
  /// Day and month look swapped when at least this share of the values are no real date (and at
  /// least `swapMinimumValues` of them), and this share of those are real dates swapped.
  public static let swapImpossibleShare = 0.005
  public static let swapMinimumValues = 3
  public static let swapRescuedShare = 0.9

  /// The formats tried on a column whose configured format does not fit, in order of preference.
  public static let commonFormats = [
    "dd/MM/yyyy", "MM/dd/yyyy", "yyyy-MM-dd", "dd-MM-yyyy", "MM-dd-yyyy", "dd.MM.yyyy",
    "yyyy/MM/dd", "dd/MM/yy", "MM/dd/yy", "dd-MM-yy", "dd-MMM-yyyy", "dd-MMM-yy", "d MMMM yyyy",
    "MMMM d yyyy", "yyyyMMdd",
  ].compactMap { DatePattern($0) }

  /// Every gate but the rejected share, which `rejectedShare` checks so it can be overridden.
  public static func check(config: BriefingConfig, data: IngestedData) -> [GateFailure] {
    draft(config) + yearsAfterExtraction(config) + dateColumns(data)
  }

  /// A configuration that still holds `init`'s TODO marks is a draft.
  static func draft(_ config: BriefingConfig) -> [GateFailure] {
    guard let text = try? String(contentsOfFile: config.path, encoding: .utf8) else { return [] }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let marked = lines.indices.filter { lines[$0].contains("TODO") }
    guard let first = marked.first else { return [] }
    let shown = lines[first].trimmingCharacters(in: .whitespaces)
    return [
      GateFailure(
        gate: .draft,
        message:
          "\(config.path) line \(first + 1): the configuration is still a draft, with \(marked.count) line\(marked.count == 1 ? "" : "s") marked TODO (the first: '\(shown.prefix(100))'). Check each marked value against the exports, then delete its TODO."
      )
    ]
  }

  /// Years that start after the extraction date can only be columns of zeros.
  static func yearsAfterExtraction(_ config: BriefingConfig) -> [GateFailure] {
    let after = config.years.filter {
      config.periodBasis.bounds($0).lowerBound > config.extractionDate
    }
    guard !after.isEmpty else { return [] }
    let labels = after.map(config.periodBasis.label)
    return [
      GateFailure(
        gate: .yearsAfterExtraction,
        message:
          "\(config.path): period.years includes \(Wording.list(labels)), which start\(after.count == 1 ? "s" : "") after the extraction date \(config.extractionDate.iso): no record can fall in \(after.count == 1 ? "it" : "them"). Correct period.years or extraction_date."
      )
    ]
  }

  /// `true` when the pattern writes the day before the month.
  static func dayFirst(_ pattern: DatePattern) -> Bool {
    let t = pattern.text
    guard let d = t.firstIndex(of: "d"), let m = t.firstIndex(of: "M") else { return false }
    return d < m
  }

  /// The common format that reads the most of a profile's values as real dates, and the share.
  static func bestOtherFormat(_ p: DateColumnProfile) -> (DatePattern, Double)? {
    commonFormats.filter { $0.text != p.pattern.text }.map { ($0, p.share($0)) }
      .max { $0.1 < $1.1 }
  }

  /// Wrong or day-month-swapped date formats, column by column.
  static func dateColumns(_ data: IngestedData) -> [GateFailure] {
    var out: [GateFailure] = []
    for p in data.dateProfiles where p.values > 0 {
      let place = "'\(p.column)' in \(p.path) (source '\(p.source)')"
      if let swapped = p.pattern.swapped, p.impossible >= swapMinimumValues,
        Double(p.impossible) >= swapImpossibleShare * Double(p.values)
      {
        let rescued = p.impossibleSample.filter {
          if case .day = swapped.parse($0) { true } else { false }
        }.count
        if Double(rescued) >= swapRescuedShare * Double(p.impossibleSample.count) {
          out.append(
            GateFailure(
              gate: .swappedDayMonth,
              message:
                "\(place): day and month look swapped. \(Wording.count(p.impossible)) of \(Wording.count(p.values)) values are not a real date in the form \(p.pattern.written) (e.g. '\(p.impossibleSample[0])'), and \(rescued == p.impossibleSample.count ? "every one is" : "\(Wording.count(rescued)) of the \(Wording.count(p.impossibleSample.count)) examined are") a real date in the form \(swapped.text); the other \(Wording.count(p.real)) would be silently re-dated. Set date_format: \(swapped.text) for the source '\(p.source)' if the export writes the \(dayFirst(swapped) ? "day" : "month") first."
            ))
          continue
        }
      }
      let fit = Double(p.real) / Double(p.values)
      guard fit < formatFitBelow else { continue }
      if let (other, share) = bestOtherFormat(p), share >= otherFormatFitsAtLeast, share > fit {
        out.append(
          GateFailure(
            gate: .dateFormat,
            message:
              "\(place): only \(Wording.count(p.real)) of \(Wording.count(p.values)) values are a date in the form \(p.pattern.written), but \(Wording.percent(share)) of them are in the form \(other.text)\(p.sample.first.map { " (the first is '\($0)')" } ?? ""). Set date_format: \(other.text) for the source '\(p.source)'."
          ))
      }
    }
    return out
  }

  /// Sources whose share of rejected rows is above `quality.max_rejected_share`.
  public static func rejectedShare(config: BriefingConfig, data: IngestedData) -> [(
    source: String, read: Int, rejected: Int
  )] {
    var order: [String] = []
    var totals: [String: (read: Int, rejected: Int)] = [:]
    // Open data are reconciled under fixed source names, whatever the source is called.
    let openData: Set = [
      PoliceUKData.streetSource, PoliceUKData.outcomesSource, HomeOfficeOutcomesTable.sourceName,
    ]
    for r in data.reconciliation {
      if totals[r.source] == nil { order.append(r.source) }
      // Rows left out because the configuration chose a period are not faults: they count
      // neither as rejected nor as read here (the reconciliation still lists them).
      let chosen = r.rejectedByReason.reduce(0) {
        $0 + (isLeftOutByThePeriod($1.reason, openData: openData.contains(r.source)) ? $1.count : 0)
      }
      totals[r.source, default: (0, 0)].read += r.rowsRead - chosen
      totals[r.source, default: (0, 0)].rejected += r.rejected - chosen
    }
    return order.compactMap { name in
      let t = totals[name]!
      guard t.read > 0, Double(t.rejected) > config.maxRejectedShare * Double(t.read) else {
        return nil
      }
      return (name, t.read, t.rejected)
    }
  }

  /// Whether a rejection reason is the period the configuration chose rather than a fault of the
  /// data: a date outside `period.years`, and, for open data (files published for months the
  /// user may not want), a month or quarter after `extraction_date` and an outcome of a month
  /// before the period. A force export's record dated
  /// after its own extraction is a fault and still counts.
  static func isLeftOutByThePeriod(_ reason: String, openData: Bool) -> Bool {
    reason.hasSuffix("is outside the period covered")
      || (openData
        && (reason.hasSuffix("after the extraction date")
          || reason.hasSuffix("before the period covered")))
  }

  /// The sentence for a source over the threshold: as a refusal, or, when overridden, as the
  /// paper states it.
  public static func rejectedShareSentence(
    _ s: (source: String, read: Int, rejected: Int), config: BriefingConfig, overridden: Bool
  ) -> String {
    let share = Wording.percent(Double(s.rejected) / Double(s.read))
    let limit = Wording.percent(config.maxRejectedShare)
    if overridden {
      return
        "\(Wording.count(s.rejected)) of \(Wording.count(s.read)) rows (\(share)) were rejected as faults (rows outside the period are not counted here), more than the \(limit) the quality gate allows; the paper was made with --allow-rejected, so its figures leave these rows out"
    }
    return
      "source '\(s.source)': \(Wording.count(s.rejected)) of \(Wording.count(s.read)) rows (\(share)) were rejected as faults (rows outside the period are not counted here), more than quality.max_rejected_share (\(limit)). Run panelbrief validate --config \(config.path) to see why and correct the configuration or the export; or, if the rows are rightly left out, raise quality.max_rejected_share or give --allow-rejected (the paper then says so)."
  }

  /// With `--allow-rejected`: each source over the threshold becomes a data-quality finding the
  /// paper states; returns the sentences, for standard error.
  public static func allowRejected(config: BriefingConfig, data: inout IngestedData) -> [String] {
    rejectedShare(config: config, data: data).map { s in
      let sentence = rejectedShareSentence(s, config: config, overridden: true)
      data.findings.append(QualityFinding(source: s.source, text: sentence, count: s.rejected))
      return "\(s.source): \(sentence)"
    }
  }
}
