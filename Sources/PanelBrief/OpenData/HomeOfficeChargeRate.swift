/// What a PCC office asks of the Home Office outcomes open data: the charge/summons rate for
/// chosen offence codes (e.g. 106, modern slavery) by financial year, for its force, for a group
/// of comparable forces and for England and Wales.
public struct HomeOfficeChargeRateRequest: Sendable, Equatable {
  /// The Home Office offence codes to count together ("106"); leading zeros are ignored.
  public var offenceCodes: [String]
  /// The force, as the file's `Force Name` writes it (case, spacing and "&"/"and" ignored).
  public var force: String
  /// Comparable forces, summed together as one group.
  public var comparators: [String]
  /// The name of the comparator group in the table ("Most similar forces").
  public var comparatorGroupName: String
  /// `true` to show each comparator's own rows as well as the group's.
  public var showEachComparator: Bool
  /// Forces left out of the England and Wales sum (e.g. "British Transport Police").
  public var nationalExcludes: [String]

  public init(
    offenceCodes: [String], force: String, comparators: [String] = [],
    comparatorGroupName: String = "Comparable forces", showEachComparator: Bool = true,
    nationalExcludes: [String] = []
  ) {
    self.offenceCodes = offenceCodes
    self.force = force
    self.comparators = comparators
    self.comparatorGroupName = comparatorGroupName
    self.showEachComparator = showEachComparator
    self.nationalExcludes = nationalExcludes
  }
}

/// The charge/summons rate of one area in one financial year, on both bases the open data gives.
///
/// - Recorded basis (cohort-like): of the offences recorded in the year, the share whose outcome
///   at the time of the extract is type 1 or 1A. Denominator: the outcomes of all the offences
///   recorded in the year, every outcome type including type 0 (not yet assigned).
/// - Closed basis: of the outcomes assigned in the year (investigations closed), the share that
///   are type 1 or 1A. Denominator: all outcomes assigned in the year, every type (type 0 has
///   no closed count).
public struct HomeOfficeChargeRate: Sendable, Equatable {
  /// What the area is.
  public enum AreaKind: String, Sendable, Equatable {
    case force, comparator, comparatorGroup, englandAndWales
  }
  public var area: String
  public var kind: AreaKind
  public var financialYear: String
  /// The number of distinct quarters in which the area has at least one count in the year (4 for
  /// a full year): a quarter whose cells are all "not applicable" or "not provided" has no data.
  public var quarters: Int
  public var chargedRecorded: Int
  public var outcomesRecorded: Int
  public var chargedClosed: Int
  public var outcomesClosed: Int

  /// The recorded-basis rate, or `nil` when there is nothing to divide by or the corrections
  /// net negative (see `correctionsNetNegative`).
  public var rateRecorded: Double? { Self.rate(chargedRecorded, outcomesRecorded) }
  /// The closed-basis rate, or `nil` as for `rateRecorded`.
  public var rateClosed: Double? { Self.rate(chargedClosed, outcomesClosed) }

  /// `true` when, on either basis, the negative counts (corrections) outweigh the rest: a
  /// negative number charged, or more charged than all outcomes. No rate is given for such a
  /// basis: a share below 0 or above 100% says nothing about the force.
  public var correctionsNetNegative: Bool {
    chargedRecorded < 0 || chargedRecorded > outcomesRecorded || chargedClosed < 0
      || chargedClosed > outcomesClosed
  }

  /// `true` when the year has fewer than 4 quarters with data.
  public var isPartial: Bool { quarters < 4 }

  static func rate(_ charged: Int, _ all: Int) -> Double? {
    guard all > 0, charged >= 0, charged <= all else { return nil }
    return Double(charged) / Double(all)
  }
}

/// The charge/summons rate table and its notes, ready for a briefing.
public struct HomeOfficeChargeRates: Sendable {
  /// Force first, then each comparator (when asked), the comparator group, England and Wales;
  /// financial years ascending within each.
  public var rates: [HomeOfficeChargeRate]
  public var table: StatTable
  /// The notes the table cites, numbered from the `firstNoteNumber` given.
  public var notes: [Note]
  /// The forces summed for England and Wales, in name order.
  public var nationalForces: [String]
  /// Rows named as an England and Wales total in the file, set aside (not summed).
  public var totalRowsSetAside: Int

  /// The table id.
  public static let tableID = "ho-charge-rate"
  /// The source line of the table.
  public static let source =
    "Home Office, police recorded crime and outcomes open data tables, Open Government Licence v3.0"
}

extension HomeOfficeOutcomesTable {
  /// The force a misspelt or abbreviated name most likely means: an abbreviation of its words'
  /// initials ("BTP" for British Transport Police), a name that contains it or is contained in
  /// it, or the closest by edit distance.
  static func closestForce(to name: String, in forces: [String]) -> String? {
    let key = forceKey(name).replacingOccurrences(of: " ", with: "")
    guard !key.isEmpty else { return nil }
    let sorted = forces.sorted()
    func initials(_ force: String) -> String {
      forceKey(force).split(separator: " ").filter { $0 != "and" && $0 != "of" }
        .compactMap(\.first).map(String.init).joined()
    }
    if let hit = sorted.first(where: { initials($0) == key }) { return hit }
    let contains = sorted.filter {
      let k = forceKey($0).replacingOccurrences(of: " ", with: "")
      return k.contains(key) || key.contains(k)
    }
    if contains.count == 1 { return contains[0] }
    return closestMatch(to: forceKey(name), in: sorted.map(forceKey)).flatMap { k in
      sorted.first { forceKey($0) == k }
    }
  }

  /// The charge/summons rates asked for, as a table. Throws when the force, a comparator or every
  /// offence code is missing from the files, naming what the files do hold.
  public func chargeRates(_ request: HomeOfficeChargeRateRequest, firstNoteNumber: Int = 1)
    throws(HomeOfficeOutcomesError) -> HomeOfficeChargeRates
  {
    let codes = Set(request.offenceCodes.map(Self.offenceKey))
    let chosen = rows.filter { codes.contains(Self.offenceKey($0.offenceCode)) }
    let fileList = files.joined(separator: ", ")
    guard !chosen.isEmpty else {
      let found = Set(rows.map(\.offenceCode)).sorted().prefix(20)
      throw HomeOfficeOutcomesError(
        path: "offence_codes",
        message:
          "none of the offence codes \(request.offenceCodes.joined(separator: ", ")) is in \(fileList). Codes found include: \(found.joined(separator: ", "))."
      )
    }
    let forceRows = rows.filter { !$0.isTotalRow }
    var names: [String: String] = [:]  // key -> name as first written
    for r in forceRows where names[Self.forceKey(r.force)] == nil {
      names[Self.forceKey(r.force)] = r.force
    }
    func resolve(_ configured: String, _ key: String) throws(HomeOfficeOutcomesError) -> String {
      guard let name = names[Self.forceKey(configured)] else {
        let suggestion = Self.closestForce(to: configured, in: Array(names.values)).map {
          " Did you mean '\($0)'?"
        }
        throw HomeOfficeOutcomesError(
          path: key,
          message:
            "the force '\(configured)' is not in \(fileList).\(suggestion ?? "") The forces found are: \(names.values.sorted().joined(separator: ", "))."
        )
      }
      return name
    }
    let force = try resolve(request.force, "force")
    var comparators: [String] = []
    for c in request.comparators { comparators.append(try resolve(c, "comparators")) }
    // Every force left out must be one of the file's: a name that matches none would be said to
    // be left out while it is still summed.
    var excludedNames: [String] = []
    for e in request.nationalExcludes { excludedNames.append(try resolve(e, "national_excludes")) }
    let excluded = Set(excludedNames.map(Self.forceKey))
    let national = names.filter { !excluded.contains($0.key) }.map(\.value).sorted()
    let totalRows = rows.filter(\.isTotalRow).count

    let years = Set(chosen.map { $0.yearStart }).sorted()
    let yearLabel = Dictionary(
      chosen.map { ($0.yearStart, $0.financialYear) }, uniquingKeysWith: { a, _ in a })
    func rates(_ area: String, _ kind: HomeOfficeChargeRate.AreaKind, _ forces: Set<String>)
      -> [HomeOfficeChargeRate]
    {
      let keys = Set(forces.map(Self.forceKey))
      let mine = chosen.filter { !$0.isTotalRow && keys.contains(Self.forceKey($0.force)) }
      return years.map { year in
        let inYear = mine.filter { $0.yearStart == year }
        var rate = HomeOfficeChargeRate(
          area: area, kind: kind, financialYear: yearLabel[year] ?? "\(year)",
          quarters: Set(inYear.filter { $0.recorded != nil || $0.closed != nil }.map(\.quarter))
            .count, chargedRecorded: 0, outcomesRecorded: 0, chargedClosed: 0, outcomesClosed: 0)
        for r in inYear {
          let charged = r.outcomeNumber == 1
          if let v = r.recorded {
            rate.outcomesRecorded += v
            if charged { rate.chargedRecorded += v }
          }
          if let v = r.closed {
            rate.outcomesClosed += v
            if charged { rate.chargedClosed += v }
          }
        }
        return rate
      }
    }
    var all = rates(force, .force, [force])
    if !comparators.isEmpty {
      if request.showEachComparator {
        for c in comparators { all += rates(c, .comparator, [c]) }
      }
      all += rates(request.comparatorGroupName, .comparatorGroup, Set(comparators))
    }
    all += rates("England and Wales", .englandAndWales, Set(national))

    // The table.
    let n = firstNoteNumber
    let descriptions = Set(chosen.map(\.offenceDescription).filter { !$0.isEmpty }).sorted()
    let codeText =
      request.offenceCodes.joined(separator: ", ")
      + (descriptions.isEmpty ? "" : " (\(descriptions.joined(separator: "; ")))")
    func rateCell(_ r: Double?, _ charged: Int, _ all: Int) -> Cell {
      if let r { return .number(r) }
      // No denominator: not applicable; corrections netting negative: not available.
      return all > 0 || charged != 0 ? .shorthand(.notAvailable) : .shorthand(.notApplicable)
    }
    let table = StatTable(
      id: HomeOfficeChargeRates.tableID,
      title:
        "Charge/summons rate, offence code\(request.offenceCodes.count == 1 ? "" : "s") \(codeText)",
      subtitle:
        "\(force), \(comparators.isEmpty ? "" : "\(request.comparatorGroupName.lowercased()), ")England and Wales; by financial year; outcomes and rates on two bases",
      noteNumbers: [n, n + 1, n + 2], source: HomeOfficeChargeRates.source,
      columns: [
        .init("Area", .label), .init("Financial year", .label), .init("Quarters with data", .count),
        .init("Charged/summonsed (offences recorded)", .count),
        .init("All outcomes (offences recorded)", .count),
        .init("Charge rate (offences recorded)", .percent),
        .init("Charged/summonsed (investigations closed)", .count),
        .init("All outcomes (investigations closed)", .count),
        .init("Charge rate (investigations closed)", .percent),
      ],
      rows: all.map { r in
        [
          .text(r.area), .text(r.financialYear), .integer(r.quarters), .integer(r.chargedRecorded),
          .integer(r.outcomesRecorded),
          rateCell(r.rateRecorded, r.chargedRecorded, r.outcomesRecorded),
          .integer(r.chargedClosed), .integer(r.outcomesClosed),
          rateCell(r.rateClosed, r.chargedClosed, r.outcomesClosed),
        ]
      })

    var warnings = ""
    var missing: [String: Int] = [:]
    for r in chosen where r.notProvidedCells > 0 {
      missing["\(r.force) \(r.financialYear)", default: 0] += r.notProvidedCells
    }
    if !missing.isEmpty {
      let list = missing.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
      warnings =
        " Cells marked as data not provided (missing, not zero, so those forces' figures for those years are incomplete): "
        + list.joined(separator: "; ") + "."
    }
    let totalText =
      totalRows == 0
      ? "The file has no England and Wales total row, so England and Wales is the sum of the \(national.count) forces in it."
      : "The file has \(totalRows) rows named as an England and Wales total; they were set aside and England and Wales is the sum of the \(national.count) forces in it, so nothing is counted twice."
    let excludedText =
      excludedNames.isEmpty
      ? " Every force in the file is included (British Transport Police too, if present)."
      : " Left out of England and Wales: \(excludedNames.joined(separator: ", "))."
    let negative = all.filter(\.correctionsNetNegative)
    if !negative.isEmpty {
      warnings +=
        " Corrections net negative (more negative counts than outcomes, so no rate is given, [x]): "
        + negative.map {
          "\($0.area) \($0.financialYear) (charged \($0.chargedRecorded) of \($0.outcomesRecorded) offences recorded; \($0.chargedClosed) of \($0.outcomesClosed) investigations closed)"
        }.joined(separator: "; ") + "."
    }
    let partial = all.filter { $0.kind == .force && $0.isPartial }
    if !partial.isEmpty {
      warnings +=
        " Partial years for \(force) (fewer than 4 quarters with data): "
        + partial.map {
          "\($0.financialYear) (\($0.quarters) quarter\($0.quarters == 1 ? "" : "s"))"
        }
        .joined(separator: ", ") + "."
    }
    let notes = [
      Note(
        number: n,
        text:
          "Source: Home Office, police recorded crime and outcomes open data tables (\(fileList)). Contains public sector information licensed under the Open Government Licence v3.0."
      ),
      Note(
        number: n + 1,
        text:
          "Charge/summons rate: outcomes of type 1 or 1A (charged or summonsed) divided by all outcomes. 'Offences recorded' basis (cohort-like): the outcomes, at the time of the Home Office extract, of the offences recorded in the year; the denominator includes offences not yet assigned an outcome (type 0), so recent years look lower while investigations are open. 'Investigations closed' basis: outcomes assigned in the year, whenever the offence was recorded; the denominator is every outcome assigned (type 0 has no closed count). Negative counts are corrections and are summed; cells marked not applicable (NA, N/A, 'N/A - offence code expired', blank) count nothing. A year with fewer than 4 quarters with data is incomplete.\(warnings)"
      ),
      Note(
        number: n + 2,
        text:
          totalText + excludedText
          + (comparators.isEmpty
            ? ""
            : " \(request.comparatorGroupName): \(comparators.joined(separator: ", ")), summed together.")
      ),
    ]
    return HomeOfficeChargeRates(
      rates: all, table: table, notes: notes, nationalForces: national, totalRowsSetAside: totalRows
    )
  }
}
