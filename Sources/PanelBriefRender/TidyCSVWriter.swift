import Foundation
import PanelBrief

/// Writes every published number of the briefing as tidy data, `briefing-tidy.csv`: one row per
/// cell of a numeric column (counts, percentages, decimals, p-values) with the header
/// `table,row,column,value,shorthand`, so a researcher loads it straight into pandas or R with a
/// numeric `value` column.
///
/// - `table` is the table's id (its workbook sheet and its `id` in `briefing.json`);
/// - `row` names the row by its label cells, joined with " / " (when labels repeat within a
///   table, as a source's several files do, the row's text cells are added until it is unique);
/// - `column` is the column's header;
/// - `value` is the number exactly as `briefing.json` holds it (a percentage as a fraction, 0.045
///   for 4.5%), empty when the cell is not a number;
/// - `shorthand` is the Analysis Function shorthand of a cell that is not a number (`[c]`, `[x]`,
///   `[z]`, `[u]`), or the band a public paper gives for a p-value (`<0.001`, `<0.05`, `≥0.05`);
///   empty when `value` is given.
///
/// It reads the same cells as the JSON, workbook and paper: a public paper's tidy file holds no
/// digit its JSON does not. Rows are written in the order of the tables, their rows and columns;
/// text columns (tests, readings, file names, SHA-256) are in the JSON and the workbook only.
public enum TidyCSVWriter {
  public static let header = ["table", "row", "column", "value", "shorthand"]

  public static func render(_ briefing: Briefing) -> String {
    var lines = [header.joined(separator: ",")]
    for table in briefing.tables {
      let numeric = table.columns.indices.filter { isNumeric(table.columns[$0].kind) }
      guard !numeric.isEmpty else { continue }
      let names = rowNames(table)
      for (r, row) in table.rows.enumerated() {
        for c in numeric where c < row.count {
          let (value, shorthand) = split(row[c])
          lines.append(
            [table.id, names[r], table.columns[c].name, value, shorthand].map(field).joined(
              separator: ","))
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func isNumeric(_ kind: StatTable.Column.Kind) -> Bool {
    switch kind {
    case .count, .percent, .decimal, .probability: true
    case .label, .text: false
    }
  }

  /// The value and shorthand columns of one cell.
  static func split(_ cell: Cell) -> (String, String) {
    switch cell {
    case .integer(let i): return (String(i), "")
    case .number(let d):
      guard d.isFinite else { return ("", Cell.Shorthand.notAvailable.rawValue) }
      if d == d.rounded(), abs(d) < 1e15 { return (String(Int(d)), "") }
      return ("\(d)", "")
    case .shorthand(let s): return ("", s.rawValue)
    case .text(let s): return ("", s)
    }
  }

  /// Each row's name: its label cells, then, while names repeat, its text cells; a name still
  /// repeated gets " (2)", " (3)".
  static func rowNames(_ table: StatTable) -> [String] {
    let labels = table.columns.indices.filter { table.columns[$0].kind == .label }
    let texts = table.columns.indices.filter { table.columns[$0].kind == .text }
    func text(_ cell: Cell) -> String {
      switch cell {
      case .text(let s): s
      case .shorthand(let s): s.rawValue
      case .integer(let i): String(i)
      case .number(let d): "\(d)"
      }
    }
    func names(_ columns: [Int]) -> [String] {
      table.rows.map { row in
        columns.filter { $0 < row.count }.map { text(row[$0]) }.joined(separator: " / ")
      }
    }
    var used = labels.isEmpty ? [] : labels
    var result = labels.isEmpty ? table.rows.indices.map { "Row \($0 + 1)" } : names(used)
    for extra in texts where Set(result).count < result.count {
      used.append(extra)
      result = names(used)
    }
    var seen: [String: Int] = [:]
    return result.map { name in
      seen[name, default: 0] += 1
      return seen[name]! == 1 ? name : "\(name) (\(seen[name]!))"
    }
  }

  /// One CSV field, quoted (RFC 4180) when it holds a comma, a quote, a line break or spaces at
  /// either end.
  static func field(_ s: String) -> String {
    let needs =
      s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
      || s.hasPrefix(" ") || s.hasSuffix(" ")
    return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }
}
