import CairnMachine
import CairnProgram
import CairnWasm

/// The GDB remote serial protocol target of `cairn debug --gdb-port` (docs/debugging.md, "GDB
/// remote protocol"), with the WebAssembly extensions LLDB speaks: answers one packet's
/// contents at a time from a ``DebugSession`` (no I/O here: ``GDBServer`` frames the packets).
///
/// Addresses follow LLDB's Wasm address space, as WasmKit's debugger reports them: bits 63–62
/// say which space (0: the linear memory, 1: the module image), bits 61–32 the module (0, the
/// only one), the low 32 bits the offset. A pc is an offset in the module binary, the Wasm
/// instruction's own byte offset, which the DWARF line tables and LLDB's disassembler use; a
/// Cairn program offset maps to the Wasm instruction it was lowered from, and a breakpoint
/// at a Wasm instruction to the first Cairn instruction lowered from it.
public final class GDBRemoteTarget {
    /// Where the module image starts in the protocol's address space.
    public static let codeSpace: UInt64 = 1 << 62
    public let session: DebugSession
    /// The module binary, readable in the code space.
    private let module: [UInt8]
    private let modulePath: String
    /// Whether the client asked for `QStartNoAckMode`.
    public private(set) var noAck = false
    /// Whether the client asked to kill or detach: the connection ends after the reply.
    public private(set) var done = false
    /// Why the session last stopped: `breakpoint` or `trace` (a step).
    private var reason = "trace"
    /// Program offsets by module offset: the first instruction lowered from each Wasm one.
    private let pcAtWasmOffset: [Int: Int]
    /// The address the client asked for each breakpoint's program offset: a stop there is
    /// reported at that address (the Wasm instruction asked for may have lowered to nothing).
    private var requested: [Int: UInt64] = [:]

    public init(session: DebugSession, module: [UInt8], modulePath: String) {
        self.session = session
        self.module = module
        self.modulePath = modulePath
        var map: [Int: Int] = [:]
        for pc in 0..<session.target.info.wasmOffsetCount {
            if let offset = session.target.info.moduleOffset(of: pc), map[offset] == nil { map[offset] = pc }
        }
        pcAtWasmOffset = map
    }

    /// The reply to one packet (its contents, without `$` and checksum); nil for none (`k`).
    public func reply(to packet: String) -> String? {
        let (name, arguments) = Self.split(packet)
        switch name {
        case "H": return "OK"
        case "qSupported": return "PacketSize=1000;QStartNoAckMode+;qXfer:libraries:read+;vContSupported+"
        case "QStartNoAckMode":
            noAck = true
            return "OK"
        case "QThreadSuffixSupported", "QListThreadsInStopReplies", "QSetDetachOnError": return "OK"
        case "qHostInfo": return "arch:wasm32;ptrsize:4;endian:little;ostype:wasip1;vendor:cairn;"
        case "qProcessInfo": return "pid:1;parent-pid:1;arch:wasm32;endian:little;ptrsize:4;"
        case "qC": return "QC1"
        case "qfThreadInfo": return "m1"
        case "qsThreadInfo": return "l"
        case "?": return stopReply()
        case "g": return Self.hex(littleEndian: currentAddress, bytes: 8)
        case "p": return arguments.hasPrefix("0") && (arguments.count == 1 || arguments.dropFirst().hasPrefix(";")) ? Self.hex(littleEndian: currentAddress, bytes: 8) : "E45"
        case "qRegisterInfo":
            guard arguments == "0" else { return "E45" }
            return "name:pc;bitsize:64;offset:0;encoding:uint;format:hex;set:General Purpose Registers;gcc:16;dwarf:16;generic:pc;"
        case "qXfer": return libraries(arguments)
        case "m": return readMemory(arguments)
        case "Z0", "z0": return breakpoint(set: name == "Z0", arguments)
        case "c": return resume { session.continue() }
        case "s": return resume { session.step() }
        case "vCont?": return "vCont;c;C;s;S"
        case "vCont":
            if arguments.hasPrefix(";s") { return resume { session.step() } }
            if arguments.hasPrefix(";c") { return resume { session.continue() } }
            return "E45"
        case "k":
            done = true
            return nil
        case "D":
            done = true
            return "OK"
        case "qWasmCallStack": return callStack()
        case "qWasmLocal": return wasmLocal(arguments)
        case "qWasmGlobal": return wasmGlobal(arguments)
        case "qWasmStackValue": return stackValue(arguments)
        case "qMemoryRegionInfo": return memoryRegion(arguments)
        default: return ""
        }
    }

    /// A packet's name and arguments (`m1000,4` → `m`, `1000,4`; `qWasmLocal:0;1` →
    /// `qWasmLocal`, `0;1`).
    static func split(_ packet: String) -> (String, String) {
        for name in ["vCont?", "vCont", "Z0", "z0", "qRegisterInfo"] where packet.hasPrefix(name) {
            return (name, String(packet.dropFirst(name.count).drop { $0 == "," }))
        }
        guard let first = packet.first else { return ("", "") }
        if first == "q" || first == "Q" {
            guard let colon = packet.firstIndex(of: ":") else { return (packet, "") }
            return (String(packet[..<colon]), String(packet[packet.index(after: colon)...]))
        }
        return (String(first), String(packet.dropFirst()))
    }

    // MARK: Stops

    private func resume(_ move: () -> Void) -> String {
        move()
        if let state = session.state {
            reason = session.breakpoints.contains(where: { $0.pcs.contains(state.pc) || $0.step == state.step }) ? "breakpoint" : "trace"
        }
        return stopReply()
    }

    /// `T05` with the pc, or `W` with the exit status once the run has ended (`X` for a trap).
    func stopReply() -> String {
        switch session.position {
        case .stopped:
            let pc = currentAddress
            return "T05thread:1;threads:1;thread-pcs:" + Self.hex(bigEndian: pc) + ";00:" + Self.hex(littleEndian: pc, bytes: 8) + ";reason:\(reason);"
        case .finished(let outcome):
            if outcome.trap != nil { return "X0b" }
            var status: UInt64 = 0
            if case .i32(let value)? = outcome.results?.first { status = UInt64(value & 0xFF) }
            return "W" + Self.hex(bigEndian: status, bytes: 1)
        }
    }

    /// The current pc in the protocol's address space (0 in the code space when the
    /// instruction has no Wasm origin, or the run has ended).
    private var currentAddress: UInt64 {
        if let pc = session.state?.pc, let address = requested[pc] { return address }
        return address(ofPC: session.state?.pc)
    }

    private func address(ofPC pc: Int?) -> UInt64 {
        Self.codeSpace | UInt64(pc.flatMap { session.target.info.moduleOffset(of: $0) } ?? 0)
    }

    // MARK: Breakpoints

    private func breakpoint(set: Bool, _ arguments: String) -> String {
        guard let text = arguments.split(separator: ",").first, let address = UInt64(text, radix: 16), address >= Self.codeSpace
        else { return "E45" }
        let offset = Int(address - Self.codeSpace)
        // The first Cairn instruction of this Wasm instruction, or of the next one that has some
        // (a `local.get` lowers to nothing).
        let start = pcAtWasmOffset[offset] ?? pcAtWasmOffset.filter { $0.key > offset }.min { $0.key < $1.key }?.value
        guard let pc = start else { return "E45" }
        if set {
            session.setBreakpoint(pc: pc)
            requested[pc] = address
        } else {
            session.deleteBreakpoints(pc: pc)
            requested[pc] = nil
        }
        return "OK"
    }

    // MARK: Memory and values

    private func readMemory(_ arguments: String) -> String {
        let parts = arguments.split(separator: ",")
        guard parts.count == 2, let address = UInt64(parts[0], radix: 16), let asked = UInt64(parts[1], radix: 16) else {
            return "E08"
        }
        // At most what a reply can carry (a client asks for more and gets what is there).
        let length = Int(min(asked, 1 << 16))
        if length == 0 { return "" }
        let bytes: [UInt8]
        if address >= Self.codeSpace {
            let offset = address - Self.codeSpace
            guard offset < UInt64(module.count) else { return "E08" }
            bytes = Array(module[Int(offset)..<min(Int(offset) + length, module.count)])
        } else {
            guard let memory = session.state?.memory, address < UInt64(memory.count) else { return "E08" }
            bytes = Array(memory[Int(address)..<min(Int(address) + length, memory.count)])
        }
        return Self.hex(bytes)
    }

    private func memoryRegion(_ arguments: String) -> String {
        guard let address = UInt64(arguments, radix: 16) else { return "E45" }
        let memorySize = UInt64(session.state?.memory.count ?? 0)
        if address < memorySize { return "start:0;size:\(String(memorySize, radix: 16));permissions:rw;" }
        if address >= Self.codeSpace, address - Self.codeSpace < UInt64(module.count) {
            return "start:\(String(Self.codeSpace, radix: 16));size:\(String(module.count, radix: 16));permissions:rx;"
        }
        let next = address < Self.codeSpace ? Self.codeSpace : UInt64.max
        return "start:\(String(address, radix: 16));size:\(String(next - address, radix: 16));"
    }

    private func libraries(_ arguments: String) -> String {
        guard arguments.hasPrefix("libraries:read:") else { return "" }
        return "l<library-list><library name=\"\(modulePath)\"><section address=\"0x\(String(Self.codeSpace, radix: 16))\"/></library></library-list>"
    }

    /// The pcs of the frames, innermost first, 8 bytes each, little-endian.
    private func callStack() -> String {
        guard let state = session.state else { return "E45" }
        let callers = state.frames.dropLast().reversed().map { Self.hex(littleEndian: address(ofPC: $0.pc), bytes: 8) }
        return Self.hex(littleEndian: currentAddress, bytes: 8) + callers.joined()
    }

    /// The frame `number` (0: innermost) and an index, from `FRAME;INDEX`.
    private func frameAndIndex(_ arguments: String) -> (DebugState, DebugFrame, Int)? {
        let fields = arguments.split(separator: ";")
        guard fields.count >= 2, let number = Int(fields[0]), let index = Int(fields[1]), index >= 0,
              let state = session.state, number >= 0, number < state.frames.count
        else { return nil }
        return (state, state.frames[state.frames.count - 1 - number], index)
    }

    private func wasmLocal(_ arguments: String) -> String {
        guard let (state, frame, index) = frameAndIndex(arguments) else { return "E45" }
        let (count, types) = session.localLayout(at: frame.pc)
        guard index < count else { return "E45" }
        return Self.valueHex(state.slots[frame.base + index], index < types.count ? types[index] : nil)
    }

    /// `qWasmGlobal:FRAME;INDEX` or `qWasmGlobal:INDEX;instance:0`.
    private func wasmGlobal(_ arguments: String) -> String {
        let fields = arguments.split(separator: ";")
        guard fields.count == 2, let state = session.state else { return "E45" }
        let index: Int?
        if fields[1].hasPrefix("instance:") {
            index = fields[1] == "instance:0" ? Int(fields[0]) : nil
        } else {
            index = Int(fields[1])
        }
        guard let index, index >= 0, index < state.globals.count else { return "E45" }
        let types = session.globalTypes
        return Self.valueHex(state.globals[index], index < types.count ? types[index] : nil)
    }

    /// Operand stack entry INDEX of frame FRAME: its canonical slot, after the locals
    /// (docs/register-machine.md).
    private func stackValue(_ arguments: String) -> String {
        guard let (state, frame, index) = frameAndIndex(arguments) else { return "E45" }
        let function = session.target.info.places.function(at: frame.pc)
        let size = Int(session.target.compiled(function.index).frameSize)
        let locals = session.localLayout(at: frame.pc).count
        let slot = frame.base + locals + index
        guard locals + index < size, slot < state.slots.count else { return "E45" }
        return Self.hex(littleEndian: state.slots[slot], bytes: 8)
    }

    // MARK: Encoding

    /// A value as LLDB reads it: its type's size in bytes (4 for i32 and f32), little-endian.
    static func valueHex(_ bits: UInt64, _ type: ValueType?) -> String {
        hex(littleEndian: bits, bytes: type == .i32 || type == .f32 ? 4 : 8)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return text
    }

    static func hex(littleEndian value: UInt64, bytes: Int) -> String {
        hex((0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) })
    }

    static func hex(bigEndian value: UInt64, bytes: Int = 8) -> String {
        hex((0..<bytes).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) })
    }
}

extension DebugInfo {
    /// The module offset of the Wasm instruction program offset `pc` came from.
    public func moduleOffset(of pc: Int) -> Int? {
        guard pc >= 0, pc < wasmOffsets.count, wasmOffsets[pc] >= 0 else { return nil }
        return wasmOffsets[pc]
    }
}
