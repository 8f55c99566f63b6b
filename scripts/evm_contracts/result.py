"""What one step gives on either side, in the same shape, and the storage of one contract."""
from dataclasses import dataclass, field

SUCCESS, REVERT, FAILURE = "success", "revert", "failure"


@dataclass
class Log:
    address: bytes  # 20 bytes
    topics: list    # of 32-byte values
    data: bytes

    def to_json(self):
        return {"address": "0x" + self.address.hex(), "topics": ["0x" + t.hex() for t in self.topics],
                "data": "0x" + self.data.hex()}


@dataclass
class StepResult:
    """`status` is success, revert (EVM REVERT, data in `output`) or failure (any other
    exceptional halt); `address` is the created contract of a deploy that succeeded; `error`
    says why a side could not run the step at all (then the step fails)."""
    status: str
    output: bytes = b""
    logs: list = field(default_factory=list)
    address: bytes | None = None
    error: str | None = None
    exit_code: int | None = None  # Cairn's actor exit code, shown in reports
    note: str | None = None       # the side's own words on a failure (not compared)

    def to_json(self):
        out = {"status": self.status, "return": "0x" + self.output.hex(), "logs": [l.to_json() for l in self.logs]}
        if self.address is not None:
            out["address"] = "0x" + self.address.hex()
        for key in ("error", "exit_code", "note"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out
