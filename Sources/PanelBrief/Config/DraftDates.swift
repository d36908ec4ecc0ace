/// How the values of one column are written as dates, gathered value by value so that the draft
/// configuration can say which `date_format` the column needs (`dd/MM/yyyy`, `yyyy-MM-dd HH:mm`...)
/// and which days the column holds.
///
/// A value has a date's shape when it is three numbers with the same separator between them
/// (`/`, `-` or `.`), a four-digit year first or a two- or four-digit year last, optionally
/// followed by a time (`14:05`, `14:05:00`, `T14:05:00`). Day-first or month-first is decided
/// from values with a number above 12 in the first or second place; with none, the UK's day-first
/// order is assumed and said to be a guess. A day, an English month name or abbreviation and a
/// year (`14-Mar-2020`, `14 March 2020`) is read too, as `dd-MMM-yyyy` or `d MMMM yyyy`.
struct DraftDateEvidence: Sendable {
  /// The layout of one date value: what must be the same across a column for one pattern to read it.
  struct Shape: Hashable, Sendable {
    var yearFirst: Bool
    var separator: UInt8
    var yearDigits: Int
    /// The month is written as a name (`Mar`, `March`), between the day and the year.
    var monthName = false
  }

  /// The three numbers of a value in the order written: year, month, day when `yearFirst`,
  /// else first, second, year.
  struct Triple: Hashable, Sendable {
    var a: Int
    var b: Int
    var c: Int
  }

  var nonBlank = 0
  var shapes: [Shape: Int] = [:]
  /// Values whose month is a three-letter abbreviation (`Mar`), of those with a month name.
  var abbreviatedMonths = 0
  /// Values (of any shape) with a one-digit day or month (`3/4/2020`).
  var unpadded = 0
  /// Values by the time that follows the date: 0 none, 1 `HH:mm`, 2 `HH:mm:ss`, 3 anything else.
  var timeKinds: [Int: Int] = [:]
  /// How often each triple was seen, by shape (bounded: at most 31 x 31 x the years seen).
  var triples: [Shape: [Triple: Int]] = [:]
  /// The most distinct triples kept per shape; beyond it, new ones are only counted.
  static let tripleLimit = 100_000

  /// Adds one value's bytes.
  mutating func add(_ bytes: ArraySlice<UInt8>) {
    var lo = bytes.startIndex
    var hi = bytes.endIndex
    while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
    while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
    if lo == hi { return }
    nonBlank += 1
    var i = lo
    func number() -> (value: Int, digits: Int)? {
      var n = 0
      var k = 0
      while i < hi, k < 5, bytes[i] >= 0x30, bytes[i] <= 0x39 {
        n = n * 10 + Int(bytes[i] - 0x30)
        i += 1
        k += 1
      }
      return k == 0 ? nil : (n, k)
    }
    guard let first = number(), i < hi else { return }
    let separator = bytes[i]
    if first.digits <= 2, separator == 0x20 || separator == UInt8(ascii: "-"), i + 1 < hi,
      (bytes[i + 1] | 0x20) >= 0x61, (bytes[i + 1] | 0x20) <= 0x7A
    {
      addMonthName(day: first.value, separator: separator, bytes[(i + 1)..<hi])
      return
    }
    guard
      separator == UInt8(ascii: "/") || separator == UInt8(ascii: "-")
        || separator == UInt8(ascii: ".")
    else { return }
    i += 1
    guard let second = number(), i < hi, bytes[i] == separator else { return }
    i += 1
    guard let third = number() else { return }
    var time = 0
    if i < hi {
      guard bytes[i] == 0x20 || bytes[i] == UInt8(ascii: "T") else { return }
      let isT = bytes[i] == UInt8(ascii: "T")
      i += 1
      var colons = 0
      var other = isT
      while i < hi {
        let c = bytes[i]
        if c == UInt8(ascii: ":") {
          colons += 1
        } else if !(c >= 0x30 && c <= 0x39) {
          if c == UInt8(ascii: ".") { other = true } else { return }
        }
        i += 1
      }
      time = other || colons == 0 || colons > 2 ? 3 : colons
    }
    let shape: Shape
    let triple: Triple
    if first.digits == 4 && second.digits <= 2 && third.digits <= 2 {
      shape = Shape(yearFirst: true, separator: separator, yearDigits: 4)
      triple = Triple(a: first.value, b: second.value, c: third.value)
      if second.digits == 1 || third.digits == 1 { unpadded += 1 }
    } else if first.digits <= 2 && second.digits <= 2 && (third.digits == 4 || third.digits == 2) {
      shape = Shape(yearFirst: false, separator: separator, yearDigits: third.digits)
      triple = Triple(
        a: first.value, b: second.value, c: third.digits == 2 ? 2000 + third.value : third.value)
      if first.digits == 1 || second.digits == 1 { unpadded += 1 }
    } else {
      return
    }
    shapes[shape, default: 0] += 1
    timeKinds[time, default: 0] += 1
    if triples[shape, default: [:]].count < Self.tripleLimit || triples[shape]?[triple] != nil {
      triples[shape, default: [:]][triple, default: 0] += 1
    }
  }

  /// The rest of a value that began with a day and a separator: a month name, the separator, a
  /// two- or four-digit year, and optionally a time.
  private mutating func addMonthName(day: Int, separator: UInt8, _ rest: ArraySlice<UInt8>) {
    var i = rest.startIndex
    var letters: [UInt8] = []
    while i < rest.endIndex, letters.count < 10, (rest[i] | 0x20) >= 0x61, (rest[i] | 0x20) <= 0x7A
    {
      letters.append(rest[i] | 0x20)
      i += 1
    }
    guard let month = DatePattern.month(named: letters), i < rest.endIndex, rest[i] == separator
    else { return }
    i += 1
    var year = 0
    var digits = 0
    while i < rest.endIndex, digits < 5, rest[i] >= 0x30, rest[i] <= 0x39 {
      year = year * 10 + Int(rest[i] - 0x30)
      i += 1
      digits += 1
    }
    guard digits == 2 || digits == 4 else { return }
    if i < rest.endIndex && !(rest[i] == 0x20 || rest[i] == UInt8(ascii: "T")) { return }
    let shape = Shape(yearFirst: false, separator: separator, yearDigits: digits, monthName: true)
    shapes[shape, default: 0] += 1
    if letters.count == 3 { abbreviatedMonths += 1 }
    timeKinds[0, default: 0] += 1
    let triple = Triple(a: day, b: month, c: digits == 2 ? 2000 + year : year)
    if triples[shape, default: [:]].count < Self.tripleLimit || triples[shape]?[triple] != nil {
      triples[shape, default: [:]][triple, default: 0] += 1
    }
  }

  /// Adds another column's evidence (the same column in another file of the source).
  mutating func merge(_ other: DraftDateEvidence) {
    nonBlank += other.nonBlank
    unpadded += other.unpadded
    abbreviatedMonths += other.abbreviatedMonths
    for (k, v) in other.shapes { shapes[k, default: 0] += v }
    for (k, v) in other.timeKinds { timeKinds[k, default: 0] += v }
    for (shape, counts) in other.triples {
      for (t, v) in counts { triples[shape, default: [:]][t, default: 0] += v }
    }
  }

  /// The most common shape and how many values have it.
  var dominantShape: (shape: Shape, count: Int)? {
    shapes.max { ($0.value, $1.key.yearFirst ? 1 : 0) < ($1.value, $0.key.yearFirst ? 1 : 0) }
      .map { ($0.key, $0.value) }
  }

  /// The share of non-blank values that have the dominant shape.
  var dateShare: Double {
    guard nonBlank > 0, let d = dominantShape else { return 0 }
    return Double(d.count) / Double(nonBlank)
  }

  /// `true` when most values look like dates.
  var looksLikeDates: Bool { nonBlank > 0 && dateShare >= 0.8 }

  /// What the evidence says about the column's date format.
  struct Decision: Sendable {
    /// The pattern for `date_format`.
    var pattern: String
    /// `true` for year-last dates whose order (day or month first) nothing in the data decides.
    var orderAssumed: Bool
    /// A sentence on an uncertain decision, for a `# TODO check` comment.
    var doubt: String?
    /// Values with a day above 12 in the first place, and in the second (year-last dates).
    var dayFirstEvidence: Int
    var monthFirstEvidence: Int
  }

  /// Decides the pattern; `fromWorkbook` writes `iso` for year-first dates of an XLSX file.
  func decide(fromWorkbook: Bool) -> Decision? {
    guard let (shape, _) = dominantShape else { return nil }
    let sep = String(UnicodeScalar(shape.separator))
    let withTime = timeKinds.count == 1 ? timeKinds.keys.first ?? 0 : 0
    let timeSuffix = withTime == 1 ? " HH:mm" : withTime == 2 ? " HH:mm:ss" : ""
    let short = unpadded > 0
    if shape.monthName {
      let count = shapes[shape] ?? 0
      let month = abbreviatedMonths * 2 >= count ? "MMM" : "MMMM"
      let year = shape.yearDigits == 4 ? "yyyy" : "yy"
      return Decision(
        pattern: "d" + sep + month + sep + year, orderAssumed: false, doubt: nil,
        dayFirstEvidence: 0, monthFirstEvidence: 0)
    }
    if shape.yearFirst {
      if fromWorkbook && sep == "-" && !short {
        return Decision(
          pattern: "iso", orderAssumed: false, doubt: nil, dayFirstEvidence: 0,
          monthFirstEvidence: 0)
      }
      let pattern = "yyyy" + sep + (short ? "M" : "MM") + sep + (short ? "d" : "dd") + timeSuffix
      return Decision(
        pattern: pattern, orderAssumed: false, doubt: nil, dayFirstEvidence: 0,
        monthFirstEvidence: 0)
    }
    var firstOver12 = 0
    var secondOver12 = 0
    for (t, n) in triples[shape] ?? [:] {
      if t.a > 12 && t.a <= 31 { firstOver12 += n }
      if t.b > 12 && t.b <= 31 { secondOver12 += n }
    }
    let year = shape.yearDigits == 4 ? "yyyy" : "yy"
    let day = short ? "d" : "dd"
    let month = short ? "M" : "MM"
    var monthFirst = false
    var doubt: String?
    var assumed = false
    if firstOver12 > 0 && secondOver12 > 0 {
      monthFirst = secondOver12 > firstOver12
      doubt =
        "the dates disagree: \(firstOver12) have a number above 12 first (day first) and \(secondOver12) second (month first); the more common order is assumed"
    } else if secondOver12 > 0 {
      monthFirst = true
      doubt =
        "the month comes first (\(secondOver12) values have a day above 12 in the second place), as in US exports"
    } else if firstOver12 == 0 {
      assumed = true
      doubt =
        "no value has a number above 12, so day or month first cannot be told apart: day first (UK) is assumed"
    }
    let pattern =
      (monthFirst ? month + sep + day : day + sep + month) + sep + year + timeSuffix
    return Decision(
      pattern: pattern, orderAssumed: assumed, doubt: doubt, dayFirstEvidence: firstOver12,
      monthFirstEvidence: secondOver12)
  }

  /// The real days the column holds under a decision, with how often each was seen; values of
  /// another shape, or impossible dates (31/02), are not days.
  func days(_ decision: Decision) -> [Day: Int] {
    guard let (shape, _) = dominantShape, let counts = triples[shape] else { return [:] }
    let monthFirst = !shape.yearFirst && decision.pattern.hasPrefix("M")
    var out: [Day: Int] = [:]
    for (t, n) in counts {
      let day: Day?
      if shape.yearFirst {
        day = Day(year: t.a, month: t.b, day: t.c)
      } else if monthFirst {
        day = Day(year: t.c, month: t.a, day: t.b)
      } else {
        day = Day(year: t.c, month: t.b, day: t.a)
      }
      if let day { out[day, default: 0] += n }
    }
    return out
  }
}
