/// The EVM foreign runtime's Swift side (docs/evm.md): RLP, the Merkle-Patricia trie behind
/// Ethereum's state root, and the hosts that run the EVM interpreter (evm/, C compiled to Wasm)
/// on Cairn.
public enum CairnEVM {}
