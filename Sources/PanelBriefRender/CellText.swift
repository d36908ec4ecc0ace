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
      // One rounding rule (Wording.fixed), the one Excel applies to the workbook's formats.
      case .percent: return Wording.percent(d)
      case .probability: return d < 0.001 ? "<0.001" : Wording.fixed(d, places: 3)
      case .count: return Wording.fixed(d, places: 0, grouping: true)
      default: return Wording.fixed(d, places: 1)
      }
    }
  }

  static func grouped(_ n: Int) -> String { Wording.count(n) }

}
