// libFuzzer target: the XLSX sheet scanner (worksheet XML to rows: cell references, types,
// shared strings, inline strings, dates, entities). Built only by scripts/fuzz.sh.
import Foundation

@testable import PanelBrief

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let flags = data[0]
  let xml = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  var strings = XLSXSheetScanner.SharedStrings()
  for s in ["Occurrence Ref", "31/02/2022", "", "Zed\u{1}", "x&amp;y"] { strings.append(Array(s.utf8)) }
  let scanner = XLSXSheetScanner(
    xml: XLSXSheetScanner.XMLTokenizer(bytes: xml), sharedStrings: strings,
    dateKinds: [.none, .date, .time, .date], date1904: flags & 1 == 1)
  for _ in 0..<100_000 {
    do {
      guard let record = try scanner.nextRow() else { break }
      precondition(record.line >= 1, "row \(record.line)")
      precondition(record.count >= 1, "a row with no cell")
      _ = record.fields
    } catch {
      if case .sheet = error { break }
    }
  }
  // The shared string table parser too, on the same bytes.
  _ = try? XLSXReader.parseSharedStrings(
    XLSXSheetScanner.XMLTokenizer(bytes: xml), part: "xl/sharedStrings.xml", path: "fuzz.xlsx",
    maxStrings: 10_000, maxBytes: 1 << 20)
  return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("fuzz_xlsx_sheet_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
  -> CInt
{
  var argc = argc
  var argv = argv
  return runDriver(&argc, &argv, fuzzOne)
}
