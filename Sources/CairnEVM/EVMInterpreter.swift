import CairnMachine
import CairnProgram
import CairnWasm

/// The EVM interpreter module (evm/wasm/evm.wasm, built by scripts/build-evm.sh), lowered once
/// and instantiated for every call frame (docs/evm.md).
public final class EVMInterpreter: @unchecked Sendable {
    /// The lowered module.
    public let program: Program
    /// Limits of each frame's store.
    public let limits: MachineLimits
    /// The Cairn gas schedule frames are metered with (nil: unmetered).
    public let schedule: GasSchedule?
    /// Cairn gas one frame may use (a bound on the Wasm work; EVM gas bounds the EVM work).
    public var frameGasLimit: UInt64 = 1 << 62
    /// The EVM call depth limit: frames below the transaction's (1,024 in Ethereum; tests lower it
    /// to check the limit without a thousand frames).
    public var maxCallDepth = 1024
    /// Whether frames run threaded code (`Store.threadedDispatch`). Off by default: a frame
    /// instantiates the whole interpreter, and translating all of it to threaded code cost three
    /// quarters of a call-heavy state test's time, more than the frames' own runs save (as for
    /// actors' invocations, docs/actors.md).
    public var threadedDispatch = false
    /// The program's run costs and lengths, worked out once for every frame's instance.
    let prepared: PreparedCode

    /// Lowers `wasm` (it must be the interpreter: exports `evm_input`, `evm_run`, `memory`).
    public init(wasm: [UInt8], metered: Bool = true) throws(EVMError) {
        do {
            program = try Lowering.lower(wasm: wasm, profile: .noFloats)
        } catch {
            throw .invalidInterpreter("\(error)")
        }
        var limits = MachineLimits()
        limits.maxMemoryPages = 16384
        // The interpreter keeps its own stack in linear memory: few Wasm locals, so a small value
        // stack is enough, and 1,025 nested stores reserve little address space.
        limits.maxValueSlots = 1 << 16
        self.limits = limits
        schedule = metered ? .v2 : nil
        prepared = PreparedCode(program: program, schedule: schedule)
    }
}

/// What can go wrong around the EVM (never inside it: EVM failures are frame statuses).
public enum EVMError: Error, Equatable, CustomStringConvertible {
    /// The interpreter module cannot be loaded.
    case invalidInterpreter(String)
    /// A state test file is not what the format says.
    case invalidTest(String)

    public var description: String {
        switch self {
        case .invalidInterpreter(let why): "invalid EVM interpreter module: \(why)"
        case .invalidTest(let why): "invalid state test: \(why)"
        }
    }
}
