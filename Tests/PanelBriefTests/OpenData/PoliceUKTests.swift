import Foundation
import Testing

@testable import PanelBrief

/// The real police.uk files (City of London Police, January 2025) in ../shared/realdata/police-uk.
///
/// Every expected figure below was printed by the independent script
/// `Tests/PanelBriefTests/OpenData/police_uk_counts.py` (Python 3.11.7, standard library `csv`
/// only), run with no arguments over the same two files; the row counts also agree with the check
/// script's output in ../shared/realdata/police-uk/README.md.
@Suite struct PoliceUKTests {
  static let folder = TestPaths.shared + "/realdata/police-uk"
  static let street = folder + "/2025-01-city-of-london-street.csv"
  static let outcomes = folder + "/2025-01-city-of-london-outcomes.csv"

  static func realData() throws -> PoliceUKData {
    try PoliceUKData.read(streetFiles: [street], outcomeFiles: [outcomes])
  }

  @Test func reconcilesEveryRowOfTheRealFiles() throws {
    let data = try Self.realData()
    #expect(data.reconciliation.count == 2)
    let s = data.reconciliation[0]
    let o = data.reconciliation[1]
    // police_uk_counts.py: "street ...: read 629 rejected {}", "street crimes accepted (distinct
    // Crime IDs): 614", "ASB rows: 2", "street rows superseded: 13".
    #expect(s.source == "police-uk street")
    #expect(s.rowsRead == 629)
    #expect(s.accepted == 616)  // 614 crimes + 2 ASB incidents
    #expect(s.superseded == 13)
    #expect(s.rejected == 0)
    #expect(s.rowsRead == s.accepted + s.superseded + s.rejected)
    #expect(s.sha256 == "e1b956a3e57c4f568abbc3e1411ff2b2559e6ab29a7f9831a513838e6dbc8766")
    #expect(data.crimes.count == 614)
    #expect(data.antisocialBehaviour.count == 2)
    // README: 1 exact duplicate row, 12 repeated IDs whose rows differ.
    #expect(data.streetExactDuplicates == 1)
    #expect(data.streetConflictingDuplicates == 12)
    // police_uk_counts.py: "outcomes ...: read 756 rejected {}", "outcome rows accepted: 747",
    // "outcome rows superseded: 9".
    #expect(o.source == "police-uk outcomes")
    #expect(o.rowsRead == 756)
    #expect(o.accepted == 747)
    #expect(o.superseded == 9)
    #expect(o.rejected == 0)
    #expect(o.sha256 == "33e804f8419c7afa85b215a9507d0521b091bda2dac3087f91a55defddee49af")
    #expect(data.outcomeExactDuplicates == 9)
    #expect(data.outcomeConflictingDuplicates == 0)
  }

  @Test func joinsOutcomesToCrimes() throws {
    let join = PoliceUKJoin(try Self.realData())
    // police_uk_counts.py: "crimes with an outcome row: 270", "outcome rows for crimes not in
    // the street files: 477 | distinct Crime IDs: 477", "outcome taken from street Last outcome
    // category: 344".
    #expect(join.crimes.count == 614)
    #expect(join.crimesWithOutcomeRow == 270)
    #expect(join.outcomeRowsForOtherCrimes == 477)
    #expect(join.otherCrimeIDs == 477)
    #expect(join.crimes.filter { $0.source == .streetFile }.count == 344)
    #expect(join.unknownLabels.isEmpty)
  }

  @Test func distributionByCategoryMatchesThePythonCount() throws {
    let join = PoliceUKJoin(try Self.realData())
    var counts: [String: Int] = [:]
    for c in join.crimes { counts[c.category.label, default: 0] += 1 }
    // police_uk_counts.py, "distribution by outcome category (each crime's latest outcome)".
    let expected: [String: Int] = [
      "Investigation complete; no suspect identified": 337,
      "Unable to prosecute suspect": 122,
      "Status update unavailable": 69,
      "Court result unavailable": 35,
      "Suspect charged": 17,
      "Local resolution": 13,
      "Awaiting court outcome": 6,
      "Further investigation is not in the public interest": 5,
      "Offender given a caution": 5,
      "Formal action is not in the public interest": 4,
      "Further action is not in the public interest": 1,
    ]
    #expect(counts == expected)
  }

  @Test func categoryAndCrimeTypeTables() throws {
    let data = try Self.realData()
    let out = PoliceUKTables.make(from: data, firstNoteNumber: 7)
    let ids = out.tables.map(\.id)
    #expect(Set(ids).count == ids.count)
    #expect(ids.allSatisfy { $0.count <= 31 })
    #expect(out.notes.map(\.number) == [7, 8, 9, 10, 11])
    #expect(
      out.tables.allSatisfy { $0.source == "police.uk open data, Open Government Licence v3.0" })
    for table in out.tables {
      for row in table.rows { #expect(row.count == table.columns.count, "\(table.id)") }
    }

    let category = try #require(out.tables.first { $0.id == PoliceUKTables.TableID.category })
    // First rows, in order of count (police_uk_counts.py).
    #expect(category.rows[0][0] == .text("Investigation complete; no suspect identified"))
    #expect(category.rows[0][3] == .integer(337))
    #expect(category.rows[0][2] == .text("Investigation complete - no suspect identified"))
    #expect(category.rows[1][0] == .text("Unable to prosecute suspect"))
    #expect(category.rows[1][2] == .text("Evidential difficulties (both groups jointly)"))
    #expect(category.rows.last?[3] == .integer(614))

    // By crime type: police_uk_counts.py "by crime type".
    let byType = try #require(
      out.tables.first { $0.id == PoliceUKTables.TableID.crimeTypeCategory })
    func cell(_ type: String, _ column: String) -> Cell? {
      guard let c = byType.columnIndex(column),
        let row = byType.rows.first(where: { $0[0] == .text(type) })
      else { return nil }
      return row[c]
    }
    #expect(cell("Drugs", "Crimes") == .integer(38))
    #expect(cell("Drugs", "Court result unavailable") == .integer(8))
    #expect(cell("Drugs", "Local resolution") == .integer(8))
    #expect(cell("Drugs", "Suspect charged") == .integer(6))
    #expect(cell("Drugs", "Offender given a caution") == .integer(4))
    #expect(cell("Violence and sexual offences", "Crimes") == .integer(107))
    #expect(cell("Violence and sexual offences", "Unable to prosecute suspect") == .integer(53))
    #expect(cell("Violence and sexual offences", "Status update unavailable") == .integer(16))
    #expect(cell("Shoplifting", "Crimes") == .integer(97))
    #expect(cell("Shoplifting", "Investigation complete; no suspect identified") == .integer(56))
    #expect(cell("Shoplifting", "Suspect charged") == .integer(5))
    #expect(cell("Other theft", "Crimes") == .integer(139))
    #expect(cell("Burglary", "Crimes") == .integer(22))
    #expect(
      cell("Theft from the person", "Investigation complete; no suspect identified") == .integer(80)
    )
    #expect(byType.rows.count == 13 + 1)  // 13 crime types (ASB apart) and the total
    #expect(byType.rows.first?[0] == .text("Bicycle theft"))

    // Groups: Charged/Summonsed = Suspect charged 17 + court stages 35 + 6 = 58.
    let group = try #require(out.tables.first { $0.id == PoliceUKTables.TableID.group })
    func groupCount(_ label: String) -> Cell? { group.rows.first { $0[0] == .text(label) }?[1] }
    #expect(groupCount("Charged/Summonsed") == .integer(58))
    #expect(groupCount("Out-of-court (informal)") == .integer(13))
    #expect(groupCount("Out-of-court (formal)") == .integer(5))
    #expect(groupCount("Prosecution prevented or not in the public interest") == .integer(4))
    #expect(groupCount("Evidential difficulties (both groups jointly)") == .integer(122))
    #expect(groupCount("No single group: Status update unavailable") == .integer(69))
    #expect(
      groupCount("No single group: Further action is not in the public interest") == .integer(1))
    let groupSum = group.rows.dropLast().compactMap { $0[1].numericValue }.reduce(0, +)
    #expect(groupSum == 614)

    // By crime type and group: only groups some crime falls in (9 of them).
    let typeGroup = try #require(
      out.tables.first { $0.id == PoliceUKTables.TableID.crimeTypeGroup })
    #expect(typeGroup.columns.count == 2 + 9)
    let drugs = try #require(typeGroup.rows.first { $0[0] == .text("Drugs") })
    // Drugs: Suspect charged 6 + Court result unavailable 8 + Awaiting court outcome 1.
    #expect(typeGroup.columnIndex("Charged/Summonsed").map { drugs[$0] } == .integer(15))

    let force = try #require(out.tables.first { $0.id == PoliceUKTables.TableID.forceCategory })
    #expect(force.rows[0][0] == .text("City of London Police"))
    #expect(force.rows[0][1] == .integer(614))
    let month = try #require(out.tables.first { $0.id == PoliceUKTables.TableID.monthGroup })
    #expect(month.rows[0][0] == .text("2025-01"))
    let asb = try #require(out.tables.first { $0.id == PoliceUKTables.TableID.antisocialBehaviour })
    #expect(asb.rows[0] == [.text("City of London Police"), .text("2025-01"), .integer(2)])

    // Deterministic: the same files give the same tables.
    #expect(PoliceUKTables.make(from: try Self.realData(), firstNoteNumber: 7).tables == out.tables)
  }

  @Test func detectsFileKindsByHeader() throws {
    #expect(try PoliceUKData.kind(of: Self.street) == .street)
    #expect(try PoliceUKData.kind(of: Self.outcomes) == .outcomes)
    let data = try PoliceUKData.read(files: [Self.outcomes, Self.street])
    #expect(data.crimes.count == 614)
    #expect(data.outcomes.count == 747)
  }

  @Test func refusesAFileThatIsNotPoliceUK() throws {
    let dir = TestPaths.scratch()
    let path = dir + "/other.csv"
    try "Reference,Recorded Date,Outcome\nA1,01/02/2024,1\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    #expect {
      _ = try PoliceUKData.read(streetFiles: [path], outcomeFiles: [])
    } throws: { error in
      let text = "\(error)"
      return text.contains(path) && text.contains("not a police.uk street file")
        && text.contains("'Reference', 'Recorded Date', 'Outcome'")
    }
    // An outcomes file given as a street file says so.
    #expect {
      _ = try PoliceUKData.read(streetFiles: [Self.outcomes], outcomeFiles: [])
    } throws: { error in "\(error)".contains("It is a police.uk outcomes file") }
  }

  /// Files are read on every core, several ahead, and joined in the order given: on 14 files with
  /// the same crimes repeated across them, the later file's row wins as when read one by one, and
  /// of two bad files the first in order is the one named. Expected values worked by hand: file k
  /// (k = 0…13) holds crimes C0…C9 of month 2024-(k % 12 + 1) with last outcome "Local
  /// resolution" in even files and "Offender fined" in odd ones, plus one ASB row.
  @Test func manyFilesJoinInTheOrderGiven() throws {
    let dir = TestPaths.scratch()
    let sh = PoliceUKData.streetHeader.joined(separator: ",")
    var files: [String] = []
    for k in 0..<14 {
      let outcome = k % 2 == 0 ? "Local resolution" : "Offender fined"
      let month = String(format: "2024-%02d", k % 12 + 1)
      let rows = (0..<10).map { "C\($0),\(month),F,Force X,,,No Location,,,Drugs,\(outcome)," }
      let asb = ",\(month),F,Force X,,,No Location,,,Anti-social behaviour,,"
      let path = dir + "/street-\(k).csv"
      try ([sh] + rows + [asb, ""]).joined(separator: "\n").write(
        toFile: path, atomically: true, encoding: .utf8)
      files.append(path)
    }
    let data = try PoliceUKData.read(streetFiles: files, outcomeFiles: [])
    // The latest month is December (file 11, odd): its rows win over files 12 and 13 (January,
    // February of the same year, earlier months).
    #expect(data.crimes.count == 10)
    #expect(data.crimes.allSatisfy { $0.file == 11 && $0.month == "2024-12" })
    #expect(data.crimes.map(\.lastOutcomeCategory) == Array(repeating: "Offender fined", count: 10))
    #expect(data.crimes.map(\.crimeID) == (0..<10).map { "C\($0)" })
    #expect(data.antisocialBehaviour.map(\.file) == Array(0..<14))
    #expect(data.reconciliation.map(\.accepted) == (0..<14).map { $0 == 11 ? 11 : 1 })
    #expect(data.streetExactDuplicates + data.streetConflictingDuplicates == 130)
    // Two files that are not police.uk files, the 4th and the 10th: the 4th is named.
    let bad = dir + "/bad.csv"
    let worse = dir + "/worse.csv"
    try "Reference,Month\nA,2024-01\n".write(toFile: bad, atomically: true, encoding: .utf8)
    try "Other,Month\nA,2024-01\n".write(toFile: worse, atomically: true, encoding: .utf8)
    var mixed = files
    mixed[3] = bad
    mixed[9] = worse
    #expect {
      _ = try PoliceUKData.read(streetFiles: mixed, outcomeFiles: [])
    } throws: { error in
      "\(error)".hasPrefix(bad) && "\(error)".contains("'Reference', 'Month'")
    }
  }

  /// Crime IDs are held compactly (a 64-digit lowercase hexadecimal ID as 32 bytes), but two IDs
  /// are one crime exactly when they are equal strings after trimming: the same hexadecimal ID in
  /// capitals is another crime, an ID with spaces or a no-break space around it is the same
  /// crime, and an ID in decomposed Unicode is the same as its precomposed form (and a row that
  /// differs from another only so is an exact copy, as equal Swift strings). Expected values
  /// worked by hand from the rows below.
  @Test func crimeIDsAreComparedAsText() throws {
    let dir = TestPaths.scratch()
    let street = dir + "/street.csv"
    let outcomes = dir + "/outcomes.csv"
    let sh = PoliceUKData.streetHeader.joined(separator: ",")
    let oh = PoliceUKData.outcomesHeader.joined(separator: ",")
    let hex = "0123456789abcdef" + "fedcba9876543210" + "00ff00ff00ff00ff" + "a1b2c3d4e5f60789"
    let upper = hex.uppercased()
    let notHex = String(hex.dropLast()) + "g"
    try """
    \(sh)
    \(hex),2024-03,F,Force X,,,No Location,,,Burglary,Under investigation,
    \(upper),2024-03,F,Force X,,,No Location,,,Burglary,Under investigation,
     \(hex)\u{A0},2024-04,F,Force X,,,No Location,,,Burglary,Under investigation,
    caf\u{E9},2024-03,F,Force Y,,,No Location,,,Drugs,Local resolution,
    cafe\u{301},2024-03,F,Force Y,,,No Location,,,Drugs,Local resolution,
    \(notHex),2024-03,F,Force Y,,,No Location,,,Drugs,Local resolution,
    ,2024-03,F,Force Y,,,No Location,,,  ANTI-SOCIAL behaviour ,,

    """.write(toFile: street, atomically: true, encoding: .utf8)
    try """
    \(oh)
    \(hex),2024-05,F,Force X,,,No location,,,Suspect charged
    \(upper),2024-05,F,Force X,,,No location,,,Offender fined
    cafe\u{301} ,2024-05,F,Force Y,,,No location,,,Offender fined
    \(hex.dropLast())0,2024-05,F,Force Y,,,No location,,,Offender fined

    """.write(toFile: outcomes, atomically: true, encoding: .utf8)
    let data = try PoliceUKData.read(streetFiles: [street], outcomeFiles: [outcomes])
    // The spaced hexadecimal ID (April) supersedes the March one; the precomposed and decomposed
    // café are one crime (the later line kept); the ID ending in "g" is not hexadecimal.
    #expect(data.crimes.map(\.crimeID) == [hex, upper, "caf\u{E9}", notHex])
    #expect(data.crimes[0].month == "2024-04" && data.crimes[0].line == 4)
    #expect(data.crimes[2].line == 6)  // the later, decomposed form
    // Café in two Unicode forms is an exact copy (equal strings); the April row is not.
    #expect(data.streetConflictingDuplicates == 1 && data.streetExactDuplicates == 1)
    #expect(data.antisocialBehaviour.count == 1)
    let join = PoliceUKJoin(data)
    #expect(
      join.crimes.map(\.category.label) == [
        "Suspect charged", "Offender fined", "Offender fined", "Local resolution",
      ])
    #expect(join.crimesWithOutcomeRow == 3)
    #expect(join.outcomeRowsForOtherCrimes == 1 && join.otherCrimeIDs == 1)
    #expect(data.outcomes.map(\.crimeID).last == String(hex.dropLast()) + "0")
  }

  @Test func rulesOnASmallFile() throws {
    let dir = TestPaths.scratch()
    let street = dir + "/street.csv"
    let outcomes = dir + "/outcomes.csv"
    let later = dir + "/outcomes-later.csv"
    let sh = PoliceUKData.streetHeader.joined(separator: ",")
    let oh = PoliceUKData.outcomesHeader.joined(separator: ",")
    try """
    \(sh)
    A,2024-03,F,Force X,,,No Location,,,Burglary,Under investigation,
    B,2024-03,F,Force X,,,No Location,,,Robbery,Status update unavailable,
    A,2024-03,F,Force X,1,2,On or near Here,E1,L1,Burglary,Unable to prosecute suspect,
    ,2024-03,F,Force X,,,On or near Park,,,Anti-social behaviour,,
    ,2024-03,F,Force X,,,On or near Park,,,Anti-social behaviour,,
    C,March 2024,F,Force X,,,No Location,,,Drugs,Local resolution,
    ,2024-03,F,Force X,,,No Location,,,Drugs,Local resolution,
    D,2024-03,F,Force Y,,,No Location,,,Drugs,Something new,
    E,2024-03,F,Force Y,,,No Location,,,Drugs,Suspect charged

    """.write(toFile: street, atomically: true, encoding: .utf8)
    try """
    \(oh)
    A,2024-04,F,Force X,,,No location,,,Suspect charged
    A,2024-05,F,Force X,,,No location,,,Offender fined
    Z,2024-05,F,Force X,,,No location,,,Local resolution
    Z,2024-05,F,Force X,,,No location,,,Local resolution
    B,2024-13,F,Force X,,,No location,,,Local resolution

    """.write(toFile: outcomes, atomically: true, encoding: .utf8)
    try """
    \(oh)
    A,2024-05,F,Force X,,,No location,,,Defendant found not guilty

    """.write(toFile: later, atomically: true, encoding: .utf8)
    let data = try PoliceUKData.read(streetFiles: [street], outcomeFiles: [outcomes, later])
    let s = data.reconciliation[0]
    #expect(s.rowsRead == 9)
    #expect(s.accepted == 5)  // A (line 4), B, D; 2 ASB
    #expect(s.superseded == 1)  // A line 2: same month, earlier line
    #expect(
      s.rejectedByReason == [
        .init(reason: "Month is not YYYY-MM", count: 1),
        .init(reason: "Crime ID is empty on a row that is not anti-social behaviour", count: 1),
        .init(reason: "Wrong number of fields", count: 1),
      ])
    #expect(data.antisocialBehaviour.count == 2)  // identical ASB rows are both kept
    #expect(data.crimes.map(\.crimeID) == ["A", "B", "D"])
    #expect(data.crimes[0].line == 4)
    #expect(data.streetConflictingDuplicates == 1)
    let o = data.reconciliation[1]
    #expect(o.rowsRead == 5)
    #expect(o.accepted == 2)  // A 2024-04, Z
    #expect(o.superseded == 2)  // the Z copy, and A 2024-05 (superseded by the later file)
    #expect(o.rejectedByReason == [.init(reason: "Month is not YYYY-MM", count: 1)])
    let o2 = data.reconciliation[2]
    #expect(o2.rowsRead == 1 && o2.accepted == 1 && o2.superseded == 0)
    // The A 2024-05 row of the first outcomes file is superseded by the later file's row...
    #expect(data.outcomeConflictingDuplicates == 1)
    #expect(data.outcomeExactDuplicates == 1)
    #expect(data.outcomes.count == 3)
    let join = PoliceUKJoin(data)
    // ...which is A's latest outcome.
    #expect(join.crimes[0].category.label == "Defendant found not guilty")
    #expect(join.crimes[0].category.group == .chargedSummonsed)
    #expect(join.crimes[0].outcomeMonth == "2024-05")
    #expect(join.crimes[1].category.label == "Status update unavailable")
    #expect(join.crimes[1].source == .streetFile)
    #expect(join.crimes[2].category.isKnown == false)
    #expect(join.unknownLabels.map(\.label) == ["Something new"])
    #expect(join.crimesWithOutcomeRow == 1)
    #expect(join.outcomeRowsForOtherCrimes == 1)
    let tables = PoliceUKTables.make(from: data, join: join)
    #expect(tables.notes[2].text.contains("'Something new' (1 crimes)"))
  }

  @Test func everyPublishedCategoryHasAMappingOrAReason() {
    #expect(PoliceUKOutcomeCategory.all.count == 29)  // 28 API categories + the CSV penalty-notice spelling
    for c in PoliceUKOutcomeCategory.all {
      #expect(c.isKnown)
      #expect(!c.note.isEmpty)
      if c.stage == .court { #expect(c.group == .chargedSummonsed) }
    }
    let unable = PoliceUKOutcomeCategory(label: " unable to prosecute SUSPECT ")
    #expect(unable.label == "Unable to prosecute suspect")
    #expect(unable.group == nil)
    #expect(unable.outcomeTypes == ["14", "15", "16"])
    #expect(PoliceUKOutcomeCategory(label: "Suspect charged").group == .chargedSummonsed)
    #expect(
      PoliceUKOutcomeCategory(label: "Offender given penalty notice").group == .outOfCourtFormal)
    #expect(PoliceUKOutcomeCategory(label: "Under investigation").group == .notYetAssigned)
    #expect(PoliceUKOutcomeCategory(label: "Status update unavailable").group == nil)
    let unknown = PoliceUKOutcomeCategory(label: "Sent to the moon")
    #expect(unknown.isKnown == false && unknown.group == nil && unknown.stage == .unknown)
  }
}

/// The outcome rows' slot map against Swift's `Dictionary`, over keys made as the join makes
/// them (a Crime ID's number and a month), many repeated, through several growths.
@Suite struct SlotMapTests {
  @Test func agreesWithADictionary() {
    var map = SlotMap(expectedCount: 10)
    var plain: [UInt64: Int32] = [:]
    var state: UInt64 = 42
    for n in 0..<50_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let id = (state >> 33) % 20_000
      let month = 202_001 + (state >> 20) % 12
      let key = id << 32 | month
      let found = map.find(key)
      #expect(found.value == plain[key] ?? -1)
      if found.value < 0 {
        map.set(found.position, key: key, Int32(n))
        plain[key] = Int32(n)
      }
    }
    #expect(plain.count > 10_000)
    for (key, value) in plain { #expect(map.find(key).value == value) }
    #expect(map.find(UInt64(99_999) << 32 | 202_001).value == -1)
  }
}
