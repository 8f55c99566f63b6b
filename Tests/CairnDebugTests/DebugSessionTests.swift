import Cairn
import CairnDebug
import Foundation
import Testing

/// A session on `run(argument)` of the divide fixture (compiled with -g, DWARF `version`).
func divideSession(version: Int = 5, argument: Int32, gas: UInt64 = 100_000) throws -> DebugSession {
    let binary = try fixture("divide-dwarf\(version).wasm")
    let target = try DebugTarget.module(
        try ModuleDecoder.decode(binary), binary: binary,
        makeStore: {
            let store = Store(limits: MachineLimits(), schedule: .v2)
            store.gasLimit = gas
            return store
        },
        launch: { store, program in
            let instance = try store.instantiate(program, imports: Imports())
            return try store.invoke(instance, "run", [.i32(UInt32(bitPattern: argument))])
        })
    return DebugSession(target: target)
}

/// The transcript of `commands` on `session`, as `cairn debug --script` prints it.
func transcript(_ session: DebugSession, _ commands: [String]) -> [String] {
    let console = DebugConsole(session: session)
    var lines = console.whereLines()
    for command in commands {
        lines.append("(cairn) \(command)")
        lines += console.execute(command)
    }
    return lines
}

/// One step's state as recorded by an independent hook in one forward run: what the session
/// must show when stopped before that step.
struct RecordedStep: Equatable {
    var pc: Int
    var depth: Int
    var gas: UInt64
    var frame: [UInt64]
    var globals: [UInt64]
    var memory: [UInt8]
}

@Suite struct DebugSessionTests {
    @Test func aScriptedSessionGivesTheExpectedTranscript() throws {
        let session = try divideSession(argument: 2)
        let lines = transcript(session, [
            "break divide.c:3", "continue", "backtrace", "print locals", "info breakpoints",
            "x/16xb 0x103d0", "step", "next", "finish", "print global 0", "reverse-step", "goto 5", "delete 1", "continue",
        ])
        let expected = try String(decoding: fixture("divide-session.txt"), as: UTF8.self)
        #expect(lines.joined(separator: "\n") + "\n" == expected)
    }

    @Test func theBreakpointAtALineStopsInThatFunctionWithItsArguments() throws {
        let session = try divideSession(argument: 2)
        let console = DebugConsole(session: session)
        _ = console.execute("break divide.c:3")
        _ = console.execute("continue")
        let state = try #require(session.state)
        #expect(session.target.info.sourceLine(at: state.pc)?.description == "divide.c:3")
        #expect(session.target.info.places.function(at: state.pc).names[0] == "divide")
        // divide(10, 2): the -O0 code keeps its parameters in Wasm locals 0 and 1 on entry.
        let locals = console.execute("print locals")
        #expect(locals.prefix(2) == ["local 0 (i32) = 10 (0xa)", "local 1 (i32) = 2 (0x2)"])
        #expect(console.execute("backtrace").map { String($0.prefix { $0 != "," }) } == [
            "#0 divide at divide.c:3", "#1 average at divide.c:8", "#2 run at divide.c:19",
        ])
    }

    @Test func aRunToTheEndReportsTheResultOrTheTrap() throws {
        let returned = try divideSession(argument: 2)
        returned.continue()
        #expect(returned.position == .finished(returned.outcome))
        #expect(returned.outcome.results == [.i32(5)])
        let trapped = try divideSession(argument: 0)
        trapped.continue()
        #expect(trapped.outcome.trap == "integer divide by zero")
        // One step back is the trapping instruction, with the zero it divides by.
        trapped.reverseStep()
        let state = try #require(trapped.state)
        #expect(trapped.target.program.code[state.pc].mnemonic == "i32.div_s")
        #expect(state.step == trapped.outcome.steps - 1)
    }

    /// The state at every step, recorded by a hook in one run (independent of the session).
    func recordedSteps(argument: Int32) throws -> [RecordedStep] {
        let session = try divideSession(argument: argument)
        let program = session.target.program
        let store = session.target.makeStore()
        var steps: [RecordedStep] = []
        var instance: Instance?
        store.instructionHook = { point in
            let current = store.instance(at: point.instance)
            instance = current
            let function = session.target.info.places.function(at: point.pc)
            let size = function.index.map { Int(program.functions[$0 - program.importedFunctionCount].frameSize) } ?? Int(program.entrypoint.frameSize)
            steps.append(RecordedStep(
                pc: point.pc, depth: point.depth, gas: point.gas, frame: Array(store.valueSlots[point.base..<(point.base + size)]),
                globals: (0..<current.globalCount).map { current.globalBits($0) },
                memory: current.memory.flatMap { $0.read(offset: 0, count: $0.byteCount) } ?? []))
        }
        _ = try? session.target.launch(store)
        _ = instance
        return steps
    }

    func shown(_ state: DebugState) -> RecordedStep {
        RecordedStep(
            pc: state.pc, depth: state.depth, gas: state.gas, frame: Array(state.slots[state.current.base...]),
            globals: state.globals, memory: state.memory)
    }

    @Test(arguments: [2, 0])
    func reverseStepLandsOnTheStateOfRunningForwardToThatStep(argument: Int32) throws {
        let recorded = try recordedSteps(argument: argument)
        let session = try divideSession(argument: argument)
        #expect(UInt64(recorded.count) == session.outcome.steps)
        // Forwards, one step at a time, then backwards to the start.
        for step in recorded.indices {
            let state = try #require(session.state)
            #expect(state.step == UInt64(step))
            #expect(shown(state) == recorded[step], "forward step \(step)")
            session.step()
        }
        #expect(session.state == nil)
        for step in recorded.indices.reversed() {
            session.reverseStep()
            let state = try #require(session.state)
            #expect(state.step == UInt64(step))
            #expect(shown(state) == recorded[step], "reverse step \(step)")
        }
        // goto jumps both ways.
        for step in [recorded.count / 2, 3, recorded.count - 1, 0] {
            session.goto(step: UInt64(step))
            #expect(session.state.map(shown) == recorded[step])
        }
    }

    @Test func nextStepsOverCallsAndFinishLeavesTheFrame() throws {
        let session = try divideSession(argument: 2)
        try session.setBreakpoint("average")
        session.continue()
        let start = try #require(session.state)
        #expect(session.target.info.places.function(at: start.pc).names[0] == "average")
        // `next` until the frame is left: never deeper than average's frame.
        var depths: [Int] = []
        while let state = session.state, state.depth >= start.depth {
            depths.append(state.depth)
            session.next()
        }
        #expect(depths.allSatisfy { $0 == start.depth })
        #expect(session.state.map { session.target.info.places.function(at: $0.pc).names[0] } == "run")
        session.goto(step: start.step)
        session.finish()
        #expect(session.state?.depth == start.depth - 1)
        session.reverseContinue()
        #expect(session.state?.step == start.step)
    }

    @Test func badBreakpointsAreTypedErrors() throws {
        let session = try divideSession(argument: 2)
        #expect(throws: DebugError.self) { try session.setBreakpoint("nosuchfunction") }
        #expect(throws: DebugError.self) { try session.setBreakpoint("other.c:3") }
        #expect(throws: DebugError.self) { try session.setBreakpoint("*999999") }
        let console = DebugConsole(session: session)
        for command in ["x/4xb 0xffffffff", "x/99999999999999999999xg 0", "x/9223372036854775807xg 8", "x/4xq 0", "x/4xb -1", "goto x", "frame 99", "print local 99"] {
            #expect(console.execute(command).first?.hasPrefix("error:") == true, "\(command)")
        }
        #expect(console.execute("frobnicate").first?.hasPrefix("error: unknown command") == true)
    }
}
