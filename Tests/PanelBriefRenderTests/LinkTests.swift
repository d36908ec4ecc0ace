import Testing

@testable import PanelBriefRender

@Test func linksLibxlsxwriter() {
  #expect(libxlsxwriterVersion.hasPrefix("1."))
}
