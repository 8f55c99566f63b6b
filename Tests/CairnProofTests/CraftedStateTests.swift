import CairnProof
import CairnVerifier
import Testing

/// A state hash can name any state, including ones no run reaches (a dishonest party may post
/// one). Stepping, proving and verifying such states must give results, never crash.
@Suite struct CraftedStateTests {
    @Test func craftedRegistersNeverCrash() throws {
        let program = try task(coverageTask())
        let state = TaskState(program: program, input: Array("crafted".utf8), gas: 10_000_000)
        var random = SplitMix(state: 29)
        var samples: [TaskState] = []
        while !state.isStopped {
            if random.next() % 23 == 0 { samples.append(state.copy()) }
            state.step()
        }
        let extremes: [UInt64] = [0, 1, 31, 32, 0xFFFF_FFFF, 1 << 32, .max - 1, .max]
        for sample in samples {
            for _ in 0..<6 {
                let crafted = sample.copy()
                var r = crafted.registers
                func pick() -> UInt64 { random.next() % 2 == 0 ? extremes[Int(random.next() % 8)] : random.next() % 100 }
                r.progress = pick()
                r.outputLength = pick()
                r.inputLength = pick()
                r.memoryPages = UInt32(truncatingIfNeeded: pick())
                r.depth = UInt32(truncatingIfNeeded: pick())
                r.base = UInt32(truncatingIfNeeded: pick())
                r.gas = pick()
                crafted.registers = r
                let before = crafted.stateHash()
                let proof = crafted.prove().encoded()
                crafted.step()
                #expect(try Verifier.verify(before: before, proof: proof) == crafted.stateHash())
            }
        }
    }
}
