"""The sandboxed child: import the student's file, run Calls, stream Outcomes.

Started by the keeper (`boot.py`) inside the jail, from a copy of this package (so the torch101
package, and with it the reference, is not on its path), or by hand as
`python -m torch101.grader.jail.worker CONFIG.json` while developing. CONFIG names the student's
file, the module name to import it under, extra `sys.path` entries, the protocol file
descriptors, the limits and the session's nonce; it is deleted once read.

Channels: calls arrive on one pipe, outcomes leave on another, and a third receives
faulthandler's dump if the process dies of a signal. The student's prints never touch them
(`capture.py`). Every frame sent carries the nonce of the call it answers, which the parent
draws fresh per call and the submission cannot read, so frames written to the pipe by the
submission itself are rejected as forged.

Everything here runs next to untrusted code, so the parent treats what it sends as evidence to
check, never as a verdict. Before the student's file is imported, the helpers used to encode
results are bound and the guard (`guard.py`: audit hook, thread stops, seccomp) is installed,
so the submission can neither reach this module's objects nor do work out of the recorder's
sight.
"""

from __future__ import annotations

import contextlib
import faulthandler
import importlib.util
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from . import codec as _codec
from . import errors
from .capture import OutputCapture
from .facts import Facts
from .guard import Guard, threads
from .imports import Gate, Missing
from .reap import reap_children, set_subreaper
from .recorder import FakeCuda, Recorder
from .tamper import Snapshot

_HIDDEN = ("torch101", "_torch101_jail")  # this package and the grader's: not for submissions


# ---------------------------------------------------------------------------------------------
# The worker


class Worker:
    def __init__(self, config: dict[str, Any]):
        self.config = config
        limits = config.get("limits", {})
        self.max_message = int(limits.get("max_message_bytes", 512 << 20))
        self.max_ops = int(limits.get("max_ops", 200_000))
        self.memory_bytes = int(limits.get("memory_bytes", 4 << 30))
        fds = config["fds"]
        self.calls_fd, self.out_fd = int(fds["calls"]), int(fds["outcomes"])
        self.submission = os.path.abspath(config["submission"])
        self.module_name = config.get("module_name", "pytorch101")
        self.pid = os.getpid()
        self.pid_one = self.pid == 1  # we are the init of a PID namespace: kill(-1) is safe
        self.module = None
        self.nonce = str(config.get("nonce", ""))  # of the frame being answered

        import torch  # noqa: PLC0415 - after the rlimits, before the student's code

        torch.set_num_threads(int(limits.get("threads", 1)))
        self.torch = torch
        self.codec = _codec
        # Bound now, before the student's file can monkeypatch anything.
        self._time = time.perf_counter
        self._getpid, self._exit = os.getpid, os._exit
        self.facts = Facts(torch, _codec)
        self._Tensor = torch.Tensor
        self._mode_class = torch.overrides.TorchFunctionMode
        torch.overrides.resolve_name(torch.add)  # build the name table once, outside any call
        if config.get("cuda"):
            with contextlib.suppress(Exception):  # the driver's threads start before seccomp
                torch.cuda.init()
        self.snapshot = Snapshot(sys.modules, {"torch.Tensor": torch.Tensor})
        trusted = [str(Path(torch.__file__).parent), str(Path(__file__).parent)]
        self.guard = Guard(self.submission, trusted)
        self.guard.quick = frozenset({Recorder.line.__code__})
        self.native_threads = False
        if config.get("guard", True):
            # A real GPU's driver, or an OpenMP pool of more than one thread, starts threads of
            # its own later: the kernel then allows threads (not processes); Python's stay stopped.
            native = bool(config.get("cuda")) or int(limits.get("threads", 1)) > 1
            self.native_threads = native  # then a count of threads says nothing about the student
            self.guard.install(kernel=bool(config.get("seccomp", True)), native_threads=native)
        else:
            self.guard.missing.append("no audit hook and no seccomp filter (turned off)")
        for name in [m for m in sys.modules if m.split(".")[0] in _HIDDEN]:
            del sys.modules[name]  # importing them again goes through the blocker
        self.threads = threads()
        gate = Gate(config.get("blocked_packages", []), self.submission, self.guard.deny, self.guard.note)
        sys.meta_path.insert(0, gate)
        sys.meta_path.append(Missing(gate))

    # channel ------------------------------------------------------------------------------
    def send(self, message: dict) -> None:
        codec = self.codec
        message["nonce"] = self.nonce
        try:
            frame = codec.pack(message, max_bytes=self.max_message)
        except Exception as exc:
            if isinstance(exc, codec.TooLarge):
                why = f"the result is too large to send back to the grader ({exc})"
            else:
                why = (
                    f"the result could not be sent back to the grader ({type(exc).__name__}: {exc})"
                )
            frame = codec.pack(
                {
                    "type": message.get("type"),
                    "case_id": message.get("case_id"),
                    "status": "crashed",
                    "exception": errors.fault(why),
                    "stdout": message.get("stdout", ""),
                    "duration_s": message.get("duration_s", 0.0),
                    "nonce": self.nonce,
                }
            )
        codec.write_all(self.out_fd, frame)

    # import -------------------------------------------------------------------------------
    def import_student(self, capture: OutputCapture) -> bool:
        t0 = self._time()
        try:
            spec = importlib.util.spec_from_file_location(self.module_name, self.submission)
            module = importlib.util.module_from_spec(spec)
            sys.modules[self.module_name] = module
            self.guard.active = True
            try:
                spec.loader.exec_module(module)
            finally:
                self.guard.active = False
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included
            exception = self.describe_exception(exc, importing=True)
            self.send(
                {"type": "import_error", "exception": exception, "stdout": capture.take(),
                 "duration_s": self._time() - t0, "policy": self.evidence()}
            )  # fmt: skip
            return False
        self.module = module
        self.send(
            {"type": "ready", "stdout": capture.take(), "duration_s": self._time() - t0,
             "policy": self.evidence(), "isolation": {"guard_missing": self.guard.missing}}
        )  # fmt: skip
        return True

    def evidence(self) -> list[dict]:
        """What the guard stopped, torch or the interpreter patched, threads left running."""
        found = self.guard.take()
        found += [{"what": f"changing {name}", "line": None} for name in self.snapshot.restore()]
        if not self.native_threads and threads() > self.threads:
            found.append({"what": "starting a thread", "line": None})
        return found

    # exceptions ---------------------------------------------------------------------------
    def describe_exception(self, exc: BaseException, *, importing: bool = False) -> dict:
        return errors.describe(exc, self.submission, importing=importing, memory_bytes=self.memory_bytes)

    # one call -----------------------------------------------------------------------------
    def run_call(self, message: dict, capture: OutputCapture) -> dict:
        case_id = message.get("case_id", "")
        self.nonce = str(message.get("nonce", ""))
        args = list(message.get("args") or [])
        kwargs = dict(message.get("kwargs") or {})
        trace, emulate = bool(message.get("trace")), bool(message.get("emulate_cuda"))
        timeout = float(message.get("timeout_s", 5.0))
        outcome: dict[str, Any] = {"type": "outcome", "case_id": case_id}

        fn = self.module.__dict__.get(message.get("function", ""))
        if not callable(fn):
            missing = NameError(
                f"{Path(self.submission).name} defines no function named {message.get('function')!r}"
            )
            outcome.update(status="raised", stdout=capture.take(), exception=self.describe_exception(missing))  # fmt: skip
            return outcome

        arg_tensors = [self.facts.tensors(a) for a in args]
        versions = self.facts.versions(arg_tensors)
        recorder = (
            Recorder(
                self.torch,
                self.codec,
                self._mode_class,
                trace=trace,
                emulate=emulate,
                max_ops=self.max_ops,
                inputs=tuple(t for ts in arg_tensors for t in ts),
                source=self.submission,
            )  # fmt: skip
            if (trace or emulate)
            else None
        )
        if recorder and emulate and message.get("args_on_gpu"):
            for ts in arg_tensors:
                for t in ts:
                    recorder.mark(t)
        fake = FakeCuda(self.torch) if emulate else None
        status, value, exception = "ok", None, None
        t0 = self._time()
        try:
            with contextlib.ExitStack() as stack:
                if fake:
                    stack.enter_context(fake)
                if recorder:
                    stack.enter_context(recorder.mode())
                self.guard.active = True
                try:
                    value = fn(*args, **kwargs)
                finally:
                    self.guard.active = False
        except BaseException as exc:
            crashed = isinstance(exc, SystemExit) or errors.is_memory_error(exc)
            status = "crashed" if crashed else "raised"
            exception = self.describe_exception(exc)
        duration = self._time() - t0
        if self._getpid() != self.pid:  # a fork of the student's returned: not ours to answer
            self._exit(0)
        outcome["policy"] = self.evidence()  # first: it puts back what the call patched
        if self.facts.bulky(value, args):  # encoding will take a while: stop the parent's clock now
            self.send({"type": "returned", "case_id": case_id})
        if status == "ok" and duration > timeout:
            late = f"took {duration:.1f} s; the limit is {timeout:g} s"
            status, exception = "timeout", errors.fault(late)

        outcome.update(status=status, exception=exception, duration_s=duration)
        self.facts.of_call(
            outcome, value=value, args=args, arg_tensors=arg_tensors, versions=versions,
            recorder=recorder, emulate=emulate, trace=trace,
        )  # fmt: skip
        outcome["stdout"] = capture.take()
        return outcome

    # loop ---------------------------------------------------------------------------------
    def serve(self, capture: OutputCapture) -> int:
        while True:
            message = self.codec.read_frame(self.calls_fd)
            if message is None or message.get("type") == "bye":
                return 0
            outcome = self.run_call(message, capture)
            reap_children(self.pid_one)
            self.send(outcome)
            self.poison(outcome.get("value"))

    def poison(self, value: Any) -> None:
        """Overwrite what a call returned once it has been sent (NaN, or every bit flipped).

        Each call gets fresh arguments, so only a tensor the submission keeps between calls (a
        module-level tensor returned each time, a cache) can show the poison later: the
        next case then sees what a caller's in-place edit would do to it.
        """
        torch = self.torch
        for t in self.facts.tensors(value, depth_limit=8):
            if type(t) is not self._Tensor:
                continue  # a subclass runs its own code on writes; the judge rejects it anyway
            try:
                with torch.no_grad():
                    if t.is_floating_point() or t.is_complex():
                        t.fill_(float("nan"))
                    elif t.dtype == torch.bool:
                        t.logical_not_()
                    else:
                        t.bitwise_not_()
            except Exception:
                pass  # read-only or overlapping memory: nothing a caller could write either


def run(config: dict[str, Any]) -> int:
    """Serve calls as CONFIG says until the parent says bye (or goes away)."""
    fds = config["fds"]
    for fd in (fds["calls"], fds["outcomes"], fds.get("fault")):
        if fd is not None:
            os.set_inheritable(int(fd), False)
    if fds.get("fault") is not None:
        faulthandler.enable(file=int(fds["fault"]), all_threads=False)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full file fails the write, not the worker
    sys.path.extend(p for p in config.get("sys_path", []) if p not in sys.path)
    set_subreaper()
    if config.get("delete_config"):
        with contextlib.suppress(OSError):  # it holds the session's nonce
            os.remove(config["delete_config"])
    capture = OutputCapture(int(config.get("limits", {}).get("max_output_bytes", 64 * 1024)))
    worker = Worker(config)
    if not worker.import_student(capture):
        return 0
    return worker.serve(capture)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m torch101.grader.jail.worker CONFIG.json", file=sys.stderr)
        return 2
    return run(json.loads(Path(argv[0]).read_text()))


if __name__ == "__main__":
    sys.exit(main())
