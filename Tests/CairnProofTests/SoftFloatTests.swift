import Cairn
import CairnProof
@testable import CairnProgram
import CairnSpecTest
import CairnTask
import CairnVerifier
import Foundation
import Testing
import WAT

/// The soft-float profile (docs/softfloat.md): every float instruction lowered to a call into
/// the linked library, checked against the engine's native floats bit for bit.
@Suite struct SoftFloatTests {
    /// One float instruction: its text name, operand types and result type.
    struct Operation {
        var name: String
        var operands: [ValueType]
        var result: ValueType
    }

    /// The 66 float instructions that are not bit moves.
    static let operations: [Operation] = {
        var list: [Operation] = []
        for t in [ValueType.f32, .f64] {
            for op in ["add", "sub", "mul", "div", "min", "max", "copysign"] { list.append(Operation(name: "\(t).\(op)", operands: [t, t], result: t)) }
            for op in ["eq", "ne", "lt", "gt", "le", "ge"] { list.append(Operation(name: "\(t).\(op)", operands: [t, t], result: .i32)) }
            for op in ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"] { list.append(Operation(name: "\(t).\(op)", operands: [t], result: t)) }
        }
        for i in [ValueType.i32, .i64] {
            for f in [ValueType.f32, .f64] {
                for sign in ["s", "u"] {
                    list.append(Operation(name: "\(i).trunc_\(f)_\(sign)", operands: [f], result: i))
                    list.append(Operation(name: "\(i).trunc_sat_\(f)_\(sign)", operands: [f], result: i))
                    list.append(Operation(name: "\(f).convert_\(i)_\(sign)", operands: [i], result: f))
                }
            }
        }
        list.append(Operation(name: "f32.demote_f64", operands: [.f64], result: .f32))
        list.append(Operation(name: "f64.promote_f32", operands: [.f32], result: .f64))
        return list
    }()

    /// A module exporting one function per operation, named after it.
    static let moduleText: String = {
        let functions = operations.map { op in
            let params = op.operands.map(\.description).joined(separator: " ")
            let gets = op.operands.indices.map { "local.get \($0)" }.joined(separator: " ")
            return "  (func (export \"\(op.name)\") (param \(params)) (result \(op.result)) \(gets) \(op.name))"
        }
        return "(module\n" + functions.joined(separator: "\n") + ")"
    }()

    static let native = try! Lowering.lower(wasm: try! wat2wasm(moduleText))
    static let soft = try! Lowering.lower(wasm: try! wat2wasm(moduleText), profile: .softFloat)

    // MARK: Inputs

    static let f32Specials: [UInt32] = [
        0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7FC0_0001, 0x7F80_0001, 0xFFBF_FFFF,
        1, 0x8000_0001, 0x007F_FFFF, 0x0080_0000, 0x8080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF,
        0x3F80_0000, 0xBF80_0000, 0x3F00_0000, 0xBF00_0000, 0x3FC0_0000, 0x4020_0000, 0x3F7F_FFFF, 0x3F80_0001,
        0x4B00_0000, 0x4B00_0001, 0x4AFF_FFFF, 0xCB00_0001,
        0x4F00_0000, 0x4EFF_FFFF, 0xCF00_0000, 0xCF00_0001, 0x4F80_0000, 0x4F7F_FFFF, 0xBF7F_FFFF,
        0x5F00_0000, 0x5EFF_FFFF, 0xDF00_0000, 0xDF00_0001, 0x5F80_0000, 0x5F7F_FFFF,
    ]
    static let f64Specials: [UInt64] = [
        0, 0x8000_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000,
        0xFFF8_0000_0000_0000, 0x7FF8_0000_0000_0001, 0x7FF0_0000_0000_0001, 0xFFF4_0000_0000_0000,
        1, 0x8000_0000_0000_0001, 0x000F_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF, 0xFFEF_FFFF_FFFF_FFFF,
        0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000, 0x3FE0_0000_0000_0000, 0xBFE0_0000_0000_0000,
        0x3FF8_0000_0000_0000, 0x4004_0000_0000_0000, 0x3FEF_FFFF_FFFF_FFFF, 0x4330_0000_0000_0001, 0xC330_0000_0000_0001,
        0x41E0_0000_0000_0000, 0x41DF_FFFF_FFFF_FFFF, 0xC1E0_0000_0000_0000, 0xC1E0_0000_0020_0000, 0xC1E0_0000_0010_0000,
        0x41F0_0000_0000_0000, 0x41EF_FFFF_FFFF_FFFF, 0xBFEF_FFFF_FFFF_FFFF,
        0x43E0_0000_0000_0000, 0x43DF_FFFF_FFFF_FFFF, 0xC3E0_0000_0000_0000, 0xC3E0_0000_0000_0001, 0x43F0_0000_0000_0000,
        0x43EF_FFFF_FFFF_FFFF, 0x3690_0000_0000_0000, 0x36A0_0000_0000_0000, 0x47EF_FFFF_F000_0000, 0x47EF_FFFF_E000_0000,
        0x3810_0000_0000_0000, 0x380F_FFFF_FFFF_FFFF,
    ]
    static let i32Specials: [UInt32] = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0x0100_0001, 0x0100_0003, 0xFFFF_FF7F, 0x7FFF_FFC0]
    static let i64Specials: [UInt64] = [
        0, 1, ~0, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0x0020_0000_0000_0001, 0x0020_0000_0000_0003,
        0xFFFF_FFFF_FFFF_FC00, 0xFFFF_FFFF_FFFF_FBFF, 0x8000_0000_0000_0400, 0x0000_0000_0100_0001, 0x7FFF_FFFF_FFFF_FDFF,
    ]

    /// A value of `type`: a special one, a special one with its low bits changed, a subnormal,
    /// a value near 1 (where rounding and conversions are busy), or random bits.
    static func randomValue(_ type: ValueType, _ random: inout SoftFloatRandom) -> Value {
        let kind = random.below(10)
        switch type {
        case .f32:
            var bits = random.pick(f32Specials)
            switch kind {
            case 0...2: break
            case 3, 4: bits ^= UInt32(truncatingIfNeeded: random.next() & 7)
            case 5: bits = UInt32(truncatingIfNeeded: random.next()) & 0x807F_FFFF
            case 6, 7: bits = UInt32(100 + random.below(60)) << 23 | UInt32(truncatingIfNeeded: random.next()) & 0x807F_FFFF
            default: bits = UInt32(truncatingIfNeeded: random.next())
            }
            return .f32(bits)
        case .f64:
            var bits = random.pick(f64Specials)
            switch kind {
            case 0...2: break
            case 3, 4: bits ^= random.next() & 7
            case 5: bits = random.next() & 0x800F_FFFF_FFFF_FFFF
            case 6, 7: bits = UInt64(1000 + random.below(90)) << 52 | random.next() & 0x800F_FFFF_FFFF_FFFF
            default: bits = random.next()
            }
            return .f64(bits)
        case .i32:
            return .i32(kind < 4 ? random.pick(i32Specials) : UInt32(truncatingIfNeeded: random.next() >> random.below(32)))
        default:
            return .i64(kind < 4 ? random.pick(i64Specials) : random.next() >> random.below(64))
        }
    }

    /// The inputs of `operation`: every special (pairs of specials for binary operations, a
    /// sample of them for i64 and f64 pairs) and `count` random ones.
    static func inputs(_ operation: Operation, count: Int, _ random: inout SoftFloatRandom) -> [[Value]] {
        func specials(_ type: ValueType) -> [Value] {
            switch type {
            case .f32: f32Specials.map { .f32($0) }
            case .f64: f64Specials.map { .f64($0) }
            case .i32: i32Specials.map { .i32($0) }
            default: i64Specials.map { .i64($0) }
            }
        }
        var cases: [[Value]]
        if operation.operands.count == 2 {
            let values = specials(operation.operands[0])
            cases = values.flatMap { a in values.map { b in [a, b] } }
        } else {
            cases = specials(operation.operands[0]).map { [$0] }
        }
        for _ in 0..<count { cases.append(operation.operands.map { randomValue($0, &random) }) }
        return cases
    }

    /// The outcome of a call: its results' bits, or its trap.
    static func outcome(_ store: Store, _ instance: Instance, _ name: String, _ arguments: [Value]) -> Result<[Value], TrapKind> {
        do throws(Trap) {
            return .success(try store.invoke(instance, name, arguments))
        } catch {
            return .failure(error.kind)
        }
    }

    // MARK: Tests

    @Test func loweredProgramHasNoFloatInstructionButTheLibraryTrap() throws {
        #expect(SoftFloatLibrary.wasm.starts(with: [0x00, 0x61, 0x73, 0x6D]))
        let floats = Self.soft.code.filter { SoftFloatLibrary.isFloatOperation(opcode: $0.opcode) }
        #expect(floats.map(\.opcode) == [SoftFloatLibrary.trapOpcode])
        #expect(Self.native.code.filter { SoftFloatLibrary.isFloatOperation(opcode: $0.opcode) }.count == 66)
        // The module's own functions keep their indices; the library's follow them, named.
        #expect(Self.soft.functions.count > Self.native.functions.count + 66)
        #expect(Self.soft.functionNames[UInt32(Self.native.functions.count)]?.hasPrefix("softfloat.") == true)
        // Under the standard profile nothing changes: the same program as before the profile existed.
        #expect(try Lowering.lower(wasm: try wat2wasm(Self.moduleText), profile: .standard).encoded() == Self.native.encoded())
        // A module without floats gets the library too but calls none of it.
        let integer = try Lowering.lower(wasm: try wat2wasm("(module (func (export \"f\") (result i32) i32.const 1))"), profile: .softFloat)
        #expect(integer.code.filter { $0.opcode == 9 }.count > 0)
    }

    /// The check after lowering refuses any float operation outside the library's trap, with a
    /// typed error: the natively lowered program has 66 of them.
    @Test func noFloatCheckRefusesFloatInstructions() throws {
        #expect(throws: WasmError.self) { try SoftFloatLink.checkNoFloats(Self.native, trapFunction: .max) }
        let trap = try #require(Self.soft.functionNames.first { $0.value == "softfloat.trap_invalid_conversion" }?.key)
        try SoftFloatLink.checkNoFloats(Self.soft, trapFunction: trap)
        // The trap function's own float instruction is allowed only there.
        #expect(throws: WasmError.self) { try SoftFloatLink.checkNoFloats(Self.soft, trapFunction: trap - 1) }
    }

    @Test func everyOperationMatchesTheEngineBitForBit() throws {
        let nativeStore = Store()
        let nativeInstance = try nativeStore.instantiate(Self.native)
        let softStore = Store()
        let softInstance = try softStore.instantiate(Self.soft)
        var random = SoftFloatRandom(state: 0x50F7_F10A7)
        var compared = 0
        var traps = 0
        var mismatches: [String] = []
        for operation in Self.operations {
            for arguments in Self.inputs(operation, count: 400, &random) {
                let expected = Self.outcome(nativeStore, nativeInstance, operation.name, arguments)
                let actual = Self.outcome(softStore, softInstance, operation.name, arguments)
                compared += 1
                if case .failure = expected { traps += 1 }
                if expected != actual, mismatches.count < 20 {
                    mismatches.append("\(operation.name)\(arguments.map(\.slotBits)): engine \(expected), soft-float \(actual)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(compared > 66 * 400)
        #expect(traps > 500)
        print("soft-float: \(compared) calls of 66 instructions compared (\(traps) traps), \(mismatches.count) mismatches")
    }

    /// The float files of the spec suite pass under the soft-float profile exactly as natively.
    @Test func specSuiteFloatFilesPass() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let suite = SpecTestRunner.defaultTestsuitePath(packageRoot: root)
        try #require(Testsuite.isPresent(at: suite), "\(Testsuite.missingMessage(path: suite))")
        let files = ["f32", "f64", "f32_cmp", "f64_cmp", "f32_bitwise", "f64_bitwise", "conversions",
                     "float_exprs", "float_misc", "float_literals", "float_memory"]
        var passed = 0
        for name in files {
            let results = SpecTestRunner.run(file: suite + "/\(name).wast", modes: [.standard, SpecTestOptions(profile: .softFloat)])
            let (native, soft) = (results[0], results[1])
            #expect(soft.failures.isEmpty, "\(name).wast: \(soft.failures.prefix(5).map { "\($0.line): \($0.message)" })")
            #expect(soft.passed == native.passed && soft.notReached == native.notReached, "\(name).wast: \(soft.passed) passed vs \(native.passed)")
            passed += soft.passed
        }
        #expect(passed > 10_000)
        print("soft-float spec files: \(passed) directives passed")
    }
}

/// A deterministic generator (xorshift64*) for the soft-float inputs.
struct SoftFloatRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}
