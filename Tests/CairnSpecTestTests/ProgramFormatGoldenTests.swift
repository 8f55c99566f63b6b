import Cairn
@testable import CairnSpecTest
import Foundation
import Testing
import WAT

/// The package root, found from this file's path (`<root>/Tests/CairnSpecTestTests/…`).
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The lowered program of an example: `.wat` files are encoded first.
private func exampleProgram(_ path: String) throws -> Program {
    let data = try Data(contentsOf: packageRoot.appendingPathComponent(path))
    let bytes = path.hasSuffix(".wat") ? try wat2wasm(String(decoding: data, as: UTF8.self)) : [UInt8](data)
    return try Lowering.lower(wasm: bytes)
}

@Suite("Program format golden hashes")
struct ProgramFormatGoldenTests {
    /// Content hashes (Keccak-256 of the encoding, `cairn hash`) of the lowered examples.
    ///
    /// Lowering the same Wasm must give byte-identical programs on every machine and build, so
    /// these hashes are pinned. A change to the lowering or to the encoding that changes them
    /// must be deliberate: it must bump `Program.formatVersion` (and docs/program-format.md), and
    /// then these hashes are updated with the new ones from `cairn hash FILE`.
    static let golden: [(file: String, hash: String)] = [
        ("examples/fib.wat", "cb0adaea0f30d76a00f00a6ba7d09d5639c0e9ba9df17c2284bc7b943efe4535"),
        ("examples/wasm/sha256.wasm", "342e3132e79ca7b70c3b31ce9e605f65e5bb5009671029dcc34a6795100fffe1"),
        ("examples/wasm/sieve.wasm", "90486ddd00a74c0507d328045da1c8c7e5cb473ba62df9eb8551b5cbea068780"),
    ]

    @Test("The format version these hashes were taken at")
    func formatVersion() {
        // If this fails, the format version was bumped: update `golden` from `cairn hash`.
        #expect(Program.formatVersion == 3)
    }

    @Test("Lowered examples have their pinned content hashes", arguments: golden.map(\.file))
    func pinnedHash(file: String) throws {
        let expected = try #require(Self.golden.first { $0.file == file }?.hash)
        let program = try exampleProgram(file)
        #expect(
            program.contentHash.description == expected,
            "the lowered program of \(file) changed: a change to lowering or encoding must be deliberate and bump Program.formatVersion"
        )
        // The hash is the name of the bytes: decoding them gives a program with the same name.
        let decoded = try Program(decoding: program.encoded())
        #expect(decoded.contentHash == program.contentHash)
    }
}

@Suite("Program format round trip in the spec runner")
struct ViaFormatTests {
    @Test("roundTrip returns the decoded program, which re-encodes to the same bytes")
    func roundTrip() throws {
        let program = try exampleProgram("examples/wasm/sha256.wasm")
        guard case .success(let decoded) = ModuleLoader.roundTrip(program) else {
            Issue.record("round trip failed")
            return
        }
        #expect(decoded.encoded() == program.encoded())
    }

    @Test("A module fails the same way with and without the format")
    func sameFailures() {
        let script = #"""
            (module (func (export "f") (result i32) (i32.div_s (i32.const 1) (i32.const 0))))
            (assert_trap (invoke "f") "integer divide by zero")
            (assert_return (invoke "f") (i32.const 0))
            (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
            """#
        let direct = SpecTestRunner.run(source: script)
        let viaFormat = SpecTestRunner.run(source: script, options: SpecTestOptions(viaFormat: true))
        #expect(direct.passed == 3)
        #expect(viaFormat.passed == direct.passed)
        #expect(viaFormat.failures.map(\.line) == direct.failures.map(\.line))
    }

    @Test("The unmetered mode has no gas schedule; the default is schedule v1")
    func unmeteredOptions() {
        #expect(SpecTestOptions(unmetered: true).schedule == nil)
        #expect(SpecTestOptions.standard.schedule == .v2)
    }
}

@Suite("Disassembler")
struct DisassemblerTests {
    @Test("fib: a line per instruction, with absolute offsets, and resolvable branch targets")
    func fib() throws {
        let program = try exampleProgram("examples/fib.wat")
        let lines = Disassembler.lines(of: program)
        #expect(lines.first == "; Cairn program, format version \(Program.formatVersion)")
        #expect(lines.contains("; hash \(program.contentHash)"))
        #expect(lines.contains("func[0] fib (i32) -> (i32) locals=4 frame=7"))
        #expect(lines.contains { $0.hasPrefix("func[1] fib_rec (i32) -> (i32) locals=1 ") })
        #expect(lines.contains { $0.hasPrefix("entrypoint ") })

        // Every instruction once, in order, at its absolute offset.
        let instructionLines = lines.filter { $0.hasPrefix("  ") }
        #expect(instructionLines.count == program.code.count)
        for (offset, line) in instructionLines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            #expect(trimmed.hasPrefix("\(offset): \(program.code[offset].mnemonic)"), "\(line)")
        }
        // Each function's header comes right before its entry.
        for (position, function) in program.functions.enumerated() {
            let header = try #require(lines.firstIndex { $0.hasPrefix("func[\(program.importedFunctionCount + position)] ") })
            #expect(lines[header + 1].drop { $0 == " " }.hasPrefix("\(function.entry): "))
        }
        // Branches print `-> TARGET`, and the target line names its source.
        for (offset, instruction) in program.code.enumerated() {
            for target in Disassembler.branchTargets(instruction, program) {
                #expect(instructionLines[offset].contains("-> \(target)"))
                let note = try #require(instructionLines[target].split(separator: "<- ").last)
                #expect(note.split(separator: ", ").contains { $0.hasPrefix("\(offset)") })
            }
        }
        #expect(instructionLines.contains { $0.contains("call function=1 s1  ; func[1] fib_rec") })
    }

    @Test("br_table targets are listed inline and at the end")
    func brTable() throws {
        let wat = """
            (module (func (export "f") (param i32) (result i32)
              (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 10)))
                (return (i32.const 11)))
              (i32.const 12)))
            """
        let program = try Lowering.lower(wasm: try wat2wasm(wat))
        let text = Disassembler.text(of: program)
        let offset = try #require(program.code.firstIndex { if case .brTable = $0 { true } else { false } })
        let targets = program.brTableTargets.map(String.init)
        #expect(targets.count == 3)
        #expect(Set(targets).count == 3, "three distinct labels, so no run is shortened")
        #expect(text.contains("br_table s") && text.contains("-> [\(targets[0]), \(targets[1]), default \(targets[2])]"))
        #expect(text.contains("""
            br_table targets (3 entries):
              [0..<3] used by br_table at \(offset) (the last is the default):
                [0] -> \(targets[0])
                [1] -> \(targets[1])
                [2] -> \(targets[2])
            """))
    }

    @Test("Runs of equal br_table targets are shortened")
    func brTableRuns() throws {
        let wat = """
            (module (func (export "f") (param i32) (result i32)
              (block (block (br_table 0 0 0 0 1 0 (local.get 0))) (return (i32.const 10)))
              (i32.const 12)))
            """
        let program = try Lowering.lower(wasm: try wat2wasm(wat))
        let lines = Disassembler.lines(of: program)
        let t = program.brTableTargets.map(String.init)
        #expect(t.count == 6)
        #expect(lines.contains { $0.hasSuffix("-> [\(t[0]) ×4, \(t[4]), default \(t[5])]") })
        #expect(lines.contains("    [0..<4] -> \(t[0])"))
    }

    @Test("Programs with imports, memory, globals and a start function")
    func moduleParts() throws {
        let wat = """
            (module
              (import "env" "log" (func $log (param i32)))
              (memory 1 2)
              (global $g (mut i64) (i64.const 5))
              (func $start (call $log (i32.const 1)))
              (start $start)
              (export "mem" (memory 0)))
            """
        let program = try Lowering.lower(wasm: try wat2wasm(wat))
        let lines = Disassembler.lines(of: program)
        #expect(lines.contains("import \"env\" \"log\" func[0] type[0] (i32) -> ()"))
        #expect(lines.contains("memory[0] 1..2"))
        #expect(lines.contains("global[0] mut i64"))
        #expect(lines.contains("export \"mem\" memory[0]"))
        #expect(lines.contains { $0.hasPrefix("start func[1]") })
        #expect(lines.contains { $0.hasPrefix("func[1] ") })
        #expect(lines.contains { $0.contains("call function=0") && $0.contains("(imported)") })
    }
}
