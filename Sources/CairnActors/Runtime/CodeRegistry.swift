import CairnDebug
import CairnIPLD
import CairnMachine
import CairnProgram
import CairnWasm

/// Installed actor code: Wasm modules validated under the no-floats profile, lowered once to
/// Cairn programs, and kept by code CID so that no call lowers a module again.
///
/// **Code CIDs.** As ref-fvm names user actor code (`install_actor`) and the built-in actors'
/// bundles do (`bafk2bzace…`), a code CID is the CIDv1 of the raw Wasm bytes under the raw
/// codec (0x55) hashed with BLAKE2b-256. The Wasm bytes are also stored in the blockstore
/// under that CID, so a registry over the same store can reinstall them lazily; since actor
/// records link their code, a state committed to disk keeps the code its actors run.
public final class CodeRegistry {
    /// Where the Wasm bytes of installed code live.
    public let store: any Blockstore
    /// Lowered programs by code CID.
    private var programs: [CID: Program] = [:]

    /// A registry over `store`.
    public init(store: any Blockstore) { self.store = store }

    /// The code CID of `wasm`: raw codec, BLAKE2b-256.
    public static func codeCID(of wasm: [UInt8]) -> CID {
        CID(codec: .raw, hashing: wasm, with: .blake2b256)
    }

    /// Validates `wasm` (no floats), lowers it, stores the bytes and caches the program;
    /// returns the code CID. Installing the same bytes again lowers nothing.
    @discardableResult
    public func install(_ wasm: [UInt8]) throws(CodeInstallError) -> CID {
        let cid = Self.codeCID(of: wasm)
        if programs[cid] != nil { return cid }
        let program: Program
        do {
            program = try Lowering.lower(wasm: wasm, profile: .noFloats)
        } catch {
            throw .invalidModule(error.description)
        }
        guard program.exports.contains(where: { $0.name == InvocationContainer.entryPoint }) else {
            throw .missingEntryPoint
        }
        do {
            // An actor record links its code, so a buffered store's flush keeps the code of
            // every actor (and the built-ins' through the system actor's manifest).
            try store.put(cid, wasm)
        } catch {
            throw .store(error.description)
        }
        programs[cid] = program
        return cid
    }

    /// Whether code `cid` is installed (cached, or its bytes are in the store).
    public func isInstalled(_ cid: CID) -> Bool {
        programs[cid] != nil || ((try? store.has(cid)) ?? false)
    }

    /// The lowered program of code `cid`: from the cache, or lowered once from the store's
    /// bytes (code installed by another registry over the same store). Nil if not installed.
    public func program(_ cid: CID) -> Program? {
        if let program = programs[cid] { return program }
        guard cid.codec == Multicodec.raw.rawValue, let bytes = try? store.get(cid) else { return nil }
        guard (try? install(bytes)) == cid else { return nil }
        return programs[cid]
    }

    /// How many programs are cached (for tests that check nothing is lowered twice).
    public var cachedCount: Int { programs.count }

    /// The run tables of each code's program, by code CID, for the schedule they were made for.
    private var prepared: [CID: PreparedCode] = [:]

    /// The run costs and lengths of code `cid` (whose program is `program`) under `schedule`,
    /// worked out once: each invocation's instance shares them instead of computing its own.
    func prepared(_ cid: CID, program: Program, schedule: GasSchedule) -> PreparedCode {
        if let made = prepared[cid], made.schedule == schedule { return made }
        let made = PreparedCode(program: program, schedule: schedule)
        prepared[cid] = made
        return made
    }

    /// The syscalls each code imports, by code CID (what an invocation binds).
    private var importedSyscalls: [CID: Set<Syscall>] = [:]

    /// The syscalls code `cid` (whose lowered program is `program`) imports.
    func syscalls(importedBy cid: CID, program: Program) -> Set<Syscall> {
        if let syscalls = importedSyscalls[cid] { return syscalls }
        let syscalls = SyscallBinder.syscalls(importedBy: program)
        importedSyscalls[cid] = syscalls
        return syscalls
    }

    /// Debugging information by code CID, made the first time a backtrace needs it.
    private var debugInfos: [CID: DebugInfo] = [:]

    /// The function names and source lines of code `cid` (its name section, exports and DWARF
    /// line tables), for backtraces; nil when the code is not installed. Only failures pay for
    /// it: the module is lowered again, recording where each instruction came from (the same
    /// program as the cached one, ``Lowering/lowerRecordingOffsets(_:profile:limits:)``).
    func debugInfo(_ cid: CID) -> DebugInfo? {
        if let info = debugInfos[cid] { return info }
        guard let program = program(cid) else { return nil }
        var info = DebugInfo(program: program)
        if let bytes = try? store.get(cid), let module = try? ModuleDecoder.decode(bytes),
            let lowered = try? Lowering.lowerRecordingOffsets(module, profile: .noFloats)
        {
            info = DebugInfo(program: lowered.program, module: bytes, wasmOffsets: lowered.wasmOffsets)
        }
        debugInfos[cid] = info
        return info
    }
}

/// Why code could not be installed.
public enum CodeInstallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The module does not decode, validate, or fit the no-floats profile.
    case invalidModule(String)
    /// The module does not export the `invoke` function every actor must.
    case missingEntryPoint
    /// The blockstore failed.
    case store(String)

    /// One line for people.
    public var description: String {
        switch self {
        case .invalidModule(let why): "invalid actor module: \(why)"
        case .missingEntryPoint: "actor module exports no \"\(InvocationContainer.entryPoint)\" function"
        case .store(let why): "blockstore: \(why)"
        }
    }
}
