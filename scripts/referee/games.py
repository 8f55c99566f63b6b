"""Dispute games on chain: games recorded by `cairn dispute play` or played by separate
`cairn dispute move` processes (one process per turn, through a game file) are replayed move by
move against fresh DisputeGame contracts, which must name the winner the Swift referee named."""

import json
import os

import pyrevm

from .chain import CONTRACTS, DEPLOYER, abi_encode, address_word, compile_contract, intrinsic_gas, keccak256, selector
from .steps import run

SOLVER = "0x" + "22" * 20
CHALLENGERS = ["0x" + "33" * 20, "0x" + "44" * 20]
BOND = 10**18
ORIGIN = 1000  # the block number of time 0
LATE = 10**6   # a time by which every clock has run out
WINDOW = 2 * LATE  # the blocks of a claim's challenge window in Claims.vy


class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, n):
        out = self.data[self.at:self.at + n]
        assert len(out) == n, "truncated game file"
        self.at += n
        return out

    def u8(self):
        return self.take(1)[0]

    def u64(self):
        return int.from_bytes(self.take(8), "little")

    def leb(self):
        value, shift = 0, 0
        while True:
            b = self.u8()
            value |= (b & 0x7F) << shift
            if b < 0x80:
                return value
            shift += 7


def parse_move(move):
    kind = move.u8()
    if kind == 1:
        return "bisect(bytes32[])", ["bytes32[]"], [[move.take(32) for _ in range(move.u8())]]
    choose = ("choose(uint256,bytes32,bytes32[])", ["uint256", "bytes32", "bytes32[]"])
    if kind == 2:
        j = move.u8()
        if j == 0:
            return choose + ([0, bytes(32), []],)
        agreed = move.take(32)
        return choose + ([j, agreed, [move.take(32) for _ in range(move.u8())]],)
    if kind == 3:
        root, state = move.take(32), move.take(32)
        return "refine(bytes32,bytes32,bytes32[])", ["bytes32", "bytes32", "bytes32[]"], [root, state, [move.take(32) for _ in range(move.u8())]]
    return "step(bytes)", ["bytes"], [move.take(move.leb())]


def parse_game(data):
    """The configuration, claim, start time, events and recorded winner of a CDG1 file."""
    r = Reader(data)
    assert r.take(4) == b"CDG1"
    levels = [r.u8() for _ in range(r.u8())]
    degree, clock = r.u8(), r.u64()
    claim = r.take(r.leb())
    start = r.u64()
    events, winner = [], None
    while r.at < len(data):
        tag = r.u8()
        if tag == 0xFF:
            winner = r.u8()
            break
        if tag == 2:
            events.append(("timeout", r.u64(), None))
            continue
        time = r.u64()
        events.append(("move", time, (tag, parse_move(Reader(r.take(r.leb()))))))
    return levels, degree, clock, claim, start, events, winner


class Chain:
    """One EVM with the referee deployed; games are deployed on it one per challenge."""

    def __init__(self, referee):
        self.referee, self.evm = referee, referee.evm
        for who in [SOLVER] + CHALLENGERS:
            self.evm.set_balance(who, 10**21)
        self.gas = {}

    def at(self, time):
        self.evm.set_block_env(pyrevm.BlockEnv(number=ORIGIN + time))

    def call(self, who, target, signature, types, values, value=0):
        data = selector(signature) + abi_encode(types, values)
        try:
            out = self.evm.message_call(who, target, data, value=value)
        except RuntimeError as error:
            return None, str(error)[:200]
        self.gas.setdefault(signature.split("(")[0], []).append(self.evm.result.gas_used - intrinsic_gas(data))
        return bytes(out), None

    def view_address(self, target, name):
        out = bytes(self.evm.message_call(DEPLOYER, target, selector(f"{name}()")))
        return "0x" + out[12:].hex()

    def play(self, game_bytes, challenger=CHALLENGERS[0]):
        """Replays a recorded game against a fresh DisputeGame: (winner 0/1 or None, note,
        recorded winner, game address)."""
        levels, degree, clock, claim, start, events, recorded = parse_game(game_bytes)
        game = self.evm.deploy(DEPLOYER, compile_contract("DisputeGame.vy") + address_word(self.referee.address))
        self.at(start)
        _, error = self.call(SOLVER, game, "open(bytes,uint256[],uint256,uint256,address)",
                             ["bytes", "uint256[]", "uint256", "uint256", "address"],
                             [claim, levels, degree, clock, challenger], BOND)
        if error:
            return 1, f"(claim rejected on chain: {error[:80]})", recorded, None
        _, error = self.call(challenger, game, "join()", [], [], BOND)
        assert error is None, error
        for kind, time, move in events:
            self.at(time)
            if kind == "timeout":
                self.call(DEPLOYER, game, "timeout()", [], [])
                continue
            mover, (signature, types, values) = move
            _, error = self.call(SOLVER if mover == 0 else challenger, game, signature, types, values)
            if error:
                return None, f"move {signature} rejected: {error}", recorded, game
        winner = {SOLVER: 0, challenger: 1}.get(self.view_address(game, "winner"))
        return winner, "", recorded, game


# Games recorded by `cairn dispute play` (both sides in one process): (label, options, winner).
RECORDED = [
    ("honest solver, random challenger", ["--challenger", "random"], 0),
    ("lying solver (step 300 onwards)", ["--lie-at-step", "300"], 1),
    ("lying solver, silent challenger", ["--lie-output", "--challenger", "silent"], 0),
    ("honest solver, levels 5,4,3", ["--levels", "5,4,3", "--challenger", "random"], 0),
    ("lying solver, degree 4", ["--degree", "4", "--lie-at-step", "200"], 1),
]


class Party:
    """One side of a game played by `cairn dispute move` processes: its input (a challenger
    with another input disputes a true claim), its lie, and after how many moves it goes silent."""

    def __init__(self, input_path, lie=(), stops_after=None):
        self.input_path, self.lie, self.stops_after = input_path, list(lie), stops_after


def two_process_game(cairn, program, levels, solver, challenger, directory, claim=None):
    """Plays a game by alternating `cairn dispute move` processes; a side that has no move or
    has gone silent loses on time (the other side claims it). Returns the game file's bytes."""
    log = os.path.join(directory, "two.cdg")
    if os.path.exists(log):
        os.remove(log)
    if claim is None:
        claim = os.path.join(directory, "claim.json")
        if run([cairn, "dispute", "claim", program, "--input", solver.input_path, "--levels", levels]
               + solver.lie + ["-o", claim]).returncode:
            return None
    sides = [("solver", solver), ("challenger", challenger)]
    moves = [0, 0]
    for _ in range(1000):
        for index, (role, party) in enumerate(sides):
            base = [cairn, "dispute", "move", program, "--input", party.input_path, "--levels", levels]
            base += (party.lie if role == "solver" else []) + ["--role", role, "--claim", claim, "--log", log, "--json"]
            silent = party.stops_after is not None and moves[index] >= party.stops_after
            out = None if silent else run(base)
            info = json.loads(out.stdout) if out is not None and out.returncode == 0 else None
            if info and info["status"] == "moved":
                moves[index] += 1
            if info is None:
                # This side cannot or will not move: the other side claims the timeout.
                role_other, other = sides[1 - index]
                other_cmd = [cairn, "dispute", "move", program, "--input", other.input_path, "--levels", levels]
                other_cmd += (other.lie if role_other == "solver" else [])
                other_cmd += ["--role", role_other, "--claim", claim, "--log", log, "--json", "--claim-timeout", "--now", str(LATE)]
                run(other_cmd)
                return open(log, "rb").read() if os.path.exists(log) else None
            if info.get("winner"):
                return open(log, "rb").read()
    return None


def adversaries(steps, truth, other, rng):
    """(label, levels, solver, challenger, expected winner) for the games played by separate
    processes: the adversary configurations of Tests/CairnDisputeTests."""
    middle = 1 + rng.randrange(max(1, steps - 1))
    return [
        ("lying solver (random step %d on)" % middle, "5,5", Party(truth, ["--lie-at-step", str(middle)]), Party(truth), 1),
        ("lying solver (first step on)", "5,5", Party(truth, ["--lie-at-step", "1"]), Party(truth), 1),
        ("lying solver (last step)", "5,5", Party(truth, ["--lie-at-step", str(steps)]), Party(truth), 1),
        ("lying solver (output)", "6,6", Party(truth, ["--lie-output"]), Party(truth), 1),
        ("lying solver (N + 1)", "5,5", Party(truth, ["--lie-steps", "1"]), Party(truth), 1),
        ("lying solver (gas + 1)", "5,5", Party(truth, ["--lie-gas", "1"]), Party(truth), 1),
        ("lying solver, levels 4,3,3, degree 4", "4,3,3", Party(truth, ["--lie-at-step", str(middle), "--degree", "4"]), Party(truth), 1),
        ("honest solver, challenger disputing the true claim", "5,5", Party(truth), Party(other), 0),
        ("honest solver stops answering after 3 moves", "5,5", Party(truth, stops_after=3), Party(other), 1),
        ("lying solver stops answering after 2 moves", "5,5", Party(truth, ["--lie-output"], stops_after=2), Party(truth), 1),
        ("dishonest challenger stops answering after 2 moves", "5,5", Party(truth), Party(other, stops_after=2), 0),
    ]


def run_games(cairn, referee, directory, program, truth, other, rng):
    """Every game configuration, replayed on chain: returns (passed, failed, gas per transaction)."""
    passed = failed = 0
    chain = Chain(referee)

    def judge(label, game, expected):
        nonlocal passed, failed
        winner, note, recorded, address = chain.play(game) if game else (None, "no game file", None, None)
        if winner == expected and recorded in (None, expected):
            passed += 1
            print(f"game '{label}': {'solver' if winner == 0 else 'challenger'} wins on chain {note}")
        else:
            failed += 1
            print(f"FAIL game '{label}': on chain {winner}, recorded {recorded}, expected {expected} {note}")
        return winner

    for label, options, expected in RECORDED:
        log = os.path.join(directory, "game.cdg")
        if os.path.exists(log):
            os.remove(log)
        run([cairn, "dispute", "play", program, "--input", truth, "--log", log, "--quiet"] + options)
        judge(f"one process: {label}", open(log, "rb").read() if os.path.exists(log) else None, expected)

    # A soft-float task (docs/softfloat.md): the lie is found inside the float library's code.
    log = os.path.join(directory, "game-soft-float.cdg")
    floats = os.path.join(CONTRACTS, "tasks", "floats.wat")
    run([cairn, "dispute", "play", floats, "--soft-float", "--input", truth, "--log", log, "--quiet",
         "--lie-at-step", "200"])
    judge("one process: lying solver on a soft-float task (step 200 onwards)",
          open(log, "rb").read() if os.path.exists(log) else None, 1)

    steps = json.loads(run([cairn, "task", "run", program, "--input", truth, "--json", "--output", os.devnull]).stdout)["steps"]
    for label, levels, solver, challenger, expected in adversaries(steps, truth, other, rng):
        judge(f"two processes: {label}", two_process_game(cairn, program, levels, solver, challenger, directory), expected)

    p, f = multi_challenger(cairn, chain, directory, program, truth, other)
    return passed + p, failed + f, chain.gas


def multi_challenger(cairn, chain, directory, program, truth, other):
    """Two challengers against one claim, each in its own game, settled by Claims.vy
    (docs/referee.md, "Several challengers"): the claim stands only if the solver wins every game."""
    passed = failed = 0
    honest, dishonest = Party(truth), Party(other)
    earlier = []  # the games of the first claim, which the second claim's Claims must refuse
    for label, lie, claim_should_stand in [("honest solver", [], True), ("lying solver", ["--lie-at-step", "150"], False)]:
        claim = os.path.join(directory, "shared-claim.json")
        run([cairn, "dispute", "claim", program, "--input", truth, "--levels", "5,5"] + lie + ["-o", claim])
        claim_bytes = bytes.fromhex(json.load(open(claim))["claim"])
        settlement = None
        winners = []
        for index, challenger in enumerate([honest, dishonest]):
            game = two_process_game(cairn, program, "5,5", Party(truth, lie), challenger, directory, claim=claim)
            winner, _, _, address = chain.play(game, CHALLENGERS[index]) if game else (None, "", None, None)
            winners.append(winner)
            if address is None:
                continue
            if settlement is None:
                chain.at(0)
                code_hash = bytes(chain.evm.basic(address).code_hash)
                settlement = chain.evm.deploy(DEPLOYER, compile_contract("Claims.vy") + abi_encode(
                    ["bytes32", "address", "bytes32", "uint256"], [keccak256(claim_bytes), SOLVER, code_hash, WINDOW]))
                for game_of_another_claim in earlier:
                    if chain.call(DEPLOYER, settlement, "register(address)", ["address"], [game_of_another_claim])[1] is None:
                        print("FAIL Claims.register accepted a game of another claim")
                        winners.append(None)
            earlier.append(address)
            _, error = chain.call(DEPLOYER, settlement, "register(address)", ["address"], [address])
            if error:
                print(f"FAIL Claims.register: {error}")
                winners[-1] = None
        chain.at(WINDOW + 1)
        confirmed = None
        if settlement is not None:
            _, error = chain.call(DEPLOYER, settlement, "settle()", [], [])
            out = bytes(chain.evm.message_call(DEPLOYER, settlement, selector("confirmed()")))
            confirmed = None if error else out[-1] == 1
        stands = all(w == 0 for w in winners)
        ok = (None not in winners and stands == claim_should_stand and confirmed == claim_should_stand
              and (claim_should_stand or winners[0] == 1))
        passed, failed = passed + ok, failed + (not ok)
        print(f"{'' if ok else 'FAIL '}two challengers (honest, dishonest) against a {label}: winners on chain "
              f"{['solver' if w == 0 else 'challenger' if w == 1 else w for w in winners]}, Claims.settle: the claim "
              f"{'stands' if confirmed else 'falls' if confirmed is False else 'is not settled'}")
    return passed, failed
