import CairnMachine
import CairnProgram
import CairnWasm
import Synchronization

/// The EVM interpreter module (evm/wasm/evm.wasm, built by scripts/build-evm.sh), lowered once;
/// frames run in instances of it kept per call depth and reset between frames, or, deeper than
/// ``keptDepth``, in a fresh instance each (docs/evm.md, "Speed").
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
    /// Whether frames in kept instances run threaded code (`Store.threadedDispatch`): the
    /// whole interpreter is translated once per kept instance, then serves all its frames.
    /// Frames in fresh instances (from depth ``keptDepth`` on) always run the `switch` loop:
    /// translating the whole interpreter for one frame costs more than the frame's run saves.
    /// Results and EVM gas are the same either way.
    public var threadedDispatch = true
    /// Call depths (from 0, the transaction's frame) whose frames reuse one kept instance each.
    /// Deeper frames get a fresh instance each (recursion to 1,024 keeps nothing).
    public var keptDepth = 8
    /// An instance whose memory grew past this many bytes is not kept (a reset zeroes the heap
    /// a frame used, and big memories are rare).
    public var maxKeptMemory = 16 << 20
    /// Frame pools not in use: a transaction borrows one (``borrowPool()``) and gives it back,
    /// so that transactions on several threads never share an instance.
    private let idlePools = Mutex<[EVMFramePool]>([])
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

    /// A frame pool for one transaction: an idle one, or a new one.
    func borrowPool() -> EVMFramePool {
        idlePools.withLock { $0.popLast() } ?? EVMFramePool()
    }

    /// Gives back a pool that `borrowPool()` lent.
    func returnPool(_ pool: EVMFramePool) {
        idlePools.withLock { $0.append(pool) }
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
