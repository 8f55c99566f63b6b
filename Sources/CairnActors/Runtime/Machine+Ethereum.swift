import CairnIPLD

extension Machine {
    /// Credits `amount` to the actor at Ethereum address `address`, minted (no message: for
    /// sandboxes and tests, as genesis funds accounts), and returns its ID. An f410 address that
    /// names no actor gets a placeholder with that delegated address, as a transfer to it would
    /// make; its first message turns it into an Ethereum account (``Executor``). A masked ID
    /// address must name an existing actor.
    public func mint(_ amount: TokenAmount, to address: EthAddress) throws(ActorDataError) -> ActorID {
        let filecoin = address.filecoinAddress
        if let id = try stateTree.resolve(filecoin), var actor = try stateTree.actor(id) {
            actor.balance = actor.balance + amount
            stateTree.setActor(id, actor)
            return id
        }
        guard address.maskedID == nil else { throw .stateTree("no actor has the masked ID address \(address)") }
        do { try store.put(CallManager.emptyArrayCID, [0x80]) } catch { throw .ipld(error) }
        let id = try stateTree.registerNewAddress(filecoin)
        stateTree.setActor(id, ActorState(
            code: builtins.placeholderCode, state: CallManager.emptyArrayCID, balance: amount, delegatedAddress: filecoin))
        return id
    }
}
