// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "PanelBrief",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "PanelBrief", targets: ["PanelBrief"]),
    .library(name: "PanelBriefRender", targets: ["PanelBriefRender"]),
    .executable(name: "panelbrief", targets: ["panelbrief"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CXLSXWriter",
      pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"])]
    ),
    .target(
      name: "PanelBrief",
      dependencies: [
        .product(name: "Yams", package: "Yams"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      // The reader's state lives in a class; checking exclusive access to it at run time cost
      // about 4% of the ingest (swift_beginAccess in perf). Debug builds, which the tests use,
      // still check.
      swiftSettings: [
        .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
      ]
    ),
    .target(
      name: "PanelBriefRender",
      dependencies: [
        "PanelBrief", "CXLSXWriter",
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      resources: [.copy("Templates")]
    ),
    // The run history (`report --history`): SQLite through GRDB, kept out of the pure library.
    .target(
      name: "PanelBriefHistory",
      dependencies: ["PanelBrief", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    .executableTarget(
      name: "panelbrief",
      dependencies: [
        "PanelBrief", "PanelBriefRender", "PanelBriefHistory",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "make-seed-fixture",
      dependencies: []
    ),
    .testTarget(
      name: "PanelBriefTests",
      dependencies: ["PanelBrief", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
      exclude: ["OpenData/police_uk_counts.py"]
    ),
    .testTarget(
      name: "PanelBriefRenderTests",
      dependencies: [
        "PanelBrief", "PanelBriefRender", "PanelBriefHistory", "panelbrief",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)

// libFuzzer targets (Fuzz/), built only by scripts/fuzz.sh, which sets PANELBRIEF_FUZZ=1 and
// builds with -sanitize=fuzzer: without libFuzzer's driver they cannot link.
if Context.environment["PANELBRIEF_FUZZ"] != nil {
  for name in ["fuzz-csv", "fuzz-xlsx-sheet", "fuzz-config"] {
    package.targets.append(
      .executableTarget(
        name: name, dependencies: ["PanelBrief"], path: "Fuzz/\(name)",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
  }
}
