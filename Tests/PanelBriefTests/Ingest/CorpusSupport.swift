import Foundation
import Testing
import ZIPFoundation

@testable import PanelBrief

/// The machinery of the awkward-file corpus: a folder per test, files written byte for byte, a
/// configuration written beside them and the whole ingest run over it.
struct Corpus {
  let folder: String

  init(_ name: String = #function) {
    folder = TestPaths.scratch("Corpus" + name)
  }

  func cleanUp() { try? FileManager.default.removeItem(atPath: folder) }

  /// Writes `bytes` to `name` in the folder and returns its path.
  @discardableResult
  func write(_ name: String, bytes: [UInt8]) throws -> String {
    let path = folder + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Writes `text` as UTF-8 (no byte order mark).
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    try write(name, bytes: Array(text.utf8))
  }

  /// Writes a zip archive of `parts` (path in the archive, text), deflated.
  @discardableResult
  func zip(_ name: String, _ parts: [(String, String)]) throws -> String {
    let url = URL(fileURLWithPath: folder + "/" + name)
    try? FileManager.default.removeItem(at: url)
    let archive = try Archive(url: url, accessMode: .create)
    for (path, text) in parts {
      let data = Data(text.utf8)
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
      ) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    return url.path
  }

  /// A configuration for calendar years 2020-2023 extracted on 2024-02-05 with the given
  /// `sources:` items (YAML, indented by two spaces).
  func config(_ sources: String, years: String = "2020-2023", extraction: String = "2024-02-05")
    throws -> BriefingConfig
  {
    let yaml = """
      title: Corpus
      organisation: Test Force
      audience: restricted
      period:
        basis: calendar
        years: \(years)
      extraction_date: \(extraction)
      sources:
      \(sources)
      """
    let path = folder + "/panel.yml"
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return try BriefingConfig.parse(yaml: yaml, path: path)
  }

  /// Runs the whole ingest over a configuration of `sources`.
  func run(_ sources: String, years: String = "2020-2023", extraction: String = "2024-02-05")
    throws -> IngestedData
  {
    try Ingestor(config: config(sources, years: years, extraction: extraction), open: openTabular)
      .run()
  }

  /// The ingest's error for a configuration of `sources`, or `nil` when it succeeds.
  func error(_ sources: String) throws -> IngestError? {
    let config = try config(sources)
    do {
      _ = try Ingestor(config: config, open: openTabular).run()
      return nil
    } catch {
      return error
    }
  }

  // MARK: - Sources

  /// The outcome labels every crimes source of the corpus maps.
  static let outcomes = """
        outcomes:
          "1: Charged": 1
          "18: Investigation complete no suspect identified": 18
          "Cancelled / Transferred": cancelled
    """

  /// A crimes source reading `files` with the columns of the seed force's export.
  static func crimes(
    _ files: [String], dateFormat: String = "dd/MM/yyyy", extra: String = "",
    outcomes: String = Corpus.outcomes
  ) -> String {
    """
      - name: crimes
        kind: crimes
        files: [\(files.map { "\"\($0)\"" }.joined(separator: ", "))]
        columns:
          reference: Occurrence Ref
          recorded_date: Recorded Date
          outcome: Outcome
          outcome_date: Outcome Date
        date_format: \(dateFormat)
    \(extra)\(outcomes)
    """
  }

  /// A reports source reading `files`.
  static func reports(_ files: [String]) -> String {
    """
      - name: reports
        kind: reports
        files: [\(files.map { "\"\($0)\"" }.joined(separator: ", "))]
        columns:
          reference: Incident No
          date: Created
          channel: How Received
        date_format: yyyy-MM-dd HH:mm
        channels: ["101", "999", E-Mail]
    """
  }

  static let crimesHeader = "Occurrence Ref,Recorded Date,Outcome,Outcome Date"

  // MARK: - Checks

  /// The reconciliation of one file as a comparable value.
  struct Counts: Equatable, CustomStringConvertible {
    var read: Int
    var accepted: Int
    var superseded: Int
    var rejected: [String: Int]

    init(read: Int, accepted: Int, superseded: Int = 0, rejected: [String: Int] = [:]) {
      self.read = read
      self.accepted = accepted
      self.superseded = superseded
      self.rejected = rejected
    }

    init(_ r: FileReconciliation) {
      read = r.rowsRead
      accepted = r.accepted
      superseded = r.superseded
      rejected = Dictionary(r.rejectedByReason.map { ($0.reason, $0.count) }) { $0 + $1 }
    }

    var description: String {
      "read \(read), accepted \(accepted), superseded \(superseded), rejected \(rejected)"
    }
  }

  /// The reconciliation of the file `path` (as written in the configuration).
  static func counts(_ data: IngestedData, _ path: String) -> Counts? {
    data.reconciliation.first { $0.path == path }.map(Counts.init)
  }

  /// The rejected rows as (line, reason, detail), in the order the ingest met them.
  static func rejected(_ data: IngestedData, _ path: String? = nil) -> [Rejection] {
    data.rejected.filter { path == nil || $0.path == path }.map {
      Rejection($0.line, $0.reason, $0.detail)
    }
  }

  struct Rejection: Equatable, CustomStringConvertible {
    var line: Int
    var reason: String
    var detail: String
    init(_ line: Int, _ reason: String, _ detail: String) {
      self.line = line
      self.reason = reason
      self.detail = detail
    }
    var description: String { "\(line): \(reason) [\(detail)]" }
  }

  /// Every file's rows add up, and the records kept and rows rejected match the reconciliation.
  static func addsUp(_ data: IngestedData) -> Bool {
    for r in data.reconciliation
    where r.rowsRead != r.accepted + r.superseded + r.rejected || r.accepted < 0 || r.superseded < 0
    {
      return false
    }
    let accepted = { (source: String) in
      data.reconciliation.filter { $0.source == source }.reduce(0) { $0 + $1.accepted }
    }
    return data.rejected.count == data.totals.rejected
      && (data.crimes.isEmpty || data.crimes.count == accepted("crimes"))
      && (data.reports.isEmpty || data.reports.count == accepted("reports"))
  }

  /// (outcome label, reference) of each crime kept, in order.
  static func crimes(_ data: IngestedData) -> [String] {
    data.crimes.map { "\($0.reference) \(data.outcomeLabels[$0.outcome].label)" }
  }

  // MARK: - Encodings

  /// Windows-1252 bytes of a text of ASCII and the few other characters the corpus uses.
  static func windows1252(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar -> UInt8 in
      switch scalar {
      case "£": return 0xA3
      case "é": return 0xE9
      case "–": return 0x96
      case "’": return 0x92
      default:
        precondition(scalar.isASCII, "no Windows-1252 byte for \(scalar) in the corpus table")
        return UInt8(scalar.value)
      }
    }
  }

  /// UTF-16 bytes with a byte order mark.
  static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
    var out: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
      let hi = UInt8(unit >> 8)
      let lo = UInt8(unit & 0xFF)
      out += bigEndian ? [hi, lo] : [lo, hi]
    }
    return out
  }
}

/// A small deterministic random number generator (SplitMix64), so the no-crash corpus is the
/// same on every run.
struct CorpusRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
