import Foundation
import PanelBrief

/// Writes the briefing as JSON for researchers and tests: every table with its id, title, columns
/// and rows; keys sorted so that the same briefing always gives the same bytes. The document
/// carries `schema_version` (`Schemas/briefing.schema.json` in the repository describes it).
public enum JSONBriefingWriter {
  /// The version of the JSON's layout. The major number changes when a key is removed or its
  /// meaning changes; the minor number when keys are added.
  public static let schemaVersion = "1.0"

  public static func render(_ briefing: Briefing) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // A value that is not a number must never stop the paper: it is written as "not available".
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "[x]", negativeInfinity: "[x]", nan: "[x]")
    var data = try encoder.encode(Versioned(briefing: briefing))
    data.append(0x0A)
    return data
  }

  /// The briefing's own keys with `schema_version` beside them, in one object.
  private struct Versioned: Encodable {
    let briefing: Briefing
    struct Key: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }
    func encode(to encoder: any Encoder) throws {
      try briefing.encode(to: encoder)
      var container = encoder.container(keyedBy: Key.self)
      try container.encode(schemaVersion, forKey: Key(stringValue: "schema_version"))
    }
  }
}
