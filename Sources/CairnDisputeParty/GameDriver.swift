import CairnDispute

/// The outcome of a game played in one process.
public struct GameResult: Sendable {
    /// Nil when the claim failed the referee's checks (no game: the claim is rejected).
    public var log: GameLog?
    public var winner: Role
    /// Accepted moves.
    public var moves: Int { log?.events.count(where: { if case .move = $0 { true } else { false } }) ?? 0 }
    /// Bytes of the claim and every move.
    public var bytes: Int {
        guard let log else { return 0 }
        return log.claim.encoded.count + log.events.reduce(0) { total, event in
            if case .move(_, _, let move) = event { total + move.encoded.count } else { total }
        }
    }
}

/// Plays a game between two parties through a referee. Each move takes one time unit; a
/// party that does not answer, or whose move the referee rejects, loses when its clock runs out.
/// `report` gets each accepted move with the referee after it.
public func playGame(
    config: GameConfig, claim: Claim, solver: DisputeParty, challenger: DisputeParty,
    report: (Role, Move, Referee) -> Void = { _, _, _ in }
) -> GameResult {
    var time: UInt64 = 0
    guard var referee = try? Referee(config: config, claim: claim, at: time) else {
        return GameResult(log: nil, winner: .challenger)
    }
    var log = GameLog(config: config, claim: claim, start: time)
    while let role = referee.toMove {
        let party = role == .solver ? solver : challenger
        if let move = party.move(referee), (try? referee.apply(move, by: role, at: time + 1)) != nil {
            time += 1
            log.events.append(.move(role, time: time, move))
            report(role, move, referee)
        } else {
            time = referee.deadline! + 1
            try! referee.timeout(at: time)
            log.events.append(.timeout(time: time))
        }
    }
    log.winner = referee.winner
    return GameResult(log: log, winner: referee.winner!)
}
