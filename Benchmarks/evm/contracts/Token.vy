# pragma version 0.4.3
# A minimal ERC-20 for the EVM benchmark (Benchmarks/evm): balances, allowances, Transfer and
# Approval events; the deployer receives the whole supply.

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

name: public(String[32])
symbol: public(String[8])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])


@deploy
def __init__(supply: uint256):
    self.name = "Bench Token"
    self.symbol = "BENCH"
    self.decimals = 18
    self.totalSupply = supply
    self.balanceOf[msg.sender] = supply
    log Transfer(sender=empty(address), receiver=msg.sender, value=supply)


@internal
def _move(source: address, target: address, amount: uint256):
    assert target != empty(address), "transfer to the zero address"
    balance: uint256 = self.balanceOf[source]
    assert balance >= amount, "balance too low"
    self.balanceOf[source] = balance - amount
    self.balanceOf[target] += amount
    log Transfer(sender=source, receiver=target, value=amount)


@external
def transfer(receiver: address, amount: uint256) -> bool:
    self._move(msg.sender, receiver, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def transferFrom(source: address, receiver: address, amount: uint256) -> bool:
    allowed: uint256 = self.allowance[source][msg.sender]
    assert allowed >= amount, "allowance too low"
    self.allowance[source][msg.sender] = allowed - amount
    self._move(source, receiver, amount)
    return True
