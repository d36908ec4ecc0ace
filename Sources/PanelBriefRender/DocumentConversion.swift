import Foundation
import ZIPFoundation

/// Turns the Markdown panel paper into the Word and PDF papers a panel clerk circulates. Word
/// comes from pandoc, which embeds each SVG chart with a PNG copy made by rsvg-convert (so every
/// version of Word shows it); PDF comes from that Word file through LibreOffice. When a tool is
/// missing, `DocumentConversionError` says which and how to install it, and nothing is written.
public enum DocumentConversion {
  /// An output format beside the Markdown paper.
  public enum Format: String, Sendable, CaseIterable {
    /// A Word document, `briefing.docx`.
    case docx
    /// A PDF, `briefing.pdf`.
    case pdf

    /// The tools this format needs, in the order they are used.
    var tools: [Tool] {
      switch self {
      case .docx: [.pandoc, .rsvgConvert]
      case .pdf: [.pandoc, .rsvgConvert, .libreOffice]
      }
    }
  }

  /// A program the conversion runs.
  enum Tool: String, CaseIterable {
    case pandoc
    case rsvgConvert = "rsvg-convert"
    case libreOffice = "soffice"

    var purpose: String {
      switch self {
      case .pandoc: "Word and PDF papers are made by pandoc"
      case .rsvgConvert:
        "pandoc needs rsvg-convert to put the SVG charts into the Word file as pictures"
      case .libreOffice: "the PDF paper is made from the Word paper by LibreOffice"
      }
    }

    var install: String {
      switch self {
      case .pandoc:
        "apt-get install pandoc (Debian, Ubuntu), brew install pandoc (macOS) or winget install JohnMacFarlane.Pandoc (Windows); see https://pandoc.org/installing.html"
      case .rsvgConvert:
        "apt-get install librsvg2-bin (Debian, Ubuntu) or brew install librsvg (macOS)"
      case .libreOffice:
        "apt-get install libreoffice-writer (Debian, Ubuntu) or brew install --cask libreoffice (macOS)"
      }
    }

    /// Places to look beyond PATH.
    var extraLocations: [String] {
      switch self {
      case .libreOffice: ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
      default: []
      }
    }
  }

  /// Whether every tool `format` needs is installed.
  public static func isAvailable(_ format: Format) -> Bool {
    format.tools.allSatisfy { location(of: $0) != nil }
  }

  /// Throws `DocumentConversionError.missingTool` for the first tool `formats` need that is not
  /// installed. Call it before making the briefing, so a missing tool costs no work.
  public static func checkTools(for formats: [Format]) throws {
    for format in formats {
      for tool in format.tools where location(of: tool) == nil {
        throw DocumentConversionError.missingTool(
          tool: tool.rawValue, format: format.rawValue, purpose: tool.purpose,
          install: tool.install)
      }
    }
  }

  /// Converts `folder/paper` (Markdown whose images are relative to `folder`) into
  /// `briefing.docx` and/or `briefing.pdf` in `folder`. Each file is made in a staging folder and
  /// moved into place only when all are made. Returns the files written, relative to `folder`.
  ///
  /// `marking` is printed once in the header and once in the footer of every page of the Word and
  /// PDF papers (the Markdown's own marking lines, first and last, are left out of them); `title`
  /// becomes the document's title (its properties, what a screen reader announces). The page
  /// layout and styles (A4 portrait, 2 cm margins, Arial 11 point, tables in 10 point, en-GB)
  /// come from the Word reference document shipped in `Templates/reference-docx/`, its styles set
  /// in `font` instead of Arial when another is configured (`paper.font`). Each chart is
  /// sized to fit the page's text area with its caption (`WordPaper`).
  public static func convert(
    paperIn folder: String, paper: String = "briefing.md", marking: String, title: String = "",
    font: String = "Arial", chartParts: [String: [SVGChartRenderer.Part]] = [:],
    to formats: [Format]
  ) throws -> [String] {
    guard !formats.isEmpty else { return [] }
    try checkTools(for: formats)
    let fm = FileManager.default
    let staging = folder + "/.convert-\(UUID().uuidString)"
    try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
    defer { try? fm.removeItem(atPath: staging) }

    let reference = staging + "/reference.docx"
    try ReferenceDocument.write(marking: marking, font: font, to: reference)
    let docx = staging + "/briefing.docx"
    guard let markdown = try? String(contentsOfFile: folder + "/" + paper, encoding: .utf8) else {
      throw DocumentConversionError.failed(
        tool: Tool.pandoc.rawValue, input: paper, status: nil,
        output: "the paper \(folder)/\(paper) is missing or not UTF-8 text")
    }
    // The parts of charts too tall for a page, beside the paper's own charts for the time of
    // the conversion (named as they are, the Word file's picture names are the same every time).
    var partFiles: [String: [String]] = [:]
    defer {
      for name in partFiles.values.joined() { try? fm.removeItem(atPath: folder + "/" + name) }
    }
    for (file, parts) in chartParts.sorted(by: { $0.key < $1.key }) {
      let stem = file.hasSuffix(".svg") ? String(file.dropLast(4)) : file
      for (index, part) in parts.enumerated() {
        let name = "\(stem)-part\(index + 1).svg"
        guard !fm.fileExists(atPath: folder + "/" + name) else {
          throw DocumentConversionError.failed(
            tool: "PanelBrief", input: file, status: nil,
            output: "\(folder)/\(name) is in the way of a part of the chart \(file); move it")
        }
        partFiles[file, default: []].append(name)
        try Data(part.svg.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
      }
    }
    let wordPaper = staging + "/word-paper.md"
    try Data(
      WordPaper.prepare(markdown, marking: marking, imagesIn: folder, parts: partFiles).utf8
    ).write(to: URL(fileURLWithPath: wordPaper))
    try run(
      .pandoc,
      [
        wordPaper, "--from", "markdown-implicit_figures", "--to", "docx",
        "--resource-path", folder, "--reference-doc", reference, "--metadata", "lang=en-GB",
        "--output", docx,
      ],
      making: docx, from: paper,
      failsOn: ["Could not fetch resource", "Could not convert", "could not convert"])
    try WordPaper.setTitle(title, of: docx)

    var files: [String] = []
    if formats.contains(.docx) { files.append("briefing.docx") }
    if formats.contains(.pdf) {
      let profile = URL(fileURLWithPath: staging + "/libreoffice-profile").absoluteString
      try run(
        .libreOffice,
        [
          "-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", "pdf",
          "--outdir", staging, docx,
        ],
        making: staging + "/briefing.pdf", from: "briefing.docx", failsOn: [])
      files.append("briefing.pdf")
    }
    for file in files {
      guard rename(staging + "/" + file, folder + "/" + file) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: folder + "/" + file])
      }
    }
    return files
  }

  /// The path of `tool`'s program, found on PATH (or where it is usually installed).
  static func location(of tool: Tool) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let candidates =
      path.split(separator: ":").map { String($0) + "/" + tool.rawValue } + tool.extraLocations
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Runs `tool` and checks that it made `output`; otherwise throws with what the tool said.
  private static func run(
    _ tool: Tool, _ arguments: [String], making output: String, from input: String,
    failsOn warnings: [String]
  ) throws {
    guard let executable = location(of: tool) else {
      throw DocumentConversionError.missingTool(
        tool: tool.rawValue, format: "", purpose: tool.purpose, install: tool.install)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw DocumentConversionError.failed(
        tool: tool.rawValue, input: input, status: nil,
        output: (error as NSError).localizedDescription)
    }
    let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let made = FileManager.default.fileExists(atPath: output)
    let warned = warnings.contains { said.contains($0) }
    if process.terminationStatus != 0 || !made || warned {
      var what = said.trimmingCharacters(in: .whitespacesAndNewlines)
      if tool == .libreOffice && what.contains("source file could not be loaded") {
        what += " (LibreOffice's Writer component may be missing: \(Tool.libreOffice.install))"
      }
      throw DocumentConversionError.failed(
        tool: tool.rawValue, input: input, status: process.terminationStatus, output: what)
    }
  }
}

/// The Word paper's Markdown, prepared from the panel paper for a printed page.
enum WordPaper {
  /// The text area of the reference document's A4 page (21 × 29.7 cm, 2 cm margins), in cm.
  static let textWidth = 17.0
  static let textHeight = 25.7
  /// The tallest a chart is drawn, leaving room on its page for its heading, caption and source.
  static let chartHeight = 20.0

  /// `markdown` without its first and last lines when they are the marking (the header and footer
  /// carry it: printed again it would show twice on the first page and might make a last page of
  /// its own), with every SVG chart given a width at which it fits `chartHeight`. A chart listed
  /// in `parts` (its file → its parts' files, relative to `folder`) is drawn as those parts, one
  /// after another, each at the page's width, its alt text saying which part it is.
  static func prepare(
    _ markdown: String, marking: String, imagesIn folder: String, parts: [String: [String]] = [:]
  ) -> String {
    var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let markingLine = "**" + MarkdownBriefingWriter.escape(marking) + "**"
    func isMarking(_ line: String) -> Bool {
      line.trimmingCharacters(in: .whitespaces) == markingLine
    }
    if let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
      isMarking(lines[first])
    {
      lines.remove(at: first)
    }
    if let last = lines.lastIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
      isMarking(lines[last])
    {
      lines.remove(at: last)
    }
    return lines.map { split($0, parts: parts) }.joined(separator: "\n").split(
      separator: "\n", omittingEmptySubsequences: false
    ).map { sized(String($0), imagesIn: folder) }.joined(separator: "\n")
  }

  /// An image line `![alt](chart.svg)` of a chart in `parts` as one image line per part, apart
  /// (blank lines between), their alt text ending "Part k of n."; any other line as it is.
  static func split(_ line: String, parts: [String: [String]]) -> String {
    guard line.hasPrefix("!["), line.hasSuffix(".svg)"),
      let open = line.range(of: "](", options: .backwards)
    else { return line }
    let file = String(line[open.upperBound..<line.index(before: line.endIndex)])
    guard let files = parts[file], !files.isEmpty else { return line }
    var alt = String(line[line.index(line.startIndex, offsetBy: 2)..<open.lowerBound])
    if !alt.isEmpty && !alt.hasSuffix(".") { alt += "." }
    return files.enumerated().map { index, part in
      "![\(alt.isEmpty ? "" : alt + " ")Part \(index + 1) of \(files.count).](\(part))"
    }.joined(separator: "\n\n")
  }

  /// An image line `![alt](chart.svg)` with `{width=…cm}` added: the page's width, or less for a
  /// tall chart, so that its height is at most `chartHeight`.
  static func sized(_ line: String, imagesIn folder: String) -> String {
    guard line.hasPrefix("!["), line.hasSuffix(".svg)"),
      let open = line.range(of: "](", options: .backwards)
    else { return line }
    let file = String(line[open.upperBound..<line.index(before: line.endIndex)])
    guard let (w, h) = svgSize(folder + "/" + file), w > 0, h > 0 else { return line }
    let width = min(textWidth, chartHeight * w / h)
    return line + "{width=" + String(format: "%.2f", width) + "cm}"
  }

  /// The width and height attributes of an SVG file's root element.
  static func svgSize(_ path: String) -> (Double, Double)? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    return SVGChartRenderer.size(
      of: String(decoding: handle.readData(ofLength: 2048), as: UTF8.self))
  }

  /// Writes `title` into the Word file's document properties (`docProps/core.xml`), which
  /// pandoc leaves empty unless the paper has a title block (the paper's title is its heading).
  static func setTitle(_ title: String, of docx: String) throws {
    guard !title.isEmpty else { return }
    let url = URL(fileURLWithPath: docx)
    let archive = try Archive(url: url, accessMode: .update)
    guard let entry = archive["docProps/core.xml"] else { return }
    var data = Data()
    _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
    var xml = String(decoding: data, as: UTF8.self)
    let escaped = ReferenceDocument.xmlEscape(title)
    if let r = xml.range(of: "<dc:title></dc:title>") ?? xml.range(of: "<dc:title/>") {
      xml.replaceSubrange(r, with: "<dc:title>\(escaped)</dc:title>")
    } else if let r = xml.range(of: "</cp:coreProperties>") {
      xml.replaceSubrange(r, with: "<dc:title>\(escaped)</dc:title></cp:coreProperties>")
    }
    let bytes = Data(xml.utf8)
    try archive.remove(entry)
    try archive.addEntry(
      with: "docProps/core.xml", type: .file, uncompressedSize: Int64(bytes.count),
      compressionMethod: .deflate
    ) { position, size in
      bytes.subdata(in: Int(position)..<min(bytes.count, Int(position) + size))
    }
  }
}

/// The Word reference document pandoc takes its page layout and styles from: the parts in
/// `Templates/reference-docx/` (pandoc's own, A4, in the panel style), compiled into the binary
/// (`EmbeddedTemplates`), with the marking put into the header and footer, zipped without
/// compression.
private enum ReferenceDocument {
  /// The reference document with `marking` in its header and footer and its styles set in
  /// `font` (Arial in the template).
  static func write(marking: String, font: String = "Arial", to path: String) throws {
    let prefix = "reference-docx/"
    var parts: [(name: String, data: Data)] = []
    for (path, text) in EmbeddedTemplates.files where path.hasPrefix(prefix) {
      let relative = String(path.dropFirst(prefix.count))
      var text = text
      if relative.hasSuffix("header1.xml") || relative.hasSuffix("footer1.xml") {
        text = text.replacingOccurrences(of: "{{marking}}", with: xmlEscape(marking))
      }
      if relative == "word/styles.xml" && font != "Arial" {
        // Every style's w:rFonts (w:ascii, w:eastAsia, w:hAnsi, w:cs) names Arial.
        text = text.replacingOccurrences(of: "=\"Arial\"", with: "=\"\(xmlEscape(font))\"")
      }
      // Names SwiftPM would not copy as resources are stored under plain ones.
      let name =
        relative == "Content_Types.xml"
        ? "[Content_Types].xml" : relative == "_rels/dot.rels" ? "_rels/.rels" : relative
      parts.append((name, Data(text.utf8)))
    }
    guard parts.count > 10 else {
      throw DocumentConversionError.failed(
        tool: "PanelBrief", input: "Templates/reference-docx", status: nil,
        output: "the Word reference document is missing from PanelBrief's build")
    }
    // [Content_Types].xml first, as Office expects.
    func key(_ name: String) -> String { name == "[Content_Types].xml" ? "" : name }
    parts.sort { key($0.name) < key($1.name) }
    try StoredZip.archive(parts).write(to: URL(fileURLWithPath: path))
  }

  static func xmlEscape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}

/// A ZIP archive whose entries are stored, not compressed: enough for a Word document.
private enum StoredZip {
  static func archive(_ entries: [(name: String, data: Data)]) -> Data {
    var out = Data()
    var central = Data()
    for entry in entries {
      let name = Data(entry.name.utf8)
      let crc = crc32(entry.data)
      let offset = UInt32(out.count)
      // Local file header.
      out.append(le32(0x0403_4b50))
      out.append(le16(20))
      out.append(le16(0))
      out.append(le16(0))  // version, flags, stored
      out.append(le16(0))
      out.append(le16(0x21))  // time, date (1980-01-01)
      out.append(le32(crc))
      out.append(le32(UInt32(entry.data.count)))
      out.append(le32(UInt32(entry.data.count)))
      out.append(le16(UInt16(name.count)))
      out.append(le16(0))
      out.append(name)
      out.append(entry.data)
      // Central directory entry.
      central.append(le32(0x0201_4b50))
      central.append(le16(20))
      central.append(le16(20))
      central.append(le16(0))
      central.append(le16(0))
      central.append(le16(0))
      central.append(le16(0x21))
      central.append(le32(crc))
      central.append(le32(UInt32(entry.data.count)))
      central.append(le32(UInt32(entry.data.count)))
      central.append(le16(UInt16(name.count)))
      central.append(le16(0))
      central.append(le16(0))
      central.append(le16(0))
      central.append(le16(0))
      central.append(le32(0))
      central.append(le32(offset))
      central.append(name)
    }
    let centralOffset = UInt32(out.count)
    out.append(central)
    out.append(le32(0x0605_4b50))
    out.append(le16(0))
    out.append(le16(0))
    out.append(le16(UInt16(entries.count)))
    out.append(le16(UInt16(entries.count)))
    out.append(le32(UInt32(central.count)))
    out.append(le32(centralOffset))
    out.append(le16(0))
    return out
  }

  private static func le16(_ v: UInt16) -> Data { Data([UInt8(v & 0xff), UInt8(v >> 8)]) }
  private static func le32(_ v: UInt32) -> Data {
    Data([UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)])
  }

  private static let table: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32(_ data: Data) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for byte in data { c = table[Int((c ^ UInt32(byte)) & 0xff)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}

/// Why the Word or PDF paper could not be made.
public enum DocumentConversionError: Error, Equatable, CustomStringConvertible {
  /// A program the format needs is not installed.
  case missingTool(tool: String, format: String, purpose: String, install: String)
  /// A program ran but did not make its file.
  case failed(tool: String, input: String, status: Int32?, output: String)

  public var description: String {
    switch self {
    case .missingTool(let tool, let format, let purpose, let install):
      let what = format.isEmpty ? "" : "--\(format) needs \(tool), which is not installed: "
      return "\(what)\(purpose). Install it with \(install), then run the command again."
    case .failed(let tool, let input, let status, let output):
      var s = "\(tool) could not convert \(input)"
      if let status, status != 0 { s += " (exit status \(status))" }
      s += output.isEmpty ? "." : ": \(output)"
      return s
    }
  }
}
