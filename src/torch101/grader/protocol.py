"""The contract between the trusted parent and the sandboxed worker: Call, Outcome, Limits.

A `Call` asks the worker to run one of the student's functions on plain-data arguments; an
`Outcome` says what happened, in plain data rebuilt by the parent (see `codec`). The parent
never trusts the worker's verdict, only its evidence: the judge compares values itself.

Statuses: "ok" (returned), "raised" (the function raised), "timeout" (past `timeout_s`: the
worker was killed), "crashed" (the worker died or misbehaved: sys.exit, os._exit, a signal such
as SIGSEGV, the memory limit, a value too large to send, a broken channel).
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field, fields
from typing import Any

from torch101.grader import failure, typetree
from torch101.grader.jail.codec import Opaque, describe_type

__all__ = ["OUTCOME_STATUSES", "Call", "Limits", "Opaque", "Outcome", "describe_type"]

OUTCOME_STATUSES = ("ok", "raised", "timeout", "crashed")
GiB = 1 << 30
MiB = 1 << 20


@dataclass
class Call:
    """Run `function(*args, **kwargs)` in the worker.

    `args` and `kwargs` hold codec-encodable values: torch.Tensor, int, float, bool, str,
    None, list, tuple, dict, torch.dtype, torch.device. The worker rebuilds fresh copies for
    every call, so a mutation by one call never leaks into the next.
    """

    case_id: str  # unique within a run, e.g. "normalize_columns/random/17"
    function: str  # name of the student's function
    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)
    _: KW_ONLY
    trace: bool = False  # log every torch call made during the call (TorchFunctionMode)
    emulate_cuda: bool = False  # pretend CUDA exists: .cuda()/.to("cuda") mark CPU tensors
    args_on_gpu: bool = False  # with emulate_cuda: every argument tensor starts marked
    timeout_s: float = 5.0  # wall clock for this call, enforced by the parent (kill + restart)

    def to_wire(self) -> dict[str, Any]:
        return {"type": "call", **{f.name: getattr(self, f.name) for f in fields(self)}}


@dataclass
class Outcome:
    """What one Call did, as evidence for the judge.

    Per-output lists (`same_object`, `shares_storage`, `on_fake_gpu`, `requires_grad`) follow
    the tensors of
    the returned value in depth-first order (a lone tensor is one output; a tuple of four is
    four). Argument indices point into `Call.args`: an argument counts when it *is* (or holds,
    for lists of tensors) the tensor in question.
    """

    case_id: str
    status: str  # "ok" | "raised" | "timeout" | "crashed"
    _: KW_ONLY
    value: Any = None  # the returned value rebuilt from plain data (plain torch.Tensor, int...)
    value_type: Any = None  # exact type in the worker, a tree (`typetree`); None: not known
    args_after: list = field(default_factory=list)  # the arguments after the call
    # Mirrors `args`: per tensor argument True if tensor._version increased (a write of the
    # same value counts too), a list for list/tuple arguments, None for anything else.
    arg_versions_bumped: list = field(default_factory=list)
    same_object: list = field(default_factory=list)  # per output tensor: arg index it *is*
    shares_storage: list = field(default_factory=list)  # per output tensor: arg index it shares
    on_fake_gpu: list = field(default_factory=list)  # per output tensor (emulate_cuda)
    requires_grad: list = field(default_factory=list)  # per output tensor
    # When Call.trace: one entry per torch call, in order: {"name": "torch.Tensor.__getitem__",
    # "max_out_numel": 12, "arg_types": ["torch.Tensor", {"type": "tuple", "items": [["slice",
    # 2]]}]} (each argument's type tree, at most 8 items a level, see `typetree`), plus
    # "fake_gpu": True when an input was on the emulated GPU ("gpu": True on a real one),
    # "of_input": True when its first argument is an argument of the call or computed from one,
    # "self_numel": n for tolist/numpy (data leaving torch). Past Limits.max_ops the log ends
    # with {"name": "torch101.truncated", "dropped": n}.
    ops: list = field(default_factory=list)
    # What the worker's guard stopped or found during the call, from the submission's code:
    # [{"what": "starting a thread", "line": 12}]; any entry fails the function.
    policy: list = field(default_factory=list)
    kept_storage: list = field(default_factory=list)  # per output: memory of an earlier result
    # Why it did not return, a record (`failure`): {"type": "ValueError", "types": [...],
    # "message": "...", "frames": [{"file", "line", "function", "code"}]}; `failure.text` and
    # `failure.summary` put it into words.
    exception: dict[str, Any] | None = None
    stdout: str = ""  # what the call printed, stdout and stderr together (capped)
    duration_s: float = 0.0

    @classmethod
    def failed(
        cls, case_id: str, status: str, why: str | dict[str, Any], *, duration_s: float = 0.0
    ) -> Outcome:
        """An outcome the parent writes itself: a timeout, a crash, a worker that never started.

        `why` is a record (`failure`) or the words of a fault (`failure.fault`)."""
        exception = why if isinstance(why, dict) else failure.fault(why)
        return cls(case_id=case_id, status=status, exception=exception, duration_s=duration_s)

    @classmethod
    def from_wire(cls, message: dict[str, Any]) -> Outcome:
        """Rebuild an Outcome from the worker's message; ValueError if any field has the wrong
        kind (a forged or broken message), so the caller can treat it as a crash."""
        names = {f.name for f in fields(cls)}
        outcome = cls(**{k: v for k, v in message.items() if k in names})
        if outcome.status not in OUTCOME_STATUSES:
            raise ValueError(f"Outcome.from_wire: unknown status {outcome.status!r}")
        kinds = {
            "case_id": str, "stdout": str, "args_after": list,
            "arg_versions_bumped": list, "same_object": list, "shares_storage": list,
            "on_fake_gpu": list, "requires_grad": list, "ops": list, "duration_s": (int, float),
            "policy": list, "kept_storage": list,
        }  # fmt: skip
        for name, kind in kinds.items():
            if not isinstance(getattr(outcome, name), kind):
                raise ValueError(f"Outcome.from_wire: {name} has the wrong type")
        try:
            if outcome.value_type is not None:
                typetree.check(outcome.value_type)
        except ValueError as err:
            raise ValueError(f"Outcome.from_wire: value_type: {err}") from None
        try:
            if outcome.exception is not None:
                outcome.exception = failure.check(outcome.exception)
        except ValueError as err:
            raise ValueError(f"Outcome.from_wire: exception: {err}") from None
        if not all(isinstance(op, dict) and isinstance(op.get("name"), str) for op in outcome.ops):
            raise ValueError("Outcome.from_wire: ops must be dicts with a name")
        return outcome


@dataclass(frozen=True)
class Limits:
    """What one worker may use. Defaults suit the assignment on a 2-core laptop or CI box.

    memory_bytes: private writable memory (RLIMIT_DATA: heap and anonymous maps, where tensors
        live), 4 GiB. The largest legitimate input of the assignment is about 80 MB, and
        RLIMIT_DATA, unlike RLIMIT_AS, leaves CUDA's address-space reservations alone.
    call_timeout_s: when set, replaces every Call.timeout_s (e.g. a `--timeout` option).
    startup_timeout_s: starting Python, importing torch and the student's file, 60 s.
    kill_grace_s: slack after a call's timeout before the worker is killed (scheduling jitter),
        0.5 s; a call that returns late is still reported as a timeout.
    max_output_bytes: printed output kept per call (stdout and stderr), 64 KiB.
    max_message_bytes: largest message the worker may send (a value plus the arguments), 512 MiB.
    max_file_bytes: largest file the worker may write (RLIMIT_FSIZE), 64 MiB.
    scratch_bytes: size of the private /tmp (a tmpfs) when a mount namespace is available, 256 MiB.
    max_open_files: RLIMIT_NOFILE, 256.
    max_processes: RLIMIT_NPROC (threads count too), only once privileges are dropped, 512.
    max_ops: longest op log kept per traced call, 200 000 entries.
    threads: torch intra-op threads in the worker, 1 (several workers share the cores).
    namespaces: try new PID, network and mount namespaces (Linux), True.
    fork_server: start workers as forks of a process that imported torch once (zygote.py),
        milliseconds instead of a second or more per start, True.
    drop_privileges: when started as root, run the worker as `user`, True.
    guard: install the worker's audit hook and thread stops (`jail/guard.py`), True; off only
        to test the layers beneath it.
    seccomp: install the worker's seccomp filter (no threads, processes or exec), True.
    """

    memory_bytes: int = 4 * GiB
    call_timeout_s: float | None = None
    startup_timeout_s: float = 60.0
    kill_grace_s: float = 0.5
    max_output_bytes: int = 64 * 1024
    max_message_bytes: int = 512 * MiB
    max_file_bytes: int = 64 * MiB
    scratch_bytes: int = 256 * MiB
    max_open_files: int = 256
    max_processes: int = 512
    max_ops: int = 200_000
    threads: int = 1
    namespaces: bool = True
    fork_server: bool = True
    drop_privileges: bool = True
    guard: bool = True
    seccomp: bool = True
    user: str = "nobody"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("namespaces", "fork_server", "drop_privileges", "guard", "seccomp"):
                if not isinstance(value, bool):
                    raise TypeError(f"Limits: {f.name} must be a bool, got {value!r}")
            elif f.name == "user":
                if not isinstance(value, str) or not value:
                    raise TypeError(f"Limits: user must be a user name (str), got {value!r}")
            elif f.name == "call_timeout_s" and value is None:
                continue
            elif isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"Limits: {f.name} must be a number, got {value!r}")
            elif not value > 0:
                raise ValueError(f"Limits: {f.name} must be positive, got {value!r}")

    def timeout_for(self, call: Call) -> float:
        return float(self.call_timeout_s if self.call_timeout_s is not None else call.timeout_s)
