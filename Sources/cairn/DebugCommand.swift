import ArgumentParser
import Cairn
import CairnDebug
import CairnSpecTest
import Foundation

/// `cairn debug`: a stepping debugger on a run of a module, at a prompt or as a GDB remote
/// protocol server (docs/debugging.md).
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Step through a run of a module: a debugger prompt, or a GDB remote protocol server.",
        discussion: """
            Runs FILE (a .wasm, .wat or .cairn program) like `cairn run` (instantiation, then \
            the call --invoke NAME ARGS) under a debugger stopped before its first instruction. \
            Commands come from standard input, or from --script FILE; each is echoed after a \
            `(cairn) ` prompt and answered, so a script gives the same transcript every time:

              break FUNCTION | FILE:LINE | @STEP | *PC   set a breakpoint (b)
              delete [N]                 delete breakpoint N, or all (d)
              info breakpoints|locals|globals|registers
              step | next | finish | continue   (s, n, c): one instruction, over calls,
                                         out of the frame, to a breakpoint
              reverse-step | reverse-continue   (rs, rc): back one instruction, back to
                                         the last breakpoint hit
              goto STEP                  stop before step STEP (forwards or backwards)
              backtrace (bt), frame N, where
              print locals|local N|globals|global N|slots|slot N   (p)
              x/NFU ADDR                 memory: N units U (b h w g) in format F (x d)
              quit (q)

            FILE:LINE needs a module compiled with -g (DWARF line tables). Steps count \
            executed instructions from 0, as `cairn run --trace` does. Going backwards replays \
            the run from the start, so every state shown is exact.

            --gdb-port N serves the GDB remote serial protocol with LLDB's WebAssembly \
            packets on 127.0.0.1:N instead (`lldb` then `process connect connect://127.0.0.1:N`).
            """
    )

    @Argument(help: "The module or program: binary .wasm, text .wat, or lowered .cairn.")
    var file: String

    @Option(name: .long, help: ArgumentHelp("The exported function to call.", valueName: "NAME"))
    var invoke: String?

    @Option(name: .long, help: ArgumentHelp("The most gas instantiation and the call may use together.", valueName: "N"))
    var gas: UInt64?

    @Flag(name: .long, help: "Run without gas metering.")
    var unmetered = false

    @Flag(name: .long, help: "Provide the spec tests' `spectest` host module as imports.")
    var spectest = false

    @Option(name: .long, help: ArgumentHelp("Read the debugger commands from FILE instead of standard input.", valueName: "FILE"))
    var script: String?

    @Option(name: .long, help: ArgumentHelp("Serve the GDB remote protocol on 127.0.0.1:PORT (0: any free port, printed).", valueName: "PORT"))
    var gdbPort: UInt16?

    @Flag(name: .long, help: "With --gdb-port: print every packet and reply on standard error.")
    var verbose = false

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Arguments of the invoked function.", valueName: "ARGS"))
    var arguments: [String] = []

    func run() throws {
        var arguments = self.arguments
        if let terminator = arguments.firstIndex(of: "--") { arguments.remove(at: terminator) }
        if invoke == nil, !arguments.isEmpty { throw fail(ExitStatus.usage, "arguments given without --invoke") }
        if unmetered, gas != nil { throw fail(ExitStatus.usage, "--gas cannot be used with --unmetered") }
        let (target, binary) = try makeTarget(arguments)
        let session = DebugSession(target: target)
        if let gdbPort {
            try serve(session, binary: binary ?? [], port: gdbPort)
        } else {
            try prompt(session)
        }
    }

    /// The program and how to run it: instantiate, then call --invoke with its arguments.
    private func makeTarget(_ arguments: [String]) throws -> (DebugTarget, [UInt8]?) {
        let contents: ModuleInput.Contents
        do { contents = try ModuleInput.read(file) } catch { throw fail(error.exitStatus, error.description) }
        let schedule: GasSchedule? = unmetered ? nil : .v2
        let gasLimit = gas ?? .max
        let spectest = self.spectest
        let makeStore = {
            let store = Store(limits: MachineLimits(), schedule: schedule)
            store.gasLimit = gasLimit
            return store
        }
        // The call, checked once here so that usage errors are reported before any debugging.
        var call: (Store, Instance) throws -> [Value] = { _, _ in [] }
        let launch: (Store, Program) throws -> [Value] = { store, program in
            var imports = Imports()
            if spectest { SpectestHost.define(in: &imports, store: store) }
            let instance = try store.instantiate(program, imports: imports)
            return try call(store, instance)
        }
        let target: DebugTarget
        var binary: [UInt8]?
        switch contents {
        case .wasm(let bytes, let source):
            binary = bytes
            do {
                let module = try ModuleDecoder.decode(bytes)
                target = try DebugTarget.module(module, binary: source == nil ? bytes : nil, makeStore: makeStore, launch: launch)
            } catch {
                throw fail(ExitStatus.badInput, ModuleInput.Failure.wasm(error, source: source).description)
            }
        case .program(let bytes):
            let program: Program
            do { program = try Program(decoding: bytes) } catch { throw fail(ExitStatus.badInput, error.description) }
            target = DebugTarget(program: program, info: DebugInfo(program: program), makeStore: makeStore, launch: { try launch($0, program) })
        }
        if let name = invoke {
            let values = try callArguments(target.program, name, arguments)
            call = { store, instance in
                guard let address = instance.exportedFunction(name) else { return [] }
                return try store.invoke(address, values)
            }
        }
        return (target, binary)
    }

    /// The arguments of the call, read by the function's parameter types.
    private func callArguments(_ program: Program, _ name: String, _ arguments: [String]) throws -> [Value] {
        guard let export = program.exports.first(where: { $0.name == name }), case .function(let index) = export.descriptor else {
            throw fail(ExitStatus.usage, "no exported function named \(NameText.quoted(name))")
        }
        let type = program.functionType(index)
        guard arguments.count == type.parameters.count else {
            throw fail(ExitStatus.usage, "\(NameText.quoted(name)) takes \(type.parameters.count) argument(s) of type \(type), \(arguments.count) given")
        }
        var values: [Value] = []
        for (position, (text, parameterType)) in zip(arguments, type.parameters).enumerated() {
            do { values.append(try ValueText.parse(text, as: parameterType)) } catch {
                throw fail(ExitStatus.usage, "argument \(position + 1): \(error)")
            }
        }
        return values
    }

    /// The prompt: commands from --script or standard input, each echoed and answered.
    private func prompt(_ session: DebugSession) throws {
        let console = DebugConsole(session: session)
        var lines: [String]? = nil
        if let script {
            guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
                throw fail(ExitStatus.badInput, "cannot read \(script)")
            }
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        for line in console.whereLines() { print(line) }
        var index = 0
        while !console.quitting {
            let command: String
            if lines != nil {
                guard index < lines!.count else { break }
                command = lines![index]
                index += 1
            } else {
                guard let read = readLine() else { break }
                command = read
            }
            let trimmed = command.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            print("(cairn) \(trimmed)")
            for output in console.execute(trimmed) { print(output) }
        }
    }

    private func serve(_ session: DebugSession, binary: [UInt8], port: UInt16) throws {
        do {
            let server = try GDBServer(port: port)
            printErrorLines("listening for a GDB remote protocol client on 127.0.0.1:\(server.port)")
            let target = GDBRemoteTarget(session: session, module: binary, modulePath: URL(fileURLWithPath: file).path)
            let verbose = self.verbose
            try server.serve(target, log: verbose ? { printErrorLines($0) } : nil)
        } catch {
            throw fail(ExitStatus.usage, error.description)
        }
    }

    private func fail(_ status: Int32, _ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(status)
    }
}
