import CairnWasm

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A linear memory: bytes that grow in 64 KiB pages.
///
/// The bytes never move: a memory reserves address space for its maximum size once (4 GiB
/// when no maximum is declared, as wasmtime does), inaccessible, and makes it readable and
/// writable as it grows. The system backs only the pages a program writes, so a program that
/// grows its memory to 4 GiB and touches one byte costs the host one page, not copies of
/// gigabytes. Where the reservation fails (or no system call for it exists) the memory falls
/// back to a block that is reallocated as it grows.
public final class MemoryInstance {
    /// Bytes in one Wasm page.
    public static let pageSize = 65536

    /// Bytes in one page of written-page tracking (see ``trackWrites()``).
    public static let trackedPageSize = 4096

    /// The memory's limits in 64 KiB pages, as declared.
    public let limits: Limits
    /// Current size in bytes.
    public private(set) var byteCount: Int
    /// Bytes readable and writable, at least `byteCount`; grows geometrically so that growing
    /// page by page costs amortized linear time. Bytes past `byteCount` are kept zeroed.
    private var capacity: Int
    /// Bytes of address space reserved at `bytes` (0 without a reservation).
    private let reserved: Int
    /// The bytes. Never moved when the memory has a reservation; callers still re-read it after
    /// ``grow(by:limit:)``, which moves the fallback block.
    public private(set) var bytes: UnsafeMutableRawPointer
    /// Whether `bytes` are pages mapped from the system (see ``allocateZeroed(_:)``).
    private var mapped: Bool
    /// Written-page tracking, once turned on (``trackWrites()``).
    @exclusivity(unchecked) var writes: WrittenPages?

    /// A memory of `pages` zeroed pages (by default its declared minimum).
    public init(limits: Limits, pages: UInt64? = nil) {
        self.limits = limits
        self.byteCount = Int(pages ?? limits.min) * Self.pageSize
        capacity = byteCount
        if let base = Self.reservation(Self.maximumBytes(limits), committing: byteCount) {
            (bytes, reserved, mapped) = (base, Self.maximumBytes(limits), true)
        } else {
            reserved = 0
            (bytes, mapped) = Self.allocateZeroed(byteCount)
        }
    }

    deinit {
        if reserved > 0 {
            munmap(bytes, reserved)
        } else {
            Self.deallocate(bytes, capacity: capacity, mapped: mapped)
        }
    }

    /// The size in pages.
    public var pageCount: UInt64 { UInt64(byteCount / Self.pageSize) }

    /// The largest size in bytes the memory can ever have: its declared maximum, at most 4 GiB.
    static func maximumBytes(_ limits: Limits) -> Int { Int(min(limits.max ?? 65536, 65536)) * pageSize }

    /// Whether growing by `delta` pages stays within the declared maximum and `limit`.
    public func canGrow(by delta: UInt64, limit: UInt64) -> Bool {
        let maximum = min(limits.max ?? 65536, limit, 65536)
        return delta <= maximum && pageCount + delta <= maximum
    }

    /// Grows by `delta` pages; returns the old size in pages, or nil when the declared maximum
    /// or the machine limit would be exceeded (memory is then unchanged).
    public func grow(by delta: UInt64, limit: UInt64) -> UInt64? {
        let old = pageCount
        guard canGrow(by: delta, limit: limit) else { return nil }
        if delta == 0 { return old }
        let newCount = Int(old + delta) * Self.pageSize
        if newCount > capacity {
            let maximumBytes = Int(min(limits.max ?? 65536, limit, 65536)) * Self.pageSize
            let newCapacity = min(max(newCount, capacity * 2), maximumBytes)
            if reserved > 0 {
                // In place: the new pages are the reservation's, zero until written. Failing
                // here is the host running out of memory, which must not change the result.
                guard Self.commit(bytes, from: capacity, to: newCapacity) else { fatalError("memory: cannot commit \(newCapacity) bytes") }
            } else {
                let (newBytes, newMapped) = Self.allocateZeroed(newCapacity)
                newBytes.copyMemory(from: bytes, byteCount: byteCount)
                Self.deallocate(bytes, capacity: capacity, mapped: mapped)
                bytes = newBytes
                mapped = newMapped
            }
            capacity = newCapacity
        }
        byteCount = newCount
        return old
    }

    /// Copies out `count` bytes at `offset`, or nil if out of bounds.
    public func read(offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset <= byteCount - count else { return nil }
        return Array(UnsafeRawBufferPointer(start: bytes + offset, count: count))
    }

    /// Writes `data` at `offset`; false (and nothing written) if out of bounds.
    @discardableResult
    public func write(offset: Int, _ data: [UInt8]) -> Bool {
        guard offset >= 0, offset <= byteCount - data.count else { return false }
        data.withUnsafeBytes { (bytes + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        noteWrite(UInt64(offset), UInt64(data.count))
        return true
    }

    /// `count` bytes of address space, inaccessible and backed by nothing; nil where that is
    /// not available.
    static func reserve(_ count: Int) -> UnsafeMutableRawPointer? {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        guard count >= pageSize else { return nil }
        let pointer = mmap(nil, count, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        // MAP_FAILED is (void *)-1, spelled out since not every libc overlay exports it.
        guard let pointer, pointer != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        return pointer
        #else
        return nil
        #endif
    }

    /// A reservation of `count` bytes with the first `committed` readable and writable, or nil.
    static func reservation(_ count: Int, committing committed: Int) -> UnsafeMutableRawPointer? {
        guard committed <= count, let base = reserve(count) else { return nil }
        guard commit(base, from: 0, to: committed) else {
            munmap(base, count)
            return nil
        }
        return base
    }

    /// Makes bytes `start..<end` of a reservation readable and writable.
    static func commit(_ base: UnsafeMutableRawPointer, from start: Int, to end: Int) -> Bool {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        end <= start || mprotect(base + start, end - start, PROT_READ | PROT_WRITE) == 0
        #else
        false
        #endif
    }

    /// `count` zeroed bytes, and whether they were mapped from the system.
    ///
    /// Memories of whole pages are mapped: the system hands out zeroed pages and only backs
    /// those that are touched, so instantiating a program whose memory starts at 1 MiB costs
    /// what it uses, not a 1 MiB `memset` (which was most of the time of instantiating it).
    static func allocateZeroed(_ count: Int) -> (UnsafeMutableRawPointer, mapped: Bool) {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        if count >= pageSize {
            let pointer = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            if let pointer, pointer != UnsafeMutableRawPointer(bitPattern: -1) { return (pointer, true) }
        }
        #endif
        // Never a zero-sized allocation, so the pointer is always valid to hold.
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 8), alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 8))
        return (pointer, false)
    }

    static func deallocate(_ pointer: UnsafeMutableRawPointer, capacity: Int, mapped: Bool) {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        if mapped {
            munmap(pointer, capacity)
            return
        }
        #endif
        pointer.deallocate()
    }
}
