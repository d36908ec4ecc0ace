import Foundation

/// One record of a tabular file (a CSV line, possibly spanning several physical lines, or an
/// XLSX row), with the line (or sheet row) it started on.
///
/// Fields are kept as UTF-8 bytes and decoded only when asked for, so a column no table uses
/// never becomes a `String`.
public struct TabularRecord: Sendable {
  /// The 1-based physical line (CSV) or row number (XLSX) where the record starts.
  public var line: Int
  /// The UTF-8 bytes of all fields, unescaped, one after another.
  public var storage: [UInt8]
  /// `ends[i]` is the end offset in `storage` of field i; field i starts at `ends[i-1]` (or 0).
  public var ends: [Int]

  public init(line: Int, storage: [UInt8], ends: [Int]) {
    self.line = line
    self.storage = storage
    self.ends = ends
  }

  /// Builds a record from already decoded strings (tests, XLSX cells).
  public init(line: Int, fields: [String]) {
    var storage: [UInt8] = []
    var ends: [Int] = []
    for field in fields {
      storage.append(contentsOf: field.utf8)
      ends.append(storage.count)
    }
    self.init(line: line, storage: storage, ends: ends)
  }

  /// The number of fields.
  public var count: Int { ends.count }

  /// The byte range of field `index` in `storage`.
  @inlinable public func range(_ index: Int) -> Range<Int> {
    (index == 0 ? 0 : ends[index - 1])..<ends[index]
  }

  /// Field `index` decoded as UTF-8 (exactly as read: no trimming).
  public func field(_ index: Int) -> String {
    String(decoding: storage[range(index)], as: UTF8.self)
  }

  /// All fields decoded (for messages and for the restricted list of rejected rows).
  public var fields: [String] { (0..<count).map(field) }

  /// Dates already parsed from this record by the date profile of the ingest (with the source's
  /// `date_format`, the only pattern the ingest reads its rows with), so that no date is parsed
  /// twice: up to two columns, -1 when unused.
  var parsedColumns = (-1, -1)
  var parsedValues = (DatePattern.Parsed.wrongShape, DatePattern.Parsed.wrongShape)

  /// Field `column` read with `pattern`, the source's `date_format` (parsed once per record).
  func parsedDate(_ column: Int, _ pattern: DatePattern) -> DatePattern.Parsed {
    if parsedColumns.0 == column { return parsedValues.0 }
    if parsedColumns.1 == column { return parsedValues.1 }
    return pattern.parse(storage[range(column)])
  }

  /// Keeps a date parsed from field `column` for `parsedDate`, in `slot` 0 or 1.
  mutating func keepParsed(_ value: DatePattern.Parsed, column: Int, slot: Int) {
    if slot == 0 {
      parsedColumns.0 = column
      parsedValues.0 = value
    } else if slot == 1 {
      parsedColumns.1 = column
      parsedValues.1 = value
    }
  }

  /// `true` when field `index` is empty or only spaces and tabs.
  public func isBlank(_ index: Int) -> Bool {
    storage[range(index)].allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }
}

/// A reader of records from a CSV, text or XLSX file, one at a time, in bounded memory.
public protocol TabularReader {
  /// The file being read, for messages.
  var path: String { get }
  /// What the reader found, in words: "UTF-8 with BOM, CRLF line endings, comma-separated".
  var formatDescription: String { get }
  /// Reads the next record, or `nil` at the end of the file. A record the reader cannot make
  /// sense of (e.g. a quoted field never closed) throws `TabularError` with its line; reading can
  /// go on after a `.malformedRecord` error, not after `.unreadable`.
  mutating func next() throws(TabularError) -> TabularRecord?
}

/// Why a tabular file or one of its records could not be read.
public enum TabularError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The whole file cannot be used (missing, not a CSV/XLSX, unknown sheet...).
  case unreadable(path: String, reason: String)
  /// One record cannot be read; the reader has skipped past it.
  case malformedRecord(path: String, line: Int, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): "\(path): \(reason)"
    case .malformedRecord(let path, let line, let reason): "\(path), line \(line): \(reason)"
    }
  }
}
