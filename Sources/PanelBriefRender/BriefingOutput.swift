import Foundation
import PanelBrief

/// Writes every output of a briefing into a folder: `briefing.xlsx`, `briefing.md`, one SVG per
/// chart, and `briefing.json`. All files are made in a staging folder first and moved into place
/// only when every one of them has been written, so a failure never leaves half a briefing.
public enum BriefingOutput {
  /// The files written, relative to the output folder. `template` is the path of the paper's
  /// Mustache template, or `nil` for the default; a template that cannot be used is reported
  /// (`PaperTemplateError`, naming its line) before anything is written.
  public static func write(_ briefing: Briefing, to folder: String, template: String? = nil)
    throws -> [String]
  {
    let paperTemplate = try PaperTemplate.load(path: template)
    let fm = FileManager.default
    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let staging = folder + "/.staging-\(ProcessInfo.processInfo.processIdentifier)"
    try? fm.removeItem(atPath: staging)
    try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
    defer { try? fm.removeItem(atPath: staging) }

    var files: [String] = []
    func chartFile(_ chart: ChartSpec) -> String { "chart-\(chart.id).svg" }
    for chart in briefing.charts {
      guard let table = briefing.table(chart.tableID) else { continue }
      let svg = SVGChartRenderer.render(chart, table: table)
      try Data(svg.utf8).write(to: URL(fileURLWithPath: staging + "/" + chartFile(chart)))
      files.append(chartFile(chart))
    }
    let markdown = MarkdownBriefingWriter.render(
      briefing, template: paperTemplate, chartFile: chartFile)
    try Data(markdown.utf8).write(to: URL(fileURLWithPath: staging + "/briefing.md"))
    files.append("briefing.md")
    try JSONBriefingWriter.render(briefing).write(
      to: URL(fileURLWithPath: staging + "/briefing.json"))
    files.append("briefing.json")
    try XLSXBriefingWriter.write(briefing, to: staging + "/briefing.xlsx")
    files.append("briefing.xlsx")

    for file in files {
      // rename(2) replaces the old file in one step: a reader sees the old file or the new one.
      guard rename(staging + "/" + file, folder + "/" + file) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: folder + "/" + file])
      }
    }
    // A chart an earlier run drew that this briefing no longer has would mislead: remove it.
    let written = Set(files)
    for old in (try? fm.contentsOfDirectory(atPath: folder)) ?? []
    where old.hasPrefix("chart-") && old.hasSuffix(".svg") && !written.contains(old) {
      try? fm.removeItem(atPath: folder + "/" + old)
    }
    return files.sorted()
  }
}
