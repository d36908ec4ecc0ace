/// A small, fully specified pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014).
///
/// Every draw the fixture makes goes through integer arithmetic only, so the same seed gives
/// byte-identical exports on every platform and every toolchain: no floating point, no standard
/// library algorithm (`shuffled(using:)`, `randomElement`) whose implementation could change.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound` (`bound` > 0), without modulo bias.
  mutating func below(_ bound: Int) -> Int {
    precondition(bound > 0, "below(_:) needs a positive bound")
    let b = UInt64(bound)
    let threshold = (0 &- b) % b
    while true {
      let r = next()
      if r >= threshold { return Int(r % b) }
    }
  }

  /// A uniform integer in `range`.
  mutating func inRange(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// An index drawn with probability proportional to `weights[index]`.
  mutating func weighted(_ weights: [Int]) -> Int {
    let total = weights.reduce(0, +)
    var r = below(total)
    for (index, weight) in weights.enumerated() {
      if r < weight { return index }
      r -= weight
    }
    return weights.count - 1
  }

  /// One of `choices`, drawn with probability proportional to its weight.
  mutating func pick<T>(_ choices: [(T, Int)]) -> T {
    choices[weighted(choices.map(\.1))].0
  }

  /// `true` with probability `numerator / denominator`.
  mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
    below(denominator) < numerator
  }

  /// Fisher–Yates shuffle, written out so that its draws are fixed here.
  mutating func shuffle<T>(_ items: inout [T]) {
    guard items.count > 1 else { return }
    for i in stride(from: items.count - 1, to: 0, by: -1) {
      let j = below(i + 1)
      if i != j { items.swapAt(i, j) }
    }
  }
}
