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

/// Prints to standard error.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
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
    let builder = BriefingBuilder(config: cfg, data: data, version: panelBriefVersion)
    let briefing = builder.build()
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
      var files = try BriefingOutput.write(briefing, to: folder, template: templatePath)
      files += try DocumentConversion.convert(
        paperIn: folder, marking: briefing.marking, to: formats)
      let t = data.totals
      print(
        "Read \(t.read) rows from \(data.reconciliation.count) files: \(t.accepted) accepted, \(t.superseded) superseded, \(t.rejected) rejected."
      )
      print("Wrote \(files.count) files to \(folder)/: \(files.joined(separator: ", "))")
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
    for r in data.reconciliation {
      print("\(r.source): \(r.path) (\(r.format))")
      print(
        "  rows read \(r.rowsRead), accepted \(r.accepted), superseded \(r.superseded), rejected \(r.rejected)"
      )
      for reason in r.rejectedByReason {
        print("  rejected, \(reason.reason): \(reason.count)")
        for row in data.rejected.filter({ $0.path == r.path && $0.reason == reason.reason }).prefix(
          examples)
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
