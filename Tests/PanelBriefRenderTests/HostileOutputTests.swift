import Foundation
import PanelBrief
import PanelBriefRender
import Testing
import ZIPFoundation

/// The command run as a careless or hostile user would: killed at any moment, pointed at a
/// folder with an earlier run of another marking, fed labels that would spoil a terminal or a
/// table. Each case of issue 10 that shows at the command line.
@Suite struct HostileOutputTests {
  typealias CLI = CommandLineTests

  /// Every file of `folder` (names and bytes), hidden files included.
  static func contents(_ folder: String) -> [String: Data] {
    var out: [String: Data] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      out[name] = FileManager.default.contents(atPath: folder + "/" + name) ?? Data()
    }
    return out
  }

  /// Staging folders beside `folder`.
  static func stagingSiblings(of folder: String) -> [String] {
    let url = URL(fileURLWithPath: folder)
    let parent = url.deletingLastPathComponent().path
    return ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter {
      $0.hasPrefix("." + url.lastPathComponent + ".staging-")
    }
  }

  /// Starts `report`, kills it (SIGKILL) after `delay` seconds unless it has finished, and waits.
  static func runAndKill(_ arguments: [String], after delay: Double) throws -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CLI.binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: CLI.root)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(delay)
    while process.isRunning && Date() < deadline { usleep(2_000) }
    let killed = process.isRunning
    if killed { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return killed
  }

  /// `report` killed at random moments, 24 times, alternating between the restricted and the
  /// public seed briefing into one folder: after every kill the folder holds exactly the old
  /// briefing or exactly the new one (every file, byte for byte), never a mix; after a run that
  /// finishes no staging folder is left. (Before: 1 run in 136 left a mix, and 95 left a
  /// staging folder.)
  @Test func killedAtAnyMomentTheFolderHoldsTheOldOrTheNewBriefingWhole() throws {
    let dir = CLI.scratch()
    let configs = ["Fixtures/seed-force/panel.yml", "Fixtures/seed-force/panel-public.yml"]
    // The two briefings, made whole once each, to compare with.
    var expected: [[String: Data]] = []
    var duration = 0.0
    for (i, config) in configs.enumerated() {
      let start = Date()
      let r = try CLI.run(["report", "--config", config, "--out", dir + "/reference-\(i)"])
      duration = max(duration, Date().timeIntervalSince(start))
      #expect(r.status == 0, "\(r.err)")
      expected.append(Self.contents(dir + "/reference-\(i)"))
    }
    #expect(expected[0] != expected[1])
    let out = dir + "/out"
    _ = try CLI.run(["report", "--config", configs[0], "--out", out])
    var current = 0
    var generator = SystemRandomNumberGenerator()
    var outcomes: [String: Int] = [:]
    for round in 0..<24 {
      let next = 1 - current
      // From the start to well past a whole run: kills at every stage, and runs that finish.
      let delay = Double.random(in: 0...(duration * 2), using: &generator)
      let killed = try Self.runAndKill(
        ["report", "--config", configs[next], "--out", out], after: delay)
      let now = Self.contents(out)
      if now == expected[next] {
        current = next
        outcomes[killed ? "killed, new" : "finished", default: 0] += 1
      } else if now == expected[current] {
        outcomes["killed, old", default: 0] += 1
      } else {
        Issue.record(
          "round \(round): after a kill at \(delay) s the folder holds a mix: \(now.keys.sorted())")
        return
      }
    }
    // Leftovers of killed runs are removed by the next run, before it starts.
    let r = try CLI.run(["report", "--config", configs[0], "--out", out])
    #expect(r.status == 0, "\(r.err)")
    #expect(Self.stagingSiblings(of: out).isEmpty, "\(Self.stagingSiblings(of: out))")
    #expect(Self.contents(out) == expected[0])
    print("kill rounds: \(outcomes)")
  }

  /// A public run into a folder holding a restricted run left the restricted briefing.docx and
  /// .pdf beside the new public files. The folder is replaced whole: they are gone, while files
  /// PanelBrief never writes (previews, notes) are carried over. A stale staging folder of a
  /// killed run is removed.
  @Test func publicRunOverARestrictedRunLeavesNoRestrictedFile() throws {
    let dir = CLI.scratch()
    let out = dir + "/out"
    let r0 = try CLI.run(["report", "--config", "Fixtures/seed-force/panel.yml", "--out", out])
    #expect(r0.status == 0, "\(r0.err)")
    for name in ["briefing.docx", "briefing.pdf", "chart-old.svg", ".staging-123"] {
      _ = FileManager.default.createFile(
        atPath: out + "/" + name, contents: Data("restricted".utf8))
    }
    _ = FileManager.default.createFile(
      atPath: out + "/preview-paper-1.png", contents: Data("png".utf8))
    _ = FileManager.default.createFile(atPath: out + "/notes.txt", contents: Data("mine".utf8))
    let stale = dir + "/.out.staging-999999"
    try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: stale + "/briefing.md", contents: Data("old".utf8))

    let r = try CLI.run([
      "report", "--config", "Fixtures/seed-force/panel-public.yml", "--out", out,
    ])
    #expect(r.status == 0, "\(r.err)")
    let files = Set((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [])
    for gone in [
      "briefing.docx", "briefing.pdf", "chart-old.svg", ".staging-123", "chart-spc_1.svg",
    ] {
      #expect(!files.contains(gone), "\(gone) was left beside the public briefing")
    }
    #expect(FileManager.default.contents(atPath: out + "/notes.txt") == Data("mine".utf8))
    #expect(FileManager.default.contents(atPath: out + "/preview-paper-1.png") == Data("png".utf8))
    #expect(files.contains("briefing.md") && files.contains("chart-spc_3.svg"))
    #expect(!FileManager.default.fileExists(atPath: stale))
    let md = try String(contentsOfFile: out + "/briefing.md", encoding: .utf8)
    #expect(md.contains("OFFICIAL") && !md.contains("must not be published"))
  }

  /// An output folder holding a subfolder cannot be replaced in one step: refused with a
  /// sentence before anything is written, and the folder is left as it was.
  @Test func outputFolderWithASubfolderIsRefusedAndLeftAlone() throws {
    let dir = CLI.scratch()
    try FileManager.default.createDirectory(
      atPath: dir + "/out/archive", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: dir + "/out/briefing.md", contents: Data("old".utf8))
    let r = try CLI.run([
      "report", "--config", "Fixtures/seed-force/panel-public.yml", "--out", dir + "/out",
    ])
    #expect(r.status == 2)
    #expect(
      r.err.contains(
        "it holds 'archive', which is not a file PanelBrief writes and cannot be carried into the new briefing's folder in one step"
      ), "\(r.err)")
    #expect(FileManager.default.contents(atPath: dir + "/out/briefing.md") == Data("old".utf8))
    #expect(Self.stagingSiblings(of: dir + "/out").isEmpty)
  }

  /// Writes a restricted configuration over one crimes file with `rows` (after the header).
  static func hostileConfig(_ dir: String, rows: [String], audience: String = "restricted")
    throws -> String
  {
    let csv =
      (["Occurrence Ref,Recorded Date,Outcome,Outcome Date"] + rows).joined(separator: "\n") + "\n"
    try csv.write(toFile: dir + "/crimes.csv", atomically: true, encoding: .utf8)
    let yaml = """
      title: Hostile labels
      organisation: Test Force
      audience: \(audience)
      period: {years: 2020-2021}
      extraction_date: 2022-02-05
      sources:
        - name: crimes
          kind: crimes
          files: crimes.csv
          columns: {reference: Occurrence Ref, recorded_date: Recorded Date, outcome: Outcome, outcome_date: Outcome Date}
          outcomes:
            "1: Charged": 1
            "Unknown": unknown
      """
    try yaml.write(toFile: dir + "/panel.yml", atomically: true, encoding: .utf8)
    return dir + "/panel.yml"
  }

  static let hostileRows: [String] = {
    var rows = (1...30).map { "C\($0),05/01/2020,1: Charged,01/02/2020" }
    rows += [
      "Z1,05/01/2020,Zed\u{01},", "Z2,05/01/2020,Zed\u{02},", "Z3,05/01/2020,Un\u{200B}known,",
      "Z4,05/01/2021,\u{202E}degrahC,", "Z5,05/01/2021,Bell\u{07}\u{1B}[2J\u{1B}]0;pwned\u{07},",
      "Z6,05/01/2021,\"Lone\rCR\",", "Z7,05/01/2021," + String(repeating: "L", count: 40_000) + ",",
      "R1,31/02/2021,\u{1B}]0;title\u{07}\u{1B}[2J," + String(repeating: "F", count: 40_000) + ",",
    ]
    return rows
  }()

  /// Labels with control, bidirectional and zero-width characters, a 40,000-character label and
  /// a 40,000-character rejected field (over Excel's 32,767 per cell): the briefing is written
  /// (it was exit 2), every writer shows the same visible text, and briefing.md holds no control
  /// byte but the line feed.
  @Test func hostileLabelsGiveABriefingWithTheSameTextEverywhere() throws {
    let dir = CLI.scratch()
    let config = try Self.hostileConfig(dir, rows: Self.hostileRows)
    let r = try CLI.run(["report", "--config", config, "--out", dir + "/out", "--allow-rejected"])
    #expect(r.status == 0, "\(r.err)")
    let md = try String(contentsOfFile: dir + "/out/briefing.md", encoding: .utf8)
    let json = try String(contentsOfFile: dir + "/out/briefing.json", encoding: .utf8)
    #expect(!md.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
    #expect(!md.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x200B })
    let archive = try Archive(
      url: URL(fileURLWithPath: dir + "/out/briefing.xlsx"), accessMode: .read)
    var strings = Data()
    _ = try archive.extract(try #require(archive["xl/sharedStrings.xml"])) { strings.append($0) }
    let xlsx = String(decoding: strings, as: UTF8.self)
    let svg = try String(contentsOfFile: dir + "/out/chart-outcomes_by_year.svg", encoding: .utf8)
    for label in [
      "Unmapped: Zed<U+0001>", "Unmapped: Zed<U+0002>", "Unmapped: Un<U+200B>known",
      "Unmapped: <U+202E>degrahC", "Unmapped: Bell<U+0007><U+001B>[2J<U+001B>]0;pwned<U+0007>",
      "Unmapped: Lone CR",
      "Unmapped: " + String(repeating: "L", count: 200) + "… (40000 characters)",
    ] {
      let escaped = label.replacingOccurrences(of: "&", with: "&amp;")
        .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
      #expect(json.contains(label), "JSON lacks \(label)")
      #expect(xlsx.contains(escaped), "workbook lacks \(label)")
      #expect(svg.contains(escaped), "SVG lacks \(label)")
      let inMarkdown = label.replacingOccurrences(of: "<", with: "\\<")
      #expect(
        md.contains(label) || md.contains(inMarkdown) || md.contains(escaped),
        "paper lacks \(label)")
    }
    #expect(xlsx.contains(String(repeating: "F", count: 500) + "… (40000 characters)"))
  }

  /// `validate` printed rejected rows raw, terminal escape sequences (set title, clear screen)
  /// included, and a whole 8 MB field. Now every hidden character is shown as <U+XXXX> and each
  /// printed field is cut with its length said.
  @Test func validateNeverPrintsEscapeSequencesOrHugeFields() throws {
    let dir = CLI.scratch()
    let config = try Self.hostileConfig(dir, rows: Self.hostileRows)
    let r = try CLI.run(["validate", "--config", config])
    #expect(r.status == 1, "\(r.err)")
    #expect(!r.out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
    #expect(r.out.contains("<U+001B>]0;title<U+0007><U+001B>[2J"), "\(r.out.prefix(2000))")
    #expect(r.out.contains("… (40000 characters)"))
    #expect(r.out.utf8.count < 20_000)
  }

  /// A restricted paper with 1,048,600 rejected rows (over a worksheet's 1,048,576 rows) failed
  /// with exit 2. The first 10,000 are listed, with a note saying how many there are. (The rows
  /// are copies of one rejected row, so the test spends its time on the writers, not on reading
  /// a 30 MB file; `panelbrief report` over 1,100,000 such rows was measured by hand.)
  @Test func restrictedPaperWithOverAMillionRejectedRows() throws {
    let dir = CLI.scratch()
    let path = try Self.hostileConfig(
      dir, rows: ["A,05/01/2020,1: Charged,", "B,31/02/2020,1: Charged,"])
    let config = try BriefingConfig.load(path: path)
    var data = try Ingestor(config: config, open: openTabular).run()
    let row = try #require(data.rejected.first)
    let extra = 1_048_600 - data.rejected.count
    data.rejected += Array(repeating: row, count: extra)
    data.reconciliation[0].rowsRead += extra
    data.reconciliation[0].rejectedByReason[0].count += extra
    let start = Date()
    let briefing = BriefingBuilder(config: config, data: data, version: "test").build()
    #expect(briefing.rejectedRows.count == 10_000)
    let files = try BriefingOutput.write(briefing, to: dir + "/out")
    #expect(files.contains("briefing.xlsx"))
    let md = try String(contentsOfFile: dir + "/out/briefing.md", encoding: .utf8)
    #expect(md.contains("Only the first 10,000 of the 1,048,600 rejected rows are listed"))
    #expect(Date().timeIntervalSince(start) < 240)  // generous: a shared machine, debug build
  }

  /// Activity labels become table headers (at most 255 characters, unique ignoring case):
  /// `Zed\x01` and `Zed\x02` were both "Unmapped: Zed" (a duplicate header), a 300-character
  /// label was too long, and a label with a NUL differed between workbook and paper. Each run
  /// gave exit 2; now the briefing is written with the same visible text in every writer.
  @Test func hostileActivityLabelsGiveABriefing() throws {
    let dir = CLI.scratch()
    var rows = ["Activity Date,Activity"]
    for month in 1...12 {
      for label in [
        "PVOT engaged", "Zed\u{01}", "Zed\u{02}", String(repeating: "Y", count: 300), "Nul\u{0}",
      ] {
        rows.append(String(format: "01/%02d/2023,", month) + "\"\(label)\"")
      }
    }
    try (rows.joined(separator: "\n") + "\n").write(
      toFile: dir + "/activity.csv", atomically: true, encoding: .utf8)
    try """
    title: Activity
    organisation: Test Force
    audience: restricted
    period: {years: 2023}
    extraction_date: 2024-02-05
    sources:
      - name: activity
        kind: activity
        files: activity.csv
        columns: {date: Activity Date, measure: Activity}
        measures:
          "PVOT engaged with": [PVOT engaged]
    """.write(toFile: dir + "/panel.yml", atomically: true, encoding: .utf8)
    let r = try CLI.run(["report", "--config", dir + "/panel.yml", "--out", dir + "/out"])
    #expect(r.status == 0, "\(r.err)")
    let json = try String(contentsOfFile: dir + "/out/briefing.json", encoding: .utf8)
    let md = try String(contentsOfFile: dir + "/out/briefing.md", encoding: .utf8)
    let archive = try Archive(
      url: URL(fileURLWithPath: dir + "/out/briefing.xlsx"), accessMode: .read)
    var xml = ""
    for entry in archive where entry.path.hasPrefix("xl/") {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      xml += String(decoding: data, as: UTF8.self)
    }
    for label in [
      "Unmapped: Zed<U+0001>", "Unmapped: Zed<U+0002>", "Unmapped: Nul<U+0000>",
      "Unmapped: " + String(repeating: "Y", count: 200) + "… (300 characters)",
    ] {
      #expect(json.contains(label), "JSON lacks \(label)")
      #expect(md.contains(label.replacingOccurrences(of: "<", with: "\\<")), "paper lacks \(label)")
      #expect(
        xml.contains(
          label.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")),
        "workbook lacks \(label)")
    }
  }
}
