import Foundation
import ZIPFoundation

/// Reads the rows of one sheet of a force's XLSX crime export as records, one row at a time,
/// in bounded memory.
///
/// Each record holds the sheet's cells as the text a person sees in them: shared and inline
/// strings as written, numbers as the shortest text that reads back the same ("12", "12.5"),
/// booleans as "TRUE"/"FALSE", errors as their code ("#N/A"), and numbers formatted as dates as
/// ISO dates ("2025-01-31", or "2025-01-31 14:05:00" with a time of day). Missing cells become
/// empty fields at their column; a record ends at its row's last non-empty cell, and rows with no
/// value at all are not returned. `TabularRecord.line` is the sheet's row number.
///
/// The sheet part is copied out of the archive into an anonymous temporary file (removed from
/// its folder as soon as it is created, so nothing is left behind even on a crash) and scanned
/// in chunks; the shared string table is the only part of the workbook held in memory whole.
/// Copies of a reader share one position in the sheet.
public struct XLSXReader: TabularReader {
  /// The workbook file being read.
  public let path: String
  /// The sheet being read.
  public private(set) var sheetName: String
  /// The names of all sheets in the workbook, in workbook order.
  public private(set) var sheetNames: [String]
  /// E.g. "XLSX, sheet 'Crimes' (1 of 2)".
  public let formatDescription: String

  private let scanner: XLSXSheetScanner
  private var failure: TabularError?

  /// Parts smaller than this are decompressed into memory; larger ones go to a temporary file.
  private static let inMemoryLimit: UInt64 = 1 << 20

  /// Opens sheet `sheet` of the workbook at `path`, or its first sheet when `sheet` is `nil`.
  public init(path: String, sheet: String? = nil) throws(TabularError) {
    self.path = path
    func unreadable(_ reason: String) -> TabularError { .unreadable(path: path, reason: reason) }

    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw unreadable("There is no such file.")
    }
    guard !isFolder.boolValue else { throw unreadable("This is a folder, not an XLSX workbook.") }
    if let problem = regularFileProblem(atPath: path) { throw unreadable(problem) }
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw unreadable("This is not an XLSX workbook: it is not a zip archive.")
    }

    // The workbook part and its relationships.
    let packageRelationships = try Self.relationships(archive, "_rels/.rels", path: path)
    let workbookPart =
      packageRelationships.first { $0.type.hasSuffix("/officeDocument") }
      .map { Self.resolve($0.target, from: "") } ?? "xl/workbook.xml"
    guard let workbookXML = try Self.tokenizer(archive, workbookPart, path: path) else {
      throw unreadable(
        "This zip archive has no workbook part (\(workbookPart)), so it is not an XLSX workbook.")
    }
    let workbook = try Self.parseWorkbook(workbookXML, part: workbookPart, path: path)
    let workbookFolder = (workbookPart as NSString).deletingLastPathComponent
    let relationshipsPart =
      (workbookFolder.isEmpty ? "" : workbookFolder + "/") + "_rels/"
      + (workbookPart as NSString).lastPathComponent + ".rels"
    let relationships = try Self.relationships(archive, relationshipsPart, path: path)

    // The sheet asked for.
    let names = workbook.sheets.map(\.name)
    guard !names.isEmpty else { throw unreadable("The workbook has no sheets.") }
    let index: Int
    if let sheet {
      guard let found = names.firstIndex(of: sheet) else {
        throw unreadable(
          "There is no sheet named '\(sheet)' in this workbook; its sheets are "
            + names.map { "'\($0)'" }.joined(separator: ", ") + ".")
      }
      index = found
    } else {
      index = 0
    }
    let chosen = workbook.sheets[index]
    guard let relationship = relationships.first(where: { $0.id == chosen.relationshipID }) else {
      throw unreadable(
        "Sheet '\(chosen.name)' points to relationship '\(chosen.relationshipID)', which \(relationshipsPart) does not have."
      )
    }
    guard !relationship.type.hasSuffix("/chartsheet") else {
      throw unreadable("Sheet '\(chosen.name)' is a chart, not a worksheet with cells.")
    }
    let sheetPart = Self.resolve(relationship.target, from: workbookFolder)

    // Workbook-wide facts the cells need.
    func part(ofType suffix: String, default fallback: String) -> String {
      relationships.first { $0.type.hasSuffix(suffix) }.map {
        Self.resolve($0.target, from: workbookFolder)
      }
        ?? fallback
    }
    let stylesPart = part(ofType: "/styles", default: workbookFolder + "/styles.xml")
    let dateKinds =
      try Self.tokenizer(archive, stylesPart, path: path).map { xml throws(TabularError) in
        try Self.parseStyles(xml, part: stylesPart, path: path)
      } ?? []
    let stringsPart = part(ofType: "/sharedStrings", default: workbookFolder + "/sharedStrings.xml")
    let sharedStrings =
      try Self.tokenizer(archive, stringsPart, path: path).map { xml throws(TabularError) in
        try Self.parseSharedStrings(xml, part: stringsPart, path: path)
      } ?? XLSXSheetScanner.SharedStrings()

    guard let sheetXML = try Self.tokenizer(archive, sheetPart, path: path) else {
      throw unreadable(
        "Sheet '\(chosen.name)' should be in \(sheetPart), which the archive does not have.")
    }
    scanner = XLSXSheetScanner(
      xml: sheetXML, sharedStrings: sharedStrings, dateKinds: dateKinds, date1904: workbook.date1904
    )
    sheetName = chosen.name
    sheetNames = names
    formatDescription =
      "XLSX, sheet '\(chosen.name)' (\(index + 1) of \(names.count))"
      + (workbook.date1904 ? ", 1904 date system" : "")
  }

  /// Reads the next row that has at least one value, or `nil` after the sheet's last row.
  public mutating func next() throws(TabularError) -> TabularRecord? {
    if let failure { throw failure }
    do {
      return try scanner.nextRow()
    } catch {
      switch error {
      case .row(let line, let reason):
        throw .malformedRecord(
          path: path, line: line, reason: Self.sentence("Row \(line): " + reason))
      case .sheet(let reason):
        let failure = TabularError.unreadable(path: path, reason: "Sheet '\(sheetName)': " + reason)
        self.failure = failure
        throw failure
      }
    }
  }

  /// The most sheet XML bytes held in memory at once so far (for tests of bounded memory).
  var peakBufferBytes: Int { scanner.peakBufferBytes }

  private static func sentence(_ text: String) -> String {
    text.hasSuffix(".") ? text : text + "."
  }

  // MARK: - Parts

  /// A tokenizer over archive part `part`, or `nil` when the archive has no such part. Small
  /// parts are decompressed into memory; large ones into an anonymous temporary file.
  private static func tokenizer(
    _ archive: Archive, _ part: String, path: String
  ) throws(TabularError) -> XLSXSheetScanner.XMLTokenizer? {
    guard let entry = archive[part] else { return nil }
    func unreadable(_ reason: String) -> TabularError { .unreadable(path: path, reason: reason) }
    // A part that would decompress to more than the limit is refused before it is unpacked (by
    // its declared size) or as soon as it passes the limit (a declared size can lie).
    let limit = partLimit(entry)
    let tooLarge = unreadable(
      "The part \(part) of the workbook decompresses to more than \(limit >> 20) MiB (from \(entry.compressedSize) bytes zipped); that is more than an export holds, so the workbook was not read, to keep time and disk bounded. Save the sheet as CSV and read that instead."
    )
    guard UInt64(entry.uncompressedSize) <= limit else { throw tooLarge }
    var unpacked: UInt64 = 0
    if entry.uncompressedSize <= inMemoryLimit {
      var bytes: [UInt8] = []
      bytes.reserveCapacity(Int(entry.uncompressedSize))
      do {
        _ = try archive.extract(entry) { data in
          bytes.append(contentsOf: data)
          if bytes.count > Int(inMemoryLimit) * 2 { throw CocoaError(.fileReadTooLarge) }
        }
      } catch {
        throw unreadable("The part \(part) of the workbook cannot be decompressed (\(error)).")
      }
      return XLSXSheetScanner.XMLTokenizer(bytes: bytes)
    }
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("panelbrief-xlsx-\(UUID().uuidString).xml").path
    guard let file = fopen(temporary, "w+b") else {
      throw unreadable("A temporary file to unpack \(part) into cannot be created in \(temporary).")
    }
    // The open file lives on without a name until it is closed, so it can never be left behind.
    unlink(temporary)
    do {
      _ = try archive.extract(entry) { data in
        unpacked += UInt64(data.count)
        if unpacked > limit { throw CocoaError(.fileReadTooLarge) }
        let written = data.withUnsafeBytes { bytes in
          bytes.baseAddress.map { fwrite($0, 1, bytes.count, file) } ?? 0
        }
        if written != data.count { throw CocoaError(.fileWriteOutOfSpace) }
      }
      guard fflush(file) == 0 else { throw CocoaError(.fileWriteOutOfSpace) }
    } catch let error as CocoaError where error.code == .fileReadTooLarge {
      fclose(file)
      throw tooLarge
    } catch {
      fclose(file)
      throw unreadable("The part \(part) of the workbook cannot be unpacked (\(error)).")
    }
    rewind(file)
    return XLSXSheetScanner.XMLTokenizer(file: file)
  }

  /// A part name from a relationship target, relative to `folder` unless it starts with "/".
  private static func resolve(_ target: String, from folder: String) -> String {
    var components: [Substring] = []
    let full = target.hasPrefix("/") ? target : folder + "/" + target
    for component in full.split(separator: "/") {
      switch component {
      case ".": continue
      case "..": _ = components.popLast()
      default: components.append(component)
      }
    }
    return components.joined(separator: "/")
  }

  private static func malformed(
    _ part: String, path: String, _ error: XLSXSheetScanner.XMLTokenizer.Failure
  ) -> TabularError {
    .unreadable(path: path, reason: "The workbook part \(part) is malformed: \(error.reason)")
  }

  private struct Relationship {
    var id: String
    var type: String
    var target: String
  }

  private static func relationships(_ archive: Archive, _ part: String, path: String)
    throws(TabularError)
    -> [Relationship]
  {
    guard let xml = try tokenizer(archive, part, path: path) else { return [] }
    var result: [Relationship] = []
    do {
      while true {
        switch try xml.next() {
        case .eof: return result
        case .start, .empty:
          if xml.name == "Relationship", xml.attribute("TargetMode") != "External",
            let id = xml.attribute("Id"), let target = xml.attribute("Target")
          {
            result.append(Relationship(id: id, type: xml.attribute("Type") ?? "", target: target))
          }
        default: continue
        }
      }
    } catch {
      throw malformed(part, path: path, error)
    }
  }

  private struct Workbook {
    var sheets: [(name: String, relationshipID: String)] = []
    var date1904 = false
  }

  private static func parseWorkbook(
    _ xml: XLSXSheetScanner.XMLTokenizer, part: String, path: String
  ) throws(TabularError) -> Workbook {
    var workbook = Workbook()
    do {
      while true {
        switch try xml.next() {
        case .eof: return workbook
        case .start, .empty:
          if xml.name == "workbookPr", let value = xml.attribute("date1904") {
            workbook.date1904 = value == "1" || value == "true"
          } else if xml.name == "sheet", let name = xml.attribute("name") {
            workbook.sheets.append((name, xml.attribute("id") ?? ""))
          }
        default: continue
        }
      }
    } catch {
      throw malformed(part, path: path, error)
    }
  }

  /// For each cell style (`cellXfs` entry, the `s` of a cell), whether its numbers are dates.
  private static func parseStyles(
    _ xml: XLSXSheetScanner.XMLTokenizer, part: String, path: String
  ) throws(TabularError) -> [XLSXSheetScanner.DateKind] {
    var codes: [Int: String] = [:]
    var formatIDs: [Int] = []
    var inCellFormats = false
    do {
      loop: while true {
        let token = try xml.next()
        switch token {
        case .eof: break loop
        case .start, .empty:
          if xml.name == "numFmt", let id = xml.attribute("numFmtId").flatMap({ Int($0) }) {
            codes[id] = xml.attribute("formatCode") ?? ""
          } else if xml.name == "cellXfs" {
            inCellFormats = token == .start
          } else if xml.name == "xf" && inCellFormats {
            formatIDs.append(xml.attribute("numFmtId").flatMap { Int($0) } ?? 0)
          }
        case .end:
          if xml.name == "cellXfs" { inCellFormats = false }
        case .text: continue
        }
      }
    } catch {
      throw malformed(part, path: path, error)
    }
    return formatIDs.map { XLSXSheetScanner.dateKind(formatID: $0, code: codes[$0]) }
  }

  /// The shared string table: each `<si>` as the text of its `<t>` elements (the runs of rich
  /// text joined), leaving out phonetic guides (`<rPh>`).
  static func parseSharedStrings(
    _ xml: XLSXSheetScanner.XMLTokenizer, part: String, path: String,
    maxStrings: Int = maxSharedStrings, maxBytes: Int = maxSharedStringBytes
  ) throws(TabularError) -> XLSXSheetScanner.SharedStrings {
    var strings = XLSXSheetScanner.SharedStrings()
    var current: [UInt8] = []
    var inItem = false
    var inText = false
    var phoneticDepth = 0
    var overLimit: Bool {
      strings.count > maxStrings || strings.storage.count + current.count > maxBytes
    }
    do {
      while !overLimit {
        switch try xml.next() {
        case .eof:
          return strings
        case .start:
          switch xml.name {
          case "si":
            inItem = true
            current.removeAll(keepingCapacity: true)
          case "t": inText = true
          case "rPh": phoneticDepth += 1
          default: break
          }
        case .empty:
          if xml.name == "si" { strings.append([]) }
        case .end:
          switch xml.name {
          case "si":
            inItem = false
            strings.append(XLSXSheetScanner.unescapeExcel(current))
            current.removeAll(keepingCapacity: true)
          case "t": inText = false
          case "rPh": phoneticDepth = max(0, phoneticDepth - 1)
          default: break
          }
        case .text:
          if inItem && inText && phoneticDepth == 0 { current.append(contentsOf: xml.text) }
        }
      }
    } catch {
      throw malformed(part, path: path, error)
    }
    throw .unreadable(
      path: path,
      reason:
        "The workbook's shared string table holds more than \(maxStrings) strings or \(maxBytes >= 1 << 20 ? "\(maxBytes >> 20) MiB" : "\(maxBytes) bytes") of text, more than an export of crimes needs; it was not read, to keep memory bounded. Save the sheet as CSV and read that instead."
    )
  }

  /// The most strings, and bytes of text, a workbook's shared string table may hold. An export of
  /// a million crimes with a unique reference each needs about a million strings and 30 MB; a
  /// workbook of a few kilobytes can otherwise declare a table of gigabytes.
  static let maxSharedStrings = 10_000_000
  static let maxSharedStringBytes = 256 << 20

  /// The most bytes one part of a workbook may decompress to, and the most it may grow beyond
  /// `maxPartRatio` times its compressed size (above `ratioFloor` bytes). Worksheet XML shrinks
  /// about ten times when zipped; a "zip bomb" shrinks a thousand times.
  static let maxPartBytes: UInt64 = 1 << 30
  static let maxPartRatio: UInt64 = 100
  static let ratioFloor: UInt64 = 16 << 20

  /// The most bytes `entry` may decompress to.
  static func partLimit(_ entry: Entry) -> UInt64 {
    min(
      maxPartBytes,
      max(
        ratioFloor, entry.compressedSize.multipliedReportingOverflow(by: maxPartRatio).partialValue)
    )
  }
}
