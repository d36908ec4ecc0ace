import Foundation
import PanelBrief

/// Writes every output of a briefing into a folder: `briefing.xlsx`, `briefing.md`, one SVG per
/// chart, `briefing.html`, `briefing.json`, `briefing-tidy.csv`, and on request `briefing.docx` and `briefing.pdf`. Everything is made
/// in a sibling folder first and put in place of the old folder in one step (`OutputFolder`), so a
/// failure or a kill at any moment leaves the old briefing whole or the new one whole, and no file
/// of an earlier run (a restricted Word paper beside a public one) is left behind.
public enum BriefingOutput {
  /// The files written, relative to the output folder. `template` is the path of the paper's
  /// Mustache template, or `nil` for the default; a template that cannot be used is reported
  /// (`PaperTemplateError`, naming its line) before anything is written. `documents` are the
  /// Word/PDF papers to make from the Markdown paper (`DocumentConversion`). `commit` runs when
  /// the new briefing is in place (`OutputFolder.replace`). `font` is the font of the web page
  /// and of the Word/PDF papers (the configuration's `paper.font`).
  public static func write(
    _ briefing: Briefing, to folder: String, template: String? = nil,
    documents: [DocumentConversion.Format] = [], font: String = "Arial",
    commit: () throws -> Void = {}
  ) throws -> [String] {
    let paperTemplate = try PaperTemplate.load(path: template)
    return try OutputFolder.replace(folder, commit: commit) { staging in
      var files: [String] = []
      func chartFile(_ chart: ChartSpec) -> String { "chart-\(chart.id).svg" }
      var svgs: [String: String] = [:]
      for chart in briefing.charts {
        guard let table = briefing.table(chart.tableID) else { continue }
        let svg = SVGChartRenderer.render(chart, table: table)
        svgs[chart.id] = svg
        try Data(svg.utf8).write(to: URL(fileURLWithPath: staging + "/" + chartFile(chart)))
        files.append(chartFile(chart))
      }
      let markdown = MarkdownBriefingWriter.render(
        briefing, template: paperTemplate, chartFile: chartFile)
      try Data(markdown.utf8).write(to: URL(fileURLWithPath: staging + "/briefing.md"))
      files.append("briefing.md")
      let html = HTMLBriefingWriter.render(
        briefing, markdown: markdown, chartFile: chartFile, svg: { svgs[$0.id] ?? "" }, font: font)
      try Data(html.utf8).write(to: URL(fileURLWithPath: staging + "/briefing.html"))
      files.append("briefing.html")
      try JSONBriefingWriter.render(briefing).write(
        to: URL(fileURLWithPath: staging + "/briefing.json"))
      files.append("briefing.json")
      try Data(TidyCSVWriter.render(briefing).utf8).write(
        to: URL(fileURLWithPath: staging + "/briefing-tidy.csv"))
      files.append("briefing-tidy.csv")
      try XLSXBriefingWriter.write(briefing, to: staging + "/briefing.xlsx")
      files.append("briefing.xlsx")
      // On the printed page a horizontal bar chart too tall for it is split into parts.
      var parts: [String: [SVGChartRenderer.Part]] = [:]
      if !documents.isEmpty {
        for chart in briefing.charts {
          guard let table = briefing.table(chart.tableID),
            let split = SVGChartRenderer.parts(
              chart, table: table, maxHeightToWidth: WordPaper.chartHeight / WordPaper.textWidth)
          else { continue }
          parts[chartFile(chart)] = split
        }
      }
      files += try DocumentConversion.convert(
        paperIn: staging, marking: briefing.marking, title: briefing.title, font: font,
        chartParts: parts, to: documents)
      return files.sorted()
    }
  }
}
