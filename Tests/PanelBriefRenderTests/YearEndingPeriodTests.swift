import Foundation
import PanelBrief
import Testing

@testable import PanelBriefRender

/// Year-ending periods: twelve months ending in December are calendar years, twelve months ending
/// in March are financial years. The whole briefing JSON of the seed on one basis must be the
/// JSON on the other, figure for figure, once the period labels are written the same way, except
/// what the comparison of two years makes: a year-ending paper compares the latest complete year
/// with the one before (a calendar or financial paper the first with the last), so its tests of
/// change, and the words, key points and asks made from them, are those of a paper of those two
/// years alone (checked against one).
@Suite struct YearEndingPeriodTests {
  static var seedFolder: String { RenderTestPaths.root + "/Fixtures/seed-force" }

  /// The seed's configuration (restricted or public) with its `period:` block replaced.
  static func seedJSON(_ period: String, file: String = "panel.yml") throws -> String {
    var text = try String(contentsOfFile: seedFolder + "/" + file, encoding: .utf8)
    let start = text.range(of: "period:\n")!
    let end = text.range(of: "extraction_date:", range: start.upperBound..<text.endIndex)!
    text.replaceSubrange(start.lowerBound..<end.lowerBound, with: "period:\n" + period + "\n")
    let config = try BriefingConfig.parse(yaml: text, path: seedFolder + "/" + file)
    let data = try Ingestor(config: config, open: openTabular).run()
    let briefing = BriefingBuilder(config: config, data: data, version: "test").build()
    return String(decoding: try JSONBriefingWriter.render(briefing), as: UTF8.self)
  }

  /// Rewrites the labels of a year-ending paper into those of the calendar or financial paper.
  static func relabel(_ json: String, _ pairs: [(String, String)]) -> String {
    var out = json
    for (from, to) in pairs { out = out.replacingOccurrences(of: from, with: to) }
    return out
  }

  static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  @Test(arguments: ["panel.yml", "panel-public.yml"])
  func yearEndingDecemberIsCalendarYears(file: String) throws {
    let calendar = try Self.seedJSON("  basis: calendar\n  years: 2020-2023", file: file)
    let ending = try Self.seedJSON("  basis: year-ending\n  end: 2023-12\n  years: 4", file: file)
    #expect(ending.contains("year ending Dec 2023"))
    #expect(ending != calendar)
    var pairs: [(String, String)] = [
      (
        "the years ending December 2020 to December 2023", "calendar years 2020 to 2023"
      ),
      ("\"Year ending\"", "\"Calendar year\""),
    ]
    // Longest first: "year ending Dec 2023" before anything shorter it contains.
    for y in (2019...2024).reversed() { pairs.append(("year ending Dec \(y)", "\(y)")) }
    for y in 2019...2024 {
      for q in 0..<4 {
        pairs.append(
          ("\(Self.months[3 * q]) to \(Self.months[3 * q + 2]) \(y)", "\(y) Q\(q + 1)"))
      }
    }
    let relabelled = Self.relabel(ending, pairs)
    try expectSameJSON(relabelled, calendar)
    guard file == "panel.yml" else { return }
    // The comparison: 2023 against 2022, as a calendar paper of 2022 and 2023 makes it (in a
    // restricted paper: a public one suppresses over the years it shows, so its cells differ).
    let twoYears = try Self.seedJSON("  basis: calendar\n  years: 2022-2023", file: file)
    try expectSameComparisons(relabelled, twoYears, first: "2022", last: "2023")
  }

  @Test(arguments: ["panel.yml", "panel-public.yml"])
  func yearEndingMarchIsFinancialYears(file: String) throws {
    let financial = try Self.seedJSON(
      "  basis: financial\n  years: [2020/21, 2021/22, 2022/23, 2023/24]", file: file)
    let ending = try Self.seedJSON("  basis: year-ending\n  end: 2024-03\n  years: 4", file: file)
    #expect(ending.contains("year ending Mar 2024 (partial)"))
    var pairs: [(String, String)] = [
      ("the years ending March 2021 to March 2024", "financial years 2020/21 to 2023/24"),
      ("\"Year ending\"", "\"Financial year\""),
    ]
    func fy(_ start: Int) -> String { "\(start)/\(String(format: "%02d", (start + 1) % 100))" }
    for y in (2019...2025).reversed() { pairs.append(("year ending Mar \(y)", fy(y - 1))) }
    for y in 2019...2025 {
      // Quarters of financial years: Apr-Jun is Q1 of the year starting that April.
      pairs.append(("Apr to Jun \(y)", "\(fy(y)) Q1"))
      pairs.append(("Jul to Sep \(y)", "\(fy(y)) Q2"))
      pairs.append(("Oct to Dec \(y)", "\(fy(y)) Q3"))
      pairs.append(("Jan to Mar \(y)", "\(fy(y - 1)) Q4"))
    }
    let relabelled = Self.relabel(ending, pairs)
    try expectSameJSON(relabelled, financial)
    guard file == "panel.yml" else { return }
    // 2023/24 is partial (the extraction is in February 2024): the comparison is 2022/23
    // against 2021/22.
    let twoYears = try Self.seedJSON(
      "  basis: financial\n  years: [2021/22, 2022/23]", file: file)
    try expectSameComparisons(relabelled, twoYears, first: "2021/22", last: "2022/23")
  }

  /// The tables that compare two years.
  /// (The test of the outcome mix spans every complete year, so it is the same on both bases.)
  static let comparisonTables: Set<String> = [
    "Change_in_rates", "Change_in_crimes", "Change_in_channels",
  ]
  /// What is written from the comparison of two years.
  static let comparisonWords: Set<String> = ["keyPoints", "panelAsks", "sections"]

  /// Each table as JSON; with `sortingRows`, its rows in the order of their text (a paper
  /// lists channels by their total over all its years, so two papers of other years may list
  /// the same rows in another order), without its note numbers.
  func tables(_ s: String, sortingRows: Bool = false) throws -> [String: Data] {
    let o = try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
    var out: [String: Data] = [:]
    for var t in o["tables"] as? [[String: Any]] ?? [] {
      if sortingRows, let rows = t["rows"] as? [Any] {
        t["noteNumbers"] = nil  // a paper with a partial year has one more note before them
        t["rows"] = try rows.map {
          String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
        }.sorted()
      }
      out[t["id"] as! String] = try JSONSerialization.data(
        withJSONObject: t, options: [.sortedKeys])
    }
    return out
  }

  /// The comparison tables of a year-ending paper are those of the paper of its two latest
  /// complete years, and compare them.
  func expectSameComparisons(_ ending: String, _ twoYears: String, first: String, last: String)
    throws
  {
    let a = try tables(ending, sortingRows: true)
    let b = try tables(twoYears, sortingRows: true)
    for id in Self.comparisonTables.sorted() {
      #expect(
        a[id] != nil && a[id] == b[id],
        "\(id) differs: \(String(decoding: a[id] ?? Data(), as: UTF8.self).prefix(1500)) --- \(String(decoding: b[id] ?? Data(), as: UTF8.self).prefix(1500))"
      )
      let text = String(decoding: a[id] ?? Data(), as: UTF8.self)
      let quoted = { (s: String) in "\"" + s.replacingOccurrences(of: "/", with: "\\/") + "\"" }
      #expect(text.contains(quoted(first)) && text.contains(quoted(last)), "\(id)")
    }
  }

  /// Both papers, as JSON objects, without the configuration's own hash (the configurations
  /// differ in their period block, which is the point).
  func expectSameJSON(_ a: String, _ b: String) throws {
    func object(_ s: String) throws -> [String: Any] {
      var o = try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
      o["configurationSHA256"] = nil
      return o
    }
    let x = try object(a)
    let y = try object(b)
    #expect(Set(x.keys) == Set(y.keys))
    let ta = try tables(a)
    let tb = try tables(b)
    #expect(Set(ta.keys) == Set(tb.keys))
    for id in ta.keys.sorted() where !Self.comparisonTables.contains(id) {
      #expect(
        ta[id] == tb[id],
        "\(id) differs:\n\(String(decoding: ta[id]!, as: UTF8.self).prefix(3000))\n---\n\(String(decoding: tb[id] ?? Data(), as: UTF8.self).prefix(3000))"
      )
    }
    for key in x.keys.sorted() where key != "tables" && !Self.comparisonWords.contains(key) {
      let ax = try JSONSerialization.data(
        withJSONObject: x[key]!, options: [.sortedKeys, .fragmentsAllowed])
      let by = try JSONSerialization.data(
        withJSONObject: y[key]!, options: [.sortedKeys, .fragmentsAllowed])
      #expect(
        ax == by,
        "\(key) differs:\n\(String(decoding: ax, as: UTF8.self).prefix(3000))\n---\n\(String(decoding: by, as: UTF8.self).prefix(3000))"
      )
    }
    // The tables really are there and full of figures (a comparison of two empty papers passes).
    let tables = x["tables"] as? [[String: Any]] ?? []
    #expect(tables.count >= 10)
  }
}

extension YearEndingPeriodTests {
  /// A basis that is neither calendar nor financial: the years ending September. The crimes,
  /// cancelled and charged crimes of each year, against pandas (read both crime files, drop rows
  /// with an empty reference, a date that is not dd/MM/yyyy or fewer than 7 fields, year = the
  /// year of the date if its month is 1-9, else the next; labels trimmed, spaces folded, case
  /// ignored): 262/23/6, 261/10/1, 248/13/3.
  @Test func yearEndingSeptemberCountsTheTwelveMonthsToSeptember() throws {
    let json = try Self.seedJSON("  basis: year-ending\n  end: 2023-09\n  years: 3")
    let o = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    let rate = (o["tables"] as! [[String: Any]]).first { $0["id"] as? String == "Charge_rate" }!
    let rows = rate["rows"] as! [[Any]]
    #expect(
      rows.map { $0[0] as? String } == [
        "year ending Sep 2021", "year ending Sep 2022", "year ending Sep 2023",
      ])
    // Charged, recorded, cancelled.
    #expect(
      rows.map { ($0[1] as? Int, $0[2] as? Int, $0[3] as? Int) }.map { [$0.0, $0.1, $0.2] } == [
        [6, 262, 23], [1, 261, 10], [3, 248, 13],
      ])
    // The words compare the latest year with the one before.
    let keyPoints = (o["keyPoints"] as! [[String: Any]]).map { $0["text"] as! String }
    #expect(
      keyPoints.contains {
        $0.contains("year ending Sep 2022") && $0.contains("year ending Sep 2023")
      })
    #expect(!keyPoints.contains { $0.contains("year ending Sep 2021") && $0.contains("Fisher") })
  }
}
