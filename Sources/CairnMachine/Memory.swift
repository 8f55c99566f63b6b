import CairnWasm

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A linear memory: bytes that grow in 64 KiB pages.
public final class MemoryInstance {
    /// Bytes in one Wasm page.
    public static let pageSize = 65536

    public let limits: Limits
    /// Current size in bytes.
    public private(set) var byteCount: Int
    /// Bytes allocated, at least `byteCount`; grows geometrically so that growing page by page
    /// costs amortized linear time. Bytes past `byteCount` are kept zeroed.
    private var capacity: Int
    /// The bytes. Reallocated by ``grow(by:limit:)``; never cache across a grow.
    public private(set) var bytes: UnsafeMutableRawPointer
    /// Whether `bytes` are pages mapped from the system (see ``allocateZeroed(_:)``).
    private var mapped: Bool

    /// A memory of `pages` zeroed pages (by default its declared minimum).
    public init(limits: Limits, pages: UInt64? = nil) {
        self.limits = limits
        self.byteCount = Int(pages ?? limits.min) * Self.pageSize
        self.capacity = byteCount
        (self.bytes, self.mapped) = Self.allocateZeroed(byteCount)
    }

    deinit { Self.deallocate(bytes, capacity: capacity, mapped: mapped) }

    /// The size in pages.
    public var pageCount: UInt64 { UInt64(byteCount / Self.pageSize) }

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
            let (newBytes, newMapped) = Self.allocateZeroed(newCapacity)
            newBytes.copyMemory(from: bytes, byteCount: byteCount)
            Self.deallocate(bytes, capacity: capacity, mapped: mapped)
            bytes = newBytes
            mapped = newMapped
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
        return true
    }

    /// `count` zeroed bytes, and whether they were mapped from the system.
    ///
    /// Memories of whole pages are mapped: the system hands out zeroed pages and only backs
    /// those that are touched, so instantiating a program whose memory starts at 1 MiB costs
    /// what it uses, not a 1 MiB `memset` (which was most of the time of instantiating it).
    static func allocateZeroed(_ count: Int) -> (UnsafeMutableRawPointer, mapped: Bool) {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        if count >= pageSize {
            let pointer = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            // MAP_FAILED is (void *)-1, spelled out since not every libc overlay exports it.
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
