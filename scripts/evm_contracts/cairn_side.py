"""The side under test: each scenario in a fresh `cairn actor init` sandbox, driven through
`cairn evm fund|deploy|call|storage --json` (docs/actors.md; interfaces in issue 24's notes)."""
import json
import os
import shutil
import subprocess
import tempfile

from .result import FAILURE, REVERT, SUCCESS, Log, StepResult
from .pyevm_side import FUNDING, sender_address

EXIT_REVERTED = 33  # FEVM's EVM_CONTRACT_REVERTED
TIMEOUT = 300


class CairnError(Exception):
    """The CLI could not run (missing binary, crash, output that is not the documented JSON)."""


def _hex(data):
    return "0x" + bytes(data).hex()


def _bytes(text):
    return bytes.fromhex((text or "0x").removeprefix("0x"))


class CairnSide:
    name = "cairn"

    def __init__(self, cairn, senders, keep_dir=None, scenario="scenario"):
        self.cairn = cairn
        if keep_dir:
            self.base = os.path.join(keep_dir, scenario)
            shutil.rmtree(self.base, ignore_errors=True)
            os.makedirs(self.base)
            self.temp = None
        else:
            self.base = self.temp = tempfile.mkdtemp(prefix="cairn-contracts-")
        self.dir = os.path.join(self.base, "sandbox")
        self.log = []  # every command run, for --keep
        try:
            self._run(["actor", "init", self.dir])
            for i in range(senders):
                self._run(["evm", "fund", self.dir, _hex(sender_address(i)), "--value", str(FUNDING)])
        except CairnError:
            self.close()
            raise

    def close(self):
        if self.temp:
            shutil.rmtree(self.temp, ignore_errors=True)
        else:
            with open(os.path.join(self.base, "commands.txt"), "w") as f:  # with their output
                f.write("\n".join(self.log) + "\n")

    def _run(self, args, want_json=False):
        cmd = [self.cairn, *args]
        self.log.append("$ " + " ".join(cmd))
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise CairnError(f"{' '.join(args[:2])}: {e}") from e
        self.log.append((proc.stdout + proc.stderr).rstrip())
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise CairnError(f"`cairn {' '.join(args[:2])}` exited {proc.returncode}: {' | '.join(tail)}")
        if not want_json:
            return None
        try:
            return json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            raise CairnError(f"`cairn {' '.join(args[:2])}` printed no JSON object: {proc.stdout[:200]!r}") from e

    def _result(self, answer):
        code = answer.get("exit_code")
        output = _bytes(answer.get("return"))
        logs = [Log(_bytes(l["address"]), [_bytes(t) for t in l.get("topics", [])], _bytes(l.get("data")))
                for l in answer.get("logs", [])]
        note = f"exit {code}" + (f": {answer['error']}" if answer.get("error") else "")
        if code == 0:
            return StepResult(SUCCESS, output, logs, exit_code=code)
        if code == EXIT_REVERTED:
            return StepResult(REVERT, output, logs, exit_code=code, note=note)
        return StepResult(FAILURE, output, logs, exit_code=code, note=note)

    def deploy(self, sender, initcode, value):
        code_file = os.path.join(self.base, f"initcode-{len(self.log)}.hex")
        with open(code_file, "w") as f:
            f.write(initcode.hex())
        answer = self._run(["evm", "deploy", self.dir, "--from", _hex(sender_address(sender)),
                            "--code-file", code_file, "--value", str(value), "--json"], want_json=True)
        result = self._result(answer)
        if result.status == SUCCESS:
            result.address = _bytes(answer.get("eth_address"))
            result.output = b""  # the EAM's answer, not comparable with py-evm's deployed code
        return result

    def call(self, sender, to, data, value, view):
        args = ["evm", "call", self.dir, "--from", _hex(sender_address(sender)), "--to", _hex(to),
                "--data", _hex(data), "--value", str(value), "--json"]
        if view:
            args.append("--read-only")
        answer = self._run(args, want_json=True)
        result = self._result(answer)
        return result

    def storage(self, address):
        """{slot: value} of every non-zero slot of a contract, from `cairn evm storage`."""
        answer = self._run(["evm", "storage", self.dir, _hex(address), "--json"], want_json=True)
        return {int(k, 16): int(v, 16) for k, v in answer.get("storage", {}).items()}
