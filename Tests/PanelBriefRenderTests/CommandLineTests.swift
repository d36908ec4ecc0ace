import Foundation
import Testing

/// The `panelbrief` executable as a user runs it: exit statuses, messages, files written.
@Suite struct CommandLineTests {
  static var root: String { RenderTestPaths.root }

  /// The built executable, beside the test bundle.
  static var binary: String {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while dir.path != "/" {
      let candidate = dir.appendingPathComponent("panelbrief").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      dir.deleteLastPathComponent()
    }
    return root + "/.build/debug/panelbrief"
  }

  static func run(_ arguments: [String], in folder: String? = nil) throws -> (
    status: Int32, out: String, err: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder ?? root)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: o, as: UTF8.self),
      String(decoding: e, as: UTF8.self)
    )
  }

  static func scratch(_ name: String = #function) -> String {
    let path =
      NSTemporaryDirectory()
      + "panelbrief-cli/\(name.filter(\.isLetter))-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func validateSeedExitsOneWithReasons() throws {
    let r = try Self.run(["validate", "--config", "Fixtures/seed-force/panel.yml"])
    #expect(r.status == 1)
    #expect(r.out.contains("Total: read 2873, accepted 2864, superseded 0, rejected 9."))
    #expect(r.out.contains("rejected, Recorded Date is not a real date: 1"))
    #expect(r.out.contains("line 29: '31/02/2022'"))
  }

  @Test func validateCleanSourcesExitsZero() throws {
    let r = try Self.run(["validate", "--config", "Fixtures/city-of-london-open-data/panel.yml"])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.contains("rejected 0"))
  }

  @Test func unusableConfigurationExitsTwoWithASentence() throws {
    let dir = Self.scratch()
    try
      "title: T\norganisation: O\nperiod: {years: 2020}\nextraction_dat: 2021-01-01\nsources: []\n"
      .write(toFile: dir + "/panel.yml", atomically: true, encoding: .utf8)
    let r = try Self.run(["validate", "--config", dir + "/panel.yml"])
    #expect(r.status == 2)
    #expect(
      r.err.contains(
        "line 4 (extraction_dat): 'extraction_dat' is not a configuration key here; did you mean 'extraction_date'?"
      ))
    let missing = try Self.run(["report", "--config", dir + "/nothing.yml", "--out", dir + "/out"])
    #expect(missing.status == 2)
    #expect(missing.err.contains("the configuration file cannot be read (no such file)."))
    #expect(!FileManager.default.fileExists(atPath: dir + "/out/briefing.xlsx"))
  }

  @Test func reportWritesEveryOutputAndTheSameBytesTwice() throws {
    let dir = Self.scratch()
    let a = try Self.run([
      "report", "--config", "Fixtures/seed-force/panel.yml", "--out", dir + "/a",
    ])
    let b = try Self.run([
      "report", "--config", "Fixtures/seed-force/panel.yml", "--out", dir + "/b",
    ])
    #expect(a.status == 0 && b.status == 0, "\(a.err)\(b.err)")
    #expect(a.out.contains("Read 2873 rows from 4 files: 2864 accepted, 0 superseded, 9 rejected."))
    let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/a").sorted()
    #expect(
      files.contains("briefing.xlsx") && files.contains("briefing.md")
        && files.contains("briefing.json"))
    #expect(files.filter { $0.hasSuffix(".svg") }.count == 7)
    #expect(!files.contains { $0.hasPrefix(".staging") })
    for f in files {
      let x = try Data(contentsOf: URL(fileURLWithPath: dir + "/a/" + f))
      let y = try Data(contentsOf: URL(fileURLWithPath: dir + "/b/" + f))
      #expect(x == y, "\(f) differs between two runs")
    }
  }

  @Test func initDraftsAConfigurationThatValidates() throws {
    let dir = Self.scratch()
    let exports = [
      "crimes-2020-2021.csv", "crimes-2022-2023.csv", "contact-reports.csv", "team-activity.csv",
    ]
    .map { Self.root + "/Fixtures/seed-force/exports/" + $0 }
    let r = try Self.run(["init"] + exports + ["--out", dir + "/panel.yml"])
    #expect(r.status == 0, "\(r.err)")
    let again = try Self.run(["init"] + exports + ["--out", dir + "/panel.yml"])
    #expect(again.status == 2, "an existing draft is kept unless --force")
    let v = try Self.run(["validate", "--config", dir + "/panel.yml"])
    // The draft reads the same rows as the hand-written configuration and rejects the same 9.
    #expect(v.status == 1, "\(v.err)")
    #expect(v.out.contains("Total: read 2873, accepted 2864, superseded 0, rejected 9."))
  }
}

extension CommandLineTests {
  @Test func staleChartsAreRemoved() throws {
    let dir = Self.scratch()
    try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
    try "<svg/>".write(toFile: dir + "/out/chart-old.svg", atomically: true, encoding: .utf8)
    try "keep".write(toFile: dir + "/out/notes.txt", atomically: true, encoding: .utf8)
    let r = try Self.run([
      "report", "--config", "Fixtures/seed-force/panel-public.yml", "--out", dir + "/out",
    ])
    #expect(r.status == 0, "\(r.err)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out")
    #expect(!files.contains("chart-old.svg"))
    #expect(files.contains("notes.txt"), "files that are not PanelBrief's are left alone")
    #expect(files.contains("chart-spc_3.svg"))
  }
}
