import PanelBrief
import Testing

@testable import PanelBriefRender

/// How p-values are written in every table: three decimals, "<0.001" only below 0.001. (A mutant
/// that wrote every p below 0.01 as "<0.001" survived every other test.)
@Test func pValuesKeepThreeDecimalsDownTo0001() {
  #expect(CellText.format(.number(0.005), kind: .probability) == "0.005")
  #expect(CellText.format(.number(0.001), kind: .probability) == "0.001")
  #expect(CellText.format(.number(0.0009), kind: .probability) == "<0.001")
  #expect(CellText.format(.number(0.0449), kind: .probability) == "0.045")
}
