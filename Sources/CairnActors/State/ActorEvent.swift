import CairnIPLD

/// One key/value entry of an actor event (fvm_shared v4 `Entry`).
///
/// DAG-CBOR form: `[flags, key, codec, value]`: flags an unsigned integer (bit 0 indexes the
/// key, bit 1 the value), key a text string, codec the IPLD codec of the value (0x55 raw,
/// 0x71 DAG-CBOR), value a byte string.
public struct EventEntry: Hashable, Sendable {
    /// Indexing hints: `flagIndexedKey`, `flagIndexedValue`.
    public var flags: UInt64
    /// The entry's key.
    public var key: String
    /// The IPLD codec of `value` (0x55 raw, 0x71 DAG-CBOR).
    public var codec: UInt64
    /// The encoded value.
    public var value: [UInt8]

    /// Index the entry's key.
    public static let flagIndexedKey: UInt64 = 0b01
    /// Index the entry's value.
    public static let flagIndexedValue: UInt64 = 0b10
    /// Index both.
    public static let flagIndexedAll: UInt64 = 0b11

    /// An entry.
    public init(flags: UInt64, key: String, codec: UInt64, value: [UInt8]) {
        self.flags = flags
        self.key = key
        self.codec = codec
        self.value = value
    }

    /// The DAG-CBOR value.
    public var ipld: IPLD { .list([.uint(flags), .string(key), .uint(codec), .bytes(value)]) }

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        let f = try IPLDRead.tuple(ipld, count: 4, "event entry")
        flags = try IPLDRead.uint64(f[0], "event entry flags")
        key = try IPLDRead.string(f[1], "event entry key")
        codec = try IPLDRead.uint64(f[2], "event entry codec")
        value = try IPLDRead.bytes(f[3], "event entry value")
    }
}

/// An event as an actor emits it: its entries. DAG-CBOR form: the list of entries itself
/// (fvm_shared's `ActorEvent` is `#[serde(transparent)]`).
public struct ActorEvent: Hashable, Sendable {
    /// The entries, in emission order.
    public var entries: [EventEntry]

    /// An event of `entries`.
    public init(entries: [EventEntry]) { self.entries = entries }

    /// The DAG-CBOR value.
    public var ipld: IPLD { .list(entries.map(\.ipld)) }

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        guard case .list(let items) = ipld else { throw .shape("actor event: expected a list, got \(ipld.kindName)") }
        var entries: [EventEntry] = []
        for item in items { entries.append(try EventEntry(ipld: item)) }
        self.entries = entries
    }
}

/// An event stamped by the VM with the emitting actor's ID: what the receipt's events AMT holds.
/// DAG-CBOR form: `[emitter, event]`.
public struct StampedEvent: Hashable, Sendable {
    /// The ID of the emitting actor.
    public var emitter: ActorID
    /// The event as emitted.
    public var event: ActorEvent

    /// `event`, stamped with its emitter.
    public init(emitter: ActorID, event: ActorEvent) {
        self.emitter = emitter
        self.event = event
    }

    /// The DAG-CBOR value.
    public var ipld: IPLD { .list([.uint(emitter), event.ipld]) }

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        let f = try IPLDRead.tuple(ipld, count: 2, "stamped event")
        emitter = try IPLDRead.uint64(f[0], "stamped event emitter")
        event = try ActorEvent(ipld: f[1])
    }
}
