/// The crime exports (`crimes-2020-2021.csv`, `crimes-2022-2023.csv`): one row per modern slavery
/// crime, with the force's outcome label, so that crimes per label per year of recording give
/// `outcomes-by-year.csv` exactly.
enum CrimesExport {
  static let header = [
    "Occurrence Ref", "Recorded Date", "HO Offence Code", "Offence", "Outcome", "Outcome Date",
    "OIC Department",
  ]

  /// (HO offence code, offence description) with a weight.
  private static let offences: [((code: String, text: String), Int)] = [
    (("106", "Slavery, servitude, forced or compulsory labour (MSA 2015 s1)"), 38),
    (("106/01", "Holding a person in slavery or servitude (MSA 2015 s1(1)(a))"), 12),
    (
      ("106/01", "Requiring a person to perform forced or compulsory labour (MSA 2015 s1(1)(b))"),
      17
    ),
    (
      (
        "106/02",
        "Arranging or facilitating travel of another person, with a view to exploitation (MSA 2015 s2)"
      ), 25
    ),
    (("106", "Committing an offence with intent to commit human trafficking (MSA 2015 s4)"), 8),
  ]

  private static let departments: [(String, Int)] = [
    ("Modern Slavery Team", 44), ("CID North", 17), ("CID South", 15), ("Safeguarding Hub", 14),
    ("Public Protection Unit", 10),
  ]

  /// Days from recording to outcome: buckets of days with weights, skewed to the right (median
  /// about three months, about one in ten over a year).
  private static let usualDelay: [(ClosedRange<Int>, Int)] = [
    (1...14, 8), (15...30, 10), (31...60, 15), (61...120, 22), (121...180, 15), (181...270, 12),
    (271...365, 8), (366...540, 6), (541...800, 4),
  ]
  /// Cancelled or transferred crimes leave the force's books quickly.
  private static let cancelledDelay: [(ClosedRange<Int>, Int)] = [
    (1...7, 30), (8...30, 40), (31...90, 20), (91...200, 10),
  ]
  /// Handing over to another agency is quicker than investigating to the end.
  private static let primacyDelay: [(ClosedRange<Int>, Int)] = [
    (1...14, 25), (15...60, 40), (61...180, 25), (181...400, 10),
  ]

  /// A crime before it becomes a line: `refYear` nil means an empty Occurrence Ref.
  private struct Crime {
    var refYear: Int?
    var recorded: String
    var code: String
    var offence: String
    var outcome: String
    var outcomeDate: String
    var department: String
    /// Keep only this many fields (a truncated line).
    var keepFields: Int? = nil
    var rejection: String? = nil
  }

  /// The two crime files.
  static func make() -> [ExportFile] {
    var random = SplitMix64(seed: 0x5EED_C21E_2020_2023)
    var byYear: [Int: [Crime]] = [:]
    for (yearIndex, year) in SeedTables.years.enumerated() {
      byYear[year] = crimes(of: year, yearIndex: yearIndex, random: &random)
    }
    let early = (byYear[2020] ?? []) + (byYear[2021] ?? [])
    let late = (byYear[2022] ?? []) + (byYear[2023] ?? [])

    // Rows the ingest must reject, each otherwise plausible.
    var earlyInserts: [(Int, Crime)] = []
    let outOfRange = CivilDate(year: 2019, month: 12, dayOfMonth: 14)
    earlyInserts.append(
      (
        0,
        Crime(
          refYear: 2019, recorded: outOfRange.uk, code: "106",
          offence: "Slavery, servitude, forced or compulsory labour (MSA 2015 s1)",
          outcome: "18: Investigation complete no suspect identified",
          outcomeDate: (outOfRange + 111).uk, department: "CID North",
          rejection: "Recorded Date `14/12/2019` is outside the years 2020–2023")
      ))
    let count2020 = byYear[2020]?.count ?? 0
    let blankAt = random.inRange(count2020 / 3...(2 * count2020) / 3)
    earlyInserts.append(
      (
        blankAt,
        Crime(
          refYear: nil, recorded: early[blankAt].recorded, code: "106/02",
          offence:
            "Arranging or facilitating travel of another person, with a view to exploitation (MSA 2015 s2)",
          outcome: "14: Victim declines/unable to support action to identify offender",
          outcomeDate: crimeDate(early[blankAt]).map { ($0 + 47).uk } ?? "",
          department: "Safeguarding Hub", rejection: "Occurrence Ref is empty")
      ))
    let tbcAt = random.inRange(count2020 + 40...early.count - 40)
    earlyInserts.append(
      (
        tbcAt,
        Crime(
          refYear: 2021, recorded: "TBC", code: "106",
          offence: "Slavery, servitude, forced or compulsory labour (MSA 2015 s1)",
          outcome: "Unknown", outcomeDate: "", department: "Modern Slavery Team",
          rejection: "Recorded Date `TBC` is not a date")
      ))

    var lateInserts: [(Int, Crime)] = []
    let count2022 = byYear[2022]?.count ?? 0
    let march2022 = CivilDate(year: 2022, month: 3, dayOfMonth: 1)
    let afterFebruary =
      late.firstIndex(where: { crimeDate($0).map { $0 >= march2022 } ?? false }) ?? 0
    lateInserts.append(
      (
        afterFebruary,
        Crime(
          refYear: 2022, recorded: "31/02/2022", code: "106/01",
          offence: "Requiring a person to perform forced or compulsory labour (MSA 2015 s1(1)(b))",
          outcome: "20: Other body/agency has investigation primacy", outcomeDate: "15/04/2022",
          department: "CID South",
          rejection: "Recorded Date `31/02/2022` is not a date (February has no 31st)")
      ))
    let truncatedAt = random.inRange(count2022 / 2...count2022 - 20)
    lateInserts.append(
      (
        truncatedAt,
        Crime(
          refYear: 2022, recorded: late[truncatedAt].recorded, code: "106",
          offence: "Slavery, servitude, forced or compulsory labour (MSA 2015 s1)",
          outcome: "16: Victim declines/withdraws support - named suspect identified",
          outcomeDate: "", department: "", keepFields: 5,
          rejection: "5 fields instead of 7 (line truncated after Outcome)")
      ))
    let blankLateAt = random.inRange(count2022 + 30...late.count - 30)
    lateInserts.append(
      (
        blankLateAt,
        Crime(
          refYear: nil, recorded: late[blankLateAt].recorded, code: "106",
          offence: "Committing an offence with intent to commit human trafficking (MSA 2015 s4)",
          outcome: "UU unresolved", outcomeDate: "", department: "Modern Slavery Team",
          rejection: "Occurrence Ref is empty")
      ))

    var serials = SplitMix64(seed: 0x5EED_0CC0_0000_0001)
    return [
      file(
        "crimes-2020-2021.csv", crimes: inserting(earlyInserts, into: early), savedByExcel: true,
        serials: &serials),
      file(
        "crimes-2022-2023.csv", crimes: inserting(lateInserts, into: late), savedByExcel: false,
        serials: &serials),
    ]
  }

  /// The crimes recorded in `year`, sorted by recording date.
  private static func crimes(of year: Int, yearIndex: Int, random: inout SplitMix64) -> [Crime] {
    // Crimes per month vary: a weight per month, drawn once per year.
    let monthWeights = (1...12).map { _ in 55 + random.below(90) }
    var labels: [String] = []
    for outcome in SeedTables.outcomes {
      labels += Array(repeating: outcome.label, count: outcome.counts[yearIndex])
    }
    var dates: [CivilDate] = labels.map { _ in
      let month = random.weighted(monthWeights) + 1
      let day = random.inRange(1...CivilDate.daysIn(year: year, month: month))
      return CivilDate(year: year, month: month, dayOfMonth: day)
    }
    dates.sort()
    random.shuffle(&labels)
    return zip(dates, labels).map { recorded, label in
      let offence = random.pick(offences)
      return Crime(
        refYear: year, recorded: recorded.uk, code: offence.code, offence: offence.text,
        outcome: messy(label, random: &random),
        outcomeDate: outcomeDate(for: label, recorded: recorded, random: &random)?.uk ?? "",
        department: random.pick(departments))
    }
  }

  /// When the outcome was recorded: blank for outcomes the force could not classify, otherwise
  /// after the recording date and never after the extraction date.
  private static func outcomeDate(for label: String, recorded: CivilDate, random: inout SplitMix64)
    -> CivilDate?
  {
    let buckets: [(ClosedRange<Int>, Int)]
    switch label {
    case "Unknown", "UU unresolved": return nil
    case "Cancelled / Transferred": buckets = cancelledDelay
    case "20: Other body/agency has investigation primacy": buckets = primacyDelay
    default: buckets = usualDelay
    }
    let date = recorded + random.inRange(random.pick(buckets))
    let extraction = SeedTables.extractionDate
    guard date >= extraction else { return date }
    // Not yet outcomed by the extraction date in reality: clamp inside the open window.
    return recorded + random.inRange(1...(extraction - recorded - 1))
  }

  /// The label as a person typed or a system mangled it: stray spaces (about 5%), case variants of
  /// `Unknown` and `Cancelled / Transferred`, a few doubled inner spaces.
  private static func messy(_ label: String, random: inout SplitMix64) -> String {
    let roll = random.below(1000)
    if roll < 50 {
      switch random.below(4) {
      case 0: return " " + label
      case 1: return label + " "
      case 2: return " " + label + " "
      default: return label + "  "
      }
    }
    if roll < 62 {
      if let colon = label.range(of: ": ") {
        return label.replacingCharacters(in: colon, with: ":  ")
      }
      return label.replacingOccurrences(of: " / ", with: "  / ")
    }
    switch label {
    case "Unknown" where roll < 150: return random.chance(1, in: 2) ? "unknown" : "UNKNOWN"
    case "Cancelled / Transferred" where roll < 300: return "Cancelled / transferred"
    default: return label
    }
  }

  private static func crimeDate(_ crime: Crime) -> CivilDate? {
    let parts = crime.recorded.split(separator: "/").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return CivilDate(year: parts[2], month: parts[1], dayOfMonth: parts[0])
  }

  private static func inserting(_ inserts: [(Int, Crime)], into crimes: [Crime]) -> [Crime] {
    var result = crimes
    // Highest position first so earlier positions stay valid; ties keep their listed order.
    for (position, crime) in inserts.enumerated().sorted(by: {
      ($0.element.0, $0.offset) > ($1.element.0, $1.offset)
    })
    .map(\.element) {
      result.insert(crime, at: position)
    }
    return result
  }

  /// Gives every row its Occurrence Ref (serials rise through the file, with gaps for the force's
  /// other occurrences) and lays the file out.
  private static func file(
    _ name: String, crimes: [Crime], savedByExcel: Bool, serials: inout SplitMix64
  ) -> ExportFile {
    var next: [Int: Int] = [:]
    let rows = crimes.map { crime in
      var ref = ""
      if let year = crime.refYear {
        let serial = next[year] ?? (1200 + serials.below(900))
        ref = "MS/\(pad(year % 100, 2))/\(pad(serial, 6))"
        next[year] = serial + 1 + serials.below(24)
      }
      let fields = [
        ref, crime.recorded, crime.code, crime.offence, crime.outcome, crime.outcomeDate,
        crime.department,
      ]
      return ExportFile.Row(
        fields: Array(fields.prefix(crime.keepFields ?? fields.count)), rejection: crime.rejection)
    }
    return ExportFile(name: name, header: header, savedByExcel: savedByExcel, rows: rows)
  }
}
