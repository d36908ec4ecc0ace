// Micro-benchmarks of PanelBrief's ingest, through its public API only (no @testable import, so
// they build in release like the command line):
//
// - "CSVReader": CSVReader.next() over a generated 7-column export (the Benchmarks/ layout:
//   quoted fields, doubled quotes), every record read, one field's bytes touched.
// - "DatePattern.parse": dd/MM/yyyy values (0.05% impossible or malformed) parsed from bytes.
// - "Ingestor crimes": Ingestor.run() on the same export (SHA-256, UTF-8 check, parse, reference
//   trim and duplicate check, dates, outcome labels) — the whole per-row path of `validate`.
// - "Ingestor activity events (label resolver)": Ingestor.run() on a two-column file (date,
//   label: 16 spellings of 5 measures): the label resolver (Ingestor.LabelResolver, internal) is
//   reached through the public Ingestor on a file whose only per-row work besides parsing is one
//   date and one label.
//
// Every benchmark handles exactly ROWS = 1,000,000 rows per iteration and declares the scaling
// factor .mega, so `swift package benchmark --scale` prints each metric per row (time, malloc
// calls, instructions, retains). The inputs are generated deterministically (fixed seed) into
// $PANELBRIEF_BENCH_DATA/micro (default /tmp/panelbrief-bench/micro), never into the repository.

import Benchmark
import Foundation
import PanelBrief

let rows = 1_000_000

/// A small deterministic generator (SplitMix64), so every run reads the same bytes.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

let dataDirectory: String = {
  let base = ProcessInfo.processInfo.environment["PANELBRIEF_BENCH_DATA"] ?? "/tmp/panelbrief-bench"
  let dir = base + "/micro"
  try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}()

let outcomeLabels = [
  "1: Charged", "1: Summonsed/postal requisition",
  "14: Victim declines/unable to support action to identify offender",
  "15: Police - named suspect, victim supports but evidential difficulties",
  "16: Victim declines/withdraws support - named suspect identified",
  "18: Investigation complete no suspect identified",
  "20: Other body/agency has investigation primacy", "Cancelled / Transferred", "Unknown",
  "UU unresolved",
]

func dayText(_ n: Int) -> String {
  // Days of 2015-2024 without a calendar library: 28 days a month keeps every date real.
  let year = 2015 + n % 10
  let month = 1 + (n / 10) % 12
  let day = 1 + (n / 120) % 28
  return String(format: "%02d/%02d/%04d", day, month, year)
}

func csvField(_ s: String) -> String {
  s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}

/// Writes the file once; later runs reuse it (same bytes: fixed seed).
func write(_ name: String, _ make: () -> String) -> String {
  let path = dataDirectory + "/" + name
  if !FileManager.default.fileExists(atPath: path) {
    let tmp = path + ".tmp"
    FileManager.default.createFile(atPath: tmp, contents: Data(make().utf8))
    try? FileManager.default.moveItem(atPath: tmp, toPath: path)
  }
  return path
}

let crimesCSV: String = write("crimes-\(rows).csv") {
  var r = SplitMix(state: 20_240_205)
  let offences = [
    "106/01,\"Holding a person in slavery or servitude (MSA 2015 s1(1)(a))\"",
    "106/04,\"Human trafficking, \"\"county lines\"\" exploitation (MSA 2015 s2)\"",
    "106,\"Slavery, servitude, forced or compulsory labour (MSA 2015 s1)\"",
  ]
  let departments = ["Modern Slavery Team", "\"Serious and Organised Crime, Economic Crime\"", "CID"]
  var out = "Occurrence Ref,Recorded Date,HO Offence Code,Offence,Outcome,Outcome Date,OIC Department\n"
  out.reserveCapacity(rows * 180)
  for n in 0..<rows {
    let d = Int(r.next() % 3360)
    let label = outcomeLabels[Int(r.next() % UInt64(outcomeLabels.count))]
    let recorded = r.next() % 2000 == 0 ? "31/02/2021" : dayText(d)
    let outcomeDate = label == "UU unresolved" ? "" : dayText(min(d + 10, 3359))
    out += "MS/\(String(format: "%08d", n)),\(recorded),\(offences[n % 3]),\(csvField(label)),"
    out += "\(outcomeDate),\(departments[Int(r.next() % 3)])\n"
  }
  return out
}

let crimesConfig: String = write("crimes-\(rows).yml") {
  """
  title: Micro-benchmark
  organisation: Benchmark
  audience: restricted
  period:
    basis: calendar
    years: 2015-2024
  extraction_date: 2025-02-05
  quality:
    max_rejected_share: 1
  sources:
    - name: crimes
      kind: crimes
      files: [crimes-\(rows).csv]
      columns:
        reference: Occurrence Ref
        recorded_date: Recorded Date
        outcome: Outcome
        outcome_date: Outcome Date
      date_format: dd/MM/yyyy
      outcomes:
        "1: Charged": 1
        "1: Summonsed/postal requisition": 1
        "14: Victim declines/unable to support action to identify offender": 14
        "15: Police - named suspect, victim supports but evidential difficulties": 15
        "16: Victim declines/withdraws support - named suspect identified": 16
        "18: Investigation complete no suspect identified": 18
        "20: Other body/agency has investigation primacy": 20
        "Cancelled / Transferred": cancelled
        "Unknown": unknown
        "UU unresolved": unresolved

  """
}

/// Activity events: a date and one label column, 16 spellings of 5 measures.
let activityLabels = [
  "NRM referral", "nrm referral", " NRM referral ", "NRM REFERRAL", "PVOT engaged",
  "pvot engaged", "PVOT engaged  ", "PVOT liberated", "PVOT Liberated", "S45 defence request",
  "s45 defence request", "S45 Defence Request", "Duty to notify", "duty to notify",
  "Duty To Notify", "Safeguarding visit",
]

let activityCSV: String = write("activity-\(rows).csv") {
  var r = SplitMix(state: 7)
  var out = "Activity Date,Activity\n"
  out.reserveCapacity(rows * 30)
  for _ in 0..<rows {
    out += dayText(Int(r.next() % 3360)) + ","
    out += csvField(activityLabels[Int(r.next() % UInt64(activityLabels.count))]) + "\n"
  }
  return out
}

let activityConfig: String = write("activity-\(rows).yml") {
  """
  title: Micro-benchmark
  organisation: Benchmark
  audience: restricted
  period:
    basis: calendar
    years: 2015-2024
  extraction_date: 2025-02-05
  sources:
    - name: activity
      kind: activity
      layout: events
      files: [activity-\(rows).csv]
      columns:
        date: Activity Date
        measure: Activity
      date_format: dd/MM/yyyy
      measures:
        Referrals: [NRM referral]
        Engaged: [PVOT engaged]
        Liberated: [PVOT liberated]
        S45: [S45 defence request]
        Notified: [Duty to notify]

  """
}

/// The date values, as the CSV reader hands them over: bytes of each field.
let dateValues: [[UInt8]] = {
  var r = SplitMix(state: 11)
  let bad = ["31/02/2021", "29/02/2023", "00/05/2020", "12/13/2019", "2021-03-04", "n/a", ""]
  return (0..<rows).map { _ in
    let u = r.next()
    return Array((u % 2000 == 0 ? bad[Int((u >> 20) % 7)] : dayText(Int(u % 3360))).utf8)
  }
}()

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    // No .retainCount: the ARC hooks crash on Swift 6.3 on Linux without the RuntimeInterposer
    // trait (ordo-one/benchmark issue 349), and the brief asks for MallocInterposer only.
    metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .instructions,
      .peakMemoryResident],
    warmupIterations: 1,
    scalingFactor: .mega,  // one iteration = `rows` = 1,000,000 rows; --scale prints per row
    maxDuration: .seconds(20),
    maxIterations: 7
  )

  Benchmark("CSVReader") { benchmark in
    precondition(rows == benchmark.configuration.scalingFactor.rawValue)
    var reader = try CSVReader(path: crimesCSV)
    benchmark.startMeasurement()
    var records = 0
    var bytes = 0
    while let record = try reader.next() {
      records += 1
      bytes &+= record.range(4).count
    }
    benchmark.stopMeasurement()
    precondition(records == rows + 1, "\(records) records")
    blackHole(bytes)
  }

  Benchmark("DatePattern.parse") { benchmark in
    let pattern = DatePattern("dd/MM/yyyy")!
    var days = 0
    benchmark.startMeasurement()
    for value in dateValues {
      if case .day = pattern.parse(value) { days += 1 }
    }
    benchmark.stopMeasurement()
    precondition(days > rows * 99 / 100, "\(days) dates")
    blackHole(days)
  }

  Benchmark("Ingestor crimes") { benchmark in
    _ = crimesCSV  // globals are lazy: write the export before the configuration names it
    let config = try BriefingConfig.load(path: crimesConfig)
    benchmark.startMeasurement()
    let data = try Ingestor(config: config, open: openTabular).run()
    benchmark.stopMeasurement()
    let rec = data.reconciliation.reduce(0) { $0 + $1.rowsRead }
    precondition(rec == rows, "\(rec) rows read")
    blackHole(data)
  }

  Benchmark("Ingestor activity events (label resolver)") { benchmark in
    _ = activityCSV
    let config = try BriefingConfig.load(path: activityConfig)
    benchmark.startMeasurement()
    let data = try Ingestor(config: config, open: openTabular).run()
    benchmark.stopMeasurement()
    let rec = data.reconciliation.reduce(0) { $0 + $1.rowsRead }
    precondition(rec == rows, "\(rec) rows read")
    blackHole(data)
  }
}
