import BigInt
import CairnHash
import CairnMachine
import CairnWasm

/// How a frame ended (the interpreter's status codes).
public enum EVMStatus: Int32, Sendable {
    case success = 0
    case revert = 1
    /// An exceptional halt: all the frame's gas is gone.
    case failure = 2
}

/// One message call or creation: what a frame runs and in whose context.
struct EVMMessage {
    var caller: EVMAddress
    /// The account whose storage and balance the code acts on (ADDRESS).
    var target: EVMAddress
    /// Where the code comes from (differs from `target` for CALLCODE and DELEGATECALL).
    var codeAddress: EVMAddress
    var value: BigUInt
    /// Whether `value` moves from caller to target (not for DELEGATECALL).
    var transfersValue: Bool
    var input: [UInt8]
    var code: [UInt8]
    var gas: UInt64
    var depth: Int
    var isStatic: Bool
}

/// The end of a frame as its caller sees it.
struct EVMOutcome {
    var status: EVMStatus
    var gasLeft: UInt64
    var refund: Int64
    var output: [UInt8]
    var created: EVMAddress?

    static func failed(gasLeft: UInt64 = 0) -> EVMOutcome {
        EVMOutcome(status: .failure, gasLeft: gasLeft, refund: 0, output: [], created: nil)
    }
}

/// Runs a transaction's frames: each frame runs in an instance of the interpreter in a store of
/// its own (kept per depth and reset, or fresh: EVMFrameInstance.swift), with the host imports
/// (EVMHostImports.swift) bound to this executor while it runs; nested calls recurse through
/// `call` (the host side of CALL/CREATE), at most `interpreter.maxCallDepth` deep.
final class EVMExecutor {
    static let maxCodeSize = 24576

    let interpreter: EVMInterpreter
    var state: EVMWorldState
    /// The accounts as the transaction found them (EIP-2200's original values).
    let original: [EVMAddress: EVMAccount]
    let block: EVMBlockContext
    let transaction: EVMTransactionContext
    /// The frames running, innermost last.
    var frames: [EVMMessage] = []
    /// The output of the last nested call, for the `return_data` import.
    var lastReturnData: [UInt8] = []
    /// Why the last frame trapped, if one did (a host fault, not an EVM failure).
    var fault: String?
    /// The instances this transaction's frames run in, borrowed from the interpreter.
    let pool: EVMFramePool

    init(interpreter: EVMInterpreter, state: EVMWorldState, block: EVMBlockContext, transaction: EVMTransactionContext) {
        self.interpreter = interpreter
        self.state = state
        self.original = state.accounts
        self.block = block
        self.transaction = transaction
        pool = interpreter.borrowPool()
    }

    deinit { interpreter.returnPool(pool) }

    /// Runs a message call (execution-specs' process_message): touch, transfer, run; a failed
    /// or reverted frame undoes everything it did.
    func execute(_ message: EVMMessage) -> EVMOutcome {
        let snapshot = state
        state.touched.insert(message.target)
        if message.transfersValue && message.value > 0 {
            state.transfer(from: message.caller, to: message.target, message.value)
        }
        let outcome: EVMOutcome
        if let number = message.codeAddress.precompileNumber {
            outcome = run(message, kind: number)
        } else if message.code.isEmpty {
            outcome = EVMOutcome(status: .success, gasLeft: message.gas, refund: 0, output: [], created: nil)
        } else {
            outcome = run(message, kind: 0)
        }
        if outcome.status != .success { state = snapshot }
        return outcome
    }

    /// Runs a creation (process_create_message): the new account, its init code, and the code
    /// deposit (EIP-170 size, EIP-3541's 0xEF prefix, 200 gas a byte).
    func create(_ message: EVMMessage) -> EVMOutcome {
        let snapshot = state
        let address = message.target
        state.accounts[address, default: EVMAccount()].storage = [:]
        state.created.insert(address)
        state.accounts[address, default: EVMAccount()].nonce += 1
        var outcome = execute(message)
        guard outcome.status == .success else {
            state = snapshot
            return outcome
        }
        let code = outcome.output
        let depositCost = UInt64(code.count) * 200
        if code.first == 0xEF || outcome.gasLeft < depositCost || code.count > Self.maxCodeSize {
            state = snapshot
            return .failed()
        }
        outcome.gasLeft -= depositCost
        state.accounts[address, default: EVMAccount()].setCode(code)
        outcome.output = []
        outcome.created = address
        return outcome
    }

    /// Runs one frame of `message` in an interpreter instance of its depth's (kept and reset
    /// between frames, or fresh: ``EVMFramePool``); `kind` is 0 for bytecode or a precompile's
    /// number.
    func run(_ message: EVMMessage, kind: UInt32) -> EVMOutcome {
        frames.append(message)
        defer { frames.removeLast() }
        let frame: EVMFrameInstance
        do { frame = try pool.take(depth: message.depth, interpreter) } catch { return fail("\(error)") }
        guard frame.allow(gas: interpreter.frameGasLimit) else { return fail("the frame store's gas counter is full") }
        frame.host.executor = self
        var clean = false
        defer { pool.give(frame, depth: message.depth, clean: clean, interpreter) }
        do {
            let outcome = try run(message, kind: kind, in: frame)
            clean = true
            return outcome
        } catch {
            return fail("\(error)")
        }
    }

    /// Why a frame could not run to its end (a host fault, not an EVM failure).
    struct FrameFault: Error, CustomStringConvertible {
        var description: String
    }

    /// Calls an export of `frame` that takes and returns one i32.
    private func call(_ frame: EVMFrameInstance, _ function: Int, _ argument: UInt32) throws(FrameFault) -> UInt32 {
        let results: [Value]
        do { results = try frame.store.invoke(function, [.i32(argument)]) } catch { throw FrameFault(description: "\(error)") }
        guard case .i32(let value)? = results.first else { throw FrameFault(description: "an export returned no i32") }
        return value
    }

    /// Writes the frame's header, code and input into `frame`'s memory, runs `evm_run` and reads
    /// its result; throws when the instance trapped or answered out of bounds.
    private func run(_ message: EVMMessage, kind: UInt32, in frame: EVMFrameInstance) throws(FrameFault) -> EVMOutcome {
        let memory = frame.memory
        let header = Self.header(message, kind: kind)
        let size = header.count + message.code.count + message.input.count
        let pointer = try call(frame, frame.inputFunction, UInt32(size))
        guard pointer != 0, Int(pointer) + size <= memory.byteCount else { throw FrameFault(description: "no memory for the frame") }
        let base = memory.bytes + Int(pointer)
        header.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: header.count) }
        message.code.withUnsafeBytes { if $0.count > 0 { (base + header.count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        message.input.withUnsafeBytes {
            if $0.count > 0 { (base + header.count + message.code.count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        let resultPointer = try call(frame, frame.runFunction, pointer)
        guard let result = memory.read(offset: Int(resultPointer), count: 32) else { throw FrameFault(description: "evm_run returned no result") }
        let status = EVMStatus(rawValue: Int32(bitPattern: Self.u32(result, 0))) ?? .failure
        let outputPointer = Int(Self.u32(result, 24)), outputLength = Int(Self.u32(result, 28))
        guard let output = outputLength == 0 ? [] : memory.read(offset: outputPointer, count: outputLength) else {
            throw FrameFault(description: "evm_run returned output outside memory")
        }
        return EVMOutcome(
            status: status, gasLeft: Self.u64(result, 8), refund: Int64(bitPattern: Self.u64(result, 16)),
            output: status == .failure ? [] : output, created: nil)
    }

    private func fail(_ why: String) -> EVMOutcome {
        if fault == nil { fault = why }
        return .failed()
    }

    /// The frame header evm_run reads (docs/evm.md, "Frames").
    static func header(_ message: EVMMessage, kind: UInt32) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(104)
        appendLE(&out, UInt64(kind), 4)
        appendLE(&out, message.isStatic ? 1 : 0, 4)
        appendLE(&out, UInt64(message.depth), 4)
        appendLE(&out, UInt64(message.code.count), 4)
        appendLE(&out, UInt64(message.input.count), 4)
        appendLE(&out, 0, 4)
        appendLE(&out, message.gas, 8)
        out += message.target.bytes
        out += message.caller.bytes
        out += word(message.value)
        return out
    }

    static func appendLE(_ out: inout [UInt8], _ value: UInt64, _ count: Int) {
        for i in 0..<count { out.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * i))) }
    }

    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << UInt32(8 * $1) }
    }

    static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << UInt64(8 * $1) }
    }
}
