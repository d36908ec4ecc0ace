import Testing

/// Closeness checks for figures computed by scipy/statsmodels.
enum StatisticsTolerance {
  /// Expects |actual - expected| <= relative · |expected| (or <= relative when expected is 0).
  static func expectClose(
    _ actual: Double?, _ expected: Double, relative: Double,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let actual else {
      Issue.record("Expected \(expected), got nil", sourceLocation: sourceLocation)
      return
    }
    let allowed = relative * max(abs(expected), expected == 0 ? 1 : 0)
    #expect(
      abs(actual - expected) <= allowed,
      "\(actual) differs from \(expected) by more than \(relative) relative",
      sourceLocation: sourceLocation)
  }
}
