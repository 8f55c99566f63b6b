import CairnHash

/// The shape of the game (docs/disputes.md, "Levels"): level heights, top first, and the
/// bisection degree. A leaf of level i stands for 2^(heights below i) machine steps, so the
/// whole game covers 2^(sum of heights) steps.
public struct GameConfig: Sendable, Equatable {
    /// log2 of the number of leaves of each level's commitment, top level first.
    public var heights: [Int]
    /// log2 of the bisection degree: a bisection reveals 2^degreeLog2 children (fewer at the
    /// bottom of a level).
    public var degreeLog2: Int
    /// Each party's total time (chess clock), in the referee's time unit.
    public var clock: UInt64

    public init(heights: [Int], degreeLog2: Int = 1, clock: UInt64 = 1_000) {
        self.heights = heights
        self.degreeLog2 = degreeLog2
        self.clock = clock
    }

    /// One level over 2^height steps, binary bisection.
    public static func oneLevel(_ height: Int) -> GameConfig { GameConfig(heights: [height]) }

    public var totalHeight: Int { heights.reduce(0, +) }

    /// Levels suited to a task of `steps` steps, binary bisection: the smallest total height
    /// that covers the run, in one level up to 2^8 steps, else split over up to 8 levels of
    /// about 3 to 6, the smaller ones on top.
    ///
    /// Why: an honest party pauses its runs once per leaf of every level, and a pause costs the
    /// hashing of what the run wrote since the last one, so the levels whose leaves span many
    /// steps (the top ones) must have few leaves. With levels of height about 3, the top
    /// commitment costs a handful of pauses, each lower level one run over one leaf of the
    /// level above from a snapshot, and only the last level is stepped (docs/disputes.md,
    /// "Choosing levels").
    public static func levels(forSteps steps: UInt64) -> GameConfig {
        var total = 1
        while total < 62, (UInt64(1) << UInt64(total)) < steps { total += 1 }
        if total <= 8 { return GameConfig(heights: [total]) }
        let count = min(8, (total + 2) / 3)
        let base = total / count
        let taller = total % count
        return GameConfig(heights: (0..<count).map { $0 < count - taller ? base : base + 1 })
    }

    /// Machine steps per leaf of `level`.
    public func stride(level: Int) -> UInt64 { 1 << UInt64(heights[(level + 1)...].reduce(0, +)) }

    /// Bisection rounds (bisect and choose) a game takes at most: the referee's move bound.
    public var maxRounds: Int { heights.reduce(0) { $0 + ($1 + degreeLog2 - 1) / degreeLog2 } }

    /// Messages a game takes at most: two per round, a refinement per lower level, the step.
    public var maxMoves: Int { 2 * maxRounds + heights.count }

    /// Checks the limits a referee enforces: 1 to 8 levels of heights 1…40 summing to at most 62,
    /// a degree of 2 to 128, a positive clock.
    public func validate() throws(DisputeError) {
        guard !heights.isEmpty, heights.count <= 8 else { throw DisputeError("1 to 8 levels") }
        guard heights.allSatisfy({ (1...40).contains($0) }), totalHeight <= 62 else { throw DisputeError("heights 1...40, sum at most 62") }
        guard (1...7).contains(degreeLog2) else { throw DisputeError("degree 2 to 128") }
        guard clock > 0 else { throw DisputeError("clock must be positive") }
    }

    public var encoded: [UInt8] {
        var writer = ByteWriter()
        encode(&writer)
        return writer.bytes
    }

    func encode(_ writer: inout ByteWriter) {
        writer.u8(UInt8(heights.count))
        for height in heights { writer.u8(UInt8(height)) }
        writer.u8(UInt8(degreeLog2))
        writer.u64(clock)
    }

    init(_ reader: inout ByteReader) throws(DisputeError) {
        let count = Int(try reader.u8())
        heights = []
        for _ in 0..<count { heights.append(Int(try reader.u8())) }
        degreeLog2 = Int(try reader.u8())
        clock = try reader.u64()
        try validate()
    }

    public init(decoding bytes: [UInt8]) throws(DisputeError) {
        var reader = ByteReader(bytes)
        try self.init(&reader)
        try reader.expectEnd()
    }
}

/// A solver's claim: the task, the number of steps N, the gas used, the final state (opened),
/// and the history commitment of the top level with the path that puts the final state at its
/// last leaf (docs/disputes.md, "Claims").
public struct Claim: Sendable, Equatable {
    public var task: TaskIdentity
    public var steps: UInt64
    public var gasUsed: UInt64
    public var final: StateOpening
    /// The root of the top level's commitment.
    public var history: Digest
    /// Siblings of the top level's last leaf, bottom up.
    public var finalPath: [Digest]

    public init(task: TaskIdentity, steps: UInt64, gasUsed: UInt64, final: StateOpening, history: Digest, finalPath: [Digest]) {
        self.task = task
        self.steps = steps
        self.gasUsed = gasUsed
        self.final = final
        self.history = history
        self.finalPath = finalPath
    }

    public var finalHash: Digest { final.stateHash }

    /// Magic "CDC1", task, N, gas used, final opening, history root, path.
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.bytes += Array("CDC1".utf8)
        task.encode(&writer)
        writer.u64(steps)
        writer.u64(gasUsed)
        final.encode(&writer)
        writer.digest(history)
        writer.digests(finalPath)
        return writer.bytes
    }

    public init(decoding bytes: [UInt8]) throws(DisputeError) {
        var reader = ByteReader(bytes)
        guard try reader.take(4).elementsEqual("CDC1".utf8) else { throw DisputeError("not a claim") }
        task = try TaskIdentity(&reader)
        steps = try reader.u64()
        gasUsed = try reader.u64()
        final = try StateOpening(&reader)
        history = try reader.digest()
        finalPath = try reader.digests(limit: 40)
        try reader.expectEnd()
    }

    /// The checks the referee makes before a game starts: the final state is stopped, says N
    /// steps, the gas used and the task's program and input, and is the commitment's last leaf.
    public func check(_ config: GameConfig) throws(DisputeError) {
        try config.validate()
        guard final.status == 1 || final.status == 2 else { throw DisputeError("the final state has not stopped") }
        guard final.steps == steps else { throw DisputeError("the final state took \(final.steps) steps, not \(steps)") }
        guard config.totalHeight >= 63 || steps <= UInt64(1) << UInt64(config.totalHeight) else {
            throw DisputeError("\(steps) steps exceed the game's 2^\(config.totalHeight)")
        }
        guard gasUsed <= task.gasLimit, final.gas == task.gasLimit - gasUsed else { throw DisputeError("the gas used does not match the final state") }
        guard final[.code] == task.codeRoot, final[.program] == task.programRoot else { throw DisputeError("the final state runs another program") }
        guard final[.input] == task.inputRoot, final.inputLength == task.inputLength else { throw DisputeError("the final state has another input") }
        guard finalPath.count == config.heights[0],
              History.rootFromLast(History.leaf(finalHash), path: finalPath) == history
        else { throw DisputeError("the final state is not the commitment's last leaf") }
    }
}
