import Yams

/// A node of the configuration's YAML with the key path that led to it, so that every error can
/// name its file, line and key.
struct ConfigNode {
  let node: Node
  let path: String
  let file: String

  var line: Int? { node.mark?.line }

  func error(_ message: String) -> ConfigError {
    ConfigError(file: file, line: line, keyPath: path, message: message)
  }

  func child(_ key: String, _ value: Node) -> ConfigNode {
    ConfigNode(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
  }

  /// The key/value pairs of a mapping, in the order written.
  func pairs() throws(ConfigError) -> [(key: String, keyLine: Int?, value: ConfigNode)] {
    guard let mapping = node.mapping else {
      throw error("expected a mapping of keys to values here.")
    }
    var out: [(key: String, keyLine: Int?, value: ConfigNode)] = []
    for pair in mapping {
      guard let key = pair.key.string else {
        throw ConfigError(
          file: file, line: pair.key.mark?.line, keyPath: path,
          message: "a key here is a list or mapping; keys are single values (text).")
      }
      let keyPath = path.isEmpty ? key : "\(path).\(key)"
      try Self.checkVisible(key, file: file, line: pair.key.mark?.line, keyPath: keyPath)
      guard key.unicodeScalars.count <= DisplayText.labelLimit else {
        throw ConfigError(
          file: file, line: pair.key.mark?.line, keyPath: path,
          message:
            "a key (label) here is \(key.unicodeScalars.count) characters long; at most \(DisplayText.labelLimit) are allowed, so that it fits a table header."
        )
      }
      out.append((key, pair.key.mark?.line, child(key, pair.value)))
    }
    return out
  }

  /// Refuses text holding a character that would not show (a control, bidirectional or
  /// zero-width character): labels differing only there would look the same on paper.
  static func checkVisible(_ text: String, file: String, line: Int?, keyPath: String)
    throws(ConfigError)
  {
    if let hidden = text.unicodeScalars.first(where: {
      DisplayText.isHidden($0) && $0 != "\n" && $0 != "\t" && $0 != "\r"
    }) {
      let hex = String(hidden.value, radix: 16, uppercase: true)
      throw ConfigError(
        file: file, line: line, keyPath: keyPath,
        message:
          "'\(DisplayText.visible(text, limit: 80))' holds the invisible character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex) (a control, bidirectional or zero-width character); remove it, it would not show on paper."
      )
    }
  }

  /// The mapping's values by key, refusing keys not in `allowed` with the closest valid key.
  func fields(allowed: [String]) throws(ConfigError) -> [String: ConfigNode] {
    var out: [String: ConfigNode] = [:]
    for (key, keyLine, value) in try pairs() {
      guard allowed.contains(key) else {
        var message = "'\(key)' is not a configuration key here"
        if let near = closestMatch(to: key, in: allowed) {
          message += "; did you mean '\(near)'?"
        } else {
          message += "; the keys allowed are: \(allowed.joined(separator: ", "))."
        }
        throw ConfigError(
          file: file, line: keyLine, keyPath: path.isEmpty ? key : "\(path).\(key)",
          message: message)
      }
      out[key] = value
    }
    return out
  }

  func string() throws(ConfigError) -> String {
    guard let scalar = node.scalar else { throw error("expected a single value (text) here.") }
    // YAML's null (`null`, `~` unquoted) is no value: it must not become the text "null".
    if scalar.style == .plain && ["null", "Null", "NULL", "~"].contains(scalar.string) {
      throw error(
        "expected a value here, not YAML's null; write the value (in quotes if it is the word null)."
      )
    }
    try Self.checkVisible(scalar.string, file: file, line: line, keyPath: path)
    return scalar.string
  }

  /// Text that must say something: not null, not empty or only spaces.
  func text() throws(ConfigError) -> String {
    let value = try string()
    guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw error("this must not be empty.")
    }
    return value
  }

  func int() throws(ConfigError) -> Int {
    guard let scalar = node.scalar,
      let value = Int(scalar.string.trimmingCharacters(in: .whitespaces))
    else { throw error("expected a whole number here.") }
    return value
  }

  func bool() throws(ConfigError) -> Bool {
    switch try string().lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw error("expected true or false here.")
    }
  }

  /// A list of values; a single value counts as a list of one.
  func strings() throws(ConfigError) -> [String] {
    if let sequence = node.sequence {
      var out: [String] = []
      for (i, item) in sequence.enumerated() {
        out.append(try ConfigNode(node: item, path: "\(path)[\(i)]", file: file).string())
      }
      return out
    }
    return [try string()]
  }

  func items() throws(ConfigError) -> [ConfigNode] {
    guard let sequence = node.sequence else { throw error("expected a list here.") }
    return sequence.enumerated().map { ConfigNode(node: $1, path: "\(path)[\($0)]", file: file) }
  }
}

extension [String: ConfigNode] {
  func required(_ key: String, in parent: ConfigNode) throws(ConfigError) -> ConfigNode {
    guard let value = self[key] else {
      throw parent.error("the key '\(key)' is required here and is missing.")
    }
    return value
  }
}
