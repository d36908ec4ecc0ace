/// The briefing tables made from police.uk open data: what was read, the outcome distribution of
/// the crimes (by police.uk category and by Home Office outcome group), the same by crime type, by
/// force (`Falls within`) and by month, and anti-social behaviour counted apart.
///
/// Every table counts crimes of the street files read, each once, with the outcome
/// `PoliceUKJoin` gives it. Rows and columns are in a fixed order (labels ascending; categories
/// by their count over all crimes, then by name; groups in the Home Office's order), so the same
/// files always give the same tables.
public struct PoliceUKTables: Sendable {
  /// The tables, in the order a briefing shows them.
  public var tables: [StatTable]
  /// The notes the tables cite, numbered from the `firstNoteNumber` given to `make`.
  public var notes: [Note]

  /// The source line of every table.
  public static let source = "police.uk open data, Open Government Licence v3.0"

  /// The table ids, in order.
  public enum TableID {
    public static let summary = "policeuk-summary"
    public static let category = "policeuk-outcome-category"
    public static let group = "policeuk-outcome-group"
    public static let crimeTypeCategory = "policeuk-crimetype-category"
    public static let crimeTypeGroup = "policeuk-crimetype-group"
    public static let forceCategory = "policeuk-force-category"
    public static let forceGroup = "policeuk-force-group"
    public static let monthCategory = "policeuk-month-category"
    public static let monthGroup = "policeuk-month-group"
    public static let antisocialBehaviour = "policeuk-asb"
  }

  /// Makes the tables and their notes. Notes are numbered from `firstNoteNumber`, so they can be
  /// appended to a briefing's own notes.
  public static func make(from data: PoliceUKData, firstNoteNumber: Int = 1) -> PoliceUKTables {
    let join = PoliceUKJoin(data)
    return make(from: data, join: join, firstNoteNumber: firstNoteNumber)
  }

  /// As `make(from:firstNoteNumber:)`, with a join already made.
  public static func make(from data: PoliceUKData, join: PoliceUKJoin, firstNoteNumber: Int = 1)
    -> PoliceUKTables
  {
    let n = firstNoteNumber
    let (sourceNote, methodNote, mappingNote, duplicatesNote, asbNote) = (
      n, n + 1, n + 2, n + 3, n + 4
    )
    let store = data.store
    let crimes = join.categoryOfCrime

    // Categories in order of their count over all crimes, then by name.
    var crimesOfCategory = [Int](repeating: 0, count: join.categoryList.count)
    for c in crimes { crimesOfCategory[Int(c)] += 1 }
    var categoryCount: [PoliceUKOutcomeCategory: Int] = [:]
    for (i, c) in join.categoryList.enumerated() where crimesOfCategory[i] > 0 {
      categoryCount[c, default: 0] += crimesOfCategory[i]
    }
    let categories = categoryCount.keys.sorted {
      (categoryCount[$0] ?? 0, $1.displayLabel) > (categoryCount[$1] ?? 0, $0.displayLabel)
    }
    // Group columns: the Home Office groups in their order, the two evidential difficulties groups
    // as one (police.uk's 'Unable to prosecute suspect' spans both), then one per other category
    // with no group.
    let groupColumns: [GroupColumn] =
      OutcomeGroup.allCases.compactMap { g -> GroupColumn? in
        switch g {
        case .evidentialDifficultiesVictimSupports: .evidentialJoint
        case .evidentialDifficultiesVictimDoesNotSupport: nil
        default: .group(g)
        }
      }
      + categories.filter { $0.group == nil && !$0.isEvidentialJoint }.map { .unmapped($0) }
    let total = crimes.count

    var tables: [StatTable] = []

    // What was read.
    let streetRecs = data.reconciliation.filter { $0.source == PoliceUKData.streetSource }
    let outcomeRecs = data.reconciliation.filter { $0.source == PoliceUKData.outcomesSource }
    func sum(_ recs: [FileReconciliation], _ f: (FileReconciliation) -> Int) -> Int {
      recs.reduce(0) { $0 + f($1) }
    }
    let summaryRows: [(String, Int)] = [
      ("Street files read", streetRecs.count),
      ("Street rows read", sum(streetRecs, \.rowsRead)),
      ("Crimes (one per Crime ID)", crimes.count),
      ("Anti-social behaviour incidents (counted apart)", data.antisocialBehaviour.count),
      ("Street rows superseded: exact copies", data.streetExactDuplicates),
      ("Street rows superseded: same Crime ID, other values", data.streetConflictingDuplicates),
      ("Street rows rejected", sum(streetRecs, \.rejected)),
      ("Outcomes files read", outcomeRecs.count),
      ("Outcome rows read", sum(outcomeRecs, \.rowsRead)),
      ("Outcome rows accepted", sum(outcomeRecs, \.accepted)),
      ("Outcome rows superseded: exact copies", data.outcomeExactDuplicates),
      (
        "Outcome rows superseded: same Crime ID and month, other outcome",
        data.outcomeConflictingDuplicates
      ),
      ("Outcome rows rejected", sum(outcomeRecs, \.rejected)),
      ("Crimes with an outcome row", join.crimesWithOutcomeRow),
      (
        "Crimes with the street file's last outcome category only",
        crimes.count - join.crimesWithOutcomeRow
      ),
      (
        "Outcome rows for crimes not in the street files (earlier months)",
        join.outcomeRowsForOtherCrimes - join.outcomeRowsForCrimesOutsideThePeriod
      ),
    ]
    let outsideRows: [(String, Int)] =
      data.limits == nil
      ? []
      : [
        (
          "Outcome rows for crimes whose street rows are outside the period",
          join.outcomeRowsForCrimesOutsideThePeriod
        )
      ]
    tables.append(
      StatTable(
        id: TableID.summary, title: "police.uk open data: rows read and how they were used",
        subtitle: "Rows and crimes, all files read",
        noteNumbers: [sourceNote, methodNote, duplicatesNote],
        source: source, columns: [.init("Measure", .label), .init("Count", .count)],
        rows: (summaryRows + outsideRows).map { [.text($0.0), .integer($0.1)] }))

    // Distribution by category.
    tables.append(
      StatTable(
        id: TableID.category, title: "Crimes by police.uk outcome category",
        subtitle:
          "Crimes of the street files read, by each crime's latest outcome; counts and share of all crimes",
        noteNumbers: [sourceNote, methodNote, mappingNote], source: source,
        columns: [
          .init("Outcome category", .label), .init("Stage", .text),
          .init("Home Office outcome group", .text), .init("Crimes", .count),
          .init("Share of crimes", .percent),
        ],
        rows: categories.map { c in
          let count = categoryCount[c] ?? 0
          return [
            .text(c.displayLabel), .text(stageText(c.stage)), .text(c.groupLabel), .integer(count),
            share(count, total),
          ]
        } + [
          [
            .text("All crimes"), .shorthand(.notApplicable), .shorthand(.notApplicable),
            .integer(total), share(total, total),
          ]
        ]))

    // Distribution by group.
    let groupCounts = groupColumns.map { column in
      categories.filter { column.contains($0) }.reduce(0) { $0 + (categoryCount[$1] ?? 0) }
    }
    tables.append(
      StatTable(
        id: TableID.group, title: "Crimes by Home Office outcome group",
        subtitle:
          "Crimes of the street files read, by the group of each crime's latest police.uk outcome; counts and share of all crimes",
        noteNumbers: [sourceNote, methodNote, mappingNote], source: source,
        columns: [
          .init("Home Office outcome group", .label), .init("Crimes", .count),
          .init("Share of crimes", .percent),
        ],
        rows: zip(groupColumns, groupCounts).map {
          [.text($0.0.title), .integer($0.1), share($0.1, total)]
        }
          + [[.text("All crimes"), .integer(total), share(total, total)]]))

    // Cross tables.
    // Each dimension: its tables' ids, its words, and a crime's value as a number (a pool entry
    // or a packed month) with the text shown for it.
    typealias Value = (number: (PoliceUKData.StreetRecord) -> UInt64, text: (UInt64) -> String)
    let pooled: (UInt64) -> String = { store.values[Int($0)] }
    let dimensions: [(String, String, String, String, Value)] = [
      (
        TableID.crimeTypeCategory, TableID.crimeTypeGroup, "crime type", "Crime type",
        ({ UInt64($0.crimeType) }, pooled)
      ),
      (
        TableID.forceCategory, TableID.forceGroup, "force", "Force (falls within)",
        ({ UInt64($0.fallsWithin) }, pooled)
      ),
      (
        TableID.monthCategory, TableID.monthGroup, "month", "Month (of the crime)",
        ({ UInt64(UInt32($0.month)) }, { store.month(Int32(truncatingIfNeeded: $0)) })
      ),
    ]
    for (categoryID, groupID, word, header, value) in dimensions {
      // Crimes by key text and category number; a key's text is made once per distinct value,
      // and values whose texts are equal strings are one key.
      var keyNumber: [String: Int] = [:]
      var keyTexts: [String] = []
      var keyOfValue: [UInt64: Int] = [:]
      var counts: [[Int]] = []
      for (i, crime) in store.street.enumerated() {
        let number = value.number(crime)
        let k: Int
        if let known = keyOfValue[number] {
          k = known
        } else {
          let text = value.text(number)
          if let known = keyNumber[text] {
            k = known
          } else {
            k = keyTexts.count
            keyNumber[text] = k
            keyTexts.append(text)
            counts.append([Int](repeating: 0, count: join.categoryList.count))
          }
          keyOfValue[number] = k
        }
        counts[k][Int(crimes[i])] += 1
      }
      func count(_ k: Int, _ category: PoliceUKOutcomeCategory) -> Int {
        join.categoryList.indices.reduce(0) {
          $0 + (join.categoryList[$1] == category ? counts[k][$1] : 0)
        }
      }
      let keys = keyTexts.indices.sorted { keyTexts[$0] < keyTexts[$1] }
      let categoryRows: [[Cell]] = keys.map { k in
        return [.text(keyTexts[k]), .integer(counts[k].reduce(0, +))]
          + categories.map { cat in .integer(count(k, cat)) }
      }
      let categoryTotal: [Cell] =
        [.text("All crimes"), .integer(total)] + categories.map { .integer(categoryCount[$0] ?? 0) }
      tables.append(
        StatTable(
          id: categoryID, title: "Crimes by \(word) and police.uk outcome category",
          subtitle:
            "Crimes of the street files read, by \(word) and each crime's latest outcome; counts",
          noteNumbers: [sourceNote, methodNote], source: source,
          columns: [.init(header, .label), .init("Crimes", .count)]
            + categories.map { .init($0.displayLabel, .count) },
          rows: categoryRows + [categoryTotal]))
      // Only the groups some crime falls in: the full list is in the overall table.
      let used = zip(groupColumns, groupCounts).filter { $0.1 != 0 }
      let groupRows: [[Cell]] = keys.map { k in
        return [.text(keyTexts[k]), .integer(counts[k].reduce(0, +))]
          + used.map { column, _ in
            .integer(categories.filter { column.contains($0) }.reduce(0) { $0 + count(k, $1) })
          }
      }
      let groupTotal: [Cell] =
        [.text("All crimes"), .integer(total)] + used.map { .integer($0.1) }
      tables.append(
        StatTable(
          id: groupID, title: "Crimes by \(word) and Home Office outcome group",
          subtitle:
            "Crimes of the street files read, by \(word) and the group of each crime's latest outcome (groups with no crimes left out); counts",
          noteNumbers: [sourceNote, methodNote, mappingNote], source: source,
          columns: [.init(header, .label), .init("Crimes", .count)]
            + used.map { .init($0.0.title, .count) },
          rows: groupRows + [groupTotal]))
    }

    // Anti-social behaviour, apart.
    var asb: [String: Int] = [:]
    var asbByValue: [UInt64: Int] = [:]
    for incident in store.asb {
      asbByValue[UInt64(incident.fallsWithin) << 32 | UInt64(UInt32(incident.month)), default: 0] +=
        1
    }
    for (key, n) in asbByValue {
      let force = store.values[Int(key >> 32)]
      let month = store.month(Int32(truncatingIfNeeded: key & 0xFFFF_FFFF))
      asb[force + "\u{1F}" + month, default: 0] += n
    }
    let asbRows: [[Cell]] = asb.keys.sorted().map { k in
      let parts = k.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
      return [
        .text(parts.first ?? ""), .text(parts.count > 1 ? parts[1] : ""), .integer(asb[k] ?? 0),
      ]
    }
    tables.append(
      StatTable(
        id: TableID.antisocialBehaviour, title: "Anti-social behaviour incidents (not crimes)",
        subtitle: "Anti-social behaviour rows of the street files, by force and month; counts",
        noteNumbers: [sourceNote, asbNote], source: source,
        columns: [
          .init("Force (falls within)", .label), .init("Month", .label), .init("Incidents", .count),
        ],
        rows: asbRows + [
          [
            .text("All incidents"), .shorthand(.notApplicable),
            .integer(data.antisocialBehaviour.count),
          ]
        ]))

    // Notes.
    var mapping =
      "police.uk publishes outcome categories in its own words, not Home Office outcome types. A category is mapped to a Home Office outcome group only where the mapping is sound. Court stages and results (e.g. 'Court result unavailable', 'Awaiting court outcome', 'Offender fined') follow a charge or summons and are counted as Charged/Summonsed."
    let unmapped = categories.filter { $0.group == nil }
    if !unmapped.isEmpty {
      mapping +=
        " Not mapped: " + unmapped.map { "'\($0.displayLabel)': \($0.note)" }.joined(separator: " ")
    }
    if !join.unknownLabels.isEmpty {
      mapping +=
        " Labels that are not published police.uk categories, kept as found: "
        + join.unknownLabels.map { "'\($0.label)' (\($0.crimes) crimes)" }.joined(separator: ", ")
        + "."
    }
    let notes = [
      Note(
        number: sourceNote,
        text:
          "Source: police.uk open data (data.police.uk), street and outcomes files. Contains public sector information licensed under the Open Government Licence v3.0. police.uk regenerates earlier months in each release, so another download of the same month may differ."
      ),
      Note(
        number: methodNote,
        text:
          "Each crime of the street files is counted once, with its latest outcome: the outcomes-file row for its Crime ID with the latest month (ties: the later file, then the later line), or, when no outcome row was read, the street file's 'Last outcome category'. \(join.crimesWithOutcomeRow) of \(crimes.count) crimes have an outcome row. Outcomes files also list outcomes of crimes from earlier months: \(join.outcomeRowsForOtherCrimes) outcome rows (\(join.otherCrimeIDs) crimes) refer to crimes not in the street files read\(join.outcomeRowsForCrimesOutsideThePeriod > 0 ? " (\(join.outcomeRowsForCrimesOutsideThePeriod) of them, for \(join.crimesOutsideThePeriodWithOutcomeRow) crimes, to crimes whose street rows are outside the period)" : "") and are not counted here. Months are the months the crimes were recorded.\(data.limits.map { " Street rows of months outside \($0.periodDescription), and rows of months that begin after the extraction date (\($0.extractionDate.iso)), are rejected and counted in the reconciliation; outcome rows of later months up to the extraction date are kept, since they are later outcomes of the period's crimes." } ?? "")"
      ),
      Note(number: mappingNote, text: mapping),
      Note(
        number: duplicatesNote,
        text:
          "A Crime ID can appear more than once in a street file, as an exact copy or with another location or last outcome. One row is kept: the latest month, then the later file, then the later line; the others are counted as superseded. Outcome rows repeated for the same Crime ID and month are treated the same way. Rows whose Month is not YYYY-MM are rejected."
      ),
      Note(
        number: asbNote,
        text:
          "Anti-social behaviour incidents are not crimes: they have no Crime ID and no outcome, and are counted apart from crimes. Identical anti-social behaviour rows are all kept, since without an ID two incidents in the same street and month look the same."
      ),
    ]
    return PoliceUKTables(tables: tables, notes: notes)
  }

  private enum GroupColumn {
    case group(OutcomeGroup)
    case evidentialJoint
    case unmapped(PoliceUKOutcomeCategory)

    var title: String {
      switch self {
      case .group(let g): g.rawValue
      case .evidentialJoint: "Evidential difficulties (both groups jointly)"
      case .unmapped(let c): "No single group: \(c.displayLabel)"
      }
    }

    func contains(_ category: PoliceUKOutcomeCategory) -> Bool {
      switch self {
      case .group(let g): category.group == g
      case .evidentialJoint: category.group == nil && category.isEvidentialJoint
      case .unmapped(let c): category.group == nil && category == c
      }
    }
  }

  private static func stageText(_ stage: PoliceUKOutcomeCategory.Stage) -> String {
    switch stage {
    case .police: "Police outcome"
    case .court: "Court stage"
    case .status: "Status, not an outcome"
    case .unknown: "Unknown label"
    }
  }

  private static func share(_ count: Int, _ total: Int) -> Cell {
    total > 0 ? .number(Double(count) / Double(total)) : .shorthand(.notApplicable)
  }
}
