/// The same force's crimes extracted again on 7 May 2024 (`Fixtures/seed-force-2024-05/`): the
/// February crimes, three months on. Some crimes unresolved in February have an outcome now
/// (three of them a charge), a few whose outcome was unknown have been cancelled or transferred,
/// two have been reclassified to other offences and left the modern slavery export, three
/// crimes recorded late in 2023 appear for the first time, and crimes recorded since February
/// are in a third file. Every change is listed (`changes`) for the fixture's README.
enum MayExtraction {
  static let extractionDate = CivilDate(year: 2024, month: 5, dayOfMonth: 7)
  /// The first day after the February extraction.
  static let sinceFebruary = SeedTables.extractionDate + 1

  struct Change {
    var reference: String
    var what: String
  }

  static func make(from february: [ExportFile]) -> (files: [ExportFile], changes: [Change]) {
    var random = SplitMix64(seed: 0x5EED_2024_0507_0001)
    var files = february
    var changes: [Change] = []
    /// Rows that count, as (file, row) positions, in file order.
    func counted(_ test: (ExportFile.Row) -> Bool) -> [(Int, Int)] {
      var out: [(Int, Int)] = []
      for f in files.indices {
        for r in files[f].rows.indices
        where files[f].rows[r].rejection == nil && !files[f].rows[r].fields[0].isEmpty
          && test(files[f].rows[r])
        {
          out.append((f, r))
        }
      }
      return out
    }
    func outcome(_ row: ExportFile.Row) -> String {
      row.fields[4].split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        .lowercased()
    }
    func recorded(_ row: ExportFile.Row) -> CivilDate {
      let p = row.fields[1].split(separator: "/").compactMap { Int($0) }
      return CivilDate(year: p[2], month: p[1], dayOfMonth: p[0])
    }
    /// `count` distinct positions drawn from `candidates`, in file order.
    func draw(_ count: Int, from candidates: [(Int, Int)]) -> [(Int, Int)] {
      var pool = candidates
      var chosen: [(Int, Int)] = []
      for _ in 0..<min(count, pool.count) {
        chosen.append(pool.remove(at: random.below(pool.count)))
      }
      return chosen.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }
    /// A day after the February extraction, after `after`, on or before the May extraction.
    func laterDay(after: CivilDate) -> CivilDate {
      let first = max(sinceFebruary, after + 1)
      return first + random.inRange(0...(extractionDate - first))
    }

    // Outcomes recorded since February, for crimes unresolved then: three charges (crimes of
    // 2023), the rest other outcomes.
    let unresolved = counted { outcome($0) == "uu unresolved" }
    let charged = draw(
      3, from: unresolved.filter { recorded(files[$0.0].rows[$0.1]).components.year == 2023 })
    let chargedSet = Set(charged.map { [$0.0, $0.1] })
    let others = draw(11, from: unresolved.filter { !chargedSet.contains([$0.0, $0.1]) })
    let laterOutcomes = [
      "18: Investigation complete no suspect identified",
      "14: Victim declines/unable to support action to identify offender",
      "16: Victim declines/withdraws support - named suspect identified",
    ]
    for (i, (f, r)) in (charged + others).enumerated() {
      let label = i < charged.count ? "1: Charged" : laterOutcomes[i % laterOutcomes.count]
      files[f].rows[r].fields[4] = label
      files[f].rows[r].fields[5] = laterDay(after: recorded(files[f].rows[r])).uk
      changes.append(
        .init(reference: files[f].rows[r].fields[0], what: "outcome recorded: \(label)"))
    }
    // Cancelled or transferred since February: crimes whose outcome was unknown.
    let unknown = counted { outcome($0) == "unknown" }
    for (f, r) in draw(4, from: unknown) {
      files[f].rows[r].fields[4] = "Cancelled / Transferred"
      files[f].rows[r].fields[5] = laterDay(after: recorded(files[f].rows[r])).uk
      changes.append(.init(reference: files[f].rows[r].fields[0], what: "cancelled or transferred"))
    }
    // Reclassified to another offence: no longer in the modern slavery export.
    let changed = Set(changes.map(\.reference))
    let stable = counted {
      !changed.contains($0.fields[0]) && recorded($0).components.year >= 2022
        && outcome($0) == "18: investigation complete no suspect identified"
    }
    let gone = draw(2, from: stable)
    for (f, r) in gone {
      changes.append(
        .init(reference: files[f].rows[r].fields[0], what: "reclassified: left the export"))
    }
    for (f, r) in gone.sorted(by: { ($0.0, $0.1) > ($1.0, $1.1) }) {
      files[f].rows.remove(at: r)
    }
    // Crimes recorded late in 2023 that were first put on the system after February.
    let late = files.firstIndex { $0.name == "crimes-2022-2023.csv" }!
    for (n, day) in [(0, 14), (1, 21), (2, 28)] {
      let date = CivilDate(year: 2023, month: 12, dayOfMonth: day - n)
      let reference = "MS/23/\(pad(9001 + n, 6))"
      files[late].rows.append(
        .init(
          fields: [
            reference, date.uk, "106",
            "Slavery, servitude, forced or compulsory labour (MSA 2015 s1)",
            "UU unresolved", "", "Modern Slavery Team",
          ], rejection: nil))
      changes.append(
        .init(reference: reference, what: "appeared: recorded \(date.uk), added after February"))
    }
    // Crimes recorded since February (outside a paper of 2020-2023).
    var rows: [ExportFile.Row] = []
    var day = sinceFebruary
    var serial = 1200
    while day <= extractionDate {
      let label =
        random.chance(1, in: 4)
        ? "18: Investigation complete no suspect identified" : "UU unresolved"
      let outcomeDate =
        label == "UU unresolved" || day >= extractionDate ? "" : laterDay(after: day).uk
      rows.append(
        .init(
          fields: [
            "MS/24/\(pad(serial, 6))", day.uk, "106/02",
            "Arranging or facilitating travel of another person, with a view to exploitation (MSA 2015 s2)",
            outcomeDate.isEmpty ? "UU unresolved" : label, outcomeDate, "Modern Slavery Team",
          ], rejection: "Recorded Date `\(day.uk)` is outside the years 2020–2023"))
      serial += 1 + random.below(12)
      day = day + 4 + random.below(6)
    }
    files.append(
      ExportFile(
        name: "crimes-2024.csv", header: CrimesExport.header, savedByExcel: false, rows: rows))
    return (files, changes)
  }
}
