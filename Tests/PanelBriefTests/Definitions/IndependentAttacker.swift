import Foundation

@testable import PanelBrief

/// An attacker on a public paper written apart from `DisclosureAudit`, the linear programme that
/// the suppression itself relies on, and by another method: interval propagation over whole
/// numbers. Every hidden count starts as "0 or more"; each published fact (a shown total, a sum
/// of cells, a rate rounded to the precision shown) narrows the range of each hidden cell it
/// involves, given the ranges of the others, rounded inwards to whole numbers; this repeats until
/// nothing moves. Whatever this finds is truly disclosed (propagation only ever uses published
/// facts), so a paper it can break is not safe, whatever the module's own audit says.
struct IndependentAttacker {
  struct Fact {
    var label: String
    var terms: [String: Double]
    var lower: Double
    var upper: Double
  }

  var shown: [String: Int] = [:]
  var hidden: Set<String> = []
  var facts: [Fact] = []

  /// A published cell: its value, or `nil` for `[c]`.
  mutating func cell(_ name: String, _ value: Int?) {
    if let value { shown[name] = value } else { hidden.insert(name) }
  }

  /// Reads a published cell of a table.
  mutating func cell(_ name: String, _ c: Cell) {
    switch c {
    case .integer(let v): shown[name] = v
    case .shorthand(.confidential): hidden.insert(name)
    default: break
    }
  }

  /// The published fact `Σ cells = value`.
  mutating func sum(_ label: String, _ cells: [String], equals value: Int) {
    var t: [String: Double] = [:]
    for c in cells { t[c, default: 0] += 1 }
    facts.append(Fact(label: label, terms: t, lower: Double(value), upper: Double(value)))
  }

  /// The published fact that `Σ numerator / Σ denominator` is `fraction` to within `half`
  /// (0.0005 for a percentage shown to one decimal place).
  mutating func rate(
    _ label: String, numerator: [String], denominator: [String], shown fraction: Double,
    half: Double = 0.0005
  ) {
    func terms(_ k: Double) -> [String: Double] {
      var t: [String: Double] = [:]
      for c in numerator { t[c, default: 0] += 1 }
      for c in denominator { t[c, default: 0] -= k }
      return t
    }
    facts.append(
      Fact(label: label + " (upper)", terms: terms(fraction + half), lower: -.infinity, upper: 0))
    facts.append(
      Fact(
        label: label + " (lower)", terms: terms(max(0, fraction - half)), lower: 0,
        upper: .infinity))
  }

  struct Outcome {
    var lower: [String: Double]
    var upper: [String: Double]
    var consistent: Bool
    /// Hidden cells pinned to a single value.
    var disclosed: [String] {
      lower.keys.filter { lower[$0] == upper[$0] }.sorted()
    }
  }

  func attack() -> Outcome {
    var lo = Dictionary(uniqueKeysWithValues: hidden.map { ($0, 0.0) })
    var hi = Dictionary(uniqueKeysWithValues: hidden.map { ($0, Double.infinity) })
    // Facts with the shown cells moved to the bounds.
    let reduced: [(terms: [(String, Double)], lower: Double, upper: Double)] = facts.map { f in
      var constant = 0.0
      var terms: [(String, Double)] = []
      for (name, a) in f.terms where a != 0 {
        if let v = shown[name] {
          constant += a * Double(v)
        } else if hidden.contains(name) {
          terms.append((name, a))
        }
      }
      return (terms.sorted { $0.0 < $1.0 }, f.lower - constant, f.upper - constant)
    }
    var consistent = true
    for _ in 0..<10_000 {
      var changed = false
      for f in reduced {
        if f.terms.isEmpty {
          if f.lower > 1e-9 || f.upper < -1e-9 { consistent = false }
          continue
        }
        // The least and greatest each term can contribute.
        let mins = f.terms.map { n, a in
          a > 0 ? a * lo[n]! : (hi[n]!.isInfinite ? -.infinity : a * hi[n]!)
        }
        let maxs = f.terms.map { n, a in
          a > 0 ? (hi[n]!.isInfinite ? .infinity : a * hi[n]!) : a * lo[n]!
        }
        for (j, (name, a)) in f.terms.enumerated() {
          var restMin = 0.0
          var restMax = 0.0
          for k in f.terms.indices where k != j {
            restMin += mins[k]
            restMax += maxs[k]
          }
          // a·x lies in [lower − restMax, upper − restMin].
          let from = f.lower - restMax
          let to = f.upper - restMin
          var newLo: Double
          var newHi: Double
          if a > 0 {
            newLo = from / a
            newHi = to / a
          } else {
            newLo = to / a
            newHi = from / a
          }
          if newLo.isFinite { newLo = (newLo - 1e-7).rounded(.up) }
          if newHi.isFinite { newHi = (newHi + 1e-7).rounded(.down) }
          if newLo > lo[name]! {
            lo[name] = newLo
            changed = true
          }
          if newHi < hi[name]! {
            hi[name] = newHi
            changed = true
          }
          if lo[name]! > hi[name]! { consistent = false }
        }
      }
      if !changed || !consistent { break }
    }
    return Outcome(lower: lo, upper: hi, consistent: consistent)
  }
}

extension IndependentAttacker {
  /// What a reader of a public briefing learns about the outcome label table: its cells and year
  /// totals, the type and group tables (sums of labels, matched by the type column and the
  /// status names), the charge-rate table (charged, cancelled, denominator, the rate and the
  /// share with no outcome, rounded as shown) and the unclassified share of the comparison table.
  /// Cells are named "row,column" after the label table.
  static func outcomeTables(of b: Briefing) throws -> IndependentAttacker {
    var a = IndependentAttacker()
    guard let outcomes = b.table("Outcomes_by_label") else {
      throw Missing.table("Outcomes_by_label")
    }
    let body = Array(outcomes.rows.dropLast())
    let years = outcomes.columns.count - 2
    func name(_ r: Int, _ c: Int) -> String { "\(r),\(c)" }
    for (r, row) in body.enumerated() {
      for c in 0..<years { a.cell(name(r, c), row[c + 2]) }
    }
    let all = Array(body.indices)
    for (c, cell) in outcomes.rows.last!.dropFirst(2).enumerated() {
      if case .integer(let v) = cell { a.sum("total \(c)", all.map { name($0, c) }, equals: v) }
    }
    let labels = body.map { row -> String in if case .text(let s) = row[0] { s } else { "" } }
    let types = body.map { row -> OutcomeType? in
      if case .text(let s) = row[1] { OutcomeType(code: s) } else { nil }
    }
    // Charges are type 1 and 1A, read from the type column as a reader would.
    let charged = all.filter { types[$0]?.number == 1 }
    let cancelled = all.filter { labels[$0].lowercased().hasPrefix("cancelled") }
    let unresolved = all.filter { labels[$0].lowercased().contains("unresolved") }
    let noOutcome = all.filter { unresolved.contains($0) || types[$0]?.number == 0 }
    let unknown = all.filter { labels[$0] == "Unknown" }
    let unmapped = all.filter { labels[$0].hasPrefix("Unmapped: ") }
    let unclassified = all.filter { types[$0] == nil && !cancelled.contains($0) }
    func column(_ rows: [Int], _ c: Int) -> [String] { rows.map { name($0, c) } }
    // Rows that are not Home Office types, known by their names as a reader would know them.
    func statusMembers(_ name: String) -> [Int] {
      let n = name.lowercased()
      if n.contains("cancelled") { return cancelled }
      if n.contains("unknown") { return unknown }
      if n.contains("unmapped") { return unmapped }
      if n.contains("unresolved") || n == OutcomeGroup.notYetAssigned.rawValue.lowercased() {
        return unresolved
      }
      return []
    }
    if let typeTable = b.table("Outcomes_by_type") {
      for row in typeTable.rows.dropLast() {
        guard case .text(let description) = row[1] else { continue }
        let members: [Int]
        if case .text(let code) = row[0], let t = OutcomeType(code: code) {
          members = all.filter { types[$0] == t }
        } else {
          members = statusMembers(description)
        }
        for c in 0..<years {
          if case .integer(let v) = row[c + 2] {
            a.sum("type \(description) \(c)", column(members, c), equals: v)
          }
        }
      }
    }
    if let groups = b.table("Outcomes_by_group") {
      for row in groups.rows.dropLast() {
        guard case .text(let g) = row[0] else { continue }
        let members = all.filter { types[$0]?.group.rawValue == g } + statusMembers(g)
        for c in 0..<years {
          if case .integer(let v) = row[c + 1] {
            a.sum("group \(g) \(c)", column(members, c), equals: v)
          }
        }
      }
    }
    if let rate = b.table("Charge_rate") {
      func col(_ n: String) -> Int? { rate.columnIndex(n) }
      let ofForce = all.filter { !cancelled.contains($0) }
      for (c, row) in rate.rows.enumerated() {
        if let i = col("Charged or summonsed"), case .integer(let v) = row[i] {
          a.sum("charged \(c)", column(charged, c), equals: v)
        }
        if let i = col("Cancelled or transferred"), case .integer(let v) = row[i] {
          a.sum("cancelled \(c)", column(cancelled, c), equals: v)
        }
        if let i = col("Crimes recorded"), case .integer(let v) = row[i] {
          a.sum("recorded \(c)", column(all, c), equals: v)
        }
        if let i = col("Crimes of the force (denominator)"), case .integer(let v) = row[i] {
          a.sum("denominator \(c)", column(ofForce, c), equals: v)
        }
        if let i = col("Charge/summons rate"), case .number(let r) = row[i] {
          a.rate(
            "rate \(c)", numerator: column(charged, c), denominator: column(ofForce, c), shown: r)
        }
        if let i = col("Share unresolved at extraction")
          ?? col("Share with no outcome at extraction"),
          case .number(let s) = row[i]
        {
          a.rate(
            "no outcome \(c)", numerator: column(noOutcome, c), denominator: column(ofForce, c),
            shown: s)
        }
      }
    }
    if let change = b.table("Change_in_rates"),
      let shareRow = change.rows.first(where: {
        if case .text(let s) = $0[0] { s.hasPrefix("Share") } else { false }
      })
    {
      for (k, c) in [(1, 0), (2, years - 1)] {
        if case .number(let s) = shareRow[k] {
          a.rate(
            "unclassified share \(c)", numerator: column(unclassified, c),
            denominator: column(all, c), shown: s)
        }
      }
    }
    return a
  }

  /// What a reader learns from a count table whose last row is its Grand Total, with
  /// `firstCount` columns before the counts.
  static func countTable(_ t: StatTable, firstCount: Int) -> IndependentAttacker {
    var a = IndependentAttacker()
    let body = Array(t.rows.dropLast())
    let columns = t.columns.count - firstCount
    for (r, row) in body.enumerated() {
      for c in 0..<columns { a.cell("\(r),\(c)", row[c + firstCount]) }
    }
    for (c, cell) in t.rows.last!.dropFirst(firstCount).enumerated() {
      if case .integer(let v) = cell {
        a.sum("total \(c)", body.indices.map { "\($0),\(c)" }, equals: v)
      }
    }
    return a
  }

  enum Missing: Error { case table(String) }
}
