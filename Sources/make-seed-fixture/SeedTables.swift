/// The figures of the three published seed tables (`shared/seed-tables/*.csv`), transcribed here
/// so the generator needs nothing but itself. `Fixtures/seed-force/check_fixture.py` reads the
/// CSVs independently and checks that the generated exports add up to them, cell by cell.
enum SeedTables {
  /// The calendar years of the outcome and channel tables.
  static let years = [2020, 2021, 2022, 2023]

  /// Modern slavery crimes by the force's outcome label, per year 2020–2023
  /// (`outcomes-by-year.csv`).
  static let outcomes: [(label: String, counts: [Int])] = [
    ("1: Charged", [10, 2, 2, 2]),
    ("1: Summonsed/postal requisition", [0, 0, 0, 0]),
    ("10: Police - formal action not in public interest", [1, 0, 0, 0]),
    ("13: Named suspect but victim/key witness deceased or too ill", [0, 0, 0, 0]),
    ("14: Victim declines/unable to support action to identify offender", [39, 47, 37, 29]),
    ("15: CPS - named suspect, victim supports but evidential difficulties", [4, 2, 1, 3]),
    ("15: Police - named suspect, victim supports but evidential difficulties", [16, 11, 8, 18]),
    ("16: Victim declines/withdraws support - named suspect identified", [15, 12, 23, 17]),
    ("18: Investigation complete no suspect identified", [60, 65, 73, 59]),
    ("20: Other body/agency has investigation primacy", [13, 17, 12, 18]),
    ("21: Police - named suspect, investigation not in the public interest", [2, 1, 1, 0]),
    (
      "22: Diversionary, educational or intervention activity, not in public interest to take further action",
      [8, 0, 0, 0]
    ),
    ("Cancelled / Transferred", [14, 22, 13, 9]),
    ("Unknown", [31, 59, 84, 61]),
    ("UU unresolved", [7, 7, 24, 34]),
  ]
  static let outcomeTotals = [220, 245, 278, 250]

  /// Modern slavery reports by how the report reached the force, per year 2020–2023
  /// (`channels-by-year.csv`).
  static let channels: [(label: String, counts: [Int])] = [
    ("101", [143, 135, 154, 165]),
    ("999", [62, 106, 131, 125]),
    ("In person", [3, 4, 4, 6]),
    ("Contact Record", [1, 2, 4, 7]),
    ("Direct", [1, 0, 0, 0]),
    ("Facebook", [3, 1, 3, 5]),
    ("EMAS", [1, 2, 4, 6]),
    ("LFRS", [1, 0, 0, 0]),
    ("Cambs", [0, 2, 0, 0]),
    ("Northants", [0, 0, 1, 3]),
    ("Radio", [11, 10, 8, 12]),
    ("Alarm", [0, 3, 9, 0]),
    ("E-Mail", [44, 20, 26, 31]),
    ("SMS", [0, 0, 0, 1]),
  ]
  static let channelTotals = [270, 285, 344, 361]

  /// The months of the enforcement table, Sep-22 to Jan-24, as (year, month).
  static let enforcementMonths: [(year: Int, month: Int)] =
    (9...12).map { (2022, $0) } + (1...12).map { (2023, $0) } + [(2024, 1)]

  /// Monthly activity of the modern slavery team (`enforcement-monthly.csv`), keyed by the force's
  /// own activity label; `measure` is the published measure the configuration maps it to.
  static let enforcement: [(activity: String, measure: String, counts: [Int])] = [
    ("PVOT engaged", "PVOT engaged with", [8, 8, 6, 7, 8, 6, 5, 11, 4, 4, 3, 4, 3, 2, 2, 4, 5]),
    ("PVOT liberated", "PVOT liberated", [2, 1, 3, 0, 1, 2, 0, 3, 0, 2, 1, 0, 2, 0, 0, 1, 3]),
    (
      "S45 defence request", "S45 defence assistance",
      [6, 8, 8, 7, 7, 35, 15, 10, 11, 15, 16, 10, 10, 21, 12, 11, 9]
    ),
    (
      "NRM referral", "Total NRM occurrences",
      [17, 28, 18, 13, 13, 21, 12, 17, 19, 19, 21, 23, 15, 18, 11, 6, 18]
    ),
  ]

  /// The day the exports were extracted from the records system: 05/02/2024.
  static let extractionDate = CivilDate(year: 2024, month: 2, dayOfMonth: 5)
}
