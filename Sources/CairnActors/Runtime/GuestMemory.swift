import CairnIPLD
import CairnMachine

/// Checked access to an actor's linear memory from a syscall.
///
/// Every pointer and length an actor passes is untrusted: a range outside the memory is
/// `illegalArgument` to the actor, never a host crash. Ranges are checked in 64-bit
/// arithmetic, so `offset + length` cannot wrap.
struct GuestMemory {
    /// The instance's memory; nil for a module without one (every access then fails).
    let memory: MemoryInstance?

    /// The longest CID the runtime reads from memory (ref-fvm's `MAX_CID_LEN`).
    static let maxCIDLength = 100

    /// Checks that `offset..<offset+length` lies in memory.
    func check(_ offset: UInt32, _ length: UInt32) throws(SyscallFailure) {
        guard let memory, UInt64(offset) + UInt64(length) <= UInt64(memory.byteCount) else {
            throw ErrorNumber.illegalArgument.failure
        }
    }

    /// Copies `length` bytes from `offset`.
    func read(_ offset: UInt32, _ length: UInt32) throws(SyscallFailure) -> [UInt8] {
        try check(offset, length)
        guard length > 0, let memory else { return [] }
        let start = UnsafeRawPointer(memory.bytes + Int(offset))
        return Array(UnsafeRawBufferPointer(start: start, count: Int(length)))
    }

    /// Writes `bytes` at `offset`.
    func write(_ bytes: [UInt8], at offset: UInt32) throws(SyscallFailure) {
        try check(offset, UInt32(clamping: bytes.count))
        guard !bytes.isEmpty, let memory else { return }
        bytes.withUnsafeBytes { (memory.bytes + Int(offset)).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
    }

    /// Writes `bytes` into the buffer `offset..<offset+capacity`: `illegalArgument` when the
    /// buffer is outside memory, `bufferTooSmall` when the bytes do not fit.
    func write(_ bytes: [UInt8], into offset: UInt32, capacity: UInt32) throws(SyscallFailure) {
        try check(offset, capacity)
        guard bytes.count <= Int(capacity) else { throw ErrorNumber.bufferTooSmall.failure }
        try write(bytes, at: offset)
    }

    /// Reads the CID that starts at `offset` (it must end within ``maxCIDLength`` bytes and
    /// within memory): `illegalArgument` when `offset` is outside memory or the bytes are not
    /// a CID (the ABI's answer, and ref-fvm's).
    func readCID(_ offset: UInt32) throws(SyscallFailure) -> CID {
        guard let memory, Int(offset) < memory.byteCount else { throw ErrorNumber.illegalArgument.failure }
        let available = min(Self.maxCIDLength, memory.byteCount - Int(offset))
        let bytes = try read(offset, UInt32(available))
        var position = 0
        guard let cid = try? CID(reading: bytes, at: &position) else { throw ErrorNumber.illegalArgument.failure }
        return cid
    }

    /// Writes `cid` into the buffer `offset..<offset+capacity`; returns its length.
    func writeCID(_ cid: CID, into offset: UInt32, capacity: UInt32) throws(SyscallFailure) -> UInt32 {
        try write(cid.bytes, into: offset, capacity: capacity)
        return UInt32(cid.bytes.count)
    }
}

/// Little-endian packing of the fixed-layout structs syscalls return through a `ret` pointer
/// (ref-fvm's `#[repr(C, packed)]` structs: no padding).
struct PackedWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }

    /// A token amount as the ABI's `{lo: u64, hi: u64}` (128 bits; larger amounts saturate).
    mutating func tokenAmount(_ amount: TokenAmount) {
        let (lo, hi) = TokenAmountWords.split(amount)
        u64(lo)
        u64(hi)
    }
}
