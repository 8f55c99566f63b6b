import BigInt
import CairnIPLD
import Foundation

/// What running a vector gave.
public struct VectorOutcome: Sendable {
    /// The receipts, one per message applied.
    public var receipts: [Receipt]
    /// Each message's backtrace (empty for a success).
    public var backtraces: [[FailedCall]] = []
    /// The state root after the last message.
    public var root: CID
    /// Every way the outcome differs from the postconditions, first difference first; empty
    /// when the vector passes.
    public var differences: [String]
    /// Whether the outcome matches the postconditions.
    public var passed: Bool { differences.isEmpty }
}

/// Runs test vectors: loads the pre-state from the CAR, applies each message on a machine
/// opened over it, and compares receipts and the post-state root with the postconditions.
public enum VectorRunner {
    /// Runs `vector`. Throws only when the vector itself is malformed; a mismatch is a
    /// difference in the outcome.
    public static func run(_ vector: TestVector) throws(VectorError) -> VectorOutcome {
        guard vector.vectorClass == "message" else { throw .unsupportedClass(vector.vectorClass) }
        let executor = try machine(for: vector)
        var receipts: [Receipt] = []
        var backtraces: [[FailedCall]] = []
        for (index, applied) in vector.applyMessages.enumerated() {
            let message = try decodeMessage(applied, index: index)
            executor.machine.network.epoch = vector.preconditions.epoch + (applied.epochOffset ?? 0)
            let result = executor.applyMessage(message)
            receipts.append(result.receipt)
            backtraces.append(result.backtrace)
        }
        let root: CID
        do { root = try executor.machine.stateTree.flush() } catch { throw .malformed("post-state does not flush: \(error)") }
        var differences = differences(vector.postconditions, receipts, root)
        differences += backtraceDifferences(vector.postconditions, backtraces)
        return VectorOutcome(receipts: receipts, backtraces: backtraces, root: root, differences: differences)
    }

    /// An executor over the vector's pre-state and network context.
    static func machine(for vector: TestVector) throws(VectorError) -> Executor {
        let pre = vector.preconditions
        guard let car = Data(base64Encoded: vector.car) else { throw .malformed("car is not base64") }
        let store = MemoryBlockstore()
        do { try CAR.import(Array(car), into: store) } catch { throw .malformed("car: \(error)") }
        let root = try cid(pre.stateTree.rootCID, "preconditions.state_tree.root_cid")
        var network = NetworkContext()
        network.epoch = pre.epoch
        if let timestamp = pre.timestamp { network.timestamp = timestamp }
        if let text = pre.baseFee {
            guard let fee = BigInt(text, radix: 10), fee >= 0 else { throw .malformed("base_fee is not a non-negative integer") }
            network.baseFee = TokenAmount(atto: fee)
        }
        if let chainID = pre.chainID { network.chainID = chainID }
        if let version = pre.networkVersion { network.networkVersion = version }
        if let seed = pre.randomnessSeed {
            guard let bytes = Data(base64Encoded: seed) else { throw .malformed("randomness_seed is not base64") }
            network.randomnessSeed = Array(bytes)
        }
        do {
            let tree = try StateTree(loading: root, store: store)
            return Executor(machine: try Machine.open(stateTree: tree, network: network))
        } catch {
            throw .malformed("pre-state \(root) does not load: \(error)")
        }
    }

    static func cid(_ link: TestVector.Link, _ field: String) throws(VectorError) -> CID {
        do { return try CID(link.cid) } catch { throw .malformed("\(field): \(link.cid) is not a CID") }
    }

    static func decodeMessage(_ applied: TestVector.ApplyMessage, index: Int) throws(VectorError) -> Message {
        guard let bytes = Data(base64Encoded: applied.bytes) else { throw .malformed("apply_messages[\(index)].bytes is not base64") }
        do { return try Message(encoded: Array(bytes)) } catch { throw .malformed("apply_messages[\(index)] is not a message: \(error)") }
    }

    /// The differences between the backtraces the postconditions expect (where they give one)
    /// and the messages' backtraces.
    static func backtraceDifferences(_ post: TestVector.Postconditions, _ backtraces: [[FailedCall]]) -> [String] {
        var out: [String] = []
        for (index, (expected, actual)) in zip(post.receipts, backtraces).enumerated() {
            guard let frames = expected.backtrace else { continue }
            let got = actual.map(TestVector.ExpectedFrame.init)
            guard frames != got else { continue }
            let show = { (frames: [TestVector.ExpectedFrame]) in
                frames.map { "f0\($0.actor).\($0.method) exit \($0.exitCode): \($0.message) [\(($0.wasmFrames ?? []).joined(separator: " <- "))]" }
                    .joined(separator: "; ")
            }
            out.append("receipts[\(index)].backtrace: expected \(show(frames)), got \(show(got))")
        }
        return out
    }

    /// The differences between the postconditions and what the messages gave.
    static func differences(_ post: TestVector.Postconditions, _ receipts: [Receipt], _ root: CID) -> [String] {
        var out: [String] = []
        if post.receipts.count != receipts.count {
            out.append("receipts: expected \(post.receipts.count), got \(receipts.count)")
        }
        for (index, (expected, actual)) in zip(post.receipts, receipts).enumerated() {
            let name = "receipts[\(index)]"
            if expected.exitCode != actual.exitCode.value {
                out.append("\(name).exit_code: expected \(expected.exitCode), got \(actual.exitCode.value)")
            }
            let returned = Data(actual.returnData).base64EncodedString()
            if expected.returnData != returned {
                out.append("\(name).return: expected \(expected.returnData), got \(returned)")
            }
            if expected.gasUsed != actual.gasUsed {
                out.append("\(name).gas_used: expected \(expected.gasUsed), got \(actual.gasUsed)")
            }
            if expected.eventsRoot?.cid != actual.eventsRoot?.description {
                out.append("\(name).events_root: expected \(expected.eventsRoot?.cid ?? "none"), got \(actual.eventsRoot?.description ?? "none")")
            }
        }
        if post.stateTree.rootCID.cid != root.description {
            out.append("state_tree.root_cid: expected \(post.stateTree.rootCID.cid), got \(root)")
        }
        return out
    }
}
