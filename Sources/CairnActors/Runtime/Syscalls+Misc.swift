import CairnIPLD

/// `event`, `rand`, `gas` and `debug`.
extension SyscallBinder {
    /// Bytes in one event entry header: `{flags u64, codec u64, key_len u32, val_len u32}`.
    static let eventEntrySize = 24

    mutating func bindMisc() {
        // emit_event(entries: *EventEntry, entry_count: u32, keys: *u8, keys_len: u32, values: *u8, values_len: u32)
        bind(.eventEmitEvent) { kernel, memory, a throws(SyscallFailure) in
            guard Int(a.u32(1)) <= Kernel.maxEventEntries else { throw ErrorNumber.limitExceeded.failure }
            let headers = try memory.read(a.u32(0), a.u32(1) * UInt32(Self.eventEntrySize))
            let keys = try memory.read(a.u32(2), a.u32(3))
            let values = try memory.read(a.u32(4), a.u32(5))
            let entries = try Self.eventEntries(headers: headers, keys: keys, values: values)
            try kernel.emitEvent(entries, encodedSize: headers.count + keys.count + values.count)
            return []
        }
        // get_chain_randomness(ret: *[u8; 32], round: i64), get_beacon_randomness(ret, round)
        bind(.randGetChainRandomness) { kernel, _, a throws(SyscallFailure) in
            try kernel.randomness(tag: "chain", round: a.i64(0))
        }
        bind(.randGetBeaconRandomness) { kernel, _, a throws(SyscallFailure) in
            try kernel.randomness(tag: "beacon", round: a.i64(0))
        }
        // charge(name: *u8, name_len: u32, amount: u64)
        bind(.gasCharge) { kernel, memory, a throws(SyscallFailure) in
            let name = try memory.read(a.u32(0), a.u32(1))
            guard let text = String(validating: name, as: UTF8.self) else { throw ErrorNumber.illegalArgument.failure }
            try kernel.chargeGas(name: text, gas: a.u64(2))
            return []
        }
        // available(ret: *u64)
        bind(.gasAvailable) { kernel, _, _ throws(SyscallFailure) in
            var out = PackedWriter()
            out.u64(kernel.availableGas())
            return out.bytes
        }
        // enabled(ret: *i32): 0 when debugging is enabled, -1 when not (ref-fvm's convention)
        bind(.debugEnabled) { kernel, _, _ throws(SyscallFailure) in
            var out = PackedWriter()
            out.u32(kernel.machine.debugEnabled ? 0 : UInt32(bitPattern: -1))
            return out.bytes
        }
        // log(message: *u8, message_len: u32)
        bind(.debugLog) { kernel, memory, a throws(SyscallFailure) in
            guard kernel.machine.debugEnabled else { return [] }
            kernel.log(String(decoding: try memory.read(a.u32(0), a.u32(1)), as: UTF8.self))
            return []
        }
        // store_artifact(name: *u8, name_len: u32, data: *u8, data_len: u32)
        bind(.debugStoreArtifact) { kernel, memory, a throws(SyscallFailure) in
            guard kernel.machine.debugEnabled else { return [] }
            let name = try memory.read(a.u32(0), a.u32(1))
            guard let text = String(validating: name, as: UTF8.self) else { throw ErrorNumber.illegalArgument.failure }
            try kernel.storeArtifact(name: text, data: try memory.read(a.u32(2), a.u32(3)))
            return []
        }
    }

    /// Splits the keys and values buffers by the entry headers: `illegalArgument` when the
    /// lengths do not add up to the buffers exactly or a key is not UTF-8.
    static func eventEntries(headers: [UInt8], keys: [UInt8], values: [UInt8]) throws(SyscallFailure) -> [EventEntry] {
        var entries: [EventEntry] = []
        var keyOffset = 0
        var valueOffset = 0
        for start in stride(from: 0, to: headers.count, by: eventEntrySize) {
            let flags = littleEndian(headers, start, 8)
            let codec = littleEndian(headers, start + 8, 8)
            let keyLength = Int(littleEndian(headers, start + 16, 4))
            let valueLength = Int(littleEndian(headers, start + 20, 4))
            guard keyLength <= keys.count - keyOffset, valueLength <= values.count - valueOffset else {
                throw ErrorNumber.illegalArgument.failure
            }
            guard let key = String(validating: keys[keyOffset..<keyOffset + keyLength], as: UTF8.self) else {
                throw ErrorNumber.illegalArgument.failure
            }
            entries.append(EventEntry(flags: flags, key: key, codec: codec, value: Array(values[valueOffset..<valueOffset + valueLength])))
            keyOffset += keyLength
            valueOffset += valueLength
        }
        guard keyOffset == keys.count, valueOffset == values.count else { throw ErrorNumber.illegalArgument.failure }
        return entries
    }

    static func littleEndian(_ bytes: [UInt8], _ start: Int, _ count: Int) -> UInt64 {
        (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * $1) }
    }
}
