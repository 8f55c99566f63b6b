import CairnIPLD

/// The init actor's state (built-in actors v10+): the map from robust addresses (f1, f2, f4)
/// to actor IDs, and the next ID to hand out.
///
/// DAG-CBOR form: `[addressMap, nextID, networkName]`; `addressMap` links to a HAMT (bit
/// width 5, SHA-256 keys) from address bytes to IDs (unsigned integers). The init actor is ID 1.
public struct InitActorState: Hashable, Sendable {
    /// The root of the address map HAMT.
    public var addressMap: CID
    /// The ID the next new address gets.
    public var nextID: ActorID
    /// The network's name.
    public var networkName: String

    /// The init actor's ID.
    public static let actorID: ActorID = 1
    /// The HAMT parameters of the address map.
    public static let hamtConfig = HAMT.Config(bitWidth: 5)

    /// An init state.
    public init(addressMap: CID, nextID: ActorID, networkName: String) {
        self.addressMap = addressMap
        self.nextID = nextID
        self.networkName = networkName
    }

    /// A new init state with an empty address map (written to `store`).
    public static func empty(store: any Blockstore, networkName: String) throws(ActorDataError) -> InitActorState {
        let map = HAMT(store: store, config: hamtConfig)
        do { return InitActorState(addressMap: try map.flush(), nextID: Address.firstNonSingletonID, networkName: networkName) }
        catch { throw .ipld(error) }
    }

    /// The DAG-CBOR value.
    public var ipld: IPLD { .list([.link(addressMap), .uint(nextID), .string(networkName)]) }

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        let f = try IPLDRead.tuple(ipld, count: 3, "init actor state")
        addressMap = try IPLDRead.link(f[0], "init address map")
        nextID = try IPLDRead.uint64(f[1], "init next id")
        networkName = try IPLDRead.string(f[2], "init network name")
    }

    /// The ID `address` maps to, if any (an ID address is returned as is).
    public func resolve(_ address: Address, store: any Blockstore) throws(ActorDataError) -> ActorID? {
        if let id = address.id { return id }
        do {
            let map = try HAMT(loading: addressMap, store: store, config: Self.hamtConfig)
            guard let value = try map.get(address.bytes) else { return nil }
            return try IPLDRead.uint64(value, "init address map entry")
        } catch let error as ActorDataError { throw error } catch let error as IPLDError { throw .ipld(error) }
        catch { throw .stateTree("\(error)") }
    }

    /// Maps `address` to the existing actor `id` (genesis, or an f4 address assigned to an
    /// actor created under its ID address); `nextID` moves past `id` if needed. The address
    /// must not be mapped yet.
    public mutating func mapAddress(_ address: Address, to id: ActorID, store: any Blockstore) throws(ActorDataError) {
        do {
            let map = try HAMT(loading: addressMap, store: store, config: Self.hamtConfig)
            guard try map.setIfAbsent(address.bytes, .uint(id)) else { throw ActorDataError.stateTree("address \(address) already mapped") }
            addressMap = try map.flush()
        } catch let error as ActorDataError { throw error } catch let error as IPLDError { throw .ipld(error) }
        catch { throw .stateTree("\(error)") }
        if id >= nextID { nextID = id + 1 }
    }

    /// Maps `address` to a fresh ID (returned) and advances `nextID`; the address must not be mapped yet.
    public mutating func mapAddressToNewID(_ address: Address, store: any Blockstore) throws(ActorDataError) -> ActorID {
        let id = nextID
        do {
            let map = try HAMT(loading: addressMap, store: store, config: Self.hamtConfig)
            guard try map.setIfAbsent(address.bytes, .uint(id)) else { throw ActorDataError.stateTree("address \(address) already mapped") }
            addressMap = try map.flush()
        } catch let error as ActorDataError { throw error } catch let error as IPLDError { throw .ipld(error) }
        catch { throw .stateTree("\(error)") }
        nextID += 1
        return id
    }
}
