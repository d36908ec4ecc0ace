import Foundation

/// What a public paper does to everything it publishes beyond the count tables: labels the
/// configuration does not map are never printed, and no statistic is published at more
/// precision than the paper shows.
extension IngestedData {
  /// The name of the one row that stands for every unmapped label of a kind in a public paper.
  static func notMappedLabel(_ count: Int) -> String {
    "Not mapped (\(count) label\(count == 1 ? "" : "s"))"
  }

  /// The same data with every label the configuration does not map, of each kind (outcome,
  /// channel, activity measure), merged into one row "Not mapped (N labels)", so that no byte of
  /// an export's free text reaches a public paper. The findings that name unmapped labels are
  /// replaced by one finding per kind that counts them. Restricted papers and `validate` list
  /// the labels themselves.
  func mergingUnmappedLabels(sources: [SourceConfig]) -> IngestedData {
    var out = self
    func merged<M>(_ labels: [ResolvedLabel<M>]) -> (labels: [ResolvedLabel<M>], map: [Int])? {
      let unmapped = labels.indices.filter { labels[$0].isUnmapped }
      guard !unmapped.isEmpty else { return nil }
      var result: [ResolvedLabel<M>] = []
      var map = [Int](repeating: 0, count: labels.count)
      for (i, l) in labels.enumerated() where !l.isUnmapped {
        map[i] = result.count
        result.append(l)
      }
      for i in unmapped { map[i] = result.count }
      result.append(ResolvedLabel(label: Self.notMappedLabel(unmapped.count), meaning: nil))
      return (result, map)
    }
    var summaries: [QualityFinding] = []
    func summary(_ kind: SourceConfig.Kind, _ what: String, labels: Int, rows: Int) {
      let name = sources.first { $0.kind == kind }?.name ?? kind.rawValue
      summaries.append(
        QualityFinding(
          source: name,
          text:
            "\(labels) \(what) label\(labels == 1 ? " is" : "s are") not in the configuration; \(labels == 1 ? "its" : "their") rows are counted as \"\(Self.notMappedLabel(labels))\" (the labels are listed in the restricted paper and by validate)",
          count: rows))
    }
    if let m = merged(outcomeLabels) {
      let rows = crimes.filter { outcomeLabels[$0.outcome].isUnmapped }.count
      summary(.crimes, "outcome", labels: outcomeLabels.count - m.labels.count + 1, rows: rows)
      out.outcomeLabels = m.labels
      for i in out.crimes.indices { out.crimes[i].outcome = m.map[out.crimes[i].outcome] }
    }
    if let m = merged(channelLabels) {
      let rows = reports.filter { channelLabels[$0.channel].isUnmapped }.count
      summary(.reports, "channel", labels: channelLabels.count - m.labels.count + 1, rows: rows)
      out.channelLabels = m.labels
      for i in out.reports.indices { out.reports[i].channel = m.map[out.reports[i].channel] }
    }
    if let m = merged(measureLabels) {
      var activity = [[YearMonth: Int]](repeating: [:], count: m.labels.count)
      var events = 0
      for (i, counts) in self.activity.enumerated() where i < m.map.count {
        for (month, n) in counts {
          activity[m.map[i]][month, default: 0] += n
          if measureLabels[i].isUnmapped { events += n }
        }
      }
      summary(
        .activity, "activity", labels: measureLabels.count - m.labels.count + 1, rows: events)
      out.measureLabels = m.labels
      out.activity = activity
    }
    if !summaries.isEmpty {
      out.findings =
        findings.filter { !$0.text.contains("is not in the configuration") } + summaries
    }
    return out
  }
}

extension StatTable {
  /// The table with every statistic at the precision a public paper shows it: proportions to
  /// 0.1 percentage points, decimals (means, limits, ratios, chi-square statistics, days) to one
  /// place, and p-values as bands ("<0.001", "<0.05", "≥0.05"). The JSON and the workbook then
  /// carry no digit the Markdown paper does not.
  func atPublicPrecision() -> StatTable {
    var table = self
    table.rows = rows.map { row in
      row.enumerated().map { c, cell in
        guard c < columns.count, case .number(let x) = cell else { return cell }
        switch columns[c].kind {
        case .percent: return .number(Wording.rounded(x, places: 3))
        case .decimal: return .number(Wording.rounded(x, places: 1))
        case .probability: return .text(Wording.pBand(x))
        case .label, .count, .text: return cell
        }
      }
    }
    return table
  }
}

extension BriefingBuilder {
  /// The attacker's audit of a public paper as built: what a reader could work out of its
  /// suppressed counts, one sentence per problem; empty when nothing can (and for a restricted
  /// paper). The outcome table is attacked with everything the paper says about it
  /// (`OutcomeTableAttack`): its whole-number tables are enumerated when there are at most
  /// `limit` of them, and a suppressed cell fails when it has one possible value or only values
  /// from 1 to threshold−1; beyond the limit the linear audit stands, the paper's nonlinear
  /// statistics being computed from published cells only. The channel table has no statistic
  /// on its suppressed cells and gets the linear audit. `report` refuses to write a public
  /// paper with a problem.
  public func disclosureProblems(in briefing: Briefing, limit: Int = 2_000_000) -> [String] {
    guard briefing.isPublic else { return [] }
    let threshold = config.suppressionThreshold
    var problems: [String] = []
    func describe(
      _ table: String, _ labels: [String], _ years: [String], _ p: DisclosureControl.Position,
      _ values: String
    ) -> String {
      let name: String =
        switch p {
        case .interior(let r, let c): "'\(labels[r])', \(years[c])"
        case .columnTotal(let c): "the total of \(years[c])"
        default: "\(p)"
        }
      return
        "\(table): the suppressed count for \(name) can be worked out from what the paper publishes (\(values))."
    }
    if briefing.table("Outcomes_by_label") != nil {
      do {
        let attack = try OutcomeTableAttack(
          briefing: briefing, meanings: data.outcomeLabels.map(\.meaning))
        let report = attack.run(onPublishedCells: !testsOnUnsuppressedCounts, limit: limit)
        if report.isComplete {
          if report.tables == 0 {
            problems.append(
              "Outcomes_by_label: no table of whole numbers fits everything the paper publishes about it; its figures contradict each other."
            )
          }
          for p in report.disclosed(threshold: threshold) where report.tables > 0 {
            let v = report.values[p] ?? []
            problems.append(
              describe(
                "Outcomes_by_label", attack.labels, attack.years, p,
                v.count == 1
                  ? "it can only be \(v[0])"
                  : "it can only be \(v.map(String.init).joined(separator: ", "))"))
          }
        } else {
          let audit = DisclosureAudit.audit(attack.publication)
          for p in audit.disclosed {
            problems.append(
              describe(
                "Outcomes_by_label", attack.labels, attack.years, p,
                "linear audit: \(audit.range(of: p)?.description ?? "")"))
          }
        }
      } catch {
        problems.append("Outcomes_by_label cannot be audited: \(error)")
      }
    }
    if let t = briefing.table("Channels_by_year") {
      let body = t.rows.dropLast()
      let years = t.columns.dropFirst().map(\.name)
      var shown: [DisclosureControl.Position: Int] = [:]
      var suppressed = Set<DisclosureControl.Position>()
      for (r, row) in body.enumerated() {
        for c in years.indices {
          if case .integer(let v) = row[c + 1] {
            shown[.interior(row: r, column: c)] = v
          } else {
            suppressed.insert(.interior(row: r, column: c))
          }
        }
      }
      for (c, cell) in (t.rows.last ?? []).dropFirst().enumerated() {
        if case .integer(let v) = cell {
          shown[.columnTotal(column: c)] = v
        } else {
          suppressed.insert(.columnTotal(column: c))
        }
      }
      let labels = body.map { if case .text(let s) = $0[0] { s } else { "" } }
      let audit = DisclosureAudit.audit(
        .init(
          rowCount: body.count, columnCount: years.count, margins: .columnTotals, shown: shown,
          suppressed: suppressed, relations: []))
      for p in audit.disclosed {
        problems.append(
          describe(
            "Channels_by_year", labels, years, p,
            "linear audit: \(audit.range(of: p)?.description ?? "")"))
      }
    }
    return problems
  }
}
