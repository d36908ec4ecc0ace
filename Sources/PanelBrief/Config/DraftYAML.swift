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
    add(
      "# Check every line marked TODO (and the guesses marked 'guessed from wording'), then delete")
    add("# the TODO. Every key is described in README.md, \"Configuration reference\".")
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
    add("  basis: calendar", "or financial (April to March)")
    let yearsText = years.count == 1 ? "[\(years[0])]" : "\(years.first!)-\(years.last!)"
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
      add("    columns:")
      for c in source.columns { add("      \(c.key): \(Self.quoted(c.header))") }
      if let format = source.dateFormat {
        add(
          "    date_format: \(Self.quoted(format))",
          source.dateFormatDoubt.map { "TODO check: " + $0 })
      }
      for d in source.doubts { add("    " + Self.comment("TODO check: " + d)) }
      switch source.kind {
      case .policeUK, .homeOfficeOutcomes: break
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
            case .guessedFromWording: "\(Self.rows(o.count)); guessed from wording: \(o.reason)"
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

  /// What the draft found and what needs a person's check, line by line, for the terminal.
  public var summary: [String] {
    var out: [String] = []
    for s in sources {
      let files = s.files.map(\.path).joined(separator: ", ")
      out.append("\(s.kind.rawValue) (\(s.name)): \(files)")
      out.append(
        "  columns: " + s.columns.map { "\($0.key) = '\($0.header)'" }.joined(separator: ", ")
          + (s.dateFormat.map { "; dates \($0)" } ?? ""))
      switch s.kind {
      case .policeUK, .homeOfficeOutcomes: break
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
    out.append(
      "period: \(years.count == 1 ? String(years[0]) : "\(years.first!)-\(years.last!)"); extraction date \(extractionDate.iso) (the latest date seen)"
    )
    return out
  }

  /// Everything the draft is unsure of, as sentences (also marked TODO in the YAML).
  public var checks: [String] {
    var out = [
      "title, organisation and marking are placeholders", "years: \(yearsNote)",
      "extraction_date: the latest date seen, \(extractionDate.iso)",
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
      if s.kind == .reports { out.append("\(s.name): put the channels in the paper's order") }
      if s.kind == .activity {
        out.append("\(s.name): name each measure as the paper publishes it; check the months")
      }
    }
    return out
  }
}
