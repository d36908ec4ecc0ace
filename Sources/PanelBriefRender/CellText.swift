import Foundation
import PanelBrief

/// How a cell is written as text, the same in the Markdown paper and in SVG labels.
public enum CellText {
  public static func format(_ cell: Cell, kind: StatTable.Column.Kind) -> String {
    switch cell {
    case .text(let s): return s
    case .shorthand(let s): return s.rawValue
    case .integer(let i):
      switch kind {
      case .percent: return format(.number(Double(i)), kind: kind)
      default: return grouped(i)
      }
    case .number(let d):
      guard d.isFinite else { return Cell.Shorthand.notAvailable.rawValue }
      switch kind {
      case .percent: return String(format: "%.1f%%", d * 100)
      case .probability: return d < 0.001 ? "<0.001" : String(format: "%.3f", d)
      case .count: return grouped(Int(d.rounded()))
      default: return String(format: "%.1f", d)
      }
    }
  }

  static func grouped(_ n: Int) -> String { Wording.count(n) }

}
