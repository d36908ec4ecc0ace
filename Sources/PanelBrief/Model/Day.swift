/// A calendar day (proleptic Gregorian), without time zone: the unit crime dates are kept in.
///
/// Kept in 4 bytes (`year << 9 | month << 5 | day`, which orders as the dates do), so that a
/// national export's millions of crimes hold their dates in 4 bytes each, not 24.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// Year, month and day in one number (year << 9 | month << 5 | day); never 0.
  let packed: Int32

  /// The day whose `packed` value this is.
  init(packed: Int32) { self.packed = packed }

  public var year: Int { Int(packed >> 9) }
  public var month: Int { Int((packed >> 5) & 0xF) }
  public var day: Int { Int(packed & 0x1F) }

  /// The years a day can be in (far beyond any date an export or a configuration may hold).
  public static let years = -1_000_000...1_000_000

  /// A day, or `nil` when the combination is not a real date (31 February, month 13), or the
  /// year is outside `Day.years`.
  public init?(year: Int, month: Int, day: Int) {
    guard Day.years.contains(year), (1...12).contains(month), day >= 1,
      day <= Day.daysIn(month: month, year: year)
    else {
      return nil
    }
    packed = Int32(year) << 9 | Int32(month) << 5 | Int32(day)
  }

  /// Parses `yyyy-MM-dd`: four digits, then one or two, then one or two, nothing else (no sign:
  /// `-2024-02-05` is not a date).
  public init?(iso: String) {
    guard let parts = isoNumbers(iso, count: 3) else { return nil }
    self.init(year: parts[0], month: parts[1], day: parts[2])
  }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 (negative before), for differences between days.
  public var ordinal: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The month this day falls in.
  public var yearMonth: YearMonth { YearMonth(year: year, month: month) }

  /// `yyyy-MM-dd`.
  public var iso: String {
    func pad(_ n: Int, _ w: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public var description: String { iso }

  public static func < (a: Day, b: Day) -> Bool { a.packed < b.packed }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let s = try c.decode(String.self)
    guard let d = Day(iso: s) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(s)' is not yyyy-MM-dd")
    }
    self = d
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(iso)
  }
}

/// A calendar month, e.g. September 2022.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int

  public init(year: Int, month: Int) {
    self.year = year
    self.month = month
  }

  /// Parses `yyyy-MM`: four digits, a dash, one or two digits.
  public init?(iso: String) {
    guard let parts = isoNumbers(iso, count: 2), (1...12).contains(parts[1]) else { return nil }
    self.init(year: parts[0], month: parts[1])
  }

  public var next: YearMonth {
    month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1)
  }

  /// Every month from `self` to `last`, both included.
  public func through(_ last: YearMonth) -> [YearMonth] {
    var out: [YearMonth] = []
    var m = self
    while m <= last {
      out.append(m)
      m = m.next
    }
    return out
  }

  static let shortNames = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]
  static let longNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// "Sep 2022".
  public var label: String { "\(YearMonth.shortNames[month - 1]) \(year)" }
  /// "September 2022".
  public var longLabel: String { "\(YearMonth.longNames[month - 1]) \(year)" }
  /// `yyyy-MM`.
  public var iso: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
  public var description: String { iso }

  public static func < (a: YearMonth, b: YearMonth) -> Bool {
    (a.year, a.month) < (b.year, b.month)
  }
}

/// The numbers of `yyyy-MM[-dd]`: `count` groups of ASCII digits joined by single dashes, the
/// first of four digits and the others of one or two; `nil` for anything else.
private func isoNumbers(_ text: String, count: Int) -> [Int]? {
  let groups = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
  guard groups.count == count else { return nil }
  var numbers: [Int] = []
  for (i, group) in groups.enumerated() {
    guard i == 0 ? group.count == 4 : (1...2).contains(group.count),
      group.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return nil }
    numbers.append(group.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
  }
  return numbers
}
