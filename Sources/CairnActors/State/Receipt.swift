import CairnIPLD

/// The result of applying a message (fvm_shared v4 `Receipt`).
///
/// DAG-CBOR form, a 4-element list: `[exitCode, returnData, gasUsed, eventsRoot]`, where
/// `returnData` is a byte string (empty for none), `gasUsed` an unsigned integer and
/// `eventsRoot` the link to the AMT of `StampedEvent`s, or null when no event was emitted.
public struct Receipt: Hashable, Sendable {
    /// How execution ended.
    public var exitCode: ExitCode
    /// The return value (empty for none).
    public var returnData: [UInt8]
    /// The gas charged.
    public var gasUsed: UInt64
    /// The AMT of `StampedEvent`s, nil if none was emitted.
    public var eventsRoot: CID?

    /// A receipt.
    public init(exitCode: ExitCode, returnData: [UInt8] = [], gasUsed: UInt64, eventsRoot: CID? = nil) {
        self.exitCode = exitCode
        self.returnData = returnData
        self.gasUsed = gasUsed
        self.eventsRoot = eventsRoot
    }

    /// The DAG-CBOR value.
    public var ipld: IPLD {
        .list([.uint(UInt64(exitCode.rawValue)), .bytes(returnData), .uint(gasUsed), eventsRoot.map(IPLD.link) ?? .null])
    }

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        let f = try IPLDRead.tuple(ipld, count: 4, "receipt")
        let code = try IPLDRead.uint64(f[0], "receipt exit code")
        guard let code32 = UInt32(exactly: code) else { throw .shape("receipt exit code \(code) exceeds u32") }
        exitCode = ExitCode(code32)
        returnData = try IPLDRead.bytes(f[1], "receipt return data")
        gasUsed = try IPLDRead.uint64(f[2], "receipt gas used")
        eventsRoot = try IPLDRead.optionalLink(f[3], "receipt events root")
    }

    /// The DAG-CBOR bytes.
    public func encoded() throws(ActorDataError) -> [UInt8] { try IPLDRead.encode(ipld) }

    /// Reads DAG-CBOR bytes.
    public init(encoded bytes: [UInt8]) throws(ActorDataError) { try self.init(ipld: IPLDRead.decode(bytes)) }
}
