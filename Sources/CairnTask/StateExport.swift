import CairnMachine
import CairnProof
import CairnVerifier

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Brings a ``TaskState`` up to date with a machine paused at a step, writing only the leaves
/// that differ from the last export, so that a commitment costs time in proportion to what
/// changed (docs/proofs.md, "Fast mode").
///
/// Memory: the machine flags the 4 KiB pages written since the last export
/// (``MemoryInstance/takeWrittenPages()``); only those are compared with a shadow copy of what
/// the state holds, and only their leaves that differ are written. Slots: those below the
/// machine's bound on the slots written (``Store/valueSlotsWritten(largestFrame:)``) are
/// compared with their shadow. Both shadows are reserved address space that the system backs
/// only where written, so a task that grows its memory to 4 GiB costs what it touches.
final class StateExporter {
    let task: TaskProgram
    let state: TaskState
    /// The slots as the state holds them (as many as the machine has).
    private let slotShadow = ShadowBuffer(byteCount: Int(TaskLimits.maxSlots) * 8)
    /// The memory as the state holds it, as large as the memory's maximum; made at first use.
    private var memoryShadow: ShadowBuffer?
    /// The largest frame of the program's functions (and its entrypoint).
    private let largestFrame: Int
    private var exportedDepth = 0
    private var exportedOutput = 0

    init(task: TaskProgram, initial: TaskState) {
        self.task = task
        self.state = initial
        largestFrame = (task.program.functions + [task.program.entrypoint]).map { Int($0.frameSize) }.max() ?? 0
    }

    /// Makes the shadows match `state` (a checkpoint the machine was restored from).
    func prime(slots: [UInt64: Leaf], memory: [UInt64: Leaf], into machineMemory: MemoryInstance?, depth: Int, outputCount: Int) {
        let slotWords = slotShadow.pointer.assumingMemoryBound(to: UInt64.self)
        for (index, leaf) in slots {
            for k in 0..<4 { slotWords[Int(index) * 4 + k] = leaf[word: k] }
        }
        if let machineMemory {
            let shadow = memoryShadow(for: machineMemory)
            for (index, leaf) in memory {
                for k in 0..<32 { shadow.pointer.storeBytes(of: leaf[byte: k], toByteOffset: Int(index) * 32 + k, as: UInt8.self) }
            }
        }
        exportedDepth = depth
        exportedOutput = outputCount
    }

    private func memoryShadow(for memory: MemoryInstance) -> ShadowBuffer {
        if let memoryShadow { return memoryShadow }
        let shadow = ShadowBuffer(byteCount: memory.maximumByteCount)
        memoryShadow = shadow
        return shadow
    }

    /// A copy of the exported state to hand out, with its hashes brought up to date first.
    ///
    /// A copy shares the trees, including the list of leaves written since they were last
    /// hashed: copied unhashed, every copy would rehash every write since the first export, and
    /// a run paused a thousand times would hash quadratically (it was most of a dispute's
    /// history run). Hashed here, each write is hashed once, and copies start clean.
    func snapshot() -> TaskState {
        _ = state.stateHash()
        return state.copy()
    }

    /// Exports the machine state: registers from `registers`, everything else from the store.
    func export(store: Store, instance: Instance, registers: Registers, output: [UInt8]) {
        state.registers = registers
        exportSlots(UnsafeBufferPointer(rebasing: store.valueSlots[..<store.valueSlotsWritten(largestFrame: largestFrame)]))
        exportFrames(store, depth: Int(registers.depth))
        if let memory = instance.memory { exportMemory(memory) }
        for g in 0..<instance.globalCount {
            update(.globals, UInt64(g), Leaf(instance.globalBits(g), 0, 0, 0))
        }
        for t in 0..<task.program.tables.count {
            let elements = instance.tableElements(t)
            update(.aux, AuxRegion.tableSize.leaf(UInt64(t)), Leaf(UInt64(elements.count), 0, 0, 0))
            // Store addresses equal function indices in a task store (imports added first, in order).
            for (i, element) in elements.enumerated() { update(.tables, UInt64(t) << 24 | UInt64(i), Leaf(element, 0, 0, 0)) }
        }
        for (s, segment) in task.program.data.enumerated() where !segment.bytes.isEmpty {
            update(.aux, AuxRegion.droppedData.leaf(UInt64(s)), Leaf(instance.isDataSegmentEmpty(s) ? 1 : 0, 0, 0, 0))
        }
        for (s, segment) in task.program.elements.enumerated() where !segment.items.isEmpty {
            update(.aux, AuxRegion.droppedElements.leaf(UInt64(s)), Leaf(instance.isElementSegmentEmpty(s) ? 1 : 0, 0, 0, 0))
        }
        exportOutput(output)
    }

    private func update(_ tree: Tree, _ index: UInt64, _ leaf: Leaf) {
        if state.read(tree, index) != leaf { state.write(tree, index, leaf) }
    }

    /// Exports `slots`, which start at slot 0 and include every slot written since the last export.
    private func exportSlots(_ slots: UnsafeBufferPointer<UInt64>) {
        // Whole leaves: the count rounded up to a multiple of 4 (the machine's slot count is one).
        let count = min((slots.count + 3) & ~3, Int(TaskLimits.maxSlots))
        let slots = UnsafeBufferPointer(start: slots.baseAddress!, count: count)
        let shadow = slotShadow.pointer.assumingMemoryBound(to: UInt64.self)
        // Compare 512 slots at a time; look at leaves only where something changed.
        var start = 0
        while start < count {
            let end = min(start + 512, count)
            if memcmp(slots.baseAddress! + start, shadow + start, (end - start) * 8) != 0 {
                var i = start
                while i < end {
                    if slots[i] != shadow[i] || slots[i + 1] != shadow[i + 1] || slots[i + 2] != shadow[i + 2] || slots[i + 3] != shadow[i + 3] {
                        for k in 0..<4 { shadow[i + k] = slots[i + k] }
                        state.write(.slots, UInt64(i / 4), Leaf(slots[i], slots[i + 1], slots[i + 2], slots[i + 3]))
                    }
                    i += 4
                }
            }
            start = end
        }
    }

    private func exportFrames(_ store: Store, depth: Int) {
        for i in 0..<max(depth, exportedDepth) {
            let leaf: Leaf
            if i < depth {
                let frame = store.frame(i)
                leaf = Leaf(UInt64(frame.returnPC), UInt64(frame.callerBase), 0, 0)
            } else {
                leaf = .zero
            }
            update(.frames, UInt64(i), leaf)
        }
        exportedDepth = depth
    }

    private func exportMemory(_ memory: MemoryInstance) {
        let count = memory.byteCount
        let page = MemoryInstance.trackedPageSize
        let bytes = UnsafeRawPointer(memory.bytes)
        let shadow = memoryShadow(for: memory).pointer
        // Without tracking (never the case in `TaskRunner`), every page may have changed.
        let pages = memory.tracksWrites ? memory.takeWrittenPages() : Array(0..<(count + page - 1) / page)
        for index in pages {
            let start = index * page
            let end = min(start + page, count)
            // Compare the page; look at leaves only when it changed.
            guard start < end, memcmpBytes(bytes + start, shadow + start, end - start) else { continue }
            var offset = start
            while offset < end {
                if memcmpBytes(bytes + offset, shadow + offset, 32) {
                    (shadow + offset).copyMemory(from: bytes + offset, byteCount: 32)
                    let words = (0..<4).map { bytes.loadUnaligned(fromByteOffset: offset + 8 * $0, as: UInt64.self).littleEndian }
                    state.write(.memory, UInt64(offset / 32), Leaf(words[0], words[1], words[2], words[3]))
                }
                offset += 32
            }
        }
    }

    private func exportOutput(_ output: [UInt8]) {
        guard output.count > exportedOutput else { return }
        var offset = exportedOutput & ~31
        while offset < output.count {
            state.write(.output, UInt64(offset / 32), Leaf(bytes: output[offset..<min(offset + 32, output.count)]))
            offset += 32
        }
        exportedOutput = output.count
    }
}

/// Whether `count` bytes at `a` and `b` differ.
@inline(__always)
private func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    memcmp(a, b, count) != 0
}

/// Zeroed bytes that the system backs only where written (a private anonymous mapping), or a
/// zeroed heap block where mapping fails.
final class ShadowBuffer {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int
    private let mapped: Bool

    init(byteCount: Int) {
        self.byteCount = max(byteCount, 32)
        #if canImport(Glibc) || canImport(Darwin)
        let mapping = mmap(nil, self.byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        // MAP_FAILED is (void *)-1.
        if let mapping, mapping != UnsafeMutableRawPointer(bitPattern: -1) {
            (pointer, mapped) = (mapping, true)
            return
        }
        #endif
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.byteCount, alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: self.byteCount)
        mapped = false
    }

    deinit {
        #if canImport(Glibc) || canImport(Darwin)
        if mapped {
            munmap(pointer, byteCount)
            return
        }
        #endif
        pointer.deallocate()
    }
}
