import Foundation
import PanelBrief

/// Writes the briefing as JSON for researchers and tests: every table with its id, title, columns
/// and rows; keys sorted so that the same briefing always gives the same bytes.
public enum JSONBriefingWriter {
  public static func render(_ briefing: Briefing) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // A value that is not a number must never stop the paper: it is written as "not available".
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "[x]", negativeInfinity: "[x]", nan: "[x]")
    var data = try encoder.encode(briefing)
    data.append(0x0A)
    return data
  }
}
