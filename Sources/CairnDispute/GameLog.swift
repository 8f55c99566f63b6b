/// A recorded game: the configuration, the claim, and every event in order, so that anyone can
/// replay it through a fresh referee (docs/disputes.md, "Recorded games").
public struct GameLog: Sendable, Equatable {
    /// One accepted event.
    public enum Event: Sendable, Equatable {
        case move(Role, time: UInt64, Move)
        case timeout(time: UInt64)
    }

    public var config: GameConfig
    public var claim: Claim
    public var start: UInt64
    public var events: [Event] = []
    /// The recorded outcome (nil while the game runs).
    public var winner: Role?

    public init(config: GameConfig, claim: Claim, start: UInt64) {
        self.config = config
        self.claim = claim
        self.start = start
    }

    /// "CDG1", config, claim (length-prefixed), start time, events, then 0xFF and the winner.
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.bytes += Array("CDG1".utf8)
        config.encode(&writer)
        writer.blob(claim.encoded)
        writer.u64(start)
        for event in events {
            switch event {
            case .move(let role, let time, let move):
                writer.u8(role.rawValue)
                writer.u64(time)
                writer.blob(move.encoded)
            case .timeout(let time):
                writer.u8(2)
                writer.u64(time)
            }
        }
        if let winner {
            writer.u8(0xFF)
            writer.u8(winner.rawValue)
        }
        return writer.bytes
    }

    public init(decoding bytes: [UInt8]) throws(DisputeError) {
        var reader = ByteReader(bytes)
        guard try reader.take(4).elementsEqual("CDG1".utf8) else { throw DisputeError("not a recorded game") }
        config = try GameConfig(&reader)
        claim = try Claim(decoding: try reader.blob(limit: 1 << 12))
        start = try reader.u64()
        while !reader.isAtEnd {
            let kind = try reader.u8()
            switch kind {
            case 0, 1:
                let time = try reader.u64()
                events.append(.move(Role(rawValue: kind)!, time: time, try Move(decoding: try reader.blob(limit: Move.maxProofBytes + 16))))
            case 2:
                events.append(.timeout(time: try reader.u64()))
            case 0xFF:
                guard let role = Role(rawValue: try reader.u8()) else { throw DisputeError("unknown winner") }
                winner = role
                try reader.expectEnd()
            default:
                throw DisputeError("unknown event \(kind)")
            }
        }
    }

    /// Replays every event through a fresh referee: each must be accepted, and the game must end
    /// with the recorded winner. Returns the final referee.
    @discardableResult
    public func check() throws(DisputeError) -> Referee {
        var referee = try Referee(config: config, claim: claim, at: start)
        for (number, event) in events.enumerated() {
            do {
                switch event {
                case .move(let role, let time, let move): try referee.apply(move, by: role, at: time)
                case .timeout(let time): try referee.timeout(at: time)
                }
            } catch {
                throw DisputeError("event \(number + 1): \(error)")
            }
        }
        guard let recorded = winner else { throw DisputeError("the game has no recorded end") }
        guard referee.winner == recorded else {
            throw DisputeError("the replay ends with \(referee.winner.map(\.description) ?? "no winner"), the record says \(recorded)")
        }
        return referee
    }
}
