/// Makes text read from exports safe to show in every writer (workbook, paper, SVG, JSON) and on
/// a terminal, the same way everywhere, so that all of them show the same text:
///
/// - characters that would be invisible or act on the display are shown as `<U+XXXX>`: C0 and C1
///   control characters (ESC, BEL, NUL…), bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE
///   and its kin, which make text read backwards), zero-width characters (U+200B, U+FEFF…: "Un
///   known" with a zero-width space looks like "Unknown" but is not), line and paragraph
///   separators, and the non-characters U+FFFE and U+FFFF (not allowed in XML);
/// - line breaks and tabs inside a value become spaces (one line per table cell);
/// - text longer than a limit is cut, ending "… (N characters)" so the cut is said.
public enum DisplayText {
  /// The most characters a label keeps (an Excel table header holds 255, and "Unmapped: " and a
  /// uniqueness suffix come before and after it).
  public static let labelLimit = 200
  /// The most characters a rejected row's field, or a detail, keeps.
  public static let fieldLimit = 500

  /// Whether `scalar` is shown as `<U+XXXX>`.
  public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F: true
    case 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF, 0xFFF9...0xFFFB: true
    default: false
    }
  }

  /// Whether `text` needs no change to be shown (the common case, checked without copying).
  public static func isClean(_ text: String, limit: Int) -> Bool {
    var count = 0
    for scalar in text.unicodeScalars {
      if isHidden(scalar) { return false }
      count += 1
      if count > limit { return false }
    }
    return true
  }

  /// `text` with hidden characters made visible, line breaks and tabs as spaces, and cut to
  /// `limit` characters (counted in Unicode scalars) with the full length said.
  public static func visible(_ text: String, limit: Int = fieldLimit) -> String {
    if isClean(text, limit: limit) { return text }
    var out = String.UnicodeScalarView()
    var kept = 0
    var previousCR = false
    var cut = false
    for scalar in text.unicodeScalars {
      if kept >= limit {
        cut = true
        break
      }
      switch scalar.value {
      case 0x0A where previousCR:
        break  // CRLF: one space for both
      case 0x09, 0x0A, 0x0D:
        out.append(" ")
        kept += 1
      default:
        if isHidden(scalar) {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          let code = "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
          out.append(contentsOf: code.unicodeScalars)
          kept += code.unicodeScalars.count
        } else {
          out.append(scalar)
          kept += 1
        }
      }
      previousCR = scalar.value == 0x0D
    }
    var result = String(out)
    if cut {
      // Counted by the standard library, not scalar by scalar here: an 8 MiB field stays cheap.
      result += "… (\(text.unicodeScalars.count) characters)"
    }
    return result
  }

  /// A label: hidden characters made visible, spaces folded, cut to `labelLimit`.
  public static func label(_ text: String) -> String {
    let folded = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    return visible(folded, limit: labelLimit)
  }
}
