"""The contract tests of issue 24 (scripts/evm-contract-check.py): Vyper and solc contracts run on
py-evm and on Cairn's EVM actor through `cairn evm …`, compared step by step."""
