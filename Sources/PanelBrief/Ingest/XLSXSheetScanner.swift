import Foundation

/// Turns the rows of one worksheet part of an XLSX workbook into records, one row at a time,
/// reading the part's XML in chunks so that a sheet of any length is read in bounded memory.
///
/// The workbook-wide facts a cell needs (shared strings, which cell styles are dates, the date
/// system) are worked out by `XLSXReader` and handed in.
final class XLSXSheetScanner {
  /// Why a row, or the rest of the sheet, could not be read.
  enum Failure: Error {
    /// One row cannot be read; the scanner has moved past it.
    case row(line: Int, reason: String)
    /// The sheet XML itself is broken; nothing more can be read.
    case sheet(reason: String)
  }

  /// What a cell style's number format says about the number in the cell.
  enum DateKind: Sendable, Equatable {
    /// A plain number.
    case none
    /// A calendar date, possibly with a time of day.
    case date
    /// A time of day or a duration only (e.g. `h:mm`).
    case time
  }

  /// The shared string table of a workbook, as UTF-8 bytes one after another.
  struct SharedStrings {
    var storage: [UInt8] = []
    var ends: [Int] = []

    var count: Int { ends.count }

    mutating func append(_ bytes: [UInt8]) {
      storage.append(contentsOf: bytes)
      ends.append(storage.count)
    }

    func range(_ index: Int) -> Range<Int> {
      (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }
  }

  private let xml: XMLTokenizer
  private let sharedStrings: SharedStrings
  private let dateKinds: [DateKind]
  private let date1904: Bool
  private var lastRow = 0
  private var finished = false

  /// The largest number of sheet XML bytes held in memory at once so far (for tests).
  var peakBufferBytes: Int { xml.peakBufferBytes }

  init(xml: XMLTokenizer, sharedStrings: SharedStrings, dateKinds: [DateKind], date1904: Bool) {
    self.xml = xml
    self.sharedStrings = sharedStrings
    self.dateKinds = dateKinds
    self.date1904 = date1904
  }

  /// The next row with at least one non-empty cell, or `nil` after the last row.
  func nextRow() throws(Failure) -> TabularRecord? {
    while !finished {
      let token: XMLTokenizer.Token
      do { token = try xml.next() } catch { throw sheetFailure(error) }
      switch token {
      case .eof:
        finished = true
      case .end where xml.name == "sheetData":
        finished = true  // nothing after the cell table holds cell values
      case .empty where xml.name == "row":
        lastRow = rowNumber(xml.attribute("r")) ?? lastRow + 1
      case .start where xml.name == "row":
        let number = rowNumber(xml.attribute("r"))
        var problem: String? =
          number == nil && xml.attribute("r") != nil
          ? "the row number '\(xml.attribute("r") ?? "")' is not a whole number" : nil
        lastRow = number ?? lastRow + 1
        let record = try readRow(line: lastRow, problem: &problem)
        if let problem { throw .row(line: lastRow, reason: problem) }
        if record.count > 0 { return record }
      default:
        continue
      }
    }
    return nil
  }

  // MARK: - Rows and cells

  private func rowNumber(_ text: String?) -> Int? {
    guard let text, let value = Int(text), value > 0 else { return nil }
    return value
  }

  /// Reads the cells of the row whose start tag was just read, up to its end tag. The first
  /// problem met is kept in `problem` and the rest of the row is still consumed.
  private func readRow(line: Int, problem: inout String?) throws(Failure) -> TabularRecord {
    var storage: [UInt8] = []
    var ends: [Int] = []
    var column = 0  // 1-based column of the last cell seen
    var lastReference = ""
    var value: [UInt8] = []
    while true {
      let token: XMLTokenizer.Token
      do { token = try xml.next() } catch { throw sheetFailure(error) }
      switch token {
      case .eof:
        throw .sheet(reason: "The sheet XML ends inside row \(line).")
      case .end where xml.name == "row":
        return TabularRecord(line: line, storage: storage, ends: ends)
      case .start where xml.name == "c", .empty where xml.name == "c":
        let selfClosing = token == .empty
        let reference = xml.attribute("r")
        let type = xml.attribute("t")
        let style = xml.attribute("s")
        if let reference {
          guard let cellColumn = Self.columnNumber(reference) else {
            problem = problem ?? "the cell reference '\(reference)' is not a valid cell reference"
            if !selfClosing { try skipCell() }
            continue
          }
          if cellColumn <= column {
            problem =
              problem
              ?? "cell \(reference) comes after cell \(lastReference), out of column order"
            if !selfClosing { try skipCell() }
            continue
          }
          column = cellColumn
          lastReference = reference
        } else {
          column += 1
          lastReference = Self.columnLetters(column) + String(line)
        }
        guard column <= Self.maxColumns else {
          problem = problem ?? "cell \(lastReference) is beyond the last column of a sheet (XFD)"
          if !selfClosing { try skipCell() }
          continue
        }
        if selfClosing { continue }
        value.removeAll(keepingCapacity: true)
        let hasValue = try readCellContent(inlineString: type == "inlineStr", into: &value)
        guard hasValue, !value.isEmpty else { continue }
        do {
          let styleIndex = style.flatMap { Int($0) } ?? 0
          let field = try cellText(value, type: type, style: styleIndex)
          guard !field.isEmpty else { continue }
          while ends.count < column - 1 { ends.append(storage.count) }
          storage.append(contentsOf: field)
          ends.append(storage.count)
        } catch {
          problem = problem ?? "cell \(lastReference) \(error.reason)"
        }
      default:
        continue
      }
    }
  }

  /// Reads a cell's content after its start tag, up to `</c>`: the text of `<v>`, or for an
  /// inline string the `<t>` texts of `<is>` (rich text runs joined, phonetic runs skipped).
  /// Returns whether the cell had a value element at all.
  private func readCellContent(inlineString: Bool, into value: inout [UInt8]) throws(Failure)
    -> Bool
  {
    var inValue = false
    var inInline = false
    var inText = false
    var phoneticDepth = 0
    var hasValue = false
    var inlineText: [UInt8] = []
    var hasInline = false
    while true {
      let token: XMLTokenizer.Token
      do { token = try xml.next() } catch { throw sheetFailure(error) }
      switch token {
      case .eof:
        throw .sheet(reason: "The sheet XML ends inside a cell.")
      case .text:
        if inValue {
          value.append(contentsOf: xml.text)
        } else if inInline && inText && phoneticDepth == 0 {
          inlineText.append(contentsOf: xml.text)
        }
      case .start:
        switch xml.name {
        case "v":
          inValue = true
          hasValue = true
        case "is":
          inInline = true
          hasInline = true
        case "t": inText = true
        case "rPh": phoneticDepth += 1
        default: break
        }
      case .empty:
        if xml.name == "v" { hasValue = true }
        if xml.name == "is" { hasInline = true }
      case .end:
        switch xml.name {
        case "c":
          if inlineString && hasInline {
            value = inlineText
            return true
          }
          return hasValue
        case "v": inValue = false
        case "is": inInline = false
        case "t": inText = false
        case "rPh": phoneticDepth = max(0, phoneticDepth - 1)
        default: break
        }
      }
    }
  }

  /// Consumes a cell's content up to its `</c>` without looking at it.
  private func skipCell() throws(Failure) {
    var depth = 1
    while depth > 0 {
      let token: XMLTokenizer.Token
      do { token = try xml.next() } catch { throw sheetFailure(error) }
      switch token {
      case .eof: throw .sheet(reason: "The sheet XML ends inside a cell.")
      case .start where xml.name == "c": depth += 1
      case .end where xml.name == "c": depth -= 1
      default: continue
      }
    }
  }

  private struct CellProblem: Error {
    var reason: String
  }

  /// The field text of a cell from its raw value and type (`t`) and style (`s`) attributes.
  private func cellText(_ raw: [UInt8], type: String?, style: Int) throws(CellProblem) -> [UInt8] {
    switch type {
    case "s":
      let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
      guard let index = Int(text), index >= 0, index < sharedStrings.count else {
        throw CellProblem(
          reason:
            "refers to shared string '\(text)', but the workbook has \(sharedStrings.count) shared strings"
        )
      }
      return Array(sharedStrings.storage[sharedStrings.range(index)])
    case "inlineStr", "str":
      return Self.unescapeExcel(raw)
    case "e":
      return raw
    case "b":
      switch String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces) {
      case "1", "true": return Array("TRUE".utf8)
      case "0", "false": return Array("FALSE".utf8)
      case let other: throw CellProblem(reason: "holds '\(other)', which is not a boolean (0 or 1)")
      }
    case "d":
      return Array(Self.isoDateText(String(decoding: raw, as: UTF8.self)).utf8)
    case nil, "n":
      let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines)
      guard let number = Double(text), number.isFinite, text.first?.isLetter != true else {
        throw CellProblem(reason: "holds '\(text)', which is not a number")
      }
      let kind = style >= 0 && style < dateKinds.count ? dateKinds[style] : .none
      if kind != .none,
        let date = Self.dateText(serial: number, date1904: date1904, timeOnly: kind == .time)
      {
        return Array(date.utf8)
      }
      return Array(Self.numberText(number).utf8)
    case let other?:
      throw CellProblem(reason: "has the unknown cell type '\(other)'")
    }
  }

  private func sheetFailure(_ error: XMLTokenizer.Failure) -> Failure {
    .sheet(reason: "The sheet XML is malformed in or after row \(lastRow): \(error.reason)")
  }

  // MARK: - Cell references

  /// The number of columns of an Excel sheet (A...XFD).
  static let maxColumns = 16_384

  /// The 1-based column of a cell reference such as "C5" or "AB12" (the letters only count).
  static func columnNumber(_ reference: String) -> Int? {
    var column = 0
    var letters = 0
    for byte in reference.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
      case UInt8(ascii: "a")...UInt8(ascii: "z"):
        column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "$"):
        if letters == 0 && byte != UInt8(ascii: "$") { return nil }
        continue
      default:
        return nil
      }
      letters += 1
      if letters > 3 { return nil }
    }
    return letters == 0 ? nil : column
  }

  /// The letters of a 1-based column: 1 -> "A", 28 -> "AB".
  static func columnLetters(_ column: Int) -> String {
    var column = column
    var letters: [UInt8] = []
    while column > 0 {
      let remainder = (column - 1) % 26
      letters.insert(UInt8(ascii: "A") + UInt8(remainder), at: 0)
      column = (column - 1) / 26
    }
    return String(decoding: letters, as: UTF8.self)
  }

  // MARK: - Values

  /// Undoes Excel's `_xHHHH_` escapes of characters XML cannot hold (e.g. `_x000D_` for a
  /// carriage return); `_x005F_` is an escaped underscore.
  static func unescapeExcel(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.contains(UInt8(ascii: "_")) else { return bytes }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_"),
        let code = UInt32(
          String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
        let scalar = Unicode.Scalar(code)
      {
        result.append(contentsOf: String(Character(scalar)).utf8)
        index += 7
      } else {
        result.append(bytes[index])
        index += 1
      }
    }
    return result
  }

  /// The shortest text that reads back as the same `Double`, in plain decimal notation for
  /// 1e-6 <= |x| < 1e21 and in exponent notation outside (the rule of JavaScript's
  /// `Number.prototype.toString`): 12 -> "12", 12.5 -> "12.5", 0.1 + 0.2 -> "0.30000000000000004".
  static func numberText(_ number: Double) -> String {
    if number == 0 { return "0" }
    if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
    // Swift's description is the shortest round-trip form, e.g. "1.2345e-05" or "12.5".
    let description = number.magnitude.description
    let parts = description.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0]
    let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    var digits = Array(mantissa.utf8.filter { $0 != UInt8(ascii: ".") })
    var point =
      (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
        ?? mantissa.count) + exponent
    while digits.first == UInt8(ascii: "0") && digits.count > 1 {
      digits.removeFirst()
      point -= 1
    }
    while digits.last == UInt8(ascii: "0") && digits.count > 1 { digits.removeLast() }
    let sign = number < 0 ? "-" : ""
    let text = String(decoding: digits, as: UTF8.self)
    if point > 21 || point < -5 {
      let rest = digits.count > 1 ? "." + String(text.dropFirst()) : ""
      let power = point - 1
      return sign + String(text.prefix(1)) + rest + "e" + (power < 0 ? "-" : "+")
        + String(abs(power))
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + text }
    if point >= digits.count {
      return sign + text + String(repeating: "0", count: point - digits.count)
    }
    return sign + String(text.prefix(point)) + "." + String(text.dropFirst(point))
  }

  /// The last serial day Excel can show: 9999-12-31.
  private static let lastSerial = 2_958_465.0

  /// A date serial as ISO text: "yyyy-MM-dd" for whole days, else "yyyy-MM-dd HH:mm:ss"
  /// (rounded to the second); "HH:mm:ss" alone for a time of day (a serial below 1 in the 1900
  /// date system, whose day 0 is the non-existent 1900-01-00, or in a time-only format). In the
  /// 1900 system serial 60 is Excel's fictitious 1900-02-29. `nil` for a serial outside
  /// 0...9999-12-31, which Excel cannot show as a date either.
  static func dateText(serial: Double, date1904: Bool, timeOnly: Bool) -> String? {
    guard serial >= 0, serial < lastSerial + 1 else { return nil }
    var days = Int(serial.rounded(.down))
    var seconds = Int(((serial - Double(days)) * 86_400).rounded())
    if seconds >= 86_400 {
      days += 1
      seconds -= 86_400
    }
    let time =
      twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
    if days == 0 && (timeOnly || !date1904) { return time }
    let date: (year: Int, month: Int, day: Int)
    if date1904 {
      date = civilDate(dayNumber(year: 1904, month: 1, day: 1) + days)
    } else if days == 60 {
      date = (1900, 2, 29)
    } else if days < 60 {
      date = civilDate(dayNumber(year: 1899, month: 12, day: 31) + days)
    } else {
      date = civilDate(dayNumber(year: 1899, month: 12, day: 30) + days)
    }
    let text = String(date.year) + "-" + twoDigits(date.month) + "-" + twoDigits(date.day)
    return seconds == 0 ? text : text + " " + time
  }

  /// The text of a `t="d"` cell (an ISO 8601 date and time) in the reader's date style:
  /// "2024-03-01T10:20:30.5Z" -> "2024-03-01 10:20:30", "2024-03-01T00:00:00" -> "2024-03-01".
  static func isoDateText(_ raw: String) -> String {
    var text = raw.trimmingCharacters(in: .whitespaces)
    if text.hasSuffix("Z") { text.removeLast() }
    guard let separator = text.firstIndex(of: "T") else { return text }
    let date = text[..<separator]
    var time = text[text.index(after: separator)...]
    if let dot = time.firstIndex(of: ".") { time = time[..<dot] }
    if time == "00:00:00" || time == "00:00" { return String(date) }
    return date + " " + time
  }

  private static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0" + String(value) : String(value)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
  private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The proleptic Gregorian date of a day number since 1970-01-01 (`civil_from_days`).
  private static func civilDate(_ number: Int) -> (year: Int, month: Int, day: Int) {
    let z = number + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  // MARK: - Number formats

  /// What a number format says about its numbers. Built-in ids: 14–17 and 22 are dates,
  /// 18–21 and 45–47 times; 27–36 and 50–58 are the East Asian locales' built-in date formats.
  /// A format code is a date when it has d, m, y, h or s outside quotes, brackets and escapes,
  /// and a time when it has h or s (or an elapsed `[h]`, `[m]`, `[s]`) but no d or y.
  static func dateKind(formatID: Int, code: String?) -> DateKind {
    guard let code else {
      switch formatID {
      case 14...17, 22, 27...36, 50...58: return .date
      case 18...21, 45...47: return .time
      default: return .none
      }
    }
    var letters = Set<UInt8>()
    var bytes = Array(code.lowercased().utf8).makeIterator()
    while let byte = bytes.next() {
      switch byte {
      case UInt8(ascii: "\""):
        while let next = bytes.next(), next != UInt8(ascii: "\"") {}
      case UInt8(ascii: "["):
        var inside: [UInt8] = []
        while let next = bytes.next(), next != UInt8(ascii: "]") { inside.append(next) }
        // Elapsed time: [h], [hh], [mm], [ss]; colours, conditions and locales are ignored.
        if let first = inside.first,
          [UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "s")].contains(first),
          inside.allSatisfy({ $0 == first })
        {
          letters.insert(UInt8(ascii: "h"))
        }
      case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
        _ = bytes.next()
      case UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "y"), UInt8(ascii: "h"),
        UInt8(ascii: "s"):
        letters.insert(byte)
      default:
        continue
      }
    }
    if letters.isEmpty { return .none }
    let hasDay = letters.contains(UInt8(ascii: "d")) || letters.contains(UInt8(ascii: "y"))
    let hasTime = letters.contains(UInt8(ascii: "h")) || letters.contains(UInt8(ascii: "s"))
    return hasTime && !hasDay ? .time : .date
  }
}

// MARK: - XML tokenizer

extension XLSXSheetScanner {
  /// A byte-level pull tokenizer for the plain XML of SpreadsheetML parts: start, end and
  /// self-closing tags with their attributes, and text with entities decoded. Processing
  /// instructions and comments are skipped, CDATA is text; DOCTYPE declarations are refused.
  /// It reads from memory or from a file in 64 KiB chunks, holding at most the largest single
  /// tag or text (plus one chunk) in memory.
  final class XMLTokenizer {
    enum Token: Equatable {
      case start, empty, end, text, eof
    }

    struct Failure: Error {
      var reason: String
    }

    /// The local name (namespace prefix dropped) of the last tag read.
    private(set) var name = ""
    /// The attributes of the last start or self-closing tag, by local name (xmlns dropped).
    private(set) var attributes: [(name: String, value: String)] = []
    /// The decoded bytes of the last text read.
    private(set) var text: [UInt8] = []
    /// The most bytes held in the read buffer at once.
    private(set) var peakBufferBytes = 0

    private var buffer: [UInt8]
    private var position = 0
    private var file: UnsafeMutablePointer<FILE>?
    private var atEnd: Bool
    private static let chunkSize = 1 << 16
    private static let maxTokenSize = 64 << 20

    /// Reads XML held in memory.
    init(bytes: [UInt8]) {
      buffer = bytes
      atEnd = true
      peakBufferBytes = bytes.count
    }

    /// Reads XML from an open file, which the tokenizer closes when it goes away.
    init(file: UnsafeMutablePointer<FILE>) {
      self.file = file
      buffer = []
      buffer.reserveCapacity(Self.chunkSize * 2)
      atEnd = false
    }

    deinit {
      if let file { fclose(file) }
    }

    /// The value of attribute `name` of the last tag.
    func attribute(_ name: String) -> String? {
      attributes.first { $0.name == name }?.value
    }

    /// Reads the next token.
    func next() throws(Failure) -> Token {
      while true {
        guard try available(1) else { return .eof }
        if buffer[position] != UInt8(ascii: "<") {
          let end = try find(UInt8(ascii: "<"), from: 0) ?? (buffer.count - position)
          text.removeAll(keepingCapacity: true)
          try decode(position..<(position + end), into: &text)
          position += end
          return .text
        }
        _ = try available(9)
        if hasPrefix("<?") {
          try skip(past: Array("?>".utf8))
          continue
        }
        if hasPrefix("<!--") {
          try skip(past: Array("-->".utf8))
          continue
        }
        if hasPrefix("<![CDATA[") {
          position += 9
          guard let end = try find(Array("]]>".utf8)) else {
            throw Failure(reason: "a CDATA section is never closed.")
          }
          text.removeAll(keepingCapacity: true)
          text.append(contentsOf: buffer[position..<(position + end)])
          position += end + 3
          return .text
        }
        if hasPrefix("<!") {
          throw Failure(
            reason: "it has a DOCTYPE or other declaration, which XLSX parts never have.")
        }
        return try tag()
      }
    }

    // MARK: Buffer

    /// Makes sure `count` unread bytes are in the buffer if the input has them.
    private func available(_ count: Int) throws(Failure) -> Bool {
      while buffer.count - position < count {
        guard try fill() else { return false }
      }
      return true
    }

    /// Drops the bytes already read and appends the next chunk of the file.
    private func fill() throws(Failure) -> Bool {
      guard !atEnd, let file else { return false }
      if position > 0 {
        buffer.removeSubrange(0..<position)
        position = 0
      }
      if buffer.count > Self.maxTokenSize {
        throw Failure(reason: "a single tag or text is longer than \(Self.maxTokenSize >> 20) MiB.")
      }
      let old = buffer.count
      buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
      let read = buffer.withUnsafeMutableBufferPointer { pointer in
        fread(pointer.baseAddress! + old, 1, Self.chunkSize, file)
      }
      buffer.removeLast(Self.chunkSize - read)
      peakBufferBytes = max(peakBufferBytes, buffer.count)
      if read == 0 {
        if ferror(file) != 0 {
          throw Failure(reason: "the temporary copy of the part could not be read.")
        }
        atEnd = true
        return false
      }
      return true
    }

    private func hasPrefix(_ prefix: StaticString) -> Bool {
      let count = prefix.utf8CodeUnitCount
      guard buffer.count - position >= count else { return false }
      return prefix.withUTF8Buffer { bytes in
        for index in 0..<count where buffer[position + index] != bytes[index] { return false }
        return true
      }
    }

    /// The offset from `position` of the first `byte` at or after `position + offset`.
    private func find(_ byte: UInt8, from offset: Int) throws(Failure) -> Int? {
      var searched = offset
      while true {
        let start = position + searched
        let found: Int? = buffer.withUnsafeBufferPointer { pointer in
          guard start < pointer.count, let base = pointer.baseAddress,
            let hit = memchr(base + start, Int32(byte), pointer.count - start)
          else { return nil }
          return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        if let found { return found - position }
        searched = max(searched, buffer.count - position)
        guard try fill() else { return nil }
      }
    }

    /// The offset from `position` of the first occurrence of `sequence`.
    private func find(_ sequence: [UInt8]) throws(Failure) -> Int? {
      var offset = 0
      while let hit = try find(sequence[0], from: offset) {
        guard try available(hit + sequence.count) else { return nil }
        if buffer[(position + hit)..<(position + hit + sequence.count)].elementsEqual(sequence) {
          return hit
        }
        offset = hit + 1
      }
      return nil
    }

    private func skip(past sequence: [UInt8]) throws(Failure) {
      guard let end = try find(sequence) else {
        throw Failure(reason: "a comment or processing instruction is never closed.")
      }
      position += end + sequence.count
    }

    // MARK: Tags

    /// Reads a start, end or self-closing tag at `position`.
    private func tag() throws(Failure) -> Token {
      // Find the closing '>' outside quoted attribute values.
      var offset = 1
      var quote: UInt8 = 0
      while true {
        guard try available(offset + 1) else { throw Failure(reason: "the XML ends inside a tag.") }
        let byte = buffer[position + offset]
        if quote != 0 {
          if byte == quote { quote = 0 }
        } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
          quote = byte
        } else if byte == UInt8(ascii: ">") {
          break
        } else if byte == UInt8(ascii: "<") {
          throw Failure(reason: "a tag contains '<'.")
        }
        offset += 1
      }
      let tagEnd = position + offset  // index of '>'
      var index = position + 1
      position = tagEnd + 1
      attributes.removeAll(keepingCapacity: true)
      if buffer[index] == UInt8(ascii: "/") {
        name = localName(buffer[(index + 1)..<tagEnd].filter { !Self.isSpace($0) })
        return .end
      }
      let selfClosing = buffer[tagEnd - 1] == UInt8(ascii: "/") && tagEnd - 1 > index
      let contentEnd = selfClosing ? tagEnd - 1 : tagEnd
      let nameStart = index
      while index < contentEnd && !Self.isSpace(buffer[index]) { index += 1 }
      guard index > nameStart else { throw Failure(reason: "a tag has no name.") }
      name = localName(buffer[nameStart..<index])
      while true {
        while index < contentEnd && Self.isSpace(buffer[index]) { index += 1 }
        if index >= contentEnd { break }
        let attributeStart = index
        while index < contentEnd && buffer[index] != UInt8(ascii: "=")
          && !Self.isSpace(buffer[index])
        {
          index += 1
        }
        let attributeName = buffer[attributeStart..<index]
        while index < contentEnd && Self.isSpace(buffer[index]) { index += 1 }
        guard index < contentEnd, buffer[index] == UInt8(ascii: "=") else {
          throw Failure(
            reason:
              "attribute '\(String(decoding: attributeName, as: UTF8.self))' of <\(name)> has no value."
          )
        }
        index += 1
        while index < contentEnd && Self.isSpace(buffer[index]) { index += 1 }
        guard index < contentEnd,
          buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'")
        else {
          throw Failure(
            reason:
              "attribute '\(String(decoding: attributeName, as: UTF8.self))' of <\(name)> is not quoted."
          )
        }
        let quoteByte = buffer[index]
        let valueStart = index + 1
        index = valueStart
        while index < contentEnd && buffer[index] != quoteByte { index += 1 }
        guard index < contentEnd else {
          throw Failure(
            reason:
              "attribute '\(String(decoding: attributeName, as: UTF8.self))' of <\(name)> is not closed."
          )
        }
        let valueEnd = index
        index += 1
        let isNamespace =
          attributeName.elementsEqual("xmlns".utf8) || attributeName.starts(with: "xmlns:".utf8)
        if isNamespace { continue }
        var value: [UInt8] = []
        try decode(valueStart..<valueEnd, into: &value)
        attributes.append((localName(attributeName), String(decoding: value, as: UTF8.self)))
      }
      return selfClosing ? .empty : .start
    }

    private func localName<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> String {
      if let colon = bytes.lastIndex(of: UInt8(ascii: ":")) {
        return String(decoding: bytes[bytes.index(after: colon)...], as: UTF8.self)
      }
      return String(decoding: bytes, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    // MARK: Text

    /// Appends the bytes of `range` to `output` with entities decoded and line ends normalised
    /// to LF, as XML requires.
    private func decode(_ range: Range<Int>, into output: inout [UInt8]) throws(Failure) {
      var index = range.lowerBound
      while index < range.upperBound {
        let byte = buffer[index]
        if byte == UInt8(ascii: "&") {
          var end = index + 1
          while end < range.upperBound && end - index < 12 && buffer[end] != UInt8(ascii: ";") {
            end += 1
          }
          guard end < range.upperBound, buffer[end] == UInt8(ascii: ";") else {
            throw Failure(reason: "an '&' does not start an entity such as &amp;.")
          }
          let entity = String(decoding: buffer[(index + 1)..<end], as: UTF8.self)
          switch entity {
          case "amp": output.append(UInt8(ascii: "&"))
          case "lt": output.append(UInt8(ascii: "<"))
          case "gt": output.append(UInt8(ascii: ">"))
          case "quot": output.append(UInt8(ascii: "\""))
          case "apos": output.append(UInt8(ascii: "'"))
          default:
            let code: UInt32?
            if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
              code = UInt32(entity.dropFirst(2), radix: 16)
            } else if entity.hasPrefix("#") {
              code = UInt32(entity.dropFirst(), radix: 10)
            } else {
              code = nil
            }
            guard let code, let scalar = Unicode.Scalar(code) else {
              throw Failure(reason: "the entity &\(entity); is not one XML knows.")
            }
            output.append(contentsOf: String(Character(scalar)).utf8)
          }
          index = end + 1
        } else if byte == 0x0D {
          output.append(0x0A)
          index += 1
          if index < range.upperBound && buffer[index] == 0x0A { index += 1 }
        } else {
          output.append(byte)
          index += 1
        }
      }
    }
  }
}
