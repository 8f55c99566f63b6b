import CairnMachine

/// Which executor a frame instance's imports serve: set for each frame, since a kept instance
/// serves the frames of many transactions (EVMHostImports binds its host functions to this box).
final class EVMFrameHost {
    /// The executor whose frame runs; unowned: it is set only while that executor runs a frame.
    unowned(unsafe) var executor: EVMExecutor?
}

/// The interpreter instantiated in a store of its own, with its imports bound to an
/// ``EVMFrameHost``: what one frame runs in. A frame leaves it dirty (memory, the bump
/// allocator's heap); ``reset()`` makes its memory again what instantiation left, byte for byte,
/// so that the next frame runs exactly as in a fresh instance (docs/evm.md, "Speed").
final class EVMFrameInstance {
    let store: Store
    let instance: Instance
    let memory: MemoryInstance
    let host = EVMFrameHost()
    /// Store addresses of the exports `evm_input` and `evm_run`.
    let inputFunction: Int
    let runFunction: Int
    /// The memory as instantiation left it (the data segment, the C stack, a zero heap).
    private let image: [UInt8]

    /// A new instance of `interpreter`'s program; `threaded`: its runs take threaded code
    /// (translated on the first run, then kept with the instance).
    init(_ interpreter: EVMInterpreter, threaded: Bool) throws(EVMError) {
        store = Store(limits: interpreter.limits, schedule: interpreter.schedule)
        store.threadedDispatch = threaded
        let imports = EVMHostImports.imports(for: host, in: store)
        do {
            instance = try store.instantiate(interpreter.program, imports: imports, prepared: interpreter.prepared)
        } catch {
            throw .invalidInterpreter("\(error)")
        }
        guard let memory = instance.memory, let input = instance.exportedFunction("evm_input"),
            let run = instance.exportedFunction("evm_run")
        else { throw .invalidInterpreter("no memory, evm_input or evm_run") }
        self.memory = memory
        inputFunction = input
        runFunction = run
        image = memory.read(offset: 0, count: memory.byteCount) ?? []
    }

    /// Lets the next frame use at most `gas` more Cairn gas; false when the store's gas counter
    /// cannot count that far (the instance must then be replaced).
    func allow(gas: UInt64) -> Bool {
        let (limit, overflow) = store.gasUsed.addingReportingOverflow(gas)
        if overflow { return false }
        store.gasLimit = limit
        return true
    }

    /// Makes the memory what instantiation left, after a frame that returned normally (a
    /// trapped frame's instance is dropped instead: its C stack pointer was not restored). The
    /// end of the heap the frame used is `evm_input(0)` (the bump allocator's top, aligned);
    /// nothing above it was written, so the bytes below it are restored from the image and
    /// those above the image zeroed. The memory keeps the size it grew to: the allocator then
    /// asks for fewer pages, and where a fresh instance's `memory.grow` fails (past 1 GiB) so
    /// does this one's, as both grow to the same end. False when the instance cannot be kept:
    /// the call trapped, or its memory grew past `maxKeptBytes`.
    func reset(maxKeptBytes: Int) -> Bool {
        guard memory.byteCount <= maxKeptBytes,
            case .i32(let top)? = try? store.invoke(inputFunction, [.i32(0)]).first
        else { return false }
        let end = min(Int(top), memory.byteCount)
        let restored = min(end, image.count)
        image.withUnsafeBytes { memory.bytes.copyMemory(from: $0.baseAddress!, byteCount: restored) }
        if end > image.count { (memory.bytes + image.count).initializeMemory(as: UInt8.self, repeating: 0, count: end - image.count) }
        return true
    }
}

/// The frame instances a transaction keeps, one per call depth below ``EVMInterpreter/keptDepth``:
/// a depth's frames never overlap, so each depth reuses one instance (and its threaded code).
/// A pool serves one transaction at a time; the interpreter lends pools out (``EVMInterpreter``),
/// so it moves between threads but is never used by two at once (hence unchecked Sendable).
final class EVMFramePool: @unchecked Sendable {
    private var kept: [EVMFrameInstance?] = []

    /// An instance for a frame at `depth`: the kept one, or a new one.
    func take(depth: Int, _ interpreter: EVMInterpreter) throws(EVMError) -> EVMFrameInstance {
        if depth < kept.count, let frame = kept[depth] {
            kept[depth] = nil
            return frame
        }
        return try EVMFrameInstance(interpreter, threaded: interpreter.threadedDispatch && depth < interpreter.keptDepth)
    }

    /// Gives back the instance of a frame at `depth` that returned normally (`clean`), to be
    /// reset and kept if the depth is kept; otherwise it is dropped.
    func give(_ frame: EVMFrameInstance, depth: Int, clean: Bool, _ interpreter: EVMInterpreter) {
        frame.host.executor = nil
        guard clean, depth < interpreter.keptDepth, frame.reset(maxKeptBytes: interpreter.maxKeptMemory) else { return }
        while kept.count <= depth { kept.append(nil) }
        kept[depth] = frame
    }
}
