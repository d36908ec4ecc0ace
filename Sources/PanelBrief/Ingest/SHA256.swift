import Foundation

/// SHA-256 checksums (FIPS 180-4) of input files, so a briefing can record exactly which export
/// it was built from. Files are hashed in chunks, never loaded whole.
///
/// The work is done by the system's libcrypto (OpenSSL 3, which libxlsxwriter links already, so
/// it is on every machine PanelBrief runs on) when it can be loaded: it uses the processor's
/// SHA instructions, about 1.7 GB/s here against 0.27 GB/s for the portable Swift code below,
/// which is used when libcrypto cannot be loaded. Both are checked against FIPS 180-4's examples.
public enum SHA256 {
  /// Which implementation hashes: `.system` when libcrypto was loaded, else `.portable`.
  public enum Engine: Sendable { case system, portable }

  /// The engine used by default.
  public static var defaultEngine: Engine { LibCrypto.shared == nil ? .portable : .system }

  /// The lowercase hex SHA-256 of the file at `path`, read in 256 KiB chunks. A missing file, a
  /// folder or a read failure throws `.unreadable` with a sentence.
  public static func hex(ofFileAt path: String, engine: Engine = defaultEngine)
    throws(TabularError) -> String
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .unreadable(
        path: path, reason: "there is no file at this path, so it cannot be checksummed.")
    }
    guard !isDirectory.boolValue else {
      throw .unreadable(
        path: path, reason: "this is a folder, not a file, so it cannot be checksummed.")
    }
    if let problem = regularFileProblem(atPath: path) {
      throw .unreadable(path: path, reason: problem)
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadable(
        path: path, reason: "the file cannot be opened for reading (check its permissions).")
    }
    defer { try? handle.close() }
    var hasher = AnyHasher(engine)
    // One 256 KiB buffer, filled again and again with read(2): no `Data` or array per chunk.
    let fd = handle.fileDescriptor
    let chunk = 256 * 1024
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
    defer { buffer.deallocate() }
    while true {
      let n = read(fd, buffer.baseAddress, chunk)
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        let text = String(cString: strerror(errno))
        throw .unreadable(path: path, reason: "the file could not be read (\(text)).")
      }
      hasher.update(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
    }
    return hasher.finalizeHex()
  }

  /// The lowercase hex SHA-256 of `bytes`.
  public static func hex(of bytes: [UInt8], engine: Engine = defaultEngine) -> String {
    var hasher = AnyHasher(engine)
    bytes.withUnsafeBytes { hasher.update($0) }
    return hasher.finalizeHex()
  }

  static func hexDigits(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The system's or the portable hasher.
  struct AnyHasher {
    private var portable: Hasher?
    private var system: LibCrypto.Context?

    init(_ engine: Engine) {
      if engine == .system, let lib = LibCrypto.shared, let context = lib.makeContext() {
        system = context
      } else {
        portable = Hasher()
      }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
      if let system { system.update(bytes) } else { portable!.update(bytes) }
    }

    mutating func finalizeHex() -> String {
      if let system { return system.finalizeHex() }
      return portable!.finalizeHex()
    }
  }

  /// OpenSSL 3's EVP digest functions, looked up at run time (no headers or development package
  /// needed to build): libcrypto is already in the process when libxlsxwriter is, else it is
  /// opened by its soname.
  final class LibCrypto: @unchecked Sendable {
    typealias New = @convention(c) () -> OpaquePointer?
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias MD = @convention(c) () -> OpaquePointer?
    typealias Init = @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
    typealias Update = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int) -> Int32
    typealias Final =
      @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt32>?)
      -> Int32

    let new: New
    let free: Free
    let sha256: MD
    let initialise: Init
    let updating: Update
    let finish: Final

    static let shared: LibCrypto? = LibCrypto()

    private init?() {
      var handle = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL)
      #if os(macOS)
        if handle == nil { handle = dlopen("/usr/lib/libcrypto.dylib", RTLD_NOW | RTLD_LOCAL) }
      #endif
      guard let handle else { return nil }
      func symbol<T>(_ name: String, _: T.Type) -> T? {
        dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
      }
      guard let new = symbol("EVP_MD_CTX_new", New.self),
        let free = symbol("EVP_MD_CTX_free", Free.self),
        let sha256 = symbol("EVP_sha256", MD.self),
        let initialise = symbol("EVP_DigestInit_ex", Init.self),
        let updating = symbol("EVP_DigestUpdate", Update.self),
        let finish = symbol("EVP_DigestFinal_ex", Final.self)
      else { return nil }
      (self.new, self.free, self.sha256) = (new, free, sha256)
      (self.initialise, self.updating, self.finish) = (initialise, updating, finish)
      // Worked once on FIPS 180-4's "abc": a library that answers wrongly is not used.
      guard let context = makeContext() else { return nil }
      Array("abc".utf8).withUnsafeBytes { context.update($0) }
      guard
        context.finalizeHex()
          == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
      else { return nil }
    }

    func makeContext() -> Context? {
      guard let context = new() else { return nil }
      guard initialise(context, sha256(), nil) == 1 else {
        free(context)
        return nil
      }
      return Context(lib: self, context: context)
    }

    /// One digest in progress; freed when released.
    final class Context {
      let lib: LibCrypto
      let context: OpaquePointer
      init(lib: LibCrypto, context: OpaquePointer) {
        self.lib = lib
        self.context = context
      }
      deinit { lib.free(context) }

      func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        _ = lib.updating(context, bytes.baseAddress, bytes.count)
      }

      func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { lib.finish(context, $0.baseAddress, &length) }
        return SHA256.hexDigits(digest.prefix(Int(length)))
      }
    }
  }

  /// An incremental SHA-256: feed bytes with `update`, then `finalizeHex` once.
  struct Hasher {
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19
    /// Bytes waiting for a full 64-byte block.
    private var pending: [UInt8] = []
    private var totalBytes: UInt64 = 0

    mutating func update(_ bytes: [UInt8]) {
      bytes.withUnsafeBufferPointer { update(UnsafeRawBufferPointer($0)) }
    }

    /// Feeds `bytes`; whole 64-byte blocks are compressed straight from the caller's buffer.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
      guard let base = bytes.baseAddress, bytes.count > 0 else { return }
      let count = bytes.count
      totalBytes &+= UInt64(count)
      var i = 0
      if !pending.isEmpty {
        let take = min(64 - pending.count, count)
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
        i = take
        if pending.count == 64 {
          let block = pending
          pending.removeAll(keepingCapacity: true)
          block.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
        }
      }
      let whole = (count - i) / 64
      if whole > 0 {
        compress(blocks: base + i, count: whole)
        i += whole * 64
      }
      if i < count {
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base + i, count: count - i))
      }
    }

    mutating func finalizeHex() -> String {
      let bitLength = totalBytes &* 8
      var tail = pending
      tail.append(0x80)
      while tail.count % 64 != 56 { tail.append(0) }
      for shift in stride(from: 56, through: 0, by: -8) {
        tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
      }
      tail.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: $0.count / 64) }
      pending.removeAll()
      let digits = Array("0123456789abcdef".utf8)
      var out: [UInt8] = []
      out.reserveCapacity(64)
      for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
        for shift in stride(from: 28, through: 0, by: -4) {
          out.append(digits[Int((word >> UInt32(shift)) & 0xF)])
        }
      }
      return String(decoding: out, as: UTF8.self)
    }

    /// Compresses `count` consecutive 64-byte blocks starting at `blocks`: the message schedule
    /// lives in a 16-word ring on the stack, and the round constants are read through a pointer,
    /// so the hot loop has no array bounds checks or copy-on-write checks.
    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
      var s0v = h0
      var s1v = h1
      var s2v = h2
      var s3v = h3
      var s4v = h4
      var s5v = h5
      var s6v = h6
      var s7v = h7
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
        let w = w.baseAddress!
        Self.k.withUnsafeBufferPointer { kb in
          let k = kb.baseAddress!
          for block in 0..<count {
            let p = blocks + block * 64
            var a = s0v
            var b = s1v
            var c = s2v
            var d = s3v
            var e = s4v
            var f = s5v
            var g = s6v
            var h = s7v
            for t in 0..<64 {
              let wt: UInt32
              if t < 16 {
                wt = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4 &* t, as: UInt32.self))
              } else {
                let w15 = w[(t &- 15) & 15]
                let w2 = w[(t &- 2) & 15]
                let x0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
                let x1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
                wt = w[t & 15] &+ x0 &+ w[(t &- 7) & 15] &+ x1
              }
              w[t & 15] = wt
              let S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
              let ch = (e & f) ^ (~e & g)
              let t1 = h &+ S1 &+ ch &+ k[t] &+ wt
              let S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
              let maj = (a & b) ^ (a & c) ^ (b & c)
              let t2 = S0 &+ maj
              h = g
              g = f
              f = e
              e = d &+ t1
              d = c
              c = b
              b = a
              a = t1 &+ t2
            }
            s0v &+= a
            s1v &+= b
            s2v &+= c
            s3v &+= d
            s4v &+= e
            s5v &+= f
            s6v &+= g
            s7v &+= h
          }
        }
      }
      h0 = s0v
      h1 = s1v
      h2 = s2v
      h3 = s3v
      h4 = s4v
      h5 = s5v
      h6 = s6v
      h7 = s7v
    }

    @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
      (x >> n) | (x << (32 &- n))
    }

    /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let k: [UInt32] = [
      0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
      0xab1c_5ed5,
      0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7,
      0xc19b_f174,
      0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc,
      0x76f9_88da,
      0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351,
      0x1429_2967,
      0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e,
      0x9272_2c85,
      0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585,
      0x106a_a070,
      0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f,
      0x682e_6ff3,
      0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
      0xc671_78f2,
    ]
  }
}
