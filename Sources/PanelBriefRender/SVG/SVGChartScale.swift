import Foundation

extension SVGChartRenderer {
  /// A value axis with "nice" ends and ticks: steps of 1, 2 or 5 times a power of ten, from a
  /// multiple of the step at or below the smallest value (never above 0) to one at or above the
  /// largest.
  struct ValueScale: Equatable {
    /// The value at the start of the axis (0, or below 0 when a value is negative).
    let lower: Double
    /// The value at the end of the axis.
    let upper: Double
    /// The distance between ticks.
    let step: Double

    /// A scale covering `minimum...maximum` and 0, with about five ticks; when `wholeSteps` is
    /// set (counts) the step is at least 1.
    init(minimum: Double, maximum: Double, wholeSteps: Bool) {
      var low = min(0, minimum.isFinite ? minimum : 0)
      var high = max(0, maximum.isFinite ? maximum : 0)
      if high - low <= 0 { high = low + (wholeSteps ? 5 : 1) }
      let rough = (high - low) / 5
      let magnitude = pow(10, floor(log10(rough)))
      let normalised = rough / magnitude
      let nice: Double = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10
      var step = nice * magnitude
      if wholeSteps { step = max(1, step.rounded()) }
      low = floor(low / step + 1e-9) * step
      high = ceil(high / step - 1e-9) * step
      if high <= low { high = low + step }
      self.lower = low
      self.upper = high
      self.step = step
    }

    /// The tick values from `lower` to `upper`, computed from whole multiples of the step.
    var ticks: [Double] {
      let count = Int(((upper - lower) / step).rounded())
      guard count >= 0, count <= 1000 else { return [lower, upper] }
      return (0...count).map { lower + Double($0) * step }
    }

    /// The number of decimals a tick label needs to show the step exactly.
    var tickDecimals: Int {
      step >= 1 ? 0 : max(0, min(9, Int(-floor(log10(step) + 1e-9))))
    }

    /// Where `value` falls between `start` (for `lower`) and `end` (for `upper`).
    func position(_ value: Double, start: Double, end: Double) -> Double {
      start + (value - lower) / (upper - lower) * (end - start)
    }
  }
}
