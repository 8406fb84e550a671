"""WorkerSession: calls in, outcomes out, one worker at a time.

It handles restarts, deadlines and import failure.
"""

from __future__ import annotations

import contextlib
import math
import secrets
import time
from pathlib import Path
from typing import Any

from torch101.grader import failure
from torch101.grader.jail import codec
from torch101.grader.protocol import Call, Limits, Outcome
from torch101.grader.sandbox.host import (
    _BYTES_PER_S,
    _IO_SLACK_S,
    _MAX_SUBMISSION_BYTES,
    _SUBMISSION_NAME,
    _identity,
)
from torch101.grader.sandbox.jailed import JailedWorker

# ---------------------------------------------------------------------------------------------
# The session


class WorkerSession:
    """Run Calls against one submission in sandboxed workers, restarting them after faults.

    Use as a context manager (the worker starts on entry, or on the first `run`). `notes`
    says what isolation was not available (no namespaces, so no network cut; no privilege
    drop...), `isolation` what the last worker got, and `import_output` what the file printed
    while being imported. `starts` counts worker starts (1 + restarts).
    """

    def __init__(self, submission: str | Path, *, limits: Limits | None = None):
        path = Path(submission)
        if not path.is_file():
            raise ValueError(
                f"WorkerSession: submission must be an existing file, got {str(submission)!r}"
            )
        if path.stat().st_size > _MAX_SUBMISSION_BYTES:
            raise ValueError(
                f"WorkerSession: submission must be at most {_MAX_SUBMISSION_BYTES} bytes, "
                f"got {path.stat().st_size}"
            )
        if limits is not None and not isinstance(limits, Limits):
            raise TypeError(f"WorkerSession: limits must be a Limits, got {type(limits).__name__}")
        self.submission = path.resolve()
        self.limits = limits or Limits()
        self.identity, note = _identity(self.limits)
        self.notes: list[str] = [note] if note else []
        self.import_output = ""
        self.isolation: dict[str, Any] = {}
        self.starts = 0
        self.startup_s: list[float] = []
        self._worker: JailedWorker | None = None
        self._started: list[JailedWorker] = []  # every worker this session started, for inspection
        self._import_failure: tuple[str, dict[str, Any]] | None = None  # status, record
        self.import_policy: list[dict] = []  # what the guard stopped while the file was imported
        self.deadline: float | None = None  # time.monotonic() of the submission's budget end
        self._closed = False

    # lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> WorkerSession:
        self._ensure_worker()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        self._closed = True

    def __del__(self) -> None:  # a forgotten session must not leave a process behind
        with contextlib.suppress(Exception):
            self.close()

    def _note(self, notes: list[str]) -> None:
        for note in notes:
            if note not in self.notes:
                self.notes.append(note)

    def _ensure_worker(self) -> JailedWorker | None:
        """A ready worker, or None when the submission cannot be imported."""
        if self._import_failure is not None:
            return None
        if self._worker is not None and not self._worker.dead:
            return self._worker
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        t0 = time.monotonic()
        worker = JailedWorker(self.submission, self.limits, self.identity)
        self.starts += 1
        worker.start()
        self._started.append(worker)
        deadline = min(t0 + self.limits.startup_timeout_s, self.deadline or math.inf)
        try:
            message = worker.next_message(deadline)
        except codec.DecodeError as exc:
            message = {"type": "import_error", "exception": failure.fault(f"the worker's channel carried unexpected data ({exc})")}  # fmt: skip
        self._note(worker.notes)
        self.isolation = worker.isolation or self.isolation
        if message is None:
            if worker.dead:
                lost = ("crashed", failure.fault(worker.death_message(), importing=True))
            else:
                lost = (
                    "timeout",
                    failure.fault(
                        f"importing {_SUBMISSION_NAME} took longer than "
                        f"{self.limits.startup_timeout_s:g} s (code at the top level of the file "
                        "runs on import)"
                    ),
                )
            worker.stop(graceful=False)
            self._note(worker.notes)
            self._import_failure = lost
            return None
        kind = message.get("type") if isinstance(message, dict) else None
        if kind in ("import_error", "ready") and message.get("nonce") != worker.nonce:
            kind = "forged"
        if kind in ("import_error", "ready"):
            self.import_policy = [p for p in message.get("policy") or [] if isinstance(p, dict)]
            missing = (message.get("isolation") or {}).get("guard_missing") or []
            self._note([str(m) for m in missing])
            self.isolation = {**self.isolation, "guard": not missing}
        if kind == "import_error":
            worker.stop(graceful=False)
            self.import_output = str(message.get("stdout", ""))
            try:
                record = failure.check(message.get("exception"))
            except ValueError as err:
                record = failure.fault(f"the worker's channel carried unexpected data ({err})")
            self._import_failure = ("crashed", {**record, "importing": True})
            return None
        if kind != "ready":
            worker.stop(graceful=False)
            self._import_failure = ("crashed", failure.fault("the worker sent an unexpected first message"))  # fmt: skip
            return None
        self.import_output = str(message.get("stdout", ""))
        self.startup_s.append(time.monotonic() - t0)
        self._worker = worker
        return worker

    # calls --------------------------------------------------------------------------------
    def run(self, calls: list[Call]) -> list[Outcome]:
        """One Outcome per Call, in order. Faults end only the call that caused them."""
        if self._closed:
            raise RuntimeError("WorkerSession.run: the session is closed")
        if not isinstance(calls, (list, tuple)) or not all(isinstance(c, Call) for c in calls):
            raise TypeError("WorkerSession.run: calls must be a list of Call")
        return [self._run_one(call) for call in calls]

    def _run_one(self, call: Call) -> Outcome:
        worker = self._ensure_worker()
        if worker is None:
            status, record = self._import_failure
            return Outcome.failed(call.case_id, status, record)
        timeout = self.limits.timeout_for(call)
        if self.deadline is not None:  # the submission's budget ends first
            timeout = max(0.05, min(timeout, self.deadline - time.monotonic()))
        wire = call.to_wire()
        wire["timeout_s"] = timeout
        wire["nonce"] = nonce = secrets.token_hex(16)
        t0 = time.monotonic()
        try:
            if not worker.send(wire, t0 + _IO_SLACK_S):
                why = worker.death_message() if worker.dead else "the worker stopped reading its calls"  # fmt: skip
                return self._fault(call, "crashed", why)
            began = time.monotonic()
            moving = worker.sent_bytes / _BYTES_PER_S  # decoding big arguments takes time too
            message = worker.next_message(began + timeout + self.limits.kill_grace_s + moving)
            if message is None:
                return self._lost(call, worker, began)
            if isinstance(message, dict) and message.get("type") == "returned":
                self._expect(message, "returned", call, nonce)  # a big result: it may take a while
                message = worker.next_message(time.monotonic() + _IO_SLACK_S)
                if message is None:
                    return self._lost(call, worker, began, sending=True)
            self._expect(message, "outcome", call, nonce)
            return Outcome.from_wire(message)
        except (codec.DecodeError, ValueError, TypeError) as exc:
            return self._fault(
                call,
                "crashed",
                f"the worker's channel carried unexpected data ({exc}); the submission may "
                "have written to it",
            )

    @staticmethod
    def _expect(message: Any, kind: str, call: Call, nonce: str) -> None:
        if not isinstance(message, dict) or message.get("nonce") != nonce:
            raise ValueError("a frame the worker did not write: forged")
        if message.get("type") != kind:
            raise ValueError(f"expected {kind!r}")
        if message.get("case_id") != call.case_id:
            raise ValueError(f"{kind!r} for another case: {message.get('case_id')!r}")

    def _lost(self, call: Call, worker: JailedWorker, t0: float, *, sending: bool = False) -> Outcome:
        elapsed = time.monotonic() - t0
        if worker.dead:
            return self._fault(call, "crashed", worker.death_message(), elapsed)
        if sending:
            return self._fault(call, "crashed", "the worker did not send its result back in time", elapsed)  # fmt: skip
        limit = self.limits.timeout_for(call)
        return self._fault(
            call,
            "timeout",
            f"still running after {limit:g} s (wall clock); the worker was stopped",
            elapsed,
        )

    def _fault(self, call: Call, status: str, message: str, elapsed: float = 0.0) -> Outcome:
        """End the current worker (the next call starts a fresh one) and report the call."""
        worker = self._worker
        if worker is not None:
            worker.stop(graceful=False)
            self._worker = None
        return Outcome.failed(call.case_id, status, message, duration_s=elapsed)

