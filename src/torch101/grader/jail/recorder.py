"""The torch call log (a TorchFunctionMode), for one call of the student's.

Runs next to untrusted code: its state is reachable only through the worker's frames and `gc`,
which the guard denies to the submission, and what it records is evidence the parent checks.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

from .errors import innermost_line
from .fake_gpu import FakeCuda, FakeGpu, remember, tensors

__all__ = ["FakeCuda", "Recorder"]

_getframe = sys._getframe  # bound before the student's file is imported (it may patch sys)


class Recorder:
    """A TorchFunctionMode (built lazily, torch is imported late) that logs every torch call,
    and hands each to the emulated GPU (`fake_gpu.FakeGpu`) when the call asks for one."""

    def __init__(
        self,
        torch,
        codec,
        mode_class,
        *,
        trace: bool,
        emulate: bool,
        max_ops: int,
        inputs: tuple = (),
        source: str | None = None,
    ):
        self.torch, self.codec, self.mode_class = torch, codec, mode_class
        self._mode_type: Any = None
        self.trace, self.emulate, self.max_ops = trace, emulate, max_ops
        self.source = source  # the student's file: each logged op says from which line
        self.ops: list[dict] = []
        self.dropped = 0
        self.gpu = FakeGpu(torch) if emulate else None  # the emulated device, when asked for
        # Tensors computed from the call's arguments: "one indexing operation on the input"
        # counts x[...] on these, not on index tensors built from scratch (torch.arange(M)[:, None]).
        self._derived: dict[int, Any] = {}  # id -> weak reference
        for t in inputs:
            remember(self._derived, t)
        self._names: dict[Any, str] = {}

    # marks --------------------------------------------------------------------------------
    def marked(self, t: Any) -> bool:
        """On the emulated GPU."""
        return self.gpu is not None and self.gpu.marked(t)

    def mark(self, t: Any) -> None:
        if self.gpu is not None:
            self.gpu.mark(t)

    def derived(self, t: Any) -> bool:
        ref = self._derived.get(id(t))
        return ref is not None and ref() is t

    def tensors(self, obj: Any) -> list:
        return tensors(self.torch, obj)

    # names --------------------------------------------------------------------------------
    def name(self, func: Any) -> str:
        try:
            return self._names[func]
        except (KeyError, TypeError):
            pass
        name = None
        try:
            name = self.torch.overrides.resolve_name(func)
        except Exception:
            name = None
        name = name or repr(func)
        with contextlib.suppress(TypeError):
            self._names[func] = name
        return name

    # the mode -----------------------------------------------------------------------------
    def mode(self):
        """A fresh mode for one call; its class is made once per recorder."""
        if self._mode_type is None:
            recorder = self

            class _Mode(self.mode_class):
                def __torch_function__(self, func, types, args=(), kwargs=None):
                    return recorder.handle(func, args, kwargs or {})

            self._mode_type = _Mode
        return self._mode_type()

    def handle(self, func: Any, args: tuple, kwargs: dict) -> Any:
        name = self.name(func)
        on_gpu = False
        inputs = self.tensors(list(args)) + self.tensors(kwargs)
        first = args[0] if args else kwargs.get("input", kwargs.get("self"))  # input=x counts too
        first = first if isinstance(first, self.torch.Tensor) else None
        # Read before the call: an in-place op may change what its self was derived from.
        of_input = first is not None and self.derived(first)
        from_input = of_input or any(self.derived(t) for t in inputs)
        if self.emulate:
            on_gpu = any(self.marked(t) for t in inputs)
            out = self.gpu.run(name, func, args, kwargs, inputs, on_gpu)
        else:
            out = func(*args, **kwargs)
            # A real GPU: the same evidence as the emulated one (was an input on the device?).
            on_gpu = self.trace and any(t.is_cuda for t in inputs)
        if from_input and self.trace:
            for t in self.tensors(out):
                remember(self._derived, t)
            if first is not None and (name.endswith("_") or name.endswith("__setitem__")):
                remember(self._derived, first)
        if self.trace:
            self.record(name, args, out, on_gpu=on_gpu, of_input=of_input, first=first)
        return out

    def record(
        self, name: str, args: tuple, out: Any, *, on_gpu: bool, of_input: bool, first: Any
    ) -> None:
        if len(self.ops) >= self.max_ops:
            self.dropped += 1
            return
        numels = [t.numel() for t in self.tensors(out)]
        entry = {
            "name": name,
            "max_out_numel": max(numels, default=0),
            "arg_types": [self.codec.describe_type(a, max_items=8) for a in args],
        }
        if on_gpu:
            entry["fake_gpu" if self.emulate else "gpu"] = True
        if of_input:
            entry["of_input"] = True  # its first argument is the input or computed from it
        if first is not None and name.rsplit(".", 1)[-1] in (
            "tolist",
            "numpy",
            "__array__",
            "__dlpack__",
        ):
            entry["self_numel"] = first.numel()  # data leaving torch for Python
        line = self.line()
        if line is not None:
            entry["line"] = line
        self.ops.append(entry)

    def line(self) -> int | None:
        """The line of the student's file that made the current torch call (the innermost)."""
        if self.source is None:
            return None
        return innermost_line(_getframe(2), self.source)

    def log(self) -> list[dict]:
        if self.dropped:
            return [*self.ops, {"name": "torch101.truncated", "dropped": self.dropped}]
        return self.ops
