import Foundation
import Mustache

/// The wording of the panel paper: a Mustache template that turns the paper's context (see
/// `MarkdownBriefingWriter.context`) into Markdown. PanelBrief ships one as the default
/// (`Templates/panel-paper.md.mustache`, compiled in); a configuration can name its own with `template:`, so a
/// force can keep its house style without changing code.
///
/// In a template, `{{name}}` writes text with Markdown's special characters escaped, so a label
/// such as `S45 *defence*` prints as written; `{{{name}}}` writes a ready-made Markdown block (a
/// table, an image link) as it is.
public struct PaperTemplate: Sendable {
  /// Where the template came from: its path, or "the default template".
  public let origin: String
  /// The template's text as written.
  public let text: String
  private let template: MustacheTemplate

  /// The template PanelBrief ships with (`Templates/panel-paper.md.mustache`, compiled into the
  /// binary: `EmbeddedTemplates`).
  public static func standard() throws -> PaperTemplate {
    guard let text = EmbeddedTemplates.files["panel-paper.md.mustache"] else {
      throw PaperTemplateError(
        origin: "the default template", line: nil, column: nil,
        reason: "it is missing from PanelBrief's build (Templates/panel-paper.md.mustache)")
    }
    return try PaperTemplate(text: text, origin: "the default template")
  }

  /// The template in the file at `path`.
  public static func load(path: String) throws -> PaperTemplate {
    try load(path: path, origin: path)
  }

  /// The template for a paper: the one at `path` when one is named, otherwise the default.
  public static func load(path: String?) throws -> PaperTemplate {
    if let path { try load(path: path) } else { try standard() }
  }

  private static func load(path: String, origin: String) throws -> PaperTemplate {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let reason =
        FileManager.default.fileExists(atPath: path)
        ? "it could not be read (\((error as NSError).localizedDescription))"
        : "there is no such file"
      throw PaperTemplateError(origin: origin, line: nil, column: nil, reason: reason)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw PaperTemplateError(
        origin: origin, line: nil, column: nil, reason: "it is not UTF-8 text")
    }
    return try PaperTemplate(text: text, origin: origin)
  }

  /// A template from its text; `origin` names it in error messages.
  public init(text: String, origin: String = "the template") throws {
    _ = Self.markdownContentTypeRegistered
    self.origin = origin
    self.text = text
    // The pragma goes on the template's first line, with no newline after it, so every line
    // number the parser reports is the line of the template as written.
    let pragma = "{{% CONTENT_TYPE: \(Self.contentTypeName) }}"
    do {
      template = try MustacheTemplate(string: pragma + text)
    } catch let error as MustacheTemplate.ParserError {
      let context = error.context
      let column =
        context.lineNumber == 1 ? max(1, context.columnNumber - pragma.count) : context.columnNumber
      throw PaperTemplateError(
        origin: origin, line: context.lineNumber, column: column,
        reason: Self.sentence(for: error.error))
    } catch {
      throw PaperTemplateError(origin: origin, line: nil, column: nil, reason: "\(error)")
    }
  }

  /// The paper: the template rendered with `context`. Runs of blank lines left by sections that
  /// had nothing to show are closed up (outside fenced code blocks).
  public func render(_ context: [String: Any]) -> String {
    Self.closeUpBlankLines(template.render(context))
  }

  // MARK: - Markdown escaping for {{name}}

  private static let contentTypeName = "PANELBRIEF_MARKDOWN"

  /// Registers the Markdown content type once, before the first template is parsed.
  private static let markdownContentTypeRegistered: Void = {
    MustacheContentTypes.register(MarkdownContentType(), named: contentTypeName)
  }()

  private struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownBriefingWriter.escape(text) }
  }

  private static func sentence(for error: any Error) -> String {
    guard let e = error as? MustacheTemplate.Error else {
      // The parser's own "overflow": it ran off the end of the text inside a tag.
      return "\(error)" == "overflow"
        ? "the template ends inside a tag that is not finished (a {{ with no }})"
        : "\(error)"
    }
    switch e {
    case .sectionCloseNameIncorrect:
      return "a section is closed with a different name from the one that opened it"
    case .unfinishedName:
      return "a tag is not finished (a name must be closed with }} or }}} )"
    case .expectedSectionEnd:
      return "a section is opened with {{#name}} or {{^name}} but never closed with {{/name}}"
    case .invalidSetDelimiter:
      return "a set-delimiter tag {{=<% %>=}} is badly formed"
    case .transformAppliedToInheritanceSection:
      return "a transform cannot be applied to an inherited section"
    case .illegalTokenInsideInheritSection:
      return "only block definitions may appear inside an inherited partial"
    case .textInsideInheritSection:
      return "text may not appear inside an inherited partial"
    case .invalidConfigVariableSyntax:
      return "a pragma tag {{% NAME: value }} is badly formed"
    case .unrecognisedConfigVariable:
      return "a pragma tag names a setting or content type Mustache does not know"
    }
  }

  private static func closeUpBlankLines(_ text: String) -> String {
    var out: [Substring] = []
    var inFence = false
    var blankRun = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle() }
      if !inFence && line.allSatisfy({ $0 == " " || $0 == "\t" }) {
        blankRun += 1
        if blankRun > 1 || out.isEmpty { continue }
        out.append("")
      } else {
        blankRun = 0
        out.append(line)
      }
    }
    while let last = out.last, last.isEmpty { out.removeLast() }
    return out.joined(separator: "\n") + "\n"
  }
}

/// A paper template that cannot be used: it is missing, unreadable, or not valid Mustache. The
/// message names the template and, for a syntax error, the line and column.
public struct PaperTemplateError: Error, Equatable, CustomStringConvertible {
  /// The template's path, or "the default template".
  public var origin: String
  /// The line of the template (from 1) where the parser stopped, when known.
  public var line: Int?
  /// The column on that line (from 1), when known.
  public var column: Int?
  /// What is wrong, as a clause.
  public var reason: String

  public var description: String {
    var place = ""
    if let line {
      place = " at line \(line)"
      if let column { place += ", column \(column)" }
    }
    return "The paper template \(origin) cannot be used\(place): \(reason)."
  }
}
