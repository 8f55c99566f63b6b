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
/// changed (plus a fast compare of memory and slots against shadow copies).
final class StateExporter {
    let task: TaskProgram
    let state: TaskState
    private var slotShadow: [UInt64]
    private var memoryShadow: [UInt8] = []
    private var exportedDepth = 0
    private var exportedOutput = 0

    init(task: TaskProgram, initial: TaskState) {
        self.task = task
        self.state = initial
        slotShadow = Array(repeating: 0, count: Int(TaskLimits.maxSlots))
    }

    /// Makes the shadows match `state` (a checkpoint the machine was restored from).
    func prime(slots: [UInt64: Leaf], memory: [UInt64: Leaf], memoryBytes: Int, depth: Int, outputCount: Int) {
        for (index, leaf) in slots {
            for k in 0..<4 { slotShadow[Int(index) * 4 + k] = leaf[word: k] }
        }
        memoryShadow = Array(repeating: 0, count: memoryBytes)
        for (index, leaf) in memory {
            for k in 0..<32 { memoryShadow[Int(index) * 32 + k] = leaf[byte: k] }
        }
        exportedDepth = depth
        exportedOutput = outputCount
    }

    /// Exports the machine state: registers from `registers`, everything else from the store.
    func export(store: Store, instance: Instance, registers: Registers, output: [UInt8]) {
        state.registers = registers
        exportSlots(store.valueSlots)
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

    private func exportSlots(_ slots: UnsafeBufferPointer<UInt64>) {
        let count = min(slots.count, slotShadow.count)
        slotShadow.withUnsafeMutableBufferPointer { shadow in
            // Compare 512 slots at a time; look at leaves only where something changed.
            var start = 0
            while start < count {
                let end = min(start + 512, count)
                if memcmp(slots.baseAddress! + start, shadow.baseAddress! + start, (end - start) * 8) != 0 {
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
        if memoryShadow.count < count { memoryShadow.append(contentsOf: repeatElement(0, count: count - memoryShadow.count)) }
        let bytes = UnsafeRawPointer(memory.bytes)
        memoryShadow.withUnsafeMutableBytes { shadow in
            let page = 4096
            var start = 0
            while start < count {
                let end = min(start + page, count)
                // Compare a page at a time; look at leaves only in pages that changed.
                if memcmpBytes(bytes + start, shadow.baseAddress! + start, end - start) {
                    var offset = start
                    while offset < end {
                        if memcmpBytes(bytes + offset, shadow.baseAddress! + offset, 32) {
                            (shadow.baseAddress! + offset).copyMemory(from: bytes + offset, byteCount: 32)
                            let words = (0..<4).map { bytes.loadUnaligned(fromByteOffset: offset + 8 * $0, as: UInt64.self).littleEndian }
                            state.write(.memory, UInt64(offset / 32), Leaf(words[0], words[1], words[2], words[3]))
                        }
                        offset += 32
                    }
                }
                start = end
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
