/// A calendar day as a count of days since 1 January 1970 (proleptic Gregorian), with the
/// conversions the exports need. Integer arithmetic only (H. Hinnant's `days_from_civil`), so no
/// time zone or locale can move a date.
struct CivilDate: Comparable, Hashable {
  /// Days since 1970-01-01.
  var day: Int

  init(day: Int) { self.day = day }

  init(year: Int, month: Int, dayOfMonth: Int) {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + dayOfMonth - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    day = era * 146_097 + doe - 719_468
  }

  /// (year, month 1–12, day of month 1–31).
  var components: (year: Int, month: Int, day: Int) {
    let z = day + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
  }

  /// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday).
  var weekday: Int { ((day % 7) + 11) % 7 }

  static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  static func + (lhs: CivilDate, rhs: Int) -> CivilDate { CivilDate(day: lhs.day + rhs) }
  static func - (lhs: CivilDate, rhs: CivilDate) -> Int { lhs.day - rhs.day }
  static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.day < rhs.day }

  /// `dd/MM/yyyy`, as a UK records system prints it.
  var uk: String {
    let c = components
    return "\(pad(c.day, 2))/\(pad(c.month, 2))/\(c.year)"
  }

  /// `yyyy-MM-dd`.
  var iso: String {
    let c = components
    return "\(c.year)-\(pad(c.month, 2))-\(pad(c.day, 2))"
  }
}

/// `value` in decimal, left-padded with zeros to `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return digits.count >= width
    ? digits : String(repeating: "0", count: width - digits.count) + digits
}
