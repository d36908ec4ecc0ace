extension BriefingBuilder.Notes {
  /// Adds notes that were numbered to follow the notes so far (open-data tables number their
  /// own notes from `list.count + 1`).
  mutating func append(numbered notes: [Note]) {
    for note in notes where note.number == list.count + 1 { list.append(note) }
  }
}

extension BriefingBuilder {
  /// police.uk open data: outcome distributions by category, group, crime type, force and month.
  /// Published open data, so nothing is suppressed.
  func policeUKPart(notes: inout Notes) -> Part {
    var part = Part()
    guard let open = data.policeUK else { return part }
    let join = PoliceUKJoin(open)
    let made = PoliceUKTables.make(from: open, join: join, firstNoteNumber: notes.list.count + 1)
    notes.append(numbered: made.notes)
    part.tables += made.tables
    part.covers.append("street-level crime and outcomes from police.uk open data")
    var paragraphs = [
      "The police.uk open data hold \(Wording.count(join.crimes.count)) crimes in the street files. \(Wording.count(join.crimesWithOutcomeRow)) of them have a row in the outcomes files, whose latest outcome is used; the others keep the street file's last outcome category. \(Wording.count(join.outcomeRowsForOtherCrimes - join.outcomeRowsForCrimesOutsideThePeriod)) outcome rows belong to \(Wording.count(join.otherCrimeIDs - join.crimesOutsideThePeriodWithOutcomeRow)) crimes recorded in earlier months and are not counted here.",
      "police.uk outcome categories are mapped to Home Office outcome groups where the mapping is sound; the notes say where it is not (for example 'Unable to prosecute suspect' spans outcome types 14 to 16). These figures are published open data and are shown without suppression.",
    ]
    // Which months of the period the street files cover: the paper names the period, so it
    // says when the files leave some of its months out.
    let months = open.streetMonths
    if let first = months.first, let last = months.last, let limits = open.limits {
      let span =
        first == last
        ? "only \(first.longLabel)"
        : "\(months.count) months from \(first.longLabel) to \(last.longLabel)"
      let periodMonths = limits.months.lowerBound.through(limits.months.upperBound).count
      paragraphs.insert(
        "The street files cover \(span): \(months.count) of the \(periodMonths) months of \(config.periodDescription).",
        at: 0)
      let missing = open.periodMonthsWithoutStreetRows
      if !missing.isEmpty {
        let text =
          "The police.uk street files have no rows for \(Wording.list(missing.map(\.longLabel))), within \(config.periodDescription): the figures leave \(missing.count == 1 ? "that month" : "those \(missing.count) months") out, so they are not the whole period."
        paragraphs.insert(text, at: 1)
        part.keyPoints.append(
          (
            1,
            KeyPoint(
              text: text,
              figure: "\(missing.count) month\(missing.count == 1 ? "" : "s") missing")
          ))
      }
    }
    if join.outcomeRowsForCrimesOutsideThePeriod > 0 {
      paragraphs.append(
        "\(Wording.count(join.outcomeRowsForCrimesOutsideThePeriod)) outcome rows belong to \(Wording.count(join.crimesOutsideThePeriodWithOutcomeRow)) crimes whose street rows are outside \(config.periodDescription) (rejected, and counted in the reconciliation); they are not counted here either."
      )
    }
    for unknown in join.unknownLabels {
      paragraphs.append(
        "The category '\(unknown.label)' is not one PanelBrief knows (\(unknown.crimes) crimes); it is shown as it stands."
      )
    }
    part.sections.append(
      Section(
        id: "police_uk", heading: "Street-level crime and outcomes from police.uk",
        paragraphs: paragraphs, tableIDs: made.tables.map(\.id), chartIDs: []))
    return part
  }

  /// The Home Office outcomes open data: the charge/summons rate of the force, comparable forces
  /// and England and Wales by financial year.
  func homeOfficePart(notes: inout Notes) -> Part {
    var part = Part()
    guard let (table, request) = data.homeOffice else { return part }
    guard let result = try? table.chargeRates(request, firstNoteNumber: notes.list.count + 1)
    else { return part }
    notes.append(numbered: result.notes)
    part.tables.append(result.table)
    part.covers.append("the national context from Home Office outcomes data")
    var paragraphs = [
      "For context, the Home Office outcomes open data give the charge/summons rate for offence code\(request.offenceCodes.count == 1 ? "" : "s") \(Wording.list(request.offenceCodes)) by financial year, for \(request.force), \(request.comparators.isEmpty ? "" : "\(request.comparatorGroupName.lowercased()) (\(Wording.list(request.comparators))), ")and England and Wales."
    ]
    let byYear = Dictionary(grouping: result.rates, by: \.financialYear)
    if let year = byYear.keys.sorted().last, let rows = byYear[year] {
      let parts = rows.compactMap { r -> String? in
        guard let rate = r.rateRecorded else { return nil }
        return
          "\(r.area) \(Wording.percent(rate)) (\(Wording.count(r.chargedRecorded)) of \(Wording.count(r.outcomesRecorded))\(r.isPartial ? "; \(r.quarters) of 4 quarters" : ""))"
      }
      // The latest year may not be complete: say so with its figures.
      let partial = rows.filter(\.isPartial).map(\.area)
      let partialText =
        partial.isEmpty
        ? ""
        : " \(year) is a partial year for \(Wording.list(partial)): fewer than 4 quarters have data, so \(partial.count == 1 ? "its rate is" : "their rates are") not for the whole year."
      if !parts.isEmpty {
        paragraphs.append(
          "In \(year), on the basis of offences recorded in the year: " + Wording.list(parts)
            + ".\(partialText) These national figures count outcomes as the Home Office does; they are not the cohort rate of this paper's own exports."
        )
      } else if !partialText.isEmpty {
        paragraphs.append(String(partialText.dropFirst()))
      }
    }
    let negative = result.rates.filter(\.correctionsNetNegative)
    if !negative.isEmpty {
      paragraphs.append(
        "For \(Wording.list(negative.map { "\($0.area) in \($0.financialYear)" })), the Home Office's corrections (negative counts) outweigh the outcomes counted, so no rate is given ([x]): a share below 0 or above 100% would say nothing about the force."
      )
    }
    part.sections.append(
      Section(
        id: "national_context",
        heading: "National context: the charge/summons rate in Home Office data",
        paragraphs: paragraphs, tableIDs: [result.table.id], chartIDs: []))
    return part
  }
}
