/// A date format as the configuration writes it (`dd/MM/yyyy`, `yyyy-MM-dd HH:mm`, `d/M/yy`),
/// compiled once and applied to field bytes without making a `String`.
///
/// Tokens: `yyyy` (four-digit year), `yy` (two-digit year, 2000 + yy), `MM`/`M` (month),
/// `MMM` (month's English abbreviation, `Mar`, also `Sept`), `MMMM` (month's English name,
/// `March`; an abbreviation is read too), both in any case, `dd`/`d` (day), `HH`/`H`, `mm`, `ss` (time, read and checked but not kept); any other
/// character must appear as written. A value may carry a time after the date even when the
/// pattern has none (`14/03/2020 00:00`, as Excel exports write): it is ignored. `iso` is
/// `yyyy-MM-dd`, which is also how XLSX date cells are read.
public struct DatePattern: Sendable, Equatable, CustomStringConvertible {
  enum Token: Equatable {
    case year4, year2, month, monthName, day, hour, minute, second
    case literal(UInt8)
  }

  let tokens: [Token]
  /// The pattern as written in the configuration.
  public let text: String

  /// Compiles a pattern; `nil` when it has no year, month or day.
  public init?(_ text: String) {
    let source = text == "iso" ? "yyyy-MM-dd" : text
    var tokens: [Token] = []
    let bytes = Array(source.utf8)
    var i = 0
    while i < bytes.count {
      let c = bytes[i]
      var run = 1
      while i + run < bytes.count && bytes[i + run] == c { run += 1 }
      switch (c, run) {
      case (UInt8(ascii: "y"), 4): tokens.append(.year4)
      case (UInt8(ascii: "y"), 2): tokens.append(.year2)
      case (UInt8(ascii: "M"), 1...2): tokens.append(.month)
      case (UInt8(ascii: "M"), 3...4): tokens.append(.monthName)
      case (UInt8(ascii: "d"), 1...2): tokens.append(.day)
      case (UInt8(ascii: "H"), 1...2): tokens.append(.hour)
      case (UInt8(ascii: "m"), 1...2): tokens.append(.minute)
      case (UInt8(ascii: "s"), 1...2): tokens.append(.second)
      case (UInt8(ascii: "y"), _), (UInt8(ascii: "M"), _), (UInt8(ascii: "d"), _):
        return nil
      default:
        for _ in 0..<run { tokens.append(.literal(c)) }
      }
      i += run
    }
    guard tokens.contains(where: { $0 == .year4 || $0 == .year2 }),
      tokens.contains(.month) || tokens.contains(.monthName), tokens.contains(.day)
    else { return nil }
    self.tokens = tokens
    self.text = text
  }

  public var description: String { text }

  /// The pattern as a reader sees it: `yyyy-MM-dd` for `iso`, otherwise as written.
  public var written: String { text == "iso" ? "yyyy-MM-dd" : text }

  /// The outcome of reading one value.
  public enum Parsed: Equatable, Sendable {
    case day(Day)
    /// The value does not have the pattern's shape.
    case wrongShape
    /// The value has the shape but names no real date or time (31/02/2022, month 13, 25:00).
    case impossible
  }

  /// Reads a value (surrounding spaces ignored).
  public func parse<C: Collection<UInt8>>(_ value: C) -> Parsed where C.Index == Int {
    var lo = value.startIndex
    var hi = value.endIndex
    while lo < hi && (value[lo] == 0x20 || value[lo] == 0x09) { lo += 1 }
    while hi > lo && (value[hi - 1] == 0x20 || value[hi - 1] == 0x09) { hi -= 1 }
    var i = lo
    var y = -1
    var m = -1
    var d = -1
    var timeOK = true
    func number(maxDigits: Int, exact: Bool) -> Int? {
      var n = 0
      var k = 0
      while k < maxDigits && i < hi && value[i] >= 0x30 && value[i] <= 0x39 {
        n = n * 10 + Int(value[i] - 0x30)
        i += 1
        k += 1
      }
      if k == 0 || (exact && k != maxDigits) { return nil }
      return n
    }
    for token in tokens {
      switch token {
      case .year4:
        guard let n = number(maxDigits: 4, exact: true) else { return .wrongShape }
        y = n
      case .year2:
        guard let n = number(maxDigits: 2, exact: true) else { return .wrongShape }
        y = 2000 + n
      case .month:
        guard let n = number(maxDigits: 2, exact: false) else { return .wrongShape }
        m = n
      case .monthName:
        var letters: [UInt8] = []
        while i < hi, letters.count < 10, (value[i] | 0x20) >= 0x61, (value[i] | 0x20) <= 0x7A {
          letters.append(value[i] | 0x20)
          i += 1
        }
        guard let n = Self.month(named: letters) else { return .wrongShape }
        m = n
      case .day:
        guard let n = number(maxDigits: 2, exact: false) else { return .wrongShape }
        d = n
      case .hour:
        guard let n = number(maxDigits: 2, exact: false) else { return .wrongShape }
        if n > 23 { timeOK = false }
      case .minute, .second:
        guard let n = number(maxDigits: 2, exact: true) else { return .wrongShape }
        if n > 59 { timeOK = false }
      case .literal(let c):
        guard i < hi, value[i] == c else { return .wrongShape }
        i += 1
      }
    }
    if i < hi {
      // Only a time part may follow: a space or 'T' then digits, colons and a fraction.
      guard value[i] == 0x20 || value[i] == UInt8(ascii: "T") else { return .wrongShape }
      i += 1
      while i < hi {
        let c = value[i]
        guard (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ":") || c == UInt8(ascii: ".")
        else { return .wrongShape }
        i += 1
      }
    }
    guard timeOK, let day = Day(year: y, month: m, day: d) else { return .impossible }
    return .day(day)
  }

  public func parse(_ text: String) -> Parsed { parse(Array(text.utf8)) }

  static let monthNames: [[UInt8]] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ].map { Array($0.utf8) }

  /// 1...12 for a month's English name or its three-letter abbreviation (or `sept`), lower case.
  static func month(named letters: [UInt8]) -> Int? {
    for (i, name) in monthNames.enumerated() {
      if letters == name || letters == Array(name.prefix(3))
        || (i == 8 && letters == Array("sept".utf8))
      {
        return i + 1
      }
    }
    return nil
  }

  /// The pattern with day and month exchanged (`MM/dd/yyyy` for `dd/MM/yyyy`), when both are
  /// numbers; `nil` otherwise.
  public var swapped: DatePattern? {
    guard tokens.contains(.month), tokens.contains(.day), text != "iso" else { return nil }
    let bytes = Array(text.utf8).map { c -> UInt8 in
      c == UInt8(ascii: "d") ? UInt8(ascii: "M") : c == UInt8(ascii: "M") ? UInt8(ascii: "d") : c
    }
    return DatePattern(String(decoding: bytes, as: UTF8.self))
  }
}
