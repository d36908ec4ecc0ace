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
    return mapping.map { pair in
      let key = pair.key.string ?? "\(pair.key)"
      return (key, pair.key.mark?.line, child(key, pair.value))
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
    return scalar.string
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
