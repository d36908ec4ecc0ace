import Foundation

// make-seed-fixture: writes record-level exports of a fictional force that add up exactly to the
// three seed tables (shared/seed-tables). Deterministic: every run writes the same bytes.
//
//     swift run make-seed-fixture Fixtures/seed-force/exports

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
  FileHandle.standardError.write(Data("usage: make-seed-fixture <output folder>\n".utf8))
  exit(2)
}
let folder = URL(fileURLWithPath: arguments[1], isDirectory: true)
do {
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let files = CrimesExport.make() + [ContactExport.make(), TeamActivityExport.make()]
  for file in files {
    try file.write(into: folder)
    print("\(file.name): \(file.rows.count) rows, \(file.acceptedCount) counted")
  }
  print("\nRows the ingest must reject:\n")
  print("| file | line | reason |")
  print("|---|---|---|")
  for file in files {
    for rejected in file.rejectedLines {
      print("| `\(file.name)` | \(rejected.line) | \(rejected.reason) |")
    }
  }
} catch {
  FileHandle.standardError.write(Data("make-seed-fixture: \(error)\n".utf8))
  exit(1)
}
