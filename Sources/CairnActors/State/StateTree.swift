import CairnIPLD

/// The actors of a state: a HAMT (bit width 5, SHA-256 keys) from ID-address bytes to
/// `ActorState`, under a version-5 `StateRoot`, with nestable transactions (ref-fvm's
/// `StateTree`).
///
/// Changes go to a stack of layers above the HAMT. `beginTransaction()` pushes a layer;
/// `endTransaction(revert: true)` drops it with every change (and resolution) made in it;
/// `endTransaction(revert: false)` merges it into the layer below. Reads look through the
/// layers top-down, then the HAMT. `flush()` (only with no transaction open) writes the
/// bottom layer into the HAMT and returns the new state root's CID. So the runtime can open
/// a transaction per call and drop a failed call's changes at any depth.
///
/// Not thread-safe; one tree per executing message stream.
public final class StateTree {
    /// One layer of pending changes: `nil` marks a deleted actor.
    struct Layer {
        var actors: [ActorID: ActorState?] = [:]
        var resolved: [Address: ActorID] = [:]
    }

    /// The HAMT parameters of the actors map.
    public static let hamtConfig = HAMT.Config(bitWidth: 5)

    /// The store holding the tree's blocks.
    public let store: any Blockstore
    private let hamt: HAMT
    private let info: CID
    private var layers: [Layer] = [Layer()]

    /// An empty tree over `store` (writes the empty info block).
    public init(store: any Blockstore) throws(ActorDataError) {
        self.store = store
        hamt = HAMT(store: store, config: Self.hamtConfig)
        do { info = try store.putIPLD(.list([])) } catch { throw .ipld(error) }
    }

    /// The tree whose state root is `root` in `store`; only version 5 is supported.
    public init(loading root: CID, store: any Blockstore) throws(ActorDataError) {
        self.store = store
        let stateRoot: StateRoot
        do { stateRoot = try StateRoot(ipld: try store.getIPLD(root)) } catch let e as ActorDataError { throw e }
        catch let e as IPLDError { throw .ipld(e) } catch { throw .stateTree("\(error)") }
        guard stateRoot.version == StateRoot.currentVersion else {
            throw .stateTree("unsupported state tree version \(stateRoot.version)")
        }
        info = stateRoot.info
        do { hamt = try HAMT(loading: stateRoot.actors, store: store, config: Self.hamtConfig) } catch { throw .ipld(error) }
    }

    /// The HAMT key of an actor: the bytes of its ID address.
    public static func key(_ id: ActorID) -> [UInt8] { Address.id(id).bytes }

    // MARK: Actors

    /// The actor with ID `id`, or nil if there is none.
    public func actor(_ id: ActorID) throws(ActorDataError) -> ActorState? {
        for layer in layers.reversed() {
            if let entry = layer.actors[id] { return entry }
        }
        let stored: IPLD?
        do { stored = try hamt.get(Self.key(id)) } catch { throw .ipld(error) }
        return try stored.map { (value) throws(ActorDataError) in try ActorState(ipld: value) }
    }

    /// The actor `address` names (resolved through the init actor), or nil.
    public func actor(at address: Address) throws(ActorDataError) -> ActorState? {
        guard let id = try resolve(address) else { return nil }
        return try actor(id)
    }

    /// Sets (creates or replaces) the actor with ID `id`, in the current transaction.
    public func setActor(_ id: ActorID, _ state: ActorState) {
        layers[layers.count - 1].actors[id] = .some(state)
    }

    /// Deletes the actor with ID `id` (no error if there is none), in the current transaction.
    public func deleteActor(_ id: ActorID) {
        layers[layers.count - 1].actors[id] = .some(nil)
    }

    /// Applies `change` to the actor with ID `id`; returns false, changing nothing, if there is none.
    @discardableResult
    public func mutateActor(_ id: ActorID, _ change: (inout ActorState) throws -> Void) throws -> Bool {
        guard var state = try actor(id) else { return false }
        try change(&state)
        setActor(id, state)
        return true
    }

    // MARK: Transactions

    /// The number of open transactions.
    public var transactionDepth: Int { layers.count - 1 }

    /// Opens a (nested) transaction.
    public func beginTransaction() { layers.append(Layer()) }

    /// Closes the innermost transaction, dropping its changes if `revert`, else keeping them.
    public func endTransaction(revert: Bool) throws(ActorDataError) {
        guard layers.count > 1 else { throw .stateTree("no transaction to end") }
        let top = layers.removeLast()
        if revert { return }
        layers[layers.count - 1].actors.merge(top.actors) { _, new in new }
        layers[layers.count - 1].resolved.merge(top.resolved) { _, new in new }
    }

    // MARK: Addresses

    /// Resolves `address` to an actor ID with `lookup` for non-ID addresses, caching the answer
    /// in the current transaction (so a revert forgets it, as in ref-fvm). ID addresses resolve
    /// to themselves without a lookup. `lookup` returns nil for an unknown address.
    public func resolve(_ address: Address, lookup: (Address) throws(ActorDataError) -> ActorID?) throws(ActorDataError) -> ActorID? {
        if let id = address.id { return id }
        for layer in layers.reversed() {
            if let id = layer.resolved[address] { return id }
        }
        guard let id = try lookup(address) else { return nil }
        layers[layers.count - 1].resolved[address] = id
        return id
    }

    /// Resolves `address` through the init actor's address map (as ref-fvm's `lookup_id`):
    /// ID addresses directly; f1, f2, f4 (and f3) by the map of the init actor (ID 1) as this
    /// tree currently holds it. Nil if the address is unknown or there is no init actor.
    public func resolve(_ address: Address) throws(ActorDataError) -> ActorID? {
        try resolve(address) { (address) throws(ActorDataError) -> ActorID? in
            guard let initState = try self.initActorState() else { return nil }
            return try self.lookUp(address, in: initState)
        }
    }

    /// Answers of the init actor's address map, for the map root they were read under: a root
    /// names its content, so an answer holds for as long as the root is the same (a new root,
    /// after an address is registered, starts afresh). Spares each message loading and
    /// decoding the map's nodes to resolve its sender and the addresses in its parameters.
    private var addressAnswers: (map: CID, ids: [Address: ActorID?])?

    private func lookUp(_ address: Address, in initState: InitActorState) throws(ActorDataError) -> ActorID? {
        if let answers = addressAnswers, answers.map == initState.addressMap, let id = answers.ids[address] { return id }
        let id = try initState.resolve(address, store: store)
        if addressAnswers?.map != initState.addressMap { addressAnswers = (initState.addressMap, [:]) }
        addressAnswers?.ids[address] = .some(id)
        return id
    }

    /// The init actor's state, if the tree has an init actor.
    public func initActorState() throws(ActorDataError) -> InitActorState? {
        guard let initActor = try actor(InitActorState.actorID) else { return nil }
        if let decoded = decodedInitState, decoded.cid == initActor.state { return decoded.state }
        let state: InitActorState
        do { state = try InitActorState(ipld: try store.getIPLD(initActor.state)) } catch let e as ActorDataError { throw e }
        catch let e as IPLDError { throw .ipld(e) } catch { throw .stateTree("\(error)") }
        decodedInitState = (initActor.state, state)
        return state
    }

    /// The init actor's state last decoded, under its CID (a CID names its content).
    private var decodedInitState: (cid: CID, state: InitActorState)?

    /// Maps `address` to a new ID in the init actor's state (stored, and the init actor
    /// updated in the current transaction) and returns the ID.
    public func registerNewAddress(_ address: Address) throws(ActorDataError) -> ActorID {
        guard var initActor = try actor(InitActorState.actorID), var initState = try initActorState() else {
            throw .stateTree("no init actor to register \(address)")
        }
        let id = try initState.mapAddressToNewID(address, store: store)
        do { initActor.state = try store.putIPLD(initState.ipld) } catch { throw .ipld(error) }
        setActor(InitActorState.actorID, initActor)
        layers[layers.count - 1].resolved[address] = id
        return id
    }

    /// Maps `address` to the existing actor `id` in the init actor's state (see
    /// `InitActorState.mapAddress`), in the current transaction.
    public func registerAddress(_ address: Address, id: ActorID) throws(ActorDataError) {
        guard var initActor = try actor(InitActorState.actorID), var initState = try initActorState() else {
            throw .stateTree("no init actor to register \(address)")
        }
        try initState.mapAddress(address, to: id, store: store)
        do { initActor.state = try store.putIPLD(initState.ipld) } catch { throw .ipld(error) }
        setActor(InitActorState.actorID, initActor)
        layers[layers.count - 1].resolved[address] = id
    }

    // MARK: Flush

    /// Writes the pending changes into the HAMT and stores the state root `[5, actors, info]`;
    /// returns its CID. Fails if a transaction is open.
    public func flush() throws(ActorDataError) -> CID {
        guard layers.count == 1 else { throw .stateTree("flush with \(layers.count - 1) transaction(s) open") }
        do {
            for (id, entry) in layers[0].actors.sorted(by: { $0.key < $1.key }) {
                if let state = entry { _ = try hamt.set(Self.key(id), try state.ipld()) }
                else { _ = try hamt.delete(Self.key(id)) }
            }
            layers[0].actors.removeAll()
            let root = StateRoot(actors: try hamt.flush(), info: info)
            return try store.putIPLD(root.ipld)
        } catch let e as ActorDataError { throw e } catch let e as IPLDError { throw .ipld(e) }
        catch { throw .stateTree("\(error)") }
    }

    /// Every actor, in ID order, pending changes included. Fails if a transaction is open.
    public func actors() throws(ActorDataError) -> [(ActorID, ActorState)] {
        guard layers.count == 1 else { throw .stateTree("listing with \(layers.count - 1) transaction(s) open") }
        var all: [ActorID: ActorState] = [:]
        do {
            try hamt.forEach { key, value in
                let address = try Address(bytes: key)
                guard let id = address.id else { throw ActorDataError.stateTree("non-ID key \(address) in the actors HAMT") }
                all[id] = try ActorState(ipld: value)
            }
        } catch let e as ActorDataError { throw e } catch let e as AddressError { throw .address(e) }
        catch let e as IPLDError { throw .ipld(e) } catch { throw .stateTree("\(error)") }
        for (id, entry) in layers[0].actors { all[id] = entry }
        return all.sorted { $0.key < $1.key }
    }
}
