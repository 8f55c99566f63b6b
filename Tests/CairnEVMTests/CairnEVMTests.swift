import Testing
@testable import CairnEVM

@Suite struct CairnEVMTargetTests {
    @Test func targetLinks() { #expect(String(describing: CairnEVM.self) == "CairnEVM") }
}
