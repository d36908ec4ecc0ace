import Foundation

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

/// Why the thing at `path` cannot be read as an input file, or `nil` when it is a regular file
/// (or does not exist, which callers say in their own words). A folder, a named pipe (FIFO), a
/// device such as `/dev/zero` or a socket is refused: reading one would block forever or never
/// end. Symbolic links are followed.
public func regularFileProblem(atPath path: String) -> String? {
  var info = stat()
  guard stat(path, &info) == 0 else { return nil }
  switch info.st_mode & S_IFMT {
  case S_IFREG: return nil
  case S_IFDIR: return "this is a folder, not a file."
  case S_IFIFO:
    return
      "this is a named pipe (FIFO), not a file; only regular files are read (a pipe could block forever)."
  case S_IFCHR, S_IFBLK:
    return "this is a device, not a file; only regular files are read."
  case S_IFSOCK: return "this is a socket, not a file; only regular files are read."
  default: return "this is not a regular file; only regular files are read."
  }
}
