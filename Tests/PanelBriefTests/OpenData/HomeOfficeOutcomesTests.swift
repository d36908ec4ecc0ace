import Foundation
import Testing

@testable import PanelBrief

/// A small file in exactly the Home Office outcomes open-data layout (the 13 published columns,
/// in order), with four invented forces, two financial years, quarters written "Q1", negative
/// corrections, thousands separators and several spellings of "not applicable". The expected
/// figures are worked out by hand in the comments.
@Suite struct HomeOfficeOutcomesTests {
  static let header =
    "Financial Year,Financial Quarter,Force Name,Offence Code,Offence Description,Offence Group,Offence Subgroup,Offence code expired,Outcome Type,Outcome Description,Outcome Group,Outcomes for offences that were recorded in the quarter,Outcomes for investigations closed in the quarter"

  static func line(
    _ year: String, _ quarter: String, _ force: String, _ code: String, _ type: String,
    _ recorded: String, _ closed: String
  ) -> String {
    let description = code == "106" ? "Modern slavery" : "Assault with injury"
    let subgroup = code == "106" ? "Violence without injury" : "Violence with injury"
    return
      "\(year),\(quarter),\(force),\(code),\(description),Violence against the person,\(subgroup),,\(type),Outcome \(type),Group,\(recorded),\(closed)"
  }

  static let body: [String] = [
    // Seedshire 2022/23 (code 106): charged recorded 2 + 1 - 1 = 2; all recorded 2+3+4+1-1 = 9
    // (n/a adds nothing); charged closed 1 + 2 + 0 = 3; all closed 1+5+2+3+0 = 11; 4 quarters.
    line("2022/23", "Q1", "Seedshire", "106", "1", "2", "1"),
    line("2022/23", "Q1", "Seedshire", "106", "0", "3", "N/A"),
    line("2022/23", "Q2", "Seedshire", "106", "18", "4", "5"),
    line("2022/23", "Q3", "Seedshire", "106", "1A", "1", "2"),
    line("2022/23", "Q4", "Seedshire", "106", "15", "n/a", "3"),
    line("2022/23", "Q4", "Seedshire", "106", "1", "-1", "0"),
    line("2022/23", "Q1", "Seedshire", "008", "1", "\"1,234\"", "\"1,100\""),  // another code
    // Seedshire 2023/24: charged recorded 3 of 10; charged closed 2 of 6; 2 quarters.
    line("2023/24", "Q1", "Seedshire", "106", "1", "3", "2"),
    line("2023/24", "Q2", "Seedshire", "106", "0", "5", "NA"),
    line("2023/24", "Q2", "Seedshire", "106", "16", "2", "4"),
    // Northshire 2022/23: 4 of 10 recorded; 3 of 3 closed. 2023/24: 1 of 10; 1 of 5.
    line("2022/23", "Q1", "Northshire", "106", "1", "4", "3"),
    line("2022/23", "Q2", "Northshire", "106", "14", "6", "N/A - Offence code expired"),
    line("2023/24", "Q3", "Northshire", "106", "1", "1", "1"),
    line("2023/24", "Q3", "Northshire", "106", "21", "9", "4"),
    // Southshire 2022/23: 0 of 2 + 1,000 = 1,002 recorded; 0 of 2 closed (blank adds nothing).
    line("2022/23", "Q1", "Southshire", "106", "3", "2", "2"),
    line("2022/23", "Q1", "Southshire", "106", "0", "\"1,000\"", ""),
    // Southshire 2023/24: charged recorded 5 - 2 = 3 of 6; charged closed 6 - 1 = 5 of 5;
    // one cell "data not provided".
    line("2023/24", "Q4", "Southshire", "106", "1", "5", "6"),
    line("2023/24", "Q4", "Southshire", "106", "1", "-2", "-1"),
    line("2023/24", "Q4", "Southshire", "106", "8", "3", "N/A - data not provided"),
    // Eastshire 2022/23: 10 of 40 recorded; 10 of 30 closed. Nothing in 2023/24.
    line("2022/23", "Q2", "Eastshire", "106", "1", "10", "10"),
    line("2022/23", "Q2", "Eastshire", "106", "18", "30", "20"),
    // Rejected: a year that is not a financial year; a count that is not a number.
    line("2022", "Q1", "Eastshire", "106", "1", "1", "1"),
    line("2022/23", "Q1", "Eastshire", "106", "1", "12a", "1"),
  ]

  static func write(_ extra: [String] = [], name: String = #function) throws -> String {
    let dir = TestPaths.scratch(name)
    let path = dir + "/prc-outcomes-open-data.csv"
    try ([header] + body + extra).joined(separator: "\r\n").appending("\r\n")
      .write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static let request = HomeOfficeChargeRateRequest(
    offenceCodes: ["106"], force: "seedshire", comparators: ["NORTHSHIRE", "Southshire"],
    comparatorGroupName: "Most similar forces")

  @Test func readsTheLayoutAndAccountsForEveryRow() throws {
    let path = try Self.write()
    let table = try HomeOfficeOutcomesTable.read(files: [path])
    let rec = try #require(table.reconciliation.first)
    #expect(rec.rowsRead == 23)
    #expect(rec.accepted == 21)
    #expect(
      rec.rejectedByReason == [
        .init(reason: "Financial Year is not a financial year like 2023/24", count: 1),
        .init(reason: "a count is not a number", count: 1),
      ])
    #expect(rec.rowsRead == rec.accepted + rec.superseded + rec.rejected)
    // N/A, n/a, NA, N/A - Offence code expired, blank: 5 cells; data not provided: 1.
    #expect(table.notApplicableCells == 5)
    #expect(table.notProvidedCells == ["Southshire, 2023/24": 1])
    #expect(table.negativeCells == 3)
    #expect(table.rows.first { $0.offenceCode == "008" }?.recorded == 1234)
  }

  @Test func chargeRatesWorkedOutByHand() throws {
    let table = try HomeOfficeOutcomesTable.read(files: [try Self.write()])
    let result = try table.chargeRates(Self.request, firstNoteNumber: 4)
    func rate(_ area: String, _ year: String) -> HomeOfficeChargeRate? {
      result.rates.first { $0.area == area && $0.financialYear == year }
    }
    let s22 = try #require(rate("Seedshire", "2022/23"))
    #expect(s22.kind == .force)
    #expect(
      (s22.chargedRecorded, s22.outcomesRecorded, s22.chargedClosed, s22.outcomesClosed) == (
        2, 9, 3, 11
      ))
    #expect(s22.quarters == 4)
    #expect(s22.rateRecorded == 2.0 / 9.0)
    #expect(s22.rateClosed == 3.0 / 11.0)
    let s23 = try #require(rate("Seedshire", "2023/24"))
    #expect(
      (s23.chargedRecorded, s23.outcomesRecorded, s23.chargedClosed, s23.outcomesClosed) == (
        3, 10, 2, 6
      ))
    #expect(s23.quarters == 2)
    // Comparator group = Northshire + Southshire.
    // 2022/23: recorded 4 + 0 of 10 + 1,002; closed 3 + 0 of 3 + 2.
    let g22 = try #require(rate("Most similar forces", "2022/23"))
    #expect(g22.kind == .comparatorGroup)
    #expect(
      (g22.chargedRecorded, g22.outcomesRecorded, g22.chargedClosed, g22.outcomesClosed) == (
        4, 1012, 3, 5
      ))
    // 2023/24: recorded 1 + 3 of 10 + 6; closed 1 + 5 of 5 + 5.
    let g23 = try #require(rate("Most similar forces", "2023/24"))
    #expect(
      (g23.chargedRecorded, g23.outcomesRecorded, g23.chargedClosed, g23.outcomesClosed) == (
        4, 16, 6, 10
      ))
    #expect(g23.quarters == 2)
    // England and Wales = all four forces.
    // 2022/23: recorded 2+4+0+10 = 16 of 9+10+1002+40 = 1061; closed 3+3+0+10 = 16 of 11+3+2+30 = 46.
    let e22 = try #require(rate("England and Wales", "2022/23"))
    #expect(
      (e22.chargedRecorded, e22.outcomesRecorded, e22.chargedClosed, e22.outcomesClosed) == (
        16, 1061, 16, 46
      ))
    #expect(e22.rateRecorded == 16.0 / 1061.0)
    // 2023/24: recorded 3+1+3 = 7 of 10+10+6 = 26; closed 2+1+5 = 8 of 6+5+5 = 16.
    let e23 = try #require(rate("England and Wales", "2023/24"))
    #expect(
      (e23.chargedRecorded, e23.outcomesRecorded, e23.chargedClosed, e23.outcomesClosed) == (
        7, 26, 8, 16
      ))
    #expect(e23.rateClosed == 0.5)
    #expect(result.nationalForces == ["Eastshire", "Northshire", "Seedshire", "Southshire"])
    #expect(result.totalRowsSetAside == 0)

    // Row order: force, each comparator, the group, England and Wales; years ascending.
    let t = result.table
    #expect(t.id == "ho-charge-rate")
    #expect(
      t.rows.map { $0[0] }
        == [
          "Seedshire", "Seedshire", "Northshire", "Northshire", "Southshire", "Southshire",
          "Most similar forces", "Most similar forces", "England and Wales", "England and Wales",
        ].map { Cell.text($0) })
    #expect(
      t.rows[0].map(\.numericValue).compactMap { $0 } == [4, 2, 9, 2.0 / 9.0, 3, 11, 3.0 / 11.0])
    #expect(t.title == "Charge/summons rate, offence code 106 (Modern slavery)")
    #expect(t.rows.allSatisfy { $0.count == t.columns.count })
    #expect(result.notes.map(\.number) == [4, 5, 6])
    #expect(result.notes[1].text.contains("Southshire 2023/24: 1"))
    #expect(result.notes[2].text.contains("no England and Wales total row"))
  }

  @Test func setsAsideAnEnglandAndWalesTotalRow() throws {
    let path = try Self.write([
      Self.line("2022/23", "Q1", "England and Wales", "106", "1", "99", "99"),
      Self.line("2022/23", "Q1", "England & Wales", "106", "18", "99", "99"),
    ])
    let result = try HomeOfficeOutcomesTable.read(files: [path]).chargeRates(Self.request)
    #expect(result.totalRowsSetAside == 2)
    let e22 = try #require(
      result.rates.first { $0.kind == .englandAndWales && $0.financialYear == "2022/23" })
    #expect((e22.chargedRecorded, e22.outcomesRecorded) == (16, 1061))
    #expect(result.notes[2].text.contains("2 rows named as an England and Wales total"))
    // Leaving a force out of England and Wales.
    var request = Self.request
    request.nationalExcludes = ["Eastshire"]
    let without = try HomeOfficeOutcomesTable.read(files: [path]).chargeRates(request)
    let w22 = try #require(
      without.rates.first { $0.kind == .englandAndWales && $0.financialYear == "2022/23" })
    #expect((w22.chargedRecorded, w22.outcomesRecorded) == (6, 1021))
  }

  @Test func saysWhatIsMissing() throws {
    let table = try HomeOfficeOutcomesTable.read(files: [try Self.write()])
    var request = Self.request
    request.force = "Westshire"
    #expect {
      _ = try table.chargeRates(request)
    } throws: {
      "\($0)".contains("the force 'Westshire' is not in")
        && "\($0)".contains("Eastshire, Northshire, Seedshire, Southshire")
    }
    request = Self.request
    request.offenceCodes = ["105A"]
    #expect { _ = try table.chargeRates(request) } throws: {
      "\($0)".hasPrefix("offence_codes: none of the offence codes 105A")
    }

    let dir = TestPaths.scratch()
    let wrong = dir + "/wrong.csv"
    try "Financial Year,Force Name,Outcome Type\n2023/24,Seedshire,1\n".write(
      toFile: wrong, atomically: true, encoding: .utf8)
    #expect {
      _ = try HomeOfficeOutcomesTable.read(files: [wrong])
    } throws: { error in
      let text = "\(error)"
      return text.hasPrefix(wrong) && text.contains("'Financial Quarter'")
        && text.contains("The headers found are: 'Financial Year', 'Force Name', 'Outcome Type'")
    }
  }

  @Test func readsCountSpellings() {
    typealias T = HomeOfficeOutcomesTable
    #expect(T.count("1,234") == .value(1234))
    #expect(T.count(" -5 ") == .value(-5))
    #expect(T.count("\u{2212}5") == .value(-5))
    #expect(T.count("12.0") == .value(12))
    for na in [
      "", "NA", "N/A", "n/a", "N/A - offence code expired", "N/A - Offence code expired", "[z]",
      "..",
    ] {
      #expect(T.count(na) == .notApplicable, "\(na)")
    }
    #expect(T.count("N/A - data not provided") == .notProvided)
    #expect(T.count("[x]") == .notProvided)
    #expect(T.count("12a") == .invalid)
    #expect(T.financialYear("2023/24")?.label == "2023/24")
    #expect(T.financialYear("2023-2024")?.label == "2023/24")
    #expect(T.financialYear("1999/00")?.start == 1999)
    #expect(T.financialYear("2023/25") == nil)
    #expect(T.quarter("Q3") == 3 && T.quarter("4") == 4 && T.quarter("Q5") == nil)
    #expect(T.outcomeType("1A")! == (1, true))
    #expect(T.outcomeType("19")! == (19, false))
    #expect(T.outcomeType("23") == nil && T.outcomeType("5A") == nil)
  }
}
