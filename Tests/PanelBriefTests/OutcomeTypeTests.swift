import Testing

@testable import PanelBrief

@Test func outcomeTypeCodesAndGroups() {
  #expect(OutcomeType(code: "1A")?.code == "1A")
  #expect(OutcomeType(code: "19") == nil)
  #expect(OutcomeType(code: "15")?.group == .evidentialDifficultiesVictimSupports)
  #expect(OutcomeType(code: "14")?.group == .evidentialDifficultiesVictimDoesNotSupport)
  #expect(OutcomeType(code: "16")?.group == .evidentialDifficultiesVictimDoesNotSupport)
  #expect(OutcomeType(code: "20")?.group == .responsibilityTransferred)
  #expect(OutcomeType(code: "4A") == nil)
  #expect(OutcomeStatus(configValue: "Cancelled/Transferred") == .cancelledOrTransferred)
  #expect(OutcomeStatus(configValue: " 1 ")?.isChargeOrSummons == true)
}
