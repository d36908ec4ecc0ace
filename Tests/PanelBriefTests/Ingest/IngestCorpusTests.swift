import Foundation
import Testing

@testable import PanelBrief

/// The awkward-file corpus: each file is written by the test, read through the whole ingest
/// (configuration, reader, row rules, duplicates), and every row is accounted for with the exact
/// counts, the rejected lines and the messages a panel analyst would see.
@Suite struct IngestCorpusTests {
  typealias Counts = Corpus.Counts
  typealias Rejection = Corpus.Rejection

  // MARK: - Encodings and delimiters

  /// Outcome labels with £, é and an en dash, which every encoding must bring through intact.
  static let accentedOutcomes = """
        outcomes:
          "1: Charged": 1
          "22: Diversion – café £20 voucher": 22
          "Cancelled / Transferred": cancelled
    """

  /// Three crimes, one with an accented label the configuration maps and one with an accented
  /// label it does not (shown decoded in the "Unmapped:" row).
  static let accentedRows = [
    "Occurrence Ref,Recorded Date,Outcome,Outcome Date",
    "MS/20/0001,05/01/2020,1: Charged,14/02/2020",
    "MS/20/0002,01/03/2020,22: Diversion – café £20 voucher,02/03/2020",
    "MS/21/0003,02/01/2021,Réfused – £0,",
  ]

  static func expectAccented(
    _ data: IngestedData, format: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      Corpus.counts(data, "crimes.csv") == Counts(read: 3, accepted: 3),
      sourceLocation: sourceLocation)
    #expect(data.reconciliation.first?.format == format, sourceLocation: sourceLocation)
    #expect(
      Corpus.crimes(data) == [
        "MS/20/0001 1: Charged", "MS/20/0002 22: Diversion – café £20 voucher",
        "MS/21/0003 Unmapped: Réfused – £0",
      ], sourceLocation: sourceLocation)
    #expect(
      data.crimes.map(\.outcomeDate) == [
        Day(year: 2020, month: 2, day: 14), Day(year: 2020, month: 3, day: 2), nil,
      ], sourceLocation: sourceLocation)
    #expect(
      data.findings == [
        QualityFinding(
          source: "crimes",
          text:
            "Outcome label 'Réfused – £0' is not in the configuration; its rows are counted as \"Unmapped: Réfused – £0\"",
          count: 1)
      ], sourceLocation: sourceLocation)
    #expect(data.rejected.isEmpty, sourceLocation: sourceLocation)
  }

  @Test func readsUTF8WithByteOrderMarkAndCRLF() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let text = Self.accentedRows.joined(separator: "\r\n") + "\r\n"
    try corpus.write("crimes.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
    let data = try corpus.run(Corpus.crimes(["crimes.csv"], outcomes: Self.accentedOutcomes))
    Self.expectAccented(data, format: "UTF-8 with BOM, CRLF line endings, comma-separated")
  }

  @Test func readsUTF16LittleEndianWithByteOrderMark() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let text = Self.accentedRows.joined(separator: "\n") + "\n"
    try corpus.write("crimes.csv", bytes: Corpus.utf16(text, bigEndian: false))
    let data = try corpus.run(Corpus.crimes(["crimes.csv"], outcomes: Self.accentedOutcomes))
    Self.expectAccented(
      data, format: "UTF-16 little-endian with BOM (converted), LF line endings, comma-separated")
  }

  @Test func readsUTF16BigEndianWithByteOrderMark() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let text = Self.accentedRows.joined(separator: "\r\n")  // no line break after the last row
    try corpus.write("crimes.csv", bytes: Corpus.utf16(text, bigEndian: true))
    let data = try corpus.run(Corpus.crimes(["crimes.csv"], outcomes: Self.accentedOutcomes))
    Self.expectAccented(
      data, format: "UTF-16 big-endian with BOM (converted), CRLF line endings, comma-separated")
  }

  @Test func detectsWindows1252() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let text = Self.accentedRows.joined(separator: "\r\n") + "\r\n"
    let bytes = Corpus.windows1252(text)
    #expect(bytes.contains(0xA3) && bytes.contains(0xE9) && bytes.contains(0x96))
    try corpus.write("crimes.csv", bytes: bytes)
    let data = try corpus.run(Corpus.crimes(["crimes.csv"], outcomes: Self.accentedOutcomes))
    Self.expectAccented(
      data, format: "Windows-1252 (not valid UTF-8; converted), CRLF line endings, comma-separated")
  }

  @Test func readsConfiguredWindows1252() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv", bytes: Corpus.windows1252(Self.accentedRows.joined(separator: "\n") + "\n"))
    let data = try corpus.run(
      Corpus.crimes(
        ["crimes.csv"], extra: "    encoding: windows-1252\n", outcomes: Self.accentedOutcomes))
    Self.expectAccented(data, format: "Windows-1252 (converted), LF line endings, comma-separated")
  }

  /// The format is described once the whole file has been read: line endings that change after
  /// the header are reported as mixed.
  @Test func describesLineEndingsOfTheWholeFile() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let rows = Self.accentedRows
    try corpus.write(
      "crimes.csv", rows[0] + "\n" + rows[1] + "\r\n" + rows[2] + "\r\n" + rows[3] + "\r\n")
    let data = try corpus.run(Corpus.crimes(["crimes.csv"], outcomes: Self.accentedOutcomes))
    Self.expectAccented(
      data, format: "UTF-8, mixed line endings (1 LF, 3 CRLF), comma-separated")
  }

  @Test(
    arguments: [
      ("\t", "tab-separated", nil), (";", "semicolon-separated", nil), ("|", "pipe-separated", nil),
      ("\t", "tab-separated", "tab"), (";", "semicolon-separated", "semicolon"),
      ("|", "pipe-separated", "pipe"), (",", "comma-separated", "comma"),
    ] as [(String, String, String?)])
  func readsDelimiters(delimiter: String, described: String, configured: String?) throws {
    let corpus = Corpus("readsDelimiters\(described)\(configured ?? "")")
    defer { corpus.cleanUp() }
    // The configured cases carry a comma inside a quoted label, which sniffing must not need.
    let outcome =
      configured == nil ? "1: Charged" : "\"15: Named suspect, evidential difficulties\""
    let rows = [
      ["Occurrence Ref", "Recorded Date", "Outcome", "Outcome Date"],
      ["MS/1", "05/01/2020", outcome, "14/02/2020"],
      ["MS/2", "06/01/2020", "Cancelled / Transferred", ""],
      ["MS/3", "07/01/2020", outcome, "14/02/2020", "stray"],
    ]
    try corpus.write(
      "crimes.txt", rows.map { $0.joined(separator: delimiter) }.joined(separator: "\n") + "\n")
    let outcomes = Corpus.outcomes + "\n      \"15: Named suspect, evidential difficulties\": 15\n"
    let extra = configured.map { "    delimiter: \($0)\n" } ?? ""
    let data = try corpus.run(Corpus.crimes(["crimes.txt"], extra: extra, outcomes: outcomes))
    #expect(
      Corpus.counts(data, "crimes.txt")
        == Counts(read: 3, accepted: 2, rejected: ["Wrong number of fields": 1]))
    #expect(data.reconciliation.first?.format == "UTF-8, LF line endings, \(described)")
    let label = configured == nil ? "1: Charged" : "15: Named suspect, evidential difficulties"
    #expect(Corpus.crimes(data) == ["MS/1 \(label)", "MS/2 Cancelled / Transferred"])
    #expect(
      Corpus.rejected(data) == [
        Rejection(4, "Wrong number of fields", "5 fields where the header has 4")
      ])
    #expect(data.rejected.first?.fields == ["MS/3", "07/01/2020", label, "14/02/2020", "stray"])
  }

  // MARK: - Row rules

  @Test func rejectsRaggedBrokenAndBadlyDatedRows() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let lines = [
      Corpus.crimesHeader,  // 1
      "MS/1,05/01/2020,1: Charged,14/02/2020",  // 2 accepted
      "MS/2,06/01/2020,1: Charged,14/02/2020,extra",  // 3 one field too many
      "MS/3,07/01/2020,1: Charged",  // 4 one field too few
      "MS/4,31/02/2022,1: Charged,",  // 5 31 February
      "MS/5,29/02/2021,1: Charged,",  // 6 29 February in a year that is not a leap year
      "MS/6,15/13/2022,1: Charged,",  // 7 month 13
      "MS/7,29/02/2020,1: Charged,",  // 8 accepted: 2020 is a leap year
      "MS/8,31/12/2019,1: Charged,",  // 9 before the years covered
      "MS/9,10/01/2024,1: Charged,",  // 10 after them, before the extraction date
      "MS/10,06/02/2024,1: Charged,",  // 11 after the extraction date (2024-02-05)
      ",05/01/2020,1: Charged,",  // 12 no reference
      "MS/11,,1: Charged,",  // 13 no date
      "MS/12,2020-01-05,1: Charged,",  // 14 not dd/MM/yyyy
      "\"MS/13,05/01/2020,1: Charged,",  // 15 a quote never closed
      "MS/14,05/01/2020,\"18: Investigation complete no suspect identified\",",  // 16 accepted
      "\"MS/15\",\"05/01/2020\",\"1: Charged\",\"\"",  // 17 accepted, every field quoted
      "  MS/16  ,05/01/2020,  1:   CHARGED ,",  // 18 accepted: spaces and case do not matter
      "   ",  // 19 a line of spaces: no row, but read and rejected, so the counts add up
      "",  // 20 an empty line: not a row
      "MS/17,05/01/2020,1: Charged,",  // 21 accepted
    ]
    try corpus.write("crimes.csv", lines.joined(separator: "\n") + "\n")
    let data = try corpus.run(Corpus.crimes(["crimes.csv"]))
    #expect(
      Corpus.counts(data, "crimes.csv")
        == Counts(
          read: 19, accepted: 6,
          rejected: [
            "Blank line": 1,
            "Wrong number of fields": 2, "Recorded Date is not a real date": 3,
            "Recorded Date is outside the period covered": 2,
            "Recorded Date is after the extraction date": 1, "Occurrence Ref is empty": 1,
            "Recorded Date is empty": 1, "Recorded Date is not a date in the form dd/MM/yyyy": 1,
            "Malformed CSV record": 1,
          ]))
    #expect(
      Corpus.rejected(data) == [
        Rejection(3, "Wrong number of fields", "5 fields where the header has 4"),
        Rejection(4, "Wrong number of fields", "3 fields where the header has 4"),
        Rejection(5, "Recorded Date is not a real date", "'31/02/2022'"),
        Rejection(6, "Recorded Date is not a real date", "'29/02/2021'"),
        Rejection(7, "Recorded Date is not a real date", "'15/13/2022'"),
        Rejection(9, "Recorded Date is outside the period covered", "'31/12/2019'"),
        Rejection(10, "Recorded Date is outside the period covered", "'10/01/2024'"),
        Rejection(11, "Recorded Date is after the extraction date", "'06/02/2024'"),
        Rejection(12, "Occurrence Ref is empty", ""),
        Rejection(13, "Recorded Date is empty", ""),
        Rejection(14, "Recorded Date is not a date in the form dd/MM/yyyy", "'2020-01-05'"),
        // The stray quote closes on the next line, before "18: ...": the reader gives up at line
        // 15 and starts again on line 16, which is read as its own row.
        Rejection(
          15, "Malformed CSV record",
          "the quoted field 1 that opens on line 15 closes on line 16 with text after its closing quote; the record was skipped and reading goes on from line 16."
        ),
        Rejection(19, "Blank line", "only spaces, tabs or empty quotes where a row should be"),
      ])
    // Ragged rows keep their fields as read: nothing is shifted into another column.
    #expect(data.rejected[0].fields == ["MS/2", "06/01/2020", "1: Charged", "14/02/2020", "extra"])
    #expect(data.rejected[1].fields == ["MS/3", "07/01/2020", "1: Charged"])
    #expect(
      Corpus.crimes(data) == [
        "MS/1 1: Charged", "MS/7 1: Charged",
        "MS/14 18: Investigation complete no suspect identified", "MS/15 1: Charged",
        "MS/16 1: Charged", "MS/17 1: Charged",
      ])
    #expect(data.crimes.map(\.line) == [2, 8, 16, 17, 18, 21])
    #expect(data.crimes[1].recorded == Day(year: 2020, month: 2, day: 29))
    #expect(data.findings.isEmpty)
    #expect(Corpus.addsUp(data))
  }

  /// A quote never closed would swallow the rest of the file: only its own line is lost.
  @Test func losesOnlyTheLineOfAQuoteNeverClosed() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      """
      \(Corpus.crimesHeader)
      MS/1,05/01/2020,"1: Charged,
      MS/2,05/01/2020,1: Charged,
      MS/3,05/01/2020,1: Charged,
      """)
    let data = try corpus.run(Corpus.crimes(["crimes.csv"]))
    #expect(
      Corpus.counts(data, "crimes.csv")
        == Counts(read: 3, accepted: 2, rejected: ["Malformed CSV record": 1]))
    #expect(
      Corpus.rejected(data) == [
        Rejection(
          2, "Malformed CSV record",
          "the quoted field 3 that opens on line 2 is never closed (the file ends inside it); the record was skipped and reading goes on from line 3."
        )
      ])
    #expect(Corpus.crimes(data) == ["MS/2 1: Charged", "MS/3 1: Charged"])
  }

  @Test func rejectsBadlyDatedReportsAndActivity() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "reports.csv",
      """
      Incident No,Created,How Received
      INC-1,2021-03-04 09:15,101
      INC-2,2021-02-29 10:00,999
      INC-3,2021-03-04 25:00,999
      INC-4,04/03/2021 09:15,999
      INC-5,2024-02-06 00:01,E-Mail
      INC-6,2019-12-31 23:59,E-Mail
      INC-7,2021-03-04,E-Mail

      """)
    try corpus.write(
      "activity.csv",
      """
      Activity Date,Activity
      01/09/2022,PVOT engaged
      31/08/2022,PVOT engaged
      01/02/2024,PVOT engaged
      30/02/2023,NRM referral
      15/10/2022,NRM referral
      15/10/2022,Welfare visit

      """)
    let activity = """
        - name: activity
          kind: activity
          files: [activity.csv]
          columns: {date: Activity Date, measure: Activity}
          months: {from: 2022-09, to: 2024-01}
          measures:
            PVOT engaged with: [PVOT engaged]
            Total NRM occurrences: [NRM referral]
      """
    let data = try corpus.run(Corpus.reports(["reports.csv"]) + "\n" + activity)
    #expect(
      Corpus.counts(data, "reports.csv")
        == Counts(
          read: 7, accepted: 1,
          rejected: [
            "Created is not a real date": 2,
            "Created is not a date in the form yyyy-MM-dd HH:mm": 2,
            "Created is after the extraction date": 1, "Created is outside the period covered": 1,
          ]))
    #expect(
      Corpus.rejected(data, "reports.csv") == [
        Rejection(3, "Created is not a real date", "'2021-02-29 10:00'"),
        Rejection(4, "Created is not a real date", "'2021-03-04 25:00'"),
        Rejection(5, "Created is not a date in the form yyyy-MM-dd HH:mm", "'04/03/2021 09:15'"),
        Rejection(6, "Created is after the extraction date", "'2024-02-06 00:01'"),
        Rejection(7, "Created is outside the period covered", "'2019-12-31 23:59'"),
        Rejection(8, "Created is not a date in the form yyyy-MM-dd HH:mm", "'2021-03-04'"),
      ])
    // Activity outside the configured months is outside the period covered.
    #expect(
      Corpus.counts(data, "activity.csv")
        == Counts(
          read: 6, accepted: 3,
          rejected: [
            "Activity Date is outside the period covered": 2,
            "Activity Date is not a real date": 1,
          ]))
    #expect(
      data.measureLabels.map(\.label) == [
        "PVOT engaged with", "Total NRM occurrences", "Unmapped: Welfare visit",
      ])
    let sep22 = YearMonth(year: 2022, month: 9)
    let oct22 = YearMonth(year: 2022, month: 10)
    #expect(data.activity == [[sep22: 1], [oct22: 1], [oct22: 1]])
    #expect(data.activityMonths.count == 17)
    #expect(Corpus.addsUp(data))
  }

  // MARK: - Duplicates

  @Test func keepsTheLatestOutcomeAcrossOverlappingExtracts() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let charged = "1: Charged"
    let noSuspect = "18: Investigation complete no suspect identified"
    try corpus.write(
      "extract-a.csv",
      """
      \(Corpus.crimesHeader)
      MS/1,05/01/2020,\(noSuspect),01/03/2020
      MS/2,06/01/2020,\(charged),01/06/2021
      MS/3,07/01/2020,\(charged),01/02/2020
      MS/4,08/01/2020,\(charged),
      MS/5,09/01/2020,Cancelled / Transferred,
      MS/6,10/01/2020,\(noSuspect),01/04/2020
      MS/6,10/01/2020,\(charged),01/04/2020
      MS/bad,31/02/2020,\(charged),

      """)
    try corpus.write(
      "extract-b.csv",
      """
      \(Corpus.crimesHeader)
      MS/1,05/01/2020,\(charged),01/06/2021
      MS/2,06/01/2020,\(noSuspect),01/02/2021
      MS/3,07/01/2020,\(noSuspect),01/02/2020
      MS/5,09/01/2020,\(noSuspect),
      MS/7,11/01/2020,\(charged),
      MS/8,12/01/2020,\(charged),01/05/2022
      MS/8,12/01/2020,\(noSuspect),

      """)
    let data = try corpus.run(Corpus.crimes(["extract-a.csv", "extract-b.csv"]))
    // Superseded rows count against the file they came from.
    #expect(
      Corpus.counts(data, "extract-a.csv")
        == Counts(
          read: 8, accepted: 3, superseded: 4, rejected: ["Recorded Date is not a real date": 1]))
    #expect(Corpus.counts(data, "extract-b.csv") == Counts(read: 7, accepted: 5, superseded: 2))
    #expect(data.totals.read == 15 && data.totals.accepted == 8 && data.totals.superseded == 6)
    #expect(data.totals.rejected == 1)
    // Each reference once: MS/1 the later outcome (B); MS/2 the later outcome though in the
    // earlier file (A); MS/3 the same outcome date, so the later file (B); MS/5 no outcome
    // dates, so the later file (B); MS/6 the same date in one file, so the later line; MS/8 a
    // dated outcome beats a later line without one.
    let kept = data.crimes.sorted { $0.reference < $1.reference }.map {
      "\($0.reference) \(data.outcomeLabels[$0.outcome].label) file \($0.file) line \($0.line)"
    }
    #expect(
      kept == [
        "MS/1 \(charged) file 1 line 2", "MS/2 \(charged) file 0 line 3",
        "MS/3 \(noSuspect) file 1 line 4", "MS/4 \(charged) file 0 line 5",
        "MS/5 \(noSuspect) file 1 line 5", "MS/6 \(charged) file 0 line 8",
        "MS/7 \(charged) file 1 line 6", "MS/8 \(charged) file 1 line 7",
      ])
    #expect(Set(data.crimes.map(\.reference)).count == data.crimes.count)
    #expect(
      Corpus.rejected(data) == [Rejection(9, "Recorded Date is not a real date", "'31/02/2020'")])
    #expect(Corpus.addsUp(data))
  }

  @Test func keepsTheLaterReportWithinAFile() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "reports.csv",
      """
      Incident No,Created,How Received
      INC-1,2021-03-04 09:15,101
      INC-2,2021-03-05 09:15,999
      INC-1,2021-03-04 09:20,999
      INC-1 ,2021-03-04 09:25,E-Mail
      INC-3,2021-03-06 09:15,E-Mail

      """)
    let data = try corpus.run(Corpus.reports(["reports.csv"]))
    #expect(Corpus.counts(data, "reports.csv") == Counts(read: 5, accepted: 3, superseded: 2))
    #expect(
      data.reports.map { "\($0.reference) \(data.channelLabels[$0.channel].label) \($0.line)" } == [
        "INC-2 999 3", "INC-1 E-Mail 5", "INC-3 E-Mail 6",
      ])
    #expect(Corpus.addsUp(data))
  }

  // MARK: - Labels and outcome dates

  @Test func countsUnmappedLabelsAndListsThem() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      """
      \(Corpus.crimesHeader)
      MS/1,05/01/2020,1: Charged,
      MS/2,05/01/2020,Charged (court),
      MS/3,05/01/2020,  charged  (COURT) ,
      MS/4,05/01/2020,,
      MS/5,05/01/2020,Restorative justice,

      """)
    try corpus.write(
      "reports.csv",
      """
      Incident No,Created,How Received
      INC-1,2021-03-04 09:15,Twitter
      INC-2,2021-03-05 09:15,101
      INC-3,2021-03-05 09:15,twitter

      """)
    let data = try corpus.run(
      Corpus.crimes(["crimes.csv"]) + "\n" + Corpus.reports(["reports.csv"]))
    #expect(Corpus.counts(data, "crimes.csv") == Counts(read: 5, accepted: 5))
    #expect(Corpus.counts(data, "reports.csv") == Counts(read: 3, accepted: 3))
    #expect(
      data.outcomeLabels.map(\.label) == [
        "1: Charged", "18: Investigation complete no suspect identified", "Cancelled / Transferred",
        "Unmapped: Charged (court)", "Unmapped: (blank)", "Unmapped: Restorative justice",
      ])
    #expect(data.outcomeLabels.map(\.isUnmapped) == [false, false, false, true, true, true])
    #expect(data.crimes.map(\.outcome) == [0, 3, 3, 4, 5])
    #expect(data.channelLabels.map(\.label) == ["101", "999", "E-Mail", "Unmapped: Twitter"])
    #expect(data.reports.map(\.channel) == [3, 0, 3])
    let q = "\""
    #expect(
      data.findings == [
        QualityFinding(
          source: "crimes",
          text:
            "Outcome label 'Charged (court)' is not in the configuration; its rows are counted as \(q)Unmapped: Charged (court)\(q)",
          count: 2),
        QualityFinding(
          source: "crimes",
          text:
            "Outcome label '(blank)' is not in the configuration; its rows are counted as \(q)Unmapped: (blank)\(q)",
          count: 1),
        QualityFinding(
          source: "crimes",
          text:
            "Outcome label 'Restorative justice' is not in the configuration; its rows are counted as \(q)Unmapped: Restorative justice\(q)",
          count: 1),
        QualityFinding(
          source: "reports",
          text:
            "Channel label 'Twitter' is not in the configuration; its rows are counted as \(q)Unmapped: Twitter\(q)",
          count: 2),
      ])
  }

  @Test func keepsCrimesWhoseOutcomeDateCannotBeUsed() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      """
      \(Corpus.crimesHeader)
      MS/1,05/01/2020,1: Charged,04/01/2020
      MS/2,05/01/2020,1: Charged,06/02/2024
      MS/3,05/01/2020,1: Charged,2020-02-01
      MS/4,05/01/2020,1: Charged,31/04/2020
      MS/5,05/01/2020,1: Charged,03/01/2020
      MS/6,05/01/2020,1: Charged,05/01/2020
      MS/7,05/01/2020,1: Charged,05/02/2024
      MS/8,05/01/2020,1: Charged,soon

      """)
    let data = try corpus.run(Corpus.crimes(["crimes.csv"]))
    #expect(Corpus.counts(data, "crimes.csv") == Counts(read: 8, accepted: 8))
    #expect(
      data.crimes.map(\.outcomeDate) == [
        nil, nil, nil, nil, nil, Day(year: 2020, month: 1, day: 5),
        Day(year: 2024, month: 2, day: 5), nil,
      ])
    let kept = ": the crime is counted, its outcome date is not used"
    #expect(
      data.findings == [
        QualityFinding(
          source: "crimes", text: "outcome date after the extraction date" + kept, count: 1),
        QualityFinding(
          source: "crimes", text: "outcome date before the recorded date" + kept, count: 2),
        QualityFinding(source: "crimes", text: "outcome date not a real date" + kept, count: 1),
        QualityFinding(
          source: "crimes", text: "outcome date not in the form dd/MM/yyyy" + kept, count: 2),
      ])
  }

  // MARK: - Configuration errors met while reading

  @Test func namesAMissingColumnAndTheHeadersFound() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv", "Occurrence Ref,Recorded Date,Outcome,Outcome Dt\nMS/1,05/01/2020,1: Charged,\n"
    )
    let error = try #require(try corpus.error(Corpus.crimes(["crimes.csv"])))
    #expect(
      error.description
        == "crimes.csv: the column 'Outcome Date' (columns.outcome_date of the source 'crimes') is not in the header. The headers found are: 'Occurrence Ref', 'Recorded Date', 'Outcome', 'Outcome Dt'."
    )
  }

  @Test func namesAMissingFile() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write("crimes.csv", Corpus.crimesHeader + "\n")
    let error = try #require(
      try corpus.error(Corpus.crimes(["crimes.csv", "exports/crimes-2023.csv"])))
    #expect(error.path == "exports/crimes-2023.csv")
    #expect(
      error.message
        == "no such file (looked for \(corpus.folder)/exports/crimes-2023.csv); check 'files' of the source 'crimes'."
    )
  }

  @Test func refusesAnEmptyFile() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write("empty.csv", "")
    try corpus.write("blank.csv", "\n\n   \r\n\n")
    for name in ["empty.csv", "blank.csv"] {
      let error = try #require(try corpus.error(Corpus.crimes([name])))
      #expect(error.description == "\(name): the file is empty: there is no header row.")
    }
  }

  @Test func acceptsAFileWithOnlyAHeader() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write("crimes.csv", Corpus.crimesHeader)  // not even a line break
    try corpus.write("crimes-2.csv", Corpus.crimesHeader + "\r\n\r\n")
    let data = try corpus.run(Corpus.crimes(["crimes.csv", "crimes-2.csv"]))
    #expect(Corpus.counts(data, "crimes.csv") == Counts(read: 0, accepted: 0))
    #expect(Corpus.counts(data, "crimes-2.csv") == Counts(read: 0, accepted: 0))
    #expect(
      data.reconciliation.map(\.format) == [
        "UTF-8, no line breaks, comma-separated", "UTF-8, CRLF line endings, comma-separated",
      ])
    #expect(data.crimes.isEmpty && data.rejected.isEmpty && data.findings.isEmpty)
    // SHA-256 of the 49 header bytes: `printf %s '<header>' | sha256sum` (GNU coreutils 9.1).
    #expect(data.reconciliation[0].sha256 == Self.headerSHA256)
  }

  static let headerSHA256 = "98e31ac073b5012f7b5eb0aa4b93af4deebf727f32967709fdd7f45e0074d800"

  @Test func refusesAnUnknownEncodingAndNamesTheFileOnce() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write("crimes.csv", Corpus.crimesHeader + "\n")
    let error = try #require(
      try corpus.error(Corpus.crimes(["crimes.csv"], extra: "    encoding: ebcdic\n")))
    #expect(
      error.description
        == "crimes.csv: the encoding 'ebcdic' is not one PanelBrief reads: use utf-8, utf-16le, utf-16be or windows-1252."
    )
  }

  // MARK: - A date format that matches nothing

  @Test func saysSoWhenNoDateMatchesTheFormat() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      """
      \(Corpus.crimesHeader)
      MS/1,2020-01-05,1: Charged,
      MS/2,,1: Charged,
      MS/3,2020-01-07,1: Charged,

      """)
    let error = try #require(try corpus.error(Corpus.crimes(["crimes.csv"])))
    #expect(
      error.description
        == "crimes.csv: no value of 'Recorded Date' matches the date format dd/MM/yyyy; the first is '2020-01-05'. Check date_format of the source 'crimes'. It is in the form yyyy-MM-dd, as XLSX date cells are read: date_format: iso reads it."
    )
    try corpus.write(
      "reports.csv",
      "Incident No,Created,How Received\nINC-1,04/03/2021,101\nINC-2,05/03/2021,101\n")
    let reportsError = try #require(try corpus.error(Corpus.reports(["reports.csv"])))
    #expect(
      reportsError.description
        == "reports.csv: no value of 'Created' matches the date format yyyy-MM-dd HH:mm; the first is '04/03/2021'. Check date_format of the source 'reports'. 100.0% of its values are dates in the form dd/MM/yyyy: date_format: dd/MM/yyyy reads them."
    )
  }

  /// One value of the right shape is enough: the other rows are rejected one by one. Impossible
  /// dates have the format's shape; empty dates say nothing about the format.
  @Test func rejectsRowByRowWhenSomeDateMatchesTheFormat() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "one-good.csv",
      "\(Corpus.crimesHeader)\nMS/1,2020-01-05,1: Charged,\nMS/2,2020-01-06,1: Charged,\nMS/3,30/01/2020,1: Charged,\n"
    )
    try corpus.write("impossible.csv", "\(Corpus.crimesHeader)\nMS/4,31/02/2020,1: Charged,\n")
    try corpus.write("no-dates.csv", "\(Corpus.crimesHeader)\nMS/5,,1: Charged,\n")
    let data = try corpus.run(
      Corpus.crimes(["one-good.csv", "impossible.csv", "no-dates.csv"]))
    #expect(
      Corpus.counts(data, "one-good.csv")
        == Counts(
          read: 3, accepted: 1,
          rejected: ["Recorded Date is not a date in the form dd/MM/yyyy": 2]))
    #expect(
      Corpus.counts(data, "impossible.csv")
        == Counts(read: 1, accepted: 0, rejected: ["Recorded Date is not a real date": 1]))
    #expect(
      Corpus.counts(data, "no-dates.csv")
        == Counts(read: 1, accepted: 0, rejected: ["Recorded Date is empty": 1]))
  }

  // MARK: - Activity, monthly layout

  static let monthlySource = """
      - name: activity
        kind: activity
        layout: monthly
        files: ["SEED"]
        columns: {measure: Measure}
        measures:
          PVOT engaged with: [PVOT engaged]
          PVOT liberated: [PVOT liberated]
          S45 defence assistance: [S45 defence request]
          Total NRM occurrences: [NRM referral]
    """

  @Test func readsTheSeedMonthlyTableDirectly() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let seedPath = TestPaths.seedTables + "/enforcement-monthly.csv"
    let data = try corpus.run(Self.monthlySource.replacingOccurrences(of: "SEED", with: seedPath))
    // The table, read independently of PanelBrief's reader.
    let seed = try SeedTable("enforcement-monthly.csv")
    let months = seed.header.dropFirst().compactMap { MonthHeader.parse($0) }
    #expect(months.count == seed.header.count - 1)
    #expect(months.first == YearMonth(year: 2022, month: 9))
    #expect(months.last == YearMonth(year: 2024, month: 1))
    #expect(data.activityMonths == months)
    #expect(data.measureLabels.map(\.label) == seed.rows.map(\.label))
    for (m, row) in seed.rows.enumerated() {
      #expect(months.map { data.activity[m][$0] ?? 0 } == row.values, "\(row.label)")
    }
    #expect(Corpus.counts(data, seedPath) == Counts(read: 4, accepted: 4))
    #expect(data.reconciliation.first?.format == "UTF-8, LF line endings, comma-separated")
    #expect(data.findings.isEmpty)
  }

  @Test func rejectsAMonthlyRowWithACountThatIsNotAWholeNumber() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let seed = try String(
      contentsOfFile: TestPaths.seedTables + "/enforcement-monthly.csv", encoding: .utf8)
    var lines = seed.split(separator: "\n").map(String.init)
    // PVOT liberated, Nov-22: "3" becomes "3.5"; Total NRM occurrences, Jan-24: "18" left blank.
    lines[2] = lines[2].replacingOccurrences(
      of: "PVOT liberated,2,1,3,", with: "PVOT liberated,2,1,3.5,")
    #expect(lines[4].hasSuffix(",18"))
    lines[4] = String(lines[4].dropLast(2))
    lines.append("Welfare visits,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17")
    try corpus.write("monthly.csv", lines.joined(separator: "\r\n") + "\r\n")
    let data = try corpus.run(
      Self.monthlySource.replacingOccurrences(of: "SEED", with: "monthly.csv"))
    #expect(
      Corpus.counts(data, "monthly.csv")
        == Counts(read: 5, accepted: 4, rejected: ["A month's count is not a whole number": 1]))
    #expect(
      Corpus.rejected(data) == [
        Rejection(3, "A month's count is not a whole number", "Nov-22: '3.5'")
      ])
    #expect(data.measureLabels.map(\.label).last == "Unmapped: Welfare visits")
    let jan24 = YearMonth(year: 2024, month: 1)
    let sep22 = YearMonth(year: 2022, month: 9)
    #expect(data.activity[1].isEmpty)  // the rejected row counts for nothing
    #expect(data.activity[3][jan24] == nil && data.activity[3][sep22] == 17)
    #expect(data.activity[4][jan24] == 17)
  }
}
