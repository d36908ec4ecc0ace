import Foundation

/// What the draft learnt about one column from the first rows of an export.
struct DraftColumnSample: Sendable {
  var name: String
  var nonBlank = 0
  /// Normalised value → rows (bounded by the sample's size).
  var distinct: [String: Int] = [:]
  var withDigits = 0
  var outcomeLike = 0
  var channelLike = 0
  var dates = DraftDateEvidence()

  var distinctShare: Double { nonBlank == 0 ? 0 : Double(distinct.count) / Double(nonBlank) }
  var digitShare: Double { nonBlank == 0 ? 0 : Double(withDigits) / Double(nonBlank) }
  var isDate: Bool { dates.looksLikeDates }
  /// Few distinct values, each used many times: a column of labels.
  var isLabels: Bool {
    nonBlank > 0 && distinct.count <= 200 && (distinct.count <= 60 || distinctShare < 0.2)
  }
}

/// The header and first rows of one export, profiled column by column.
struct DraftFileSample: Sendable {
  var path: String
  var isWorkbook: Bool
  var format: String
  /// The header, padded with empty names to the widest row of the sample.
  var header: [String]
  /// The header's own number of fields; rows with another number are ragged.
  var fieldCount: Int
  var rows: Int
  var columns: [DraftColumnSample]
}

/// What an export is, with the column (by index) for each logical column.
struct DraftFileRole: Sendable {
  var kind: SourceConfig.Kind
  var layout: SourceConfig.Layout
  /// Logical column (`reference`, `recorded_date`...) → index in the header.
  var columns: [(key: String, index: Int)]
  /// Sentences on the choices worth a second look.
  var doubts: [String]
}

enum DraftReading {
  /// Opens an export the way `openTabular` does, with everything detected.
  static func open(_ path: String) throws(TabularError) -> any TabularReader {
    let lower = path.lowercased()
    if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return try XLSXReader(path: path) }
    return try CSVReader(path: path)
  }

  /// Streams an export: the header, then up to `limit` data rows (all when `nil`) to `each`.
  /// Records the reader cannot read are skipped and counted.
  static func stream(
    _ path: String, limit: Int?, each: (TabularRecord) -> Void
  ) throws(TabularError) -> (header: [String], format: String, rows: Int, malformed: Int) {
    var reader = try open(path)
    var header: TabularRecord?
    var malformed = 0
    repeat {
      do {
        header = try reader.next()
      } catch {
        if case .unreadable = error { throw error }
        malformed += 1
        header = TabularRecord(line: 0, fields: [""])
      }
    } while header.map({ $0.count == 1 && $0.isBlank(0) }) ?? false
    guard let header else { return ([], reader.formatDescription, 0, malformed) }
    var rows = 0
    while limit.map({ rows < $0 }) ?? true {
      let next: TabularRecord?
      do {
        next = try reader.next()
      } catch {
        if case .unreadable = error { throw error }
        malformed += 1
        continue
      }
      guard let record = next else { break }
      if record.count == 1 && record.isBlank(0) { continue }
      rows += 1
      each(record)
    }
    return (
      header.fields.map { $0.trimmingCharacters(in: .whitespaces) }, reader.formatDescription, rows,
      malformed
    )
  }

  /// Field `index` of a record, empty when the row is short.
  static func bytes(_ record: TabularRecord, _ index: Int) -> ArraySlice<UInt8> {
    index < record.count ? record.storage[record.range(index)] : []
  }

  static let channelWords: Set<String> = [
    "101", "999", "111", "112", "e-mail", "email", "in person", "phone", "telephone", "online",
    "web", "website", "webform", "web form", "radio", "sms", "text", "letter", "social media",
    "facebook", "twitter", "x", "alarm", "webchat", "web chat", "live chat", "front counter",
    "walk in", "front desk", "contact record", "direct", "partner agency", "referral", "post",
  ]

  /// Reads the header and first `limit` rows of a file and profiles each column.
  static func sample(_ path: String, limit: Int) throws(TabularError) -> DraftFileSample {
    var columns: [DraftColumnSample] = []
    var labelCache: [ArraySlice<UInt8>: String] = [:]
    let result = try stream(path, limit: limit) { record in
      for i in 0..<record.count {
        if i >= columns.count { columns.append(DraftColumnSample(name: "")) }
        let raw = bytes(record, i)
        columns[i].dates.add(raw)
        if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        columns[i].nonBlank += 1
        let text: String
        if let t = labelCache[raw] {
          text = t
        } else {
          text = normalisedLabel(String(decoding: raw, as: UTF8.self))
          if labelCache.count < 20_000 { labelCache[raw] = text }
        }
        columns[i].distinct[text, default: 0] += 1
        if raw.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { columns[i].withDigits += 1 }
      }
    }
    var header = result.header
    while columns.count < header.count { columns.append(DraftColumnSample(name: "")) }
    while header.count < columns.count { header.append("") }
    for i in columns.indices {
      columns[i].name = header[i]
      for (label, n) in columns[i].distinct {
        if DraftOutcomeGuess.looksLikeOutcome(label) { columns[i].outcomeLike += n }
        if channelWords.contains(label) { columns[i].channelLike += n }
      }
    }
    let lower = path.lowercased()
    return DraftFileSample(
      path: path, isWorkbook: lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm"),
      format: result.format,
      header: header, fieldCount: result.header.count, rows: result.rows, columns: columns)
  }

  // MARK: - Classifying a file

  static let referenceNames = [
    "reference", "ref", "occurrence", "crime no", "crime number", "crime ref", "incident no",
    "incident number", "incident", "urn", "log", "occurrence number", "crn", "id", "number", "no",
    "case",
  ]

  /// How strongly a header names its column as one of `names` (whole words count most).
  static func nameScore(_ header: String, _ names: [String]) -> Int {
    let h = " " + DraftOutcomeGuess.words(normalisedLabel(header)).joined(separator: " ") + " "
    var best = 0
    for (rank, name) in names.enumerated() where h.contains(" " + name + " ") {
      best = max(best, names.count - rank)
    }
    return best
  }

  /// Decides what a file is, or says in a sentence why it is none of the kinds.
  static func classify(_ s: DraftFileSample) -> Result<DraftFileRole, DraftUnrecognised> {
    guard s.header.count >= 2 else {
      return .failure(
        DraftUnrecognised(
          reason:
            "it has \(s.header.count == 0 ? "no header" : "a single column ('\(s.header[0])')"); an export needs a row of column names and at least two columns (a date and a label)"
        ))
    }
    // A wide monthly tally: a column per month.
    let monthColumns = s.header.indices.filter { MonthHeader.parse(s.header[$0]) != nil }
    if monthColumns.count >= 3,
      let measure = s.header.indices.first(where: {
        !monthColumns.contains($0) && s.columns[$0].nonBlank > 0
      })
    {
      return .success(
        DraftFileRole(
          kind: .activity, layout: .monthly, columns: [("measure", measure)],
          doubts: monthColumns.count == s.header.count - 1
            ? []
            : [
              "the measure column is taken to be '\(s.header[measure])', the first column that is not a month"
            ]))
    }
    guard s.rows > 0 else {
      return .failure(DraftUnrecognised(reason: "it has a header but no rows to learn from"))
    }
    let dates = s.columns.indices.filter { s.columns[$0].isDate }
    // The reference: nearly all filled, nearly all different, with digits, not a date.
    let references = s.columns.indices.filter {
      let c = s.columns[$0]
      return !c.isDate && c.nonBlank >= s.rows * 8 / 10 && c.distinctShare >= 0.9
        && c.digitShare >= 0.8
    }
    let reference = references.max {
      (nameScore(s.header[$0], referenceNames), s.columns[$0].distinctShare, -$0)
        < (nameScore(s.header[$1], referenceNames), s.columns[$1].distinctShare, -$1)
    }
    var doubts: [String] = []
    if let r = reference, nameScore(s.header[r], referenceNames) == 0 {
      doubts.append(
        "'\(s.header[r])' is taken as the reference because nearly every row has a different value; its name does not say so"
      )
    }
    let used = Set(dates + (reference.map { [$0] } ?? []))
    let labelColumns = s.columns.indices.filter { !used.contains($0) && s.columns[$0].nonBlank > 0 }

    // The outcome: most values read like Home Office outcome wording.
    let outcomeNames = [
      "outcome", "outcome description", "disposal", "result", "clearance", "finalisation",
    ]
    let outcome = labelColumns.filter {
      let c = s.columns[$0]
      let share = Double(c.outcomeLike) / Double(c.nonBlank)
      return share >= 0.5 || (share >= 0.2 && nameScore(s.header[$0], outcomeNames) > 0)
    }.max {
      (s.columns[$0].outcomeLike, nameScore(s.header[$0], outcomeNames))
        < (s.columns[$1].outcomeLike, nameScore(s.header[$1], outcomeNames))
    }
    // The channel: named like one, or with values like 101, 999, e-mail.
    let channelNames = [
      "how received", "contact method", "method of contact", "method", "channel", "received via",
      "how reported", "received", "source", "contact type",
    ]
    let channel = labelColumns.filter {
      let c = s.columns[$0]
      guard c.isLabels || c.distinct.count <= 60 else { return false }
      return nameScore(s.header[$0], channelNames) > 0
        || Double(c.channelLike) / Double(c.nonBlank) >= 0.3
    }.max {
      (nameScore(s.header[$0], channelNames), s.columns[$0].channelLike)
        < (nameScore(s.header[$1], channelNames), s.columns[$1].channelLike)
    }

    func pickDate(prefer: [String], avoid: [String]) -> Int? {
      dates.filter { nameScore(s.header[$0], avoid) == 0 }.max {
        (nameScore(s.header[$0], prefer), s.columns[$0].nonBlank, -$0)
          < (nameScore(s.header[$1], prefer), s.columns[$1].nonBlank, -$1)
      }
    }
    let laterDates = [
      "outcome", "outcome date", "clearance", "cleared", "finalised", "closed", "disposal",
      "result", "updated", "modified",
    ]

    if let reference, let outcome, !dates.isEmpty {
      guard
        let recorded = pickDate(
          prefer: ["recorded", "record", "reported", "created", "crime date", "date"],
          avoid: laterDates)
      else {
        return .failure(
          DraftUnrecognised(
            reason:
              "it looks like crimes (reference '\(s.header[reference])', outcome '\(s.header[outcome])') but none of its dates reads as the recorded date"
          ))
      }
      var columns: [(String, Int)] = [
        ("reference", reference), ("recorded_date", recorded), ("outcome", outcome),
      ]
      if nameScore(s.header[recorded], ["recorded", "record"]) == 0 {
        doubts.append(
          "'\(s.header[recorded])' is taken as the recorded date; check it is the date the crime was recorded"
        )
      }
      let outcomeDate = dates.filter { $0 != recorded && nameScore(s.header[$0], laterDates) > 0 }
        .max {
          (nameScore(s.header[$0], ["outcome", "outcome date"]), -$0) < (
            nameScore(s.header[$1], ["outcome", "outcome date"]), -$1
          )
        }
      if let outcomeDate { columns.append(("outcome_date", outcomeDate)) }
      if Double(s.columns[outcome].outcomeLike) / Double(s.columns[outcome].nonBlank) < 0.5 {
        doubts.append(
          "'\(s.header[outcome])' is taken as the outcome although fewer than half its values read like Home Office outcomes"
        )
      }
      return .success(
        DraftFileRole(kind: .crimes, layout: .events, columns: columns, doubts: doubts))
    }
    if let reference, let channel, !dates.isEmpty,
      let date = pickDate(
        prefer: ["created", "received", "reported", "report", "logged", "opened", "date"],
        avoid: laterDates)
        ?? dates.first
    {
      let others = dates.filter { $0 != date }.map { "'\(s.header[$0])'" }
      if !others.isEmpty {
        doubts.append(
          "'\(s.header[date])' is taken as the report's date; the file has other dates too: \(others.joined(separator: ", "))"
        )
      }
      if nameScore(s.header[channel], channelNames) == 0 {
        doubts.append(
          "'\(s.header[channel])' is taken as how reports were received because its values look like channels (101, 999, e-mail...)"
        )
      }
      return .success(
        DraftFileRole(
          kind: .reports, layout: .events,
          columns: [("reference", reference), ("date", date), ("channel", channel)],
          doubts: doubts))
    }
    let measureNames = [
      "activity", "measure", "activity type", "action", "event", "task", "category", "type",
      "description",
    ]
    let measures = labelColumns.filter { s.columns[$0].isLabels && $0 != outcome && $0 != channel }
    if !dates.isEmpty,
      let measure = measures.max(by: {
        (nameScore(s.header[$0], measureNames), -s.columns[$0].distinct.count, -$0)
          < (nameScore(s.header[$1], measureNames), -s.columns[$1].distinct.count, -$1)
      })
    {
      var doubts: [String] = []
      if nameScore(s.header[measure], measureNames) == 0 {
        doubts.append(
          "'\(s.header[measure])' is taken as the activity measure because it has few distinct values; its name does not say so"
        )
      }
      let date = pickDate(prefer: ["activity date", "date"], avoid: []) ?? dates[0]
      if dates.count > 1 {
        doubts.append(
          "'\(s.header[date])' is taken as the activity's date; the file has other dates too")
      }
      return .success(
        DraftFileRole(
          kind: .activity, layout: .events, columns: [("date", date), ("measure", measure)],
          doubts: doubts))
    }
    // Nothing fits: say what was and was not found.
    var found: [String] = []
    var missing: [String] = []
    if let reference {
      found.append("a reference ('\(s.header[reference])')")
    } else {
      missing.append("a reference (a column of mostly different values such as Crime No)")
    }
    if dates.isEmpty {
      let monthly = s.columns.indices.first { i in
        let c = s.columns[i]
        return c.nonBlank > 0
          && c.distinct.filter { YearMonth(iso: $0.key) != nil }.values.reduce(0, +) * 10 >= c
            .nonBlank * 8
      }
      missing.append(
        "a column of dates"
          + (monthly.map {
            " ('\(s.header[$0])' holds months such as \(s.columns[$0].distinct.keys.sorted().first ?? ""), not the day of each record)"
          } ?? ""))
    } else {
      found.append("dates (\(dates.map { "'\(s.header[$0])'" }.joined(separator: ", ")))")
    }
    if let outcome { found.append("outcomes ('\(s.header[outcome])')") }
    if let channel { found.append("channels ('\(s.header[channel])')") }
    if outcome == nil && channel == nil && measures.isEmpty {
      missing.append("an outcome, channel or activity column (a column of a few repeated labels)")
    }
    let foundText = found.isEmpty ? "nothing PanelBrief recognises" : found.joined(separator: ", ")
    return .failure(
      DraftUnrecognised(
        reason:
          "it is not a crimes, reports or activity export: found \(foundText); missing \(missing.isEmpty ? "nothing, but no kind fits these together" : missing.joined(separator: "; "))"
      ))
  }
}

/// Why a file could not be made a source of the draft.
struct DraftUnrecognised: Error, Sendable {
  var reason: String
}
