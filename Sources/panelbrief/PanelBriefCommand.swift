import ArgumentParser
import Foundation
import PanelBrief
import PanelBriefRender

/// The version written into every briefing's provenance.
let panelBriefVersion = "0.1.0"

@main
struct PanelBriefCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "panelbrief",
    abstract: "Turn force crime exports into a Police and Crime Panel briefing.",
    version: panelBriefVersion,
    subcommands: [Report.self, Validate.self, Init.self],
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

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the briefing: briefing.xlsx, briefing.md with its SVG charts, briefing.json.")

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

  func run() throws {
    let formats = (docx ? [DocumentConversion.Format.docx] : []) + (pdf ? [.pdf] : [])
    do {
      try DocumentConversion.checkTools(for: formats)
    } catch {
      printError("error: \(error)")
      throw ExitCode(2)
    }
    let (cfg, data) = try loadAndIngest(config)
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
    let briefing = BriefingBuilder(config: cfg, data: data, version: panelBriefVersion).build()
    let folder = out ?? "Reports/\(cfg.name)"
    do {
      let files = try BriefingOutput.write(
        briefing, to: folder, template: templatePath, documents: formats)
      let t = data.totals
      print(
        "Read \(t.read) rows from \(data.reconciliation.count) files: \(t.accepted) accepted, \(t.superseded) superseded, \(t.rejected) rejected."
      )
      print("Wrote \(files.count) files to \(folder)/: \(files.joined(separator: ", "))")
    } catch let error as OutputFolderError {
      printError("error: \(error)")
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
      "Exit status: 0 when every row was accepted, 1 when rows were rejected, 2 when the configuration or a file cannot be used."
  )

  @Option(name: .shortAndLong, help: "The briefing's configuration file (YAML).")
  var config: String

  @Option(help: "How many example rows to print for each rejection reason.")
  var examples: Int = 3

  func run() throws {
    let (_, data) = try loadAndIngest(config)
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
    if t.rejected > 0 { throw ExitCode(1) }
  }
}
