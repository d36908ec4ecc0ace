/// A police.uk outcome category ("Suspect charged", "Unable to prosecute suspect"...) as the
/// street files' `Last outcome category` and the outcomes files' `Outcome type` write it, and the
/// Home Office outcome group it stands for where that mapping is sound.
///
/// police.uk publishes its own wording, not Home Office outcome type numbers. Some categories
/// name exactly one type or one group (`Suspect charged` is type 1); others span several groups
/// (`Unable to prosecute suspect` covers the evidential difficulty types 14, 15 and 16, which sit
/// in two different groups), and some are not outcomes at all (`Status update unavailable`).
/// Those have `group == nil` and a `note` that says why. Court results (`Offender fined`,
/// `Defendant found not guilty`...) are what happened after a charge or summons: the police
/// outcome they imply is type 1, so they map to Charged/Summonsed with `stage == .court`.
///
/// The list is the one data.police.uk's API documents (28 categories), with the spelling the
/// CSV downloads use for penalty notices (`Offender given penalty notice`) as well as the API's
/// (`Offender given a penalty notice`). A string not in the list is kept as an unmapped label.
public struct PoliceUKOutcomeCategory: Hashable, Sendable {
  /// The category exactly as the file writes it (surrounding spaces removed).
  public let label: String
  /// The Home Office outcome group, or `nil` where no single group is sound (see `note`).
  public let group: OutcomeGroup?
  /// The Home Office outcome types the category corresponds to ("1", "2", "3"...), where known.
  public let outcomeTypes: [String]
  /// Where in the life of a crime the category sits.
  public let stage: Stage
  /// Why the category maps the way it does, or why it does not map, in one sentence.
  public let note: String
  /// `true` when the label is one of the published police.uk categories.
  public let isKnown: Bool

  /// Where a category sits in the life of a crime.
  public enum Stage: String, Sendable, Hashable {
    /// A police decision: an outcome type of the Home Office framework.
    case police
    /// A court stage or result, which follows a charge or summons.
    case court
    /// Not an outcome: the crime is open or police.uk has no current status.
    case status
    /// A label not in the published list.
    case unknown
  }

  /// The category for a label as found in a file: a published category (matched ignoring case
  /// and surrounding spaces) or an unknown label kept as it is, with no group.
  public init(label: String) {
    let trimmed = label.trimmingCharacters(in: .whitespaces)
    if let known = Self.byKey[Self.key(trimmed)] {
      self = known
      return
    }
    self.init(
      label: trimmed, group: nil, types: [], stage: .unknown,
      note: trimmed.isEmpty
        ? "The file gives no outcome category for this crime."
        : "Not a published police.uk outcome category; kept as found and not mapped to a Home Office group.",
      known: false)
  }

  private init(
    label: String, group: OutcomeGroup?, types: [String], stage: Stage, note: String,
    known: Bool = true
  ) {
    self.label = label
    self.group = group
    self.outcomeTypes = types
    self.stage = stage
    self.note = note
    self.isKnown = known
  }

  /// The Home Office group's name for a table, or why there is none: "Evidential difficulties
  /// (both groups jointly)" for the evidential difficulty types, "No Home Office group" otherwise.
  public var groupLabel: String {
    if let group { return group.rawValue }
    if outcomeTypes == ["14", "15", "16"] {
      return "Evidential difficulties (both groups jointly)"
    }
    return "No Home Office group"
  }

  /// `true` for 'Unable to prosecute suspect': the evidential difficulty types 14, 15 and 16, which
  /// map to the two evidential difficulties groups only jointly.
  public var isEvidentialJoint: Bool { group == nil && outcomeTypes == ["14", "15", "16"] }

  /// The label a table shows: the category, or "(no outcome category given)" for an empty one.
  public var displayLabel: String { label.isEmpty ? "(no outcome category given)" : label }

  /// Every published police.uk outcome category, in the order police decisions, court stages,
  /// statuses.
  public static let all: [PoliceUKOutcomeCategory] = {
    let court =
      "A court stage or result: it follows a charge or summons, so the police outcome it implies is type 1 (Charged/Summonsed); the Home Office framework records that police outcome, not the court's."
    func police(_ label: String, _ group: OutcomeGroup?, _ types: [String], _ note: String)
      -> PoliceUKOutcomeCategory
    { .init(label: label, group: group, types: types, stage: .police, note: note) }
    func courtStage(_ label: String) -> PoliceUKOutcomeCategory {
      .init(label: label, group: .chargedSummonsed, types: ["1"], stage: .court, note: court)
    }
    return [
      police(
        "Suspect charged", .chargedSummonsed, ["1"],
        "Outcome type 1 (charged or summonsed); police.uk shows it until a court result follows."),
      police(
        "Suspect charged as part of another case", .takenIntoConsideration, ["4"],
        "Taken into consideration (type 4): the offence was dealt with when the offender was sentenced for another; police.uk called it 'Offender sentenced as part of another case' before 2014."
      ),
      police(
        "Offender given a caution", .outOfCourtFormal, ["2", "3"],
        "A caution to a youth or an adult (types 2 and 3), both Out-of-court (formal)."),
      police(
        "Offender given penalty notice", .outOfCourtFormal, ["6"],
        "A Penalty Notice for Disorder (type 6), Out-of-court (formal)."),
      police(
        "Offender given a penalty notice", .outOfCourtFormal, ["6"],
        "A Penalty Notice for Disorder (type 6), Out-of-court (formal); the API's spelling."),
      police(
        "Offender given a drugs possession warning", .outOfCourtInformal, ["7"],
        "A cannabis or khat warning (type 7), Out-of-court (informal)."),
      police(
        "Local resolution", .outOfCourtInformal, ["8"],
        "A community resolution (type 8), Out-of-court (informal)."),
      police(
        "Investigation complete; no suspect identified", .investigationCompleteNoSuspect, ["18"],
        "Outcome type 18."),
      police(
        "Unable to prosecute suspect", nil, ["14", "15", "16"],
        "Evidential difficulties (types 14, 15, 16): these sit in two Home Office groups (victim supports action; victim does not support action) and police.uk does not say which, so the category maps to the two evidential difficulties groups only jointly."
      ),
      police(
        "Formal action is not in the public interest", .prosecutionPrevented, ["9", "10"],
        "Formal action or prosecution not in the public interest (types 10 and 9), both in the group Prosecution prevented or not in the public interest (the group of 9 and 10 is unverified)."
      ),
      police(
        "Further investigation is not in the public interest",
        .furtherInvestigationNotInPublicInterest, ["21"], "Outcome type 21."),
      police(
        "Further action is not in the public interest", nil, [],
        "No published mapping: the wording fits type 22 (diversionary activity, after which 'it is not in the public interest to take any further action') as well as types 10 and 21, which are in three different groups."
      ),
      police(
        "Action to be taken by another organisation", .responsibilityTransferred, ["20"],
        "Further action by another body or agency (type 20)."),
      courtStage("Awaiting court outcome"),
      courtStage("Court result unavailable"),
      courtStage("Court case unable to proceed"),
      courtStage("Defendant sent to Crown Court"),
      courtStage("Defendant found not guilty"),
      courtStage("Offender sent to prison"),
      courtStage("Offender given suspended prison sentence"),
      courtStage("Offender given community sentence"),
      courtStage("Offender fined"),
      courtStage("Offender given conditional discharge"),
      courtStage("Offender given absolute discharge"),
      courtStage("Offender ordered to pay compensation"),
      courtStage("Offender deprived of property"),
      courtStage("Offender otherwise dealt with"),
      .init(
        label: "Under investigation", group: .notYetAssigned, types: ["0"], stage: .status,
        note: "The crime is still open: no outcome has been assigned yet."),
      .init(
        label: "Status update unavailable", group: nil, types: [], stage: .status,
        note:
          "Not an outcome: police.uk has no current status for the crime, so neither an outcome type nor 'not yet assigned' can be said."
      ),
    ]
  }()

  private static let byKey: [String: PoliceUKOutcomeCategory] = Dictionary(
    all.map { (key($0.label), $0) }, uniquingKeysWith: { first, _ in first })

  private static func key(_ label: String) -> String { label.lowercased() }
}
