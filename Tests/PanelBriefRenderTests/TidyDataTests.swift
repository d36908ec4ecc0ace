import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// `briefing-tidy.csv` and the JSON's schema, read as a researcher would: the tidy file is read
/// back here with a CSV parser of its own and compared with `briefing.json` read through
/// JSONSerialization (not PanelBrief's types), then loaded by pandas; the JSON is validated
/// against the committed `Schemas/briefing.schema.json` by Python's `jsonschema`.
@Suite struct TidyDataTests {
  static var root: String { RenderTestPaths.root }

  /// The papers checked: the seed force restricted and public, and the police.uk open data.
  static let configurations = [
    "Fixtures/seed-force/panel.yml", "Fixtures/seed-force/panel-public.yml",
    "Fixtures/city-of-london-open-data/panel.yml",
  ]

  static func briefing(_ configuration: String) throws -> Briefing {
    let config = try BriefingConfig.load(path: root + "/" + configuration)
    let data = try Ingestor(config: config, open: openTabular).run()
    return BriefingBuilder(config: config, data: data, version: "0.0.0-test").build()
  }

  static func folder(_ name: String = #function) throws -> String {
    let path = NSTemporaryDirectory() + "tidy-tests-\(name.filter(\.isLetter))-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// RFC 4180 records, parsed independently of the writer.
  static func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var field = ""
    var record: [String] = []
    var quoted = false
    var chars = Array(text)
    var i = 0
    chars.append("\n")
    while i < chars.count - 1 || (i == chars.count - 1 && !record.isEmpty) {
      let ch = chars[i]
      if quoted {
        if ch == "\"" {
          if chars[i + 1] == "\"" {
            field.append("\"")
            i += 1
          } else {
            quoted = false
          }
        } else {
          field.append(ch)
        }
      } else if ch == "\"" {
        quoted = true
      } else if ch == "," {
        record.append(field)
        field = ""
      } else if ch == "\n" {
        record.append(field)
        records.append(record)
        record = []
        field = ""
      } else {
        field.append(ch)
      }
      i += 1
    }
    return records
  }

  /// The JSON's tables as plain dictionaries.
  static func jsonTables(_ data: Data) throws -> [[String: Any]] {
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require(object["tables"] as? [[String: Any]])
  }

  static let numericKinds: Set<String> = ["count", "percent", "decimal", "probability"]
  static let totalRows: Set<String> = ["Grand Total", "All crimes", "All incidents"]

  @Test(arguments: configurations)
  func tidyCSVHoldsEveryNumericCellOfTheJSONAndSumsToItsTotals(configuration: String) throws {
    let b = try Self.briefing(configuration)
    let json = try JSONBriefingWriter.render(b)
    let records = Self.parseCSV(TidyCSVWriter.render(b))
    #expect(records.first == ["table", "row", "column", "value", "shorthand"])
    let body = records.dropFirst()
    #expect(body.allSatisfy { $0.count == 5 })
    var byTable: [String: [[String]]] = [:]
    for r in body { byTable[r[0], default: []].append(r) }

    var totalsChecked = 0
    for table in try Self.jsonTables(json) {
      let id = try #require(table["id"] as? String)
      let columns = try #require(table["columns"] as? [[String: Any]])
      let rows = try #require(table["rows"] as? [[Any]])
      let numeric = columns.indices.filter {
        Self.numericKinds.contains(columns[$0]["kind"] as! String)
      }
      let tidy = byTable[id] ?? []
      // One tidy row per numeric cell, in order, with the same value or shorthand.
      #expect(tidy.count == rows.count * numeric.count, "\(id)")
      guard tidy.count == rows.count * numeric.count else { continue }
      var k = 0
      for row in rows {
        for c in numeric {
          let t = tidy[k]
          k += 1
          #expect(t[2] == columns[c]["name"] as? String)
          if let n = row[c] as? NSNumber, !(row[c] is String) {
            // Foundation's JSONSerialization on Linux may read the last digit differently: the
            // exact comparison is pandas's (below); here, to within rounding of the last digit.
            let v = try #require(Double(t[3]), "\(id) \(t[1]) \(t[2]): '\(t[3])' is not a number")
            #expect(abs(v - n.doubleValue) <= 1e-14 * max(1, abs(v)), "\(id) \(t[1]) \(t[2])")
            #expect(t[4] == "")
          } else {
            #expect(t[3] == "", "\(id) \(t[1]) \(t[2]): a value where the JSON has none")
            #expect(t[4] == row[c] as? String)
          }
        }
      }
      // Sums per column: tidy equals JSON; and where the table has a total row, the shown
      // cells above it add up to it (exactly when none is suppressed).
      for c in numeric {
        let name = columns[c]["name"] as! String
        let cells = tidy.filter { $0[2] == name }
        let jsonSum = rows.compactMap { $0[c] is String ? nil : ($0[c] as? NSNumber)?.doubleValue }
          .reduce(0, +)
        let tidySum = cells.compactMap { Double($0[3]) }.reduce(0, +)
        #expect(abs(jsonSum - tidySum) < 1e-9, "\(id) \(name)")
        guard columns[c]["kind"] as? String == "count",
          let total = cells.last,
          Self.totalRows.contains(total[1].split(separator: " / ").first.map(String.init) ?? ""),
          let totalValue = Double(total[3])
        else { continue }
        let parts = cells.dropLast()
        let shown = parts.compactMap { Double($0[3]) }.reduce(0, +)
        if parts.contains(where: { $0[4] == "[c]" }) {
          #expect(b.isPublic)
          #expect(
            shown < totalValue, "\(id) \(name): suppressed cells but the shown ones make the total")
        } else {
          #expect(shown == totalValue, "\(id) \(name): \(shown) ≠ \(totalValue)")
        }
        totalsChecked += 1
      }
    }
    #expect(totalsChecked >= 4)
    // Nothing but the JSON's tables.
    let ids = Set(try Self.jsonTables(json).map { $0["id"] as! String })
    #expect(Set(byTable.keys).isSubset(of: ids))
  }

  @Test func aPublicTidyFileHoldsNoSuppressedDigit() throws {
    let b = try Self.briefing("Fixtures/seed-force/panel-public.yml")
    let restricted = try Self.briefing("Fixtures/seed-force/panel.yml")
    let pub = Self.parseCSV(TidyCSVWriter.render(b)).dropFirst()
    let full = Self.parseCSV(TidyCSVWriter.render(restricted)).dropFirst()
    let suppressed = pub.filter { $0[4] == "[c]" }
    #expect(suppressed.count >= 11)
    #expect(suppressed.allSatisfy { $0[3].isEmpty })
    // Each suppressed cell's true count exists in the restricted file; it is not in the public one.
    let restrictedByKey = Dictionary(
      full.map { ("\($0[0])|\($0[1])|\($0[2])", $0[3]) }, uniquingKeysWith: { a, _ in a })
    let publicByKey = Dictionary(
      pub.map { ("\($0[0])|\($0[1])|\($0[2])", $0) }, uniquingKeysWith: { a, _ in a })
    var compared = 0
    for cell in suppressed {
      let key = "\(cell[0])|\(cell[1])|\(cell[2])"
      guard let truth = restrictedByKey[key] else { continue }
      #expect(publicByKey[key]?[3] != truth || truth.isEmpty)
      compared += 1
    }
    #expect(compared >= 11)
  }

  static let pandasAvailable: Bool = python(["-c", "import pandas"]).status == 0
  static let jsonschemaAvailable: Bool = python(["-c", "import jsonschema"]).status == 0

  static func python(_ arguments: [String]) -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3"] + arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    do { try p.run() } catch { return (127, "\(error)") }
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (p.terminationStatus, out)
  }

  @Test(.enabled(if: pandasAvailable, "needs python3 with pandas"), arguments: configurations)
  func tidyCSVLoadsInPandasWithANumericValueColumn(configuration: String) throws {
    let b = try Self.briefing(configuration)
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/briefing-tidy.csv"
    try Data(TidyCSVWriter.render(b).utf8).write(to: URL(fileURLWithPath: path))
    // pandas reads it with no options; `value` must come out as float64, empty exactly where a
    // shorthand stands, and its sum per table must be the JSON's.
    let script = """
      import sys, pandas as pd
      d = pd.read_csv(sys.argv[1], dtype={"shorthand": str}, keep_default_na=False, na_values=[""])
      assert list(d.columns) == ["table", "row", "column", "value", "shorthand"], list(d.columns)
      assert str(d["value"].dtype) == "float64", d["value"].dtype
      assert (d["value"].isna() == d["shorthand"].notna()).all()
      for t, s in d.groupby("table", sort=False)["value"].sum().items():
          print(f"{t}\\t{s!r}")
      """
    let (status, output) = Self.python(["-c", script, path])
    #expect(status == 0, "\(output)")
    let sums = Dictionary(
      output.split(separator: "\n").map { line -> (String, Double) in
        let parts = line.split(separator: "\t")
        return (String(parts[0]), Double(parts[1]) ?? .nan)
      }, uniquingKeysWith: { a, _ in a })
    for table in b.tables {
      let numeric = table.columns.indices.filter { TidyCSVWriter.isNumeric(table.columns[$0].kind) }
      guard !numeric.isEmpty else { continue }
      let expected = table.rows.flatMap { row in numeric.compactMap { row[$0].numericValue } }
        .reduce(0, +)
      let got = try #require(sums[table.id], "pandas has no table \(table.id)")
      #expect(abs(got - expected) <= 1e-9 * max(1, abs(expected)), "\(table.id)")
    }
  }

  @Test(.enabled(if: jsonschemaAvailable, "needs python3 with jsonschema"))
  func theJSONMeetsItsCommittedSchema() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var paths: [String] = []
    for (i, configuration) in Self.configurations.enumerated() {
      let data = try JSONBriefingWriter.render(try Self.briefing(configuration))
      let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      #expect(object["schema_version"] as? String == JSONBriefingWriter.schemaVersion)
      paths.append(folder + "/b\(i).json")
      try data.write(to: URL(fileURLWithPath: paths.last!))
      // The same JSON without its version, and with a count that is neither number nor string,
      // must be refused: the check can fail.
      var broken = object
      broken["schema_version"] = nil
      paths.append(folder + "/b\(i)-no-version.json")
      try JSONSerialization.data(withJSONObject: broken).write(
        to: URL(fileURLWithPath: paths.last!))
    }
    let script = """
      import sys, json, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      v = jsonschema.Draft202012Validator(schema)
      for p in sys.argv[2:]:
          errors = list(v.iter_errors(json.load(open(p))))
          print(p.rsplit("/", 1)[-1], len(errors), errors[0].message if errors else "")
      """
    let (status, output) = Self.python(
      ["-c", script, Self.root + "/Schemas/briefing.schema.json"] + paths)
    #expect(status == 0, "\(output)")
    let lines = output.split(separator: "\n")
    #expect(lines.count == paths.count, "\(output)")
    for line in lines {
      let parts = line.split(separator: " ", maxSplits: 2)
      if parts[0].contains("no-version") {
        #expect(parts[1] != "0", "\(line)")
      } else {
        #expect(parts[1] == "0", "\(line)")
      }
    }
  }
}
