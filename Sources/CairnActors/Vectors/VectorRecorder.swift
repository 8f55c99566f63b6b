import CairnIPLD
import Foundation

/// Records a test vector from a scenario: the machine's state when the recorder is made is the
/// pre-state (written to a CAR), every message applied through ``apply(_:)`` is kept with its
/// receipt, and ``vector(id:description:)`` closes it with the post-state root.
///
/// Apply the messages through the recorder only: a message applied past it would change the
/// post-state without being in the vector.
public final class VectorRecorder {
    /// The executor the messages run on.
    public let executor: Executor
    private let preRoot: CID
    private let car: [UInt8]
    private let network: NetworkContext
    private var messages: [TestVector.ApplyMessage] = []
    private var receipts: [TestVector.ExpectedReceipt] = []

    /// Starts recording on `executor`'s machine, whose current state becomes the pre-state.
    /// `installedCode` names code installed but run by no actor yet (an actor the messages
    /// create will run it): the state does not link it, so its block is added to the CAR.
    public init(executor: Executor, installedCode: [CID] = []) throws {
        self.executor = executor
        let machine = executor.machine
        preRoot = try machine.stateTree.flush()
        var blocks = try CAR.collectDAG(root: preRoot, from: machine.store)
        let reachable = Set(blocks.map(\.0))
        for cid in installedCode where !reachable.contains(cid) { blocks.append((cid, try machine.store.require(cid))) }
        car = try CAR.writeV1(roots: [preRoot], blocks: blocks)
        network = machine.network
    }

    /// Applies `message` at the machine's epoch and records it and its receipt.
    @discardableResult
    public func apply(_ message: Message) throws -> Receipt {
        let result = executor.applyMessage(message)
        let receipt = result.receipt
        let offset = executor.machine.network.epoch - network.epoch
        messages.append(TestVector.ApplyMessage(bytes: Data(try message.encoded()).base64EncodedString(), epochOffset: offset == 0 ? nil : offset))
        receipts.append(TestVector.ExpectedReceipt(
            exitCode: receipt.exitCode.value, returnData: Data(receipt.returnData).base64EncodedString(), gasUsed: receipt.gasUsed,
            eventsRoot: receipt.eventsRoot.map { TestVector.Link($0.description) },
            backtrace: result.backtrace.isEmpty ? nil : result.backtrace.map(TestVector.ExpectedFrame.init)))
        return receipt
    }

    /// The vector of everything recorded so far.
    public func vector(id: String, description: String? = nil) throws -> TestVector {
        let postRoot = try executor.machine.stateTree.flush()
        let pre = TestVector.Preconditions(
            stateTree: .init(rootCID: .init(preRoot.description)), epoch: network.epoch, timestamp: network.timestamp,
            baseFee: network.baseFee.atto.description, chainID: network.chainID, networkVersion: network.networkVersion,
            randomnessSeed: Data(network.randomnessSeed).base64EncodedString())
        return TestVector(
            meta: .init(id: id, description: description), car: Data(car).base64EncodedString(), preconditions: pre,
            applyMessages: messages,
            postconditions: .init(receipts: receipts, stateTree: .init(rootCID: .init(postRoot.description))))
    }
}
