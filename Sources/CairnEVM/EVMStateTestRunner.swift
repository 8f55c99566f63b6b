import BigInt

/// Runs state tests on the interpreter and compares each post entry's state root and logs hash.
public struct EVMStateTestRunner {
    /// One post entry's result.
    public struct EntryResult: Sendable {
        public var test: String
        public var index: Int
        public var passed: Bool
        /// Why it failed, when it did.
        public var reason: String?
    }

    public let interpreter: EVMInterpreter

    public init(interpreter: EVMInterpreter) { self.interpreter = interpreter }

    /// Runs every Cancun post entry of the file's tests.
    public func run(file json: [UInt8]) throws(EVMError) -> [EntryResult] {
        var results: [EntryResult] = []
        for test in try EVMStateTest.load(json) {
            for (index, post) in test.posts.enumerated() {
                results.append(run(test, post, index: index))
            }
        }
        return results
    }

    func run(_ test: EVMStateTest, _ post: EVMStateTest.PostEntry, index: Int) -> EntryResult {
        var result = EntryResult(test: test.name, index: index, passed: false, reason: nil)
        let transaction: EVMTransaction
        do { transaction = try test.transaction(for: post) } catch {
            result.reason = "\(error)"
            return result
        }
        var state = EVMWorldState(accounts: test.pre)
        var logs: [EVMLog] = []
        var note = ""
        do {
            let receipt = try EVMTransactionProcessor.apply(transaction, to: &state, block: test.block, interpreter: interpreter)
            logs = receipt.logs
            if post.expectException != nil { note = " (expected \(post.expectException!), the transaction was valid)" }
            if let fault = receipt.fault { note += " (host fault: \(fault))" }
        } catch {
            if post.expectException == nil { note = " (invalid: \(error))" }
        }
        let root = EVMStateRoot.stateRoot(state.accounts)
        let logsHash = EVMStateRoot.logsHash(logs)
        if root != post.stateRoot {
            result.reason = "state root \(hexString(root)) != \(hexString(post.stateRoot))" + note
        } else if logsHash != post.logsHash {
            result.reason = "logs hash \(hexString(logsHash)) != \(hexString(post.logsHash))" + note
        } else {
            result.passed = true
        }
        return result
    }
}
