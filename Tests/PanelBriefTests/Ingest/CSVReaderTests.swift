import Foundation
import Testing

@testable import PanelBrief

/// A record or an error, as the reader handed it out.
private enum Item: Equatable, CustomStringConvertible {
  case record(Int, [String])
  case error(TabularError)

  var description: String {
    switch self {
    case .record(let line, let fields): "line \(line): \(fields)"
    case .error(let e): "error: \(e)"
    }
  }
}

/// Writes `bytes` to a file in a folder of its own (tests run in parallel) and returns its path.
private func write(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("CSVReaderTests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let url = folder.appendingPathComponent(name)
  try Data(bytes).write(to: url)
  return url.path
}

private func write(_ text: String) throws -> String { try write(Array(text.utf8)) }

/// Reads every record (and every malformed-record error) until the end of the file.
private func readAll(
  _ path: String, options: CSVOptions = .init(), chunkSize: Int? = nil
) throws -> (reader: CSVReader, items: [Item]) {
  var reader =
    if let chunkSize {
      try CSVReader(path: path, options: options, chunkSize: chunkSize)
    } else {
      try CSVReader(path: path, options: options)
    }
  var items: [Item] = []
  for _ in 0..<1_000_000 {
    do {
      guard let record = try reader.next() else { break }
      items.append(.record(record.line, record.fields))
    } catch {
      items.append(.error(error))
      if case .unreadable = error { break }
    }
  }
  return (reader, items)
}

/// The root of this package (the folder holding Package.swift), found from this file's path.
private func packageRoot() -> URL {
  var url = URL(fileURLWithPath: #filePath)
  while url.path != "/" {
    url.deleteLastPathComponent()
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
      return url
    }
  }
  return url
}

@Suite struct CSVReaderTests {
  @Test func quotedCommasAndDoubledQuotes() throws {
    let path = try write(
      "id,text,n\n1,\"Smith, John\",2\n2,\"say \"\"hi\"\"\",\"\"\n3,\"\"\"\",x\n")
    let (reader, items) = try readAll(path)
    #expect(
      items == [
        .record(1, ["id", "text", "n"]),
        .record(2, ["1", "Smith, John", "2"]),
        .record(3, ["2", "say \"hi\"", ""]),
        .record(4, ["3", "\"", "x"]),
      ])
    #expect(reader.formatDescription == "UTF-8, LF line endings, comma-separated")
    #expect(reader.encoding == .utf8)
    #expect(reader.delimiter == UInt8(ascii: ","))
  }

  @Test func lineBreaksInsideQuotesAreKeptAndCounted() throws {
    let path = try write("h1,h2\n\"one\ntwo\",x\n\"p\r\nq\",y\n\"a\rb\",\"c\n\nd\"\nlast,z")
    let (reader, items) = try readAll(path)
    #expect(
      items == [
        .record(1, ["h1", "h2"]),
        .record(2, ["one\ntwo", "x"]),
        .record(4, ["p\r\nq", "y"]),
        .record(6, ["a\rb", "c\n\nd"]),
        .record(10, ["last", "z"]),
      ])
    #expect(reader.lineEndings == "mixed")
    #expect(
      reader.formatDescription == "UTF-8, mixed line endings (7 LF, 1 CRLF, 1 CR), comma-separated")
    #expect(reader.blankLinesSkipped == 0)
  }

  @Test func byteOrderMarkAndCRLF() throws {
    let path = try write(
      [0xEF, 0xBB, 0xBF] + Array("id,name\r\n1,Ann\r\n2,\"B\r\nC\"\r\n3,D\r\n".utf8))
    let (reader, items) = try readAll(path)
    #expect(
      items == [
        .record(1, ["id", "name"]), .record(2, ["1", "Ann"]), .record(3, ["2", "B\r\nC"]),
        .record(5, ["3", "D"]),
      ])
    #expect(reader.encoding == .utf8BOM)
    #expect(reader.lineEndings == "CRLF")
    #expect(reader.formatDescription == "UTF-8 with BOM, CRLF line endings, comma-separated")
  }

  @Test func oldMacLineEndingsAndNoFinalNewline() throws {
    let (reader, items) = try readAll(try write("a,b\r1,2\r3,4"))
    #expect(items == [.record(1, ["a", "b"]), .record(2, ["1", "2"]), .record(3, ["3", "4"])])
    #expect(reader.lineEndings == "CR")

    let (_, trailingEmpty) = try readAll(try write("a,b\n1,"))
    #expect(trailingEmpty == [.record(1, ["a", "b"]), .record(2, ["1", ""])])
    let (_, quotedLast) = try readAll(try write("a,b\n1,\"x\""))
    #expect(quotedLast == [.record(1, ["a", "b"]), .record(2, ["1", "x"])])
    let (single, oneLine) = try readAll(try write("just one"))
    #expect(oneLine == [.record(1, ["just one"])])
    #expect(single.formatDescription == "UTF-8, no line breaks, comma-separated")
  }

  @Test func emptyFileHasNoRecords() throws {
    let (reader, items) = try readAll(try write([UInt8]()))
    #expect(items.isEmpty)
    #expect(reader.blankLinesSkipped == 0)
  }

  @Test func blankLinesAreSkippedAndCounted() throws {
    // Lines: 1 header, 2 blank, 3 data, 4 blank (CRLF), 5 blank, 6 data, 7 spaces only, 8 blank.
    let path = try write("a,b\n\n1,2\r\n\r\n\n3,4\n  \n\n")
    let (reader, items) = try readAll(path)
    #expect(
      items == [
        .record(1, ["a", "b"]), .record(3, ["1", "2"]), .record(6, ["3", "4"]), .record(7, ["  "]),
      ])
    #expect(reader.blankLinesSkipped == 4)
  }

  @Test func bareQuoteInsideUnquotedFieldIsLiteral() throws {
    let (_, items) = try readAll(try write("height,name\n5'10\",Bob\nab\"c\"d,x\n"))
    #expect(
      items == [
        .record(1, ["height", "name"]), .record(2, ["5'10\"", "Bob"]),
        .record(3, ["ab\"c\"d", "x"]),
      ])
  }

  @Test func unterminatedQuoteIsReportedAndReadingResumes() throws {
    let path = try write("h1,h2\n1,2\n3,\"open\n4,5\n6,7\n")
    let (_, items) = try readAll(path)
    #expect(
      items == [
        .record(1, ["h1", "h2"]),
        .record(2, ["1", "2"]),
        .error(
          .malformedRecord(
            path: path, line: 3,
            reason:
              "the quoted field 2 that opens on line 3 is never closed (the file ends inside it); the record was skipped and reading goes on from line 4."
          )),
        .record(4, ["4", "5"]),
        .record(5, ["6", "7"]),
      ])
    if case .error(let e) = items[2] {
      #expect(
        e.description
          == "\(path), line 3: the quoted field 2 that opens on line 3 is never closed (the file ends inside it); the record was skipped and reading goes on from line 4."
      )
    }
  }

  @Test func strayQuoteClosedLinesLaterIsReportedAndReadingResumes() throws {
    // The quote opened on line 3 pairs with one on line 5, which has text after it.
    let path = try write("h1,h2\n1,2\n3,\"open\n4,5\n6,\"x\ny\"\n")
    let (_, items) = try readAll(path)
    #expect(
      items == [
        .record(1, ["h1", "h2"]),
        .record(2, ["1", "2"]),
        .error(
          .malformedRecord(
            path: path, line: 3,
            reason:
              "the quoted field 2 that opens on line 3 closes on line 5 with text after its closing quote; the record was skipped and reading goes on from line 4."
          )),
        .record(4, ["4", "5"]),
        .record(5, ["6", "x\ny"]),
      ])
  }

  @Test func unterminatedQuoteOnTheLastLine() throws {
    let path = try write("a,b\n\"x\ny\",1\n2,\"never closed")
    let (_, items) = try readAll(path)
    #expect(
      items == [
        .record(1, ["a", "b"]),
        .record(2, ["x\ny", "1"]),
        .error(
          .malformedRecord(
            path: path, line: 4,
            reason:
              "the quoted field 2 that opens on line 4 is never closed (the file ends inside it).")),
      ])
  }

  @Test func quoteOpeningOnALaterLineOfARecord() throws {
    // The record starts on line 2; its second field's quote opens on line 3 and never closes.
    let path = try write("a,b\n\"p\nq\",\"r\ns\nt,u\n")
    let (_, items) = try readAll(path)
    #expect(
      items == [
        .record(1, ["a", "b"]),
        .error(
          .malformedRecord(
            path: path, line: 2,
            reason:
              "the quoted field 2 that opens on line 3 is never closed (the file ends inside it); the record was skipped and reading goes on from line 4."
          )),
        .record(4, ["s"]),
        .record(5, ["t", "u"]),
      ])
  }

  @Test func textAfterClosingQuoteIsReportedAndReadingContinues() throws {
    let path = try write("a,b\n\"abc\"x,def\n1,2\n\"q\"z,\"multi\nline\"\n3,4\n")
    let (_, items) = try readAll(path)
    let reason =
      "field 1 has text after its closing quote (a quote inside a quoted field must be doubled: \"\"); the record was skipped."
    #expect(
      items == [
        .record(1, ["a", "b"]),
        .error(.malformedRecord(path: path, line: 2, reason: reason)),
        .record(3, ["1", "2"]),
        .error(.malformedRecord(path: path, line: 4, reason: reason)),
        .record(6, ["3", "4"]),
      ])
  }

  @Test func readingContinuesAfterSeveralMalformedRecords() throws {
    let path = try write("a,b\n1,\"x\"y\n2,\"z\"\"w\"v\n3,ok\n")
    let (_, items) = try readAll(path)
    #expect(items.count == 4)
    #expect(items[0] == .record(1, ["a", "b"]))
    guard case .error(.malformedRecord(_, 2, let r1)) = items[1],
      case .error(.malformedRecord(_, 3, let r2)) = items[2]
    else {
      Issue.record("expected two malformed records, got \(items)")
      return
    }
    #expect(r1.hasPrefix("field 2 has text after its closing quote"))
    #expect(r2.hasPrefix("field 2 has text after its closing quote"))
    #expect(items[3] == .record(4, ["3", "ok"]))
  }

  @Test func recordLongerThanTheLimitIsSkipped() throws {
    let long = String(repeating: "x", count: 100)
    let path = try write("a,b\n1,\(long)\n2,\"\(long)\n3,4\n5,6\n")
    let (_, items) = try readAll(path, options: CSVOptions(maxRecordBytes: 50), chunkSize: 16)
    #expect(items.count == 5)
    #expect(items[0] == .record(1, ["a", "b"]))
    #expect(
      items[1]
        == .error(
          .malformedRecord(
            path: path, line: 2,
            reason: "the record is longer than 50 bytes without a line break; it was skipped.")))
    #expect(
      items[2]
        == .error(
          .malformedRecord(
            path: path, line: 3,
            reason:
              "the quoted field 2 that opens on line 3 is not closed within 50 bytes; the rest of the line was skipped."
          )
        ))
    #expect(items[3] == .record(4, ["3", "4"]))
    #expect(items[4] == .record(5, ["5", "6"]))
  }

  @Test func unclosedQuoteCannotSwallowMoreThanTheLimit() throws {
    var text = "a,b\n1,\"stray\n"
    for i in 2..<200 { text += "\(i),row\n" }
    let path = try write(text)
    let (_, items) = try readAll(path, options: CSVOptions(maxRecordBytes: 100), chunkSize: 32)
    #expect(items.count == 1 + 1 + 198)
    #expect(
      items[1]
        == .error(
          .malformedRecord(
            path: path, line: 2,
            reason:
              "the quoted field 2 that opens on line 2 is not closed within 100 bytes; the record was skipped and reading goes on from line 3."
          )))
    #expect(items[2] == .record(3, ["2", "row"]))
    #expect(items.last == .record(200, ["199", "row"]))
  }

  @Test func missingFileAndFolderAreUnreadable() throws {
    let path = try write("a\n")
    let folder = (path as NSString).deletingLastPathComponent
    let missing = folder + "/nope.csv"
    #expect(
      throws: TabularError.unreadable(path: missing, reason: "there is no file at this path.")
    ) {
      _ = try CSVReader(path: missing)
    }
    #expect(
      throws: TabularError.unreadable(
        path: folder, reason: "this is a folder, not a CSV or text file.")
    ) {
      _ = try CSVReader(path: folder)
    }
  }

  /// UTF-16 bytes of `text` as Swift's own UTF-16 view gives them, with a byte order mark.
  private func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
      let hi = UInt8(unit >> 8)
      let lo = UInt8(unit & 0xFF)
      bytes += bigEndian ? [hi, lo] : [lo, hi]
    }
    return bytes
  }

  @Test(arguments: [false, true])
  func utf16WithByteOrderMark(bigEndian: Bool) throws {
    let text = "name\tnote\r\nZoë\t\"smile 😀, ok\"\r\n€\t𝄞 clef\r\n"
    let path = try write(utf16(text, bigEndian: bigEndian))
    let expected: [Item] = [
      .record(1, ["name", "note"]), .record(2, ["Zoë", "smile 😀, ok"]),
      .record(3, ["€", "𝄞 clef"]),
    ]
    let (reader, items) = try readAll(path)
    #expect(items == expected)
    #expect(reader.encoding == (bigEndian ? .utf16BE : .utf16LE))
    #expect(
      reader.formatDescription
        == "UTF-16 \(bigEndian ? "big" : "little")-endian with BOM (converted), CRLF line endings, tab-separated"
    )
    // Tiny chunks split code units, surrogate pairs and CRLF at every possible place.
    for chunk in 1...9 {
      let (_, again) = try readAll(path, chunkSize: chunk)
      #expect(again == expected, "chunk size \(chunk)")
    }
  }

  @Test func utf16LoneSurrogateIsRefusedNotReplaced() throws {
    // "a", lone high surrogate D83D, "b", newline; then a lone low surrogate DE00 at the end.
    // Read as U+FFFD, "a?b" and "a?c" would be one value: the file is refused instead.
    let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8, 0x62, 0x00, 0x0A, 0x00, 0x00, 0xDE]
    let path = try write(bytes)
    #expect {
      _ = try readAll(path)
    } throws: { error in
      "\(error)".contains("byte 4 (near line 1) is not valid UTF-16 little-endian")
    }
  }

  @Test func windows1252IsDetectedAndConverted() throws {
    // "item;price\nCafé;£3\n€5;x\n" in Windows-1252: é = E9, £ = A3, € = 80.
    let bytes: [UInt8] =
      Array("item;price\nCaf".utf8) + [0xE9] + Array(";".utf8) + [0xA3] + Array("3\n".utf8) + [0x80]
      + Array("5;x\n".utf8)
    let path = try write(bytes)
    let expected: [Item] = [
      .record(1, ["item", "price"]), .record(2, ["Café", "£3"]), .record(3, ["€5", "x"]),
    ]
    let (reader, items) = try readAll(path)
    #expect(items == expected)
    #expect(reader.encoding == .windows1252)
    #expect(
      reader.formatDescription
        == "Windows-1252 (not valid UTF-8; converted), LF line endings, semicolon-separated")
    for chunk in [1, 2, 3, 7] {
      #expect(try readAll(path, chunkSize: chunk).items == expected, "chunk size \(chunk)")
    }
  }

  @Test func windows1252FullTable() throws {
    // Every defined byte 80–FF. Expected text from Python 3:
    // ''.join('\\u{%04X}' % ord(bytes([b]).decode('cp1252')) for b in range(0x80, 0x100) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
    let bytes = (UInt8(0x80)...UInt8(0xFF)).filter { ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }
    let expected =
      "\u{20AC}\u{201A}\u{0192}\u{201E}\u{2026}\u{2020}\u{2021}\u{02C6}\u{2030}\u{0160}\u{2039}\u{0152}\u{017D}\u{2018}\u{2019}\u{201C}\u{201D}\u{2022}\u{2013}\u{2014}\u{02DC}\u{2122}\u{0161}\u{203A}\u{0153}\u{017E}\u{0178}\u{00A0}\u{00A1}\u{00A2}\u{00A3}\u{00A4}\u{00A5}\u{00A6}\u{00A7}\u{00A8}\u{00A9}\u{00AA}\u{00AB}\u{00AC}\u{00AD}\u{00AE}\u{00AF}\u{00B0}\u{00B1}\u{00B2}\u{00B3}\u{00B4}\u{00B5}\u{00B6}\u{00B7}\u{00B8}\u{00B9}\u{00BA}\u{00BB}\u{00BC}\u{00BD}\u{00BE}\u{00BF}\u{00C0}\u{00C1}\u{00C2}\u{00C3}\u{00C4}\u{00C5}\u{00C6}\u{00C7}\u{00C8}\u{00C9}\u{00CA}\u{00CB}\u{00CC}\u{00CD}\u{00CE}\u{00CF}\u{00D0}\u{00D1}\u{00D2}\u{00D3}\u{00D4}\u{00D5}\u{00D6}\u{00D7}\u{00D8}\u{00D9}\u{00DA}\u{00DB}\u{00DC}\u{00DD}\u{00DE}\u{00DF}\u{00E0}\u{00E1}\u{00E2}\u{00E3}\u{00E4}\u{00E5}\u{00E6}\u{00E7}\u{00E8}\u{00E9}\u{00EA}\u{00EB}\u{00EC}\u{00ED}\u{00EE}\u{00EF}\u{00F0}\u{00F1}\u{00F2}\u{00F3}\u{00F4}\u{00F5}\u{00F6}\u{00F7}\u{00F8}\u{00F9}\u{00FA}\u{00FB}\u{00FC}\u{00FD}\u{00FE}\u{00FF}"
    let (reader, items) = try readAll(
      try write(bytes), options: CSVOptions(delimiter: UInt8(ascii: ",")))
    #expect(reader.encoding == .windows1252)
    #expect(items == [.record(1, [expected])])
  }

  @Test func validUTF8SplitAcrossChunksStaysUTF8() throws {
    // Two- three- and four-byte characters cut by every small chunk size; an invalid byte only
    // at the very end still makes the whole file Windows-1252.
    let text = "a,b\nZoë,€😀\n"
    for chunk in 1...6 {
      let (reader, items) = try readAll(try write(text), chunkSize: chunk)
      #expect(reader.encoding == .utf8)
      #expect(items == [.record(1, ["a", "b"]), .record(2, ["Zoë", "€😀"])])
    }
    let (late, items) = try readAll(try write(Array(text.utf8) + [0xA3]), chunkSize: 3)
    #expect(late.encoding == .windows1252)
    // Python 3: [hex(ord(c)) for c in '€😀'.encode().decode('cp1252')]
    #expect(
      items == [
        .record(1, ["a", "b"]),
        .record(2, ["Zo\u{C3}\u{AB}", "\u{E2}\u{201A}\u{AC}\u{F0}\u{178}\u{2DC}\u{20AC}"]),
        .record(3, ["£"]),
      ])
  }

  @Test func configuredEncodingAndDelimiterAreUsed() throws {
    let bytes: [UInt8] = Array("a#b\n".utf8) + [0xE9] + Array("#x\n".utf8)
    let (reader, items) = try readAll(
      try write(bytes), options: CSVOptions(delimiter: UInt8(ascii: "#"), encoding: .windows1252))
    #expect(items == [.record(1, ["a", "b"]), .record(2, ["é", "x"])])
    #expect(
      reader.formatDescription == "Windows-1252 (converted), LF line endings, separated by \"#\"")
  }

  @Test func delimiterSniffing() throws {
    func sniff(_ text: String) throws -> UInt8 { try CSVReader(path: try write(text)).delimiter }
    #expect(try sniff("a\tb\tc\n1\t2,5\t3\n4\t5\t6\n") == UInt8(ascii: "\t"))
    #expect(try sniff("a;b;c\n1,5;2;3\n4;5,25;6\n") == UInt8(ascii: ";"))
    #expect(try sniff("a|b\n1|2\n3|4\n") == UInt8(ascii: "|"))
    #expect(try sniff("a,b,c\n1,2;3,4\n") == UInt8(ascii: ","))
    // Delimiters inside quotes do not count.
    #expect(try sniff("\"x;y;z\",b\n\"1;2\",3\n") == UInt8(ascii: ","))
    #expect(try sniff("\"a\tb\"|c\n1|2\n") == UInt8(ascii: "|"))
    // Nothing to go on: comma.
    #expect(try sniff("single column\nvalue\n") == UInt8(ascii: ","))
    let (reader, items) = try readAll(try write("x|y\r\n\"1|2\"|3\r\n"))
    #expect(items == [.record(1, ["x", "y"]), .record(2, ["1|2", "3"])])
    #expect(reader.formatDescription == "UTF-8, CRLF line endings, pipe-separated")
  }

  @Test func fieldLargerThanTheChunkSize() throws {
    // The default chunk is 256 KiB; these fields are 600,000 bytes.
    let big = String(repeating: "abcdefghij", count: 60_000)
    let quotedBig = String(repeating: "x,\"\"y\n", count: 100_000)  // 600,000 bytes, 100,000 LFs
    let path = try write("a,b\n1,\(big)\n\"\(quotedBig)\",2\n3,4\n")
    let (_, items) = try readAll(path)
    #expect(items.count == 4)
    #expect(items[1] == .record(2, ["1", big]))
    #expect(items[2] == .record(3, [String(repeating: "x,\"y\n", count: 100_000), "2"]))
    #expect(items[3] == .record(100_004, ["3", "4"]))
  }

  @Test func recordsSpanningChunkBoundaries() throws {
    // Rows of 34 bytes with CRLF after a header of 3 + shift bytes: over the 34 shifts the
    // 262,144-byte chunk boundary falls at every position within a row once, including inside
    // a quoted field and between CR and LF.
    var rows = ""
    for i in 0..<7_800 { rows += String(format: "%06d,\"q,%05d\",abcdefghijklmno\r\n", i, i) }
    #expect(rows.utf8.count == 7_800 * 34)
    for shift in 0..<34 {
      let header = "h" + String(repeating: "-", count: shift) + "\r\n"
      let (reader, items) = try readAll(try write(header + rows))
      #expect(items.count == 7_801)
      var mismatches = 0
      for (i, item) in items.dropFirst().enumerated()
      where item
        != .record(
          i + 2, [String(format: "%06d", i), String(format: "q,%05d", i), "abcdefghijklmno"])
      {
        mismatches += 1
      }
      #expect(mismatches == 0, "shift \(shift)")
      #expect(reader.lineEndings == "CRLF")
    }
  }

  /// A small deterministic generator (SplitMix64) for the round-trip test.
  private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  @Test func randomRecordsRoundTripAtEveryChunkSize() throws {
    // Writes random fields the RFC 4180 way (quoting those with , " CR or LF), with random line
    // endings, and checks fields and start lines come back exactly, whatever the chunk size.
    var rng = SplitMix(state: 20_250_101)
    let alphabet: [String] = [
      "a", "b", "Z", " ", ",", "\"", "\n", "\r\n", "\r", "é", "€", "😀", "'",
    ]
    var text = ""
    var expected: [Item] = []
    var line = 1
    for _ in 0..<300 {
      let fieldCount = Int.random(in: 1...5, using: &rng)
      var fields: [String] = []
      var encoded: [String] = []
      for _ in 0..<fieldCount {
        var field = ""
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
          field += alphabet.randomElement(using: &rng) ?? "a"
        }
        fields.append(field)
        let needsQuotes = field.contains {
          $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
        }
        encoded.append(
          needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field)
      }
      if fields == [""] { continue }  // an empty line is blank, not a record
      expected.append(.record(line, fields))
      let joined = encoded.joined(separator: ",")
      line += joined.unicodeScalars.reduce(0) { $0 + ($1 == "\n" || $1 == "\r" ? 1 : 0) }
      line -= joined.components(separatedBy: "\r\n").count - 1  // CRLF is one break
      text += joined + (["\n", "\r\n", "\r"].randomElement(using: &rng) ?? "\n")
      line += 1
    }
    let path = try write(text)
    #expect(try readAll(path, options: CSVOptions(delimiter: UInt8(ascii: ","))).items == expected)
    for chunk in [1, 2, 3, 5, 8, 13, 64, 1000] {
      let (_, items) = try readAll(
        path, options: CSVOptions(delimiter: UInt8(ascii: ",")), chunkSize: chunk)
      #expect(items == expected, "chunk size \(chunk)")
    }
  }

  @Test func realPoliceUKStreetFile() throws {
    let path = packageRoot()
      .appendingPathComponent("../shared/realdata/police-uk/2025-01-city-of-london-street.csv")
      .standardized.path
    var reader = try CSVReader(path: path)
    var records: [TabularRecord] = []
    while let record = try reader.next() { records.append(record) }
    // Per shared/realdata/police-uk/README.md: 629 data rows + header, 12 fields, LF, ASCII.
    #expect(records.count == 630)
    #expect(records.allSatisfy { $0.count == 12 })
    #expect(records.map(\.line) == Array(1...630))
    #expect(
      records.first?.fields == [
        "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
        "LSOA code",
        "LSOA name", "Crime type", "Last outcome category", "Context",
      ])
    let data = records.dropFirst()
    // Counts from the README's Python csv check script.
    #expect(data.filter { $0.field(6) == "No Location" }.count == 62)
    #expect(data.filter { $0.isBlank(0) }.count == 2)
    #expect(data.filter { $0.isBlank(11) }.count == 629)
    #expect(data.filter { $0.field(10) == "Status update unavailable" }.count == 79)
    #expect(reader.blankLinesSkipped == 0)
    #expect(reader.formatDescription == "UTF-8, LF line endings, comma-separated")
  }
}
