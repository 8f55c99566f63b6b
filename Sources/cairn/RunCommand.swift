import ArgumentParser
import Cairn
import CairnSpecTest

/// `cairn run`: instantiate a module and call one of its exported functions.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a WebAssembly module, optionally calling an exported function.",
        discussion: """
            FILE is a binary module (.wasm) or a text module (.wat). The module is decoded, \
            validated, lowered and instantiated, which runs its start function. With --invoke, \
            the exported function NAME is then called with ARGS, which are read according to its \
            parameter types:

              i32, i64   decimal (negative wraps to the bit pattern), or 0x hex
              f32, f64   decimal or hex float, inf, -inf, nan, -nan, nan:0xPAYLOAD
              externref  null, or an unsigned host value
              funcref    null

            Put `--` before the arguments when one starts with `-` (e.g. `-- -7 2`); negative \
            numbers also work without it.

            Each result is printed on its own line as TYPE:VALUE, for example `i32:6765`: \
            integers as signed decimals, floats in their shortest round-trip form, references \
            as `funcref:N`, `funcref:null`, `externref:N` or `externref:null`. Without \
            --invoke nothing is printed.

            --json prints one JSON object instead:
              {"status": "ok", "results": [{"type": "i32", "value": "6765"}], "trap": null}
            where floats also carry "bits", the unsigned decimal bit pattern; on a trap:
              {"status": "trap", "results": [], "trap": "integer divide by zero"}
            and on a module or usage error: {"status": "error", ..., "error": "..."}.

            Exit status: 0 on success; 2 when execution traps (`trap: MESSAGE` on standard \
            error), including a trap in the start function; 3 when the module is malformed, \
            invalid or cannot be linked or instantiated (`error: ...`); 1 on a usage error \
            (unknown export, wrong number or form of arguments).
            """
    )

    @Argument(help: "The module: binary .wasm or text .wat.")
    var file: String

    @Option(name: .long, help: ArgumentHelp("The exported function to call.", valueName: "NAME"))
    var invoke: String?

    @Flag(name: .long, help: "Print the outcome as one JSON object.")
    var json = false

    @Flag(name: .long, help: "Provide the spec tests' `spectest` host module as imports.")
    var spectest = false

    @Option(name: .long, help: ArgumentHelp(
        "The most gas instantiation and the call may use together; running out is an `out of gas` trap.",
        valueName: "GAS"))
    var gasLimit: UInt64?

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Arguments of the invoked function.", valueName: "ARGS"))
    var arguments: [String] = []

    func run() throws {
        var arguments = self.arguments
        // The `--` that ends option parsing may be captured along with the arguments.
        if let terminator = arguments.firstIndex(of: "--") { arguments.remove(at: terminator) }
        if invoke == nil, !arguments.isEmpty {
            throw fail(status: 1, "arguments given without --invoke: \(arguments.joined(separator: " "))")
        }

        let bytes: [UInt8]
        do {
            bytes = try ModuleInput.load(file)
        } catch {
            throw fail(status: 3, error.description)
        }
        let program: Program
        do {
            program = try Lowering.lower(wasm: bytes)
        } catch {
            throw fail(status: 3, error.description)
        }

        let store = Store(limits: MachineLimits())
        if let gasLimit { store.gasLimit = gasLimit }
        var imports = Imports()
        if spectest { SpectestHost.define(in: &imports, store: store) }
        let instance: Instance
        do {
            instance = try store.instantiate(program, imports: imports)
        } catch {
            switch error {
            case .trap(let trap): throw trapped(trap)
            case .unlinkable, .limitExceeded: throw fail(status: 3, error.description)
            }
        }

        guard let invoke else {
            if json { print(Self.json(status: "ok", results: [], trap: nil)) }
            return
        }
        guard let address = instance.exportedFunction(invoke) else {
            let names = instance.exports.compactMap { name, value -> String? in
                if case .function = value { return name }
                return nil
            }.sorted()
            let known = names.isEmpty ? "the module exports no functions" : "exported functions: \(names.joined(separator: ", "))"
            throw fail(status: 1, "no exported function named \"\(invoke)\" (\(known))")
        }
        let type = store.functionType(address)
        guard arguments.count == type.parameters.count else {
            throw fail(status: 1, "\(invoke) takes \(type.parameters.count) argument(s) of type \(type), \(arguments.count) given")
        }
        var values: [Value] = []
        for (index, (text, parameterType)) in zip(arguments, type.parameters).enumerated() {
            do {
                values.append(try ValueText.parse(text, as: parameterType))
            } catch {
                throw fail(status: 1, "argument \(index + 1): \(error)")
            }
        }

        let results: [Value]
        do {
            results = try store.invoke(address, values)
        } catch {
            throw trapped(error)
        }
        if json {
            print(Self.json(status: "ok", results: results, trap: nil))
        } else {
            for result in results { print(ValueText.format(result)) }
        }
    }

    /// Reports a trap and returns the exit code to throw (2).
    private func trapped(_ trap: Trap) -> ExitCode {
        if json {
            print(Self.json(status: "trap", results: [], trap: trap.description))
        }
        printError("trap: \(trap)")
        return ExitCode(2)
    }

    /// Reports an error and returns the exit code to throw.
    private func fail(status: Int32, _ message: String) -> ExitCode {
        if json {
            print(Self.json(status: "error", results: [], trap: nil, error: message))
        }
        printError("error: \(message)")
        return ExitCode(status)
    }

    static func json(status: String, results: [Value], trap: String?, error: String? = nil) -> String {
        var pairs = [
            ("status", JSONText.string(status)),
            ("results", "[" + results.map(JSONText.value).joined(separator: ", ") + "]"),
            ("trap", trap.map(JSONText.string) ?? "null"),
        ]
        if let error { pairs.append(("error", JSONText.string(error))) }
        return JSONText.object(pairs)
    }
}
