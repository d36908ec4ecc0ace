import Foundation

/// How sure the draft is of what it guessed for a label or a column.
public enum DraftCertainty: String, Sendable, Equatable {
  /// Read straight from the data: a leading outcome type number ("14: ..."), or an exact word
  /// ("Charged", "Unknown", "Cancelled / Transferred").
  case sure
  /// The closest Home Office wording: likely, but worth a look (`# guessed from wording`).
  case guessedFromWording
  /// Nothing fits well: the value written is a placeholder that parses (`# TODO check`).
  case todo
}

/// Guesses what a force's outcome label stands for: a Home Office outcome type from a leading type
/// number or from its wording, or one of the statuses that are not outcomes (cancelled or
/// transferred, unknown, unresolved).
public enum DraftOutcomeGuess {
  /// The guess for one label, how sure it is, and why (for the comment beside it).
  public struct Guess: Sendable, Equatable {
    public var status: OutcomeStatus
    public var certainty: DraftCertainty
    public var reason: String
  }

  /// Guesses one label.
  public static func guess(_ label: String) -> Guess {
    let text = normalisedLabel(label)
    if let guess = leadingType(text) { return guess }
    let words = Self.words(text)
    let joined = " " + words.joined(separator: " ") + " "
    func has(_ phrase: String) -> Bool { joined.contains(" " + phrase + " ") }
    func hasPrefix(_ stem: String) -> Bool { words.contains { $0.hasPrefix(stem) } }
    // A short label ("Unknown", "UU unresolved") says what it is; a longer one may say more.
    let plain: DraftCertainty = words.count <= 3 ? .sure : .guessedFromWording

    // Statuses that are not outcomes.
    if hasPrefix("cancel") || has("no crime") || has("nocrime") || has("n100") {
      return Guess(
        status: .cancelledOrTransferred, certainty: plain, reason: "the wording says cancelled")
    }
    if has("transferred") || has("transfer") {
      if has("agency") || has("body") || has("primacy") {
        return Guess(
          status: .outcome(OutcomeType(number: 20)!), certainty: .guessedFromWording,
          reason: "another body or agency: 'Further action by another body or agency'")
      }
      return Guess(
        status: .cancelledOrTransferred, certainty: .guessedFromWording,
        reason: "transferred (to another force?) is taken as cancelled/transferred")
    }
    if has("unknown") || has("not known") || text == "n/k" {
      return Guess(status: .unknown, certainty: plain, reason: "the wording says unknown")
    }
    if has("unresolved") || has("under investigation") || has("uu") || has("ongoing")
      || has("pending") || has("not yet") || has("awaiting") || has("no outcome")
      || has("open") || has("outstanding")
    {
      return Guess(
        status: .unresolved, certainty: plain,
        reason: "the wording says unresolved or under investigation")
    }
    // Charged or summonsed, unless the wording is about something else (a caution, a victim).
    if (hasPrefix("charge") || hasPrefix("summons") || has("postal requisition")
      || has("requisition"))
      && !hasPrefix("caution") && !has("not") && !has("no")
    {
      if hasPrefix("alternat") {
        return Guess(
          status: .outcome(OutcomeType(number: 1, alternativeOffence: true)!),
          certainty: .guessedFromWording, reason: "charged with an alternative offence: type 1A")
      }
      return Guess(status: .outcome(.charged), certainty: .sure, reason: "charged or summonsed")
    }
    // Other exact terms of the outcomes framework.
    let exact: [(String, Int)] = [
      ("community resolution", 8), ("penalty notice", 6), ("pnd", 6), ("cannabis", 7), ("khat", 7),
      ("taken into consideration", 4), ("tic", 4),
    ]
    for (phrase, number) in exact where has(phrase) {
      return Guess(
        status: .outcome(OutcomeType(number: number)!), certainty: .guessedFromWording,
        reason: "'\(phrase)': '\(OutcomeType(number: number)!.shortDescription)'")
    }
    if hasPrefix("caution") {
      if hasPrefix("youth") || hasPrefix("juvenile") {
        return Guess(
          status: .outcome(OutcomeType(number: 2)!), certainty: .guessedFromWording,
          reason: "'Caution - youths'")
      }
      if hasPrefix("adult") {
        return Guess(
          status: .outcome(OutcomeType(number: 3)!), certainty: .guessedFromWording,
          reason: "'Caution - adults'")
      }
      return Guess(
        status: .outcome(OutcomeType(number: 3)!), certainty: .todo,
        reason: "a caution, but the wording does not say youth (2) or adult (3)")
    }
    return similarity(words)
  }

  /// "14: Victim declines..." → 14; "1A - Charged (alternative offence)" → 1A; "Outcome 15" → 15.
  static func leadingType(_ text: String) -> Guess? {
    var t = Substring(text)
    for prefix in ["outcome type", "outcome", "oc", "ho"] where t.hasPrefix(prefix) {
      let rest = t.dropFirst(prefix.count)
      if let c = rest.first, c == " " || c.isNumber {
        t = rest.drop { $0 == " " }
        break
      }
    }
    let digits = t.prefix { $0.isASCII && $0.isNumber }
    guard (1...2).contains(digits.count), let n = Int(digits) else { return nil }
    var rest = t.dropFirst(digits.count)
    var alternative = false
    if let c = rest.first, c == "a", rest.dropFirst().first.map({ !$0.isLetter }) ?? true {
      alternative = true
      rest = rest.dropFirst()
    }
    // The number must stand alone: followed by nothing, or by a separator.
    if let c = rest.first, !(c == ":" || c == " " || c == "-" || c == "." || c == ")" || c == "–") {
      return nil
    }
    guard let type = OutcomeType(number: n, alternativeOffence: alternative) else {
      return Guess(
        status: .unknown, certainty: .todo,
        reason:
          "the label starts with \(digits)\(alternative ? "A" : ""), which is not a Home Office outcome type"
      )
    }
    return Guess(
      status: .outcome(type), certainty: .sure, reason: "the label starts with the type number")
  }

  /// Words of a label: letters and digits, lower case, very common words left out.
  static func words(_ text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
  }

  static let stopWords: Set<String> = [
    "a", "an", "the", "of", "to", "in", "or", "and", "but", "for", "by", "on", "is", "not", "no",
    "s", "take", "taken", "action", "further",
  ]

  /// A word's stem for comparing wordings: plural and verb endings dropped, synonyms folded.
  static func stem(_ word: String) -> String {
    let synonyms: [String: String] = [
      "deceased": "dead", "died": "dead", "death": "dead", "declines": "support",
      "withdraws": "support", "unable": "support", "identified": "identify", "named": "identify",
      "cps": "prosecution", "prosecute": "prosecution", "agency": "body", "primacy": "body",
      "diversion": "diversionary", "educational": "diversionary", "intervention": "diversionary",
      "juvenile": "youth", "youths": "youth", "adults": "adult", "ill": "ill", "sick": "ill",
      "offender": "suspect", "evidence": "evidential", "evidentially": "evidential",
      "summonsed": "charged", "charge": "charged",
    ]
    if let s = synonyms[word] { return s }
    var w = word
    for suffix in ["ing", "ed", "es", "s"] where w.count > suffix.count + 3 && w.hasSuffix(suffix) {
      w.removeLast(suffix.count)
      break
    }
    return w
  }

  /// The words compared between wordings: stems of the words that are not stop words, with a
  /// negation kept on the word it negates ("suspect not identified" has `not identify`, unlike
  /// "suspect identified").
  static func terms(_ words: [String]) -> Set<String> {
    var out = Set<String>()
    var negate = false
    for w in words {
      if w == "not" || w == "no" {
        negate = true
        continue
      }
      if stopWords.contains(w) { continue }
      out.insert((negate ? "not " : "") + stem(w))
      negate = false
    }
    return out
  }

  /// The Home Office type whose short description shares the most words with the label. A
  /// second type within `closeCall` of the best makes the guess a TODO naming both.
  static let closeCall = 0.1

  static func similarity(_ words: [String]) -> Guess {
    let mine = terms(words)
    guard !mine.isEmpty else {
      return Guess(
        status: .unknown, certainty: .todo,
        reason: "no words to compare with the Home Office outcome types")
    }
    var best: (type: OutcomeType, score: Double)?
    var runnerUp: (type: OutcomeType, score: Double)?
    for n in 1...22 where n != 19 {
      guard let type = OutcomeType(number: n) else { continue }
      let theirs = terms(Self.words(type.shortDescription))
      let shared = Double(mine.intersection(theirs).count)
      let score = 2 * shared / Double(mine.count + theirs.count)  // Dice coefficient
      if score > (best?.score ?? 0) {
        runnerUp = best
        best = (type, score)
      } else if score > (runnerUp?.score ?? 0) {
        runnerUp = (type, score)
      }
    }
    guard let best, best.score >= 0.2 else {
      return Guess(
        status: .unknown, certainty: .todo,
        reason: "no Home Office outcome type has similar wording")
    }
    if let runnerUp, best.score - runnerUp.score < closeCall {
      return Guess(
        status: .outcome(best.type), certainty: .todo,
        reason:
          "the wording is as close to type \(runnerUp.type.code), '\(runnerUp.type.shortDescription)', as to type \(best.type.code), '\(best.type.shortDescription)'"
      )
    }
    let certainty: DraftCertainty = best.score >= 0.45 ? .guessedFromWording : .todo
    return Guess(
      status: .outcome(best.type), certainty: certainty,
      reason:
        "closest Home Office wording is type \(best.type.code), '\(best.type.shortDescription)'")
  }

  /// `true` when a label reads like an outcome: a leading type number or outcome words. Used to
  /// find the outcome column among an export's columns.
  static func looksLikeOutcome(_ label: String) -> Bool {
    let text = normalisedLabel(label)
    if let g = leadingType(text), g.certainty == .sure { return true }
    let joined = " " + words(text).joined(separator: " ") + " "
    let markers = [
      "charged", "summonsed", "summons", "caution", "no suspect", "evidential", "cancelled",
      "transferred", "unknown", "unresolved", "under investigation", "public interest",
      "community resolution", "penalty notice", "victim declines", "investigation complete",
      "diversionary", "no further action", "nfa", "suspect identified", "outcome",
    ]
    return markers.contains { joined.contains(" " + $0 + " ") }
  }
}
