import BigInt
import CairnCrypto
import CairnHash
import CairnMachine
import CairnWasm

/// The interpreter's imports (module "evm"), bound to a frame instance's host box (the executor
/// of the frame running). Every pointer comes from the interpreter and is checked: a bad one
/// traps the frame (a failure), never the host. The table in docs/evm.md lists them.
enum EVMHostImports {
    typealias Body = (EVMExecutor, FrameMemory, [Value]) throws(Trap) -> [Value]

    static func imports(for host: EVMFrameHost, in store: Store) -> Imports {
        var imports = Imports()
        func bind(_ name: String, _ parameters: [ValueType], _ results: [ValueType], _ body: @escaping Body) {
            let type = FunctionType(parameters: parameters, results: results)
            // The box, not the executor: a kept instance serves the frames of many executors.
            let address = store.addHostFunction(type: type) { [host] caller, values throws(Trap) -> [Value] in
                guard let executor = host.executor else { throw Trap(.hostError, detail: "no EVM frame is running") }
                return try body(executor, FrameMemory(memory: caller.memory), values)
            }
            imports.define(module: "evm", name: name, .function(address))
        }
        bindAccounts(bind)
        bindStorage(bind)
        bindCalls(bind)
        bindContext(bind)
        return imports
    }

    typealias Binder = (String, [ValueType], [ValueType], @escaping Body) -> Void

    static func bindAccounts(_ bind: Binder) {
        bind("account_access", [.i32], [.i32]) { executor, memory, values throws(Trap) in
            let address = try memory.address(values[0])
            return [.i32(executor.state.access(address) ? 1 : 0)]
        }
        bind("account_dead", [.i32], [.i32]) { executor, memory, values throws(Trap) in
            [.i32(executor.state.isDead(try memory.address(values[0])) ? 1 : 0)]
        }
        bind("balance", [.i32, .i32], []) { executor, memory, values throws(Trap) in
            try memory.write(word(executor.state.balance(try memory.address(values[0]))), at: values[1])
            return []
        }
        bind("code_size", [.i32], [.i32]) { executor, memory, values throws(Trap) in
            [.i32(UInt32(executor.state.code(try memory.address(values[0])).count))]
        }
        bind("code_hash", [.i32, .i32], []) { executor, memory, values throws(Trap) in
            let address = try memory.address(values[0])
            let hash = executor.state.isDead(address) ? [UInt8](repeating: 0, count: 32) : executor.state.accounts[address]!.codeHash
            try memory.write(hash, at: values[1])
            return []
        }
        bind("code_copy", [.i32, .i32, .i32, .i32], []) { executor, memory, values throws(Trap) in
            let code = executor.state.code(try memory.address(values[0]))
            let offset = Int(values[1].u32), length = Int(values[3].u32)
            var bytes = [UInt8](repeating: 0, count: length)
            if offset < code.count {
                let available = min(length, code.count - offset)
                bytes.replaceSubrange(0..<available, with: code[offset..<offset + available])
            }
            try memory.write(bytes, at: values[2])
            return []
        }
        bind("selfdestruct", [.i32], []) { executor, memory, values throws(Trap) in
            executor.selfdestruct(beneficiary: try memory.address(values[0]))
            return []
        }
    }

    static func bindStorage(_ bind: Binder) {
        bind("storage_access", [.i32], [.i32]) { executor, memory, values throws(Trap) in
            let key = try memory.word(values[0])
            return [.i32(executor.state.access(executor.currentTarget, key) ? 1 : 0)]
        }
        bind("sload", [.i32, .i32], []) { executor, memory, values throws(Trap) in
            let value = executor.state.storage(executor.currentTarget, try memory.word(values[0]))
            try memory.write(value.bigEndianBytes, at: values[1])
            return []
        }
        bind("sload_original", [.i32, .i32], []) { executor, memory, values throws(Trap) in
            let target = executor.currentTarget
            let key = try memory.word(values[0])
            let value = executor.state.created.contains(target) ? EVMWord.zero : (executor.original[target]?.storage[key] ?? .zero)
            try memory.write(value.bigEndianBytes, at: values[1])
            return []
        }
        bind("sstore", [.i32, .i32], []) { executor, memory, values throws(Trap) in
            executor.state.setStorage(executor.currentTarget, try memory.word(values[0]), try memory.word(values[1]))
            return []
        }
        bind("tload", [.i32, .i32], []) { executor, memory, values throws(Trap) in
            let value = executor.state.transient[executor.currentTarget]?[try memory.word(values[0])] ?? .zero
            try memory.write(value.bigEndianBytes, at: values[1])
            return []
        }
        bind("tstore", [.i32, .i32], []) { executor, memory, values throws(Trap) in
            executor.state.transient[executor.currentTarget, default: [:]][try memory.word(values[0])] = try memory.word(values[1])
            return []
        }
        bind("log", [.i32, .i32, .i32, .i32], []) { executor, memory, values throws(Trap) in
            let data = try memory.read(values[0], Int(values[1].u32))
            let count = Int(values[2].u32)
            guard count <= 4 else { throw Trap(.hostError, detail: "log with \(count) topics") }
            let topics = try memory.read(values[3], 32 * count)
            let log = EVMLog(address: executor.currentTarget, topics: (0..<count).map { Array(topics[$0 * 32..<$0 * 32 + 32]) }, data: data)
            executor.state.logs.append(log)
            return []
        }
    }

    static func bindCalls(_ bind: Binder) {
        bind("call", [.i32, .i32], [.i32]) { executor, memory, values throws(Trap) in
            let args = try memory.read(values[0], 108)
            let kind = EVMExecutor.u32(args, 0)
            let input = try memory.read(.i32(EVMExecutor.u32(args, 4)), Int(EVMExecutor.u32(args, 8)))
            let request = EVMExecutor.CallRequest(
                kind: kind, gas: EVMExecutor.u64(args, 16), address: EVMAddress(Array(args[24..<44])),
                value: BigUInt(Array(args[44..<76]).reduce(into: BigUInt(0)) { $0 = $0 << 8 | BigUInt($1) }),
                salt: Array(args[76..<108]), input: input)
            let outcome = executor.call(request)
            executor.lastReturnData = outcome.output
            var result = [UInt8]()
            EVMExecutor.appendLE(&result, outcome.gasLeft, 8)
            EVMExecutor.appendLE(&result, UInt64(bitPattern: outcome.refund), 8)
            EVMExecutor.appendLE(&result, UInt64(outcome.output.count), 4)
            result += outcome.created?.bytes ?? [UInt8](repeating: 0, count: 20)
            try memory.write(result, at: values[1])
            return [.i32(UInt32(bitPattern: outcome.status.rawValue))]
        }
        bind("return_data", [.i32], []) { executor, memory, values throws(Trap) in
            try memory.write(executor.lastReturnData, at: values[0])
            return []
        }
    }

    static func bindContext(_ bind: Binder) {
        bind("context", [.i32], []) { executor, memory, values throws(Trap) in
            let block = executor.block
            var out = [UInt8]()
            out += [UInt8](repeating: 0, count: 12) + executor.transaction.origin.bytes
            out += word(executor.transaction.gasPrice)
            out += [UInt8](repeating: 0, count: 12) + block.coinbase.bytes
            for value in [block.timestamp, block.number, block.prevRandao, block.gasLimit, block.chainID, block.baseFee, block.blobBaseFee] {
                out += word(value)
            }
            try memory.write(out, at: values[0])
            return []
        }
        bind("block_hash", [.i64, .i32], []) { executor, memory, values throws(Trap) in
            try memory.write(executor.block.blockHash(values[0].u64), at: values[1])
            return []
        }
        bind("blob_hash", [.i32, .i32], [.i32]) { executor, memory, values throws(Trap) in
            let index = Int(values[0].u32), hashes = executor.transaction.blobHashes
            guard index < hashes.count else { return [.i32(0)] }
            try memory.write(hashes[index], at: values[1])
            return [.i32(1)]
        }
        bind("sha256", [.i32, .i32, .i32], []) { _, memory, values throws(Trap) in
            let input = try memory.read(values[0], Int(values[1].u32))
            try memory.write(EVMCrypto.sha256(input), at: values[2])
            return []
        }
        bind("ecrecover", [.i32, .i32], [.i32]) { _, memory, values throws(Trap) in
            let input = try memory.read(values[0], 128)
            guard let address = EVMCrypto.ecrecover(input) else { return [.i32(0)] }
            try memory.write([UInt8](repeating: 0, count: 12) + address.bytes, at: values[1])
            return [.i32(1)]
        }
    }
}

extension EVMExecutor {
    /// The account the innermost frame acts on.
    var currentTarget: EVMAddress { frames.last?.target ?? EVMAddress([]) }

    /// SELFDESTRUCT (EIP-6780): the balance moves to the beneficiary; the account itself is
    /// deleted only when this transaction created it.
    func selfdestruct(beneficiary: EVMAddress) {
        let originator = currentTarget
        let balance = state.balance(originator)
        state.accounts[originator, default: EVMAccount()].balance = 0
        state.addBalance(beneficiary, balance)
        if state.created.contains(originator) {
            state.accounts[originator]?.balance = 0
            state.destructed.insert(originator)
        }
        state.touched.insert(beneficiary)
    }
}

extension Value {
    var u32: UInt32 { if case .i32(let v) = self { return v }; return 0 }
    var u64: UInt64 { if case .i64(let v) = self { return v }; return 0 }
}

/// Checked access to a frame's linear memory.
struct FrameMemory {
    let memory: MemoryInstance?

    func read(_ pointer: Value, _ count: Int) throws(Trap) -> [UInt8] {
        if count == 0 { return [] }
        guard let memory, let bytes = memory.read(offset: Int(pointer.u32), count: count) else {
            throw Trap(.hostError, detail: "read outside the interpreter's memory")
        }
        return bytes
    }

    func write(_ bytes: [UInt8], at pointer: Value) throws(Trap) {
        guard !bytes.isEmpty else { return }
        let offset = Int(pointer.u32)
        guard let memory, offset + bytes.count <= memory.byteCount else {
            throw Trap(.hostError, detail: "write outside the interpreter's memory")
        }
        bytes.withUnsafeBytes { (memory.bytes + offset).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
    }

    func address(_ pointer: Value) throws(Trap) -> EVMAddress { EVMAddress(try read(pointer, 20)) }
    func word(_ pointer: Value) throws(Trap) -> EVMWord { EVMWord(bigEndian: try read(pointer, 32)) }
}
