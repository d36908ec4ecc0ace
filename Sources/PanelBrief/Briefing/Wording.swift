import Foundation

/// How figures are written in sentences, the same way in every output.
public enum Wording {
  /// "4.5%" (one decimal place); `nil` becomes "[x]".
  static func percent(_ fraction: Double?) -> String {
    guard let fraction, fraction.isFinite else { return "[x]" }
    return String(format: "%.1f%%", fraction * 100)
  }

  /// "1,234": the one way counts are written, in sentences and in every rendered table.
  public static func count(_ n: Int) -> String {
    let s = String(abs(n))
    var out = ""
    for (i, c) in s.reversed().enumerated() {
      if i > 0 && i % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + String(out.reversed())
  }

  /// "10 of 206 (4.9%)".
  static func ofTotal(_ part: Int, _ whole: Int) -> String {
    "\(count(part)) of \(count(whole)) (\(percent(whole > 0 ? Double(part) / Double(whole) : nil)))"
  }

  /// "0.012", "<0.001".
  static func pValue(_ p: Double) -> String {
    if p < 0.001 { return "<0.001" }
    return String(format: "%.3f", p)
  }

  /// A p-value as a public paper publishes it: a band, never the exact value, so that no test
  /// can carry more than the few bits a reader needs ("<0.001", "<0.05" or "≥0.05").
  public static func pBand(_ p: Double) -> String {
    p < 0.001 ? "<0.001" : p < 0.05 ? "<0.05" : "≥0.05"
  }

  /// "p = 0.012" or "p < 0.001"; banded (public papers): "p < 0.001", "p < 0.05" or "p ≥ 0.05".
  static func pPhrase(_ p: Double, banded: Bool) -> String {
    if p < 0.001 { return "p < 0.001" }
    if banded { return p < 0.05 ? "p < 0.05" : "p ≥ 0.05" }
    return "p = " + pValue(p)
  }

  /// "a, b and c".
  static func list(_ items: [String]) -> String {
    switch items.count {
    case 0: ""
    case 1: items[0]
    default: items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
  }

  /// "5 February 2024".
  static func longDate(_ day: Day) -> String {
    "\(day.day) \(YearMonth.longNames[day.month - 1]) \(day.year)"
  }
}
