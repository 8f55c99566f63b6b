import Cairn
import Foundation
import Testing
import WAT

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every example program, lowered: the C programs' binaries and the WAT examples.
func examplePrograms() throws -> [(name: String, program: Program)] {
    var programs: [(String, Program)] = []
    let wasmDirectory = packageRoot.appendingPathComponent("examples/wasm")
    for file in try FileManager.default.contentsOfDirectory(atPath: wasmDirectory.path).sorted() where file.hasSuffix(".wasm") {
        let bytes = try [UInt8](Data(contentsOf: wasmDirectory.appendingPathComponent(file)))
        programs.append((file, try Lowering.lower(wasm: bytes)))
    }
    let examples = packageRoot.appendingPathComponent("examples")
    for file in try FileManager.default.contentsOfDirectory(atPath: examples.path).sorted() where file.hasSuffix(".wat") {
        let text = try String(contentsOf: examples.appendingPathComponent(file), encoding: .utf8)
        programs.append((file, try Lowering.lower(wasm: try wat2wasm(text))))
    }
    return programs
}

@Test func programsRoundTripExactly() throws {
    let programs = try examplePrograms()
    #expect(programs.count >= 10)
    for (name, program) in programs {
        let bytes = program.encoded()
        let decoded = try Program(decoding: bytes)
        #expect(decoded == program, "\(name)")
        #expect(decoded.encoded() == bytes, "\(name)")
        #expect(decoded.contentHash == program.contentHash, "\(name)")
    }
}

@Test func loweringIsDeterministic() throws {
    let first = try examplePrograms().map { $0.program.contentHash }
    let second = try examplePrograms().map { $0.program.contentHash }
    #expect(first == second)
}

@Test func decodedProgramsRunLikeTheOriginal() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(String(contentsOf: packageRoot.appendingPathComponent("examples/fib.wat"), encoding: .utf8)))
    let decoded = try Program(decoding: program.encoded())
    let direct = evaluate(program, function: "fib", arguments: [.i32(20)], gasLimit: 1_000_000)
    let viaFormat = evaluate(decoded, function: "fib", arguments: [.i32(20)], gasLimit: 1_000_000)
    #expect(direct.results == [.i32(6765)])
    #expect(viaFormat.results == direct.results)
    #expect(viaFormat.gasUsed == direct.gasUsed)
}

@Test func nonCanonicalEncodingsAreRejected() throws {
    let program = try Lowering.lower(wasm: try wat2wasm("(module (func (export \"f\") (result i32) (i32.const 1)))"))
    let bytes = program.encoded()
    // Bad magic, unknown version, a trailing byte.
    var badMagic = bytes
    badMagic[1] = 0x00
    #expect(throws: ProgramFormatError.self) { _ = try Program(decoding: badMagic) }
    var badVersion = bytes
    badVersion[4] = 99
    #expect(throws: ProgramFormatError.self) { _ = try Program(decoding: badVersion) }
    #expect(throws: ProgramFormatError.self) { _ = try Program(decoding: bytes + [0]) }
    // The type count (1, right after the version) written as an over-long LEB128.
    #expect(bytes[8] == 1)
    let overlong = Array(bytes[0..<8]) + [0x81, 0x00] + Array(bytes[9...])
    #expect(throws: ProgramFormatError.self) { _ = try Program(decoding: overlong) }
}

/// Mutated encodings (bit flips, truncation, overwritten bytes) are rejected, or decode to a
/// program that runs, under a gas limit, without crashing the process.
@Test func mutatedProgramsAreRejectedOrRunSafely() throws {
    var random = TestRandom(state: 0xD1B5_4A32_D192_ED03)
    var decoded = 0
    var rejected = 0
    for (_, program) in try examplePrograms() {
        let original = program.encoded()
        for _ in 0..<300 {
            var bytes = original
            switch random.below(3) {
            case 0:
                let i = 8 + random.below(bytes.count - 8)
                bytes[i] ^= UInt8(1 << random.below(8))
            case 1:
                bytes.removeLast(1 + random.below(bytes.count - 1))
            default:
                for _ in 0..<(1 + random.below(3)) {
                    bytes[8 + random.below(bytes.count - 8)] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            guard let mutant = try? Program(decoding: bytes) else {
                rejected += 1
                continue
            }
            decoded += 1
            #expect(mutant.encoded() == bytes)
            var limits = MachineLimits()
            limits.maxMemoryPages = 64
            limits.maxCallDepth = 200
            for export in mutant.exports {
                guard case .function(let index) = export.descriptor else { continue }
                let type = mutant.functionType(index)
                _ = evaluate(
                    mutant, function: export.name, arguments: type.parameters.map { Value.zero($0) },
                    gasLimit: 200_000, limits: limits,
                    imports: { store in
                        var imports = Imports()
                        for item in mutant.imports {
                            if case .function(let typeIndex) = item.descriptor {
                                let address = store.addHostFunction(type: mutant.types[Int(typeIndex)]) { _, _ in
                                    mutant.types[Int(typeIndex)].results.map { Value.zero($0) }
                                }
                                imports.define(module: item.module, name: item.name, .function(address))
                            }
                        }
                        return imports
                    })
            }
        }
    }
    #expect(rejected > 0)
    #expect(decoded + rejected > 1000)
}
