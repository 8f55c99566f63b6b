import CairnHash
import CairnProof
import CairnVerifier
import Testing

@Suite struct TamperTests {
    /// States of the coverage task at the first step of each instruction kind.
    func sampleStates() throws -> [TaskState] {
        let program = try task(coverageTask())
        let state = TaskState(program: program, input: Array("tamper".utf8), gas: 10_000_000)
        var seen: Set<String> = []
        var samples: [TaskState] = []
        while !state.isStopped {
            let kind = CodeLeaf.parse(state.read(.code, UInt64(state.registers.pc)))!.0.mnemonic
            let interesting = ["memory_copy", "call", "call_indirect", "return", "memory_copy", "table_init", "global_set", "br_table", "i64.store", "i32.load16_s", "f64.div", "memory_grow", "table_grow"]
            if interesting.contains(kind), seen.insert(kind + "\(state.registers.progress > 0)").inserted {
                samples.append(state.copy())
            }
            state.step()
        }
        samples.append(state.copy())  // a halted state
        return samples
    }

    @Test func everySingleBitFlipIsRejected() throws {
        // Every bit of the smallest proof; 96 random
        // bits of each of the others (the debug-build verifier is slow).
        var random = SplitMix(state: 3)
        // Running states by proof size first (the smallest still carries multiproofs), then the halted one.
        let samples = try sampleStates().sorted {
            ($0.isStopped ? 1 : 0, $0.prove().encoded().count) < ($1.isStopped ? 1 : 0, $1.prove().encoded().count)
        }
        for (i, state) in samples.enumerated() {
            let before = state.stateHash()
            let proof = state.prove().encoded()
            _ = try Verifier.verify(before: before, proof: proof)
            let bits = i == 0 ? Array(0..<proof.count * 8) : (0..<96).map { _ in Int(random.next() % UInt64(proof.count * 8)) }
            for bit in bits {
                var bad = proof
                bad[bit / 8] ^= 1 << UInt8(bit % 8)
                #expect(throws: ProofError.self, "bit \(bit) of a \(proof.count)-byte proof") {
                    _ = try Verifier.verify(before: before, proof: bad)
                }
            }
        }
    }

    @Test func aProofWithTheWrongHashIsRejected() throws {
        let states = try sampleStates()
        for (i, state) in states.enumerated() {
            let proof = state.prove().encoded()
            let other = states[(i + 1) % states.count].stateHash()
            #expect(throws: ProofError.self) { _ = try Verifier.verify(before: other, proof: proof) }
            #expect(throws: ProofError.self) { _ = try Verifier.verify(before: Digest(bytes: [UInt8](repeating: 0, count: 32))!, proof: proof) }
        }
    }

    @Test func truncatedAndExtendedProofsAreRejected() throws {
        let state = try sampleStates()[0]
        let before = state.stateHash()
        let proof = state.prove().encoded()
        for length in 0..<proof.count {
            #expect(throws: ProofError.self) { _ = try Verifier.verify(before: before, proof: Array(proof[..<length])) }
        }
        #expect(throws: ProofError.self) { _ = try Verifier.verify(before: before, proof: proof + [0]) }
    }
}
