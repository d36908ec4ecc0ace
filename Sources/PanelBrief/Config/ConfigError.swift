/// A configuration that cannot be used, said as a sentence naming the file, line and key.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The configuration file.
  public var file: String
  /// The 1-based line in the configuration, when known.
  public var line: Int?
  /// The key path, e.g. `sources[0].columns.reference`.
  public var keyPath: String
  /// What is wrong, as a sentence.
  public var message: String

  public init(file: String, line: Int?, keyPath: String, message: String) {
    self.file = file
    self.line = line
    self.keyPath = keyPath
    self.message = message
  }

  public var description: String {
    var place = file
    if let line { place += ", line \(line)" }
    if !keyPath.isEmpty { place += " (\(keyPath))" }
    return "\(place): \(message)"
  }
}

/// The closest of `candidates` to `word` by edit distance, if it is close enough to be a likely typo.
func closestMatch(to word: String, in candidates: [String]) -> String? {
  func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
  let w = Array(word.lowercased())
  let scored = candidates.map { ($0, distance(w, Array($0.lowercased()))) }
  guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
  return best.1 <= max(2, w.count / 3) ? best.0 : nil
}
