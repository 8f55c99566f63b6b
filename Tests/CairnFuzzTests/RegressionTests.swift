@testable import CairnFuzz
import CairnProgram
import CairnProof
import CairnTask
import CairnVerifier
import CairnWasm
import Testing

/// Hand-made programs, one per class of divergence the fuzzer found on main (docs/fuzzing.md).
/// Each is checked by the whole differential checker (every execution, every gas limit around
/// its charges). Each guards the fix of its class.
@Suite struct RegressionTests {
    static let unitType = FunctionType(parameters: [], results: [])

    func differences(_ fuzzCase: FuzzCase?) -> [Difference] {
        guard let fuzzCase else {
            Issue.record("the hand-made program does not decode or is not a task")
            return []
        }
        var options = CheckOptions()
        options.maxGasLimits = 40
        return DifferentialChecker(options: options).check(fuzzCase).differences
    }

    /// A dynamic charge inside a straight-line run whose static gas is prepaid: the fast machine
    /// compares the charge with the gas left after prepaying the rest of the run, so it runs out
    /// of gas where the stepper (which pays each instruction as it goes) does not.
    /// Found by `cairn-fuzz --seed 1` at commit eee5218 (case seed 8547833825449618920, memory.grow).
    @Test(arguments: ["memory.grow", "memory.fill", "table.grow", "input_read"])
    func dynamicChargeInsidePrepaidRun(instruction: String) {
        var code: [Instruction]
        switch instruction {
        case "memory.grow":
            code = [.const32(dst: 0, value: 1), .memoryGrow(dst: 1, delta: 0)]
        case "memory.fill":
            code = [.const32(dst: 0, value: 0), .const32(dst: 1, value: 7), .const32(dst: 2, value: 200), .memoryFill(operands: 0)]
        case "table.grow":
            code = [.refFunc(dst: 0, function: 1), .const32(dst: 1, value: 5), .tableGrow(table: 0, operands: 0)]
        default:
            code = [.const32(dst: 0, value: 0), .const32(dst: 1, value: 0), .const32(dst: 2, value: 64), .call(function: 0, frame: 0)]
        }
        // Instructions after the charge, in the same run: their static gas is prepaid with it.
        code += [.const32(dst: 3, value: 1), .const32(dst: 3, value: 2), .const32(dst: 3, value: 3), .return]
        let builder = CaseBuilder(
            hosts: [.inputRead], memory: Limits(min: 1, max: 3), tables: [TableType(element: .funcref, limits: Limits(min: 0, max: nil))],
            functions: [.init(frameSize: 5, code: code)])
        let found = differences(builder.build(input: Array(0..<100), gasLimit: 20_000))
        #expect(found.isEmpty, "\(found.map(\.description))")
    }

    /// `call_indirect` through a table element that holds bits that are not a reference (here
    /// 2^40 + 2, put there by `table.set`): the fast machine traps, the stepper masks the
    /// element to a program-tree index and calls function 1.
    @Test func callIndirectThroughNonReference() {
        let code: [Instruction] = [
            .const32(dst: 0, value: 0),
            .const64(dst: 1, low: 2, high: 0x100),
            .tableSet(index: 0, value: 1, table: 0),
            .const32(dst: 2, value: 0),
            .callIndirect(type: 0, table: 0, frame: 2),
            .return,
        ]
        let callee = CaseBuilder.Function(frameSize: 2, code: [.return])
        let builder = CaseBuilder(
            tables: [TableType(element: .funcref, limits: Limits(min: 1, max: nil))],
            functions: [.init(frameSize: 4, code: code), callee])
        let found = differences(builder.build(gasLimit: 1_000))
        #expect(found.isEmpty, "\(found.map(\.description))")
    }

    /// `task.input_read` of 0 bytes (offset past the input) in a program without a memory:
    /// the fast machine's host function traps (no memory), the stepper reads 0 bytes into an
    /// empty memory and returns 0. Found by `cairn-fuzz --seed 1` at commit eee5218 (case seed
    /// 12880749874893767920).
    @Test(arguments: [TaskHostFunction.inputRead, .outputWrite])
    func zeroByteHostCallWithoutMemory(host: TaskHostFunction) {
        let code: [Instruction] = [
            .const32(dst: 0, value: host == .inputRead ? 10_000 : 0), .const32(dst: 1, value: 0), .const32(dst: 2, value: 0),
            .call(function: 0, frame: 0), .return,
        ]
        let builder = CaseBuilder(hosts: [host], functions: [.init(frameSize: 4, code: code)])
        let found = differences(builder.build(input: [1, 2, 3], gasLimit: 1_000))
        #expect(found.isEmpty, "\(found.map(\.description))")
    }

    /// The hand-made builder itself: a program that everything agrees on has no differences.
    @Test func agreeingProgramHasNoDifferences() {
        let code: [Instruction] = [.const32(dst: 0, value: 7), .i32AddImm(dst: 1, lhs: 0, imm: 5), .return]
        let found = differences(CaseBuilder(functions: [.init(frameSize: 3, code: code)]).build(gasLimit: 100))
        #expect(found.isEmpty, "\(found.map(\.description))")
    }
}
