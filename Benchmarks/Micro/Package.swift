// swift-tools-version: 6.1
// Micro-benchmarks of PanelBrief's ingest (CSV parser, label resolution, date parser) with
// ordo-one/benchmark. A separate package, so the main build and CI never fetch or build it.
//   cd Benchmarks/Micro && swift package benchmark
import PackageDescription

let package = Package(
  name: "PanelBriefMicro",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(name: "PanelBrief", path: "../.."),
    .package(
      url: "https://github.com/ordo-one/benchmark", exact: "1.38.1",
      traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "IngestMicro",
      dependencies: [
        .product(name: "PanelBrief", package: "PanelBrief"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/IngestMicro",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  ]
)
