import Foundation

extension BriefingBuilder {
  func dataQualityPart(notes: inout Notes) -> Part {
    var part = Part()
    let t = data.totals
    let table = StatTable(
      id: "Reconciliation",
      title: "Rows read, accepted and rejected, by input file",
      subtitle:
        "Every data row read is accepted, superseded by a later copy of the same record, or rejected",
      source: "PanelBrief ingest of the files listed",
      columns: [
        .init("Source", .label), .init("File", .text), .init("Format", .text),
        .init("Rows read", .count), .init("Accepted", .count), .init("Superseded", .count),
        .init("Rejected", .count), .init("Rejection reasons", .text), .init("SHA-256", .text),
      ],
      rows: data.reconciliation.map { r in
        [
          .text(r.source), .text(r.path), .text(r.format), .integer(r.rowsRead),
          .integer(r.accepted),
          .integer(r.superseded), .integer(r.rejected),
          r.rejectedByReason.isEmpty
            ? .shorthand(.notApplicable)
            : .text(r.rejectedByReason.map { "\($0.reason): \($0.count)" }.joined(separator: "; ")),
          .text(r.sha256),
        ]
      })
    part.tables.append(table)
    var paragraphs = [
      "\(Wording.count(t.read)) data rows were read from \(data.reconciliation.count) files: \(Wording.count(t.accepted)) accepted, \(Wording.count(t.superseded)) superseded by a later copy of the same record, and \(Wording.count(t.rejected)) rejected. Rejected rows are listed by reason in the reconciliation table\(isPublic ? " (its counts are of rows of the export files, not of crimes or people, so small ones are shown)" : " and row by row in the workbook's Rejected_rows sheet")."
    ]
    var reasons: [String: Int] = [:]
    var order: [String] = []
    for r in data.reconciliation {
      for reason in r.rejectedByReason {
        if reasons[reason.reason] == nil { order.append(reason.reason) }
        reasons[reason.reason, default: 0] += reason.count
      }
    }
    if !order.isEmpty {
      paragraphs.append(
        "Rows rejected, by reason: "
          + order.map { "\($0) (\(reasons[$0]!))" }.joined(
            separator: "; ") + ".")
    }
    let unmapped = data.findings.filter { $0.text.contains("is not in the configuration") }
    if unmapped.isEmpty {
      paragraphs.append(
        "Every outcome, channel and activity label in the exports is mapped by the configuration.")
    }
    for finding in data.findings {
      paragraphs.append("\(finding.source): \(finding.text) (\(finding.count) rows).")
    }
    let partial = config.years.filter(isPartialYear)
    if !partial.isEmpty {
      paragraphs.append(
        "\(Wording.list(partial.map(config.periodBasis.label))) \(partial.count == 1 ? "is" : "are") only partly covered: the year ends after the extraction date. Partial years are marked and are not compared with complete years."
      )
    }
    part.keyPoints.append(
      (
        6,
        KeyPoint(
          text:
            "Every row of the exports is accounted for: \(Wording.count(t.read)) read, \(Wording.count(t.accepted)) used, \(Wording.count(t.superseded)) duplicates superseded and \(Wording.count(t.rejected)) rejected with a stated reason.",
          figure: Wording.count(t.rejected) + " rejected")
      ))
    part.sections.append(
      Section(
        id: "data_quality", heading: "Data quality", paragraphs: paragraphs, tableIDs: [table.id],
        chartIDs: []))
    return part
  }

  func purposeParagraphs(covers: [String]) -> [String] {
    [
      "This paper reports \(config.organisation)'s \(config.subject) figures for \(config.periodDescription)"
        + (covers.isEmpty ? "" : ": " + Wording.list(covers))
        + ". Figures are as recorded on \(extraction).",
      isPublic
        ? (hasForceExports
          ? "It is a public paper: counts small enough to risk identifying a victim are suppressed ([c])"
            + (data.policeUK != nil || data.homeOffice != nil
              ? "; tables of published open data are shown as published." : ".")
          : "It is a public paper made from published open data only; its tables are shown as published.")
        : "It is a restricted paper (\(config.marking)): it shows every count, including small ones, and must not be published as it stands.",
    ]
  }

  /// `true` when the paper counts a force's own exports (crimes, reports or activity), not only
  /// published open data.
  var hasForceExports: Bool {
    config.sources.contains { $0.kind == .crimes || $0.kind == .reports || $0.kind == .activity }
  }

  /// The glossary entries the paper uses: a term is defined only when the paper's text, tables or
  /// notes use it (a police.uk paper does not define NRM or S45), so the glossary follows what
  /// the paper contains.
  func glossary(for briefing: Briefing) -> [GlossaryEntry] {
    var words: [String] = [briefing.title, briefing.subtitle]
    words += briefing.purpose + briefing.method + briefing.panelAsks
    words += briefing.keyPoints.map(\.text) + briefing.notes.map(\.text)
    for section in briefing.sections { words += [section.heading] + section.paragraphs }
    for chart in briefing.charts { words.append(chart.title) }
    for table in briefing.tables {
      words += [table.title, table.subtitle] + table.columns.map(\.name)
      for row in table.rows {
        for cell in row {
          switch cell {
          case .text(let t): words.append(t)
          case .shorthand(let s): words.append(s.rawValue)
          default: break
          }
        }
      }
    }
    let text = words.joined(separator: "\n")
    let lower = text.lowercased()
    func uses(_ term: String) -> Bool {
      switch term {
      case "Charge/summons rate":
        lower.contains("charge/summons rate") || lower.contains("charge rate")
      case "Outcome type": lower.contains("outcome type")
      case "NRM", "PVOT", "S45", "[c]", "[x]", "[z]": text.contains(term)
      case "Statistical process control (XmR chart)": text.contains("XmR")
      case "p-value": text.contains("p = ") || text.contains("p < ") || text.contains("p-value")
      case "95% interval": text.contains("95%")
      default: true
      }
    }
    return glossary().filter { uses($0.term) }
  }

  func glossary() -> [GlossaryEntry] {
    var entries = [
      GlossaryEntry(
        term: "Charge/summons rate",
        meaning:
          "The share of crimes of the force with Home Office outcome type 1 (charged or summonsed). Cohort basis: crimes recorded in a period, with their outcome at extraction. Closed basis: outcomes assigned in a period."
      ),
      GlossaryEntry(
        term: "Outcome type",
        meaning:
          "The Home Office's classification of how a crime was resolved, numbered 1 to 22 (for example 1 charged/summonsed, 14 to 16 evidential difficulties, 18 investigation complete with no suspect identified, 20 action by another body)."
      ),
      GlossaryEntry(
        term: "NRM",
        meaning:
          "National Referral Mechanism: the UK framework for identifying and supporting potential victims of modern slavery. Adults are referred only with consent; children need none."
      ),
      GlossaryEntry(
        term: "PVOT",
        meaning:
          "Potential victim of trafficking. 'Engaged with' and 'liberated' count the team's safeguarding work."
      ),
      GlossaryEntry(
        term: "S45",
        meaning:
          "Section 45 of the Modern Slavery Act 2015: a statutory defence for victims compelled to commit offences. The team counts requests for help with it."
      ),
      GlossaryEntry(
        term: "Statistical process control (XmR chart)",
        meaning:
          "A chart of a monthly count with its mean and process limits. Points inside the limits with no runs or trends are common-cause variation; a special cause is a signal worth explaining."
      ),
      GlossaryEntry(
        term: "p-value",
        meaning:
          "How often chance alone would give a difference at least this large. Below 0.05, the paper says a figure rose or fell."
      ),
      GlossaryEntry(
        term: "95% interval",
        meaning:
          "The range of values consistent with the data; a wide interval means the figure is uncertain."
      ),
    ]
    if isPublic {
      entries.append(
        GlossaryEntry(term: "[c]", meaning: "Confidential: suppressed to protect victims."))
    }
    entries += [
      GlossaryEntry(term: "[x]", meaning: "Not available."),
      GlossaryEntry(term: "[z]", meaning: "Not applicable."),
    ]
    return entries
  }

  /// The method, paragraph by paragraph, for what the paper contains: a paper of police.uk open
  /// data says how police.uk files are counted, not how a force's exports are.
  func methodParagraphs() -> [String] {
    let kinds = Set(config.sources.map(\.kind))
    let period =
      "Period: \(config.periodDescription) (\(config.periodBasis.monthSpan))."
    var out: [String] = []
    if hasForceExports {
      out.append(
        period
          + " Records were extracted from the force's systems on \(extraction); crimes are counted once, by reference."
      )
    } else {
      out.append(
        period + " The open data are as published on or before \(extraction), the extraction date.")
    }
    if kinds.contains(.crimes) { out += forceExportMethod.prefix(2) }
    if kinds.contains(.crimes) || kinds.contains(.reports) { out.append(forceExportMethod[2]) }
    if kinds.contains(.activity) { out.append(forceExportMethod[3]) }
    if kinds.contains(.policeUK) {
      out.append(
        "police.uk street and outcomes files: each crime is counted once, by Crime ID, with its latest outcome; anti-social behaviour is counted apart. Street rows of months outside the period, and rows of months that begin after the extraction date, are rejected and counted in the reconciliation."
      )
    }
    if kinds.contains(.homeOfficeOutcomes) {
      out.append(
        "Home Office outcomes open data: the table's counts are summed by financial year for the offence codes chosen; rows of financial years outside the period, and of quarters that begin after the extraction date, are rejected and counted in the reconciliation."
      )
    }
    out.append(
      "Percentages and other figures are rounded half away from zero on their decimal digits (6.25% is shown as 6.3%), the rule Excel applies to the workbook's number formats, so the paper and the workbook show the same figures."
    )
    if isPublic && hasForceExports {
      out.append(
        "This is a public briefing: counts of crimes, reports and activity from 1 to \(config.suppressionThreshold - 1) are shown as [c], with further cells suppressed so that none can be worked out from totals or rates; an automated audit (linear programming over everything published and, for the outcome table, every table of whole numbers that fits it, tests included) checks that no suppressed count can be recovered. Every other figure is computed from published counts or published coarsely: rates and shares to one decimal place, statistics to one decimal place, p-values as bands (below 0.001, below 0.05, 0.05 or more); the tests of the outcome mix use the published counts, categories with a [c] merged into one; medians and quartiles of fewer than \(config.suppressionThreshold) crimes are [c]. Labels the configuration does not map are counted under 'Not mapped', never printed. The reconciliation table counts rows of the export files, not crimes or people, and is shown in full."
      )
    } else if isPublic {
      out.append(
        "This is a public briefing made from published open data only: its tables are shown as published, without suppression."
      )
    } else {
      out.append(
        "This is a restricted briefing (\(config.marking)): small counts are not suppressed. It must not be published as it stands."
      )
    }
    return out
  }

  /// The method paragraphs of a force's exports: outcomes, the charge/summons rate, the tests of
  /// change, the XmR charts.
  private var forceExportMethod: [String] {
    [
      "Outcomes follow the Home Office crime outcomes framework. Each force label is mapped to an outcome type in the briefing's configuration (\((config.path as NSString).lastPathComponent)); cancelled or transferred crimes, unknown and unresolved statuses are kept apart from outcome types.",
      "The charge/summons rate is given on the cohort basis (crimes recorded in the period, with the outcome each has at extraction; the denominator includes crimes not yet assigned an outcome and excludes cancelled or transferred crimes) and on the closed basis (outcomes assigned in the period). Intervals are Wilson score intervals at 95%.",
      "Changes between the first and last complete years are tested: counts by the exact conditional test of two Poisson counts (a binomial test of one year's count out of the two years' total), rates and shares by Fisher's exact test with Newcombe's interval of the difference, and the mix of outcomes by the chi-square test of homogeneity, grouping sparse categories into Home Office outcome groups. Words such as 'rose' and 'fell' are used only where p < 0.05.",
      "Monthly series are shown on XmR charts (NHS 'Making Data Count'): process limits at the mean ± 2.66 mean moving ranges, special causes by the four rules in the notes (runs and trends of \(config.spcRunLength)).",
    ]
  }
}
