extension DraftConfig {
  /// A YAML scalar in double quotes: `"` and `\` escaped, control characters as escapes.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _
      where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
        out +=
          "\\x" + (scalar.value < 0x10 ? "0" : "")
          + String(scalar.value, radix: 16, uppercase: true)
      case "\u{2028}": out += "\\L"
      case "\u{2029}": out += "\\P"
      case "\u{FEFF}": out += "\\uFEFF"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// A comment that stays on one line.
  static func comment(_ text: String) -> String {
    "# " + text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }

  static func rows(_ n: Int) -> String { "\(n) row\(n == 1 ? "" : "s")" }

  /// The configuration as YAML text with comments; it parses with `BriefingConfig.parse` as it is,
  /// and every guess that needs a person's check is marked `TODO`.
  public var yaml: String {
    var lines: [String] = []
    func add(_ line: String, _ note: String? = nil) {
      if let note, !note.isEmpty {
        lines.append(line + "  " + Self.comment(note))
      } else {
        lines.append(line)
      }
    }
    let fileCount = sources.reduce(0) { $0 + $1.files.count }
    add(
      "# Draft PanelBrief configuration written by `panelbrief init` from \(fileCount) export file\(fileCount == 1 ? "" : "s")."
    )
    add("# Check every line marked TODO (guesses from wording included), then delete the TODO:")
    add("# panelbrief report refuses a configuration that still has one. Every key is described in")
    add("# README.md, \"Configuration reference\".")
    for s in skipped {
      add(Self.comment("Not used: \(s.path): \(s.reason)."))
    }
    add("title: \(Self.quoted("TODO: the paper's title"))")
    add("# subtitle: a line under the title")
    add("organisation: \(Self.quoted("TODO: who publishes the paper"))")
    add("# contact: a contact line for the cover sheet")
    add(
      "marking: OFFICIAL",
      "TODO check: the Government Security Classification, e.g. OFFICIAL-SENSITIVE")
    add("audience: public", "public suppresses counts below 5; restricted shows every count")
    add("period:")
    if basis == .financial {
      add("  basis: financial", "April to March, as the Home Office table counts")
    } else {
      add("  basis: calendar", "or financial (April to March)")
    }
    let yearsText =
      basis == .financial
      ? "[" + years.map { basis.label($0) }.joined(separator: ", ") + "]"
      : years.count == 1 ? "[\(years[0])]" : "\(years.first!)-\(years.last!)"
    add("  years: \(yearsText)", "TODO check: " + yearsNote)
    add("extraction_date: \(extractionDate.iso)", extractionNote)
    add("")
    add("sources:")
    for (i, source) in sources.enumerated() {
      if i > 0 { add("") }
      add("  - name: \(Self.quoted(source.name))")
      add("    kind: \(source.kind.rawValue)")
      if source.kind == .activity { add("    layout: \(source.layout.rawValue)") }
      add("    files:")
      for f in source.files {
        add(
          "      - \(Self.quoted(f.path))",
          "\(Self.rows(f.rows)); \(f.format)"
            + (f.malformed > 0 ? "; \(f.malformed) unreadable" : ""))
      }
      if !source.columns.isEmpty {
        add("    columns:")
        for c in source.columns { add("      \(c.key): \(Self.quoted(c.header))") }
      }
      if let format = source.dateFormat {
        add(
          "    date_format: \(Self.quoted(format))",
          source.dateFormatDoubt.map { "TODO check: " + $0 })
      }
      for d in source.doubts { add("    " + Self.comment("TODO check: " + d)) }
      switch source.kind {
      case .policeUK:
        add(
          "    "
            + Self.comment(
              "police.uk street and outcomes files have a fixed layout: no columns; they are told apart by their headers"
            ))
      case .homeOfficeOutcomes:
        guard let ho = source.homeOffice else { break }
        add(
          "    offence_codes: [" + ho.offenceCodes.map(Self.quoted).joined(separator: ", ") + "]",
          ho.offenceNote)
        add(
          "    force: \(Self.quoted(ho.force))",
          "TODO check: the force with the most rows in the table (\(Self.rows(ho.forces.first?.count ?? 0)))"
        )
        for line in Self.wrapped(
          "Forces in the table (rows): "
            + ho.forces.map { "\($0.label) (\($0.count))" }.joined(separator: ", ")
            + (ho.totalRows > 0
              ? "; and \(Self.rows(ho.totalRows)) of England and Wales totals, set aside" : ""))
        {
          add("    " + Self.comment(line))
        }
        let others = ho.forces.dropFirst().prefix(2).map { Self.quoted($0.label) }
        add(
          "    # comparators: [\(others.joined(separator: ", "))]  # optional: comparable forces, summed as one group"
        )
        add("    # comparator_group_name: \"Most similar forces\"")
        add("    # show_each_comparator: true  # false shows only the group")
        add(
          "    # national_excludes: [\"British Transport Police\"]  # optional: left out of the England and Wales sum"
        )
      case .crimes:
        add(
          "    outcomes:",
          "each label: its Home Office outcome type, or cancelled, unknown, unresolved; in the paper's order"
        )
        for o in source.outcomes {
          let value: String = {
            switch o.outcome {
            case .outcome(let t): t.code
            case .cancelledOrTransferred: "cancelled"
            case .unknown, nil: "unknown"
            case .unresolved: "unresolved"
            }
          }()
          let note: String =
            switch o.certainty {
            case .sure: Self.rows(o.count)
            case .guessedFromWording:
              "\(Self.rows(o.count)); TODO check, guessed from wording: \(o.reason)"
            case .todo: "\(Self.rows(o.count)); TODO check: \(o.reason)"
            }
          add("      \(Self.quoted(o.label)): \(value)", note)
        }
        add(
          "    "
            + Self.comment(
              "Add any label the paper should show even with no crimes yet, e.g. \"1: Summonsed\": 1"
            ))
      case .reports:
        add("    channels:", "most frequent first: TODO put them in the paper's order")
        for c in source.channels { add("      - \(Self.quoted(c.label))", Self.rows(c.count)) }
      case .activity:
        if let months = source.months {
          add(
            "    months: {from: \(months.lowerBound.iso), to: \(months.upperBound.iso)}",
            "TODO check: the months in the data")
        }
        add(
          "    measures:",
          "the published measure: [the export's labels]; TODO rename each to the name the paper publishes"
        )
        for m in source.measures {
          add("      \(Self.quoted(m.label)): [\(Self.quoted(m.label))]", Self.rows(m.count))
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` cut at spaces into lines of at most about 96 characters.
  static func wrapped(_ text: String, width: Int = 96) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  /// What the draft found and what needs a person's check, line by line, for the terminal.
  public var summary: [String] {
    var out: [String] = []
    for s in sources {
      let files = s.files.map(\.path).joined(separator: ", ")
      out.append("\(s.kind.rawValue) (\(s.name)): \(files)")
      if !s.columns.isEmpty {
        out.append(
          "  columns: " + s.columns.map { "\($0.key) = '\($0.header)'" }.joined(separator: ", ")
            + (s.dateFormat.map { "; dates \($0)" } ?? ""))
      }
      switch s.kind {
      case .policeUK:
        guard let p = s.policeUK else { break }
        func months(_ r: ClosedRange<YearMonth>?) -> String {
          guard let r else { return "no months" }
          return r.lowerBound == r.upperBound
            ? "month \(r.lowerBound.iso)" : "months \(r.lowerBound.iso) to \(r.upperBound.iso)"
        }
        if p.streetFiles > 0 {
          out.append(
            "  \(p.streetFiles) street file\(p.streetFiles == 1 ? "" : "s"): \(Self.rows(p.streetRows)), \(p.crimes) crimes and \(p.antisocialBehaviour) anti-social behaviour incidents, \(months(p.streetMonths))"
          )
        }
        if p.outcomesFiles > 0 {
          out.append(
            "  \(p.outcomesFiles) outcomes file\(p.outcomesFiles == 1 ? "" : "s"): \(Self.rows(p.outcomeRows)), \(months(p.outcomeMonths))"
          )
        }
        out.append(
          "  \(Self.rows(p.superseded)) repeating another (superseded), \(p.rejected) to be rejected; forces: \(p.forces.isEmpty ? "none named" : p.forces.joined(separator: ", "))"
        )
      case .homeOfficeOutcomes:
        guard let h = s.homeOffice else { break }
        let years = h.financialYears.map { BriefingConfig.PeriodBasis.financial.label($0) }
        out.append(
          "  \(Self.rows(h.rows)) (\(h.rejected) to be rejected), financial years \(years.first ?? "?") to \(years.last ?? "?"), \(h.forces.count) force\(h.forces.count == 1 ? "" : "s")"
        )
        out.append(
          "  force: \(h.force) (the most rows); offence codes: \(h.offenceCodes.joined(separator: ", "))"
        )
      case .crimes:
        let sure = s.outcomes.filter { $0.certainty == .sure }.count
        let worded = s.outcomes.filter { $0.certainty == .guessedFromWording }.count
        let todo = s.outcomes.filter { $0.certainty == .todo }.count
        out.append(
          "  \(s.outcomes.count) outcome labels: \(sure) read from the label, \(worded) guessed from wording, \(todo) to check"
        )
      case .reports: out.append("  \(s.channels.count) channels, most frequent first")
      case .activity: out.append("  \(s.measures.count) activity labels, each its own measure")
      }
    }
    let period =
      years.count == 1
      ? basis.label(years[0]) : "\(basis.label(years.first!)) to \(basis.label(years.last!))"
    out.append(
      "period: \(basis == .financial ? "financial years " : "")\(period); extraction date \(extractionDate.iso)"
        + (basis == .financial
          ? " (the end of the latest financial year)"
          : extractionNote.contains("police.uk month")
            ? " (the end of the latest police.uk month)" : " (the latest date seen)"))
    return out
  }

  /// Everything the draft is unsure of, as sentences (also marked TODO in the YAML).
  public var checks: [String] {
    var out = [
      "title, organisation and marking are placeholders", "years: \(yearsNote)",
      "extraction_date \(extractionDate.iso): "
        + extractionNote.replacingOccurrences(of: "TODO confirm: ", with: ""),
    ]
    for s in skipped { out.append("\(s.path) was not used: \(s.reason)") }
    for s in sources {
      if let d = s.dateFormatDoubt {
        out.append("\(s.name): date format \(s.dateFormat ?? ""): \(d)")
      }
      for d in s.doubts { out.append("\(s.name): \(d)") }
      for o in s.outcomes where o.certainty != .sure {
        out.append("\(s.name): outcome '\(o.label)' → \(o.outcome?.typeLabel ?? "?"): \(o.reason)")
      }
      if let h = s.homeOffice {
        out.append(
          "\(s.name): force '\(h.force)' has the most rows of the \(h.forces.count) forces in the table: check it is the paper's force"
        )
        out.append(
          "\(s.name): offence_codes \(h.offenceCodes.joined(separator: ", ")): "
            + h.offenceNote.replacingOccurrences(of: "TODO check: ", with: ""))
      }
      if s.kind == .reports { out.append("\(s.name): put the channels in the paper's order") }
      if s.kind == .activity {
        out.append("\(s.name): name each measure as the paper publishes it; check the months")
      }
    }
    return out
  }
}
