import Foundation

/// A file given twice would have its rows counted twice (anti-social behaviour doubled, a
/// force's counts doubled with no word), so it is refused, in every kind of source:
///
/// - the same path, after resolving it against the configuration's folder, `.` and `..`, and
///   symbolic links, listed twice in one source or in two sources of the same kind, before
///   anything is read;
/// - two files with the same SHA-256 (copies under two names) in sources of the same kind, once
///   they are read, when they hold at least one data row. Two header-only files are the same
///   bytes without being the same data (two months with nothing recorded), so they are allowed.
///
/// Sources of different kinds count different things from a file (one export may give both the
/// crimes and the reports), so one file in a `crimes` and a `reports` source is allowed.
extension Ingestor {
  /// The resolved path of every file, by source kind; throws at the second listing of a path.
  func refuseFilesListedTwice() throws(IngestError) {
    var seen: [String: (source: String, shown: String)] = [:]
    for source in config.sources {
      for shown in source.files {
        let key = source.kind.rawValue + "\u{1F}" + Self.canonicalPath(config.resolve(shown))
        if let first = seen[key] {
          let placement =
            first.source == source.name
            ? "twice in the files of the source '\(source.name)'"
            : "in the source '\(first.source)' (as '\(first.shown)') and again in the source '\(source.name)'"
          throw IngestError(
            path: shown,
            message:
              "the same file is listed \(placement), so its rows would be counted twice. Remove one of them from 'files'."
          )
        }
        seen[key] = (source.name, shown)
      }
    }
  }

  /// Throws when two files of sources of the same kind, both with data rows, have the same
  /// SHA-256.
  func refuseIdenticalFiles(_ reconciliation: [FileReconciliation]) throws(IngestError) {
    var kindOfSource: [String: String] = [:]
    for source in config.sources {
      kindOfSource[source.name] = source.kind.rawValue
      // police.uk files are reconciled under their own source names.
      if source.kind == .policeUK {
        kindOfSource[PoliceUKData.streetSource] = source.kind.rawValue
        kindOfSource[PoliceUKData.outcomesSource] = source.kind.rawValue
      }
      if source.kind == .homeOfficeOutcomes {
        kindOfSource[HomeOfficeOutcomesTable.sourceName] = source.kind.rawValue
      }
    }
    var seen: [String: FileReconciliation] = [:]
    for rec in reconciliation where rec.rowsRead > 0 && !rec.sha256.isEmpty {
      let key = (kindOfSource[rec.source] ?? rec.source) + "\u{1F}" + rec.sha256
      if let first = seen[key] {
        throw IngestError(
          path: rec.path,
          message:
            "it has the same content as \(first.path) (SHA-256 \(rec.sha256)): the same file given twice would count its \(rec.rowsRead) rows twice. Remove one of them from 'files'."
        )
      }
      seen[key] = rec
    }
  }

  /// The path with `.`, `..` and symbolic links resolved.
  static func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
