import Foundation
import Testing

@testable import PanelBrief

@Suite struct SHA256Tests {
  /// The root of this package (the folder holding Package.swift), found from this file's path.
  private static func packageRoot() -> URL {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
    }
    return url
  }

  /// A unique folder per test (tests run in parallel).
  private static func tempFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("SHA256Tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  /// libcrypto is on every machine PanelBrief builds on (libxlsxwriter links it), so the fast
  /// engine must be the one used; when it is not, hashing a national file costs a core.
  @Test func theSystemEngineIsLoaded() {
    #if os(Linux)
      #expect(SHA256.defaultEngine == .system)
    #endif
  }

  @Test(arguments: [SHA256.Engine.system, .portable])
  func fipsTestVectors(engine: SHA256.Engine) {
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA256ShortMsg"/"SHA256LongMsg" samples).
    #expect(
      SHA256.hex(of: Array("abc".utf8), engine: engine)
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(of: [], engine: engine)
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hex(
        of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), engine: engine)
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000), engine: engine)
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test(arguments: [SHA256.Engine.system, .portable])
  func paddingBoundaries(engine: SHA256.Engine) {
    // Python 3: hashlib.sha256(b'a' * n).hexdigest()
    let expected: [Int: String] = [
      55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
      56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
      63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
      64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
      65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
      119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
      120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
      1000: "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
    ]
    for (n, hex) in expected {
      #expect(
        SHA256.hex(of: [UInt8](repeating: 0x61, count: n), engine: engine) == hex, "\(n) bytes")
    }
  }

  @Test(arguments: [SHA256.Engine.system, .portable])
  func incrementalUpdatesMatchOneShot(engine: SHA256.Engine) {
    // Feeding the million 'a's in uneven pieces must give the same digest.
    var hasher = SHA256.AnyHasher(engine)
    var remaining = 1_000_000
    var piece = 1
    while remaining > 0 {
      let n = min(piece, remaining)
      [UInt8](repeating: 0x61, count: n).withUnsafeBytes { hasher.update($0) }
      remaining -= n
      piece = piece * 3 % 1_237 + 1
    }
    #expect(
      hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test(arguments: [SHA256.Engine.system, .portable])
  func fileHashIsStreamed(engine: SHA256.Engine) throws {
    // One million 'a's is almost four 256 KiB chunks.
    let url = try Self.tempFolder().appendingPathComponent("a.txt")
    try Data(repeating: 0x61, count: 1_000_000).write(to: url)
    #expect(
      try SHA256.hex(ofFileAt: url.path, engine: engine)
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func realPoliceUKFiles() throws {
    // Checksums from shared/realdata/police-uk/README.md (also `sha256sum`).
    let folder = Self.packageRoot().appendingPathComponent("../shared/realdata/police-uk")
      .standardized
    #expect(
      try SHA256.hex(
        ofFileAt: folder.appendingPathComponent("2025-01-city-of-london-street.csv").path)
        == "e1b956a3e57c4f568abbc3e1411ff2b2559e6ab29a7f9831a513838e6dbc8766")
    #expect(
      try SHA256.hex(
        ofFileAt: folder.appendingPathComponent("2025-01-city-of-london-outcomes.csv").path)
        == "33e804f8419c7afa85b215a9507d0521b091bda2dac3087f91a55defddee49af")
  }

  @Test func missingFileAndFolderAreUnreadable() throws {
    let folder = try Self.tempFolder()
    let missing = folder.appendingPathComponent("none.csv").path
    #expect(
      throws: TabularError.unreadable(
        path: missing, reason: "there is no file at this path, so it cannot be checksummed.")
    ) { _ = try SHA256.hex(ofFileAt: missing) }
    #expect(
      throws: TabularError.unreadable(
        path: folder.path, reason: "this is a folder, not a file, so it cannot be checksummed.")
    ) { _ = try SHA256.hex(ofFileAt: folder.path) }
  }
}
