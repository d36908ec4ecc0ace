// libFuzzer target: the CSV reader (encodings, delimiters, quoting, line ends) and what the
// ingest shows of a value. Built only by scripts/fuzz.sh (PANELBRIEF_FUZZ=1).
import Foundation

@testable import PanelBrief

/// The file the input is written to (the reader reads files); one per process.
nonisolated(unsafe) let inputPath =
  NSTemporaryDirectory() + "panelbrief-fuzz-csv-\(getpid()).csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  // The first byte chooses the options; the rest is the file.
  let options = data[0]
  let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
  guard FileManager.default.createFile(atPath: inputPath, contents: Data(buffer: bytes)) else {
    return 0
  }
  let delimiters: [UInt8?] = [nil, 0x2C, 0x09, 0x3B, 0x7C]
  let encodings: [TextEncoding?] = [nil, .utf8, .utf8BOM, .utf16LE, .utf16BE, .windows1252]
  var csv = CSVOptions(
    delimiter: delimiters[Int(options & 0x07) % delimiters.count],
    encoding: encodings[Int(options >> 3) % encodings.count],
    maxRecordBytes: 1 + Int(options >> 6) * 4096)
  if options & 0x80 != 0 { csv.maxRecordBytes = 64 * 1024 * 1024 }
  do {
    // Tiny chunks (split characters, quotes and line breaks at every place) one time in eight.
    let chunk = options & 0x20 != 0 && options & 0x01 != 0 ? 1 + Int(options % 7) : 1 << 16
    var reader = try CSVReader(path: inputPath, options: csv, chunkSize: chunk)
    var lastLine = 0
    for _ in 0..<100_000 {
      do {
        guard let record = try reader.next() else { break }
        precondition(record.line >= 1, "a record on line \(record.line)")
        precondition(record.count >= 1, "a record with no field")
        lastLine = max(lastLine, record.line)
        for field in record.fields {
          let shown = DisplayText.visible(field)
          precondition(!shown.unicodeScalars.contains(where: DisplayText.isHidden))
          _ = DisplayText.label(field)
        }
      } catch {
        if case .unreadable = error { break }
      }
    }
    _ = reader.formatDescription
  } catch {}
  return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`; libFuzzer's driver is started here.
@_cdecl("fuzz_csv_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
  -> CInt
{
  var argc = argc
  var argv = argv
  return runDriver(&argc, &argv, fuzzOne)
}
