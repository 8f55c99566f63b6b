#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which 4 KiB pages of a memory were written since they were last taken: what makes a task's
/// state export cost time in proportion to what changed (docs/proofs.md, "Fast mode").
///
/// One flag byte per page of the memory's maximum (1 MiB for 4 GiB, mapped, so backed only
/// where pages were written) says whether the page is already in `pages`, the list in the
/// order of first writes. A write to a flagged page costs a load and a compare.
final class WrittenPages {
    /// One flag per tracked page of the maximum size.
    let flags: UnsafeMutablePointer<UInt8>
    let flagCount: Int
    private let mapped: Bool
    /// The flagged pages, each once.
    var pages: [Int] = []

    init(maximumBytes: Int) {
        flagCount = max(maximumBytes / MemoryInstance.trackedPageSize, 1)
        let (pointer, mapped) = MemoryInstance.allocateZeroed(flagCount)
        flags = pointer.assumingMemoryBound(to: UInt8.self)
        self.mapped = mapped
    }

    deinit { MemoryInstance.deallocate(UnsafeMutableRawPointer(flags), capacity: flagCount, mapped: mapped) }

    /// Flags pages `first...last`.
    @inline(never)
    func mark(_ first: Int, _ last: Int) {
        for page in first...last where flags[page] == 0 {
            flags[page] = 1
            pages.append(page)
        }
    }

    /// The flagged pages, unflagged.
    func take() -> [Int] {
        let taken = pages
        for page in taken { flags[page] = 0 }
        pages.removeAll(keepingCapacity: true)
        return taken
    }
}

extension MemoryInstance {
    /// Turns on tracking of written pages: from now on every write by a counted run (stores,
    /// `memory.fill`, `memory.copy`, `memory.init`) and by ``write(offset:_:)`` flags the
    /// 4 KiB pages it touches, until ``takeWrittenPages()``. Runs with threaded code (metered and
    /// unmetered) do not flag anything: only turn it on for memories that only counted runs
    /// and the host write, as `TaskRunner` does. Pages written before are not flagged.
    public func trackWrites() {
        if writes == nil { writes = WrittenPages(maximumBytes: Self.maximumBytes(limits)) }
    }

    /// The largest size in bytes the memory can ever have (its declared maximum, at most 4 GiB).
    public var maximumByteCount: Int { Self.maximumBytes(limits) }

    /// Whether written pages are tracked.
    public var tracksWrites: Bool { writes != nil }

    /// The indices of the 4 KiB pages written since the last call (or since tracking was
    /// turned on), each once, and forgets them.
    public func takeWrittenPages() -> [Int] { writes?.take() ?? [] }

    /// A store of at most 8 bytes at `address` (in bounds): flags its page, or its two pages.
    @inline(__always)
    func noteStore(_ address: UInt64, _ count: UInt64) {
        guard let writes else { return }
        let first = Int(truncatingIfNeeded: address >> 12)
        let last = Int(truncatingIfNeeded: (address &+ count &- 1) >> 12)
        if writes.flags[first] == 0 || writes.flags[last] == 0 { writes.mark(first, last) }
    }

    /// A write of `count` bytes at `address` (in bounds): flags every page it touches.
    func noteWrite(_ address: UInt64, _ count: UInt64) {
        guard let writes, count > 0 else { return }
        writes.mark(Int(truncatingIfNeeded: address >> 12), Int(truncatingIfNeeded: (address &+ count &- 1) >> 12))
    }
}
