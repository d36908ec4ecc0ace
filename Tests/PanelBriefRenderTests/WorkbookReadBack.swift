import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// One element of a parsed XML part. Names are kept as written in the file ("c:lineChart");
/// lookups match either the qualified name or the local name.
struct ReadXMLNode {
  var name: String
  var attributes: [String: String] = [:]
  var children: [ReadXMLNode] = []
  /// The element's own text (not its children's).
  var text: String = ""

  var localName: String { name.split(separator: ":").last.map(String.init) ?? name }

  private func matches(_ wanted: String) -> Bool { name == wanted || localName == wanted }

  /// The value of an attribute, by qualified or local name.
  subscript(attribute: String) -> String? {
    if let value = attributes[attribute] { return value }
    return attributes.first { $0.key.split(separator: ":").last.map(String.init) == attribute }?
      .value
  }

  /// Every element below this one (depth first, document order) with this name.
  func all(_ wanted: String) -> [ReadXMLNode] {
    var found: [ReadXMLNode] = []
    for child in children {
      if child.matches(wanted) { found.append(child) }
      found += child.all(wanted)
    }
    return found
  }

  /// The first element below this one with this name.
  func first(_ wanted: String) -> ReadXMLNode? {
    for child in children {
      if child.matches(wanted) { return child }
      if let found = child.first(wanted) { return found }
    }
    return nil
  }

  /// Direct children with this name.
  func children(_ wanted: String) -> [ReadXMLNode] { children.filter { $0.matches(wanted) } }

  /// All text in this element and below, concatenated.
  var allText: String { text + children.map(\.allText).joined() }

  /// Parses an XML document into its root element.
  static func parse(_ data: Data, part: String) throws -> ReadXMLNode {
    let builder = Builder()
    let parser = XMLParser(data: data)
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      throw WorkbookReadBack.Failure(
        "\(part) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "no root element")"
      )
    }
    return root
  }

  private final class Builder: NSObject, XMLParserDelegate {
    var stack: [ReadXMLNode] = []
    var root: ReadXMLNode?

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      stack.append(ReadXMLNode(name: qName ?? elementName, attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?
    ) {
      guard let done = stack.popLast() else { return }
      if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
    }
  }
}

/// A cell as stored in a sheet's XML.
struct ReadCell: Equatable {
  enum Kind: String { case number, sharedString, inlineString, string, boolean, error }
  /// The shown value: the shared string's text for strings, the stored number as written.
  var value: String
  var kind: Kind
  /// The number format code applied ("General", "#,##0", "0.0%").
  var numberFormat: String
  /// The horizontal alignment, if the style sets one ("right").
  var horizontalAlignment: String?
  var isBold: Bool

  var number: Double? { kind == .number ? Double(value) : nil }
}

/// An Excel table as declared in xl/tables/tableN.xml.
struct ReadTable: Equatable {
  var name: String
  var ref: String
  var columns: [String]
  /// 1 unless the table says otherwise.
  var headerRowCount: Int
}

/// A chart part and what it draws, with the drawing's alt text.
struct ReadChart {
  /// The part's path, e.g. "xl/charts/chart1.xml".
  var part: String
  /// "column", "bar", "line", or the plot element's local name for anything else.
  var kinds: [String]
  var title: String
  var seriesCount: Int
  /// The alt text of the drawing object that shows this chart ("" if not found).
  var description: String
  var xml: ReadXMLNode
}

/// A small reader of .xlsx files for tests: unzips with ZIPFoundation and parses the parts it is
/// asked about. Not a general spreadsheet reader: it knows the parts libxlsxwriter writes.
struct WorkbookReadBack {
  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// Every zip entry's bytes, by path.
  let entries: [String: Data]
  /// Every zip entry's modification date, by path.
  let entryDates: [String: Date]
  /// Sheet names in workbook order.
  let sheetNames: [String]
  /// Sheet name -> worksheet part path ("xl/worksheets/sheet1.xml").
  let sheetParts: [String: String]
  let sharedStrings: [String]
  private let cellFormats: [(numberFormat: String, horizontal: String?, bold: Bool)]

  init(path: String) throws {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    var entries: [String: Data] = [:]
    var dates: [String: Date] = [:]
    for entry in archive {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      entries[entry.path] = data
      dates[entry.path] = entry.fileAttributes[.modificationDate] as? Date
    }
    self.entries = entries
    self.entryDates = dates

    let workbook = try Self.xml(entries, "xl/workbook.xml")
    let relations = try Self.relationships(entries, of: "xl/workbook.xml")
    var names: [String] = []
    var parts: [String: String] = [:]
    for sheet in workbook.all("sheet") {
      guard let name = sheet["name"], let id = sheet["r:id"] ?? sheet["id"] else { continue }
      names.append(name)
      parts[name] = relations[id]
    }
    sheetNames = names
    sheetParts = parts

    if entries["xl/sharedStrings.xml"] != nil {
      sharedStrings = try Self.xml(entries, "xl/sharedStrings.xml").children("si").map { si in
        si.all("t").map(\.text).joined()
      }
    } else {
      sharedStrings = []
    }

    let styles = try Self.xml(entries, "xl/styles.xml")
    var codes: [Int: String] = [
      0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 49: "@",
    ]
    for numFmt in styles.all("numFmt") {
      if let id = numFmt["numFmtId"].flatMap(Int.init), let code = numFmt["formatCode"] {
        codes[id] = code
      }
    }
    let fonts = styles.first("fonts")?.children("font").map { !$0.children("b").isEmpty } ?? []
    cellFormats = (styles.first("cellXfs")?.children("xf") ?? []).map { xf in
      let id = xf["numFmtId"].flatMap(Int.init) ?? 0
      let font = xf["fontId"].flatMap(Int.init) ?? 0
      return (
        codes[id] ?? "numFmt \(id)", xf.first("alignment")?["horizontal"],
        fonts.indices.contains(font) ? fonts[font] : false
      )
    }
  }

  // MARK: Parts

  /// A part parsed as XML.
  func xml(_ part: String) throws -> ReadXMLNode { try Self.xml(entries, part) }

  /// The worksheet XML of a sheet.
  func sheetXML(_ sheet: String) throws -> ReadXMLNode {
    guard let part = sheetParts[sheet] else {
      throw Failure("The workbook has no sheet '\(sheet)'.")
    }
    return try xml(part)
  }

  /// The parts a part's relationships point at, by relationship id.
  func relationships(of part: String) throws -> [String: String] {
    try Self.relationships(entries, of: part)
  }

  // MARK: Cells and tables

  /// Every non-empty cell of a sheet, by reference ("A1").
  func cells(sheet: String) throws -> [String: ReadCell] {
    var cells: [String: ReadCell] = [:]
    for c in try sheetXML(sheet).all("c") {
      guard let ref = c["r"] else { continue }
      let style = c["s"].flatMap(Int.init) ?? 0
      let format =
        cellFormats.indices.contains(style) ? cellFormats[style] : ("General", nil, false)
      let raw = c.first("v")?.text ?? ""
      let kind: ReadCell.Kind
      let value: String
      switch c["t"] {
      case "s":
        kind = .sharedString
        value =
          Int(raw).flatMap { sharedStrings.indices.contains($0) ? sharedStrings[$0] : nil } ?? ""
      case "inlineStr":
        kind = .inlineString
        value = c.first("is")?.allText ?? ""
      case "str":
        kind = .string
        value = raw
      case "b":
        kind = .boolean
        value = raw
      case "e":
        kind = .error
        value = raw
      default:
        if c.first("v") == nil { continue }  // a blank, formatted cell
        kind = .number
        value = raw
      }
      cells[ref] = ReadCell(
        value: value, kind: kind, numberFormat: format.0, horizontalAlignment: format.1,
        isBold: format.2)
    }
    return cells
  }

  /// The Excel tables on a sheet, in the order the sheet lists them.
  func tables(sheet: String) throws -> [ReadTable] {
    guard let part = sheetParts[sheet] else {
      throw Failure("The workbook has no sheet '\(sheet)'.")
    }
    let relations = try relationships(of: part)
    return try sheetXML(sheet).all("tablePart").compactMap { tablePart in
      guard let id = tablePart["r:id"] ?? tablePart["id"], let target = relations[id] else {
        return nil
      }
      let table = try xml(target)
      return ReadTable(
        name: table["displayName"] ?? table["name"] ?? "", ref: table["ref"] ?? "",
        columns: table.all("tableColumn").compactMap { $0["name"] },
        headerRowCount: table["headerRowCount"].flatMap(Int.init) ?? 1)
    }
  }

  /// Cell reference -> internal location ("'Cover'!A1") or external target, for a sheet's links.
  func hyperlinks(sheet: String) throws -> [String: String] {
    guard let part = sheetParts[sheet] else {
      throw Failure("The workbook has no sheet '\(sheet)'.")
    }
    let relations = try relationships(of: part)
    var links: [String: String] = [:]
    for link in try sheetXML(sheet).all("hyperlink") {
      guard let ref = link["ref"] else { continue }
      if let location = link["location"] {
        links[ref] = location
      } else if let id = link["r:id"] ?? link["id"] {
        links[ref] = relations[id] ?? ""
      }
    }
    return links
  }

  /// The odd-page header and footer text of a sheet ("&COFFICIAL").
  func headerFooter(sheet: String) throws -> (header: String, footer: String) {
    let node = try sheetXML(sheet).first("headerFooter")
    return (node?.first("oddHeader")?.text ?? "", node?.first("oddFooter")?.text ?? "")
  }

  /// The number of rows frozen at the top of a sheet (0 if none).
  func frozenRows(sheet: String) throws -> Int {
    guard let pane = try sheetXML(sheet).first("pane"), pane["state"] == "frozen" else { return 0 }
    return pane["ySplit"].flatMap { Double($0) }.map { Int($0) } ?? 0
  }

  // MARK: Charts

  /// Every chart part in the workbook, in part-number order.
  func charts() throws -> [ReadChart] {
    let descriptions = try chartDescriptions()
    let parts = entries.keys.filter { $0.hasPrefix("xl/charts/chart") && $0.hasSuffix(".xml") }
      .sorted { Self.partNumber($0) < Self.partNumber($1) }
    return try parts.map { try readChart($0, description: descriptions[$0] ?? "") }
  }

  /// The chart kinds of every chart in the workbook ("column", "bar", "line").
  func chartTypes() throws -> [String] { try charts().flatMap(\.kinds) }

  /// The charts drawn on one sheet, in drawing order.
  func charts(sheet: String) throws -> [ReadChart] {
    guard let part = sheetParts[sheet] else {
      throw Failure("The workbook has no sheet '\(sheet)'.")
    }
    let relations = try relationships(of: part)
    let descriptions = try chartDescriptions()
    var found: [ReadChart] = []
    for drawing in try sheetXML(sheet).all("drawing") {
      guard let id = drawing["r:id"] ?? drawing["id"], let drawingPart = relations[id] else {
        continue
      }
      let drawingRelations = try relationships(of: drawingPart)
      for chartRef in try xml(drawingPart).all("c:chart") {
        guard let chartID = chartRef["r:id"] ?? chartRef["id"],
          let chartPart = drawingRelations[chartID]
        else { continue }
        found.append(try readChart(chartPart, description: descriptions[chartPart] ?? ""))
      }
    }
    return found
  }

  private func readChart(_ part: String, description: String) throws -> ReadChart {
    let chart = try xml(part)
    var kinds: [String] = []
    if let plotArea = chart.first("plotArea") {
      for plot in plotArea.children where plot.localName.hasSuffix("Chart") {
        if plot.localName == "barChart" {
          kinds.append(plot.first("barDir")?["val"] == "bar" ? "bar" : "column")
        } else if plot.localName == "lineChart" {
          kinds.append("line")
        } else {
          kinds.append(plot.localName)
        }
      }
    }
    let title = chart.first("title")?.all("a:t").map(\.text).joined() ?? ""
    return ReadChart(
      part: part, kinds: kinds, title: title, seriesCount: chart.all("ser").count,
      description: description, xml: chart)
  }

  /// Chart part -> alt text of the drawing object that shows it.
  private func chartDescriptions() throws -> [String: String] {
    var result: [String: String] = [:]
    for drawingPart in entries.keys
    where drawingPart.hasPrefix("xl/drawings/drawing") && drawingPart.hasSuffix(".xml") {
      let relations = try relationships(of: drawingPart)
      for frame in try xml(drawingPart).all("xdr:graphicFrame") {
        let descr = frame.first("xdr:cNvPr")?["descr"] ?? ""
        for chartRef in frame.all("c:chart") {
          if let id = chartRef["r:id"] ?? chartRef["id"], let part = relations[id] {
            result[part] = descr
          }
        }
      }
    }
    return result
  }

  // MARK: Document properties

  /// docProps/core.xml as local name -> text ("title", "creator", "created", "keywords").
  func coreProperties() throws -> [String: String] {
    var result: [String: String] = [:]
    for child in try xml("docProps/core.xml").children { result[child.localName] = child.text }
    return result
  }

  // MARK: Layout, visibility, custom properties

  /// A cell reference ("AB12") as a one-based (row, column), or `nil` if it is not one.
  static func position(_ ref: String) -> (row: Int, col: Int)? {
    let letters = ref.prefix { $0.isASCII && $0.isLetter }
    guard !letters.isEmpty, let row = Int(ref.dropFirst(letters.count)) else { return nil }
    var col = 0
    for scalar in letters.uppercased().unicodeScalars {
      col = col * 26 + Int(scalar.value) - 64
    }
    return (row, col)
  }

  /// The reference of a one-based (row, column): (7, 2) -> "B7".
  static func reference(row: Int, col: Int) -> String {
    var name = ""
    var n = col
    while n > 0 {
      name = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + name
      n = (n - 1) / 26
    }
    return "\(name)\(row)"
  }

  /// A table's range ("A7:F23") as one-based first and last rows and columns.
  static func range(_ ref: String) -> (top: Int, left: Int, bottom: Int, right: Int)? {
    let parts = ref.split(separator: ":").map(String.init)
    guard parts.count == 2, let a = position(parts[0]), let b = position(parts[1]) else {
      return nil
    }
    return (a.row, a.col, b.row, b.col)
  }

  /// One-based column -> width set in the sheet's <cols> (only columns given a width).
  func columnWidths(sheet: String) throws -> [Int: Double] {
    var widths: [Int: Double] = [:]
    for col in try sheetXML(sheet).all("col") {
      guard let min = col["min"].flatMap(Int.init), let max = col["max"].flatMap(Int.init),
        let width = col["width"].flatMap(Double.init), col["customWidth"] == "1"
      else { continue }
      for c in min...max { widths[c] = width }
    }
    return widths
  }

  /// Sheet name -> its state in the workbook ("visible" unless hidden or very hidden).
  func sheetStates() throws -> [String: String] {
    var states: [String: String] = [:]
    for sheet in try xml("xl/workbook.xml").all("sheet") {
      if let name = sheet["name"] { states[name] = sheet["state"] ?? "visible" }
    }
    return states
  }

  /// docProps/custom.xml as property name -> text ([:] if the part is absent).
  func customProperties() throws -> [String: String] {
    guard entries["docProps/custom.xml"] != nil else { return [:] }
    var result: [String: String] = [:]
    for property in try xml("docProps/custom.xml").all("property") {
      if let name = property["name"] { result[name] = property.allText }
    }
    return result
  }

  // MARK: Internals

  private static func xml(_ entries: [String: Data], _ part: String) throws -> ReadXMLNode {
    guard let data = entries[part] else { throw Failure("The workbook has no part \(part).") }
    return try ReadXMLNode.parse(data, part: part)
  }

  /// Relationship id -> target part path, resolved against the part's folder.
  private static func relationships(_ entries: [String: Data], of part: String) throws -> [String:
    String]
  {
    let url = URL(fileURLWithPath: "/" + part)
    let relsPart =
      String(
        url.deletingLastPathComponent().appendingPathComponent("_rels").appendingPathComponent(
          url.lastPathComponent + ".rels"
        ).path.dropFirst())
    guard entries[relsPart] != nil else { return [:] }
    var result: [String: String] = [:]
    for relation in try xml(entries, relsPart).all("Relationship") {
      guard let id = relation["Id"], let target = relation["Target"] else { continue }
      if relation["TargetMode"] == "External" {
        result[id] = target
      } else if target.hasPrefix("/") {
        result[id] = String(target.dropFirst())
      } else {
        let resolved = url.deletingLastPathComponent().appendingPathComponent(target).standardized
          .path
        result[id] = String(resolved.dropFirst())
      }
    }
    return result
  }

  private static func partNumber(_ part: String) -> Int {
    Int(part.filter(\.isNumber)) ?? 0
  }
}
