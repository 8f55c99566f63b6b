import Cairn
import WAT

extension ScriptRunner {
    /// Whether a trap is the one the script names. The spec's runners compare messages by
    /// prefix; Cairn's trap kinds carry the spec's messages, so either may be the longer.
    static func trapMatches(_ trap: Trap, _ expected: String) -> Bool {
        let actual = trap.kind.description
        return actual.hasPrefix(expected) || expected.hasPrefix(actual)
    }

    /// `(assert_return action expected...)`: the results must match bit for bit, or by NaN
    /// class or reference kind.
    func assertReturn(_ execute: WASTExecute, _ expected: [WASTExpectValue]) -> DirectiveOutcome {
        if let unsupported = expected.first(where: ValueMatching.isUnsupported) {
            return .notReached("assert_return: expectation \(ValueMatching.describe(unsupported)) is outside Wasm 2.0")
        }
        let values: [Value]
        switch perform(execute) {
        case .values(let v): values = v
        case .trap(let trap): return .failed("\(Self.describe(execute)): expected \(Self.describe(expected)), got trap: \(trap)")
        case .error(let message): return .failed("\(Self.describe(execute)): \(message)")
        }
        guard values.count == expected.count,
            zip(values, expected).allSatisfy({ ValueMatching.matches($0, $1) })
        else {
            let got = values.map(ValueMatching.describe).joined(separator: " ")
            return .failed("\(Self.describe(execute)): expected \(Self.describe(expected)), got (\(got))")
        }
        return .passed
    }

    /// `(assert_trap action "message")`: an invocation, or a module's instantiation, must trap
    /// with the named trap. A module that traps does not become current, but what it wrote
    /// before the trap (into imported memories and tables) stays written.
    func assertTrap(_ execute: WASTExecute, _ message: String) -> DirectiveOutcome {
        switch perform(execute) {
        case .values(let values):
            if case .wat = execute {
                return .failed("module instantiated, expected trap \"\(message)\"")
            }
            let got = values.map(ValueMatching.describe).joined(separator: " ")
            return .failed("\(Self.describe(execute)): expected trap \"\(message)\", got (\(got))")
        case .trap(let trap):
            guard Self.trapMatches(trap, message) else {
                return .failed("\(Self.describe(execute)): expected trap \"\(message)\", got trap \"\(trap)\"")
            }
            return .passed
        case .error(let error):
            return .failed("\(Self.describe(execute)): expected trap \"\(message)\", but \(error)")
        }
    }

    /// `(assert_exhaustion (invoke ...) "message")`: the call must exhaust the call stack (or
    /// the value stack, the other deterministic stack limit).
    func assertExhaustion(_ call: WASTInvoke, _ message: String) -> DirectiveOutcome {
        switch perform(call) {
        case .values(let values):
            let got = values.map(ValueMatching.describe).joined(separator: " ")
            return .failed("invoke \"\(call.name)\": expected exhaustion \"\(message)\", got (\(got))")
        case .trap(let trap):
            guard trap.kind == .callStackExhausted || trap.kind == .valueStackExhausted else {
                return .failed("invoke \"\(call.name)\": expected exhaustion \"\(message)\", got trap \"\(trap)\"")
            }
            return .passed
        case .error(let error):
            return .failed("invoke \"\(call.name)\": expected exhaustion \"\(message)\", but \(error)")
        }
    }

    /// `(assert_invalid module "message")`: Cairn must refuse the module. Any refusal counts
    /// (decoding or validation); a text module the WAT encoder cannot encode (an out-of-range
    /// index) never reaches Cairn and counts as not reached.
    func assertInvalid(_ module: ModuleDirective, _ message: String) -> DirectiveOutcome {
        switch ModuleLoader.binary(of: module.source) {
        case .failure(let failure):
            return .notReached("assert_invalid (\"\(message)\"): the text tooling cannot encode the module: \(failure)")
        case .success(let bytes):
            switch loader.lower(bytes) {
            case .failure(.format(let error)): return .failed("assert_invalid (\"\(message)\"): \(error)")
            case .failure: return .passed
            case .success: return .failed("assert_invalid: module accepted, expected invalid: \"\(message)\"")
            }
        }
    }

    /// `(assert_malformed module "message")`: a binary module must be refused by Cairn (any
    /// refusal counts); a quoted or text module must be refused by the text parser. A quoted
    /// module the parser accepts although it is malformed never tests Cairn, so it counts as not
    /// reached.
    func assertMalformed(_ module: ModuleDirective, _ message: String) -> DirectiveOutcome {
        switch module.source {
        case .binary(let bytes):
            switch loader.lower(bytes) {
            case .failure(.format(let error)): return .failed("assert_malformed (\"\(message)\"): \(error)")
            case .failure: return .passed
            case .success: return .failed("assert_malformed: binary module accepted, expected malformed: \"\(message)\"")
            }
        case .quote, .text:
            switch ModuleLoader.binary(of: module.source) {
            case .failure:
                return .passed
            case .success(let bytes):
                let engine: String
                switch loader.lower(bytes) {
                case .failure(let failure): engine = "Cairn refused its encoding: \(failure)"
                case .success: engine = "Cairn accepted its encoding"
                }
                return .notReached("assert_malformed (\"\(message)\"): the text parser accepted a malformed module; \(engine)")
            }
        }
    }

    /// `(assert_unlinkable module "message")`: the module must load but fail to link.
    func assertUnlinkable(_ wat: Wat, _ message: String) -> DirectiveOutcome {
        let program: Program
        switch loader.program(for: wat) {
        case .success(let p): program = p
        case .failure(.text(let error)):
            return .notReached("assert_unlinkable (\"\(message)\"): the text tooling cannot encode the module: \(error)")
        case .failure(let failure):
            return .failed("assert_unlinkable: module rejected before linking: \(failure)")
        }
        switch instantiate(program) {
        case .failure(.unlinkable): return .passed
        case .failure(let error): return .failed("assert_unlinkable: expected unlinkable \"\(message)\", got \(error)")
        case .success: return .failed("assert_unlinkable: module instantiated, expected unlinkable \"\(message)\"")
        }
    }

    // MARK: Descriptions

    static func describe(_ execute: WASTExecute) -> String {
        switch execute {
        case .invoke(let invoke):
            let target = invoke.module.map { "\($0) " } ?? ""
            let args = invoke.args.map(describe).joined(separator: " ")
            return "invoke \(target)\"\(invoke.name)\"(\(args))"
        case .get(let module, let name):
            return "get \(module.map { "\($0) " } ?? "")\"\(name)\""
        case .wat:
            return "module"
        }
    }

    static func describe(_ constant: WASTConstValue) -> String {
        switch constant {
        case .i32(let v): "i32:\(Int32(bitPattern: v))"
        case .i64(let v): "i64:\(Int64(bitPattern: v))"
        case .f32(let v): "f32:0x\(String(v, radix: 16))"
        case .f64(let v): "f64:0x\(String(v, radix: 16))"
        case .refNull(let heap): "ref.null \(heap == .funcRef ? "func" : heap == .externRef ? "extern" : "\(heap)")"
        case .refExtern(let v): "ref.extern \(v)"
        case .refFunc(let index): "ref.func \(index)"
        default: "\(constant)"
        }
    }

    static func describe(_ expected: [WASTExpectValue]) -> String {
        "(\(expected.map(ValueMatching.describe).joined(separator: " ")))"
    }
}
