import CairnDispute
import CairnDisputeParty
import Testing

/// Recorded games replay from their moves alone, and any change to a move breaks the replay.
@Suite struct ReplayTests {
    static func recorded(_ lie: Lie?) throws -> GameLog {
        let match = Match(try exampleTask("wordcount", input: "to be or not"), GameConfig(heights: [4, 3, 3]))
        let (solver, claim) = lie.map(match.liar) ?? match.honest()
        let strategy: ChallengerStrategy = lie == nil ? .random(seed: 11) : .honest
        return playGame(config: match.config, claim: claim, solver: solver, challenger: match.challenger(strategy)).log!
    }

    @Test(arguments: [nil, Lie.divergeFrom(step: 77), .output])
    func everyBitOfEveryMoveMatters(lie: Lie?) throws {
        let log = try Self.recorded(lie)
        let bytes = log.encoded
        #expect(try GameLog(decoding: bytes) == log)
        #expect(try GameLog(decoding: bytes).check().winner == log.winner)
        var flips = 0
        for (number, event) in log.events.enumerated() {
            guard case .move(let role, let time, let move) = event else { continue }
            let encoded = move.encoded
            for bit in 0..<encoded.count * 8 {
                var changed = encoded
                changed[bit / 8] ^= 1 << UInt8(bit % 8)
                flips += 1
                guard let decoded = try? Move(decoding: changed) else { continue }
                #expect(decoded != move, "move \(number) bit \(bit) decodes to the same move")
                var tampered = log
                tampered.events[number] = .move(role, time: time, decoded)
                #expect(throws: DisputeError.self, "move \(number) bit \(bit) replays") { try tampered.check() }
            }
        }
        #expect(flips > 1000)
    }

    @Test func aChangedClaimOrOutcomeFailsTheCheck() throws {
        let log = try Self.recorded(.output)
        var wrongWinner = log
        wrongWinner.winner = .solver
        #expect(throws: DisputeError.self) { try wrongWinner.check() }
        var truncated = log
        truncated.events.removeLast()
        #expect(throws: DisputeError.self) { try truncated.check() }
        // Every field but the entry pc is checked when the game starts; the entry pc only fixes
        // the initial state, which a game that ends at a later step never uses.
        let claim = log.claim.encoded
        let entry = (4 + 64)..<(4 + 72)
        for bit in stride(from: 0, to: claim.count * 8, by: 3) where !entry.contains(bit / 8) {
            var changed = claim
            changed[bit / 8] ^= 1 << UInt8(bit % 8)
            guard let decoded = try? Claim(decoding: changed) else { continue }
            var tampered = log
            tampered.claim = decoded
            #expect(throws: DisputeError.self, "claim bit \(bit)") { try tampered.check() }
        }
    }
}
