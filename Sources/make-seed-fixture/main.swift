import Foundation

// make-seed-fixture: writes record-level exports of a fictional force that add up exactly to the
// three seed tables (shared/seed-tables). Deterministic: every run writes the same bytes.
//
//     swift run make-seed-fixture Fixtures/seed-force/exports Fixtures/seed-force-2024-05/exports
//
// The second folder, when given, gets the same crimes extracted again on 2024-05-07
// (`MayExtraction`).

let arguments = CommandLine.arguments
guard arguments.count == 2 || arguments.count == 3 else {
  FileHandle.standardError.write(
    Data("usage: make-seed-fixture <output folder> [<May 2024 extraction folder>]\n".utf8))
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
  if arguments.count == 3 {
    let may = URL(fileURLWithPath: arguments[2], isDirectory: true)
    try FileManager.default.createDirectory(at: may, withIntermediateDirectories: true)
    let (mayFiles, changes) = MayExtraction.make(from: CrimesExport.make())
    for file in mayFiles {
      try file.write(into: may)
      print("\nMay 2024: \(file.name): \(file.rows.count) rows, \(file.acceptedCount) counted")
    }
    print("\nChanges since the February extraction:\n")
    print("| reference | change |")
    print("|---|---|")
    for c in changes { print("| `\(c.reference)` | \(c.what) |") }
  }
} catch {
  FileHandle.standardError.write(Data("make-seed-fixture: \(error)\n".utf8))
  exit(1)
}
