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

  /// Every crime of the street files, in their order, with its outcome (made on access).
  public var crimes: Crimes { Crimes(join: self) }
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

  /// The data joined.
  let data: PoliceUKData
  /// The distinct categories the crimes have, and each crime's, by number.
  let categoryList: [PoliceUKOutcomeCategory]
  let categoryOfCrime: [Int32]
  /// The outcome row (index into the data's outcomes) each crime's outcome came from, or -1.
  let outcomeRowOfCrime: [Int32]

  /// The crimes with their outcomes, made from the compact join on access.
  public struct Crimes: RandomAccessCollection, Sendable {
    let join: PoliceUKJoin
    public var startIndex: Int { 0 }
    public var endIndex: Int { join.categoryOfCrime.count }
    public subscript(i: Int) -> CrimeOutcome {
      let store = join.data.store
      let row = Int(join.outcomeRowOfCrime[i])
      return CrimeOutcome(
        crime: store.crime(store.street[i]),
        category: join.categoryList[Int(join.categoryOfCrime[i])],
        source: row < 0 ? .streetFile : .outcomesFile,
        outcomeMonth: row < 0 ? nil : store.month(store.outcomes[row].month))
    }
  }

  /// Joins the outcome rows of `data` to its crimes.
  public init(_ data: PoliceUKData) {
    let store = data.store
    let idCount = store.ids.count
    // The latest outcome row of each Crime ID: latest month, then later file, then later line.
    var latest = [Int32](repeating: -1, count: idCount)
    for (r, row) in store.outcomes.enumerated() {
      let id = Int(row.id)
      let current = Int(latest[id])
      if current >= 0 {
        let c = store.outcomes[current]
        if (c.month, c.file, c.line) >= (row.month, row.file, row.line) { continue }
      }
      latest[id] = Int32(r)
    }
    // A category for each distinct label value, then a number for each distinct category.
    var categoryOfValue = [Int32](repeating: -1, count: store.values.count)
    var categoryNumber: [PoliceUKOutcomeCategory: Int32] = [:]
    var categoryList: [PoliceUKOutcomeCategory] = []
    func category(_ value: UInt32) -> Int32 {
      let v = Int(value)
      if categoryOfValue[v] >= 0 { return categoryOfValue[v] }
      let c = PoliceUKOutcomeCategory(label: store.values[v])
      let n =
        categoryNumber[c]
        ?? {
          categoryList.append(c)
          categoryNumber[c] = Int32(categoryList.count - 1)
          return Int32(categoryList.count - 1)
        }()
      categoryOfValue[v] = n
      return n
    }
    var isStreetCrime = [Bool](repeating: false, count: idCount)
    var categoryOfCrime: [Int32] = []
    var outcomeRowOfCrime: [Int32] = []
    categoryOfCrime.reserveCapacity(store.street.count)
    outcomeRowOfCrime.reserveCapacity(store.street.count)
    var withRow = 0
    var crimesInCategory: [Int] = []
    for crime in store.street {
      let id = Int(crime.id)
      isStreetCrime[id] = true
      let row = latest[id]
      let c: Int32
      if row >= 0 {
        withRow += 1
        c = category(store.outcomes[Int(row)].outcomeType)
      } else {
        c = category(crime.lastOutcome)
      }
      categoryOfCrime.append(c)
      outcomeRowOfCrime.append(row)
      while crimesInCategory.count <= Int(c) { crimesInCategory.append(0) }
      crimesInCategory[Int(c)] += 1
    }
    var unknown: [String: Int] = [:]
    for (c, n) in crimesInCategory.enumerated() where n > 0 && !categoryList[c].isKnown {
      unknown[categoryList[c].displayLabel, default: 0] += n
    }
    // Outcome rows of crimes not in the street files, and of those outside the period.
    var outside = [Bool](repeating: false, count: idCount)
    for id in data.crimeIDsOutsideThePeriod {
      if let e = store.ids.lookup(id) { outside[e] = true }
    }
    var otherSeen = [Bool](repeating: false, count: idCount)
    var otherRows = 0
    var otherIDs = 0
    var outsideRows = 0
    var outsideIDs = 0
    for row in store.outcomes where !isStreetCrime[Int(row.id)] {
      let id = Int(row.id)
      otherRows += 1
      if outside[id] { outsideRows += 1 }
      if !otherSeen[id] {
        otherSeen[id] = true
        otherIDs += 1
        if outside[id] { outsideIDs += 1 }
      }
    }
    self.data = data
    self.categoryList = categoryList
    self.categoryOfCrime = categoryOfCrime
    self.outcomeRowOfCrime = outcomeRowOfCrime
    crimesWithOutcomeRow = withRow
    outcomeRowsForOtherCrimes = otherRows
    otherCrimeIDs = otherIDs
    outcomeRowsForCrimesOutsideThePeriod = outsideRows
    crimesOutsideThePeriodWithOutcomeRow = outsideIDs
    unknownLabels = unknown.sorted { $0.key < $1.key }.map { (label: $0.key, crimes: $0.value) }
  }
}
