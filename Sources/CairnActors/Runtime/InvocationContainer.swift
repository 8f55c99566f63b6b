import CairnIPLD
import CairnMachine
import CairnProgram
import CairnWasm

/// One invocation of an actor: a fresh Cairn store and instance of the actor's cached
/// program, with every syscall bound as a host function (ref-fvm's invocation container).
///
/// The instance lives for the invocation only: nothing of an actor's memory survives a call,
/// and a reentrant call of the same actor gets an instance of its own. The store is metered
/// by the profile's schedule against the gas the message has left (``Kernel/settledUnits``
/// keeps the two in step at every syscall).
enum InvocationContainer {
    /// The function every actor exports: `invoke(params: u32) -> u32`, taking the handle of
    /// its parameters block (0 for none) and returning the handle of its return block (0).
    static let entryPoint = "invoke"

    /// Runs `program` for `kernel`'s invocation with the parameters block `paramsHandle`.
    /// Returns how the actor ended; throws only what ends the whole message.
    static func run(_ kernel: Kernel, code: CID, program: Program, paramsHandle: UInt32) throws(SyscallFailure) -> InvocationExit {
        let store = Store(limits: kernel.machine.limits, schedule: kernel.profile.schedule)
        // An instance lives for one invocation, usually a few thousand instructions: translating
        // the whole program to threaded code first would cost more than it saves (it was most of
        // a token transfer's time). The switch loop gives the same results and gas.
        store.threadedDispatch = kernel.machine.threadedDispatch
        store.gasLimit = GasProfile.units(milligas: kernel.calls.gas.available)
        // Debugging hook (issue 25): see Machine.invocationObserver.
        var trapped: Trap?
        let observed = kernel.machine.invocationObserver?(store, kernel.actorID, kernel.context.method, kernel.calls.depth)
        defer { observed?(trapped) }
        let imports = SyscallBinder.imports(
            for: kernel, in: store, wanted: kernel.machine.code.syscalls(importedBy: code, program: program))
        let instance: Instance
        do {
            instance = try store.instantiate(
                program, imports: imports,
                prepared: kernel.machine.code.prepared(code, program: program, schedule: kernel.profile.schedule))
        } catch {
            if case .trap(let trap) = error { trapped = trap }
            settle(kernel, store)
            switch error {
            case .trap(let trap): return try exit(kernel, trap).withFrames(of: store, code: code, kernel: kernel)
            case .unlinkable(let why), .limitExceeded(let why):
                return InvocationExit(.sysIllegalInstruction, message: "cannot instantiate the actor: \(why)")
            }
        }
        let results: [Value]
        do {
            results = try store.invoke(instance, entryPoint, [.i32(paramsHandle)])
        } catch {
            trapped = error
            settle(kernel, store)
            return try exit(kernel, error).withFrames(of: store, code: code, kernel: kernel)
        }
        settle(kernel, store)
        guard results.count == 1, case .i32(let handle) = results[0] else {
            return InvocationExit(.sysIllegalInstruction, message: "the actor's \(entryPoint) has the wrong type")
        }
        guard handle != BlockRegistry.noBlock else { return InvocationExit(.ok) }
        guard let block = try? kernel.blocks.get(handle) else {
            return InvocationExit(.sysMissingReturn, message: "returned an invalid block handle \(handle)")
        }
        return InvocationExit(.ok, returnBlock: block)
    }

    /// Charges the tracker for the Cairn gas the store used since the last syscall.
    static func settle(_ kernel: Kernel, _ store: Store) {
        let units = store.gasUsed &- kernel.settledUnits
        kernel.settledUnits = store.gasUsed
        try? kernel.calls.gas.charge(GasProfile.milligas(units: units))
    }

    /// How an invocation that trapped ended: an exit or fault a syscall recorded, out of gas,
    /// or an illegal instruction (every other trap: `unreachable`, division by zero, memory
    /// out of bounds, stack exhaustion...).
    static func exit(_ kernel: Kernel, _ trap: Trap) throws(SyscallFailure) -> InvocationExit {
        switch kernel.ending {
        case .exit(let exit)?:
            return exit
        case .fatal(let why)?:
            throw .fatal(why)
        case .outOfGas?:
            kernel.calls.gas.exhaust()
            return InvocationExit(.sysOutOfGas, message: "out of gas")
        case .errorNumber?, nil:
            break
        }
        if trap.kind == .outOfGas {
            kernel.calls.gas.exhaust()
            return InvocationExit(.sysOutOfGas, message: "out of gas")
        }
        return InvocationExit(.sysIllegalInstruction, message: "trap: \(trap)")
    }
}

extension InvocationExit {
    /// The exit with the Wasm call stack `store` recorded where it trapped, named.
    func withFrames(of store: Store, code: CID, kernel: Kernel) -> InvocationExit {
        guard !store.trapFrames.isEmpty, let info = kernel.machine.code.debugInfo(code) else { return self }
        var exit = self
        exit.wasmFrames = WasmFrameNaming.frames(store.trapFrames.map(\.pc), info: info)
        return exit
    }
}
