// Keccak-256 as Ethereum uses it: the Keccak sponge over Keccak-f[1600] with rate 1088 bits
// (136 bytes), capacity 512 bits and a 256-bit output.
//
// Padding: this is the *original* Keccak padding (pad10*1 with domain byte 0x01), not SHA3-256's.
// FIPS 202 appends the two domain bits `01` before pad10*1, which turns the first padding byte
// into 0x06; Keccak-256 (the submission Ethereum adopted before FIPS 202 was final) uses 0x01.
// Both set 0x80 in the last byte of the block (the two bytes merge into 0x81 when only one
// byte of padding fits). Everything else is identical, so the two functions differ on every
// input: Keccak-256("") = c5d24601..., SHA3-256("") = a7ffc6f8....

/// An incremental Keccak-256 hasher (the original Keccak padding, as in Ethereum; not SHA3-256).
///
/// Feed bytes with any of the `update` methods, in as many pieces as convenient, then call
/// ``finalize()``. The digest depends only on the concatenation of the bytes, never on how they
/// were split. For a single buffer, ``hash(_:)-(UnsafeRawBufferPointer)`` is the shortest path.
///
/// ```swift
/// let digest = Keccak256.hash(Array("abc".utf8))
/// print(digest)  // 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45
///
/// // A Merkle node: a domain byte and two children, with no heap allocation.
/// var hasher = Keccak256()
/// hasher.update(0x01 as UInt8)
/// hasher.update(left)
/// hasher.update(right)
/// let node = hasher.finalize()
/// ```
///
/// The hasher is a value (about 350 bytes, all inline): copying it forks the computation, which
/// is how to hash several messages that share a prefix.
public struct Keccak256: Sendable {
    /// The rate in bytes: how much input each permutation absorbs.
    public static let blockByteCount = 136

    /// The length of a digest in bytes.
    public static let digestByteCount = 32

    /// The sponge state.
    private var state = KeccakState()
    /// Input bytes of the current, incomplete block (always fewer than a block).
    private var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// How many bytes of `buffer` hold input, in `0..<blockByteCount`.
    private var buffered = 0

    /// 136 bytes of inline storage. A homogeneous tuple is laid out contiguously.
    private typealias Block = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )

    /// Creates a hasher for the empty message.
    public init() {}

    // MARK: - Absorbing

    /// Appends the bytes of a buffer to the message.
    ///
    /// This is the fast path the other `update` methods end in: whole blocks are absorbed
    /// straight from `input`; only a trailing partial block is copied.
    public mutating func update(_ input: UnsafeRawBufferPointer) {
        guard var source = input.baseAddress, !input.isEmpty else { return }
        var remaining = input.count
        let rate = Self.blockByteCount
        if buffered > 0 {
            let take = min(remaining, rate - buffered)
            let offset = buffered
            withUnsafeMutableBytes(of: &buffer) {
                ($0.baseAddress! + offset).copyMemory(from: source, byteCount: take)
            }
            buffered += take
            source += take
            remaining -= take
            guard buffered == rate else { return }
            absorbBuffer()
        }
        while remaining >= rate {
            state.absorb(source)
            state.permute()
            source += rate
            remaining -= rate
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) {
                $0.baseAddress!.copyMemory(from: source, byteCount: remaining)
            }
            buffered = remaining
        }
    }

    /// Appends the bytes of an array to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Appends one byte to the message.
    public mutating func update(_ byte: UInt8) {
        let offset = buffered
        withUnsafeMutableBytes(of: &buffer) { $0[offset] = byte }
        buffered += 1
        if buffered == Self.blockByteCount { absorbBuffer() }
    }

    /// Appends the 32 bytes of a digest to the message (as in a Merkle node), without allocating.
    public mutating func update(_ digest: Digest) {
        digest.withUnsafeBytes { update($0) }
    }

    /// Appends a sequence of bytes to the message.
    ///
    /// Contiguous sequences (arrays, slices, `Data`-like buffers, native strings' `utf8`) go
    /// through ``update(_:)-(UnsafeRawBufferPointer)`` directly; others are copied through a
    /// small stack buffer.
    @inlinable
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let contiguous: Void? = bytes.withContiguousStorageIfAvailable {
            update(UnsafeRawBufferPointer($0))
        }
        if contiguous != nil { return }
        var chunk: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &chunk) { chunk in
            var count = 0
            for byte in bytes {
                chunk[count] = byte
                count += 1
                if count == chunk.count {
                    update(UnsafeRawBufferPointer(chunk))
                    count = 0
                }
            }
            update(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
    }

    /// Absorbs the full `buffer` and empties it.
    private mutating func absorbBuffer() {
        let block = buffer
        withUnsafeBytes(of: block) { state.absorb($0.baseAddress!) }
        state.permute()
        buffered = 0
    }

    // MARK: - Finishing

    /// Pads the message, runs the last permutation and returns the digest.
    ///
    /// Padding is Keccak's pad10*1 with the first padding byte 0x01 (SHA3-256 would use 0x06):
    /// byte `0x01` right after the message, `0x80` in the last byte of the block, zeros between.
    public consuming func finalize() -> Digest {
        let offset = buffered
        let rate = Self.blockByteCount
        withUnsafeMutableBytes(of: &buffer) { block in
            (block.baseAddress! + offset).initializeMemory(
                as: UInt8.self, repeating: 0, count: rate - offset)
            block[offset] = 0x01
            block[rate - 1] |= 0x80
        }
        absorbBuffer()
        return Digest(lanes: state.a0, state.a1, state.a2, state.a3)
    }

    // MARK: - One-shot hashing

    /// The Keccak-256 digest of the bytes of a buffer.
    ///
    /// Allocates nothing; use it (with `withUnsafeBytes`) for hot paths over small inputs.
    public static func hash(_ input: UnsafeRawBufferPointer) -> Digest {
        // The incremental path without its buffer: whole blocks straight from `input`, then
        // the padded last block built on the stack.
        var state = KeccakState()
        let rate = blockByteCount
        var remaining = input.count
        if var source = input.baseAddress {
            while remaining >= rate {
                state.absorb(source)
                state.permute()
                source += rate
                remaining -= rate
            }
        }
        var block: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &block) { block in
            if remaining > 0 {
                block.baseAddress!.copyMemory(
                    from: input.baseAddress! + (input.count - remaining), byteCount: remaining)
            }
            block[remaining] = 0x01
            block[rate - 1] |= 0x80
            state.absorb(block.baseAddress!)
        }
        state.permute()
        return Digest(lanes: state.a0, state.a1, state.a2, state.a3)
    }

    /// The Keccak-256 digest of an array of bytes.
    public static func hash(_ bytes: [UInt8]) -> Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The Keccak-256 digest of a sequence of bytes, for example `string.utf8`.
    @inlinable
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> Digest
    where Bytes.Element == UInt8 {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

extension Keccak256 {
    /// The digest type Keccak-256 produces.
    public typealias Digest = CairnHash.Digest
}
