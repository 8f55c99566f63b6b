import Cairn
import CairnDebug
import Foundation
import Testing

/// Tests/CairnDebugTests/Fixtures: divide.c compiled by clang 21 (`--target=wasm32 -g -O0
/// -nostdlib -Wl,--no-entry -Wl,--export-all`, DWARF 4 and 5) and llvm-dwarfdump 14's
/// `--debug-line` listing of each, the independent reading the line tables are checked against.
func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    return [UInt8](try Data(contentsOf: url))
}

/// The rows of an llvm-dwarfdump listing: (address, line, column), end_sequence rows left out.
func dumpedRows(_ text: String) -> [[UInt64]] {
    text.split(separator: "\n").filter { $0.hasPrefix("0x") && !$0.contains("end_sequence") }.map { line in
        let fields = line.split(separator: " ")
        return [UInt64(fields[0].dropFirst(2), radix: 16)!, UInt64(fields[1])!, UInt64(fields[2])!]
    }
}

@Suite struct SourceLineTests {
    @Test(arguments: [4, 5])
    func lineTablesMatchLLVMDwarfdump(version: Int) throws {
        let module = try fixture("divide-dwarf\(version).wasm")
        let sections = try WasmSections(module)
        let table = try LineTable(
            debugLine: try #require(sections.custom[".debug_line"]),
            lineStrings: sections.custom[".debug_line_str"] ?? [], strings: sections.custom[".debug_str"] ?? [])
        let expected = dumpedRows(String(decoding: try fixture("divide-dwarf\(version).lines.txt"), as: UTF8.self))
        let rows = table.rows.map { [$0.address, $0.line.line, $0.line.column] }
        #expect(expected.count > 30)
        #expect(rows.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Set(table.rows.map(\.line.file)) == ["divide.c"])
    }

    /// The backtrace of `run(argument)` in the fixture compiled with DWARF `version`.
    func backtrace(version: Int, argument: Int32) throws -> (trap: String, lines: [String]) {
        let module = try fixture("divide-dwarf\(version).wasm")
        let lowered = try Lowering.lowerRecordingOffsets(try ModuleDecoder.decode(module))
        #expect(lowered.program == (try Lowering.lower(wasm: module)), "recording offsets changes nothing")
        #expect(lowered.wasmOffsets.count == lowered.program.code.count)
        let store = Store(limits: MachineLimits(), schedule: .v2)
        let instance = try store.instantiate(lowered.program, imports: Imports())
        let recorder = CallStackRecorder()
        store.instructionHook = recorder.hook
        var trap = ""
        do { _ = try store.invoke(instance, "run", [.i32(UInt32(bitPattern: argument))]) } catch { trap = error.description }
        let info = DebugInfo(program: lowered.program, module: module, wasmOffsets: lowered.wasmOffsets)
        return (trap, info.backtrace(recorder.pcs).map { String($0.prefix { $0 != "," }) })
    }

    @Test(arguments: [4, 5])
    func aDivisionByZeroNamesTheFunctionsAndLines(version: Int) throws {
        let (trap, lines) = try backtrace(version: version, argument: 0)
        #expect(trap == "integer divide by zero")
        #expect(lines == ["  #0 divide at divide.c:3", "  #1 average at divide.c:8", "  #2 run at divide.c:19"])
    }

    @Test(arguments: [4, 5])
    func anUnreachableNamesTheFunctionsAndLines(version: Int) throws {
        let (trap, lines) = try backtrace(version: version, argument: -1)
        #expect(trap == "unreachable")
        #expect(lines == ["  #0 fail at divide.c:12", "  #1 run at divide.c:18"])
    }

    @Test func tracesCarrySourceLines() throws {
        let module = try fixture("divide-dwarf5.wasm")
        let lowered = try Lowering.lowerRecordingOffsets(try ModuleDecoder.decode(module))
        let store = Store(limits: MachineLimits(), schedule: .v2)
        let instance = try store.instantiate(lowered.program, imports: Imports())
        var bytes: [UInt8] = []
        let tracer = StepTracer(store: store, filter: TraceFilter(function: "divide")) { bytes += $0 }
        tracer.debugInfo = DebugInfo(program: lowered.program, module: module, wasmOffsets: lowered.wasmOffsets)
        store.instructionHook = tracer.hook
        _ = try? store.invoke(instance, "run", [.i32(0)])
        tracer.finish(gasLeft: store.gasLimit &- store.gasUsed, trap: "integer divide by zero")
        let records = try traceRecords(bytes).dropLast()
        #expect(records.last?["op"] as? String == "i32.div_s")
        #expect(records.last?["line"] as? String == "divide.c:3")
        #expect(Set(records.compactMap { $0["line"] as? String }).isSubset(of: ["divide.c:2", "divide.c:3"]))
    }

    @Test func malformedLineTablesAreErrors() {
        #expect(throws: DebugInfoError.self) { try LineTable(debugLine: [0x10, 0, 0, 0, 4, 0]) }
        #expect(throws: DebugInfoError.self) { try LineTable(debugLine: [0xFF, 0xFF, 0xFF, 0xFF, 1]) }
        #expect(throws: DebugInfoError.self) { try WasmSections([0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0, 0x80]) }
        #expect((try? LineTable(debugLine: [])) != nil)
    }
}
