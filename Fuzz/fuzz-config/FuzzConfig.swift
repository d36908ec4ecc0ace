// libFuzzer target: the configuration loader (YAML pre-scan, Yams, every key's checks).
// Built only by scripts/fuzz.sh.
import Foundation

@testable import PanelBrief

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  do {
    let config = try BriefingConfig.parse(yaml: text, path: "/fuzz/panel.yml")
    precondition(!config.years.isEmpty && config.years.count <= 201, "years \(config.years.count)")
    precondition(!config.sources.isEmpty)
    for source in config.sources {
      if let months = source.months {
        precondition((1900...2100).contains(months.lowerBound.year))
        precondition((1900...2100).contains(months.upperBound.year))
      }
    }
  } catch {
    _ = "\(error)"
  }
  return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("fuzz_config_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
  -> CInt
{
  var argc = argc
  var argv = argv
  return runDriver(&argc, &argv, fuzzOne)
}
