import Foundation

/// How figures are written in sentences, the same way in every output.
public enum Wording {
  /// "4.5%" (one decimal place, rounded by `fixed`); `nil` becomes "[x]".
  public static func percent(_ fraction: Double?) -> String {
    guard let fraction, fraction.isFinite else { return "[x]" }
    return fixed(fraction, places: 1, percent: true) + "%"
  }

  /// The one rounding rule of every output: `value` written with `places` decimals, rounded half
  /// away from zero on its decimal digits, as Excel shows a number with a format such as `0.0%`
  /// or `#,##0.0`. Excel reads a stored number to 15 significant digits and rounds those, so
  /// 0.0625 shown as a percent with one decimal is "6.3" here and in the workbook (printf's
  /// `%.1f` would write "6.2": it rounds the binary value, and ties to even). `percent` scales
  /// by 100 on the decimal digits (no binary multiplication); `grouping` writes "12,345.6".
  public static func fixed(
    _ value: Double, places: Int, percent: Bool = false, grouping: Bool = false
  ) -> String {
    guard value.isFinite else { return "[x]" }
    let places = max(0, min(places, 15))
    // 15 significant digits: "d.dddddddddddddde±XX".
    let text = String(format: "%.14e", abs(value))
    let parts = text.split(separator: "e")
    let digits = parts[0].compactMap(\.wholeNumberValue)
    let exponent = (Int(parts[1]) ?? 0) + (percent ? 2 : 0)
    // The value is 0.d1d2...d15 x 10^(exponent + 1): `keep` digits reach the last place shown.
    let keep = exponent + 1 + places
    var units: [Int] = keep <= 0 ? [] : (0..<keep).map { $0 < digits.count ? digits[$0] : 0 }
    if keep >= 0, keep < digits.count, digits[keep] >= 5 {
      var i = units.count - 1
      while i >= 0 && units[i] == 9 {
        units[i] = 0
        i -= 1
      }
      if i >= 0 { units[i] += 1 } else { units.insert(1, at: 0) }
    }
    while units.count < places + 1 { units.insert(0, at: 0) }
    var whole = units.dropLast(places).map(String.init).joined()
    while whole.count > 1 && whole.hasPrefix("0") { whole.removeFirst() }
    if grouping && whole.count > 3 {
      var grouped = ""
      for (index, character) in whole.enumerated() {
        if index > 0 && (whole.count - index) % 3 == 0 { grouped += "," }
        grouped.append(character)
      }
      whole = grouped
    }
    let isZero = !units.contains { $0 != 0 }
    var out = (value < 0 && !isZero ? "-" : "") + whole
    if places > 0 { out += "." + units.suffix(places).map(String.init).joined() }
    return out
  }

  /// `value` rounded to `places` decimals by the rule of `fixed`, as a number (what a workbook
  /// cell holds when the paper shows only those decimals).
  public static func rounded(_ value: Double, places: Int) -> Double {
    guard value.isFinite else { return value }
    return Double(fixed(value, places: places)) ?? value
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
    return fixed(p, places: 3)
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
