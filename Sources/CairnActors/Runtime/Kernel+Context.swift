import CairnIPLD

/// The `vm`, `network`, `rand`, `gas`, `debug` and `event` operations.
extension Kernel {
    /// Epochs back that randomness and tipset CIDs may be drawn from (chain finality).
    static let lookbackLimit: Int64 = 900

    /// Ends the invocation with `code` and the block `handle` (0 for none). A system exit
    /// code (1–15) is not the actor's to use: the invocation then ends `SYS_ILLEGAL_EXIT_CODE`.
    func exit(code: UInt32, handle: UInt32, message: String) -> SyscallFailure {
        let exitCode = ExitCode(code)
        if !exitCode.isSuccess, exitCode.isSystemError {
            return .exit(InvocationExit(.sysIllegalExitCode, message: "actor exited with system code \(code): \(message)"))
        }
        guard handle != BlockRegistry.noBlock else { return .exit(InvocationExit(exitCode, message: message)) }
        guard let block = try? blocks.get(handle) else {
            return .exit(InvocationExit(.sysMissingReturn, message: "exit with an invalid block handle \(handle)"))
        }
        return .exit(InvocationExit(exitCode, returnBlock: block, message: message))
    }

    /// A deterministic 32-byte value for `round` under domain `tag`: BLAKE2b-256 of the tag,
    /// the network's seed and the round (8 bytes, big-endian).
    func randomness(tag: String, round: Int64) throws(SyscallFailure) -> [UInt8] {
        let epoch = machine.network.epoch
        guard round <= epoch else { throw ErrorNumber.illegalArgument.failure }
        guard epoch - round <= Self.lookbackLimit else { throw ErrorNumber.limitExceeded.failure }
        try charge(profile.randomnessPrice(entropy: 0))
        return BLAKE2b.hash(Array(tag.utf8) + machine.network.randomnessSeed + Self.bigEndian(round))
    }

    /// The CID of the tipset at `epoch`, a past epoch within the lookback: a DAG-CBOR block
    /// `["tipset", seed, epoch]` standing for it (Cairn has no chain).
    func tipsetCID(_ epoch: Int64) throws(SyscallFailure) -> CID {
        let current = machine.network.epoch
        guard epoch >= 0, epoch < current else { throw ErrorNumber.illegalArgument.failure }
        guard current - epoch <= Self.lookbackLimit else { throw ErrorNumber.limitExceeded.failure }
        try charge(epoch == current - 1 ? profile.tipsetCIDLatest : profile.tipsetCIDHistorical)
        let block = IPLD.list([.string("tipset"), .bytes(machine.network.randomnessSeed), .int(epoch)])
        // Encoding a list of a string, bytes and an integer cannot fail.
        return CID(codec: .dagCBOR, hashing: (try? DAGCBOR.encode(block)) ?? [])
    }

    /// Charges `gas` (whole gas) on the actor's request; `name` is for people.
    func chargeGas(name: String, gas: UInt64) throws(SyscallFailure) {
        let (milligas, overflow) = gas.multipliedReportingOverflow(by: GasProfile.milligasPerGas)
        try charge(overflow ? .max : milligas)
    }

    /// Whole gas still available to the invocation.
    func availableGas() -> UInt64 {
        calls.gas.available / GasProfile.milligasPerGas
    }

    /// Records `line` in the machine's debug log when debugging is enabled.
    func log(_ line: String) {
        guard machine.debugEnabled else { return }
        machine.debugLog.append(line)
    }

    /// Keeps `data` as artifact `name` when debugging is enabled.
    func storeArtifact(name: String, data: [UInt8]) throws(SyscallFailure) {
        guard machine.debugEnabled else { return }
        guard !name.isEmpty, name.utf8.count <= 256, !name.contains("/") else { throw ErrorNumber.illegalArgument.failure }
        machine.debugArtifacts[name] = data
    }

    /// The most entries, key bytes and value bytes an event may have (ref-fvm's limits).
    static let maxEventEntries = 255
    static let maxEventKeyLength = 31
    static let maxEventValueBytes = 8 << 10

    /// Emits an event of `entries`; `encodedSize` is what the actor passed, for the price.
    func emitEvent(_ entries: [EventEntry], encodedSize: Int) throws(SyscallFailure) {
        try requireWritable()
        try charge(profile.eventPrice(size: encodedSize))
        guard entries.count <= Self.maxEventEntries else { throw ErrorNumber.limitExceeded.failure }
        var valueBytes = 0
        for entry in entries {
            guard entry.flags & ~UInt64(0b11) == 0, entry.codec == Multicodec.raw.rawValue,
                !entry.key.isEmpty, entry.key.utf8.count <= Self.maxEventKeyLength
            else { throw ErrorNumber.illegalArgument.failure }
            valueBytes += entry.value.count
        }
        guard valueBytes <= Self.maxEventValueBytes else { throw ErrorNumber.limitExceeded.failure }
        calls.events.append(StampedEvent(emitter: actorID, event: ActorEvent(entries: entries)))
    }

    static func bigEndian(_ value: Int64) -> [UInt8] {
        withUnsafeBytes(of: UInt64(bitPattern: value).bigEndian) { Array($0) }
    }

    static func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
