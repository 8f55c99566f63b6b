# pragma version 0.4.3
"""
@title Doomed
@notice A contract that self-destructs on request, for the contract tests' EIP-6780 cases: made
        and destroyed in one message it is gone afterwards; destroyed later it keeps its code and
        storage and only gives its balance away.
"""

marker: public(uint256)


@deploy
@payable
def __init__(marker: uint256):
    self.marker = marker


@external
def die(beneficiary: address):
    selfdestruct(beneficiary)
