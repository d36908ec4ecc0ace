import Foundation

// How police.uk rows are held: compact, so a national year (about 6 million street rows and as
// many outcome rows) fits in a fraction of the memory its text takes.
//
// - A Crime ID is a key of one `ByteKeyTable` shared by street and outcome rows: police.uk's
//   64-digit lowercase hexadecimal IDs are kept as their 32 bytes, any other ID as its UTF-8
//   (in NFC when it is not ASCII, so IDs compare as Swift strings do). Rows refer to it by number.
// - A text column that only labels counts (force, crime type, outcome category) is a number
//   into one pool of distinct values; a month is a number (year × 100 + month).
// - For the exact-copy test, a row's fields are kept only as a 128-bit hash of their bytes
//   while reading; two rows that share a key and a hash are exact copies.
//
// Bytes held per row (MemoryLayout, x86-64): a crime 28, an outcome row 24, an anti-social
// behaviour incident 16, each distinct Crime ID about 33 in the table's arena plus 16 of
// bookkeeping and 16–32 of slots; plus, while reading, 16 of hash and 4 of slot per kept row.

extension PoliceUKData {
  /// A row with the file and line it came from.
  protocol FiledRecord {
    var file: Int32 { get }
    var line: Int32 { get }
  }

  /// A street row kept as a crime: numbers into the store's tables.
  struct StreetRecord: FiledRecord, Sendable {
    var id: Int32
    var month: Int32
    var fallsWithin: UInt32
    var crimeType: UInt32
    var lastOutcome: UInt32
    var file: Int32
    var line: Int32
  }

  /// An outcome row kept.
  struct OutcomeRecord: FiledRecord, Sendable {
    var id: Int32
    var month: Int32
    var fallsWithin: UInt32
    var outcomeType: UInt32
    var file: Int32
    var line: Int32
  }

  /// An anti-social behaviour incident.
  struct ASBRecord: Sendable {
    var month: Int32
    var fallsWithin: UInt32
    var file: Int32
    var line: Int32
  }

  /// Everything read, in compact form.
  struct Store: Sendable {
    /// Crime IDs (see `CrimeIDs`).
    var ids = CrimeIDs()
    /// The distinct values of the label columns, by number.
    var values: [String] = []
    var street: [StreetRecord] = []
    var outcomes: [OutcomeRecord] = []
    var asb: [ASBRecord] = []

    func month(_ packed: Int32) -> String {
      let y = Int(packed) / 100
      let m = Int(packed) % 100
      let digits = Array("0123456789".utf8)
      let bytes: [UInt8] = [
        digits[y / 1000 % 10], digits[y / 100 % 10], digits[y / 10 % 10], digits[y % 10],
        UInt8(ascii: "-"), digits[m / 10], digits[m % 10],
      ]
      return String(decoding: bytes, as: UTF8.self)
    }

    func crime(_ r: StreetRecord) -> Crime {
      Crime(
        crimeID: ids.string(Int(r.id)), month: month(r.month),
        fallsWithin: values[Int(r.fallsWithin)], crimeType: values[Int(r.crimeType)],
        lastOutcomeCategory: values[Int(r.lastOutcome)], file: Int(r.file), line: Int(r.line))
    }

    func outcome(_ r: OutcomeRecord) -> OutcomeRow {
      OutcomeRow(
        crimeID: ids.string(Int(r.id)), month: month(r.month),
        fallsWithin: values[Int(r.fallsWithin)], outcomeType: values[Int(r.outcomeType)],
        file: Int(r.file), line: Int(r.line))
    }

    func incident(_ r: ASBRecord) -> AntisocialBehaviour {
      AntisocialBehaviour(
        month: month(r.month), fallsWithin: values[Int(r.fallsWithin)], file: Int(r.file),
        line: Int(r.line))
    }
  }

  /// The crimes, one per Crime ID, in the order first seen (made on access from the store).
  public struct Crimes: RandomAccessCollection, Sendable {
    let store: Store
    public var startIndex: Int { 0 }
    public var endIndex: Int { store.street.count }
    public subscript(i: Int) -> Crime { store.crime(store.street[i]) }
  }

  /// The outcome rows kept, one per Crime ID and Month, in the order first seen.
  public struct OutcomeRows: RandomAccessCollection, Sendable {
    let store: Store
    public var startIndex: Int { 0 }
    public var endIndex: Int { store.outcomes.count }
    public subscript(i: Int) -> OutcomeRow { store.outcome(store.outcomes[i]) }
  }

  /// The anti-social behaviour incidents, in the order read.
  public struct Incidents: RandomAccessCollection, Sendable {
    let store: Store
    public var startIndex: Int { 0 }
    public var endIndex: Int { store.asb.count }
    public subscript(i: Int) -> AntisocialBehaviour { store.incident(store.asb[i]) }
  }

  /// One crime per Crime ID, in the order first seen.
  public var crimes: Crimes { Crimes(store: store) }
  public var antisocialBehaviour: Incidents { Incidents(store: store) }
  /// One outcome row per Crime ID and Month, in the order first seen.
  public var outcomes: OutcomeRows { OutcomeRows(store: store) }
}

/// Crime IDs as numbers: a 64-digit lowercase hexadecimal ID (police.uk's) is keyed by its 32
/// bytes after a 0xFF byte (which no UTF-8 text starts with); any other ID by its UTF-8, in NFC
/// when it is not ASCII, so two IDs are one exactly when they are equal Swift strings.
struct CrimeIDs: Sendable {
  private var table: ByteKeyTable

  /// Room for about `expectedCount` IDs before the table grows.
  init(expectedCount: Int = 1024) {
    table = ByteKeyTable(expectedCount: expectedCount)
  }

  var count: Int { table.count }

  /// Appends the key of the ID whose (trimmed) bytes are `bytes` to `arena`.
  static func appendKey(_ bytes: UnsafeRawBufferPointer, to arena: inout [UInt8]) {
    if Self.pack(bytes, appendingTo: &arena) {
      return
    } else if bytes.allSatisfy({ $0 < 0x80 }) {
      arena.append(contentsOf: bytes)
    } else {
      arena.append(
        contentsOf: String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping
          .utf8)
    }
  }

  /// The number of the ID whose key (`appendKey`) is `key`, added if new.
  mutating func entry(key: UnsafeRawBufferPointer) -> Int {
    table.find(key).entry
  }

  /// The number of an ID, if it has one (nothing is added).
  func lookup(_ id: String) -> Int? {
    var text = id
    var key: [UInt8] = []
    text.withUTF8 { Self.appendKey(UnsafeRawBufferPointer($0), to: &key) }
    return key.withUnsafeBytes { table.lookup($0) }
  }

  /// The ID numbered `e`, as text.
  func string(_ e: Int) -> String {
    let key = table.key(e)
    guard key.count == 33, key.first == 0xFF else {
      return String(decoding: key, as: UTF8.self)
    }
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in key.dropFirst() {
      out.append(hex[Int(b >> 4)])
      out.append(hex[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends 0xFF and the 32 bytes of a 64-digit lowercase hexadecimal ID to `out`; `false`
  /// (and nothing appended) when the ID is not one.
  private static func pack(_ bytes: UnsafeRawBufferPointer, appendingTo out: inout [UInt8])
    -> Bool
  {
    guard bytes.count == 64 else { return false }
    let start = out.count
    out.append(0xFF)
    var ok = true
    hexValue.withUnsafeBufferPointer { value in
      for i in 0..<32 {
        let hi = value[Int(bytes[2 * i])]
        let lo = value[Int(bytes[2 * i + 1])]
        if hi | lo > 15 {
          ok = false
          break
        }
        out.append(hi << 4 | lo)
      }
    }
    if !ok { out.removeSubrange(start...) }
    return ok
  }
}

/// The value of each lowercase hexadecimal digit by its byte; 0xFF for any other byte.
private let hexValue: [UInt8] = (0..<256).map { b in
  switch UInt8(b) {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(b) - UInt8(ascii: "0")
  case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(b) - UInt8(ascii: "a") + 10
  default: 0xFF
  }
}

/// The distinct values of the label columns, numbered in the order first met.
struct ValuePool {
  private var table = ByteKeyTable(expectedCount: 256)
  private(set) var strings: [String] = []
  /// Whether each value, lowercased and trimmed, is police.uk's anti-social behaviour type.
  private(set) var isASB: [Bool] = []

  mutating func id(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    let (e, existing) = table.find(bytes)
    if !existing {
      let text = String(decoding: bytes, as: UTF8.self)
      strings.append(text)
      isASB.append(
        text.trimmingCharacters(in: .whitespaces).lowercased() == "anti-social behaviour")
    }
    return UInt32(e)
  }
}

extension TabularRecord {
  /// Calls `body` with the bytes of field `index`, as read.
  func withField<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    storage.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[range(index)])) }
  }

  /// Calls `body` with the bytes of field `index` without the spaces and tabs around it, as
  /// `trimmingCharacters(in: .whitespaces)` leaves it (other Unicode spaces included).
  func withTrimmedField<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    storage.withUnsafeBytes { all in
      let r = range(index)
      var lo = r.lowerBound
      var hi = r.upperBound
      while lo < hi && (all[lo] == 0x20 || all[lo] == 0x09) { lo += 1 }
      while hi > lo && (all[hi - 1] == 0x20 || all[hi - 1] == 0x09) { hi -= 1 }
      if lo < hi && (all[lo] >= 0x80 || all[hi - 1] >= 0x80) {
        var text = String(decoding: all[lo..<hi], as: UTF8.self)
          .trimmingCharacters(in: .whitespaces)
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
      }
      return body(UnsafeRawBufferPointer(rebasing: all[lo..<hi]))
    }
  }

  /// A 128-bit hash of the fields' bytes and where each ends (two differently seeded 64-bit
  /// hashes): two rows of one key with the same hash are taken to be exact copies. Only the
  /// count of exact copies against conflicting ones depends on it, never which row is kept.
  var fieldsHash: Hash128 {
    let hash = storage.withUnsafeBytes { bytes in
      ends.withUnsafeBytes { ends in Hash128(bytes, ends) }
    }
    // Text that is not ASCII is compared as Swift compares strings (canonical equivalence):
    // hash each field's NFC form.
    guard hash.sawHighBit else { return hash }
    let normal = TabularRecord(
      line: line, fields: fields.map(\.precomposedStringWithCanonicalMapping))
    return normal.storage.withUnsafeBytes { bytes in
      normal.ends.withUnsafeBytes { ends in Hash128(bytes, ends) }
    }
  }
}

/// Two 64-bit hashes.
struct Hash128: Equatable, Sendable {
  var a: UInt64
  var b: UInt64

  /// Whether a byte of the first buffer hashed had its high bit set (text that is not ASCII).
  private(set) var sawHighBit = false

  init(a: UInt64, b: UInt64) {
    self.a = a
    self.b = b
  }

  static func == (x: Hash128, y: Hash128) -> Bool { x.a == y.a && x.b == y.b }

  /// Two differently seeded and mixed multiply–xor hashes of `first` then `second`, eight bytes
  /// at a time, in one pass, each finished with MurmurHash3's fmix64.
  init(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) {
    var a: UInt64 = 0x2545_F491_4F6C_DD1D ^ UInt64(first.count)
    var b: UInt64 = 0xD6E8_FEB8_6659_FD93 ^ UInt64(second.count) &* 0x9E37_79B9_7F4A_7C15
    @inline(__always) func mix(_ w: UInt64) {
      a = (a ^ w) &* 0xFF51_AFD7_ED55_8CCD
      a ^= a >> 29
      b = (b ^ (w >> 7 | w << 57)) &* 0xC4CE_B9FE_1A85_EC53
      b ^= b >> 31
    }
    @inline(__always) func absorb(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
      guard let base = bytes.baseAddress else { return 0 }
      let n = bytes.count
      var i = 0
      var all: UInt64 = 0
      while i + 8 <= n {
        let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        all |= w
        mix(w)
        i += 8
      }
      if i < n {
        var w: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
          w |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
          shift += 8
          i += 1
        }
        all |= w
        mix(w ^ 0x80 << shift)
      }
      mix(UInt64(n))
      return all
    }
    let all = absorb(first)
    _ = absorb(second)
    self.sawHighBit = all & 0x8080_8080_8080_8080 != 0
    self.a = ByteKeyTable.fmix(a)
    self.b = ByteKeyTable.fmix(b ^ 0x94D0_49BB_1331_11EB)
  }
}
