@testable import CairnMachine
import CairnWasm
import Testing

// A memory reserves its maximum once and grows in place (Memory.swift); written pages are
// tracked for the task state export (MemoryWrites.swift).

@Suite struct MemoryReservationTests {
    @Test(arguments: [nil, 65536, 3] as [UInt64?])
    func growsInPlaceWithZeroedPages(max: UInt64?) {
        let memory = MemoryInstance(limits: Limits(min: 1, max: max))
        let base = memory.bytes
        memory.bytes.storeBytes(of: 0xFF, toByteOffset: 65535, as: UInt8.self)
        for _ in 0..<2 { #expect(memory.grow(by: 1, limit: 65536) != nil) }
        #expect(memory.bytes == base)
        #expect(memory.pageCount == 3)
        #expect(memory.read(offset: 65535, count: 2) == [0xFF, 0])
        #expect(memory.read(offset: 3 * 65536 - 8, count: 8) == Array(repeating: 0, count: 8))
        #expect(memory.grow(by: 1, limit: 65536) == (max == 3 ? nil : 3))
    }

    @Test func growingToFourGiBKeepsThePointer() {
        let memory = MemoryInstance(limits: Limits(min: 0, max: nil))
        let base = memory.bytes
        for _ in 0..<65536 { _ = memory.grow(by: 1, limit: 65536) }
        #expect(memory.byteCount == 1 << 32)
        #expect(memory.bytes == base)
        #expect(memory.write(offset: (1 << 32) - 1, [9]))
        #expect(memory.read(offset: (1 << 32) - 2, count: 2) == [0, 9])
        #expect(memory.grow(by: 1, limit: 65536) == nil)
    }

    @Test func thousandsOfMemoriesAtOnce() {
        // The spec suite keeps many instances alive: 4 GiB of address space each must be fine.
        let memories = (0..<3000).map { _ in MemoryInstance(limits: Limits(min: 1, max: nil)) }
        for (i, memory) in memories.enumerated() { memory.write(offset: i, [UInt8(truncatingIfNeeded: i)]) }
        #expect(memories.enumerated().allSatisfy { $0.element.read(offset: $0.offset, count: 1) == [UInt8(truncatingIfNeeded: $0.offset)] })
    }

    @Test func writtenPagesAreTakenOnce() {
        let memory = MemoryInstance(limits: Limits(min: 2, max: nil))
        #expect(!memory.tracksWrites)
        memory.write(offset: 0, [1])
        memory.trackWrites()
        #expect(memory.takeWrittenPages().isEmpty)
        memory.write(offset: 4095, [1, 2])
        memory.noteStore(8191, 8)
        memory.noteWrite(20000, 10000)
        memory.write(offset: 4096, [3])
        // 4095+2 → pages 0, 1; 8191+8 → 1, 2; 20000..<30000 → 4…7; 4096 → 1 (already flagged).
        #expect(memory.takeWrittenPages().sorted() == [0, 1, 2, 4, 5, 6, 7])
        #expect(memory.takeWrittenPages().isEmpty)
        memory.write(offset: 65536, [])
        memory.write(offset: 131071, [1])
        #expect(memory.takeWrittenPages() == [31])
    }
}
