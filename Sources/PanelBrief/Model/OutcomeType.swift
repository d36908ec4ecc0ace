/// A Home Office crime outcome type (the "outcomes framework"), such as 1 (charged/summonsed)
/// or 1A (charged for an alternative offence).
///
/// See the Home Office's *Crime outcomes in England and Wales* user guide; the table of types and
/// groups is in `../shared/DOMAIN.md`. Type 19 is no longer used and is refused.
public struct OutcomeType: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// The number of the type, 1 to 22 (0 is "not yet assigned").
  public let number: Int
  /// `true` for the "A" variants (1A, 2A, 3A): the same action for an alternative offence.
  public let alternativeOffence: Bool

  public init?(number: Int, alternativeOffence: Bool = false) {
    guard (0...22).contains(number), number != 19 else { return nil }
    if alternativeOffence && ![1, 2, 3].contains(number) { return nil }
    self.number = number
    self.alternativeOffence = alternativeOffence
  }

  /// Parses "1", "1A", "15", "0" (any case, surrounding spaces ignored).
  public init?(code: String) {
    var text = code.trimmingCharacters(in: .whitespaces).uppercased()
    var alternative = false
    if text.hasSuffix("A") {
      alternative = true
      text.removeLast()
    }
    guard let n = Int(text) else { return nil }
    self.init(number: n, alternativeOffence: alternative)
  }

  public static let charged = OutcomeType(number: 1)!
  public static let notYetAssigned = OutcomeType(number: 0)!

  /// "1", "1A", "15".
  public var code: String { "\(number)\(alternativeOffence ? "A" : "")" }
  public var description: String { code }

  /// `true` for type 1 and 1A: the numerator of the charge/summons rate.
  public var isChargeOrSummons: Bool { number == 1 }

  /// The Home Office outcome group the type belongs to.
  public var group: OutcomeGroup {
    switch number {
    case 0: .notYetAssigned
    case 1: .chargedSummonsed
    case 2, 3, 6: .outOfCourtFormal
    case 4: .takenIntoConsideration
    case 5, 9, 10, 11, 12, 13, 17: .prosecutionPrevented
    case 7, 8: .outOfCourtInformal
    case 14, 16: .evidentialDifficultiesVictimDoesNotSupport
    case 15: .evidentialDifficultiesVictimSupports
    case 18: .investigationCompleteNoSuspect
    case 20: .responsibilityTransferred
    case 21: .furtherInvestigationNotInPublicInterest
    case 22: .diversionary
    default: .notYetAssigned
    }
  }

  /// The Home Office's short description of the type.
  public var shortDescription: String {
    switch (number, alternativeOffence) {
    case (0, _): "Not yet assigned an outcome"
    case (1, false): "Charged/summonsed"
    case (1, true): "Charged/summonsed - alternative offence"
    case (2, false): "Caution - youths"
    case (2, true): "Caution - youths - alternative offence"
    case (3, false): "Caution - adults"
    case (3, true): "Caution - adults - alternative offence"
    case (4, _): "Taken into consideration"
    case (5, _): "The offender has died"
    case (6, _): "Penalty Notice for Disorder"
    case (7, _): "Cannabis/khat warning"
    case (8, _): "Community resolution"
    case (9, _): "Prosecution not in the public interest (CPS)"
    case (10, _): "Formal action not in the public interest (police)"
    case (11, _): "Prosecution prevented - suspect under age of criminal responsibility"
    case (12, _): "Prosecution prevented - suspect too ill"
    case (13, _): "Prosecution prevented - victim/key witness dead or too ill"
    case (14, _): "Evidential difficulties: suspect not identified; victim does not support"
    case (15, _): "Evidential difficulties: suspect identified; victim supports action"
    case (16, _): "Evidential difficulties: suspect identified; victim does not support"
    case (17, _): "Prosecution time limit expired"
    case (18, _): "Investigation complete - no suspect identified"
    case (20, _): "Further action by another body or agency"
    case (21, _): "Further investigation not in the public interest - police decision"
    case (22, _): "Diversionary, educational or intervention activity"
    default: "Unknown outcome type"
    }
  }

  public static func < (lhs: OutcomeType, rhs: OutcomeType) -> Bool {
    (lhs.number, lhs.alternativeOffence ? 1 : 0) < (rhs.number, rhs.alternativeOffence ? 1 : 0)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = OutcomeType(code: text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not a Home Office outcome type")
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(code)
  }
}

/// The Home Office outcome groups, in the order of the Home Office's outcome tables.
public enum OutcomeGroup: String, CaseIterable, Sendable, Codable {
  case chargedSummonsed = "Charged/Summonsed"
  case outOfCourtFormal = "Out-of-court (formal)"
  case outOfCourtInformal = "Out-of-court (informal)"
  case takenIntoConsideration = "Taken into consideration"
  case prosecutionPrevented = "Prosecution prevented or not in the public interest"
  case evidentialDifficultiesVictimSupports =
    "Evidential difficulties (suspect identified; victim supports action)"
  case evidentialDifficultiesVictimDoesNotSupport =
    "Evidential difficulties (victim does not support action)"
  case investigationCompleteNoSuspect = "Investigation complete - no suspect identified"
  case responsibilityTransferred = "Responsibility transferred to another body"
  case furtherInvestigationNotInPublicInterest = "Further investigation not in the public interest"
  case diversionary = "Diversionary, educational or intervention activity"
  case notYetAssigned = "Not yet assigned"
}

/// What a force's outcome label stands for: a Home Office outcome type, or one of the force's
/// own statuses that are not outcome types.
public enum OutcomeStatus: Hashable, Sendable {
  /// A Home Office outcome type.
  case outcome(OutcomeType)
  /// Cancelled or transferred: no longer a crime of this force; leaves every denominator.
  case cancelledOrTransferred
  /// The force could not say which outcome the crime has: a data-quality finding.
  case unknown
  /// Unresolved or still under investigation: no outcome yet.
  case unresolved

  /// Parses the configuration's spelling: an outcome type code ("1", "15", "1A") or one of
  /// `cancelled`, `transferred`, `cancelled/transferred`, `unknown`, `unresolved`.
  public init?(configValue: String) {
    let text = configValue.trimmingCharacters(in: .whitespaces).lowercased()
    switch text {
    case "cancelled", "transferred", "cancelled/transferred", "cancelled_transferred",
      "cancelled-transferred":
      self = .cancelledOrTransferred
    case "unknown": self = .unknown
    case "unresolved", "under investigation", "open": self = .unresolved
    default:
      guard let type = OutcomeType(code: text) else { return nil }
      self = .outcome(type)
    }
  }

  /// The text the briefing shows in its "type" column.
  public var typeLabel: String {
    switch self {
    case .outcome(let t): t.code
    case .cancelledOrTransferred: "Cancelled/transferred"
    case .unknown: "Unknown"
    case .unresolved: "Unresolved"
    }
  }

  /// The Home Office group, or the status's own name for statuses that are not outcomes.
  public var groupLabel: String {
    switch self {
    case .outcome(let t): t.group.rawValue
    case .cancelledOrTransferred: "Not a crime of this force (cancelled/transferred)"
    case .unknown: "Not classifiable (unknown)"
    case .unresolved: OutcomeGroup.notYetAssigned.rawValue
    }
  }

  public var isChargeOrSummons: Bool {
    if case .outcome(let t) = self { return t.isChargeOrSummons }
    return false
  }
}
