"""The three engines of the EVM benchmark, each running the same phases (workload.py) and
returning, per phase, its time and per transaction its status, gas used, output and logs.

- Cairn: `cairn evm bench SPEC` (the EVM interpreter compiled to Wasm, on Cairn's metered
  engine, through CairnEVM's transaction processor: the state-test host);
- py-evm: CancunState.apply_transaction on an in-memory database, the changes locked after
  every transaction (as a block does: EIP-2200's original values, EIP-2929's warm sets);
- pyrevm: revm's message_call/deploy with the Cancun spec. pyrevm 0.3.7 runs every call inside
  one open transaction (it never finalizes revm's journal: its executor.rs), so addresses and
  slots stay warm from call to call and EIP-2200's original values are those before the first
  call: its gas differs, and only status, output and logs are compared with it.

Each phase result: {"name", "seconds": [each transaction's wall time], "cpu_seconds": [its
processor time (the process's)], "transactions": [records]}.
A transaction's record: {"status": 0 success | 1 revert | 2 failure, "gas_used", "output" (hex),
"logs": [{"address", "topics", "data"}]}: the same fields `cairn evm bench` reports."""

import json
import os
import subprocess
import tempfile
import time

import workload


def hexs(data):
    return "0x" + bytes(data).hex()


def log_record(address, topics, data):
    return {"address": hexs(address), "topics": [hexs(t) for t in topics], "data": hexs(data)}


def run_cairn(cairn, interpreter, phases, extra=(), actor_builtins=None):
    """Writes the spec, runs `cairn evm bench` (or, with `actor_builtins`, `cairn evm
    actor-bench`: the same transactions as messages to the EVM actor, on the actor runtime),
    returns (phase results, its report)."""
    spec = {
        "sender": hexs(workload.SENDER), "balance": hex(workload.SENDER_BALANCE), "gas_price": workload.GAS_PRICE,
        "block": {k: (hexs(v) if isinstance(v, bytes) else v) for k, v in workload.BLOCK.items()},
        "phases": [{"name": name, "transactions": [
            {"to": hexs(t["to"]) if t["to"] is not None else None, "data": hexs(t["data"]), "gas": t["gas"]}
            for t in transactions]} for name, _, transactions in phases],
    }
    with tempfile.TemporaryDirectory() as folder:
        spec_path = os.path.join(folder, "spec.json")
        out_path = os.path.join(folder, "out.json")
        with open(spec_path, "w") as f:
            json.dump(spec, f)
        if actor_builtins:
            command = [cairn, "evm", "actor-bench", spec_path, "--builtins", actor_builtins, "--output", out_path]
        else:
            command = [cairn, "evm", "bench", spec_path, "--interpreter", interpreter, "--output", out_path, *extra]
        subprocess.run(command, check=True)
        with open(out_path) as f:
            report = json.load(f)
    results = []
    for phase in report["phases"]:
        records = []
        for t in phase["transactions"]:
            if actor_builtins and t["status"] == 2:
                raise SystemExit(f"actor: a message of {phase['name']} failed: {t.get('error')}")
            if "invalid" in t:
                raise SystemExit(f"Cairn: a transaction of {phase['name']} is invalid: {t['invalid']}")
            if "fault" in t:
                raise SystemExit(f"Cairn: a host fault in {phase['name']}: {t['fault']}")
            records.append({k: t[k] for k in ("status", "gas_used", "output", "logs")})
        results.append({"name": phase["name"], "seconds": phase["seconds"], "cpu_seconds": phase["cpu_seconds"],
                        "transactions": records})
    return results, report


def run_pyevm(phases):
    """Returns (phase results, the state root after the last phase)."""
    from eth.constants import BLANK_ROOT_HASH
    from eth.db.atomic import AtomicDB
    from eth.vm.execution_context import ExecutionContext
    from eth.vm.forks.cancun import CancunVM
    from eth.vm.forks.cancun.state import CancunState
    from eth.vm.spoof import SpoofTransaction

    block = workload.BLOCK
    context = ExecutionContext(
        coinbase=block["coinbase"], timestamp=block["timestamp"], block_number=block["number"], difficulty=0,
        mix_hash=block["prev_randao"].to_bytes(32, "big"), gas_limit=block["gas_limit"], prev_hashes=(),
        chain_id=block["chain_id"], base_fee_per_gas=block["base_fee"], excess_blob_gas=0)
    state = CancunState(AtomicDB(), context, BLANK_ROOT_HASH)
    state.set_balance(workload.SENDER, workload.SENDER_BALANCE)
    state.lock_changes()
    builder = CancunVM.get_transaction_builder()
    results = []
    nonce = 0
    for name, _, transactions in phases:
        built = []
        for t in transactions:
            unsigned = builder.create_unsigned_transaction(
                nonce=nonce, gas_price=workload.GAS_PRICE, gas=t["gas"], to=t["to"] or b"", value=0, data=t["data"])
            built.append(SpoofTransaction(unsigned, from_=workload.SENDER))
            nonce += 1
        computations, seconds, cpu_seconds = [], [], []
        for tx in built:
            start, cpu_start = time.perf_counter(), time.process_time()
            computations.append(state.apply_transaction(tx))
            state.lock_changes()
            cpu_seconds.append(time.process_time() - cpu_start)
            seconds.append(time.perf_counter() - start)
        records = [pyevm_record(tx, c, t["to"] is None) for tx, c, t in zip(built, computations, transactions)]
        results.append({"name": name, "seconds": seconds, "cpu_seconds": cpu_seconds, "transactions": records})
    return results, state.make_state_root()


def pyevm_record(tx, computation, is_create):
    """The transaction's record, its gas used as the receipt's (refund capped at a fifth)."""
    used = tx.gas - computation.get_gas_remaining()
    refund = min(computation.get_gas_refund(), used // 5)
    if computation.is_success:
        status = 0
    elif computation.is_error and "Revert" in type(computation.error).__name__:
        status = 1
    else:
        status = 2
    output = computation.output if status != 2 and not is_create else b""
    logs = [log_record(a, [t.to_bytes(32, "big") for t in topics], d) for a, topics, d in computation.get_log_entries()] \
        if status == 0 else []
    return {"status": status, "gas_used": used - refund, "output": hexs(output), "logs": logs}


def run_pyrevm(phases):
    """Returns the phase results (pyrevm 0.3.7: revm with the Cancun spec, in-memory state)."""
    import pyrevm

    block = workload.BLOCK
    env = pyrevm.Env(block=pyrevm.BlockEnv(
        number=block["number"], coinbase=hexs(block["coinbase"]), timestamp=block["timestamp"],
        prevrandao=block["prev_randao"].to_bytes(32, "big"), basefee=block["base_fee"], gas_limit=block["gas_limit"],
        excess_blob_gas=0), cfg=pyrevm.CfgEnv(chain_id=block["chain_id"]))
    evm = pyrevm.EVM(env=env, spec_id="CANCUN")
    sender = hexs(workload.SENDER)
    evm.set_balance(sender, workload.SENDER_BALANCE)
    results = []
    for name, _, transactions in phases:
        calls = [(hexs(t["to"]) if t["to"] is not None else None, bytes(t["data"]), t["gas"]) for t in transactions]
        outcomes, seconds, cpu_seconds = [], [], []
        for to, data, gas in calls:
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                if to is None:
                    out = evm.deploy(sender, data, gas=gas)
                else:
                    out = evm.message_call(sender, to, data, gas=gas, gas_price=workload.GAS_PRICE)
                error = None
            except RuntimeError as caught:
                out, error = None, caught
            cpu_seconds.append(time.process_time() - cpu_start)
            seconds.append(time.perf_counter() - start)
            outcomes.append((out, error, evm.result))
        records = [pyrevm_record(to is None, *outcome) for (to, _, _), outcome in zip(calls, outcomes)]
        results.append({"name": name, "seconds": seconds, "cpu_seconds": cpu_seconds, "transactions": records})
    return results


def pyrevm_record(is_create, out, error, result):
    if error is not None:
        text = str(error)
        status = 1 if "Revert" in text else 2
        output = b""
        if status == 1 and "output: 0x" in text:
            output = bytes.fromhex(text.split("output: 0x")[-1].split()[0].rstrip("})"))
        return {"status": status, "gas_used": result.gas_used if result else None, "output": hexs(output), "logs": []}
    logs = [log_record(bytes.fromhex(log.address[2:]), [bytes.fromhex(t[2:]) if isinstance(t, str) else bytes(t)
                                                        for t in log.data[0]], bytes(log.data[1])) for log in result.logs]
    # A creation's record has no output: the engines keep the deployed code, not return data.
    return {"status": 0, "gas_used": result.gas_used, "output": "0x" if is_create else hexs(out), "logs": logs}
