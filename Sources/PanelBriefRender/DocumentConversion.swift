import Foundation

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
  public static func convert(
    paperIn folder: String, paper: String = "briefing.md", to formats: [Format]
  ) throws -> [String] {
    guard !formats.isEmpty else { return [] }
    try checkTools(for: formats)
    let fm = FileManager.default
    let staging = folder + "/.convert-\(UUID().uuidString)"
    try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
    defer { try? fm.removeItem(atPath: staging) }

    let docx = staging + "/briefing.docx"
    try run(
      .pandoc,
      [
        folder + "/" + paper, "--from", "markdown-implicit_figures", "--to", "docx",
        "--resource-path", folder, "--output", docx,
      ],
      making: docx, from: paper,
      failsOn: ["Could not fetch resource", "Could not convert", "could not convert"])

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
