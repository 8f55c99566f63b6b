import Cairn
import CairnHash
import CairnProof
import CairnTask
import CairnVerifier
import Foundation
import Testing
import WAT

/// The example modules of the differential tests (C programs and WAT), each made into a task
/// that calls its cases in order: many programs, proven at random steps.
@Suite struct LibraryTaskTests {
    struct Cases: Decodable {
        struct Module: Decodable {
            struct Case: Decodable {
                var invoke: String
                var args: [String]
                var expect: Expect
            }
            var file: String
            var cases: [Case]
        }
        var modules: [Module]
    }

    /// `expect` is either a list of result strings or "trap".
    enum Expect: Decodable {
        case values
        case trap
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            self = (try? container.decode(String.self)) == "trap" ? .trap : .values
        }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")

    static func modules() throws -> [Cases.Module] {
        let data = try Data(contentsOf: root.appendingPathComponent("examples/difftest-cases.json"))
        return try JSONDecoder().decode(Cases.self, from: data).modules
    }

    /// The module made into a task calling every case that does not trap.
    static func libraryTask(_ module: Cases.Module) throws -> TaskProgram {
        let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(module.file)))
        let wasm = module.file.hasSuffix(".wat") ? try wat2wasm(String(decoding: bytes, as: UTF8.self)) : bytes
        let program = try Lowering.lower(wasm: wasm)
        var calls: [(function: UInt32, arguments: [UInt64])] = []
        for item in module.cases {
            guard case .values = item.expect else { continue }
            guard case .function(let index)? = program.exports.first(where: { $0.name == item.invoke })?.descriptor else { continue }
            let types = program.functionType(index).parameters
            let arguments: [UInt64] = zip(types, item.args).map { type, text in
                switch type {
                case .i32: UInt64(UInt32(truncatingIfNeeded: Int64(text) ?? Int64(UInt32(text) ?? 0)))
                case .i64: Int64(text).map { UInt64(bitPattern: $0) } ?? UInt64(text) ?? 0
                case .f32: UInt64((Float(text) ?? 0).bitPattern)
                case .f64: (Double(text) ?? 0).bitPattern
                default: 0
                }
            }
            calls.append((index, arguments))
        }
        return try TaskProgram(program, calls: calls)
    }

    @Test func everyExampleModuleProvesRandomSteps() throws {
        var random = SplitMix(state: 17)
        var proven = 0
        for module in try Self.modules() {
            let task = try Self.libraryTask(module)
            // Enough gas for a few hundred thousand steps: the long C runs stop early (out of gas).
            let runner = TaskRunner(task: task, input: [], gasLimit: 2_000_000)
            // One fast run, proving 12 random steps among the first 200,000 (or all there are).
            var steps = Array(Set((0..<8).map { _ in random.next() % 200_000 } + [0])).sorted()[...]
            var failures: [UInt64] = []
            let final = runner.run(targets: { _ in steps.popFirst() }, visit: { step, state in
                let before = state.stateHash()
                let proof = state.prove().encoded()
                state.step()
                if (try? Verifier.verify(before: before, proof: proof)) != state.stateHash() { failures.append(step) }
                proven += 1
            })
            #expect(final.registers.status == .halted || final.registers.trap == 12, "\(module.file): trap \(final.registers.trap)")
            let total = final.registers.steps
            #expect(failures.isEmpty, "\(module.file): steps \(failures)")
            // Fast equals stepped where stepping the whole run is cheap enough for a test.
            if total < 30_000 {
                let stepper = runner.initialState()
                stepper.run(toStep: .max)
                #expect(stepper.stateHash() == final.stateHash(), "\(module.file)")
            }
        }
        #expect(proven > 40)
    }
}
