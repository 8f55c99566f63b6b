import Foundation

/// A message-class test vector, modelled on Filecoin's conformance vectors (docs/vectors.md):
/// a pre-state as a base64 CARv1, the network context, messages as DAG-CBOR, and the receipts
/// and post-state root they must produce. One JSON file per vector.
public struct TestVector: Codable, Equatable, Sendable {
    /// The vector's class; only `"message"` is run.
    public var vectorClass: String
    /// Optional requirements of the runner (kept, not interpreted).
    public var selector: [String: String]?
    /// Who made the vector and what it checks.
    public var meta: Meta?
    /// Base64 of a CARv1 holding every block of the pre-state.
    public var car: String
    /// The state and network the messages run on.
    public var preconditions: Preconditions
    /// The messages, applied in order.
    public var applyMessages: [ApplyMessage]
    /// What applying them must give.
    public var postconditions: Postconditions

    enum CodingKeys: String, CodingKey {
        case vectorClass = "class", selector, meta = "_meta", car, preconditions
        case applyMessages = "apply_messages", postconditions
    }

    /// A vector.
    public init(
        meta: Meta?, car: String, preconditions: Preconditions, applyMessages: [ApplyMessage], postconditions: Postconditions
    ) {
        (vectorClass, selector, self.meta, self.car) = ("message", nil, meta, car)
        (self.preconditions, self.applyMessages, self.postconditions) = (preconditions, applyMessages, postconditions)
    }

    /// Descriptive fields.
    public struct Meta: Codable, Equatable, Sendable {
        /// The vector's name.
        public var id: String
        /// What it checks.
        public var description: String?
        /// The tool that wrote it.
        public var gen: String?
        /// Descriptive fields.
        public init(id: String, description: String? = nil, gen: String? = "cairn") {
            (self.id, self.description, self.gen) = (id, description, gen)
        }
    }

    /// A CID in DAG-JSON's link form, `{"/": "bafy…"}`.
    public struct Link: Codable, Equatable, Sendable {
        /// The CID's text.
        public var cid: String
        enum CodingKeys: String, CodingKey { case cid = "/" }
        /// A link.
        public init(_ cid: String) { self.cid = cid }
    }

    /// A state root.
    public struct StateTreeRef: Codable, Equatable, Sendable {
        /// The state root's CID.
        public var rootCID: Link
        enum CodingKeys: String, CodingKey { case rootCID = "root_cid" }
        /// A state root.
        public init(rootCID: Link) { self.rootCID = rootCID }
    }

    /// The pre-state and the network context.
    public struct Preconditions: Codable, Equatable, Sendable {
        /// The pre-state root (its blocks are in the CAR).
        public var stateTree: StateTreeRef
        /// The epoch of the first message.
        public var epoch: Int64
        /// The block timestamp.
        public var timestamp: UInt64?
        /// The base fee in attoFIL, as decimal text.
        public var baseFee: String?
        /// The chain ID.
        public var chainID: UInt64?
        /// The network version.
        public var networkVersion: UInt32?
        /// Base64 of the randomness seed.
        public var randomnessSeed: String?

        enum CodingKeys: String, CodingKey {
            case stateTree = "state_tree", epoch, timestamp, baseFee = "base_fee", chainID = "chain_id"
            case networkVersion = "network_version", randomnessSeed = "randomness_seed"
        }

        /// Preconditions.
        public init(stateTree: StateTreeRef, epoch: Int64, timestamp: UInt64? = nil, baseFee: String? = nil,
                    chainID: UInt64? = nil, networkVersion: UInt32? = nil, randomnessSeed: String? = nil) {
            (self.stateTree, self.epoch, self.timestamp, self.baseFee) = (stateTree, epoch, timestamp, baseFee)
            (self.chainID, self.networkVersion, self.randomnessSeed) = (chainID, networkVersion, randomnessSeed)
        }
    }

    /// One message.
    public struct ApplyMessage: Codable, Equatable, Sendable {
        /// Base64 of the message's DAG-CBOR.
        public var bytes: String
        /// Added to the preconditions' epoch for this message.
        public var epochOffset: Int64?
        enum CodingKeys: String, CodingKey { case bytes, epochOffset = "epoch_offset" }
        /// A message.
        public init(bytes: String, epochOffset: Int64? = nil) { (self.bytes, self.epochOffset) = (bytes, epochOffset) }
    }

    /// One expected receipt.
    public struct ExpectedReceipt: Codable, Equatable, Sendable {
        /// The exit code.
        public var exitCode: UInt32
        /// Base64 of the return data.
        public var returnData: String
        /// Gas used.
        public var gasUsed: UInt64
        /// The events root, if the receipt has one (absent: none expected).
        public var eventsRoot: Link?
        /// The expected backtrace of a failed message, deepest call first (absent: not checked).
        /// Not part of the receipt (ref-fvm returns it beside it, in `ApplyRet`).
        public var backtrace: [ExpectedFrame]?
        enum CodingKeys: String, CodingKey {
            case exitCode = "exit_code", returnData = "return", gasUsed = "gas_used", eventsRoot = "events_root"
            case backtrace
        }
        /// A receipt.
        public init(exitCode: UInt32, returnData: String, gasUsed: UInt64, eventsRoot: Link? = nil, backtrace: [ExpectedFrame]? = nil) {
            (self.exitCode, self.returnData, self.gasUsed, self.eventsRoot) = (exitCode, returnData, gasUsed, eventsRoot)
            self.backtrace = backtrace
        }
    }

    /// One failed call of an expected backtrace.
    public struct ExpectedFrame: Codable, Equatable, Sendable {
        /// The actor's ID, the method, the exit code and the message.
        public var actor: UInt64
        public var method: UInt64
        public var exitCode: UInt32
        public var message: String
        /// The Wasm functions it trapped in, innermost first (`name` or `name at file:line`);
        /// absent when it did not trap.
        public var wasmFrames: [String]?
        enum CodingKeys: String, CodingKey {
            case actor, method, exitCode = "exit_code", message, wasmFrames = "wasm_frames"
        }

        /// The expected frame of `call`.
        public init(_ call: FailedCall) {
            (actor, method, exitCode, message) = (call.actor, call.method, call.exitCode.value, call.message)
            wasmFrames = call.wasmFrames.isEmpty ? nil : call.wasmFrames.map(\.description)
        }
    }

    /// The expected outcome.
    public struct Postconditions: Codable, Equatable, Sendable {
        /// One receipt per message.
        public var receipts: [ExpectedReceipt]
        /// The post-state root.
        public var stateTree: StateTreeRef
        enum CodingKeys: String, CodingKey { case receipts, stateTree = "state_tree" }
        /// Postconditions.
        public init(receipts: [ExpectedReceipt], stateTree: StateTreeRef) { (self.receipts, self.stateTree) = (receipts, stateTree) }
    }

    /// Decodes a vector from its JSON.
    public static func decode(_ json: [UInt8]) throws(VectorError) -> TestVector {
        do { return try JSONDecoder().decode(TestVector.self, from: Data(json)) }
        catch { throw .malformed("not a test vector: \(error)") }
    }

    /// The vector as pretty, key-sorted JSON.
    public func encoded() throws(VectorError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(self)) + [0x0A] }
        catch { throw .malformed("cannot encode: \(error)") }
    }
}

/// Why a vector could not be read or run.
public enum VectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not a well-formed vector (JSON, base64, CAR, CID or message).
    case malformed(String)
    /// The vector's class is not `message`.
    case unsupportedClass(String)

    /// The reason as text.
    public var description: String {
        switch self {
        case .malformed(let why): why
        case .unsupportedClass(let name): "unsupported vector class \(name)"
        }
    }
}
