"""An in-process stand-in for the sandboxed worker session, for fast tests of spec, judge and
report: it imports the submission into this process and produces the same evidence as
`torch101.grader.jail.worker` (its call recorder and GPU emulation are reused), with values and
arguments round-tripped through the codec as across the real process boundary.

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
from torch101.grader.jail.recorder import FakeCuda as _FakeCuda
from torch101.grader.jail.recorder import Recorder
from torch101.grader.protocol import Outcome

_names = itertools.count()


def _copy(value):
    tree, buffers = codec.encode(value)
    return codec.decode(tree, buffers)


def _tensors(obj, depth=0):
    if isinstance(obj, torch.Tensor):
        return [obj]
    if depth < 3 and type(obj) in (list, tuple):
        return [t for item in obj for t in _tensors(item, depth + 1)]
    return []


def _mirror(arg, bumped, depth=0):
    if isinstance(arg, torch.Tensor):
        return bool(next(bumped))
    if depth < 3 and type(arg) in (list, tuple):
        return [_mirror(item, bumped, depth + 1) for item in arg]
    return None


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


def _ptr(t):
    return t.untyped_storage().data_ptr()


class InProcessSession:
    """Same interface as sandbox.WorkerSession: a context manager with run(calls)."""

    def __init__(self, submission: Path, *, limits=None):
        self.path = Path(submission)
        self.name = f"_torch101_submission_{next(_names)}"
        self.module, self.import_error = None, None
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
        arg_tensors = [_tensors(a) for a in args]
        versions = [[t._version for t in ts] for ts in arg_tensors]
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
            status = "crashed" if isinstance(exc, SystemExit) else "raised"
            exception = errors.describe(exc, str(self.path))
        outcome = Outcome(
            call.case_id,
            status,
            exception=exception,
            stdout=out.getvalue(),
            duration_s=time.perf_counter() - t0,
        )
        if status == "ok":
            outputs = _tensors(value, -5)
            outcome.value = _copy(value)
            outcome.value_type = codec.describe_type(value)
            outcome.same_object = [
                next((k for k, ts in enumerate(arg_tensors) if any(t is o for t in ts)), None)
                for o in outputs
            ]
            outcome.shares_storage = [
                next(
                    (k for k, ts in enumerate(arg_tensors) if any(_ptr(t) == _ptr(o) for t in ts)),
                    None,
                )
                for o in outputs
            ]
            outcome.on_fake_gpu = (
                [bool(recorder and recorder.marked(o)) for o in outputs]
                if call.emulate_cuda
                else []
            )
        outcome.args_after = _copy(args)
        outcome.arg_versions_bumped = [
            _mirror(a, iter(t._version > v for t, v in zip(ts, vs)))
            for a, ts, vs in zip(args, arg_tensors, versions)
        ]
        outcome.ops = recorder.log() if (recorder and call.trace) else []
        return outcome
