#pragma version ^0.4.3
"""
@title One claim against several challengers, each in its own DisputeGame
@notice The settlement rule of docs/referee.md ("Several challengers"): during a window of
        blocks, each challenger's game against this claim (a DisputeGame of the expected code,
        opened by the claim's solver on the same CDC1 bytes and joined by its challenger) is
        registered; after the window, once every registered game is over, the claim is
        confirmed only if the solver won every one of them. It falls as soon as one challenger
        wins (`refute`). Bonds stay in the games; this contract holds no value.
"""

interface Game:
    def claim_hash() -> bytes32: view
    def solver() -> address: view
    def phase() -> uint256: view
    def winner() -> address: view

MAX_GAMES: constant(uint256) = 32
PHASE_OPEN: constant(uint256) = 0
PHASE_OVER: constant(uint256) = 5

claim_hash: public(immutable(bytes32))
solver: public(immutable(address))
game_code: public(immutable(bytes32))
deadline: public(immutable(uint256))

games: public(DynArray[address, MAX_GAMES])
settled: public(bool)
confirmed: public(bool)


@deploy
def __init__(claim: bytes32, solver_address: address, game_codehash: bytes32, window: uint256):
    """
    @param claim keccak256 of the claim's CDC1 bytes
    @param game_codehash the code hash of a DisputeGame deployed with the agreed Referee (its
           address is an immutable, so part of the code)
    @param window the blocks during which games may be registered
    """
    claim_hash = claim
    solver = solver_address
    game_code = game_codehash
    deadline = block.number + window


@external
def register(game: address):
    """
    @notice Adds a challenger's game against this claim (anyone may call it within the window).
    """
    assert block.number <= deadline, "window closed"
    assert game.codehash == game_code, "not a game of the agreed referee"
    assert staticcall Game(game).claim_hash() == claim_hash, "another claim"
    assert staticcall Game(game).solver() == solver, "another solver"
    assert staticcall Game(game).phase() != PHASE_OPEN, "not joined"
    assert game not in self.games, "registered"
    self.games.append(game)


@external
def refute(game: address):
    """
    @notice Settles the claim as false once one registered game was won by its challenger.
    """
    assert not self.settled, "settled"
    assert game in self.games, "not registered"
    assert staticcall Game(game).phase() == PHASE_OVER, "running"
    assert staticcall Game(game).winner() != solver, "the solver won"
    self.settled = True
    self.confirmed = False


@external
def settle():
    """
    @notice After the window, with every registered game over: confirmed if the solver won all.
    """
    assert not self.settled, "settled"
    assert block.number > deadline, "window open"
    won: bool = True
    for game: address in self.games:
        assert staticcall Game(game).phase() == PHASE_OVER, "running"
        if staticcall Game(game).winner() != solver:
            won = False
    self.settled = True
    self.confirmed = won
