import Foundation

extension BriefingBuilder {
  /// `briefing` with the section "What changed since the last paper": its revisions against
  /// `previous` (the latest earlier paper of the series in the run history) and the maturity of
  /// the charge rate over `runs` (every earlier paper of the series, oldest first), placed
  /// before the data-quality section.
  public func addingRevisions(
    to briefing: Briefing, previous: HistoricRun, runs: [HistoricRun]
  ) -> Briefing {
    let basis = config.periodBasis
    let years = Set(config.years)
    let part = RevisionsPart.make(
      briefing: briefing, crimes: CrimeState.all(in: data), previous: previous, runs: runs,
      yearLabels: config.years.map(basis.label),
      yearOf: { day in
        let y = basis.year(of: day)
        return years.contains(y) ? basis.label(y) : nil
      }, threshold: config.suppressionThreshold)
    var out = briefing
    let at = out.sections.firstIndex { $0.id == "data_quality" } ?? out.sections.count
    out.sections.insert(part.section, at: at)
    out.tables += part.tables
    return out
  }
}
