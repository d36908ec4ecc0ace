import ArgumentParser
import Foundation
import PanelBrief
import PanelBriefHistory
import PanelBriefRender

/// The version written into every briefing's provenance.
let panelBriefVersion = "0.1.0"

@main
struct PanelBriefCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "panelbrief",
    abstract: "Turn force crime exports into a Police and Crime Panel briefing.",
    version: panelBriefVersion,
    subcommands: [Report.self, Validate.self, Init.self, History.self],
    defaultSubcommand: Report.self)
}

/// Prints to standard error, with terminal-safe text (`terminalSafe`).
func printError(_ message: String) {
  FileHandle.standardError.write(Data((terminalSafe(message) + "\n").utf8))
}

/// `text` with every control, bidirectional and zero-width character shown as `<U+XXXX>` (line
/// breaks kept): a value read from an export must never reach the terminal as an escape sequence
/// (one can set the window title or clear the screen). Each line is cut to `limit` characters.
func terminalSafe(_ text: String, limit: Int = 4000) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false)
    .map { DisplayText.visible(String($0), limit: limit) }
    .joined(separator: "\n")
}

/// Loads the configuration and reads its sources, or exits with status 2 and a sentence.
func loadAndIngest(_ configPath: String) throws -> (BriefingConfig, IngestedData) {
  let config: BriefingConfig
  do {
    config = try BriefingConfig.load(path: configPath)
  } catch {
    printError("error: \(error)")
    throw ExitCode(2)
  }
  do {
    let data = try Ingestor(config: config, open: openTabular).run()
    return (config, data)
  } catch {
    printError("error: \(error)")
    throw ExitCode(2)
  }
}

/// What the ingest set aside, for standard error: rejected rows by source and reason, and every
/// finding (unmapped labels, unusable outcome dates).
func summariseOnStandardError(_ data: IngestedData) {
  var order: [String] = []
  var bySource:
    [String: (read: Int, rejected: Int, reasons: [String: Int], reasonOrder: [String])] =
      [:]
  for r in data.reconciliation {
    if bySource[r.source] == nil {
      order.append(r.source)
      bySource[r.source] = (0, 0, [:], [])
    }
    bySource[r.source]!.read += r.rowsRead
    bySource[r.source]!.rejected += r.rejected
    for reason in r.rejectedByReason {
      if bySource[r.source]!.reasons[reason.reason] == nil {
        bySource[r.source]!.reasonOrder.append(reason.reason)
      }
      bySource[r.source]!.reasons[reason.reason, default: 0] += reason.count
    }
  }
  for name in order {
    let s = bySource[name]!
    guard s.rejected > 0 else { continue }
    let reasons = s.reasonOrder.map { "\($0): \(Wording.count(s.reasons[$0]!))" }
    printError(
      "note: \(name): \(Wording.count(s.rejected)) of \(Wording.count(s.read)) rows rejected (\(reasons.joined(separator: "; ")))."
    )
  }
  for f in data.findings {
    printError("note: \(f.source): \(f.text) (\(Wording.count(f.count)) rows).")
  }
}

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Write the briefing: briefing.xlsx, briefing.md with its SVG charts, briefing.html, briefing.json, briefing-tidy.csv."
  )

  @Option(name: .shortAndLong, help: "The briefing's configuration file (YAML).")
  var config: String

  @Option(name: .shortAndLong, help: "The output folder (default: Reports/<configuration name>/).")
  var out: String?

  @Flag(help: "Also write the paper as a Word document, briefing.docx (needs pandoc).")
  var docx = false

  @Flag(help: "Also write the paper as a PDF, briefing.pdf (needs pandoc and LibreOffice).")
  var pdf = false

  @Option(
    help: ArgumentHelp(
      "A Mustache template for the paper's wording, instead of the configuration's or the default.",
      valueName: "file.md.mustache"))
  var template: String?

  @Flag(
    help:
      "Make the paper although a source has more rejected rows than quality.max_rejected_share allows; the paper says so."
  )
  var allowRejected = false

  @Option(
    help: ArgumentHelp(
      "Record the run in this SQLite run history (instead of the configuration's history:) and add what changed since the last paper of the series.",
      valueName: "file"))
  var history: String?

  func run() throws {
    let formats = (docx ? [DocumentConversion.Format.docx] : []) + (pdf ? [.pdf] : [])
    do {
      try DocumentConversion.checkTools(for: formats)
    } catch {
      printError("error: \(error)")
      throw ExitCode(2)
    }
    let (cfg, loaded) = try loadAndIngest(config)
    var data = loaded
    summariseOnStandardError(data)
    var refusals = QualityGates.check(config: cfg, data: data).map(\.message)
    if allowRejected {
      for sentence in QualityGates.allowRejected(config: cfg, data: &data) {
        printError("warning: \(sentence).")
      }
    } else {
      refusals += QualityGates.rejectedShare(config: cfg, data: data).map {
        QualityGates.rejectedShareSentence($0, config: cfg, overridden: false)
      }
    }
    if !refusals.isEmpty {
      for r in refusals { printError("error: \(r)") }
      printError("No paper was written: a quality gate refused it (README, \"Quality gates\").")
      throw ExitCode(2)
    }
    // --template wins; a configuration's template: is relative to the configuration's folder.
    let templatePath =
      template
      ?? cfg.templatePath.map { $0.hasPrefix("/") ? $0 : cfg.baseDirectory + "/" + $0 }
    do {
      _ = try PaperTemplate.load(path: templatePath)
    } catch {
      printError("error: \(error)")
      throw ExitCode(2)
    }
    let builder = BriefingBuilder(config: cfg, data: data, version: panelBriefVersion)
    var briefing = builder.build()
    // The run history: opened (or refused) before anything is written.
    let historyFile = history ?? cfg.historyPath.map(cfg.resolve)
    var store: RunHistory? = nil
    if let historyFile {
      do {
        store = try RunHistory(path: historyFile)
        let earlier = try store!.earlierRuns(of: cfg)
        if let previous = earlier.last {
          briefing = builder.addingRevisions(to: briefing, previous: previous, runs: earlier)
        }
      } catch {
        printError("error: \(error)")
        throw ExitCode(2)
      }
    }
    let problems = builder.disclosureProblems(in: briefing)
    if !problems.isEmpty {
      for problem in problems { printError("error: \(problem)") }
      printError(
        "error: this public paper would let a reader work out suppressed counts, so nothing was written. Report it as a fault of PanelBrief's disclosure control (with the output of 'panelbrief validate'); until it is fixed, set 'audience: restricted' in \(cfg.path) and do not publish the result."
      )
      throw ExitCode(2)
    }
    let folder = out ?? "Reports/\(cfg.name)"
    do {
      let files: [String]
      if let store {
        let stamp = ISO8601DateFormatter().string(from: Date())
        files = try store.record(
          briefing: briefing, config: cfg, data: builder.data, recordedAt: stamp,
          configurationSHA256: briefing.configurationSHA256, version: panelBriefVersion
        ) { commit in
          try BriefingOutput.write(
            briefing, to: folder, template: templatePath, documents: formats,
            font: cfg.paperFont, commit: commit)
        }
      } else {
        files = try BriefingOutput.write(
          briefing, to: folder, template: templatePath, documents: formats, font: cfg.paperFont)
      }
      let t = data.totals
      print(
        "Read \(t.read) rows from \(data.reconciliation.count) files: \(t.accepted) accepted, \(t.superseded) superseded, \(t.rejected) rejected."
      )
      print("Wrote \(files.count) files to \(folder)/: \(files.joined(separator: ", "))")
    } catch let error as OutputFolderError {
      printError("error: \(error)")
      throw ExitCode(2)
    } catch let error as RunHistoryError {
      printError("error: \(error) Nothing was written.")
      throw ExitCode(2)
    } catch {
      printError("error: the briefing could not be written to \(folder): \(error)")
      throw ExitCode(2)
    }
  }
}

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read the sources alone and print what was accepted and rejected.",
    discussion:
      "Exit status: 0 when every row was accepted, 1 when rows were rejected, 2 when the configuration or a file cannot be used (including a date format that a quality gate refuses)."
  )

  @Option(name: .shortAndLong, help: "The briefing's configuration file (YAML).")
  var config: String

  @Option(help: "How many example rows to print for each rejection reason.")
  var examples: Int = 3

  func run() throws {
    let (cfg, data) = try loadAndIngest(config)
    func print(_ line: String) { Swift.print(terminalSafe(line, limit: 1000)) }
    for r in data.reconciliation {
      print("\(r.source): \(r.path) (\(r.format))")
      print(
        "  rows read \(r.rowsRead), accepted \(r.accepted), superseded \(r.superseded), rejected \(r.rejected)"
      )
      for reason in r.rejectedByReason {
        print("  rejected, \(reason.reason): \(reason.count)")
        for row in data.rejected.lazy.filter({ $0.path == r.path && $0.reason == reason.reason })
          .prefix(max(0, examples))
        {
          print(
            "    line \(row.line): \(row.detail.isEmpty ? "" : row.detail + " ")\(row.fields.isEmpty ? "" : "[" + row.fields.joined(separator: " | ") + "]")"
          )
        }
      }
    }
    for f in data.findings { print("note: \(f.source): \(f.text) (\(f.count) rows)") }
    let t = data.totals
    print(
      "Total: read \(t.read), accepted \(t.accepted), superseded \(t.superseded), rejected \(t.rejected)."
    )
    let gates = QualityGates.check(config: cfg, data: data)
    for g in gates { print("report will refuse: \(g.message)") }
    for s in QualityGates.rejectedShare(config: cfg, data: data) {
      print(
        "report will refuse: \(QualityGates.rejectedShareSentence(s, config: cfg, overridden: false))"
      )
    }
    if gates.contains(where: { $0.gate != .draft }) { throw ExitCode(2) }
    if t.rejected > 0 { throw ExitCode(1) }
  }
}

struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the runs recorded in a run history, one line each.",
    discussion:
      "Each line: the run's number, when it ran (UTC), the extraction date, the marking and audience, the configuration (path and the start of its SHA-256) and how many published figures were recorded."
  )

  @Option(help: ArgumentHelp("The run history (SQLite) to list.", valueName: "file"))
  var history: String

  func run() throws {
    guard FileManager.default.fileExists(atPath: history) else {
      printError(
        "error: there is no history file \(history); 'report --history \(history)' makes one.")
      throw ExitCode(2)
    }
    do {
      let runs = try RunHistory(path: history).runs()
      if runs.isEmpty { print("No runs recorded in \(history).") }
      for r in runs {
        print(
          terminalSafe(
            "\(r.id)  \(r.recordedAt)  extracted \(r.extractionDate)  \(r.marking) (\(r.audience))  \(r.configurationPath) sha256:\(r.configurationSHA256.prefix(12))  \(r.cells) figures",
            limit: 1000))
      }
    } catch {
      printError("error: \(error)")
      throw ExitCode(2)
    }
  }
}
