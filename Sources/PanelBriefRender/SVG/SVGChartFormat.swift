import Foundation
import PanelBrief

extension SVGChartRenderer {
  /// Text and number formatting for chart images: fixed, locale-free and deterministic, so the
  /// same briefing always draws byte-identical SVG files.
  enum Format {
    /// Escapes the XML special characters and replaces characters XML 1.0 does not allow
    /// (control characters, U+FFFE, U+FFFF) and line breaks with a space.
    static func escape(_ text: String) -> String {
      var result = ""
      result.reserveCapacity(text.utf8.count)
      for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default:
          let v = scalar.value
          if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
            result += " "
          } else {
            result.unicodeScalars.append(scalar)
          }
        }
      }
      return result
    }

    /// An XML name usable as an element id: letters, digits, `-`, `_` and `.`, starting with a
    /// letter or `_`; anything else becomes `-`.
    static func identifier(_ text: String) -> String {
      var result = ""
      for scalar in text.unicodeScalars {
        let v = scalar.value
        let isLetter = (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
        let isDigit = (0x30...0x39).contains(v)
        if isLetter || isDigit || scalar == "_" || scalar == "-" || scalar == "." {
          result.unicodeScalars.append(scalar)
        } else {
          result += "-"
        }
      }
      guard let first = result.unicodeScalars.first else { return "chart" }
      let v = first.value
      if !((0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || first == "_") {
        result = "chart-" + result
      }
      return result
    }

    /// `value` rounded to `decimals` places, written with a `.` and, when `grouping` is set,
    /// thousands separated by commas ("12,345.6").
    static func fixed(_ value: Double, decimals: Int, grouping: Bool = false) -> String {
      guard value.isFinite else { return "0" }
      // The rounding rule of every output (half away from zero on the decimal digits).
      return Wording.fixed(value, places: max(0, min(decimals, 9)), grouping: grouping)
    }

    /// A coordinate with at most two decimals and no trailing zeros ("12.5", "40").
    static func coordinate(_ value: Double) -> String {
      var text = fixed(value, decimals: 2)
      if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
      }
      return text == "-0" ? "0" : text
    }

    /// A number with just enough decimals: whole numbers without any, others with up to two.
    static func general(_ value: Double) -> String {
      if value == value.rounded() && abs(value) < 1e15 {
        return fixed(value, decimals: 0, grouping: true)
      }
      return coordinate(value)
    }

    /// A plotted value as a reader sees it, following the kind of its table column.
    /// Percent values arrive already multiplied by 100.
    static func value(_ value: Double, kind: StatTable.Column.Kind) -> String {
      switch kind {
      case .count: return fixed(value, decimals: 0, grouping: true)
      case .percent: return fixed(value, decimals: 1) + "%"
      case .decimal: return fixed(value, decimals: 1, grouping: true)
      case .probability:
        guard value != 0 else { return "0" }
        let magnitude = Int(floor(log10(abs(value))))
        return fixed(value, decimals: max(0, min(9, 2 - magnitude)))
      case .label, .text: return general(value)
      }
    }

    /// The estimated width in pixels of `text` set in a sans-serif face at `size` pixels.
    static func width(_ text: String, size: Double = 12) -> Double {
      Double(text.count) * size * 0.6
    }

    /// `text` cut to `maxCharacters`, ending in "…" when cut.
    static func truncate(_ text: String, maxCharacters: Int) -> String {
      guard text.count > maxCharacters, maxCharacters > 1 else { return text }
      return String(text.prefix(maxCharacters - 1)) + "…"
    }

    /// `text` broken at spaces into lines of at most `maxCharacters` (longer words are split),
    /// at most `maxLines` of them, the last ending in "…" when text was left out.
    static func wrap(_ text: String, maxCharacters: Int, maxLines: Int) -> [String] {
      let limit = max(2, maxCharacters)
      var lines: [String] = []
      var current = ""
      for word in text.split(separator: " ", omittingEmptySubsequences: true) {
        var rest = String(word)
        while !rest.isEmpty {
          let candidate = current.isEmpty ? rest : current + " " + rest
          if candidate.count <= limit {
            current = candidate
            rest = ""
          } else if current.isEmpty {
            current = String(rest.prefix(limit))
            rest = String(rest.dropFirst(limit))
            lines.append(current)
            current = ""
          } else {
            lines.append(current)
            current = ""
          }
        }
      }
      if !current.isEmpty { lines.append(current) }
      guard lines.count > maxLines, maxLines > 0 else { return lines }
      var kept = Array(lines.prefix(maxLines))
      let last = kept[maxLines - 1]
      kept[maxLines - 1] =
        last.count < limit ? last + "…" : truncate(last, maxCharacters: limit)
      return kept
    }
  }

}
