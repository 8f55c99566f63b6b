/// An IPLD block an invocation holds open: its codec and bytes.
public struct Block: Hashable, Sendable {
    /// The multicodec of `data` (DAG-CBOR 0x71, CBOR 0x51, raw 0x55).
    public var codec: UInt64
    /// The bytes.
    public var data: [UInt8]

    /// A block of `data` under `codec`.
    public init(codec: UInt64, data: [UInt8]) {
        (self.codec, self.data) = (codec, data)
    }
}

/// The blocks one invocation has open, by handle (ref-fvm's block registry).
///
/// Handle 0 means "no block" (an empty return, no parameters); real handles start at 1 and
/// count up, so the parameters of an invocation, opened first, are always handle 1. Handles
/// belong to the invocation: another invocation of the same actor starts again at 1.
struct BlockRegistry {
    /// The handle meaning "no block".
    static let noBlock: UInt32 = 0
    /// The first handle given out.
    static let firstHandle: UInt32 = 1
    /// The most blocks one invocation may hold open (a bound on host memory per invocation).
    static let maxBlocks = 1 << 20

    private var blocks: [Block] = []

    /// Opens `block`; returns its handle, or `limitExceeded` when too many are open.
    mutating func put(_ block: Block) throws(SyscallFailure) -> UInt32 {
        guard blocks.count < Self.maxBlocks else { throw ErrorNumber.limitExceeded.failure }
        blocks.append(block)
        return UInt32(blocks.count - 1) + Self.firstHandle
    }

    /// The block under `handle`, or `invalidHandle`.
    func get(_ handle: UInt32) throws(SyscallFailure) -> Block {
        guard handle >= Self.firstHandle, Int(handle - Self.firstHandle) < blocks.count else {
            throw ErrorNumber.invalidHandle.failure
        }
        return blocks[Int(handle - Self.firstHandle)]
    }
}
