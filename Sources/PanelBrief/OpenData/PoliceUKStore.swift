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
  /// A street row kept as a crime: numbers into the store's tables.
  struct StreetRecord: Sendable {
    var id: Int32
    var month: Int32
    var fallsWithin: UInt32
    var crimeType: UInt32
    var lastOutcome: UInt32
    var file: Int32
    var line: Int32
  }

  /// An outcome row kept.
  struct OutcomeRecord: Sendable {
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
  private var table = ByteKeyTable(expectedCount: 1024)

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
    var packed: [UInt8] = []
    let isPacked = text.withUTF8 { Self.pack(UnsafeRawBufferPointer($0), appendingTo: &packed) }
    if isPacked { return packed.withUnsafeBytes { table.lookup($0) } }
    if !text.utf8.allSatisfy({ $0 < 0x80 }) { text = text.precomposedStringWithCanonicalMapping }
    return text.withUTF8 { table.lookup(UnsafeRawBufferPointer($0)) }
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
    @inline(__always) func nibble(_ c: UInt8) -> UInt8? {
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
      default: nil
      }
    }
    let start = out.count
    out.append(0xFF)
    for i in 0..<32 {
      guard let hi = nibble(bytes[2 * i]), let lo = nibble(bytes[2 * i + 1]) else {
        out.removeSubrange(start...)
        return false
      }
      out.append(hi << 4 | lo)
    }
    return true
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
    // Text that is not ASCII is compared as Swift compares strings (canonical equivalence):
    // hash each field's NFC form.
    if storage.contains(where: { $0 >= 0x80 }) {
      let normal = fields.map(\.precomposedStringWithCanonicalMapping)
      return TabularRecord(line: line, fields: normal).bytesHash
    }
    return bytesHash
  }

  private var bytesHash: Hash128 {
    storage.withUnsafeBytes { bytes in
      ends.withUnsafeBytes { ends in
        Hash128(
          a: ByteKeyTable.hash(bytes) ^ ByteKeyTable.hash(ends, seed: 0x2545_F491_4F6C_DD1D),
          b: ByteKeyTable.hash(bytes, seed: 0xD6E8_FEB8_6659_FD93)
            ^ ByteKeyTable.hash(ends, seed: 0x94D0_49BB_1331_11EB))
      }
    }
  }
}

/// Two 64-bit hashes.
struct Hash128: Equatable, Sendable {
  var a: UInt64
  var b: UInt64
}
