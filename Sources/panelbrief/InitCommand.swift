import ArgumentParser
import Foundation
import PanelBrief

/// `panelbrief init EXPORT...`: a draft configuration from a force's export files.
struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Draft a configuration (panel.yml) from a force's export files or open data.",
    discussion: """
      Reads the header and first rows of each export, recognises crimes, reports and activity \
      files, their reference, date, outcome and channel columns and the date format, lists every \
      label with the meaning guessed for it, and writes the configuration with a TODO comment on \
      each guess to check. police.uk street and outcomes files and the Home Office outcomes \
      open-data table are recognised by their headers and drafted as police-uk and \
      home-office-outcomes sources. Exit status: 0 when the draft was written, 2 when it could \
      not be.
      """)

  @Argument(
    help:
      "The files (CSV or XLSX): a force's exports, police.uk files, Home Office outcomes tables."
  )
  var exports: [String]

  @Option(name: .shortAndLong, help: "The configuration file to write.")
  var out: String = "panel.yml"

  @Flag(help: "Overwrite the configuration file if it exists.")
  var force = false

  @Option(help: "Rows read from each file to recognise its columns.")
  var sample: Int = DraftConfig.defaultSampleRows

  func run() throws {
    if FileManager.default.fileExists(atPath: out) && !force {
      printError(
        "error: \(out) already exists; give another --out file, or --force to overwrite it.")
      throw ExitCode(2)
    }
    let draft: DraftConfig
    do {
      draft = try DraftConfig.draft(exports: exports, configPath: out, sampleRows: sample)
    } catch {
      printError("error: \(error)")
      throw ExitCode(2)
    }
    do {
      try Data(draft.yaml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
    } catch {
      printError(
        "error: the configuration could not be written to \(out): \(error.localizedDescription)")
      throw ExitCode(2)
    }
    for s in draft.skipped { printError("warning: \(s.path) was not used: \(s.reason).") }
    print("Wrote \(out):")
    for line in draft.summary { print("  " + line) }
    print("To check (marked TODO in \(out)):")
    for line in draft.checks { print("  - " + line) }
    print("Then: panelbrief validate --config \(out)")
  }
}
