import Foundation
import Testing
import ZIPFoundation

@testable import PanelBrief

/// The inputs of issue 10, each written by the test: every one gives a briefing or a clean
/// refusal with a sentence, quickly and in bounded memory, and never merges rows.
@Suite struct HostileInputTests {
  typealias Counts = Corpus.Counts

  /// Seconds since `start`.
  static func seconds(since start: Date) -> Double { Date().timeIntervalSince(start) }

  // MARK: - Bytes merge crimes

  /// Three references that differ only in one invalid byte (C0, C1, FF), under a UTF-8 byte
  /// order mark: read as UTF-8 with U+FFFD they would be one reference (1 accepted, 2
  /// superseded). The file is refused, naming the byte, its line and what to do.
  @Test func invalidUTF8UnderAByteOrderMarkIsRefused() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((Corpus.crimesHeader + "\n").utf8)
    for bad: UInt8 in [0xC0, 0xC1, 0xFF] {
      bytes += Array("MS/20/000".utf8) + [bad] + Array(",05/01/2020,1: Charged,\n".utf8)
    }
    try corpus.write("crimes.csv", bytes: bytes)
    let error = try corpus.error(Corpus.crimes(["crimes.csv"]))
    let message = try #require(error).message
    #expect(
      message.contains(
        "the file is read as UTF-8 with BOM as its byte order mark says, but byte 62 (near line 2) is not valid UTF-8"
      ), "\(message)")
    #expect(message.contains("set encoding: windows-1252"))
  }

  /// The same bytes without a byte order mark but with `encoding: utf-8`: refused too (as
  /// configured); without either they are read as Windows-1252, three distinct references.
  @Test func invalidUTF8UnderConfiguredUTF8IsRefusedAndDetectedAsWindows1252Otherwise() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    var bytes = Array((Corpus.crimesHeader + "\n").utf8)
    for bad: UInt8 in [0xC0, 0xC1, 0xFF] {
      bytes += Array("MS/20/000".utf8) + [bad] + Array(",05/01/2020,1: Charged,\n".utf8)
    }
    try corpus.write("crimes.csv", bytes: bytes)
    let error = try corpus.error(Corpus.crimes(["crimes.csv"], extra: "    encoding: utf-8\n"))
    let message = try #require(error).message
    #expect(
      message.contains("as configured (encoding: utf-8), but byte 59 (near line 2)"), "\(message)")
    let data = try corpus.run(Corpus.crimes(["crimes.csv"]))
    #expect(Corpus.counts(data, "crimes.csv") == Counts(read: 3, accepted: 3))
    #expect(Set(data.crimes.map(\.reference)) == ["MS/20/000À", "MS/20/000Á", "MS/20/000ÿ"])
  }

  /// UTF-16 with an unpaired surrogate (D800 then "A"): refused rather than read as U+FFFD.
  @Test func unpairedUTF16SurrogateIsRefused() throws {
    let path = Self.file(
      "lone.csv",
      [0xFF, 0xFE] + Array("a,b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        + [0x00, 0xD8, 0x41, 0x00, 0x2C, 0x00, 0x62, 0x00, 0x0A, 0x00])
    var failure = ""
    do {
      var reader = try CSVReader(path: path)
      while try reader.next() != nil {}
    } catch { failure = "\(error)" }
    #expect(
      failure.contains("byte 10 (near line 2) is not valid UTF-16 little-endian"), "\(failure)")
  }

  /// A CSV reader over an invalid UTF-8 file read in 3-byte chunks finds the same byte.
  @Test func invalidByteIsFoundAcrossChunks() throws {
    let bytes: [UInt8] =
      [0xEF, 0xBB, 0xBF] + Array("a,b\nc,d\n".utf8) + [0xE2, 0x82, 0x41] + Array(",x\n".utf8)
    var failure = ""
    do {
      var reader = try CSVReader(
        path: Self.file("chunks.csv", bytes), options: .init(), chunkSize: 3)
      while try reader.next() != nil {}
    } catch { failure = "\(error)" }
    #expect(failure.contains("byte 13 (near line 3)"), "\(failure)")
  }

  static func file(_ name: String, _ bytes: [UInt8]) -> String {
    let path = TestPaths.scratch(name) + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  // MARK: - Lines not counted

  /// Lines holding only spaces, a tab or `""` were skipped and counted nowhere. Now each is read
  /// and rejected as a blank line, so rows read = accepted + superseded + rejected.
  @Test func whitespaceOnlyLinesAreCountedAsRejected() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      [
        Corpus.crimesHeader, "MS/20/0001,05/01/2020,1: Charged,", "   ", "\t", "\"\"",
        "MS/20/0002,05/01/2020,1: Charged,", "",
      ].joined(separator: "\n"))
    let data = try corpus.run(Corpus.crimes(["crimes.csv"]))
    #expect(
      Corpus.counts(data, "crimes.csv") == Counts(read: 5, accepted: 2, rejected: ["Blank line": 3])
    )
    #expect(Corpus.addsUp(data))
    #expect(Corpus.rejected(data).map(\.line) == [3, 4, 5])
  }

  // MARK: - Configuration values

  static func configError(_ yaml: String, file: String = #function) -> String {
    let folder = TestPaths.scratch(file)
    let path = folder + "/panel.yml"
    try? yaml.write(toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try BriefingConfig.load(path: path)
      return ""
    } catch {
      return "\(error)"
    }
  }

  static func yaml(
    title: String = "T", years: String = "2020-2023", extraction: String = "2024-02-05",
    source: String =
      "  - {kind: crimes, files: c.csv, columns: {reference: R, recorded_date: D, outcome: O}}"
  ) -> String {
    "title: \(title)\norganisation: O\nperiod: {years: \(years)}\nextraction_date: \(extraction)\nsources:\n\(source)\n"
  }

  /// `years: 0-9223372036854775807` stopped the program (SIGILL); `2020-2000000000` allocated
  /// gigabytes. Both are refused before the range is made.
  @Test func hugeYearRangesAreRefusedBeforeAllocating() {
    let start = Date()
    for years in ["0-9223372036854775807", "2020-2000000000", "-9223372036854775808-2020"] {
      let message = Self.configError(Self.yaml(years: "'\(years)'"))
      #expect(
        message.contains("give years between 1900 and 2100")
          || message.contains("is none of these"), "\(years): \(message)")
    }
    #expect(Self.seconds(since: start) < 5)
  }

  /// `months: {to: 999999999-12}` allocated gigabytes and `{from: 0001-01, to: 9999-12}` ran for
  /// minutes: months outside 1900–2100 are refused.
  @Test func hugeMonthRangesAreRefused() {
    let start = Date()
    for (from, to) in [("2022-09", "999999999-12"), ("0001-01", "9999-12")] {
      let source =
        "  - {kind: activity, layout: monthly, files: a.csv, columns: {measure: M}, months: {from: \(from), to: \(to)}}"
      let message = Self.configError(Self.yaml(source: source))
      #expect(message.contains("months are written yyyy-MM"), "\(message)")
      #expect(message.contains("1900 to 2100"))
    }
    #expect(Self.seconds(since: start) < 5)
  }

  /// A billion-laughs alias bomb used as a mapping key took exponential time in the YAML
  /// library. Aliases are refused, by line, before the YAML is built; so is deep nesting.
  @Test func yamlAliasBombAndDeepNestingAreRefused() {
    let start = Date()
    var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1...9 {
      bomb +=
        "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
        + "]\n"
    }
    bomb += "? *a9\n: boom\n"
    let message = Self.configError(bomb + Self.yaml())
    #expect(
      message.contains(
        "line 1: YAML anchors and aliases (&name, *name) are not read in a configuration"),
      "\(message)")
    let deep = Self.configError(
      "title: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        + "\n")
    #expect(deep.contains("line 1: the YAML is nested more than 64 levels deep"), "\(deep)")
    let dashes = Self.configError("title: T\nx:\n" + String(repeating: "- ", count: 5000) + "x\n")
    #expect(dashes.contains("line 3: the YAML is nested more than 64 levels deep"), "\(dashes)")
    #expect(Self.seconds(since: start) < 5)
    // Anchors in quotes, comments and block scalars are text, not anchors.
    let quoted = Self.configError(
      Self.yaml(title: "\"*starred* & co\"")
        + "subject: '&x' # *not an alias\ncontact: |\n  *a\n  &b\n")
    #expect(!quoted.contains("anchors"), "\(quoted)")
  }

  /// `extraction_date: -2024-02-05` was read as 2024-02-05; `title: null` became "null".
  @Test func signedDatesAndNullTitlesAreRefused() {
    #expect(
      Self.configError(Self.yaml(extraction: "-2024-02-05")).contains(
        "the extraction date must be written yyyy-MM-dd, e.g. 2024-02-05; found '-2024-02-05'."))
    #expect(Day(iso: "+2024-02-05") == nil)
    #expect(Day(iso: "2024--02-05") == nil)
    #expect(Day(iso: "2024-02-05") == Day(year: 2024, month: 2, day: 5))
    #expect(
      Self.configError(Self.yaml(title: "null")).contains(
        "line 1 (title): expected a value here, not YAML's null"))
    #expect(Self.configError(Self.yaml(title: "~")).contains("not YAML's null"))
    #expect(
      Self.configError(Self.yaml(title: "\"   \"")).contains("(title): this must not be empty."))
    // A quoted "null" is a title like any other.
    #expect(!Self.configError(Self.yaml(title: "\"null\"")).contains("null"))
  }

  /// A folder or a FIFO as the configuration got "not UTF-8 text"; now each says what it is. A
  /// FIFO is never opened (it would block).
  @Test func configurationThatIsNotARegularFileSaysWhatItIs() throws {
    let folder = TestPaths.scratch()
    let fifo = folder + "/panel.yml"
    #expect(mkfifo(fifo, 0o644) == 0)
    let start = Date()
    do {
      _ = try BriefingConfig.load(path: fifo)
      Issue.record("a FIFO was read")
    } catch {
      #expect(
        "\(error)".contains("cannot be read (this is a named pipe (FIFO), not a file"), "\(error)")
    }
    do {
      _ = try BriefingConfig.load(path: folder)
      Issue.record("a folder was read")
    } catch {
      #expect("\(error)".contains("cannot be read (this is a folder, not a file)"), "\(error)")
    }
    let binary = folder + "/bin.yml"
    _ = FileManager.default.createFile(atPath: binary, contents: Data([0xFF, 0xFE, 0x00]))
    do {
      _ = try BriefingConfig.load(path: binary)
      Issue.record("binary was read")
    } catch {
      #expect("\(error)".contains("cannot be read (not UTF-8 text)"))
    }
    #expect(Self.seconds(since: start) < 5)
  }

  /// A source that is a FIFO or /dev/zero blocked forever; a folder gave an odd message.
  @Test func sourcesThatAreNotRegularFilesAreRefused() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    #expect(mkfifo(corpus.folder + "/fifo.csv", 0o644) == 0)
    try FileManager.default.createDirectory(
      atPath: corpus.folder + "/folder.csv", withIntermediateDirectories: true)
    let start = Date()
    for (file, expected) in [
      ("fifo.csv", "this is a named pipe (FIFO), not a file"),
      ("/dev/zero", "this is a device, not a file"),
      ("folder.csv", "this is a folder, not a file."),
    ] {
      let message = try #require(try corpus.error(Corpus.crimes([file]))).message
      #expect(message.contains(expected), "\(file): \(message)")
    }
    #expect(throws: TabularError.self) { try CSVReader(path: "/dev/zero") }
    #expect(throws: TabularError.self) { try XLSXReader(path: "/dev/zero") }
    #expect(throws: TabularError.self) { try SHA256.hex(ofFileAt: "/dev/zero") }
    #expect(Self.seconds(since: start) < 5)
  }

  // MARK: - Labels

  /// `Zed\x01` and `Zed\x02` were both "Unmapped: Zed" (one table header twice). Hidden
  /// characters are shown as <U+XXXX>, so the two stay two; a zero-width space and a
  /// right-to-left override show too ("Un<U+200B>known" no longer looks like "Unknown").
  @Test func hiddenCharactersInLabelsAreShownAndKeepLabelsApart() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    try corpus.write(
      "crimes.csv",
      [
        Corpus.crimesHeader, "A1,05/01/2020,Zed\u{01},", "A2,05/01/2020,Zed\u{02},",
        "A3,05/01/2020,Un\u{200B}known,", "A4,05/01/2020,\u{202E}degrahC,",
        "A5,05/01/2020,Esc\u{1B}]0;pwned\u{07},",
      ].joined(separator: "\n"))
    let data = try corpus.run(Corpus.crimes(["crimes.csv"]))
    let unmapped = data.outcomeLabels.map(\.label).filter { $0.hasPrefix("Unmapped") }
    #expect(
      unmapped == [
        "Unmapped: Zed<U+0001>", "Unmapped: Zed<U+0002>", "Unmapped: Un<U+200B>known",
        "Unmapped: <U+202E>degrahC", "Unmapped: Esc<U+001B>]0;pwned<U+0007>",
      ])
    #expect(
      data.findings.allSatisfy { $0.text.unicodeScalars.allSatisfy { !DisplayText.isHidden($0) } })
  }

  /// An outcome label of 40,000 characters (over Excel's 32,767 per cell) and two 300-character
  /// labels that differ only at their end: cut to 200 characters with the length said, and the
  /// two made unique.
  @Test func longLabelsAreCutWithTheirLengthAndKeptUnique() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let long = String(repeating: "x", count: 40_000)
    let a = String(repeating: "y", count: 299) + "a"
    let b = String(repeating: "y", count: 299) + "b"
    try corpus.write(
      "crimes.csv",
      [Corpus.crimesHeader, "A1,05/01/2020,\(long),", "A2,05/01/2020,\(a),", "A3,05/01/2020,\(b),"]
        .joined(separator: "\n"))
    let data = try corpus.run(Corpus.crimes(["crimes.csv"]))
    let unmapped = data.outcomeLabels.map(\.label).filter { $0.hasPrefix("Unmapped") }
    #expect(
      unmapped == [
        "Unmapped: " + String(repeating: "x", count: 200) + "… (40000 characters)",
        "Unmapped: " + String(repeating: "y", count: 200) + "… (300 characters)",
        "Unmapped: " + String(repeating: "y", count: 200) + "… (300 characters) (2)",
      ])
    #expect(unmapped.allSatisfy { $0.count <= 255 })
    #expect(Corpus.counts(data, "crimes.csv") == Counts(read: 3, accepted: 3))
  }

  /// A configuration label with a control or zero-width character is refused, naming it.
  @Test func configurationLabelsWithHiddenCharactersAreRefused() {
    let source =
      "  - {kind: crimes, files: c.csv, columns: {reference: R, recorded_date: D, outcome: O}, outcomes: {\"Un\\u200Bknown\": unknown}}"
    let message = Self.configError(Self.yaml(source: source))
    #expect(message.contains("holds the invisible character U+200B"), "\(message)")
  }

  /// A rejected row's field of 8 MiB is kept as 500 characters and its length.
  @Test func rejectedFieldsAreCutWithTheirLength() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let huge = String(repeating: "9", count: 8 << 20)
    try corpus.write(
      "crimes.csv",
      [Corpus.crimesHeader, "A1,\(huge),1: Charged,", "A2,05/01/2020,1: Charged,"].joined(
        separator: "\n"))
    let data = try corpus.run(Corpus.crimes(["crimes.csv"]))
    let row = try #require(data.rejected.first)
    #expect(row.fields[1] == String(repeating: "9", count: 500) + "… (8388608 characters)")
    #expect(row.detail == "'" + String(repeating: "9", count: 499) + "… (8388610 characters)")
  }

  // MARK: - Workbooks

  /// A workbook whose one worksheet part decompresses to 20 MiB from about 20 KB (the issue's
  /// 1.5 MB workbook inflated to 1 GiB): refused at once by its size, with a sentence, instead of
  /// being unpacked to a temporary file.
  @Test func workbookPartThatInflatesHugelyIsRefused() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let row = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
    let target = 20 << 20
    let sheet = Self.repeatingPart(
      head:
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
      body: row, tail: "</sheetData></worksheet>", size: target)
    let path = try Self.workbook(corpus, "bomb.xlsx", sheet: sheet, sharedStrings: nil)
    let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber
    #expect(size.intValue < 1_000_000)
    let start = Date()
    #expect {
      _ = try XLSXReader(path: path)
    } throws: { error in
      "\(error)".contains("decompresses to more than 16 MiB")
    }
    #expect(Self.seconds(since: start) < 5)
  }

  /// A shared string table of 4 million empty strings (`<si/>`, 20 MB unzipped, 20 KB zipped),
  /// the kind that held 884 MB of memory: refused by its size. A table over the count or bytes
  /// limits is refused once the limit is passed (shown with small limits).
  @Test func sharedStringTableOverItsLimitIsRefused() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let strings = Self.repeatingPart(
      head: "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
      body: "<si/>", tail: "</sst>", size: 20_000_000)
    let sheet = Self.repeatingPart(
      head:
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
      body: "", tail: "<row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>", size: 0)
    let path = try Self.workbook(corpus, "strings.xlsx", sheet: sheet, sharedStrings: strings)
    #expect {
      _ = try XLSXReader(path: path)
    } throws: { error in
      "\(error)".contains(
        "The part xl/sharedStrings.xml of the workbook decompresses to more than 16 MiB")
    }
    let table = "<sst><si><t>a</t></si><si/><si><t>bcd</t></si></sst>"
    #expect {
      _ = try XLSXReader.parseSharedStrings(
        .init(bytes: Array(table.utf8)), part: "s", path: "p", maxStrings: 2)
    } throws: { "\($0)".contains("holds more than 2 strings") }
    #expect {
      _ = try XLSXReader.parseSharedStrings(
        .init(bytes: Array(table.utf8)), part: "s", path: "p", maxBytes: 3)
    } throws: { "\($0)".contains("holds more than") }
    let read = try XLSXReader.parseSharedStrings(
      .init(bytes: Array(table.utf8)), part: "s", path: "p", maxStrings: 3, maxBytes: 4)
    #expect(read.count == 3)
  }

  /// An 8 MiB shared string used in 10 rows, in the date column (rejected) and the outcome
  /// column (an unmapped label): each rejected row keeps 500 characters, the label 200.
  @Test func hugeSharedStringInRejectedRowsKeepsMemoryBounded() throws {
    let corpus = Corpus()
    defer { corpus.cleanUp() }
    let huge = String(repeating: "Z", count: 8 << 20)
    let strings = Self.Part(
      head: "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>"
        + huge + "</t></si>",
      body: "", tail: "</sst>", size: 0)
    var rows =
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>Occurrence Ref</t></is></c><c t=\"inlineStr\"><is><t>Recorded Date</t></is></c><c t=\"inlineStr\"><is><t>Outcome</t></is></c></row>"
    rows +=
      "<row r=\"2\"><c t=\"inlineStr\"><is><t>R1</t></is></c><c t=\"inlineStr\"><is><t>2020-01-05</t></is></c><c t=\"inlineStr\"><is><t>1: Charged</t></is></c></row>"
    for i in 3...12 {
      rows +=
        "<row r=\"\(i)\"><c t=\"inlineStr\"><is><t>R\(i)</t></is></c><c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c></row>"
    }
    let sheet = Self.Part(
      head:
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        + rows, body: "", tail: "</sheetData></worksheet>", size: 0)
    _ = try Self.workbook(corpus, "crimes.xlsx", sheet: sheet, sharedStrings: strings)
    let start = Date()
    let sources = """
        - name: crimes
          kind: crimes
          files: crimes.xlsx
          columns: {reference: Occurrence Ref, recorded_date: Recorded Date, outcome: Outcome}
          date_format: iso
      \(Corpus.outcomes)
      """
    let data = try corpus.run(sources)
    #expect(Corpus.counts(data, "crimes.xlsx")?.read == 11)
    #expect(data.rejected.count == 10)
    #expect(data.rejected.allSatisfy { $0.fields.allSatisfy { $0.count <= 530 } })
    #expect(data.rejected[0].fields[1].hasSuffix("… (8388608 characters)"))
    // Generous: the suite runs in parallel on a shared machine (about 14 s alone, debug build).
    #expect(Self.seconds(since: start) < 240)
  }

  /// A part made of `head`, `body` repeated to about `size` bytes, and `tail`, given to the zip
  /// writer chunk by chunk (never held whole).
  struct Part {
    let h: [UInt8]
    let b: [UInt8]
    let t: [UInt8]
    let bodyBytes: Int
    init(head: String, body: String, tail: String, size: Int) {
      h = Array(head.utf8)
      t = Array(tail.utf8)
      b = Array(body.utf8)
      bodyBytes = b.isEmpty ? 0 : (size / b.count) * b.count
      // Whole bodies, about 1 MiB of them, to copy from.
      let copies = b.isEmpty ? 0 : max(1, (1 << 20) / b.count)
      block = Array([[UInt8]](repeating: b, count: copies).joined())
    }
    let block: [UInt8]
    var total: Int { h.count + bodyBytes + t.count }
    func bytes(at position: Int, count: Int) -> Data {
      var out = Data(capacity: count)
      var p = position
      let end = min(position + count, total)
      while p < end {
        if p < h.count {
          let n = min(end, h.count) - p
          out.append(contentsOf: h[p..<(p + n)])
          p += n
        } else if p < h.count + bodyBytes {
          let offset = (p - h.count) % block.count
          let n = min(end, h.count + bodyBytes, p + block.count - offset) - p
          out.append(contentsOf: block[offset..<(offset + n)])
          p += n
        } else {
          let offset = p - h.count - bodyBytes
          let n = end - p
          out.append(contentsOf: t[offset..<(offset + n)])
          p += n
        }
      }
      return out
    }
  }

  static func repeatingPart(head: String, body: String, tail: String, size: Int) -> Part {
    Part(head: head, body: body, tail: tail, size: size)
  }

  /// Writes a workbook with one sheet (and shared strings when given).
  static func workbook(_ corpus: Corpus, _ name: String, sheet: Part, sharedStrings: Part?)
    throws -> String
  {
    let url = URL(fileURLWithPath: corpus.folder + "/" + name)
    let archive = try Archive(url: url, accessMode: .create)
    let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var parts: [(String, Part)] = [
      (
        "_rels/.rels",
        Part(
          head:
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rels)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
          body: "", tail: "", size: 0)
      ),
      (
        "xl/workbook.xml",
        Part(
          head:
            "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"\(rels)\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
          body: "", tail: "", size: 0)
      ),
      (
        "xl/_rels/workbook.xml.rels",
        Part(
          head:
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rels)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rels)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>",
          body: "", tail: "", size: 0)
      ),
      ("xl/worksheets/sheet1.xml", sheet),
    ]
    if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings)) }
    for (path, part) in parts {
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(part.total), compressionMethod: .deflate,
        bufferSize: 1 << 20
      ) { position, size in
        part.bytes(at: Int(position), count: size)
      }
    }
    return url.path
  }
}
