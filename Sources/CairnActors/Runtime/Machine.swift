import CairnIPLD
import CairnMachine

/// What the chain tells the runtime about the epoch a message runs in.
public struct NetworkContext: Hashable, Sendable {
    /// The current epoch.
    public var epoch: Int64
    /// The epoch's timestamp, in seconds since the Unix epoch.
    public var timestamp: UInt64
    /// The base fee per unit of gas.
    public var baseFee: TokenAmount
    /// The chain ID (EIP-155; 314 is Filecoin mainnet).
    public var chainID: UInt64
    /// The network version.
    public var networkVersion: UInt32
    /// Where randomness and tipset CIDs come from: a seed standing for the chain's history
    /// (Cairn has no chain), so both are deterministic functions of it and the epoch.
    public var randomnessSeed: [UInt8]

    /// A context at `epoch`, with defaults for the rest.
    public init(
        epoch: Int64 = 0, timestamp: UInt64 = 0, baseFee: TokenAmount = .zero, chainID: UInt64 = 314,
        networkVersion: UInt32 = 21, randomnessSeed: [UInt8] = Array(repeating: 0, count: 32)
    ) {
        (self.epoch, self.timestamp, self.baseFee, self.chainID) = (epoch, timestamp, baseFee, chainID)
        (self.networkVersion, self.randomnessSeed) = (networkVersion, randomnessSeed)
    }
}

/// The state every message of a block runs against: the state tree, installed code, the
/// network context, prices and limits (ref-fvm's `Machine`).
public final class Machine {
    /// Where state, code and blocks live.
    public let store: any Blockstore
    /// Actors by ID, with the address table.
    public let stateTree: StateTree
    /// Installed actor code.
    public let code: CodeRegistry
    /// The epoch's context.
    public var network: NetworkContext
    /// Gas prices.
    public let profile: GasProfile
    /// The built-in actors' code CIDs by type.
    public var builtins: BuiltinActors
    /// Limits of each invocation's Cairn machine.
    public var limits: MachineLimits
    /// Whether invocations run threaded code (`Store.threadedDispatch`): worth its translation
    /// of the whole program per instance only for long computations. Off by default.
    public var threadedDispatch = false
    /// Whether `debug.log` records and `debug.enabled` says so.
    public var debugEnabled = false
    /// Lines actors logged through `debug.log` while debugging was enabled.
    public internal(set) var debugLog: [String] = []
    /// Artifacts actors stored through `debug.store_artifact` while debugging was enabled.
    public internal(set) var debugArtifacts: [String: [UInt8]] = [:]
    /// Called as each invocation starts, with its store (before instantiation), the actor ID,
    /// method and call depth; what it returns is called as the invocation ends, with the trap
    /// that ended it (nil when it returned). For `cairn actor send --trace` (issue 25).
    public var invocationObserver: ((Store, _ actor: UInt64, _ method: UInt64, _ depth: Int) -> (Trap?) -> Void)?

    /// A machine over `stateTree`, whose store also holds the code.
    public init(
        stateTree: StateTree, network: NetworkContext = NetworkContext(), profile: GasProfile = .hygge,
        builtins: BuiltinActors = BuiltinActors(), limits: MachineLimits = Machine.actorLimits
    ) {
        self.store = stateTree.store
        self.stateTree = stateTree
        self.code = CodeRegistry(store: stateTree.store)
        (self.network, self.profile, self.builtins, self.limits) = (network, profile, builtins, limits)
    }

    /// A machine over a state tree made by ``Genesis`` (reopened from disk, say): the built-in
    /// actors' code CIDs come from the system actor's manifest.
    public static func open(stateTree: StateTree, network: NetworkContext = NetworkContext()) throws -> Machine {
        let machine = Machine(stateTree: stateTree, network: network)
        if let system = try stateTree.actor(BuiltinActors.systemActorID),
            case .list(let fields) = try stateTree.store.getIPLD(system.state), case .link(let manifest)? = fields.first
        {
            machine.builtins = try BuiltinActors(manifest: try stateTree.store.getIPLD(manifest))
        }
        return machine
    }

    /// Limits for actor code: 512 MiB of memory per instance (ref-fvm's
    /// `max_inst_memory_bytes`), 2,048 Wasm frames and 2¹⁷ value slots (1 MiB) per invocation.
    public static var actorLimits: MachineLimits {
        var limits = MachineLimits()
        limits.maxMemoryPages = 8192
        limits.maxCallDepth = 2048
        limits.maxValueSlots = 1 << 17
        limits.maxTableElements = 1 << 20
        return limits
    }
}

/// The built-in actor types (the numbering of builtin-actors' `Type`), and the code CID that
/// each one installed in this machine has.
public struct BuiltinActors: Hashable, Sendable {
    /// A built-in actor type.
    public enum Kind: Int32, Sendable, CaseIterable {
        case system = 1, initActor = 2, cron = 3, account = 4, power = 5, miner = 6, market = 7
        case paymentChannel = 8, multisig = 9, reward = 10, verifiedRegistry = 11, dataCap = 12
        case placeholder = 13, evm = 14, eam = 15, ethAccount = 16
    }

    /// The system actor's ID (the singleton IDs are ref-fvm's and builtin-actors').
    public static let systemActorID: UInt64 = 0
    /// The init actor's ID.
    public static let initActorID: UInt64 = 1
    /// The reward actor's ID (premiums go there when it exists).
    public static let rewardActorID: UInt64 = 2
    /// The Ethereum Address Manager's ID (builtin-actors' `EAM_ACTOR_ID`), also the namespace of
    /// Ethereum (f410) addresses.
    public static let eamActorID: UInt64 = 10
    /// The burnt-funds account's ID.
    public static let burntFundsActorID: UInt64 = 99

    /// Code CIDs by type.
    public var codes: [Kind: CID] = [:]

    /// No built-in code registered.
    public init(codes: [Kind: CID] = [:]) { self.codes = codes }

    /// The manifest: a list of `[name, code CID]` pairs in type order (builtin-actors' manifest
    /// format), naming each type by `description`.
    public var manifest: IPLD {
        .list(Kind.allCases.compactMap { kind in codes[kind].map { .list([.string("\(kind)"), .link($0)]) } })
    }

    /// The built-ins a ``manifest`` lists (unknown names are skipped).
    public init(manifest: IPLD) throws {
        guard case .list(let entries) = manifest else { throw BuiltinManifestError() }
        for entry in entries {
            guard case .list(let pair) = entry, pair.count == 2, case .string(let name) = pair[0], case .link(let cid) = pair[1]
            else { throw BuiltinManifestError() }
            if let kind = Kind.allCases.first(where: { "\($0)" == name }) { codes[kind] = cid }
        }
    }

    /// The type whose code is `cid`, if any.
    public func kind(of cid: CID) -> Kind? {
        codes.first { $0.value == cid }?.key
    }

    /// The placeholder's code: the registered one, or a fixed CID naming "no code" (the
    /// identity-hashed raw bytes `fil/placeholder`), so placeholders exist without Wasm.
    public var placeholderCode: CID {
        codes[.placeholder] ?? CID(codec: .raw, hashing: Array("fil/placeholder".utf8), with: .identity)
    }
}

/// A manifest that is not a list of `[name, CID]` pairs.
public struct BuiltinManifestError: Error, Sendable {}
