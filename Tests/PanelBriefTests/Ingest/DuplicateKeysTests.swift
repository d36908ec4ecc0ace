import Foundation
import Testing

@testable import PanelBrief

/// The sharded duplicate settler against the plainest rule there is: a dictionary from the
/// reference to the winner so far, visited row by row in order.
@Suite struct DuplicateKeysTests {
  struct Row: Sendable {
    var key: String
    var rank: Int
  }

  /// Rows from a small alphabet of keys (many duplicates), some non-ASCII and canonically
  /// equivalent to others ("é" precomposed and decomposed, the Kelvin sign and "K").
  static func rows(_ count: Int, seed: UInt64) -> [Row] {
    var state = seed
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    let odd = ["caf\u{E9}", "cafe\u{301}", "\u{212A}1", "K1", "Z"]
    return (0..<count).map { _ in
      let k = next() % 50
      let key = k < 5 ? odd[k] : "MS/\(k % 7)/\(k)"
      return Row(key: key, rank: next() % 4)
    }
  }

  /// Losers by a dictionary keyed by Swift strings (canonical equivalence), in row order: the
  /// row with the higher rank wins, and on a tie the later row.
  static func plainLosers(_ rows: [Row]) -> Set<Int> {
    var holder: [String: Int] = [:]
    var lost = Set<Int>()
    for (i, row) in rows.enumerated() {
      guard let j = holder[row.key] else {
        holder[row.key] = i
        continue
      }
      if row.rank >= rows[j].rank {
        lost.insert(j)
        holder[row.key] = i
      } else {
        lost.insert(i)
      }
    }
    return lost
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func shardedLosersAreTheDictionarysLosers(seed: UInt64) {
    let rows = Self.rows(5_000, seed: seed)
    let expected = Self.plainLosers(rows)
    let same: @Sendable (Int, Int) -> Bool = { rows[$0].key == rows[$1].key }
    let later: @Sendable (Int, Int) -> Bool = { rows[$1].rank >= rows[$0].rank }
    // The real hashes, then hashes that all collide (every row in one shard, every probe
    // meeting tags that match and keys that do not), then hashes that differ only in the bits
    // the slot is not taken from.
    let real = DuplicateKeys.hashes(count: rows.count) { rows[$0].key }
    let collide = [UInt64](repeating: 0xABCD_EF01_2345_6789, count: rows.count)
    let tagOnly = real.map { $0 & 0xFFFF_FFFF_0000_0000 }
    for hashes in [real, collide, tagOnly] {
      let losers = DuplicateKeys.losers(hashes: hashes, same: same, laterWins: later)
      #expect(losers.count == Set(losers).count)
      #expect(Set(losers) == expected)
    }
    // Canonically equivalent references share a hash: one key, as for Swift strings.
    #expect(
      DuplicateKeys.hash(reference: "caf\u{E9}") == DuplicateKeys.hash(reference: "cafe\u{301}"))
    #expect(DuplicateKeys.hash(reference: "\u{212A}1") == DuplicateKeys.hash(reference: "K1"))
    #expect(DuplicateKeys.hash(reference: "K1") != DuplicateKeys.hash(reference: "k1"))
  }
}
