import Cairn
import WAT

/// The state of one running script: its store, the registered import namespaces, the current
/// module and the named ones. Runs one directive at a time, never throwing.
///
/// One runner runs one script, against a fresh ``Store`` that holds the `spectest` host module.
final class ScriptRunner {
    let store: Store
    /// Turns the script's modules into programs (directly, or through the program format).
    let loader: ModuleLoader
    /// Everything modules may import: `spectest` and every `register`ed instance.
    var imports = Imports()
    /// The last module instantiated by a `module` directive.
    var current: Instance?
    /// Instances by their `$id`.
    var named: [String: Instance] = [:]
    /// Programs of `(module definition ...)` directives by their `$id`.
    var definitions: [String: Program] = [:]
    /// The last `(module definition ...)`.
    var lastDefinition: Program?

    init(options: SpecTestOptions = .standard) {
        store = Store(limits: options.limits, schedule: options.schedule)
        loader = ModuleLoader(viaFormat: options.viaFormat, profile: options.profile)
        SpectestHost.define(in: &imports, store: store)
    }

    /// What an action (`invoke`, `get`, or a module to instantiate) came to.
    enum ActionResult {
        case values([Value])
        case trap(Trap)
        /// The action could not be performed at all (unknown module or export, bad argument,
        /// a module that failed to load or link).
        case error(String)
    }

    // MARK: Directives

    /// Runs one directive.
    func run(_ directive: WASTDirective) -> DirectiveOutcome {
        switch directive {
        case .module(let module):
            return runModule(module)
        case .moduleInstance(let instanceID, let moduleID):
            return runModuleInstance(instanceID: instanceID, moduleID: moduleID)
        case .register(let name, let moduleID):
            guard let instance = instance(moduleID) else {
                return .failed("register \"\(name)\": \(unknownModule(moduleID))")
            }
            imports.define(module: name, instance: instance)
            return .passed
        case .invoke(let invoke):
            switch perform(.invoke(invoke)) {
            case .values: return .passed
            case .trap(let trap): return .failed("invoke \"\(invoke.name)\": unexpected trap: \(trap)")
            case .error(let message): return .failed("invoke \"\(invoke.name)\": \(message)")
            }
        case .assertReturn(let execute, let expected):
            return assertReturn(execute, expected)
        case .assertTrap(let execute, let message):
            return assertTrap(execute, message)
        case .assertExhaustion(let call, let message):
            return assertExhaustion(call, message)
        case .assertInvalid(let module, let message):
            return assertInvalid(module, message)
        case .assertMalformed(let module, let message):
            return assertMalformed(module, message)
        case .assertUnlinkable(let wat, let message):
            return assertUnlinkable(wat, message)
        case .assertException:
            return .notReached("assert_exception: exception handling is not part of Wasm 2.0")
        case .assertFuel, .assertOutOfFuel:
            return .notReached("assert_fuel / assert_out_of_fuel: WasmKit's fuel directives are not supported")
        }
    }

    /// `(module ...)`: loads and instantiates a module, which becomes current (and named, with
    /// an `$id`). A module that fails leaves no current module, so that the directives that
    /// depend on it fail rather than run against an older one.
    private func runModule(_ module: ModuleDirective) -> DirectiveOutcome {
        if module.isDefinition {
            switch loader.program(for: module.source) {
            case .success(let program):
                lastDefinition = program
                if let id = module.id { definitions[id] = program }
                return .passed
            case .failure(let failure):
                return .failed("module definition rejected: \(failure)")
            }
        }
        current = nil
        if let id = module.id { named[id] = nil }
        let program: Program
        switch loader.program(for: module.source) {
        case .success(let p): program = p
        case .failure(let failure): return .failed("module rejected: \(failure)")
        }
        switch instantiate(program) {
        case .success(let instance):
            current = instance
            if let id = module.id { named[id] = instance }
            return .passed
        case .failure(let error):
            return .failed("module failed to instantiate: \(error)")
        }
    }

    /// `(module instance $I $M)`: instantiates a definition.
    private func runModuleInstance(instanceID: String?, moduleID: String?) -> DirectiveOutcome {
        current = nil
        guard let program = moduleID.map({ definitions[$0] }) ?? lastDefinition else {
            return .failed("module instance: unknown module definition \(moduleID ?? "(last)")")
        }
        switch instantiate(program) {
        case .success(let instance):
            current = instance
            if let instanceID { named[instanceID] = instance }
            return .passed
        case .failure(let error):
            return .failed("module instance failed to instantiate: \(error)")
        }
    }

    // MARK: Actions

    /// The instance a directive names, or the current one.
    func instance(_ id: String?) -> Instance? {
        if let id { return named[id] }
        return current
    }

    func unknownModule(_ id: String?) -> String {
        id.map { "unknown module \($0)" } ?? "no current module"
    }

    /// Instantiates `program` with everything registered so far.
    func instantiate(_ program: Program) -> Result<Instance, InstantiationError> {
        do {
            return .success(try store.instantiate(program, imports: imports))
        } catch {
            return .failure(error)
        }
    }

    /// Performs an action.
    func perform(_ execute: WASTExecute) -> ActionResult {
        switch execute {
        case .invoke(let invoke):
            return perform(invoke)
        case .get(let moduleID, let name):
            guard let instance = instance(moduleID) else { return .error(unknownModule(moduleID)) }
            guard let value = instance.exportedGlobal(name) else {
                return .error("no exported global named \"\(name)\"")
            }
            return .values([value])
        case .wat(let wat):
            switch loader.program(for: wat) {
            case .failure(let failure):
                return .error("module rejected: \(failure)")
            case .success(let program):
                switch instantiate(program) {
                case .success: return .values([])
                case .failure(.trap(let trap)): return .trap(trap)
                case .failure(let error): return .error("module failed to instantiate: \(error)")
                }
            }
        }
    }

    /// Calls an exported function with the script's arguments.
    func perform(_ invoke: WASTInvoke) -> ActionResult {
        guard let instance = instance(invoke.module) else { return .error(unknownModule(invoke.module)) }
        guard let address = instance.exportedFunction(invoke.name) else {
            return .error("no exported function named \"\(invoke.name)\"")
        }
        let type = store.functionType(address)
        guard invoke.args.count == type.parameters.count else {
            return .error("\(invoke.args.count) arguments given, the function's type is \(type)")
        }
        var arguments: [Value] = []
        arguments.reserveCapacity(invoke.args.count)
        for (constant, parameterType) in zip(invoke.args, type.parameters) {
            do {
                arguments.append(try ValueMatching.argument(constant, parameterType: parameterType))
            } catch {
                return .error(error.description)
            }
        }
        do {
            return .values(try store.invoke(address, arguments))
        } catch {
            return .trap(error)
        }
    }
}
