import Foundation

/// Paths the render tests share: the repository root, found from this file, and `../shared`
/// beside it (the same rule as Tests/PanelBriefTests/TestSupport.swift, in the other target).
enum RenderTestPaths {
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

  static var seedTables: String { root + "/../shared/seed-tables" }
}
