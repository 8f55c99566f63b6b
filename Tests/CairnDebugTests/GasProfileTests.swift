import Cairn
import CairnDebug
import Foundation
import Testing
import WAT

@Suite struct GasProfileTests {
    /// A gas profile of `sum(n)` in the traced module, and the gas the store used in all.
    func profile(_ n: UInt32) throws -> (GasProfile, UInt64) {
        let program = try Lowering.lower(wasm: try wat2wasm(tracedModule))
        let store = Store(limits: MachineLimits(), schedule: .v2)
        let profiler = GasProfiler(store: store)
        store.instructionHook = profiler.hook
        let instance = try store.instantiate(program, imports: Imports())
        _ = try store.invoke(instance, "sum", [.i32(n)])
        profiler.finish(gasLeft: store.gasLimit &- store.gasUsed)
        return (profiler.profile, store.gasUsed)
    }

    @Test func theProfilesTotalIsTheGasUsed() throws {
        for n: UInt32 in [0, 1, 7, 40] {
            let (profile, gasUsed) = try profile(n)
            #expect(profile.totalGas == gasUsed)
        }
    }

    @Test func gasGoesToTheStackItRanIn() throws {
        let (small, _) = try profile(2)
        let (large, _) = try profile(12)
        #expect(large.stacks.map(\.functions) == [["entrypoint"], ["sum"], ["sum", "func[0]"]] || large.stacks.map(\.functions) == [["sum"], ["sum", "func[0]"]])
        // Each call to func[0] costs the same: ten more calls, ten times the gas.
        let inner = { (p: GasProfile) in p.stacks.first { $0.functions == ["sum", "func[0]"] }! }
        #expect(inner(large).gas == 6 * inner(small).gas)
        #expect(inner(large).instructions == 6 * inner(small).instructions)
        let folded = large.folded().split(separator: "\n")
        #expect(folded.contains("sum;func[0] \(inner(large).gas)"))
        let byFunction = large.byFunction()
        let sum = try #require(byFunction.first { $0.function == "sum" })
        #expect(sum.totalGas == large.stacks.filter { $0.functions.first == "sum" }.reduce(0) { $0 + $1.gas })
    }

    @Test func theFlameGraphIsSVGWithARectanglePerFrame() throws {
        let (profile, _) = try profile(5)
        let svg = FlameGraph.svg(profile, title: "sum <5>")
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("sum &lt;5&gt;"))
        // The background, "all", then one per distinct stack prefix.
        let frames = Set(profile.stacks.flatMap { stack in stack.functions.indices.map { stack.functions[...$0].joined(separator: ";") } })
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == frames.count + 2)  // and the background
        #expect(svg == FlameGraph.svg(profile, title: "sum <5>"))
    }
}
