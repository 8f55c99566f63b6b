import Cairn
import WAT

/// The spec suite's modules with the calls its scripts make on them, as straight-line call
/// lists: what the proof tests make into provable tasks (`TaskProgram(_:calls:)`), so that the
/// suite's programs are stepped and proven.
public enum SpecModuleCalls {
    /// One module of a script and the `assert_return` invocations made on it, in order.
    public struct Module: Sendable {
        public var program: Program
        /// Function index and argument slot bits of each call.
        public var calls: [(function: UInt32, arguments: [UInt64])]
    }

    /// The modules of the script `source` that load, each with its calls.
    public static func modules(source: String) -> [Module] {
        guard (try? checkNesting(source)) != nil, var script = try? parseWAST(source) else { return [] }
        let loader = ModuleLoader()
        var modules: [Module] = []
        var current: Int?
        while let (parsed, _) = script.nextDirectiveResult() {
            guard case .success(let directive) = parsed else { continue }
            switch directive {
            case .module(let module) where !module.isDefinition && module.id == nil:
                current = nil
                if case .success(let program) = loader.program(for: module.source) {
                    modules.append(Module(program: program, calls: []))
                    current = modules.count - 1
                }
            case .module:
                current = nil
            case .assertReturn(.invoke(let invoke), _) where invoke.module == nil:
                guard let current else { continue }
                let program = modules[current].program
                guard case .function(let index)? = program.exports.first(where: { $0.name == invoke.name })?.descriptor else { continue }
                let parameters = program.functionType(index).parameters
                guard parameters.count == invoke.args.count else { continue }
                var arguments: [UInt64] = []
                for (constant, type) in zip(invoke.args, parameters) {
                    guard let value = try? ValueMatching.argument(constant, parameterType: type) else { break }
                    arguments.append(value.slotBits)
                }
                if arguments.count == parameters.count { modules[current].calls.append((index, arguments)) }
            default:
                continue
            }
        }
        return modules
    }
}
