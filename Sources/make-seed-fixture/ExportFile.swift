import Foundation

/// One generated export file, as a records system would hand it to an analyst: a header, the rows
/// in order, and, for the fixture's README, which rows the ingest is meant to reject and why.
struct ExportFile {
  /// One line of the file after the header.
  struct Row {
    /// The fields as written (a truncated line simply has fewer of them).
    var fields: [String]
    /// Why the ingest must reject this row, or `nil` for a row that counts.
    var rejection: String?
  }

  var name: String
  var header: [String]
  /// `true` for a file saved by Excel as "CSV UTF-8": a byte order mark and CRLF line ends.
  var savedByExcel: Bool
  var rows: [Row]

  /// The rows the ingest must reject, with their 1-based physical line (the header is line 1;
  /// no field holds a line break, so every record is one line).
  var rejectedLines: [(line: Int, reason: String)] {
    rows.enumerated().compactMap { index, row in row.rejection.map { (index + 2, $0) } }
  }

  /// The number of rows that count towards the published tables.
  var acceptedCount: Int { rows.count(where: { $0.rejection == nil }) }

  /// The file's bytes.
  func render() -> Data {
    let lineEnd = savedByExcel ? "\r\n" : "\n"
    var text = savedByExcel ? "\u{FEFF}" : ""
    text += Self.csvLine(header) + lineEnd
    for row in rows { text += Self.csvLine(row.fields) + lineEnd }
    return Data(text.utf8)
  }

  /// Fields joined by commas, quoted the way Excel and most records systems quote: only a field
  /// holding a comma, a quote or a line break, with inner quotes doubled.
  static func csvLine(_ fields: [String]) -> String {
    fields.map { field in
      if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      } else {
        field
      }
    }.joined(separator: ",")
  }

  /// Writes the file into `folder` under a temporary name, then renames it into place, so a reader
  /// never sees half a file.
  func write(into folder: URL) throws {
    let final = folder.appendingPathComponent(name)
    let temporary = folder.appendingPathComponent(".\(name).tmp")
    try render().write(to: temporary)
    guard rename(temporary.path, final.path) == 0 else {
      let reason = String(cString: strerror(errno))
      throw GeneratorError("could not rename \(temporary.path) to \(final.path): \(reason)")
    }
  }
}

/// A failure of the generator, as a sentence.
struct GeneratorError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
