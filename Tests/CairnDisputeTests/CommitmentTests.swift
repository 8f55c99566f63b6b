import CairnDispute
import CairnDisputeParty
import CairnHash
import CairnProof
import Testing

/// History trees, paths, encodings, and the referee's own state hashing against the prover's.
@Suite struct CommitmentTests {
    static func digest(_ random: inout TestRandom) -> Digest {
        Keccak256.hash((0..<4).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } })
    }

    @Test func pathsLeadToTheRoot() {
        var random = TestRandom(3)
        for height in 0...7 {
            let states = (0..<(1 << height)).map { _ in Self.digest(&random) }
            let tree = HistoryTree(states: states)
            #expect(tree.root == History.root(of: states.map(History.leaf)))
            for leaf in 0..<UInt64(states.count) {
                #expect(History.rootFrom(History.leaf(states[Int(leaf)]), index: leaf, path: tree.path(leaf: leaf)) == tree.root)
            }
            for h in 0...height {
                for index in 0..<UInt64(1 << (height - h)) {
                    let last = Int(((index + 1) << UInt64(h)) - 1)
                    #expect(History.rootFromLast(History.leaf(states[last]), path: tree.lastLeafPath(height: h, index: index)) == tree.node(height: h, index: index))
                }
            }
        }
    }

    @Test func historyDomainsDifferFromStateDomains() {
        let zero = Digest(bytes: [UInt8](repeating: 0, count: 32))!
        #expect(History.leaf(zero) != History.node(zero, zero))
        #expect(Set([History.leafDomain, History.nodeDomain]).isDisjoint(with: Set((1...10).map { UInt8($0) } + [0x40, 0x41])))
    }

    static func randomMove(_ random: inout TestRandom) -> Move {
        let hashes = { (n: Int, r: inout TestRandom) in (0..<n).map { _ in Self.digest(&r) } }
        switch random.below(5) {
        case 0: return .bisect(children: hashes(1 << Int(1 + random.below(4)), &random))
        case 1: return .choose(index: 0, agreed: nil, path: [])
        case 2:
            let index = Int(1 + random.below(100))
            return .choose(index: index, agreed: Self.digest(&random), path: hashes(Int(random.below(30)), &random))
        case 3: return .refine(root: Self.digest(&random), leaf: Self.digest(&random), path: hashes(Int(random.below(30)), &random))
        default: return .step(proof: (0..<random.below(900)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
    }

    /// Encodings are canonical: decoding inverts encoding, and a flipped bit never decodes to
    /// the same move.
    @Test func movesRoundTripAndFlipsChangeThem() throws {
        var random = TestRandom(5)
        for _ in 0..<300 {
            let move = Self.randomMove(&random)
            let bytes = move.encoded
            #expect(try Move(decoding: bytes) == move)
            #expect(throws: DisputeError.self) { try Move(decoding: bytes + [0]) }
            if bytes.count > 1 { #expect(throws: DisputeError.self) { try Move(decoding: Array(bytes.dropLast())) } }
            let bit = Int(random.below(UInt64(bytes.count * 8)))
            var flipped = bytes
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect((try? Move(decoding: flipped)) != move)
        }
    }

    /// The referee computes the initial state hash from the claim's task, and the final state
    /// hash from its opening, by docs/proofs.md's formula; the prover's state must agree.
    @Test func refereeStateHashesMatchTheProver() throws {
        for task in [try exampleTask("sha256", input: "abc"), try exampleTask("spin", input: "3")] {
            let history = TaskHistory(runner: task.runner, interval: 16)
            #expect(history.identity.initialState.stateHash == task.runner.initialState().stateHash())
            #expect(history.finalOpening.stateHash == history.finalHash)
            let h = heightFor(history.steps)
            let claim = Solver(history: history, config: GameConfig(heights: [h])).claim(task: history.identity, final: history.finalOpening)
            #expect(try Claim(decoding: claim.encoded) == claim)
            #expect(throws: Never.self) { try claim.check(GameConfig(heights: [h])) }
            #expect(throws: DisputeError.self) { try claim.check(GameConfig(heights: [h - 1])) }
        }
    }

    /// Lower levels from restored runs and from the stepper give the hashes one run gives.
    @Test func historiesAgreeAcrossIntervals() throws {
        let task = try exampleTask("wordcount", input: "alpha beta gamma")
        let coarse = TaskHistory(runner: task.runner, interval: 64, snapshotInterval: 128)
        let fine = TaskHistory(runner: task.runner, interval: 1)
        var random = TestRandom(9)
        for _ in 0..<20 {
            let start = random.below(coarse.steps + 10)
            let stride = [1, 2, 8, 64][Int(random.below(4))] as UInt64
            #expect(coarse.hashes(after: start, stride: stride, count: 8) == fine.hashes(after: start, stride: stride, count: 8), "after \(start) by \(stride)")
        }
    }
}
