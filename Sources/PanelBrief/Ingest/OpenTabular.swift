/// Opens a source's file: XLSX by its extension (`.xlsx`, `.xlsm`), anything else as delimited
/// text, with the source's delimiter, encoding and sheet when the configuration gives them.
public let openTabular: TabularOpener = { path, source in
  let lower = path.lowercased()
  if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
    return try XLSXReader(path: path, sheet: source.sheet)
  }
  var options = CSVOptions(delimiter: source.delimiter)
  if let name = source.encoding {
    guard let encoding = TextEncoding(configName: name) else {
      throw TabularError.unreadable(
        path: path,
        reason:
          "the encoding '\(name)' is not one PanelBrief reads: use utf-8, utf-16le, utf-16be or windows-1252."
      )
    }
    options.encoding = encoding
  }
  return try CSVReader(path: path, options: options)
}

extension TextEncoding {
  /// Reads the configuration's spelling of an encoding.
  init?(configName: String) {
    switch configName.lowercased().replacingOccurrences(of: "_", with: "-") {
    case "utf-8", "utf8": self = .utf8
    case "utf-8-bom", "utf-8-sig": self = .utf8BOM
    case "utf-16le", "utf-16-le": self = .utf16LE
    case "utf-16be", "utf-16-be": self = .utf16BE
    case "windows-1252", "cp1252", "latin-1", "iso-8859-1": self = .windows1252
    default: return nil
    }
  }
}
