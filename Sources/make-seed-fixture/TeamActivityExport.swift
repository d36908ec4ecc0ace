/// The team activity log (`team-activity.csv`): one row per event of the modern slavery team, with
/// the team's own activity label, so that events per activity per month give
/// `enforcement-monthly.csv` exactly (Sep-22 to Jan-24).
enum TeamActivityExport {
  static let header = ["Activity Date", "Activity", "Officer"]

  /// Pseudonymous officer codes, weighted by how much each logs.
  private static let officers: [(String, Int)] = [
    ("MST-03", 20), ("MST-07", 30), ("MST-11", 25), ("MST-12", 15), ("MST-15", 10),
  ]

  static func make() -> ExportFile {
    var random = SplitMix64(seed: 0x5EED_7EA3_2022_2024)
    var events: [(date: CivilDate, activity: Int, officer: String)] = []
    for (monthIndex, month) in SeedTables.enforcementMonths.enumerated() {
      let days = (1...CivilDate.daysIn(year: month.year, month: month.month)).map {
        CivilDate(year: month.year, month: month.month, dayOfMonth: $0)
      }
      // The team works weekdays; weekend events happen but are rarer.
      let dayWeights = days.map { $0.weekday == 0 || $0.weekday == 6 ? 1 : 5 }
      for (activityIndex, activity) in SeedTables.enforcement.enumerated() {
        for _ in 0..<activity.counts[monthIndex] {
          events.append(
            (days[random.weighted(dayWeights)], activityIndex, random.pick(officers)))
        }
      }
    }
    events.sort { ($0.date.day, $0.activity, $0.officer) < ($1.date.day, $1.activity, $1.officer) }
    var rows = events.map {
      ExportFile.Row(
        fields: [$0.date.uk, SeedTables.enforcement[$0.activity].activity, $0.officer],
        rejection: nil)
    }
    let notApplicableAt = random.inRange(rows.count / 3...(2 * rows.count) / 3)
    rows.insert(
      ExportFile.Row(
        fields: ["n/a", "NRM referral", "MST-11"],
        rejection: "Activity Date `n/a` is not a date"),
      at: notApplicableAt)
    return ExportFile(name: "team-activity.csv", header: header, savedByExcel: false, rows: rows)
  }
}
