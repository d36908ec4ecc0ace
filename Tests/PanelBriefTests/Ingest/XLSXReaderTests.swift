import Foundation
import Testing
import ZIPFoundation

@testable import PanelBrief

@Suite struct XLSXReaderTests {
  // MARK: - Workbooks written part by part

  /// A folder of its own for one test (tests run in parallel), removed by `cleanUp()`.
  private struct Scratch {
    let folder: URL

    init() throws {
      folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("XLSXReaderTests-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    /// Writes a zip archive holding `parts` (path, XML text), deflated.
    func zip(_ name: String, _ parts: [(String, String)]) throws -> String {
      let url = folder.appendingPathComponent(name)
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

    func write(_ name: String, base64: String) throws -> String {
      let url = folder.appendingPathComponent(name)
      let data = try #require(Data(base64Encoded: base64, options: .ignoreUnknownCharacters))
      try data.write(to: url)
      return url.path
    }
  }

  private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  private static let relationships =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  /// The parts of a workbook with the given sheets (name, worksheet XML), styles and shared strings.
  private static func workbookParts(
    sheets: [(String, String)], styles: String = Self.styles,
    sharedStrings: String = Self.sharedStrings,
    date1904: Bool = false
  ) -> [(String, String)] {
    let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    var parts: [(String, String)] = [
      (
        "[Content_Types].xml",
        header
          + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#
      ),
      (
        "_rels/.rels",
        header
          + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
      ),
    ]
    var sheetElements = ""
    var sheetRelationships = ""
    for (index, sheet) in sheets.enumerated() {
      let name = sheet.0.replacingOccurrences(of: "&", with: "&amp;")
      sheetElements += #"<sheet name="\#(name)" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
      // The second sheet's target is absolute, the others relative to xl/.
      let target = index == 1 ? "/xl/worksheets/sheet2.xml" : "worksheets/sheet\(index + 1).xml"
      sheetRelationships +=
        #"<Relationship Id="rId\#(index + 1)" Type="\#(relationships)/worksheet" Target="\#(target)"/>"#
      parts.append(("xl/worksheets/sheet\(index + 1).xml", header + sheet.1))
    }
    parts.append(
      (
        "xl/workbook.xml",
        header + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)">"#
          + (date1904 ? #"<workbookPr date1904="1"/>"# : "<workbookPr/>")
          + "<sheets>\(sheetElements)</sheets></workbook>"
      ))
    parts.append(
      (
        "xl/_rels/workbook.xml.rels",
        header
          + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
          + sheetRelationships
          + #"<Relationship Id="rId90" Type="\#(relationships)/styles" Target="styles.xml"/>"#
          + #"<Relationship Id="rId91" Type="\#(relationships)/sharedStrings" Target="sharedStrings.xml"/>"#
          + "</Relationships>"
      ))
    parts.append(("xl/styles.xml", header + styles))
    parts.append(("xl/sharedStrings.xml", header + sharedStrings))
    return parts
  }

  /// Cell styles (`s`): 0 General, 1 built-in 14 (date), 2 custom "dd/mm/yyyy\ hh:mm" (date
  /// and time), 3 custom "Day" 0 (quoted letters: a number), 4 custom [Red] colours (a number),
  /// 5 built-in 22 (date and time), 6 custom "h:mm" (time only), 7 built-in 46 [h]:mm:ss.
  /// The xf in cellStyleXfs is a trap: it is not a cell style.
  private static let styles = """
    <styleSheet xmlns="\(main)"><numFmts count="4">\
    <numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/>\
    <numFmt numFmtId="165" formatCode="&quot;Day&quot;\\ 0"/>\
    <numFmt numFmtId="166" formatCode="[Red]0.00;[Blue]\\-0.00"/>\
    <numFmt numFmtId="167" formatCode="h:mm"/></numFmts>\
    <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
    <cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>\
    <xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/><xf numFmtId="167"/><xf numFmtId="46"/></cellXfs>\
    </styleSheet>
    """

  /// Shared strings: 0 plain, 1 with entities and an Excel `_x000D_` escape, 2 rich text in
  /// three runs, 3 with a phonetic run to skip, 4 empty, 5 with a line break.
  private static let sharedStrings = """
    <sst xmlns="\(main)" count="6" uniqueCount="6">\
    <si><t>Crime type</t></si>\
    <si><t>Fish &amp; chips &lt;3 &gt; &quot;x&quot; &apos;y&apos; &#233;&#x263A;_x000D_</t></si>\
    <si><r><rPr><b/></rPr><t>Vehicle</t></r><r><t xml:space="preserve"> crime</t></r><r><t>!</t></r></si>\
    <si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>\
    <si><t/></si>\
    <si><t>Line 1
    Line 2</t></si>\
    </sst>
    """

  private static let crimesSheet = """
    <worksheet xmlns="\(main)" xmlns:r="\(relationships)"><dimension ref="A1:F9"/>\
    <sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>\
    <row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Count</t></is></c>\
    <c r="C1" t="str"><f>"Da"&amp;"te"</f><v>Date</v></c></row>\
    <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>12</v></c><c r="C2" s="1"><v>45658</v></c></row>\
    <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="n"><v>12.5</v></c><c r="C3" s="2"><v>45658.5</v></c>\
    <c r="D3" t="b"><v>1</v></c><c r="E3" t="b"><v>0</v></c></row>\
    <row r="5"><c r="A5" t="s"><v>3</v></c><c r="C5" t="e"><v>#N/A</v></c><c r="D5" s="3"/><c r="E5" s="4"></c></row>\
    <row r="6" customFormat="1" s="1"><c r="A6" s="1"/><c r="B6" t="s"><v>4</v></c></row>\
    <row r="7"><c r="A7" t="s"><v>5</v></c><c r="B7" s="3"><v>7</v></c><c r="C7" s="4"><v>-0.25</v></c>\
    <c r="F7" t="inlineStr"><is><r><t>rich</t></r><r><rPr/><t xml:space="preserve"> inline</t></r>\
    <rPh sb="0" eb="1"><t>skip</t></rPh></is></c></row>\
    <row r="8"><c r="B8"><f>SUM(B2:B3)</f></c><c r="C8" t="str"><f>A1</f><v></v></c></row>\
    <row r="9"><c r="A9" t="inlineStr"><is><t>&lt;tag&gt; a&amp;b _x005F_x0041_</t></is></c>\
    <c r="B9"><v>1.5E-3</v></c><c r="C9"><v>12.0</v></c><c r="D9"><![CDATA[ignored]]></c>\
    <c r="E9" t="str"><v><![CDATA[<raw> & ]]>text</v></c></row>\
    <!-- a comment <row r="10"> --><?pi ignored?>\
    <row><c t="inlineStr"><is><t>no refs</t></is></c><c><v>-0</v></c></row>\
    </sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>
    """

  private static let notesSheet = """
    <x:worksheet xmlns:x="\(main)"><x:sheetData>\
    <x:row x:r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>prefixed</x:t></x:is></x:c></x:row>\
    </x:sheetData></x:worksheet>
    """

  private static func readAll(_ reader: inout XLSXReader) throws -> [(line: Int, fields: [String])]
  {
    var rows: [(line: Int, fields: [String])] = []
    while let record = try reader.next() { rows.append((record.line, record.fields)) }
    return rows
  }

  private static func expect(
    _ rows: [(line: Int, fields: [String])], _ expected: [(Int, [String])],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(rows.map(\.line) == expected.map(\.0), sourceLocation: sourceLocation)
    #expect(rows.map(\.fields) == expected.map(\.1), sourceLocation: sourceLocation)
  }

  @Test func readsEveryCellType() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let path = try scratch.zip(
      "crimes.xlsx",
      Self.workbookParts(sheets: [
        ("Crimes", Self.crimesSheet), ("Notes & Sources", Self.notesSheet),
      ]))
    var reader = try XLSXReader(path: path)
    #expect(reader.sheetName == "Crimes")
    #expect(reader.sheetNames == ["Crimes", "Notes & Sources"])
    #expect(reader.formatDescription == "XLSX, sheet 'Crimes' (1 of 2)")
    Self.expect(
      try Self.readAll(&reader),
      [
        (1, ["Crime type", "Count", "Date"]),
        (2, ["Fish & chips <3 > \"x\" 'y' é☺\r", "12", "2025-01-01"]),
        (3, ["Vehicle crime!", "12.5", "2025-01-01 12:00:00", "TRUE", "FALSE"]),
        (5, ["東京", "", "#N/A"]),
        // Row 4 is not in the XML and row 6 has no value (a styled cell, an empty string).
        (7, ["Line 1\nLine 2", "7", "-0.25", "", "", "rich inline"]),
        // Row 8: a formula without a cached value and an empty string result: nothing.
        (9, ["<tag> a&b _x0041_", "0.0015", "12", "", "<raw> & text"]),
        (10, ["no refs", "0"]),
      ])
    #expect(try reader.next() == nil)
  }

  @Test func readsANamedSheet() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let path = try scratch.zip(
      "crimes.xlsx",
      Self.workbookParts(sheets: [
        ("Crimes", Self.crimesSheet), ("Notes & Sources", Self.notesSheet),
      ]))
    var reader = try XLSXReader(path: path, sheet: "Notes & Sources")
    #expect(reader.sheetName == "Notes & Sources")
    #expect(reader.formatDescription == "XLSX, sheet 'Notes & Sources' (2 of 2)")
    Self.expect(try Self.readAll(&reader), [(2, ["", "prefixed"])])
  }

  /// Serial numbers in date styles; the expected dates for serials of 61 and more are
  /// Python 3.11 `datetime(1899, 12, 30) + timedelta(days=serial)`; below 61 Excel counts from
  /// 1900-01-01 = 1 and has a fictitious 1900-02-29 = 60.
  private static let datesSheet = """
    <worksheet xmlns="\(main)"><sheetData>\
    <row r="1"><c r="A1" s="1"><v>1</v></c></row>\
    <row r="2"><c r="A2" s="1"><v>59</v></c></row>\
    <row r="3"><c r="A3" s="1"><v>60</v></c></row>\
    <row r="4"><c r="A4" s="1"><v>61</v></c></row>\
    <row r="5"><c r="A5" s="1"><v>45658</v></c></row>\
    <row r="6"><c r="A6" s="2"><v>45658.5</v></c></row>\
    <row r="7"><c r="A7" s="5"><v>45688.58688657408</v></c></row>\
    <row r="8"><c r="A8" s="5"><v>45658.999999</v></c></row>\
    <row r="9"><c r="A9" s="5"><v>45658.00001</v></c></row>\
    <row r="10"><c r="A10" s="6"><v>0.75</v></c></row>\
    <row r="11"><c r="A11" s="3"><v>45658</v></c></row>\
    <row r="12"><c r="A12" s="4"><v>45658</v></c></row>\
    <row r="13"><c r="A13" s="1"><v>2958465</v></c></row>\
    <row r="14"><c r="A14" s="1"><v>-1</v></c></row>\
    <row r="15"><c r="A15" s="1"><v>0.25</v></c></row>\
    <row r="16"><c r="A16" s="7"><v>1.5</v></c></row>\
    <row r="17"><c r="A17" s="99"><v>45658</v></c></row>\
    <row r="18"><c r="A18" s="1"><v>61.25</v></c></row>\
    </sheetData></worksheet>
    """

  @Test func writesDatesOfThe1900DateSystem() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let path = try scratch.zip(
      "dates.xlsx", Self.workbookParts(sheets: [("Dates", Self.datesSheet)]))
    var reader = try XLSXReader(path: path)
    #expect(reader.formatDescription == "XLSX, sheet 'Dates' (1 of 1)")
    let fields = try Self.readAll(&reader).map { $0.fields.first ?? "" }
    #expect(
      fields == [
        "1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01", "2025-01-01", "2025-01-01 12:00:00",
        "2025-01-31 14:05:07",
        "2025-01-02",  // 0.999999 days = 86399.91 s rounds up to the next day
        "2025-01-01 00:00:01",  // 0.00001 days = 0.864 s
        "18:00:00",  // h:mm, a time of day
        "45658",  // "Day" 0: the letters are quoted
        "45658",  // [Red]0.00: the letters are a colour
        "9999-12-31",
        "-1",  // no date before the first
        "06:00:00",  // below 1 in the 1900 system: a time of day
        "1900-01-01 12:00:00",  // [h]:mm:ss, elapsed time, as a date-time
        "45658",  // a style index the workbook does not have
        "1900-03-01 06:00:00",
      ])
  }

  @Test func writesDatesOfThe1904DateSystem() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let sheet = """
      <worksheet xmlns="\(Self.main)"><sheetData>\
      <row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="2"><v>1.5</v></c><c r="C1" s="1"><v>45658</v></c>\
      <c r="D1" s="6"><v>0.75</v></c><c r="E1" s="5"><v>0.75</v></c><c r="F1"><v>45658</v></c></row>\
      </sheetData></worksheet>
      """
    let path = try scratch.zip(
      "dates1904.xlsx", Self.workbookParts(sheets: [("Dates", sheet)], date1904: true))
    var reader = try XLSXReader(path: path)
    #expect(reader.formatDescription == "XLSX, sheet 'Dates' (1 of 1), 1904 date system")
    // Python 3.11: datetime(1904, 1, 1) + timedelta(days=serial).
    Self.expect(
      try Self.readAll(&reader),
      [
        (
          1,
          [
            "1904-01-01", "1904-01-02 12:00:00", "2029-01-02", "18:00:00", "1904-01-01 18:00:00",
            "45658",
          ]
        )
      ])
  }

  @Test func writesNumbersAsTheShortestText() {
    // Node.js 20.20.2: String(x) for each x (shortest round trip, plain from 1e-6 up to 1e21).
    let cases: [(Double, String)] = [
      (12, "12"), (12.5, "12.5"), (-0.25, "-0.25"), (0.1 + 0.2, "0.30000000000000004"),
      (1e15, "1000000000000000"), (1e16, "10000000000000000"),
      (123_456_789_012_345_680, "123456789012345680"), (1e21, "1e+21"), (1.5e21, "1.5e+21"),
      (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (0.0015, "0.0015"),
      (-1234.5678, "-1234.5678"), (.leastNonzeroMagnitude, "5e-324"),
      (1.7976931348623157e308, "1.7976931348623157e+308"),
      (9_007_199_254_740_994, "9007199254740994"), (0.000123, "0.000123"), (-0.0, "0"),
    ]
    for (number, text) in cases {
      #expect(XLSXSheetScanner.numberText(number) == text, "\(number)")
    }
  }

  @Test func recognisesDateFormats() {
    let kind = XLSXSheetScanner.dateKind
    #expect(kind(14, nil) == .date)
    #expect(kind(22, nil) == .date)
    #expect(kind(21, nil) == .time)
    #expect(kind(47, nil) == .time)
    #expect(kind(0, nil) == .none)
    #expect(kind(49, nil) == .none)
    #expect(kind(164, "yyyy-mm-dd") == .date)
    #expect(kind(164, "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy") == .date)
    #expect(kind(164, "mm:ss") == .time)
    #expect(kind(164, "mmm") == .date)  // m without h or s is a month
    #expect(kind(164, "[h]:mm:ss") == .time)
    #expect(kind(164, "[mm]") == .time)
    #expect(kind(164, "General") == .none)
    #expect(kind(164, "0.00E+00") == .none)
    #expect(kind(164, "#,##0 \"days\"") == .none)
    #expect(kind(164, "0\\d") == .none)
    #expect(kind(164, "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)") == .none)
    #expect(kind(164, "[Red][<=100]0;[Blue]0") == .none)
  }

  // MARK: - Workbooks made by other tools

  /// Written by openpyxl 3.1.5 (inline strings, `t="n"`, an empty `<row r="4"></row>`):
  /// ```python
  /// import datetime, openpyxl
  /// wb = openpyxl.Workbook()
  /// ws = wb.active
  /// ws.title = "Crimes"
  /// ws.append(["Crime ID", "Month", "Reported", "Count", "Rate", "Solved", "Note"])
  /// ws.append(["a1", datetime.date(2025, 1, 1), datetime.datetime(2025, 1, 31, 14, 5, 7), 12, 12.5, True, "Fish & chips <3"])
  /// ws.append(["a2", datetime.date(1900, 2, 28), datetime.datetime(1900, 3, 1, 6, 0, 0), 0, -0.001, False, None])
  /// ws.append([None, None, None, None, None, None, None])
  /// ws.append(["a4", None, None, 1234567, 0.1 + 0.2, None, "  spaced  "])
  /// ws["C5"].number_format = "h:mm"
  /// ws["C5"] = datetime.time(18, 30)
  /// ws2 = wb.create_sheet("Notes")
  /// ws2["B2"] = "only B2"
  /// wb.save("openpyxl.xlsx")
  /// ```
  private static let openpyxlWorkbook = """
    UEsDBBQAAAAIAENmel1Gx01IlQAAAM0AAAAQAAAAZG9jUHJvcHMvYXBwLnhtbE3PTQvCMAwG4L9SdreZih6kDkQ9ip68zy51
    hbYpbYT67+0EP255ecgboi6JIia2mEXxLuRtMzLHDUDWI/o+y8qhiqHke64x3YGMsRoPpB8eA8OibdeAhTEMOMzit7Dp1C5G
    Z3XPlkJ3sjpRJsPiWDQ6sScfq9wcChDneiU+ixNLOZcrBf+LU8sVU57mym/8ZAW/B7oXUEsDBBQAAAAIAENmel16GEJu6gAA
    AMsBAAARAAAAZG9jUHJvcHMvY29yZS54bWylkcFOwzAMhl9l6r11k4kiRVkuQ5xAQmISiFuUeFtE00aJUbu3Jy1bB4Ibx/j/
    /NlWpAnC9BGfYh8wksO0Gn3bJWHCpjgSBQGQzBG9TlUmuhzu++g15Wc8QNDmXR8QeF034JG01aRhEpZhMRZnpTWLMnzEdhZY
    A9iix44SsIrBlSWMPv3ZMCcLOSa3UMMwVMN65vJGDF4fH57n5UvXJdKdwUJJa4SJqKmParoonMZWwreiPM/+KqBd5QmCTgE3
    xSV5WW/vdveF4jVvSsZK3uwYFze1qG/fJteP/qvQ99bt3T+MF4GS8Ovf1CdQSwMEFAAAAAgAQ2Z6XZlcnCMQBgAAnCcAABMA
    AAB4bC90aGVtZS90aGVtZTEueG1s7Vpbc9o4FH7vr9B4Z/ZtC8Y2gba0E3Npdtu0mYTtTh+FEViNbHlkkYR/v0c2EMuWDe2S
    TbqbPAQs6fvORUfn6Dh58+4uYuiGiJTyeGDZL9vWu7cv3uBXMiQRQTAZp6/wwAqlTF61WmkAwzh9yRMSw9yCiwhLeBTL1lzg
    WxovI9bqtNvdVoRpbKEYR2RgfV4saEDQVFFab18gtOUfM/gVy1SNZaMBE1dBJrmItPL5bMX82t4+Zc/pOh0ygW4wG1ggf85v
    p+ROWojhVMLEwGpnP1Zrx9HSSICCyX2UBbpJ9qPTFQgyDTs6nVjOdnz2xO2fjMradDRtGuDj8Xg4tsvSi3AcBOBRu57CnfRs
    v6RBCbSjadBk2PbarpGmqo1TT9P3fd/rm2icCo1bT9Nrd93TjonGrdB4Db7xT4fDronGq9B062kmJ/2ua6TpFmhCRuPrehIV
    teVA0yAAWHB21szSA5ZeKfp1lBrZHbvdQVzwWO45iRH+xsUE1mnSGZY0RnKdkAUOADfE0UxQfK9BtorgwpLSXJDWzym1UBoI
    msiB9UeCIcXcr/31l7vJpDN6nX06zmuUf2mrAaftu5vPk/xz6OSfp5PXTULOcLwsCfH7I1thhyduOxNyOhxnQnzP9vaRpSUy
    z+/5CutOPGcfVpawXc/P5J6MciO73fZYffZPR24j16nAsyLXlEYkRZ/ILbrkETi1SQ0yEz8InYaYalAcAqQJMZahhvi0xqwR
    4BN9t74IyN+NiPerb5o9V6FYSdqE+BBGGuKcc+Zz0Wz7B6VG0fZVvNyjl1gVAZcY3zSqNSzF1niVwPGtnDwdExLNlAsGQYaX
    JCYSqTl+TUgT/iul2v6c00DwlC8k+kqRj2mzI6d0Js3oMxrBRq8bdYdo0jx6/gX5nDUKHJEbHQJnG7NGIYRpu/AerySOmq3C
    EStCPmIZNhpytRaBtnGphGBaEsbReE7StBH8Waw1kz5gyOzNkXXO1pEOEZJeN0I+Ys6LkBG/HoY4SprtonFYBP2eXsNJweiC
    y2b9uH6G1TNsLI73R9QXSuQPJqc/6TI0B6OaWQm9hFZqn6qHND6oHjIKBfG5Hj7lengKN5bGvFCugnsB/9HaN8Kr+ILAOX8u
    fc+l77n0PaHStzcjfWfB04tb3kZuW8T7rjHa1zQuKGNXcs3Ix1SvkynYOZ/A7P1oPp7x7frZJISvmlktIxaQS4GzQSS4/IvK
    8CrECehkWyUJy1TTZTeKEp5CG27pU/VKldflr7kouDxb5OmvoXQ+LM/5PF/ntM0LM0O3ckvqtpS+tSY4SvSxzHBOHssMO2c8
    kh22d6AdNfv2XXbkI6UwU5dDuBpCvgNtup3cOjiemJG5CtNSkG/D+enFeBriOdkEuX2YV23n2NHR++fBUbCj7zyWHceI8qIh
    7qGGmM/DQ4d5e1+YZ5XGUDQUbWysJCxGt2C41/EsFOBkYC2gB4OvUQLyUlVgMVvGAyuQonxMjEXocOeXXF/j0ZLj26ZltW6v
    KXcZbSJSOcJpmBNnq8reZbHBVR3PVVvysL5qPbQVTs/+Wa3InwwRThYLEkhjlBemSqLzGVO+5ytJxFU4v0UzthKXGLzj5sdx
    TlO4Ena2DwIyubs5qXplMWem8t8tDAksW4hZEuJNXe3V55ucrnoidvqXd8Fg8v1wyUcP5TvnX/RdQ65+9t3j+m6TO0hMnHnF
    EQF0RQIjlRwGFhcy5FDukpAGEwHNlMlE8AKCZKYcgJj6C73yDLkpFc6tPjl/RSyDhk5e0iUSFIqwDAUhF3Lj7++TaneM1/os
    gW2EVDJk1RfKQ4nBPTNyQ9hUJfOu2iYLhdviVM27Gr4mYEvDem6dLSf/217UPbQXPUbzo5ngHrOHc5t6uMJFrP9Y1h75Mt85
    cNs63gNe5hMsQ6R+wX2KioARq2K+uq9P+SWcO7R78YEgm/zW26T23eAMfNSrWqVkKxE/Swd8H5IGY4xb9DRfjxRiraaxrcba
    MQx5gFjzDKFmON+HRZoaM9WLrDmNCm9B1UDlP9vUDWj2DTQckQVeMZm2NqPkTgo83P7vDbDCxI7h7Yu/AVBLAwQUAAAACABD
    ZnpdeJJV6kgCAABfBgAAGAAAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbH1VUZOaMBD+K5k83FsJglHrATM9Pe093M2NTtvn
    CKtkDghNorb/vgkqAgf1AZPd/Xb3+xKW4Czkh0oBNPqTZ4UKcap1OSdExSnkTDmihMJ49kLmTJutPBBVSmBJBcoz4rnuhOSM
    FzgKKtu7jAJx1Bkv4F0idcxzJv8+QSbOIR7hm2HDD6muDCQKSnaALegfpQGYLanzJDyHQnFRIAn7EH8bzde0QlQRPzmcVWON
    LJmdEB9285KE2LU9QQaxtimY+TvBArLMZjKd/L4mxfeiFtlc39KvKv6mvR1TsBDZL57oNMQzjBLYs2OmN+L8Ha6cGi0umWZR
    IMUZSUs2CmK7sCVNIC+sSFstjZ2bSjpaSEMYvSwDok0X1kbiK+ZpCPMqCp32ABZDgA2UQmpIejDLwcbEsdA9gOfBIkxDT/xq
    KH4rslNvS+shxJvoViBG51psrxbbG0jARn0ym2hV3UuDsXf6FI3phM4Ccmpqe4ny2lGzmUNn5jmh07HbQSybsSOv7XxuOx3a
    dq8u7t3F3fath9ituErRA8vLRxSnvFToIdOP/n8E82vB/CHBvD7B/E+C0a8dtfxPak1GjtdhufQbfrcjUNP3xXVctyPDym9I
    dAe3CI5xx0BrxnSI8bjvxaIVnVa7znTqzvz7b9zhRlsH7JvLMu0wpK10fueUBxq0Q3uuShZDiM1UViBPgCOEKlOCUN9xk8Zg
    soP3lckDLxTKYG9KGCamlrxMsstGi7I6353QWuTVMjUfAJA2wPj3wryJt42dpPU3JfoHUEsDBBQAAAAIAENmel3p6QrbPwEA
    ABYCAAAYAAAAeGwvd29ya3NoZWV0cy9zaGVldDIueG1sTVLbbsMgDP0VxAeULtIuqpJITadpe5hUtdr2TBOnQQWcgbusfz9D
    124PCJ+DfTg2lBOGQxwASHw762MlB6JxoVRsB3A6znAEzyc9BqeJYdirOAbQXS5yVhXz+Z1y2nhZl5lbh7rEI1njYR1EPDqn
    w6kBi1Mlb+SF2Jj9QJlQdTnqPWyB3kYuYKiuOp1x4KNBLwL0lWyKRVPkipzxbmCK/2KRmtkhHhJ46So5T57AQktJQvP2BSuw
    tpLL5OQziy7PHtRV5n98kX/K/bO9nY6wQvthOhoq+SBFB70+Wtrg9Ay/Pd3+WXzUpOsy4CRCJQu206YgNcGJxqchbSkwb/gm
    qtHbk2iKUhGbSJRqeXH5xdNZL83rVYe98VFY6FlqPrvnW8PZwBkQjnm+OyRCl8OB3w1CSuDzHpGuIA3g+hXqH1BLAwQUAAAA
    CABDZnpdldW9qYoCAADbCwAADQAAAHhsL3N0eWxlcy54bWzdVltv2jAU/itR3rsAKRFBhIdFQpq0TZXah70a7IAlXzLHqWC/
    fj62C6TlpNq0viwI+fh8/s7dhFVnT4I9HhizyVEK1VXpwdp2mWXd7sAk6T7plimHNNpIYt3W7LOuNYzQDkhSZLPJpMgk4Spd
    r1QvN9J2yU73ylbp7KxKwvKFVum0uE+TYK7WlFXpyT13Ut5RmibZTcIcIySHpZTLrvPELHpfrxqtLkFM06BwlolkyTMRVVoT
    wbeGe1pDJBenoJ95zU4LbRLr8mdAB1X3KxyYxi0UJ9qSXGkTAghu/AJRcCEGpQDFetUSa5lRG7cJJK99i0X56dS6KPaGnKaz
    eXrF8Itzs9WGMjNIN6jWK8EaCwzD9wcvWN3CstXWagkS5WSvFQmRvNCi4GzvmBCPMCE/moGDY3PVnwl0R51FF1UUg5m4AQfX
    5oLxK7v3f2e35c/afu5dQsrvf/basgfDGn70+2NzCWBgPs7hRzqYf6yD2b+vUBabctX6QePP2gQuU5V+h2sprmxsey4sV3F3
    4JQy9bb/zr4lW/fDM3DgTlHWkF7YpzNYpRf5G6O8l+X51AMkFk9d5K8w7NPicpOdM64oOzJax63Zb72YOMG5jY9nvIY2/kEg
    lBVABAIQ9YWGgbICD/X1P+a1wPMKIBrh4ja0wFkLnBV4N6Haf1BfCKt0D5JyWeZ5UaDlrevbYdRoDYsCvohBNELgoL7A259W
    fmQARsbmndlAuzw6NmjKIyOKpjxSeYCQGgKnLJEBQH0BB20KOlEQBOILRg1h5Tn0GY0QveYjUFmiEAwpMr1FgRWqgA/SL/QS
    5XlZIhCASBh5jkJwYUcgNAwIBIXyPLxIX73Pspf3XHb5O7/+DVBLAwQUAAAACABDZnpdt0frisAAAAAWAgAACwAAAF9yZWxz
    Ly5yZWxznZJLbgIxDECvEmVfTKnEAjGs2LBDiAu4ieejmcSRY8T09o3YwCBoEUv/np4trw80oHYcc9ulbMYwxFzZVjWtALJr
    KWCecaJYKjVLQC2hNJDQ9dgQLObzJcgtw27Wt0xz/En0CpHrunO0ZXcKFPUB+K7DmiNKQ1rZcYAzS//N3M8K1Jqdr6zs/Kc1
    8KbM8/UgkKJHRXAs9JGkTIt2lK8+nt2+pPOlY2K0eN/o//PQqBQ9+b+dMKWJ0tdFCSZvsPkFUEsDBBQAAAAIAENmel2/uNZH
    QQEAAGcCAAAPAAAAeGwvd29ya2Jvb2sueG1sjVHRTsMwDPyVKh9AuwomMa172QRMQgMxtPesdVdrSVw53gb7epJWhUpIiCfH
    Z/tyZ88vxMc90TH5sMb5GReqEWlnaerLBqz2N9SCC7Wa2GoJKR9SqmssYUXlyYKTNM+yacpgtCA532DrVc/2Hy7fMujKNwBi
    TU9lNTq1mA/KXjlJxxkJlPGniEZkh3DxPw0xTc7ocY8G5bNQ3duASiw6tHiFqlCZSnxDlydivJITbbYlkzGFmvSFHbBg+Qve
    Rpnveu87RPT+LXou1DQLhDWyl66j49dB5BlCc5+dhB7QCPBKCzwynVp0h44m2EhHPrpVDDFx2kKhlowWfNQQsHXV65FANHLH
    MwwFXlc95Xh8E1Y2ns7/mM57QYOKCmp0UG0Cj4+FsJMyHCSGTkd+eze5D95PxiwD9uKeSVfftoabLL4AUEsDBBQAAAAIAENm
    el2rXnIutAAAAI0CAAAaAAAAeGwvX3JlbHMvd29ya2Jvb2sueG1sLnJlbHPFkk0KgzAQRq8ScgBHbemiqKtu3BYvEHT8wcSE
    zJTq7Su6UKGLbqSr8E3I+x5MkidqxZ0dqO0cidHogVLZMrs7AJUtGkWBdTjMN7X1RvEcfQNOlb1qEOIwvIHfM2SW7JmimBz+
    QrR13ZX4sOXL4MBfwPC2vqcWkaUolG+QUwmj3sYEyxEFM1mKvEqlz6tICvi3UXwwis80Ip400qaz5kP/5cx+nt/iVr/EdXhc
    y3WRgMPvyz5QSwMEFAAAAAgAQ2Z6XaXhG1gfAQAAYAQAABMAAABbQ29udGVudF9UeXBlc10ueG1sxVTLTsMwEPyVyNcqdumB
    A2p6oVyhB37AJJvGil/ybkv692wSWglUWqogcYkV7+zMeMfy8vUQAbPOWY+FaIjig1JYNuA0yhDBc6UOyWni37RVUZet3oJa
    zOf3qgyewFNOPYdYLddQ652l7KnjbTTBFyKBRZE9jsBeqxA6RmtKTVxXe199U8k/FSR3DhhsTMQZA0SmzkoMpR8Vjo0ve0jJ
    VJBtdKJn7RimOquQDhZQXuY44zLUtSmhCuXOcYvEmEBX2ACQs3IknV2RJh4yjN+7yQYGmouKDN2kEJFTS3C73jGWvjuPTASJ
    zJVDniSZe/IJoU+8guq34jzh95DaIRNUwzJ9zF9zPvHfamTxn0beQmj/+sL3q3Ta+JMBNTwsqw9QSwECFAMUAAAACABDZnpd
    RsdNSJUAAADNAAAAEAAAAAAAAAAAAAAAgAEAAAAAZG9jUHJvcHMvYXBwLnhtbFBLAQIUAxQAAAAIAENmel16GEJu6gAAAMsB
    AAARAAAAAAAAAAAAAACAAcMAAABkb2NQcm9wcy9jb3JlLnhtbFBLAQIUAxQAAAAIAENmel2ZXJwjEAYAAJwnAAATAAAAAAAA
    AAAAAACAAdwBAAB4bC90aGVtZS90aGVtZTEueG1sUEsBAhQDFAAAAAgAQ2Z6XXiSVepIAgAAXwYAABgAAAAAAAAAAAAAAICB
    HQgAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbFBLAQIUAxQAAAAIAENmel3p6QrbPwEAABYCAAAYAAAAAAAAAAAAAACAgZsK
    AAB4bC93b3Jrc2hlZXRzL3NoZWV0Mi54bWxQSwECFAMUAAAACABDZnpdldW9qYoCAADbCwAADQAAAAAAAAAAAAAAgAEQDAAA
    eGwvc3R5bGVzLnhtbFBLAQIUAxQAAAAIAENmel23R+uKwAAAABYCAAALAAAAAAAAAAAAAACAAcUOAABfcmVscy8ucmVsc1BL
    AQIUAxQAAAAIAENmel2/uNZHQQEAAGcCAAAPAAAAAAAAAAAAAACAAa4PAAB4bC93b3JrYm9vay54bWxQSwECFAMUAAAACABD
    Znpdq15yLrQAAACNAgAAGgAAAAAAAAAAAAAAgAEcEQAAeGwvX3JlbHMvd29ya2Jvb2sueG1sLnJlbHNQSwECFAMUAAAACABD
    ZnpdpeEbWB8BAABgBAAAEwAAAAAAAAAAAAAAgAEIEgAAW0NvbnRlbnRfVHlwZXNdLnhtbFBLBQYAAAAACgAKAIQCAABYEwAA
    AAA=
    """

  @Test func readsAnOpenpyxlWorkbook() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let path = try scratch.write("openpyxl.xlsx", base64: Self.openpyxlWorkbook)
    var reader = try XLSXReader(path: path)
    #expect(reader.sheetNames == ["Crimes", "Notes"])
    Self.expect(
      try Self.readAll(&reader),
      [
        (1, ["Crime ID", "Month", "Reported", "Count", "Rate", "Solved", "Note"]),
        (2, ["a1", "2025-01-01", "2025-01-31 14:05:07", "12", "12.5", "TRUE", "Fish & chips <3"]),
        (3, ["a2", "1900-02-28", "1900-03-01 06:00:00", "0", "-0.001", "FALSE"]),
        (5, ["a4", "", "18:30:00", "1234567", "0.3", "", "  spaced  "]),
      ])
    var notes = try XLSXReader(path: path, sheet: "Notes")
    Self.expect(try Self.readAll(&notes), [(2, ["", "only B2"])])
  }

  /// Written by XlsxWriter 3.3.1 (shared strings, rich text, a formula's cached value, and the
  /// 1904 date system):
  /// ```python
  /// import datetime, xlsxwriter
  /// wb = xlsxwriter.Workbook("xlsxwriter.xlsx", {"date_1904": True})
  /// ws = wb.add_worksheet("Outcomes 1904")
  /// bold = wb.add_format({"bold": True})
  /// date = wb.add_format({"num_format": "dd/mm/yyyy"})
  /// stamp = wb.add_format({"num_format": "d mmm yyyy hh:mm:ss"})
  /// ws.write_row(0, 0, ["Outcome", "Date", "When", "Count"])
  /// ws.write_rich_string(1, 0, "Charged ", bold, "or", " summonsed")
  /// ws.write_datetime(1, 1, datetime.datetime(2025, 1, 1), date)
  /// ws.write_datetime(1, 2, datetime.datetime(1904, 1, 1, 12, 0, 0), stamp)
  /// ws.write_number(1, 3, 3)
  /// ws.write_string(2, 0, "Charged or summonsed")
  /// ws.write_datetime(2, 1, datetime.datetime(1904, 1, 1), date)
  /// ws.write_formula(2, 3, "=D2*2", None, 6)
  /// ws.write_string(4, 0, "Tab\there")
  /// ws.write_boolean(4, 2, False)
  /// wb.close()
  /// ```
  private static let xlsxwriterWorkbook = """
    UEsDBBQAAAAIAAAAPwBhXUk6TwEAAI8EAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbK2Uy27CMBBF9/2KyNsqMXRRVRWBRR/L
    Fqn0A1x7Qiwc2/IMFP6+k/BQW1Gggk2sZO7cc8eOPBgtG5ctIKENvhT9oicy8DoY66eleJ8853ciQ1LeKBc8lGIFKEbDq8Fk
    FQEzbvZYipoo3kuJuoZGYREieK5UITWK+DVNZVR6pqYgb3q9W6mDJ/CUU+shhoNHqNTcUfa05M/rIAkciuxhLWxZpVAxOqsV
    cV0uvPlFyTeEgjs7DdY24jULhNxLaCt/AzZ9r7wzyRrIxirRi2pYJU3Q4xQiStYXh132xAxVZTWwx7zhlgLaQAZMHtkSElnY
    ZT7I1iHB/+HbPWq7TyQunURaOcCzR8WYQBmsAahxxdr0CJn4f4L1s382v7M5AvwMafYRwuzSw7Zr0SjrT+B3YpTdcv7UP4Ps
    /I8dea0SmDdKfA1c/OS/e29zyO4+GX4BUEsDBBQAAAAIAAAAPwDyn0na6QAAAEsCAAALAAAAX3JlbHMvLnJlbHOtksFOwzAM
    QO98ReT7mm5ICKGluyCk3SY0PsAkbhu1jaPEg+7viZBADI1pB45x7Odny+vNPI3qjVL2HAwsqxoUBcvOh87Ay/5pcQ8qCwaH
    IwcycKQMm+Zm/UwjSqnJvY9ZFUjIBnqR+KB1tj1NmCuOFMpPy2lCKc/U6Yh2wI70qq7vdPrJgOaEqbbOQNq6Jaj9MdI1bG5b
    b+mR7WGiIGda/MooZEwdiYF51O+chlfmoSpQ0OddVte7/D2nnkjQoaC2nGgRU6lO4stav3Uc210J58+MS0K3/7kcmoWCI3dZ
    CWP8MtInN9B8AFBLAwQUAAAACAAAAD8ARHVb8OgAAAC5AgAAGgAAAHhsL19yZWxzL3dvcmtib29rLnhtbC5yZWxzrZLBasMw
    EETv/Qqx91p2EkopkXMphVzb9AOEtLZMbElot2n99xEJTR0IoQefxIzYmQe7683P0IsDJuqCV1AVJQj0JtjOtwo+d2+PzyCI
    tbe6Dx4VjEiwqR/W79hrzjPkukgih3hS4Jjji5RkHA6aihDR558mpEFzlqmVUZu9blEuyvJJpmkG1FeZYmsVpK2tQOzGiP/J
    Dk3TGXwN5mtAzzcq5HdIe3KInEN1apEVXCySp6cqcirI2zCLOWE4z+IfyEmezbsMyzkZiMc+L/QCcdb36lez1jud0H5wytc2
    pZjavzDy6uLqI1BLAwQUAAAACAAAAD8AJi5bMpwBAAC5AwAAGAAAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbI1TS4/TMBC+
    8yssH5Go82gLVElWu0QrOCAhXnc3GSfWJp7I9rbw7xknbPGGCnHzzJf5HhO7uPkxDuwE1mk0JU83CWdgGmy16Ur+7ev9qzec
    OS9NKwc0UPKf4PhN9aI4o31wPYBnRGBcyXvvp4MQrulhlG6DExhCFNpReiptJ9xkQbbz0DiILEn2YpTa8IXhYP+HA5XSDdTY
    PI5g/EJiYZCe7LteT45XRasJC3mYBVXy2/RQ77ioiln5u4azi87My+MXGKDx0FJ+zkKwI+JDAD9QKwmj4q/Z+9nUJ8taUPJx
    8J/x/B5013si+aNWSy+rwuKZ2ZncTTLsKj1syWcTmrfUpZng+1QlhTiRWPMbu4ux9Dn2Lsay51gdY/kFE+TjYia7aiaLBrcr
    M2EihJixbfp2vzK04NkSZLNbWcr+ZSa/aiaPzKzo7vLIzGprdU5dVdXZS1qLCh/sr6vurqruItV1xAU7rlQXUhH98El28FHa
    ThvHBlA0k2xec2aX+zGfPU7ziSiP6D2OT1VPbwRsqCijQvRPRbiGl1dX/QJQSwMEFAAAAAgAAAA/AEb9/CFUAQAAOgIAAA8A
    AAB4bC93b3JrYm9vay54bWyNUcluwyAUvPcr0Ls3XmRbTRQ7Ujc1UtX0kCZnap5jFBYLcJ38fcGR0/bWE8zADDOP5eokBflC
    Y7lWJSSzGAiqWjOuDiV8bJ9v74BYRxWjQiss4YwWVtXNctDm+Kn1kXi9siW0znWLKLJ1i5Lame5Q+ZNGG0mdh+YQ2c4gZbZF
    dFJEaRwXkaRcwcVhYf7joZuG1/io616ichcTg4I6n962vLNQLRsucHcpRGjXvVHpY58EEEGte2LcISsh81AP+IcwfXffcxFA
    HucQVdeS74Yw6jCZx5mfERCGDe2F2/qc01OeT7M0LYIsSHYcB/vjECA57blieighzfyYzxNKciDDuN9z5lpPFPH8yr0gP7Su
    hHlRxME8+uU+DnNaiRqbbnpXa4mWhLT+78LRmo2xzYL7jVmzZDSa1DUVtW8YlvFimuXJHEjTC/HguY161XQ0CKKpUPUNUEsD
    BBQAAAAIAAAAPwAOKXBuIwEAAHICAAAUAAAAeGwvc2hhcmVkU3RyaW5ncy54bWy9kj1PwzAQhmf4FZZ36rYDoCpxh6KuMBQx
    u8m1seSPcHepKL+eS8JHaZlZLN3j975eu1i+xaAOgORzKvVsMtUKUpVrn/alft6sb+61InapdiEnKPURSC/tdUHESlITlbph
    bhfGUNVAdDTJLSS52WWMjiXEvaEWwdXUAHAMZj6d3profNKqyl3iUt9p1SX/2sHqK7YFeVuwfey4yhEKw7YwPRrxg+ML9tJA
    OmdDvd8QhfeTL6h1lSwkoxHgAbRdNQ73UKtRj4MUn+TYGkl9VwcXxKGZlqjKIaNiWVgqDATXOfEoWbngt+h7unPRh+OI5z0Y
    TIIRRJ8y9tAMXdhmvGj9D23/NkNRF2NOBPX3TKe+flol05zpfjQbt71qAE/eycinsR9QSwMEFAAAAAgAAAA/ACMnFPjdAQAA
    lQQAAA0AAAB4bC9zdHlsZXMueG1srZRRa9swEMff9ymE3lvF2RK2YLsPhcBgK4NmsFfZkm2BTjKSHOJ9+p0sz3FKoWM0Lzqd
    /ve70+mc/OECmpyl88qagmb3G0qkqa1Qpi3oz9Px7jMlPnAjuLZGFnSUnj6UH3IfRi2fOykDQYLxBe1C6A+M+bqTwP297aXB
    k8Y64AG3rmW+d5ILH4NAs+1ms2fAlaFlbgY4QvCktoMJBd0uLpKWrwJr23+iJOEercBShGAAbMQfZa/qdy/0BABI1JOuOwAc
    vI+BbE5e5o011xoymhxl7n+TM9foyaK8tto6EvCSMopiZg4yKR65VpVT0dlwUHpM7m10TH2ZdaCMdVPulGFaYgFK65smREeZ
    9zwE6cwRN2S2T2OP6Q0+ScJMujfUreNjtt2tAqYF81bWCRyB9dWTq8y1bAIGONV2cQ22Z/EwBAtoCMVba7iOyL8Rs4HYWmr9
    HOfkV3PDvjSrZ9rERzKLiQXNZsKkTeSvaYm9wn78Lyy5NAv/JnqetX+OJ7zv9fg0QCXdcRq5eTZeUHfvQ2Xz7Vctvmnw4iVx
    Ngv6FIP1ClwNSgdlXmkuMsXl2tfpNPAKv/WbLMgQsuGDDqflsKBX+7sUaoAvi+qHOtswq672tzhV2X6q4PqHUv4BUEsDBBQA
    AAAIAAAAPwAY+kZUsAUAAFIbAAATAAAAeGwvdGhlbWUvdGhlbWUxLnhtbO1ZTY/bRBi+8ytGvreOEzvNrpqtNtmkhe22q920
    qMeJPbGnGXusmcluc0PtEQkJURAXJG4cEFCplbiUX7NQBEXqX+D1R5LxZrLNtosAtTkknvHzfn/4HefqtQcxQ0dESMqTtuVc
    rlmIJD4PaBK2rTuD/qWWhaTCSYAZT0jbmhJpXdv64CreVBGJCQLyRG7ithUplW7atvRhG8vLPCUJ3BtxEWMFSxHagcDHwDZm
    dr1Wa9oxpomFEhwD19ujEfUJGmQsra0Z8x6Dr0TJbMNn4tDPJeoUOTYYO9mPnMouE+gIs7YFcgJ+PCAPlIUYlgputK1a/rHs
    rav2nIipFbQaXT//lHQlQTCu53QiHM4Jnb67cWVnzr9e8F/G9Xq9bs+Z88sB2PfBUmcJ6/ZbTmfGUwMVl8u8uzWv5lbxGv/G
    En6j0+l4GxV8Y4F3l/CtWtPdrlfw7gLvLevf2e52mxW8t8A3l/D9KxtNt4rPQRGjyXgJncVzHpk5ZMTZDSO8BfDWLAEWKFvL
    roI+UatyLcb3uegDIA8uVjRBapqSEfYB18XxUFCcCcCbBGt3ii1fLm1lspD0BU1V2/ooxVARC8ir5z+8ev4UvXr+5OThs5OH
    P588enTy8CcD4Q2chDrhy+8+/+ubT9CfT799+fhLM17q+N9+/PTXX74wA5UOfPHVk9+fPXnx9Wd/fP/YAN8WeKjDBzQmEt0i
    x+iAx2CbQQAZivNRDCJMKxQ4AqQB2FNRBXhripkJ1yFV590V0ABMwOuT+xVdDyMxUdQA3I3iCnCPc9bhwmjObiZLN2eShGbh
    YqLjDjA+Msnungptb5JCJlMTy25EKmruM4g2DklCFMru8TEhBrJ7lFb8ukd9wSUfKXSPog6mRpcM6FCZiW7QGOIyNSkIoa74
    Zu8u6nBmYr9DjqpIKAjMTCwJq7jxOp4oHBs1xjHTkTexikxKHk6FX3G4VBDpkDCOegGR0kRzW0wr6u5i6ETGsO+xaVxFCkXH
    JuRNzLmO3OHjboTj1KgzTSId+6EcQ4pitM+VUQlerZBsDXHAycpw36VEna+s79AwMidIdmciyq5d6b8xTc5qxoxCN37fjGfw
    bXg0mUridAtehfsfNt4dPEn2CeT6+777vu++i313VS2v220XDdbW5+KcX7xySB5Rxg7VlJGbMm/NEpQO+rCZL3Ki+UyeRnBZ
    iqvgQoHzayS4+piq6DDCKYhxcgmhLFmHEqVcwknAWsk7P05SMD7f82ZnQEBjtceDYruhnw3nbPJVKHVBjYzBusIaV95OmFMA
    15TmeGZp3pnSbM2bUA0IZwd/p1kvREPGYEaCzO8Fg1lYLjxEMsIBKWPkGA1xGmu6rfV6r2nSNhpvJ22dIOni3BXivAuIUm0p
    SvZyObKkukLHoJVX9yzk47RtjWCSgss4BX4ya0CYhUnb8lVpymuL+bTB5rR0aisNrohIhVQ7WEYFVX5r9uokWehf99zMDxdj
    gKEbradFo+X8i1rYp0NLRiPiqxU7i2V5j08UEYdRcIyGbCIOMOjtFtkVUAnPjPpsIaBC3TLxqpVfVsHpVzRldWCWRrjsSS0t
    9gU8v57rkK809ewVur+hKY0LNMV7d03JMhfG1kaQH6hgDBAYZTnatrhQEYculEbU7wsYHHJZoBeCsshUQix735zpSo4Wfavg
    UTS5MFIHNESCQqdTkSBkX5V2voaZU9efrzNGZZ+ZqyvT4ndIjggbZNXbzOy3UDTrJqUjctzpoNmm6hqG/f/w5OOumHzOHg8W
    gtzzzCKu1vS1R8HG26lwzkdt3Wxx3Vv7UZvC4QNlX9C4qfDZYr4d8AOIPppPlAgS8VKrLL/55hB0bmnGZaz+2TFqEYLWinhf
    5PCpObuxwtlni3tzZ3sGX3tnu9peLlFbO8jkq6U/nvjwPsjegYPShClZvE16AEfN7uwvA+BjL0i3/gZQSwMEFAAAAAgAAAA/
    AMmEq9glAQAAUAIAABEAAABkb2NQcm9wcy9jb3JlLnhtbJ2SzWrDMBCE730Ko7sty6GmFbYDbcmpgUJTWnIT0sYRtX6Q1Dp5
    +ypO4iTgU4+rmf12dlE136ku+QXnpdE1IlmOEtDcCKnbGn2sFukDSnxgWrDOaKjRHjyaN3cVt5QbB2/OWHBBgk8iSHvKbY22
    IViKsedbUMxn0aGjuDFOsRBL12LL+DdrARd5XmIFgQkWGD4AUzsS0Qkp+Ii0P64bAIJj6ECBDh6TjOCLN4BTfrJhUK6cSoa9
    hUnrWRzdOy9HY9/3WT8brDE/wV/L1/dh1VTqw6k4oKYSnHIHLBjXVPi6iIfrmA/LeOKNBPG0j/rE22mRYx+IJAagx7hn5XP2
    /LJaoKbIizIlJC3KFSnofU7J4/ow8qb/AlSnIf8mngHH3LefoPkDUEsDBBQAAAAIAAAAPwCbNq05fwEAABcDAAAQAAAAZG9j
    UHJvcHMvYXBwLnhtbJ1SwU7jMBC98xWR79RJhVZs5RihsisOi6jUAmfjTBoLx7Y806jdr8dJ1TSFPW1Ob948Pb/MjLjbtzbr
    IKLxrmTFLGcZOO0r47Yle9n8vr5lGZJylbLeQckOgOxOXolV9AEiGcAsOTgsWUMUFpyjbqBVOEttlzq1j62iVMYt93VtNDx4
    vWvBEZ/n+Q8OewJXQXUdRkN2dFx09L+mldd9PnzdHELyk+I+BGu0ovST8sno6NHXlP3aa7CCT5siGa1B76Khg8wFn5ZirZWF
    ZTKWtbIIgp8J8Qiqn9lKmYhSdLToQJOPGZq/aWpzlr0rhD5OyToVjXLEjrJjMWAbkKJ88/EDGwBCwUdygFPtFJsbWQyCBC6F
    fAyS8GXEjSEL+FyvVKR/JC6miYcMbJLxeUfat2n3xc/85lvM04Nfnlj6NiiX5shH9Me4D3wJG/+gCE5TvSTFulERqrSIceoj
    IR5TvGh7/bJRbgvVSfO90d/A6/HOZTGf5ekbVn/iBD+ftPwEUEsBAhQDFAAAAAgAAAA/AGFdSTpPAQAAjwQAABMAAAAAAAAA
    AAAAAICBAAAAAFtDb250ZW50X1R5cGVzXS54bWxQSwECFAMUAAAACAAAAD8A8p9J2ukAAABLAgAACwAAAAAAAAAAAAAAgIGA
    AQAAX3JlbHMvLnJlbHNQSwECFAMUAAAACAAAAD8ARHVb8OgAAAC5AgAAGgAAAAAAAAAAAAAAgIGSAgAAeGwvX3JlbHMvd29y
    a2Jvb2sueG1sLnJlbHNQSwECFAMUAAAACAAAAD8AJi5bMpwBAAC5AwAAGAAAAAAAAAAAAAAAgIGyAwAAeGwvd29ya3NoZWV0
    cy9zaGVldDEueG1sUEsBAhQDFAAAAAgAAAA/AEb9/CFUAQAAOgIAAA8AAAAAAAAAAAAAAICBhAUAAHhsL3dvcmtib29rLnht
    bFBLAQIUAxQAAAAIAAAAPwAOKXBuIwEAAHICAAAUAAAAAAAAAAAAAACAgQUHAAB4bC9zaGFyZWRTdHJpbmdzLnhtbFBLAQIU
    AxQAAAAIAAAAPwAjJxT43QEAAJUEAAANAAAAAAAAAAAAAACAgVoIAAB4bC9zdHlsZXMueG1sUEsBAhQDFAAAAAgAAAA/ABj6
    RlSwBQAAUhsAABMAAAAAAAAAAAAAAICBYgoAAHhsL3RoZW1lL3RoZW1lMS54bWxQSwECFAMUAAAACAAAAD8AyYSr2CUBAABQ
    AgAAEQAAAAAAAAAAAAAAgIFDEAAAZG9jUHJvcHMvY29yZS54bWxQSwECFAMUAAAACAAAAD8AmzatOX8BAAAXAwAAEAAAAAAA
    AAAAAAAAgIGXEQAAZG9jUHJvcHMvYXBwLnhtbFBLBQYAAAAACgAKAIACAABEEwAAAAA=
    """

  @Test func readsAnXlsxWriterWorkbookIn1904DateSystem() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let path = try scratch.write("xlsxwriter.xlsx", base64: Self.xlsxwriterWorkbook)
    var reader = try XLSXReader(path: path, sheet: "Outcomes 1904")
    #expect(reader.formatDescription == "XLSX, sheet 'Outcomes 1904' (1 of 1), 1904 date system")
    Self.expect(
      try Self.readAll(&reader),
      [
        (1, ["Outcome", "Date", "When", "Count"]),
        (2, ["Charged or summonsed", "2025-01-01", "1904-01-01 12:00:00", "3"]),
        (3, ["Charged or summonsed", "1904-01-01", "", "6"]),
        (5, ["Tab\there", "", "FALSE"]),
      ])
  }

  // MARK: - Errors

  @Test func namesTheSheetsWhenTheSheetIsMissing() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let path = try scratch.zip(
      "crimes.xlsx",
      Self.workbookParts(sheets: [
        ("Crimes", Self.crimesSheet), ("Notes & Sources", Self.notesSheet),
      ]))
    #expect(
      throws: TabularError.unreadable(
        path: path,
        reason:
          "There is no sheet named 'Crimez' in this workbook; its sheets are 'Crimes', 'Notes & Sources'."
      )
    ) {
      _ = try XLSXReader(path: path, sheet: "Crimez")
    }
  }

  @Test func refusesFilesThatAreNotWorkbooks() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let csv = scratch.folder.appendingPathComponent("crimes.xlsx").path
    try Data("Crime ID,Month\n1,2025-01\n".utf8).write(to: URL(fileURLWithPath: csv))
    #expect(
      throws: TabularError.unreadable(
        path: csv, reason: "This is not an XLSX workbook: it is not a zip archive.")
    ) { _ = try XLSXReader(path: csv) }

    let missing = scratch.folder.appendingPathComponent("absent.xlsx").path
    #expect(throws: TabularError.unreadable(path: missing, reason: "There is no such file.")) {
      _ = try XLSXReader(path: missing)
    }

    let plainZip = try scratch.zip("notes.xlsx", [("notes.txt", "hello")])
    #expect(
      throws: TabularError.unreadable(
        path: plainZip,
        reason:
          "This zip archive has no workbook part (xl/workbook.xml), so it is not an XLSX workbook.")
    ) { _ = try XLSXReader(path: plainZip) }

    let error = #expect(throws: TabularError.self) { _ = try XLSXReader(path: csv) }
    #expect(error?.description.hasPrefix(csv + ": ") == true)
  }

  @Test func skipsPastARowItCannotRead() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let sheet = """
      <worksheet xmlns="\(Self.main)"><sheetData>\
      <row r="1"><c r="A1" t="s"><v>0</v></c></row>\
      <row r="2"><c r="A2" t="s"><v>17</v></c><c r="B2"><v>3</v></c></row>\
      <row r="3"><c r="C3"><v>1</v></c><c r="B3"><v>2</v></c></row>\
      <row r="4"><c r="A4"><v>twelve</v></c></row>\
      <row r="5"><c r="A5" t="b"><v>2</v></c></row>\
      <row r="6"><c r="A6" t="z"><v>2</v></c></row>\
      <row r="7"><c r="A7"><v>7</v></c></row>\
      </sheetData></worksheet>
      """
    let path = try scratch.zip("bad.xlsx", Self.workbookParts(sheets: [("Crimes", sheet)]))
    var reader = try XLSXReader(path: path)
    #expect(try reader.next()?.fields == ["Crime type"])
    let expected: [(Int, String)] = [
      (2, "Row 2: cell A2 refers to shared string '17', but the workbook has 6 shared strings."),
      (3, "Row 3: cell B3 comes after cell C3, out of column order."),
      (4, "Row 4: cell A4 holds 'twelve', which is not a number."),
      (5, "Row 5: cell A5 holds '2', which is not a boolean (0 or 1)."),
      (6, "Row 6: cell A6 has the unknown cell type 'z'."),
    ]
    for (line, reason) in expected {
      #expect(throws: TabularError.malformedRecord(path: path, line: line, reason: reason)) {
        _ = try reader.next()
      }
    }
    let last = try reader.next()
    #expect(last?.line == 7)
    #expect(last?.fields == ["7"])
    #expect(try reader.next() == nil)
  }

  @Test func stopsAtABrokenSheet() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let sheet = """
      <worksheet xmlns="\(Self.main)"><sheetData>\
      <row r="1"><c r="A1"><v>1</v></c></row>\
      <row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"><v>3 &nbsp;</v></c></row>
      """
    let path = try scratch.zip("broken.xlsx", Self.workbookParts(sheets: [("Crimes", sheet)]))
    var reader = try XLSXReader(path: path)
    #expect(try reader.next()?.fields == ["1"])
    #expect(try reader.next()?.fields == ["2"])
    let failure = TabularError.unreadable(
      path: path,
      reason:
        "Sheet 'Crimes': The sheet XML is malformed in or after row 3: the entity &nbsp; is not one XML knows."
    )
    #expect(throws: failure) { _ = try reader.next() }
    #expect(throws: failure) { _ = try reader.next() }

    let truncated = try scratch.zip(
      "truncated.xlsx",
      Self.workbookParts(sheets: [("Crimes", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1")]
      ))
    var truncatedReader = try XLSXReader(path: truncated)
    #expect(
      throws: TabularError.unreadable(
        path: truncated, reason: "Sheet 'Crimes': The sheet XML ends inside a cell.")
    ) { _ = try truncatedReader.next() }
  }

  // MARK: - Size

  @Test func readsFiftyThousandRowsInBoundedMemory() throws {
    let scratch = try Scratch()
    defer { scratch.cleanUp() }
    let rowCount = 50_000
    var xml = #"<worksheet xmlns="\#(Self.main)"><sheetData>"#
    xml.reserveCapacity(rowCount * 120)
    for row in 1...rowCount where row % 1000 != 500 {  // 50 rows left out of the XML
      xml += #"<row r="\#(row)"><c r="A\#(row)" t="s"><v>\#(row % 3)</v></c>"#
      xml +=
        #"<c r="B\#(row)"><v>\#(row)</v></c><c r="D\#(row)" s="1"><v>\#(45658 + row % 31)</v></c></row>"#
    }
    xml += "</sheetData></worksheet>"
    #expect(xml.utf8.count > 4_000_000)
    let path = try scratch.zip("big.xlsx", Self.workbookParts(sheets: [("Crimes", xml)]))
    var reader = try XLSXReader(path: path)
    var count = 0
    var sum = 0
    var lastLine = 0
    var januaryFirsts = 0
    var outOfOrder = 0
    var notFourFields = 0
    while let record = try reader.next() {
      count += 1
      sum += Int(record.field(1)) ?? 0
      if record.line <= lastLine { outOfOrder += 1 }
      lastLine = record.line
      if record.count != 4 { notFourFields += 1 }
      if record.field(3) == "2025-01-01" { januaryFirsts += 1 }
    }
    #expect(outOfOrder == 0)
    #expect(notFourFields == 0)
    #expect(count == rowCount - 50)
    #expect(sum == rowCount * (rowCount + 1) / 2 - (0..<50).reduce(0) { $0 + $1 * 1000 + 500 })
    #expect(lastLine == rowCount)
    #expect(januaryFirsts == (1...rowCount).filter { $0 % 31 == 0 && $0 % 1000 != 500 }.count)
    // The sheet was scanned in chunks, never held whole.
    #expect(reader.peakBufferBytes < 200_000)
  }
}
