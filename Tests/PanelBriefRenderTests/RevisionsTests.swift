import Foundation
import Testing

/// The February and May papers of the seed force run into one history: the May paper's
/// revisions, row by row, against the differences between the two fixtures' exports, worked out
/// here with a CSV reader of the test's own (no PanelBrief code reads them).
@Suite(.serialized) struct RevisionsTests {
  static var root: String { RenderTestPaths.root }

  /// A crime as the exports give it.
  struct Crime: Equatable {
    var year: Int
    var label: String
  }

  /// Splits a CSV line (quoted fields with commas; no line breaks inside fields).
  static func fields(_ line: String) -> [String] {
    var out: [String] = []
    var field = ""
    var quoted = false
    var previous: Character? = nil
    for c in line {
      if c == "\"" {
        if quoted, previous == "\"" { field.append("\"") }
        quoted.toggle()
      } else if c == "," && !quoted {
        out.append(field)
        field = ""
      } else {
        field.append(c)
      }
      previous = c
    }
    out.append(field)
    return out
  }

  static func normalised(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ").lowercased()
  }

  /// The crimes of a fixture that a paper of 2020-2023 counts, by reference: 7 fields, a
  /// reference, a recorded date dd/MM/yyyy that is a real date in 2020-2023.
  static func crimes(_ folder: String, files: [String]) throws -> [String: Crime] {
    var out: [String: Crime] = [:]
    for file in files {
      var text = try String(
        contentsOfFile: root + "/Fixtures/\(folder)/exports/\(file)", encoding: .utf8)
      if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
      for line in text.split(whereSeparator: \.isNewline).dropFirst() {
        let f = fields(String(line))
        guard f.count == 7, !f[0].trimmingCharacters(in: .whitespaces).isEmpty else { continue }
        let d = f[1].split(separator: "/").compactMap { Int($0) }
        guard d.count == 3, (2020...2023).contains(d[2]), (1...12).contains(d[1]),
          d[0] >= 1,
          d[0] <= (d[1] == 2 ? (d[2] % 4 == 0 ? 29 : 28) : [4, 6, 9, 11].contains(d[1]) ? 30 : 31)
        else { continue }
        out[f[0]] = Crime(year: d[2], label: normalised(f[4]))
      }
    }
    return out
  }

  /// A value as the papers write it in a column of its kind (one decimal place for percentages
  /// and decimals, three for p-values), by the test's own formatting.
  static func shown(_ v: Any, _ kind: String) -> String {
    guard let n = v as? NSNumber else { return "\(v)" }
    let d = n.doubleValue
    switch kind {
    case "count": return "\(n.intValue)"
    case "percent": return String(format: "%.1f", (d * 1000).rounded() / 10)
    case "probability": return String(format: "%.3f", (d * 1000).rounded() / 1000)
    default: return String(format: "%.1f", (d * 10).rounded() / 10)
    }
  }

  static func json(_ path: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
      as! [String: Any]
  }

  static func table(_ paper: [String: Any], _ id: String) -> [String: Any]? {
    (paper["tables"] as? [[String: Any]])?.first { $0["id"] as? String == id }
  }

  /// Runs February then May into one history; returns the two papers and the history's path.
  static func runBoth(audience file: String) throws -> (
    february: [String: Any], may: [String: Any], history: String, folder: String
  ) {
    let folder = CommandLineTests.scratch("revisions-\(file)")
    let history = folder + "/history.sqlite"
    let feb = try CommandLineTests.run([
      "report", "--config", "Fixtures/seed-force/\(file)", "--out", folder + "/february",
      "--history", history,
    ])
    #expect(feb.status == 0, "\(feb.err)")
    let may = try CommandLineTests.run([
      "report", "--config", "Fixtures/seed-force-2024-05/\(file)", "--out", folder + "/may",
      "--history", history,
    ])
    #expect(may.status == 0, "\(may.err)")
    return (
      try json(folder + "/february/briefing.json"), try json(folder + "/may/briefing.json"),
      history, folder
    )
  }

  @Test func everyRevisionAgainstTheFixturesDifferences() throws {
    let (february, may, history, _) = try Self.runBoth(audience: "panel.yml")
    let before = try Self.crimes(
      "seed-force", files: ["crimes-2020-2021.csv", "crimes-2022-2023.csv"])
    let after = try Self.crimes(
      "seed-force-2024-05",
      files: ["crimes-2020-2021.csv", "crimes-2022-2023.csv", "crimes-2024.csv"])
    #expect(before.count == 993)

    // The outcome labels as the paper names them (matched to the exports' spellings).
    let outcomes = Self.table(february, "Outcomes_by_label")!
    let names = (outcomes["rows"] as! [[Any]]).map { $0[0] as! String }.filter {
      $0 != "Grand Total"
    }
    let display = Dictionary(uniqueKeysWithValues: names.map { (Self.normalised($0), $0) })
    func counts(_ crimes: [String: Crime]) -> [String: Int] {
      var out: [String: Int] = [:]
      for c in crimes.values {
        out["\(display[c.label] ?? "?")|\(c.year)", default: 0] += 1
        out["Grand Total|\(c.year)", default: 0] += 1
      }
      return out
    }
    let a = counts(before)
    let b = counts(after)
    #expect(a["?|2023"] == nil && b["?|2023"] == nil)

    // The known differences, crime by crime.
    enum Why: String { case recorded, cancelled, appeared, disappeared, other }
    var why: [(Why, Crime?, Crime?)] = []
    for ref in Set(before.keys).union(after.keys).sorted() {
      switch (before[ref], after[ref]) {
      case (nil, let n?): why.append((.appeared, nil, n))
      case (let o?, nil): why.append((.disappeared, o, nil))
      case (let o?, let n?) where o != n:
        if n.label == "cancelled / transferred" {
          why.append((.cancelled, o, n))
        } else if o.label == "uu unresolved" {
          why.append((.recorded, o, n))
        } else {
          why.append((.other, o, n))
        }
      default: break
      }
    }
    // What the generator did (Sources/make-seed-fixture/MayExtraction.swift): 14 outcomes
    // recorded, 4 cancelled, 2 gone, 3 new late-2023 crimes; nothing else.
    #expect(why.filter { $0.0 == .recorded }.count == 14)
    #expect(why.filter { $0.0 == .cancelled }.count == 4)
    #expect(why.filter { $0.0 == .disappeared }.count == 2)
    #expect(why.filter { $0.0 == .appeared }.count == 3)
    #expect(why.filter { $0.0 == .other }.isEmpty)

    let revisions = Self.table(may, "Revisions")!
    let rows = revisions["rows"] as! [[Any]]
    let labelRows = rows.filter { $0[0] as? String == "Outcomes_by_label" }
    // Every changed cell of the outcome table is a row, and every row a changed cell.
    var expected: [String: (Int, Int)] = [:]
    for key in Set(a.keys).union(b.keys) where a[key, default: 0] != b[key, default: 0] {
      expected[key] = (a[key, default: 0], b[key, default: 0])
    }
    #expect(!expected.isEmpty)
    #expect(labelRows.count == expected.count)
    for row in labelRows {
      let key = "\(row[1] as! String)|\(row[2] as! String)"
      guard let (then, now) = expected[key] else {
        Issue.record("revision \(key) is not a difference of the fixtures")
        continue
      }
      #expect(row[3] as? String == "\(then)", "\(key)")
      #expect(row[4] as? String == "\(now)", "\(key)")
      #expect(row[5] as? String == (now > then ? "+" : "") + "\(now - then)", "\(key)")
      // The reasons: the crimes of that year that entered or left the row, by kind.
      let label = row[1] as! String
      let year = Int(row[2] as! String)!
      var byKind: [Why: Int] = [:]
      for (w, o, n) in why {
        let touches = [o, n].contains { c in
          c.map { $0.year == year && (label == "Grand Total" || display[$0.label] == label) }
            ?? false
        }
        if touches { byKind[w, default: 0] += 1 }
      }
      let words: [(Why, String, String)] = [
        (.recorded, "outcome recorded since", "outcomes recorded since"),
        (
          .cancelled, "crime cancelled or transferred since",
          "crimes cancelled or transferred since"
        ),
        (.appeared, "row that appeared", "rows that appeared"),
        (.disappeared, "row that disappeared", "rows that disappeared"),
      ]
      let text = words.compactMap { w, one, many in
        byKind[w].map { "\($0) \($0 == 1 ? one : many)" }
      }.joined(separator: "; ")
      #expect(row[6] as? String == text, "\(key)")
    }

    // Every other revision is a figure of both papers that differs, as each printed it; and
    // every figure of both papers that differs is a revision.
    func cells(_ paper: [String: Any]) -> [String: (Any, String)] {
      var out: [String: (Any, String)] = [:]
      for t in paper["tables"] as! [[String: Any]] {
        let id = t["id"] as! String
        guard !["Revisions", "Charge_rate_maturity", "Reconciliation"].contains(id) else {
          continue
        }
        let columns = (t["columns"] as! [[String: Any]]).map { $0["name"] as! String }
        let kinds = (t["columns"] as! [[String: Any]]).map { $0["kind"] as! String }
        let rows = t["rows"] as! [[Any]]
        // Rows are named by their first cell, or by their first two when the first does not
        // name them alone (the history's rule, README "Run history and revisions").
        let firsts = rows.map { "\($0[0])" }
        let two = Set(firsts).count < firsts.count && columns.count > 2
        for r in rows {
          let name = two ? "\(r[0]) \(r[1])" : "\(r[0])"
          for (c, v) in r.enumerated().dropFirst() {
            out["\(id)|\(name)|\(columns[c])"] = (v, Self.shown(v, kinds[c]))
          }
        }
      }
      return out
    }
    let x = cells(february)
    let y = cells(may)
    var differing = Set<String>()
    for (k, v) in x {
      guard let w = y[k], v.0 is NSNumber || w.0 is NSNumber else { continue }
      if v.1 != w.1 { differing.insert(k) }
    }
    let listed = Set(rows.map { "\($0[0])|\($0[1])|\($0[2])" })
    #expect(listed == differing, "\(listed.symmetricDifference(differing).sorted().prefix(10))")
    #expect(listed.count > 50)

    // The charge rate of 2023's crimes: 2 of 241 in February; 3 charges recorded since, one
    // cancelled crime (if of 2023) leaves the denominator, new crimes join it.
    let charged2023 = after.values.filter { $0.year == 2023 && $0.label.hasPrefix("1:") }.count
    #expect(charged2023 == 5)
    let maturity = Self.table(may, "Charge_rate_maturity")!
    let m = (maturity["rows"] as! [[Any]]).first { $0[0] as? String == "2023" }!
    let force2023 = after.values.filter {
      $0.year == 2023 && $0.label != "cancelled / transferred"
    }.count
    #expect(abs((m[1] as! Double) - 2.0 / 241) < 1e-12)
    #expect(abs((m[2] as! Double) - Double(charged2023) / Double(force2023)) < 1e-12)

    // history lists both runs, one line each.
    let listing = try CommandLineTests.run(["history", "--history", history])
    #expect(listing.status == 0, "\(listing.err)")
    let lines = listing.out.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first?.contains("extracted 2024-02-05") == true)
    #expect(lines.last?.contains("extracted 2024-05-07") == true)
    #expect(lines.allSatisfy { $0.contains("OFFICIAL-SENSITIVE (restricted)") })
  }

  /// A refused or failed run records nothing.
  @Test func aFailedRunRecordsNothing() throws {
    let folder = CommandLineTests.scratch()
    let history = folder + "/history.sqlite"
    let first = try CommandLineTests.run([
      "report", "--config", "Fixtures/seed-force/panel.yml", "--out", folder + "/february",
      "--history", history,
    ])
    #expect(first.status == 0, "\(first.err)")
    // The output folder is a file: the paper cannot be written.
    try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/may"))
    let failed = try CommandLineTests.run([
      "report", "--config", "Fixtures/seed-force-2024-05/panel.yml", "--out", folder + "/may",
      "--history", history,
    ])
    #expect(failed.status == 2)
    // A quality gate refuses it: nothing is recorded either.
    let draft = folder + "/draft.yml"
    let text = try String(
      contentsOfFile: Self.root + "/Fixtures/seed-force-2024-05/panel.yml", encoding: .utf8)
    try
      (text.replacingOccurrences(
        of: "exports/", with: Self.root + "/Fixtures/seed-force-2024-05/exports/"
      )
      .replacingOccurrences(
        of: "../seed-force/exports/", with: Self.root + "/Fixtures/seed-force/exports/")
      + "\n# TODO check\n").write(toFile: draft, atomically: true, encoding: .utf8)
    let refused = try CommandLineTests.run([
      "report", "--config", draft, "--out", folder + "/draft", "--history", history,
    ])
    #expect(refused.status == 2)
    let listing = try CommandLineTests.run(["history", "--history", history])
    #expect(listing.out.split(separator: "\n").count == 1, "\(listing.out)")
    // Not a history: refused before anything is written.
    let notHistory = folder + "/not.sqlite"
    try Data("plain text".utf8).write(to: URL(fileURLWithPath: notHistory))
    let bad = try CommandLineTests.run([
      "report", "--config", "Fixtures/seed-force/panel.yml", "--out", folder + "/bad",
      "--history", notHistory,
    ])
    #expect(bad.status == 2)
    #expect(!FileManager.default.fileExists(atPath: folder + "/bad"))
  }

  /// The configuration's `history:` key (relative to the configuration) records the run; the
  /// schema version is SQLite's user_version, and a file of a later version is refused.
  @Test func historyKeyAndSchemaVersion() throws {
    let folder = CommandLineTests.scratch()
    let text = try String(
      contentsOfFile: Self.root + "/Fixtures/seed-force/panel.yml", encoding: .utf8)
    try
      (text.replacingOccurrences(
        of: "exports/", with: Self.root + "/Fixtures/seed-force/exports/")
      + "history: runs/history.sqlite\n").write(
        toFile: folder + "/panel.yml", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(
      atPath: folder + "/runs", withIntermediateDirectories: true)
    let r = try CommandLineTests.run([
      "report", "--config", folder + "/panel.yml", "--out", folder + "/out",
    ])
    #expect(r.status == 0, "\(r.err)")
    let history = folder + "/runs/history.sqlite"
    let listing = try CommandLineTests.run(["history", "--history", history])
    #expect(listing.out.split(separator: "\n").count == 1)
    // Python's sqlite3 reads the schema version and the published cells.
    func python(_ code: String) throws -> String {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["python3", "-c", code, history]
      let out = Pipe()
      p.standardOutput = out
      try p.run()
      let data = out.fileHandleForReading.readDataToEndOfFile()
      p.waitUntilExit()
      return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(
      try python(
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('PRAGMA user_version').fetchone()[0])"
      ) == "1")
    // The charge rate table's 2023 charged count as published (2 of 241).
    #expect(
      try python(
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"SELECT value FROM cell WHERE table_id='Charge_rate' AND row_key='2023' AND column_key='Charged or summonsed'\").fetchone()[0])"
      ) == "2")
    // No reference is stored, only its SHA-256.
    #expect(
      try python(
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"SELECT COUNT(*) FROM crime WHERE reference_sha256 LIKE 'MS/%' OR length(reference_sha256) != 64\").fetchone()[0])"
      ) == "0")
    _ = try python(
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 99'); c.commit()"
    )
    let later = try CommandLineTests.run([
      "report", "--config", folder + "/panel.yml", "--out", folder + "/later",
    ])
    #expect(later.status == 2)
    #expect(later.err.contains("schema version 99"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/later"))
  }

  /// A public May paper: revisions as published, reasons named without their counts, and the
  /// audit still passes (the paper is written at all).
  @Test func publicRevisionsObeyDisclosureControl() throws {
    let (february, may, _, _) = try Self.runBoth(audience: "panel-public.yml")
    let revisions = Self.table(may, "Revisions")!
    let rows = revisions["rows"] as! [[Any]]
    #expect(!rows.isEmpty)
    for row in rows {
      // No count of crimes in the reasons.
      let reasons = row[6] as? String ?? ""
      let hasDigit = reasons.contains { $0.isNumber }
      #expect(!hasDigit, "\(row)")
      // A figure suppressed in either paper has no difference.
      if row[3] as? String == "[c]" || row[4] as? String == "[c]" {
        #expect(row[5] as? String == "[c]")
        #expect(row[6] as? String == "[c]")
      }
    }
    // Every previous value is what the February paper published.
    let feb = Self.table(february, "Outcomes_by_label")!
    let columns = (feb["columns"] as! [[String: Any]]).map { $0["name"] as! String }
    for row in rows where row[0] as? String == "Outcomes_by_label" {
      let r = (feb["rows"] as! [[Any]]).first { $0[0] as? String == row[1] as? String }!
      let v = r[columns.firstIndex(of: row[2] as! String)!]
      #expect("\(v)" == row[3] as! String)
    }
  }
}
