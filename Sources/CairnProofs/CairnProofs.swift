// The CairnProofs product as one module, so that an embedder writes `import CairnProofs` and
// gets tasks, the prover, the verifier and the dispute game; each stays importable on its own.
@_exported import CairnDispute
@_exported import CairnDisputeParty
@_exported import CairnProof
@_exported import CairnTask
@_exported import CairnVerifier
