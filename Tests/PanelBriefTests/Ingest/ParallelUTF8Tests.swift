import Foundation
import Testing

@testable import PanelBrief

/// The whole-file UTF-8 check split among the cores against the standard library's own
/// validation (`String(validating:as:)`), on files whose part boundaries fall inside multi-byte
/// sequences, with the faults a boundary could hide planted next to them.
@Suite struct ParallelUTF8Tests {
  static func isUTF8InParallel(_ bytes: [UInt8], carried: Int) throws -> Bool? {
    let path = TestPaths.scratch() + "/file.txt"
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    let handle = try #require(FileHandle(forReadingAtPath: path))
    defer { try? handle.close() }
    var validator = TextEncoding.UTF8Validator()
    validator.feed(Array(bytes[0..<carried]))
    if !validator.isValid { return false }
    return try CSVReader.isValidUTF8InParallel(
      path: path, descriptor: handle.fileDescriptor, from: carried, to: bytes.count,
      carrying: validator)
  }

  @Test(arguments: 0..<40)
  func agreesWithTheStandardLibrary(seed: Int) throws {
    var state = UInt64(seed) &+ 0x9E37_79B9
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33) % n
    }
    // Text of 1-, 2-, 3- and 4-byte characters, so that every boundary between parts can fall
    // inside a character; then, for most seeds, one fault.
    let pieces: [[UInt8]] = [
      Array("a".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8), Array(",\n".utf8),
    ]
    var bytes: [UInt8] = []
    while bytes.count < 2_000 + next(3_000) { bytes += pieces[next(pieces.count)] }
    let at = next(bytes.count)
    switch seed % 8 {
    case 0: break  // valid
    case 1: bytes.insert(0x80, at: at)  // a stray continuation byte
    case 2: bytes.insert(contentsOf: [0x80, 0x80, 0x80, 0x80], at: at)
    case 3: bytes.insert(0xE2, at: at)  // a sequence cut short
    case 4: bytes.append(0xF0)  // the file ends inside a sequence
    case 5: bytes.insert(contentsOf: [0xC0, 0xAF], at: at)  // overlong
    case 6: bytes.insert(contentsOf: [0xED, 0xA0, 0x80], at: at)  // a surrogate
    default: bytes[at] = 0xFF
    }
    let expected = String(validating: bytes, as: UTF8.self) != nil
    for carried in [0, 1, 7] {
      #expect(try Self.isUTF8InParallel(bytes, carried: carried) == expected, "seed \(seed)")
    }
  }

  /// Every way a part boundary can meet a sequence, tried exhaustively on a short file: each
  /// split point is a boundary for some number of parts, so the file is shifted under them.
  @Test func strayContinuationBytesAtEveryOffset() throws {
    let text = Array("ab€cd😀ef".utf8)
    for at in 0...text.count {
      for stray in 1...4 {
        var bytes = [UInt8](repeating: 0x61, count: at % 5) + text
        bytes.insert(contentsOf: [UInt8](repeating: 0x80, count: stray), at: at)
        let expected = String(validating: bytes, as: UTF8.self) != nil
        #expect(!expected)
        #expect(try Self.isUTF8InParallel(bytes, carried: 0) == false, "\(at) \(stray)")
      }
    }
    #expect(try Self.isUTF8InParallel(text, carried: 0) == true)
  }
}
