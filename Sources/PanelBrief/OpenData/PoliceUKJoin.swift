/// Each police.uk crime with the outcome it has: the latest row of the outcomes files for its
/// Crime ID, or else the street file's `Last outcome category`.
///
/// An outcomes file lists the outcomes *recorded* in its month, for crimes of that month and of
/// earlier months. So a crime's outcome row may be missing from this month's outcomes file (its
/// outcome was recorded in another month), and many outcome rows belong to crimes of earlier
/// months that are not in the street files read: both are counted here. The rule for a crime
/// with several outcome rows: the latest `Month` wins; between rows of the same month, the later
/// file, then the later line.
public struct PoliceUKJoin: Sendable {
  /// Where a crime's outcome came from.
  public enum OutcomeSource: String, Sendable, Equatable {
    /// The latest row of the outcomes files for the crime.
    case outcomesFile
    /// The street file's `Last outcome category` (no outcome row was read for the crime).
    case streetFile
  }

  /// A crime and the outcome the join gives it.
  public struct CrimeOutcome: Sendable, Equatable {
    public var crime: PoliceUKData.Crime
    public var category: PoliceUKOutcomeCategory
    public var source: OutcomeSource
    /// The month of the outcome row used (`nil` when the street file's category is used).
    public var outcomeMonth: String?
  }

  /// Every crime of the street files, in their order, with its outcome.
  public var crimes: [CrimeOutcome]
  /// Crimes with at least one row in the outcomes files.
  public var crimesWithOutcomeRow: Int
  /// Accepted outcome rows whose Crime ID is not a crime of the street files read (crimes of
  /// earlier months, mostly), those for crimes rejected as outside the period included.
  public var outcomeRowsForOtherCrimes: Int
  /// The distinct Crime IDs of those rows.
  public var otherCrimeIDs: Int
  /// Of `outcomeRowsForOtherCrimes`, the rows for crimes whose street rows were rejected as
  /// outside the period (or after the extraction date), and their distinct Crime IDs.
  public var outcomeRowsForCrimesOutsideThePeriod: Int
  public var crimesOutsideThePeriodWithOutcomeRow: Int
  /// Outcome labels that are not published police.uk categories, with the number of crimes that
  /// have them, by label.
  public var unknownLabels: [(label: String, crimes: Int)]

  /// Joins the outcome rows of `data` to its crimes.
  public init(_ data: PoliceUKData) {
    var latest: [String: PoliceUKData.OutcomeRow] = [:]
    for row in data.outcomes {
      if let current = latest[row.crimeID],
        (current.month, current.file, current.line) >= (row.month, row.file, row.line)
      {
        continue
      }
      latest[row.crimeID] = row
    }
    var joined: [CrimeOutcome] = []
    joined.reserveCapacity(data.crimes.count)
    var withRow = 0
    var crimeIDs = Set<String>()
    var unknown: [String: Int] = [:]
    for crime in data.crimes {
      crimeIDs.insert(crime.crimeID)
      let outcome: CrimeOutcome
      if let row = latest[crime.crimeID] {
        withRow += 1
        outcome = CrimeOutcome(
          crime: crime, category: PoliceUKOutcomeCategory(label: row.outcomeType),
          source: .outcomesFile, outcomeMonth: row.month)
      } else {
        outcome = CrimeOutcome(
          crime: crime, category: PoliceUKOutcomeCategory(label: crime.lastOutcomeCategory),
          source: .streetFile, outcomeMonth: nil)
      }
      if !outcome.category.isKnown { unknown[outcome.category.displayLabel, default: 0] += 1 }
      joined.append(outcome)
    }
    let others = data.outcomes.filter { !crimeIDs.contains($0.crimeID) }
    crimes = joined
    crimesWithOutcomeRow = withRow
    outcomeRowsForOtherCrimes = others.count
    otherCrimeIDs = Set(others.map(\.crimeID)).count
    let outside = others.filter { data.crimeIDsOutsideThePeriod.contains($0.crimeID) }
    outcomeRowsForCrimesOutsideThePeriod = outside.count
    crimesOutsideThePeriodWithOutcomeRow = Set(outside.map(\.crimeID)).count
    unknownLabels = unknown.sorted { $0.key < $1.key }.map { (label: $0.key, crimes: $0.value) }
  }
}
