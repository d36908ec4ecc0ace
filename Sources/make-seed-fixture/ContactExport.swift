/// The contact export (`contact-reports.csv`): one row per modern slavery report, with how it
/// reached the force, so that reports per channel per calendar year give `channels-by-year.csv`
/// exactly.
enum ContactExport {
  static let header = ["Incident No", "Created", "How Received", "Incident Type"]

  private static let incidentTypes: [(String, Int)] = [
    ("Modern Slavery", 58), ("Human Trafficking", 17), ("Concern for welfare - MS", 25),
  ]

  /// Reports per hour of the day (0–23): emergency calls keep coming at night, the rest follow
  /// office hours.
  private static let emergencyHours = [
    6, 5, 4, 3, 3, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 7, 7, 8, 9, 9, 9, 8, 8, 7,
  ]
  private static let daytimeHours = [
    2, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 9, 9, 9, 9, 8, 8, 7, 6, 5, 4, 3, 2,
  ]

  private struct Report {
    var created: String
    /// The sort key: minutes since 1970.
    var minute: Int
    var channel: String
    var type: String
    var rejection: String? = nil
    /// The year of the Incident No (the creation year, or for a broken date the year it shows).
    var incidentYear: Int
  }

  static func make() -> ExportFile {
    var random = SplitMix64(seed: 0x5EED_C0DE_0000_0101)
    var reports: [Report] = []
    for (yearIndex, year) in SeedTables.years.enumerated() {
      let monthWeights = (1...12).map { _ in 60 + random.below(80) }
      var yearReports: [Report] = []
      for channel in SeedTables.channels {
        for _ in 0..<channel.counts[yearIndex] {
          let month = random.weighted(monthWeights) + 1
          let day = random.inRange(1...CivilDate.daysIn(year: year, month: month))
          let date = CivilDate(year: year, month: month, dayOfMonth: day)
          let hour = random.weighted(channel.label == "999" ? emergencyHours : daytimeHours)
          let minute = random.below(60)
          yearReports.append(
            Report(
              created: "\(date.iso) \(pad(hour, 2)):\(pad(minute, 2))",
              minute: date.day * 1440 + hour * 60 + minute,
              channel: messy(channel.label, random: &random),
              type: random.pick(incidentTypes), incidentYear: year))
        }
      }
      // By time, then by the order drawn (a stable sort keeps equal times in drawn order).
      reports += yearReports.enumerated().sorted {
        ($0.element.minute, $0.offset) < ($1.element.minute, $1.offset)
      }
      .map(\.element)
    }

    // Rows the ingest must reject.
    let monthThirteenMinute = CivilDate(year: 2021, month: 2, dayOfMonth: 13).day * 1440 + 600
    let monthThirteenAt =
      reports.firstIndex(where: { $0.minute > monthThirteenMinute }) ?? reports.count
    let first2022 = reports.firstIndex(where: { $0.incidentYear == 2022 }) ?? 0
    let emptyAt = random.inRange(first2022 + 100...first2022 + 250)
    let inserts: [(Int, Report)] = [
      (
        monthThirteenAt,
        Report(
          created: "2021-13-02 10:00", minute: monthThirteenMinute, channel: "101",
          type: "Modern Slavery",
          rejection: "Created `2021-13-02 10:00` is not a date (month 13)", incidentYear: 2021)
      ),
      (
        emptyAt,
        Report(
          created: "", minute: reports[emptyAt].minute, channel: "999",
          type: "Concern for welfare - MS", rejection: "Created is empty", incidentYear: 2022)
      ),
    ]
    for (position, report) in inserts.sorted(by: { $0.0 > $1.0 }) {
      reports.insert(report, at: position)
    }

    // Incident numbers rise through each year, with wide gaps: most incidents are not modern slavery.
    var serials = SplitMix64(seed: 0x5EED_1C1D_0000_0002)
    var next: [Int: Int] = [:]
    let rows = reports.map { report in
      let serial = next[report.incidentYear] ?? (100 + serials.below(300))
      next[report.incidentYear] = serial + 20 + serials.below(380)
      let number = "INC-\(pad(report.incidentYear % 100, 2))-\(pad(serial, 6))"
      return ExportFile.Row(
        fields: [number, report.created, report.channel, report.type], rejection: report.rejection)
    }
    return ExportFile(name: "contact-reports.csv", header: header, savedByExcel: false, rows: rows)
  }

  /// The channel as the contact system recorded it, now and then with stray case or spaces.
  private static func messy(_ channel: String, random: inout SplitMix64) -> String {
    let roll = random.below(1000)
    switch channel {
    case "E-Mail" where roll < 90: return "e-mail"
    case "E-Mail" where roll < 160: return "E-mail "
    case "101" where roll < 30: return " 101"
    case "In person" where roll < 300: return "IN PERSON"
    default: return channel
    }
  }
}
