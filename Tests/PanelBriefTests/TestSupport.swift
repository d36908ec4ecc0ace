import Foundation

/// Paths the tests need: the repository root, found from this file, and `../shared` beside it.
enum TestPaths {
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url.path
      }
    }
    return FileManager.default.currentDirectoryPath
  }()
  static var shared: String { root + "/../shared" }
  static var seedTables: String { shared + "/seed-tables" }

  /// A fresh folder of the test's own (tests run in parallel).
  static func scratch(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "panelbrief-tests/\(safe)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}

/// A published seed table read with a few lines of code of its own (quoted fields, no embedded
/// line breaks), independent of PanelBrief's reader.
struct SeedTable {
  var header: [String]
  var rows: [(label: String, values: [Int])]

  init(_ file: String) throws {
    let text = try String(contentsOfFile: TestPaths.seedTables + "/" + file, encoding: .utf8)
    var lines = text.split(whereSeparator: \.isNewline).map(String.init)
    header = SeedTable.split(lines.removeFirst())
    rows = lines.map { line in
      let f = SeedTable.split(line)
      return (f[0], f.dropFirst().map { Int($0)! })
    }
  }

  static func split(_ line: String) -> [String] {
    var out: [String] = []
    var field = ""
    var quoted = false
    for c in line {
      if c == "\"" {
        quoted.toggle()
      } else if c == "," && !quoted {
        out.append(field)
        field = ""
      } else {
        field.append(c)
      }
    }
    out.append(field)
    return out
  }
}

extension SeedTable {
  /// The rows of a published seed table without its Grand Total row; empty (so that every test
  /// using it fails) when ../shared is not beside the repository.
  static func body(_ file: String) -> [(label: String, values: [Int])] {
    ((try? SeedTable(file))?.rows ?? []).filter { $0.label != "Grand Total" }
  }
}
