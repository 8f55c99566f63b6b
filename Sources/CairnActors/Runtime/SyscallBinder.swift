import CairnMachine
import CairnProgram
import CairnWasm

/// The arguments of a syscall after its `ret` pointer, read by position.
struct SyscallArguments {
    let values: ArraySlice<Value>

    func u32(_ index: Int) -> UInt32 {
        if case .i32(let value) = values[values.startIndex + index] { return value }
        return 0
    }

    func u64(_ index: Int) -> UInt64 {
        if case .i64(let value) = values[values.startIndex + index] { return value }
        return 0
    }

    func i64(_ index: Int) -> Int64 { Int64(bitPattern: u64(index)) }
    func i32(_ index: Int) -> Int32 { Int32(bitPattern: u32(index)) }
}

/// A syscall's host side: reads its arguments, does the work through the kernel, and returns
/// the bytes to write through the `ret` pointer (ignored when the syscall has none).
typealias SyscallBody = (Kernel, GuestMemory, SyscallArguments) throws(SyscallFailure) -> [UInt8]

/// Binds syscalls as host functions of one invocation's store.
///
/// The calling convention is ref-fvm's (`fvm_sdk::sys`): every syscall returns an `i32`
/// error number (0 for success); one whose Rust signature returns a value takes, as its first
/// parameter, a pointer to where the host writes that value (a packed little-endian struct).
/// The pointer is checked before the work is done, so a bad `ret` changes nothing. Each call
/// first settles the Wasm gas used since the last one and pays the syscall's fixed price;
/// afterwards the store's gas limit is set to what the message has left.
struct SyscallBinder {
    let kernel: Kernel
    let store: Store
    var imports = Imports()
    /// The syscalls bound so far.
    var bound: Set<Syscall> = []
    /// The syscalls to bind (those the program imports), or nil for every one.
    var wanted: Set<Syscall>? = nil

    /// The imports every actor instance links against, bound to `kernel`: of the syscalls in
    /// `wanted` (nil: all of them). Binding only what the program imports is what keeps an
    /// invocation from making a host function for each of the ABI's syscalls; a module that
    /// imports anything else fails to link exactly as it would with every syscall bound.
    static func imports(for kernel: Kernel, in store: Store, wanted: Set<Syscall>? = nil) -> Imports {
        var binder = SyscallBinder(kernel: kernel, store: store)
        binder.wanted = wanted
        binder.bindAll()
        return binder.imports
    }

    /// The syscalls `program` imports (by module and name; a wrong type still fails to link).
    static func syscalls(importedBy program: Program) -> Set<Syscall> {
        let imported = Set(program.imports.map { "\($0.module)\u{0}\($0.name)" })
        return Set(Syscall.allCases.filter { imported.contains("\($0.module)\u{0}\($0.name)") })
    }

    /// Binds `syscall` with the parameters, result pointer and status the ABI gives it
    /// (``Syscall``, generated from actors/abi/syscalls.json), so an import can only link
    /// with the ABI's exact type.
    mutating func bind(_ syscall: Syscall, _ body: @escaping SyscallBody) {
        if let wanted, !wanted.contains(syscall) { return }
        let type = FunctionType(
            parameters: syscall.parameters.map { $0 == .i64 ? ValueType.i64 : .i32 }, results: [.i32])
        let retSize = syscall.resultSize
        let hasRet = syscall.hasResult
        let kernel = self.kernel
        // The store comes from the caller, not the closure: the store keeps its host functions,
        // so a closure holding the store would keep every invocation's store (its value stack and
        // the actor's memory) alive for ever.
        let address = store.addHostFunction(type: type) { caller, values throws(Trap) -> [Value] in
            let store = caller.store
            let memory = GuestMemory(memory: caller.memory)
            var ret: UInt32 = 0
            if hasRet, case .i32(let pointer) = values[0] { ret = pointer }
            let arguments = SyscallArguments(values: values.dropFirst(hasRet ? 1 : 0))
            do throws(SyscallFailure) {
                try Self.enter(kernel, store)
                if hasRet { try memory.check(ret, UInt32(retSize)) }
                let output = try body(kernel, memory, arguments)
                if hasRet { try memory.write(output, at: ret) }
                Self.leave(kernel, store)
                return [.i32(0)]
            } catch {
                if case .errorNumber(let number) = error {
                    Self.leave(kernel, store)
                    return [.i32(UInt32(bitPattern: number.rawValue))]
                }
                kernel.ending = error
                throw Trap(.hostError, detail: "\(syscall.module).\(syscall.name) ended the invocation")
            }
        }
        bound.insert(syscall)
        imports.define(module: syscall.module, name: syscall.name, .function(address))
    }

    /// Settles the Wasm gas used so far and pays the syscall's fixed price.
    static func enter(_ kernel: Kernel, _ store: Store) throws(SyscallFailure) {
        InvocationContainer.settle(kernel, store)
        try kernel.charge(kernel.profile.syscall)
    }

    /// Lets the Wasm code spend what the message has left.
    static func leave(_ kernel: Kernel, _ store: Store) {
        store.gasLimit = store.gasUsed &+ GasProfile.units(milligas: kernel.calls.gas.available)
    }

    mutating func bindAll() {
        bindIPLD()
        bindSelf()
        bindActor()
        bindVM()
        bindCrypto()
        bindMisc()
        bindSend()
        for syscall in Syscall.allCases where !syscall.isSupported {
            bind(syscall) { _, _, _ throws(SyscallFailure) in throw ErrorNumber.illegalOperation.failure }
        }
    }
}
