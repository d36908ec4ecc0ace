import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// Issue 14, "Done when": a small police.uk archive and Home Office table whose months and years
/// reach beyond the period, made into a briefing; every published figure of the open-data tables
/// and the reconciliation is checked, in the JSON, the workbook and the paper, against counts
/// worked out by hand from the rows below (in the comments).
///
/// Period: financial year 2023/24 (April 2023 to March 2024); extraction date 2024-05-15.
@Suite struct OpenDataBeyondThePeriodTests {
  static let streetHeader = PoliceUKData.streetHeader.joined(separator: ",")
  static let outcomesHeader = PoliceUKData.outcomesHeader.joined(separator: ",")

  static func street(_ id: String, _ month: String, _ type: String, _ last: String = "") -> String {
    "\(id),\(month),Testshire Police,Testshire Police,-0.1,51.5,On or near Mill Lane,E01000002,Testshire 002B,\(type),\(last),"
  }
  static func outcome(_ id: String, _ month: String, _ type: String) -> String {
    "\(id),\(month),Testshire Police,Testshire Police,-0.1,51.5,On or near Mill Lane,E01000002,Testshire 002B,\(type)"
  }
  static func asb(_ month: String) -> String { street("", month, "Anti-social behaviour") }

  /// The police.uk files, each with its rows and what becomes of them.
  static let streetFiles: [(String, [String])] = [
    // 2023-03, before the period: 3 rows rejected (outside the period).
    (
      "2023-03-testshire-street.csv",
      [
        street("P1", "2023-03", "Burglary", "Under investigation"),
        street("P2", "2023-03", "Shoplifting", "Under investigation"), asb("2023-03"),
      ]
    ),
    // 2023-04: A1 twice (an exact copy: 1 superseded), A2, A3, two identical ASB rows (both
    // kept): 6 read, 5 accepted, 1 superseded.
    (
      "2023-04-testshire-street.csv",
      [
        street("A1", "2023-04", "Burglary", "Under investigation"),
        street("A1", "2023-04", "Burglary", "Under investigation"),
        street("A2", "2023-04", "Shoplifting", "Under investigation"),
        street("A3", "2023-04", "Burglary", "Unable to prosecute suspect"), asb("2023-04"),
        asb("2023-04"),
      ]
    ),
    // 2023-05: B1, B2 (no last outcome), one ASB: 3 accepted.
    (
      "2023-05-testshire-street.csv",
      [
        street("B1", "2023-05", "Vehicle crime", "Awaiting court outcome"),
        street("B2", "2023-05", "Shoplifting", ""), asb("2023-05"),
      ]
    ),
    // 2024-04, after the period (before the extraction date): 3 rejected (outside the period).
    (
      "2024-04-testshire-street.csv",
      [
        street("C1", "2024-04", "Burglary", "Under investigation"),
        street("C2", "2024-04", "Burglary", "Under investigation"), asb("2024-04"),
      ]
    ),
    // 2024-06, after the extraction date: 1 rejected (after the extraction date).
    ("2024-06-testshire-street.csv", [street("D1", "2024-06", "Burglary", "Under investigation")]),
  ]
  static let outcomeFiles: [(String, [String])] = [
    // 2023-03: an outcome before the period: 1 rejected (before the period).
    (
      "2023-03-testshire-outcomes.csv",
      [
        outcome("X0", "2023-03", "Investigation complete; no suspect identified")
      ]
    ),
    // 2023-05: 3 accepted.
    (
      "2023-05-testshire-outcomes.csv",
      [
        outcome("A1", "2023-05", "Investigation complete; no suspect identified"),
        outcome("A2", "2023-05", "Under investigation"),
        outcome("B1", "2023-05", "Awaiting court outcome"),
      ]
    ),
    // 2024-04, after the period, before the extraction date: 3 accepted. A2's later outcome
    // (it wins over 2023-05's); C1's crime is outside the period; Z9's crime is not in the files.
    (
      "2024-04-testshire-outcomes.csv",
      [
        outcome("A2", "2024-04", "Offender given a caution"),
        outcome("C1", "2024-04", "Under investigation"),
        outcome("Z9", "2024-04", "Suspect charged"),
      ]
    ),
    // 2024-06, after the extraction date: 1 rejected; B1 keeps "Awaiting court outcome".
    ("2024-06-testshire-outcomes.csv", [outcome("B1", "2024-06", "Offender fined")]),
  ]

  static let hoHeader =
    "Financial Year,Financial Quarter,Force Name,Offence Code,Offence Description,Offence Group,Offence Subgroup,Offence code expired,Outcome Type,Outcome Description,Outcome Group,Outcomes for offences that were recorded in the quarter,Outcomes for investigations closed in the quarter"
  static func ho(
    _ year: String, _ quarter: String, _ force: String, _ type: String, _ recorded: String,
    _ closed: String, code: String = "106"
  ) -> String {
    "\(year),\(quarter),\(force),\(code),\(code == "106" ? "Modern slavery" : "Other"),Violence against the person,Violence without injury,,\(type),Outcome \(type),Group,\(recorded),\(closed)"
  }
  /// 19 rows: 16 accepted, 3 rejected (financial years outside the period).
  static let hoRows = [
    // Testshire 2023/24: charged recorded 2 + 1 = 3 of 2 + 5 + 3 + 1 = 11; charged closed
    // 1 + 1 = 2 of 1 + 4 + 1 = 6; quarters with data Q1, Q2, Q3 = 3 (Q4 only "not provided").
    ho("2023/24", "Q1", "Testshire", "1", "2", "1"),
    ho("2023/24", "Q1", "Testshire", "0", "5", "N/A"),
    ho("2023/24", "Q2", "Testshire", "18", "3", "4"),
    ho("2023/24", "Q3", "Testshire", "1A", "1", "1"),
    ho("2023/24", "Q4", "Testshire", "1", "N/A - data not provided", "N/A - data not provided"),
    // Northshire: charged 9 of 9 + 100 + 20 + 10 + 5 = 144 recorded (0.0625, a rounding tie);
    // 9 of 9 + 50 + 20 + 11 + 10 = 100 closed; 4 quarters.
    ho("2023/24", "Q1", "Northshire", "1", "9", "9"),
    ho("2023/24", "Q1", "Northshire", "18", "100", "50"),
    ho("2023/24", "Q2", "Northshire", "18", "20", "20"),
    ho("2023/24", "Q3", "Northshire", "18", "10", "11"),
    ho("2023/24", "Q4", "Northshire", "18", "5", "10"),
    // Southshire: charged -2 (a correction) of 14 recorded: no rate; 1 of 5 closed; 1 quarter.
    ho("2023/24", "Q1", "Southshire", "1", "-2", "1"),
    ho("2023/24", "Q1", "Southshire", "18", "16", "4"),
    // British Transport Police, left out of England and Wales.
    ho("2023/24", "Q1", "British Transport Police", "1", "1", "1"),
    ho("2023/24", "Q1", "British Transport Police", "18", "37", "20"),
    // An England and Wales total row, set aside; another offence code, not counted.
    ho("2023/24", "Q1", "England and Wales", "1", "999", "999"),
    ho("2023/24", "Q1", "Testshire", "1", "50", "50", code: "008"),
    // Outside the period: rejected.
    ho("2021/22", "Q1", "Testshire", "1", "7", "7"),
    ho("2022/23", "Q4", "Testshire", "1", "5", "5"),
    ho("2024/25", "Q1", "Testshire", "1", "3", "3"),
  ]

  static func write() throws -> String {
    let dir =
      NSTemporaryDirectory() + "panelbrief-render/opendata-beyond-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, rows) in streetFiles {
      try ([streetHeader] + rows).joined(separator: "\n").appending("\n")
        .write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }
    for (name, rows) in outcomeFiles {
      try ([outcomesHeader] + rows).joined(separator: "\n").appending("\n")
        .write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }
    try ([hoHeader] + hoRows).joined(separator: "\r\n").appending("\r\n")
      .write(toFile: dir + "/prc-outcomes.csv", atomically: true, encoding: .utf8)
    let files = (streetFiles + outcomeFiles).map { "      - \($0.0)" }.joined(separator: "\n")
    try """
    title: Open data beyond the period
    organisation: Testshire PCC office
    period: {basis: financial, years: [2023/24]}
    extraction_date: 2024-05-15
    sources:
      - name: police.uk
        kind: police-uk
        files:
    \(files)
      - kind: home-office-outcomes
        files: [prc-outcomes.csv]
        offence_codes: ["106"]
        force: Testshire
        comparators: [Northshire, Southshire]
        comparator_group_name: Most similar forces
        national_excludes: [British Transport Police]
    """.write(toFile: dir + "/panel.yml", atomically: true, encoding: .utf8)
    return dir
  }

  /// Each table's rows as the reader sees them, worked out by hand.
  static let expected: [String: [[String]]] = [
    PoliceUKTables.TableID.summary: [
      ["Street files read", "5"], ["Street rows read", "16"], ["Crimes (one per Crime ID)", "5"],
      ["Anti-social behaviour incidents (counted apart)", "3"],
      ["Street rows superseded: exact copies", "1"],
      ["Street rows superseded: same Crime ID, other values", "0"],
      ["Street rows rejected", "7"], ["Outcomes files read", "4"], ["Outcome rows read", "8"],
      ["Outcome rows accepted", "6"], ["Outcome rows superseded: exact copies", "0"],
      ["Outcome rows superseded: same Crime ID and month, other outcome", "0"],
      ["Outcome rows rejected", "2"],
      // A1, A2, B1.
      ["Crimes with an outcome row", "3"],
      // A3, B2.
      ["Crimes with the street file's last outcome category only", "2"],
      // Z9.
      ["Outcome rows for crimes not in the street files (earlier months)", "1"],
      // C1.
      ["Outcome rows for crimes whose street rows are outside the period", "1"],
    ],
    // One crime in each category, 5 in all; categories by count, then name.
    PoliceUKTables.TableID.category: [
      ["(no outcome category given)", "Unknown label", "No Home Office group", "1", "20.0%"],
      ["Awaiting court outcome", "Court stage", "Charged/Summonsed", "1", "20.0%"],
      [
        "Investigation complete; no suspect identified", "Police outcome",
        "Investigation complete - no suspect identified", "1", "20.0%",
      ],
      ["Offender given a caution", "Police outcome", "Out-of-court (formal)", "1", "20.0%"],
      [
        "Unable to prosecute suspect", "Police outcome",
        "Evidential difficulties (both groups jointly)", "1", "20.0%",
      ],
      ["All crimes", "[z]", "[z]", "5", "100.0%"],
    ],
    PoliceUKTables.TableID.group: [
      ["Charged/Summonsed", "1", "20.0%"], ["Out-of-court (formal)", "1", "20.0%"],
      ["Out-of-court (informal)", "0", "0.0%"], ["Taken into consideration", "0", "0.0%"],
      ["Prosecution prevented or not in the public interest", "0", "0.0%"],
      ["Evidential difficulties (both groups jointly)", "1", "20.0%"],
      ["Investigation complete - no suspect identified", "1", "20.0%"],
      ["Responsibility transferred to another body", "0", "0.0%"],
      ["Further investigation not in the public interest", "0", "0.0%"],
      ["Diversionary, educational or intervention activity", "0", "0.0%"],
      ["Not yet assigned", "0", "0.0%"],
      ["No single group: (no outcome category given)", "1", "20.0%"],
      ["All crimes", "5", "100.0%"],
    ],
    // Columns: crimes, then the categories in the order above. 2023-04: A1 (investigation
    // complete), A2 (caution), A3 (unable to prosecute); 2023-05: B1 (awaiting court), B2 (none).
    PoliceUKTables.TableID.monthCategory: [
      ["2023-04", "3", "0", "0", "1", "1", "1"], ["2023-05", "2", "1", "1", "0", "0", "0"],
      ["All crimes", "5", "1", "1", "1", "1", "1"],
    ],
    // Columns: crimes, then the groups with crimes: Charged/Summonsed, Out-of-court (formal),
    // evidential (jointly), investigation complete, no single group.
    PoliceUKTables.TableID.monthGroup: [
      ["2023-04", "3", "0", "1", "1", "1", "0"], ["2023-05", "2", "1", "0", "0", "0", "1"],
      ["All crimes", "5", "1", "1", "1", "1", "1"],
    ],
    // Burglary: A1, A3; Shoplifting: A2, B2; Vehicle crime: B1.
    PoliceUKTables.TableID.crimeTypeCategory: [
      ["Burglary", "2", "0", "0", "1", "0", "1"], ["Shoplifting", "2", "1", "0", "0", "1", "0"],
      ["Vehicle crime", "1", "0", "1", "0", "0", "0"],
      ["All crimes", "5", "1", "1", "1", "1", "1"],
    ],
    PoliceUKTables.TableID.crimeTypeGroup: [
      ["Burglary", "2", "0", "0", "1", "1", "0"], ["Shoplifting", "2", "0", "1", "0", "0", "1"],
      ["Vehicle crime", "1", "1", "0", "0", "0", "0"],
      ["All crimes", "5", "1", "1", "1", "1", "1"],
    ],
    PoliceUKTables.TableID.forceCategory: [
      ["Testshire Police", "5", "1", "1", "1", "1", "1"],
      ["All crimes", "5", "1", "1", "1", "1", "1"],
    ],
    // ASB: 2 in 2023-04, 1 in 2023-05 (2023-03 and 2024-04 rejected).
    PoliceUKTables.TableID.antisocialBehaviour: [
      ["Testshire Police", "2023-04", "2"], ["Testshire Police", "2023-05", "1"],
      ["All incidents", "[z]", "3"],
    ],
    // Only 2023/24. Group = Northshire + Southshire: 9 - 2 = 7 of 144 + 14 = 158 (4.43%);
    // 9 + 1 = 10 of 100 + 5 = 105 (9.52%). England and Wales = Testshire + Northshire +
    // Southshire: 3 + 9 - 2 = 10 of 11 + 144 + 14 = 169 (5.92%); 2 + 9 + 1 = 12 of 6 + 100 + 5 =
    // 111 (10.81%). 3/11 = 27.27%, 2/6 = 33.33%, 9/144 = 6.25% (shown 6.3%, as Excel shows
    // 0.0625 with the format 0.0%), 9/100 = 9%, 1/5 = 20%.
    HomeOfficeChargeRates.tableID: [
      ["Testshire", "2023/24", "3", "3", "11", "27.3%", "2", "6", "33.3%"],
      ["Northshire", "2023/24", "4", "9", "144", "6.3%", "9", "100", "9.0%"],
      ["Southshire", "2023/24", "1", "-2", "14", "[x]", "1", "5", "20.0%"],
      ["Most similar forces", "2023/24", "4", "7", "158", "4.4%", "10", "105", "9.5%"],
      ["England and Wales", "2023/24", "4", "10", "169", "5.9%", "12", "111", "10.8%"],
    ],
  ]

  /// Per file: rows read, accepted, superseded, rejected, and the reasons.
  static let reconciliation: [(String, Int, Int, Int, Int, String)] = [
    ("2023-03-testshire-street.csv", 3, 0, 0, 3, "Month is outside the period covered: 3"),
    ("2023-04-testshire-street.csv", 6, 5, 1, 0, "[z]"),
    ("2023-05-testshire-street.csv", 3, 3, 0, 0, "[z]"),
    ("2024-04-testshire-street.csv", 3, 0, 0, 3, "Month is outside the period covered: 3"),
    ("2024-06-testshire-street.csv", 1, 0, 0, 1, "Month is after the extraction date: 1"),
    ("2023-03-testshire-outcomes.csv", 1, 0, 0, 1, "Month is before the period covered: 1"),
    ("2023-05-testshire-outcomes.csv", 3, 3, 0, 0, "[z]"),
    ("2024-04-testshire-outcomes.csv", 3, 3, 0, 0, "[z]"),
    ("2024-06-testshire-outcomes.csv", 1, 0, 0, 1, "Month is after the extraction date: 1"),
    ("prc-outcomes.csv", 19, 16, 0, 3, "Financial Year is outside the period covered: 3"),
  ]

  /// Excel's display of a number with a format code, for the formats the workbook uses: the
  /// value read to 15 significant digits, then rounded half away from zero (Foundation's
  /// `Decimal` with `.plain` rounding, independent of PanelBrief's `Wording.fixed`).
  static func excelText(_ value: Double, format: String) -> String {
    let percent = format.hasSuffix("%")
    let places = format.split(separator: ".").last.map { $0.filter { $0 == "0" }.count } ?? 0
    let decimals = format.contains(".") ? places : 0
    var d = Decimal(string: String(format: "%.15g", value))!
    if percent { d *= 100 }
    var rounded = Decimal()
    NSDecimalRound(&rounded, &d, decimals, .plain)
    let number = NSDecimalNumber(decimal: rounded)
    let formatter = NumberFormatter()
    formatter.locale = Locale(identifier: "en_GB")
    formatter.minimumFractionDigits = decimals
    formatter.maximumFractionDigits = decimals
    formatter.usesGroupingSeparator = format.contains("#,##")
    formatter.numberStyle = .decimal
    return (formatter.string(from: number) ?? "?") + (percent ? "%" : "")
  }

  @Test func everyPublishedFigureIsCountedByHand() throws {
    let dir = try Self.write()
    let config = try BriefingConfig.load(path: dir + "/panel.yml")
    let data = try Ingestor(config: config, open: openTabular).run()
    // Every rejection here is the period the configuration chose (12 of 43 rows, 28%): not a
    // fault of the files, so the rejected-rows gate lets the paper be made.
    #expect(QualityGates.rejectedShare(config: config, data: data).isEmpty)
    let briefing = BriefingBuilder(config: config, data: data, version: "test").build()
    let out = dir + "/out"
    _ = try BriefingOutput.write(briefing, to: out)

    let json = try JSONDecoder().decode(
      Briefing.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/briefing.json")))
    let paper = try String(contentsOfFile: out + "/briefing.md", encoding: .utf8)
    let workbook = try WorkbookReadBack(path: out + "/briefing.xlsx")

    // Every open-data table, in all three outputs.
    let openTables = json.tables.filter {
      $0.id.hasPrefix("policeuk-") || $0.id == HomeOfficeChargeRates.tableID
    }
    #expect(openTables.count == 11)
    for table in openTables {
      let shown = table.rows.map { row in
        zip(row, table.columns).map { CellText.format($0, kind: $1.kind) }
      }
      if let rows = Self.expected[table.id] {
        #expect(shown == rows, "\(table.id) in the JSON")
      } else {
        // The force tables' group table: one force, all crimes, as the category table.
        #expect(table.id == PoliceUKTables.TableID.forceGroup)
        #expect(
          shown == [
            ["Testshire Police", "5", "1", "1", "1", "1", "1"],
            ["All crimes", "5", "1", "1", "1", "1", "1"],
          ])
      }
      // The paper: each row as a Markdown table row.
      for row in shown {
        let line =
          "| " + row.map { MarkdownBriefingWriter.cellEscape($0) }.joined(separator: " | ") + " |"
        #expect(paper.contains(line), "\(table.id): \(line)")
      }
      // The workbook: each cell as Excel shows it.
      let cells = try workbook.cells(sheet: table.id)
      let ref = try #require(try workbook.tables(sheet: table.id).first?.ref)
      let range = try #require(WorkbookReadBack.range(ref))
      for (r, row) in shown.enumerated() {
        for (c, text) in row.enumerated() {
          let cell = try #require(
            cells[WorkbookReadBack.reference(row: range.top + 1 + r, col: range.left + c)])
          let excel =
            cell.kind == .number
            ? Self.excelText(try #require(cell.number), format: cell.numberFormat) : cell.value
          #expect(excel == text, "\(table.id) row \(r + 1) column \(c + 1)")
        }
      }
    }

    // The rounding tie: Northshire's 9 of 144 is stored as 0.0625 with the format 0.0%, shown
    // 6.3% by Excel, and the paper and the JSON say 6.3% (printf's "%.1f" said 6.2%).
    let hoCells = try workbook.cells(sheet: HomeOfficeChargeRates.tableID)
    let tie = try #require(hoCells.values.first { $0.number == 0.0625 })
    #expect(tie.numberFormat == "0.0%")
    #expect(paper.contains("Northshire 6.3% (9 of 144)"))

    // The reconciliation, per file, in the JSON and the paper.
    #expect(json.reconciliation.count == Self.reconciliation.count)
    for (rec, want) in zip(json.reconciliation, Self.reconciliation) {
      #expect(
        (rec.path, rec.rowsRead, rec.accepted, rec.superseded, rec.rejected)
          == (want.0, want.1, want.2, want.3, want.4))
      #expect(rec.rowsRead == rec.accepted + rec.superseded + rec.rejected)
      let reasons =
        rec.rejectedByReason.isEmpty
        ? "[z]" : rec.rejectedByReason.map { "\($0.reason): \($0.count)" }.joined(separator: "; ")
      #expect(reasons == want.5, "\(rec.path)")
    }
    // 16 + 8 + 19 = 43 read; 8 + 6 + 16 = 30 accepted; 1 superseded; 7 + 2 + 3 = 12 rejected.
    #expect(
      paper.contains(
        "43 data rows were read from 10 files: 30 accepted, 1 superseded by a later copy of the same record, and 12 rejected."
      ))
    // The sentences of the two sections.
    #expect(
      paper.contains(
        "The street files cover 2 months from April 2023 to May 2023: 2 of the 12 months of financial year 2023/24."
      ))
    #expect(
      paper.contains(
        "The police.uk open data hold 5 crimes in the street files. 3 of them have a row in the outcomes files, whose latest outcome is used; the others keep the street file's last outcome category. 1 outcome rows belong to 1 crimes recorded in earlier months and are not counted here."
      ))
    #expect(
      paper.contains(
        "1 outcome rows belong to 1 crimes whose street rows are outside financial year 2023/24 (rejected, and counted in the reconciliation); they are not counted here either."
      ))
    #expect(
      paper.contains(
        "In 2023/24, on the basis of offences recorded in the year: Testshire 27.3% (3 of 11; 3 of 4 quarters), Northshire 6.3% (9 of 144), Most similar forces 4.4% (7 of 158) and England and Wales 5.9% (10 of 169). 2023/24 is a partial year for Testshire and Southshire: fewer than 4 quarters have data"
      ))
    #expect(
      paper.contains(
        "For Southshire in 2023/24, the Home Office's corrections (negative counts) outweigh the outcomes counted, so no rate is given ([x])"
      ))
    #expect(paper.contains("Left out of England and Wales: British Transport Police."))
    // Nothing of the years outside the period is shown.
    for year in ["2021/22", "2022/23", "2024/25"] {
      #expect(!json.tables.contains { $0.rows.contains { $0.contains(.text(year)) } }, "\(year)")
    }
    // Nor any month outside it, in the tables.
    for month in ["2023-03", "2024-04", "2024-06"] {
      #expect(!json.tables.contains { $0.rows.contains { $0.contains(.text(month)) } }, "\(month)")
    }
  }
}

/// The command line refuses a file listed twice with exit status 2 and a sentence, before
/// anything is written.
@Suite struct FileListedTwiceCommandTests {
  @Test func aFileListedTwiceExitsTwo() throws {
    let dir = try OpenDataBeyondThePeriodTests.write()
    let yaml = """
      title: T
      organisation: O
      period: {basis: financial, years: [2023/24]}
      extraction_date: 2024-05-15
      sources:
        - kind: police-uk
          files: [2023-04-testshire-street.csv, ../\((dir as NSString).lastPathComponent)/2023-04-testshire-street.csv]
      """
    try yaml.write(toFile: dir + "/twice.yml", atomically: true, encoding: .utf8)
    for command in ["validate", "report"] {
      let r = try CommandLineTests.run(
        [command, "--config", dir + "/twice.yml", "--out", dir + "/o"].filter {
          command == "report" || ($0 != "--out" && $0 != dir + "/o")
        })
      #expect(r.status == 2, "\(command): \(r.err)")
      #expect(
        r.err.contains(
          "the same file is listed twice in the files of the source 'police-uk', so its rows would be counted twice. Remove one of them from 'files'."
        ), "\(r.err)")
    }
    #expect(!FileManager.default.fileExists(atPath: dir + "/o/briefing.md"))
  }
}
