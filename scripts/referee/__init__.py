"""The on-chain referee's differential check (scripts/referee-check.py): the Vyper contracts
on revm against the Swift verifier, proof by proof, and dispute games played on chain."""
