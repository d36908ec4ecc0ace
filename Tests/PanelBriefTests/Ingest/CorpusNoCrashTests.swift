import Foundation
import Testing

@testable import PanelBrief

/// No input makes the ingest crash: random bytes, truncated and damaged exports, a binary file
/// named .csv, a zip named .xlsx that is not a workbook. Each input ends either in a result whose
/// reconciliation adds up or in an `IngestError` that says something.
@Suite struct CorpusNoCrashTests {
  /// A crimes export with every awkwardness the damage can build on: quotes, a ragged row,
  /// accented labels, a duplicate, bad dates.
  static let goodCSV = """
    Occurrence Ref,Recorded Date,Outcome,Outcome Date\r
    MS/1,05/01/2020,1: Charged,14/02/2020\r
    "MS/2","06/01/2020","18: Investigation complete no suspect identified",""\r
    MS/3,07/01/2020,"Cancelled / Transferred",\r
    MS/1,05/01/2020,1: Charged,15/02/2020\r
    MS/4,31/02/2020,Réfusé,\r
    MS/5,07/01/2021,"multi\r
    line",01/01/2021,extra\r
    MS/6,07/01/2022,1: Charged,06/01/2022\r

    """

  static let goodSheet = """
    <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Recorded Date</t></is></c>\
    <c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>\
    <row r="2"><c r="A2"><v>1001</v></c><c r="B2" s="1"><v>43835</v></c><c r="C2" t="s"><v>3</v></c>\
    <c r="D2" s="1"><v>43875</v></c></row>\
    <row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" s="1"><v>44377</v></c><c r="C3" t="s"><v>4</v></c></row>\
    <row r="4"><c r="A4"><v>1001</v></c><c r="B4" s="2"><v>43835.25</v></c><c r="C4" t="b"><v>1</v></c></row>
    """

  enum Outcome {
    case result(IngestedData)
    case error(IngestError)
  }

  /// Runs a crimes source over `name` (or a reports or monthly activity source, by `kind`).
  static func ingest(_ corpus: Corpus, _ name: String, kind: Int) throws -> Outcome {
    let source: String
    switch kind {
    case 0: source = Corpus.crimes([name])
    case 1: source = Corpus.crimes([name], dateFormat: "iso")
    case 2: source = Corpus.reports([name])
    default:
      source = """
          - name: activity
            kind: activity
            layout: monthly
            files: ["\(name)"]
            columns: {measure: Occurrence Ref}
            measures:
              PVOT engaged with: [MS/1]
        """
    }
    let config = try corpus.config(source)
    do {
      return .result(try Ingestor(config: config, open: openTabular).run())
    } catch {
      return .error(error)
    }
  }

  @Test func survivesTwoHundredAwkwardInputs() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    var random = CorpusRandom(seed: 20_240_205)
    let csv = Array(Self.goodCSV.utf8)
    let xlsxPath = try corpus.zip(
      "good.xlsx",
      CorpusXLSXTests.workbook(
        sheets: [("Crimes", Self.goodSheet)], strings: CorpusXLSXTests.strings))
    let xlsx = [UInt8](try Data(contentsOf: URL(fileURLWithPath: xlsxPath)))
    // Undamaged, both are read, and the damage starts from files whose every row counts.
    try corpus.write("good.csv", Self.goodCSV)
    guard case .result(let good) = try Self.ingest(corpus, "good.csv", kind: 0),
      case .result(let goodBook) = try Self.ingest(corpus, "good.xlsx", kind: 1)
    else {
      Issue.record("the undamaged files must be read")
      return
    }
    #expect(
      Corpus.counts(good, "good.csv")
        == Corpus.Counts(
          read: 7, accepted: 4, superseded: 1,
          rejected: ["Recorded Date is not a real date": 1, "Wrong number of fields": 1]))
    // An outcome date before the recorded date (the unmapped label is on a rejected row).
    #expect(good.findings.map(\.count) == [1])
    #expect(
      Corpus.counts(goodBook, "good.xlsx") == Corpus.Counts(read: 3, accepted: 2, superseded: 1))
    let interesting: [UInt8] = [
      0x22, 0x2C, 0x0A, 0x0D, 0x00, 0xFF, 0xFE, 0xC3, 0xEF, 0x3B, 0x09, 0x3C,
    ]
    var results = 0
    var errors = 0
    for i in 0..<200 {
      var bytes: [UInt8]
      var ext = "csv"
      switch i % 8 {
      case 0:  // random bytes
        bytes = (0..<Int.random(in: 0...400, using: &random)).map { _ in
          UInt8.random(in: 0...255, using: &random)
        }
      case 1:  // the CSV cut short anywhere
        bytes = Array(csv.prefix(Int.random(in: 0...csv.count, using: &random)))
      case 2, 3:  // the CSV with bytes changed, inserted or removed
        bytes = csv
        for _ in 0..<Int.random(in: 1...12, using: &random) {
          let at = Int.random(in: 0..<bytes.count, using: &random)
          let byte =
            Bool.random(using: &random)
            ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
          switch Int.random(in: 0..<3, using: &random) {
          case 0: bytes[at] = byte
          case 1: bytes.insert(byte, at: at)
          default: if bytes.count > 1 { bytes.remove(at: at) }
          }
        }
      case 4:  // the CSV behind a byte order mark, possibly the wrong one, odd length
        let boms: [[UInt8]] = [[0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF]]
        bytes =
          boms.randomElement(using: &random)!
          + csv.prefix(Int.random(in: 0...csv.count, using: &random))
      case 5:  // the workbook cut short
        bytes = Array(xlsx.prefix(Int.random(in: 0...xlsx.count, using: &random)))
        ext = "xlsx"
      case 6:  // the workbook with bytes changed
        bytes = xlsx
        for _ in 0..<Int.random(in: 1...6, using: &random) {
          bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(
            in: 0...255, using: &random)
        }
        ext = "xlsx"
      default:  // a binary file named .csv, random bytes or a zip that is no workbook named .xlsx
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
          bytes = xlsx
        case 1:
          ext = "xlsx"
          bytes = (0..<Int.random(in: 0...300, using: &random)).map { _ in
            UInt8.random(in: 0...255, using: &random)
          }
        default:
          ext = "xlsx"
          let path = try corpus.zip(
            "not-a-workbook-\(i).zip",
            [("notes.txt", Self.goodCSV), ("xl/workbook.xml", String(Self.goodSheet.prefix(i)))])
          bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        }
      }
      let name = "input-\(i).\(ext)"
      try corpus.write(name, bytes: bytes)
      switch try Self.ingest(corpus, name, kind: i % 4) {
      case .result(let data):
        results += 1
        #expect(Corpus.addsUp(data), "input \(i) (\(name)) does not add up: \(data.reconciliation)")
      case .error(let error):
        errors += 1
        #expect(error.path == name, "input \(i)")
        #expect(!error.message.isEmpty, "input \(i)")
      }
    }
    // Both ends are reached: the damage is not so heavy that nothing is ever read.
    #expect(results > 20 && errors > 20, "\(results) results, \(errors) errors")
  }
}
