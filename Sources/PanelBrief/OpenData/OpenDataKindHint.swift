import Foundation

/// Recognises the open-data layouts by their header, so that a police.uk or Home Office file given
/// to a `crimes`, `reports` or `activity` source is met with the kind to use instead of only a
/// missing column.
enum OpenDataKindHint {
  /// The sentence for a header that is an open-data layout, else `nil`.
  static func sentence(header: [String]) -> String? {
    let names = Set(header.map { $0.trimmingCharacters(in: .whitespaces) })
    if names.count == header.count {
      if names == Set(PoliceUKData.streetHeader) || names == Set(PoliceUKData.outcomesHeader) {
        let which = names == Set(PoliceUKData.streetHeader) ? "street" : "outcomes"
        return
          "It is a police.uk \(which) file: use `kind: police-uk`, with no columns (its layout is known)."
      }
    }
    let keys = Set(header.map(HomeOfficeOutcomesTable.key))
    if HomeOfficeOutcomesTable.requiredColumns.allSatisfy({
      keys.contains(HomeOfficeOutcomesTable.key($0))
    }) {
      return
        "It is the Home Office outcomes open-data table: use `kind: home-office-outcomes`, with no columns, and give offence_codes and force."
    }
    return nil
  }

  /// The sentence for the first of `files` (resolved with `resolve`) that is an open-data
  /// layout, naming it; `nil` when none is, or none can be read.
  static func sentence(files: [String], resolve: (String) -> String) -> String? {
    for shown in files {
      let path = resolve(shown)
      guard FileManager.default.fileExists(atPath: path) else { continue }
      let lower = path.lowercased()
      var reader: any TabularReader
      do {
        reader =
          lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm")
          ? try XLSXReader(path: path) : try CSVReader(path: path)
      } catch { continue }
      guard let header = try? reader.next()?.fields else { continue }
      if let hint = sentence(header: header) { return "\(shown): " + hint }
    }
    return nil
  }
}
