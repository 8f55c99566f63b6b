import CairnHash
@testable import CairnProof
@testable import CairnVerifier
import Testing

/// A step has one proof: every reshaping of an honest proof that still describes the same state
/// — an extra leaf, a duplicated sibling, a zero subtree spelled out, entries out of order,
/// trailing bytes, another valid multiproof shape, untouched trees spelled out — is rejected
/// (docs/proofs.md, "Proofs").
@Suite struct ProofCanonicalityTests {
    /// A proof in the byte format, written here independently of `OneStepProof.encoded()` so
    /// that the test can spell forms the type cannot hold.
    struct RawProof {
        enum Witness {
            case root(Digest)
            case leaves([(index: UInt64, leaf: Leaf)], siblings: [[UInt8]])
        }
        var registers: Registers
        var hot: [Witness]
        var rest: [Witness]?
        var restHash: Digest?

        static func raw(_ proof: MultiProof) -> Witness {
            .leaves(Array(zip(proof.indices, proof.leaves)), siblings: proof.siblings.map { $0.map { [1] + $0.bytes } ?? [0] })
        }

        init(_ proof: OneStepProof) {
            func raw(_ witness: TreeWitness) -> Witness {
                switch witness {
                case .root(let digest): .root(digest)
                case .leaves(let proof): Self.raw(proof)
                }
            }
            registers = proof.registers
            hot = StateRoots.hot.map { raw(proof.witness($0)!) }
            if case .trees = proof.rest { rest = StateRoots.rest.map { raw(proof.witness($0)!) } }
            if case .hash(let digest) = proof.rest { restHash = digest }
        }

        func bytes() -> [UInt8] {
            var out = Array("CSP1".utf8) + registers.encoded
            func leb(_ value: UInt64) {
                var value = value
                repeat {
                    out.append(UInt8(value & 0x7F) | (value >> 7 != 0 ? 0x80 : 0))
                    value >>= 7
                } while value != 0
            }
            func put(_ witness: Witness) {
                switch witness {
                case .root(let digest):
                    out += [0] + digest.bytes
                case .leaves(let entries, let siblings):
                    out.append(1)
                    leb(UInt64(entries.count))
                    for entry in entries {
                        leb(entry.index)
                        out += entry.leaf.bytes
                    }
                    leb(UInt64(siblings.count))
                    for sibling in siblings { out += sibling }
                }
            }
            hot.forEach(put)
            if let rest {
                out.append(1)
                rest.forEach(put)
            } else {
                out += [0] + restHash!.bytes
            }
            return out
        }
    }

    /// States at the first step of every instruction kind of the coverage task, and at a few
    /// later parts of multi-step instructions.
    func samples() throws -> [TaskState] {
        let program = try task(coverageTask())
        let state = TaskState(program: program, input: Array("canonical proofs".utf8), gas: 10_000_000)
        var seen: Set<String> = []
        var samples: [TaskState] = []
        while !state.isStopped {
            let kind = CodeLeaf.parse(state.read(.code, UInt64(state.registers.pc)))!.0.mnemonic
            if seen.insert(kind + "\(state.registers.progress > 0)").inserted { samples.append(state.copy()) }
            state.step()
        }
        samples.append(state.copy())
        return samples
    }

    func expectRejected(_ bytes: [UInt8], before: Digest, _ what: String) {
        #expect(throws: ProofError.self, "\(what)") { _ = try Verifier.verify(before: before, proof: bytes) }
    }

    @Test func reshapedProofsAreRejected() throws {
        var reshapings = 0
        for state in try samples() {
            let before = state.stateHash()
            let proof = state.prove()
            let honest = RawProof(proof)
            // The test's own encoder writes the honest proof byte for byte.
            #expect(honest.bytes() == proof.encoded())
            _ = try Verifier.verify(before: before, proof: honest.bytes())

            var trailing = honest.bytes()
            trailing.append(0)
            expectRejected(trailing, before: before, "trailing byte")
            reshapings += 1

            for (position, tree) in StateRoots.hot.enumerated() {
                guard case .leaves(let entries, let siblings) = honest.hot[position] else {
                    // An untouched tree given as a (valid) proof of one of its leaves.
                    var spelled = honest
                    spelled.hot[position] = RawProof.raw(state.proof(tree, [0]))
                    expectRejected(spelled.bytes(), before: before, "untouched \(tree) spelled out")
                    reshapings += 1
                    continue
                }
                reshapings += reshape(state, tree, entries, siblings, before: before) { honest, witness in
                    var copy = honest
                    copy.hot[position] = witness
                    return copy
                }(honest)
            }
            if let rest = honest.rest {
                for (position, tree) in StateRoots.rest.enumerated() {
                    guard case .leaves(let entries, let siblings) = rest[position] else { continue }
                    reshapings += reshape(state, tree, entries, siblings, before: before) { honest, witness in
                        var copy = honest
                        copy.rest![position] = witness
                        return copy
                    }(honest)
                }
            } else {
                // The rest trees spelled out as their roots: the same state, another shape.
                var spelled = honest
                spelled.rest = StateRoots.rest.map { .root(state.root($0)) }
                spelled.restHash = nil
                expectRejected(spelled.bytes(), before: before, "untouched rest trees spelled out")
                reshapings += 1
            }
        }
        #expect(reshapings > 200)
    }

    /// Applies every reshaping to one tree's multiproof; returns how many were tried.
    func reshape(
        _ state: TaskState, _ tree: Tree, _ entries: [(index: UInt64, leaf: Leaf)], _ siblings: [[UInt8]], before: Digest,
        _ replace: @escaping (RawProof, RawProof.Witness) -> RawProof
    ) -> (RawProof) -> Int {
        { honest in
            var tried = 0
            func reject(_ witness: RawProof.Witness, _ what: String) {
                expectRejected(replace(honest, witness).bytes(), before: before, "\(tree): \(what)")
                tried += 1
            }
            let indices = entries.map(\.index)
            // An extra leaf with a valid multiproof of the larger set: a true statement about
            // the state, but not what the step touches.
            for extra in [indices[0] ^ 1, indices[0] &+ 2, indices.last! &+ 1, 0] where !indices.contains(extra) && extra < tree.capacity {
                let larger = (indices + [extra]).sorted()
                reject(RawProof.raw(state.proof(tree, larger)), "extra leaf \(extra)")
            }
            if let last = siblings.last {
                reject(.leaves(entries, siblings: siblings + [last]), "duplicated sibling")
                reject(.leaves(entries, siblings: Array(siblings.dropLast())), "missing sibling")
            }
            // A zero subtree spelled out in full.
            let levels = try! MultiProof.siblingLevels(tree: tree, indices: indices)
            if let zero = siblings.firstIndex(of: [0]) {
                var spelled = siblings
                spelled[zero] = [1] + ProofHashing.zero(tree, level: levels[zero]).bytes
                reject(.leaves(entries, siblings: spelled), "zero subtree spelled out")
            }
            if entries.count >= 2 {
                var swapped = entries
                swapped.swapAt(0, 1)
                reject(.leaves(swapped, siblings: siblings), "entries out of order")
                var repeated = entries
                repeated[1] = repeated[0]
                reject(.leaves(repeated, siblings: siblings), "repeated entry")
            }
            return tried
        }
    }

    @Test func aNonShortestIndexIsRejected() throws {
        let state = try samples()[1]
        let before = state.stateHash()
        var bytes = state.prove().encoded()
        // The code witness comes first after the registers: tag 1, count, then the first index.
        let at = 4 + Registers.byteCount + 2
        #expect(bytes[at - 2] == 1 && bytes[at - 1] == 1)
        bytes.replaceSubrange(at..<at + 1, with: [bytes[at] | 0x80, 0x00])
        expectRejected(bytes, before: before, "padded LEB128 index")
    }

    /// A state that no honest run reaches: progress on an instruction that takes one step. It
    /// must not skip the static gas the first part pays: it traps, in the stepper and the
    /// verifier alike.
    @Test func progressOnASingleStepInstructionTraps() throws {
        for state in try samples() where !state.isStopped {
            guard let (instruction, _) = CodeLeaf.parse(state.read(.code, UInt64(state.registers.pc))),
                !instruction.mayTakeSeveralSteps
            else { continue }
            state.registers.progress = 5
            let before = state.stateHash()
            let proof = state.prove().encoded()
            state.step()
            #expect(state.registers.status == .trapped)
            #expect(try Verifier.verify(before: before, proof: proof) == state.stateHash())
        }
    }
}
