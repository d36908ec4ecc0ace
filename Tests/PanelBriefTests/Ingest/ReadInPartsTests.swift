import Foundation
import Testing

@testable import PanelBrief

/// A large UTF-8 CSV export is read in parts on every core (`Ingestor.readFileInParts`). The
/// result must be exactly that of reading it in one go: every record, label (and the order
/// unmapped labels were first met in), rejected row and line number, finding, date profile and
/// reconciliation count. These tests read awkward files both ways, with parts as small as a few
/// dozen bytes so that every kind of row falls across a part's start.
@Suite struct ReadInPartsTests {
  /// A deterministic generator (SplitMix64), so a failure can be replayed.
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  }

  /// An export of `rows` rows with every awkwardness the reader knows: quoted fields holding
  /// line breaks (LF and CRLF) and doubled quotes, blank and whitespace-only lines, bad and
  /// empty dates, empty references, short rows, duplicate references, unmapped labels first
  /// seen late in the file, outcome dates before the recorded date.
  static func export(rows: Int, seed: UInt64, lineEnd: String = "\n") -> String {
    var random = Random(state: seed)
    let labels = [
      "1: Charged", "18: Investigation complete no suspect identified", "Cancelled / Transferred",
      " 1: CHARGED ", "Unmapped A", "Unmapped \"B\"", "unmapped a", "Zed\u{1}",
    ]
    var out = Corpus.crimesHeader + lineEnd
    for i in 0..<rows {
      let ref = random.below(10) == 0 ? "R\(random.below(max(1, i)))" : "R\(i)"
      let day = 1 + random.below(28)
      let month = 1 + random.below(12)
      let year = 2019 + random.below(6)
      var date = String(format: "%02d/%02d/%04d", day, month, year)
      switch random.below(40) {
      case 0: date = "31/02/2021"
      case 1: date = ""
      case 2: date = "2021-03-04"
      default: break
      }
      // Later rows may use labels the early rows never did.
      let label = labels[random.below(i < rows / 2 ? 4 : labels.count)]
      let outcomeDate =
        random.below(3) == 0
        ? "" : String(format: "%02d/%02d/%04d", day, month, year + random.below(2))
      var quotedLabel = "\"" + label.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      if random.below(15) == 0 { quotedLabel = "\"" + label + "\nsecond line\r\nthird\"" }
      let refField = random.below(50) == 0 ? "" : (random.below(4) == 0 ? "\" \(ref) \"" : ref)
      switch random.below(60) {
      case 0: out += lineEnd  // a blank line
      case 1: out += "   " + lineEnd
      case 2: out += "\(refField),\(date)" + lineEnd  // too few fields
      default: break
      }
      out += "\(refField),\(date),\(quotedLabel),\(outcomeDate)" + lineEnd
    }
    return out
  }

  /// The ingest of `config`, with parts of `partBytes` bytes.
  static func ingest(_ config: BriefingConfig, partBytes: Int) throws -> IngestedData {
    var ingestor = Ingestor(config: config, open: openTabular)
    ingestor.partBytes = partBytes
    return try ingestor.run()
  }

  static func expectSame(_ a: IngestedData, _ b: IngestedData, _ note: String) {
    #expect(a.crimes == b.crimes, "crimes, \(note)")
    #expect(a.outcomeLabels == b.outcomeLabels, "labels, \(note)")
    #expect(a.reconciliation == b.reconciliation, "reconciliation, \(note)")
    #expect(a.rejected == b.rejected, "rejected rows, \(note)")
    #expect(a.findings == b.findings, "findings, \(note)")
    #expect(a.dateProfiles == b.dateProfiles, "date profiles, \(note)")
    #expect(a.reports == b.reports, "reports, \(note)")
    #expect(a.channelLabels == b.channelLabels, "channels, \(note)")
  }

  @Test(arguments: [(UInt64(1), "\n"), (2, "\r\n"), (3, "\n")])
  func awkwardExportReadInPartsIsReadAsInOneGo(seed: UInt64, lineEnd: String) throws {
    let corpus = Corpus("parts\(seed)")
    defer { corpus.cleanUp() }
    try corpus.write("a.csv", Self.export(rows: 3000, seed: seed, lineEnd: lineEnd))
    try corpus.write("b.csv", Self.export(rows: 500, seed: seed + 100, lineEnd: lineEnd))
    let config = try corpus.config(Corpus.crimes(["a.csv", "b.csv"]))
    let whole = try Self.ingest(config, partBytes: Int.max / 4)
    #expect(whole.partsJoined == 0)
    #expect(Corpus.addsUp(whole))
    // The corpus has what the test is about: rows of each kind.
    #expect(whole.rejected.contains { $0.reason == "Blank line" })
    #expect(whole.rejected.contains { $0.reason == "Wrong number of fields" })
    #expect(whole.outcomeLabels.contains { $0.label.hasPrefix("Unmapped: Unmapped A") })
    #expect(whole.reconciliation.contains { $0.superseded > 0 })
    for partBytes in [40, 97, 256, 1000, 7919, 65536] {
      let parts = try Self.ingest(config, partBytes: partBytes)
      #expect(parts.partsJoined > 1, "parts of \(partBytes) bytes")
      Self.expectSame(whole, parts, "parts of \(partBytes) bytes")
    }
  }

  /// The date profiles sample the first 2,000 values, then every 25th: with parts of a few
  /// hundred rows, the sample is chosen across many parts and must still be the same.
  @Test func dateProfileSampleIsTheSameInParts() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write("a.csv", Self.export(rows: 12_000, seed: 9))
    let config = try corpus.config(Corpus.crimes(["a.csv"]))
    let whole = try Self.ingest(config, partBytes: Int.max / 4)
    let parts = try Self.ingest(config, partBytes: 5000)
    #expect(parts.partsJoined > 50)
    let wholeSample = whole.dateProfiles.map(\.sample)
    #expect(wholeSample.first?.count ?? 0 > 2000)
    #expect(parts.dateProfiles.map(\.sample) == wholeSample)
    Self.expectSame(whole, parts, "12,000 rows in parts of 5,000 bytes")
  }

  /// Past 202,000 values the sample is full: parts that start after that keep no values (the
  /// parts joined tell them so), and the sample must still be the one read in one go.
  @Test func fullDateSampleIsTheSameInParts() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write("a.csv", Self.export(rows: 215_000, seed: 10))
    let config = try corpus.config(Corpus.crimes(["a.csv"]))
    let whole = try Self.ingest(config, partBytes: Int.max / 4)
    let parts = try Self.ingest(config, partBytes: 150_000)
    #expect(parts.partsJoined > 50)
    let wholeSample = whole.dateProfiles.map(\.sample)
    #expect(wholeSample.first?.count == DateColumnProfile.sampleLimit)
    #expect(parts.dateProfiles.map(\.sample) == wholeSample)
    #expect(parts.dateProfiles == whole.dateProfiles)
  }

  /// A quote never closed makes the reader go back and read lines again: such a file is read in
  /// one go, with the same result.
  @Test func unclosedQuoteFallsBackToOneGo() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    var text = Self.export(rows: 400, seed: 5)
    let middle = text.index(text.startIndex, offsetBy: text.utf8.count / 2)
    let lineStart = text[middle...].firstIndex(of: "\n").map { text.index(after: $0) }!
    text.insert(contentsOf: "R-broken,01/02/2021,\"never closed,\n", at: lineStart)
    try corpus.write("a.csv", text)
    let config = try corpus.config(Corpus.crimes(["a.csv"]))
    let whole = try Self.ingest(config, partBytes: Int.max / 4)
    #expect(whole.rejected.contains { $0.reason == "Malformed CSV record" })
    for partBytes in [64, 512, 4096] {
      let parts = try Self.ingest(config, partBytes: partBytes)
      #expect(parts.partsJoined == 0, "read again in one go")
      Self.expectSame(whole, parts, "\(partBytes) bytes")
    }
  }

  /// The seed force's own export, read in parts of 4 KiB.
  @Test func seedExportReadInParts() throws {
    let config = try BriefingConfig.load(path: TestPaths.root + "/Fixtures/seed-force/panel.yml")
    let whole = try Self.ingest(config, partBytes: Int.max / 4)
    let parts = try Self.ingest(config, partBytes: 4096)
    #expect(parts.partsJoined > 10)
    Self.expectSame(whole, parts, "seed force")
  }
}
