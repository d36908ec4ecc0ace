import Foundation
import Testing

@testable import PanelBrief

/// An XLSX crime export, written part by part, read through the whole ingest: every cell type,
/// dates as serial numbers in date styles, a short row, a named sheet.
@Suite struct CorpusXLSXTests {
  typealias Counts = Corpus.Counts
  typealias Rejection = Corpus.Rejection

  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  /// The parts of a workbook holding `sheets` (name, sheetData XML) with `strings` shared.
  /// Cell styles: 0 General, 1 built-in 14 (a date), 2 built-in 22 (a date and time).
  static func workbook(sheets: [(String, String)], strings: [String]) -> [(String, String)] {
    let xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    var parts: [(String, String)] = [
      (
        "[Content_Types].xml",
        xml
          + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#
      ),
      (
        "_rels/.rels",
        xml
          + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
      ),
    ]
    var sheetElements = ""
    var sheetRelationships = ""
    for (i, sheet) in sheets.enumerated() {
      sheetElements += #"<sheet name="\#(sheet.0)" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
      sheetRelationships +=
        #"<Relationship Id="rId\#(i + 1)" Type="\#(relationships)/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#
      parts.append(
        (
          "xl/worksheets/sheet\(i + 1).xml",
          xml + #"<worksheet xmlns="\#(main)"><sheetData>\#(sheet.1)</sheetData></worksheet>"#
        ))
    }
    parts.append(
      (
        "xl/workbook.xml",
        xml
          + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets>\#(sheetElements)</sheets></workbook>"#
      ))
    parts.append(
      (
        "xl/_rels/workbook.xml.rels",
        xml
          + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
          + sheetRelationships
          + #"<Relationship Id="rId90" Type="\#(relationships)/styles" Target="styles.xml"/>"#
          + #"<Relationship Id="rId91" Type="\#(relationships)/sharedStrings" Target="sharedStrings.xml"/>"#
          + "</Relationships>"
      ))
    parts.append(
      (
        "xl/styles.xml",
        xml
          + #"<styleSheet xmlns="\#(main)"><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>"#
      ))
    let items = strings.map { "<si><t>\($0)</t></si>" }.joined()
    parts.append(
      (
        "xl/sharedStrings.xml",
        xml
          + #"<sst xmlns="\#(main)" count="\#(strings.count)" uniqueCount="\#(strings.count)">\#(items)</sst>"#
      ))
    return parts
  }

  static let strings = [
    "Occurrence Ref", "Outcome", "Outcome Date", "1: Charged",
    "18: Investigation complete no suspect identified", "MS/20/0002",
  ]

  /// Serial numbers from Python 3.11: `(date(y, m, d) - date(1899, 12, 30)).days`:
  /// 43835 = 2020-01-05, 43875 = 2020-02-14, 44377 = 2021-06-30, 44198 = 2021-01-02,
  /// 44630 = 2022-03-10, 45291 = 2023-12-31.
  static let crimesSheet = """
    <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Recorded Date</t></is></c>\
    <c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="inlineStr"><is><t>Vulnerable</t></is></c></row>\
    <row r="2"><c r="A2"><v>1001</v></c><c r="B2" s="1"><v>43835</v></c><c r="C2" t="s"><v>3</v></c>\
    <c r="D2" s="1"><v>43875</v></c><c r="E2" t="b"><v>1</v></c></row>\
    <row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" s="1"><v>44377</v></c>\
    <c r="C3" t="inlineStr"><is><t>18: Investigation complete no suspect identified</t></is></c>\
    <c r="D3" s="1"/><c r="E3" t="b"><v>0</v></c></row>\
    <row r="4"><c r="A4" t="inlineStr"><is><t>MS/21/0003</t></is></c><c r="B4" s="2"><v>44198.5</v></c>\
    <c r="C4" t="s"><v>4</v></c></row>\
    <row r="5"><c r="B5" s="1"><v>44630</v></c><c r="C5" t="s"><v>3</v></c><c r="E5" t="b"><v>1</v></c></row>\
    <row r="6"><c r="A6" t="inlineStr"><is><t>MS/22/0005</t></is></c>\
    <c r="B6" t="inlineStr"><is><t>10/03/2022</t></is></c><c r="C6" t="s"><v>3</v></c></row>\
    <row r="7"><c r="A7" t="inlineStr"><is><t>MS/23/0006</t></is></c><c r="B7" s="1"><v>45291</v></c>\
    <c r="C7" t="s"><v>3</v></c><c r="D7" s="1"><v>45291</v></c><c r="E7" t="b"><v>0</v></c>\
    <c r="F7" t="inlineStr"><is><t>stray</t></is></c></row>\
    <row r="9"><c r="A9"><v>1001</v></c><c r="B9" s="1"><v>43835</v></c><c r="C9" t="s"><v>4</v></c>\
    <c r="D9" s="1"><v>44630</v></c></row>\
    <row r="10"><c r="A10" t="inlineStr"><is><t>MS/23/0007</t></is></c><c r="B10" s="1"><v>45291</v></c>\
    <c r="C10" t="inlineStr"><is><t>Community resolution</t></is></c><c r="D10" t="e"><v>#N/A</v></c>\
    <c r="G10" t="inlineStr"><is><t></t></is></c></row>
    """

  static let notesSheet = """
    <row r="1"><c r="A1" t="inlineStr"><is><t>Extracted 05/02/2024 by the performance team</t></is></c></row>
    """

  @Test func readsANamedSheetOfEveryCellType() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.zip(
      "crimes.xlsx",
      Self.workbook(
        sheets: [("Notes", Self.notesSheet), ("Crimes", Self.crimesSheet)], strings: Self.strings))
    let data = try corpus.run(
      Corpus.crimes(["crimes.xlsx"], dateFormat: "iso", extra: "    sheet: Crimes\n"))
    #expect(
      Corpus.counts(data, "crimes.xlsx")
        == Counts(
          read: 8, accepted: 4, superseded: 1,
          rejected: [
            "Occurrence Ref is empty": 1, "Recorded Date is not a date in the form yyyy-MM-dd": 1,
            "Wrong number of fields": 1,
          ]))
    #expect(data.reconciliation.first?.format == "XLSX, sheet 'Crimes' (2 of 2)")
    #expect(
      Corpus.rejected(data) == [
        Rejection(5, "Occurrence Ref is empty", ""),
        Rejection(6, "Recorded Date is not a date in the form yyyy-MM-dd", "'10/03/2022'"),
        Rejection(7, "Wrong number of fields", "6 fields where the header has 5"),
      ])
    // Short rows are padded with empty cells (row 6 has three of five cells).
    #expect(data.rejected[1].fields == ["MS/22/0005", "10/03/2022", "1: Charged", "", ""])
    #expect(
      data.rejected[2].fields == [
        "MS/23/0006", "2023-12-31", "1: Charged", "2023-12-31", "FALSE", "stray",
      ])
    // Row 2 (reference 1001, a number) is superseded by row 9, whose outcome is later.
    let kept = data.crimes.map {
      "\($0.reference) \($0.recorded) \(data.outcomeLabels[$0.outcome].label) \($0.outcomeDate.map { "\($0)" } ?? "-") row \($0.line)"
    }
    #expect(
      kept == [
        "MS/20/0002 2021-06-30 18: Investigation complete no suspect identified - row 3",
        "MS/21/0003 2021-01-02 18: Investigation complete no suspect identified - row 4",
        "1001 2020-01-05 18: Investigation complete no suspect identified 2022-03-10 row 9",
        "MS/23/0007 2023-12-31 Unmapped: Community resolution - row 10",
      ])
    // "#N/A" in the outcome date is not a date: a finding, not a lost crime.
    #expect(
      data.findings.map(\.text) == [
        "Outcome label 'Community resolution' is not in the configuration; its rows are counted as \"Unmapped: Community resolution\"",
        "outcome date not in the form yyyy-MM-dd: the crime is counted, its outcome date is not used",
      ])
    #expect(Corpus.addsUp(data))
  }

  @Test func readsTheFirstSheetUnlessOneIsNamed() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.zip(
      "crimes.xlsx",
      Self.workbook(
        sheets: [("Crimes", Self.crimesSheet), ("Notes", Self.notesSheet)], strings: Self.strings))
    let data = try corpus.run(Corpus.crimes(["crimes.xlsx"], dateFormat: "iso"))
    #expect(data.reconciliation.first?.format == "XLSX, sheet 'Crimes' (1 of 2)")
    #expect(Corpus.counts(data, "crimes.xlsx")?.accepted == 4)

    let error = try #require(
      try corpus.error(
        Corpus.crimes(["crimes.xlsx"], dateFormat: "iso", extra: "    sheet: Crime\n")))
    #expect(
      error.description
        == "crimes.xlsx: There is no sheet named 'Crime' in this workbook; its sheets are 'Crimes', 'Notes'."
    )
    // The notes sheet has none of the columns.
    let notes = try #require(
      try corpus.error(
        Corpus.crimes(["crimes.xlsx"], dateFormat: "iso", extra: "    sheet: Notes\n")))
    #expect(
      notes.description
        == "crimes.xlsx: the column 'Occurrence Ref' (columns.reference of the source 'crimes') is not in the header. The headers found are: 'Extracted 05/02/2024 by the performance team'."
    )
  }

  /// Date cells read as yyyy-MM-dd; a configuration that expects dd/MM/yyyy is told so.
  @Test func saysWhenTheDateFormatDoesNotFitTheWorkbook() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let sheet = """
      <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Recorded Date</t></is></c>\
      <c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>\
      <row r="2"><c r="A2"><v>1001</v></c><c r="B2" s="1"><v>43835</v></c><c r="C2" t="s"><v>3</v></c></row>\
      <row r="3"><c r="A3"><v>1002</v></c><c r="B3" s="1"><v>43875</v></c><c r="C3" t="s"><v>3</v></c></row>
      """
    try corpus.zip("crimes.xlsx", Self.workbook(sheets: [("Crimes", sheet)], strings: Self.strings))
    let error = try #require(try corpus.error(Corpus.crimes(["crimes.xlsx"])))
    #expect(
      error.description
        == "crimes.xlsx: no value of 'Recorded Date' matches the date format dd/MM/yyyy; the first is '2020-01-05'. Check date_format of the source 'crimes'. It is in the form yyyy-MM-dd, as XLSX date cells are read: date_format: iso reads it."
    )
  }

  /// A row the workbook reader cannot read is rejected and reading goes on; a sheet whose XML
  /// breaks stops the file with an error naming the row.
  @Test func rejectsARowItCannotReadAndStopsAtABrokenSheet() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let header = Self.crimesSheet.components(separatedBy: "</row>")[0] + "</row>"
    let rows = """
      <row r="2"><c r="A2"><v>1001</v></c><c r="B2" s="1"><v>43835</v></c><c r="C2" t="s"><v>3</v></c></row>\
      <row r="3"><c r="A3"><v>1002</v></c><c r="B3" s="1"><v>43835</v></c><c r="C3" t="s"><v>99</v></c></row>\
      <row r="4"><c r="A4"><v>1003</v></c><c r="B4" s="1"><v>early</v></c><c r="C4" t="s"><v>3</v></c></row>\
      <row r="5"><c r="A5"><v>1004</v></c><c r="B5" s="1"><v>43835</v></c><c r="C5" t="s"><v>3</v></c></row>
      """
    try corpus.zip(
      "crimes.xlsx", Self.workbook(sheets: [("Crimes", header + rows)], strings: Self.strings))
    let data = try corpus.run(Corpus.crimes(["crimes.xlsx"], dateFormat: "iso"))
    #expect(
      Corpus.counts(data, "crimes.xlsx")
        == Counts(read: 4, accepted: 2, rejected: ["Malformed XLSX row": 2]))
    #expect(
      Corpus.rejected(data) == [
        Rejection(
          3, "Malformed XLSX row",
          "Row 3: cell C3 refers to shared string '99', but the workbook has 6 shared strings."),
        Rejection(4, "Malformed XLSX row", "Row 4: cell B4 holds 'early', which is not a number."),
      ])
    #expect(data.crimes.map(\.reference) == ["1001", "1004"])

    let broken = header + rows.replacingOccurrences(of: "<v>1004</v>", with: "<v>1004 &nbsp;</v>")
    try corpus.zip(
      "broken.xlsx", Self.workbook(sheets: [("Crimes", broken)], strings: Self.strings))
    let error = try #require(try corpus.error(Corpus.crimes(["broken.xlsx"], dateFormat: "iso")))
    #expect(
      error.description
        == "broken.xlsx: reading stopped: Sheet 'Crimes': The sheet XML is malformed in or after row 5: the entity &nbsp; is not one XML knows."
    )
  }

  @Test func refusesAZipThatIsNotAWorkbook() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.zip(
      "crimes.xlsx", [("crimes.csv", Corpus.crimesHeader + "\nMS/1,05/01/2020,1: Charged,\n")])
    let error = try #require(try corpus.error(Corpus.crimes(["crimes.xlsx"])))
    #expect(
      error.description
        == "crimes.xlsx: This zip archive has no workbook part (xl/workbook.xml), so it is not an XLSX workbook."
    )
    try corpus.write("export.xlsx", Corpus.crimesHeader + "\nMS/1,05/01/2020,1: Charged,\n")
    let csv = try #require(try corpus.error(Corpus.crimes(["export.xlsx"])))
    #expect(
      csv.description == "export.xlsx: This is not an XLSX workbook: it is not a zip archive.")
  }
}
