"""An in-process stand-in for the sandboxed worker session, for fast tests of spec and judge.

It imports the submission into this process and gathers the evidence with the worker's own
parts (`jail.facts.Facts`, the call recorder, the GPU emulation); the outcome then makes the
codec's round trip and goes through `Outcome.from_wire`, as across the real process boundary.

It has no isolation and no timeouts: tests of those live with the sandbox. Never use it on
untrusted code, nor on a submission that patches torch (the patch would reach the test process).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import itertools
import sys
import time
from pathlib import Path

import torch

from torch101.grader.jail import codec, errors
from torch101.grader.jail.facts import Facts
from torch101.grader.jail.recorder import FakeCuda as _FakeCuda
from torch101.grader.jail.recorder import Recorder
from torch101.grader.protocol import Outcome

_names = itertools.count()


def _copy(value):
    tree, buffers = codec.encode(value)
    return codec.decode(tree, buffers)


def _recorder(call, inputs, source) -> Recorder:
    # The worker's own recorder, built as the worker builds it.
    return Recorder(
        torch,
        codec,
        torch.overrides.TorchFunctionMode,
        trace=call.trace,
        emulate=call.emulate_cuda,
        max_ops=200_000,
        inputs=tuple(inputs),
        source=source,
    )


class InProcessSession:
    """Same interface as sandbox.WorkerSession: a context manager with run(calls)."""

    def __init__(self, submission: Path, *, limits=None):
        self.path = Path(submission)
        self.name = f"_torch101_submission_{next(_names)}"
        self.module, self.import_error = None, None
        self.facts = Facts(torch, codec)
        spec = importlib.util.spec_from_file_location(self.name, self.path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[self.name] = module
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                spec.loader.exec_module(module)
            self.module = module
        except BaseException as exc:  # noqa: BLE001 - the stand-in reports it like the worker
            self.import_error = errors.describe(exc, str(self.path), importing=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        sys.modules.pop(self.name, None)

    def run(self, calls):
        return [self._one(call) for call in calls]

    def _one(self, call) -> Outcome:
        if self.module is None:
            return Outcome.failed(call.case_id, "crashed", self.import_error)
        args, kwargs = _copy(list(call.args)), _copy(dict(call.kwargs))
        fn = getattr(self.module, call.function, None)
        if not callable(fn):
            missing = NameError(f"no function {call.function!r}")
            return Outcome(call.case_id, "raised", exception=errors.describe(missing, ""))
        facts = self.facts
        arg_tensors = [facts.tensors(a) for a in args]
        versions = facts.versions(arg_tensors)
        recorder = None
        if call.trace or call.emulate_cuda:
            recorder = _recorder(call, [t for ts in arg_tensors for t in ts], str(self.path))
            if call.emulate_cuda and call.args_on_gpu:
                for ts in arg_tensors:
                    for t in ts:
                        recorder.mark(t)
        out = io.StringIO()
        status, value, exception = "ok", None, None
        t0 = time.perf_counter()
        try:
            with contextlib.redirect_stdout(out), contextlib.ExitStack() as stack:
                if call.emulate_cuda:
                    stack.enter_context(_FakeCuda(torch))
                if recorder:
                    stack.enter_context(recorder.mode())
                value = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001
            crashed = isinstance(exc, SystemExit) or errors.is_memory_error(exc)
            status = "crashed" if crashed else "raised"
            exception = errors.describe(exc, str(self.path))
        outcome = {"case_id": call.case_id, "status": status, "exception": exception,
                   "duration_s": time.perf_counter() - t0, "stdout": out.getvalue()}  # fmt: skip
        # The worker's own evidence, then the wire's round trip, as in the real session.
        facts.of_call(
            outcome, value=value, args=args, arg_tensors=arg_tensors, versions=versions,
            recorder=recorder, emulate=call.emulate_cuda, trace=call.trace,
        )  # fmt: skip
        return Outcome.from_wire(_copy(outcome))
