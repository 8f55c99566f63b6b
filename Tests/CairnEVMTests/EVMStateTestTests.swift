import Testing
@testable import CairnEVM

/// A handful of Ethereum's GeneralStateTests files, each of whose Cancun entries must pass.
@Suite struct EVMStateTestTests {
    static let files = [
        "VMTests/vmArithmeticTest/add.json",
        "VMTests/vmArithmeticTest/exp.json",
        "VMTests/vmIOandFlowOperations/jumpi.json",
        "VMTests/vmLogTest/log2.json",
        "stExample/add11.json",
        "stExample/accessListExample.json",
        "stSStoreTest/SstoreCallToSelfSubRefundBelowZero.json",
        "Cancun/stEIP1153-transientStorage/10_revertUndoesStoreAfterReturn.json",
    ]

    @Test(arguments: files) func entriesPass(_ file: String) throws {
        let json = try #require(EVMTestSupport.readFile(EVMTestSupport.stateTests + "/" + file))
        let results = try EVMStateTestRunner(interpreter: EVMTestSupport.interpreter).run(file: json)
        #expect(!results.isEmpty)
        for result in results where !result.passed {
            Issue.record("\(result.test)[\(result.index)]: \(result.reason ?? "")")
        }
    }
}
