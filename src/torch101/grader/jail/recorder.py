"""The torch call log (a TorchFunctionMode) and the emulated GPU, for one call of the student's.

Runs next to untrusted code: its state is reachable only through the worker's frames and `gc`,
which the guard denies to the submission, and what it records is evidence the parent checks.
"""

from __future__ import annotations

import contextlib
import sys
import weakref
from typing import Any

_getframe = sys._getframe  # bound before the student's file is imported (it may patch sys)
_CROSS_DEVICE_OK = frozenset(
    {
        "torch.Tensor.__getitem__", "torch.Tensor.__setitem__", "torch.Tensor.copy_",
        "torch.Tensor.to", "torch.Tensor.cpu", "torch.Tensor.cuda", "torch.Tensor.type_as",
        "torch.Tensor.index_put_", "torch.Tensor.index_put", "torch.Tensor.new_tensor",
    }
)  # fmt: skip


class Recorder:
    """A TorchFunctionMode (built lazily, torch is imported late) that logs and emulates CUDA."""

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
        self.trace, self.emulate, self.max_ops = trace, emulate, max_ops
        self.source = source  # the student's file: each logged op says from which line
        self.ops: list[dict] = []
        self.dropped = 0
        self._marked: dict[int, weakref.ref] = {}
        # Tensors computed from the call's arguments: "one indexing operation on the input"
        # counts x[...] on these, not on index tensors built from scratch (torch.arange(M)[:, None]).
        self._derived: dict[int, weakref.ref] = {}
        for t in inputs:
            self._remember(self._derived, t)
        self._names: dict[Any, str] = {}
        self._cuda = torch.device("cuda", 0)

    # marks --------------------------------------------------------------------------------
    def marked(self, t: Any) -> bool:
        ref = self._marked.get(id(t))
        return ref is not None and ref() is t

    def mark(self, t: Any) -> None:
        self._remember(self._marked, t)

    def derived(self, t: Any) -> bool:
        ref = self._derived.get(id(t))
        return ref is not None and ref() is t

    @staticmethod
    def _remember(table: dict, t: Any) -> None:
        key = id(t)
        table[key] = weakref.ref(t, lambda _, key=key: table.pop(key, None))

    def tensors(self, obj: Any, depth: int = 0) -> list:
        torch = self.torch
        if isinstance(obj, torch.Tensor):
            return [obj]
        if depth < 2 and isinstance(obj, (list, tuple)):
            return [t for item in obj for t in self.tensors(item, depth + 1)]
        if depth < 2 and isinstance(obj, dict):
            return [t for item in obj.values() for t in self.tensors(item, depth + 1)]
        return []

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
        recorder = self

        class _Mode(self.mode_class):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                return recorder.handle(func, args, kwargs or {})

        return _Mode()

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
            out = self.emulated(name, func, args, kwargs, inputs, on_gpu)
        else:
            out = func(*args, **kwargs)
            # A real GPU: the same evidence as the emulated one (was an input on the device?).
            on_gpu = self.trace and any(t.is_cuda for t in inputs)
        if from_input and self.trace:
            for t in self.tensors(out):
                self._remember(self._derived, t)
            if first is not None and (name.endswith("_") or name.endswith("__setitem__")):
                self._remember(self._derived, first)
        if self.trace:
            self.record(name, args, out, on_gpu, of_input, first)
        return out

    def record(
        self, name: str, args: tuple, out: Any, on_gpu: bool, of_input: bool, first: Any
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
        frame = _getframe(2)
        for _ in range(64):
            if frame is None:
                return None
            if frame.f_code.co_filename == self.source:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def log(self) -> list[dict]:
        if self.dropped:
            return [*self.ops, {"name": "torch101.truncated", "dropped": self.dropped}]
        return self.ops

    # CUDA emulation -----------------------------------------------------------------------
    def is_cuda_target(self, value: Any) -> bool | None:
        """True for a CUDA device spec, False for a CPU one, None when `value` names no device."""
        torch = self.torch
        if isinstance(value, torch.Tensor):
            return self.marked(value)
        if isinstance(value, torch.device):
            return value.type == "cuda"
        if isinstance(value, str) and value.split(":")[0] in ("cuda", "cpu"):
            return value.startswith("cuda")
        if isinstance(value, int) and not isinstance(value, bool):
            return True
        return None

    def emulated(self, name, func, args, kwargs, inputs, on_gpu) -> Any:
        torch = self.torch
        self_t = args[0] if args and isinstance(args[0], torch.Tensor) else None
        if name == "torch.Tensor.is_cuda.__get__":
            return self.marked(self_t)
        if name == "torch.Tensor.device.__get__" and self.marked(self_t):
            return self._cuda
        if name == "torch.Tensor.get_device":
            return 0 if self.marked(self_t) else -1
        if name == "torch.Tensor.cuda":
            if self.marked(self_t):
                return self_t
            out = self_t.clone()
            self.mark(out)
            return out
        if name == "torch.Tensor.cpu":
            return self_t.clone() if self.marked(self_t) else func(*args, **kwargs)
        if name == "torch.Tensor.numpy" and self.marked(self_t):
            raise TypeError(
                "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the "
                "tensor to host memory first."
            )
        if name in ("torch.Tensor.pin_memory", "torch.Tensor.is_pinned"):
            return self_t.clone() if name.endswith("pin_memory") else False
        if name == "torch.Tensor.to":
            return self.emulated_to(func, self_t, args, kwargs)
        if self.is_cuda_target(kwargs.get("device")):
            out = func(*args, **{**kwargs, "device": "cpu"})
            for t in self.tensors(out):
                self.mark(t)
            return out
        if on_gpu and name not in _CROSS_DEVICE_OK:
            sized = [t for t in inputs if t.dim() > 0]
            if any(self.marked(t) for t in sized) and not all(self.marked(t) for t in sized):
                raise RuntimeError(
                    "Expected all tensors to be on the same device, but found at least two "
                    "devices, cuda:0 and cpu! (as on a real GPU; torch101 emulates one here)"
                )
        out = func(*args, **kwargs)
        in_place = name.endswith("_") and not name.endswith("__")
        if on_gpu and not in_place:
            for t in self.tensors(out):
                self.mark(t)
        return out

    def emulated_to(self, func, self_t, args, kwargs) -> Any:
        target = None
        rest = list(args[1:])
        for i, value in enumerate(rest):
            found = self.is_cuda_target(value)
            if found is not None:
                target = found
                if not isinstance(value, self.torch.Tensor):
                    rest[i] = "cpu"
                break
        if "device" in kwargs:
            target = self.is_cuda_target(kwargs["device"])
            kwargs = {**kwargs, "device": "cpu"}
        out = func(self_t, *rest, **kwargs)
        was_gpu = self.marked(self_t)
        if target is None:  # a dtype change only: stays where it was
            if was_gpu and out is not self_t:
                self.mark(out)
            return out
        if target:
            if was_gpu:
                if out is not self_t:
                    self.mark(out)
                return out
            out = self_t.clone() if out is self_t else out
            self.mark(out)
            return out
        return self_t.clone() if (was_gpu and out is self_t) else out


class FakeCuda:
    """Patch torch.cuda's queries for the length of an emulated call."""

    NAMES = {
        "is_available": lambda: True,
        "device_count": lambda: 1,
        "current_device": lambda: 0,
        "synchronize": lambda *a, **k: None,
        "is_initialized": lambda: True,
    }

    def __init__(self, torch):
        self.cuda = torch.cuda
        self.saved: dict[str, Any] = {}

    def __enter__(self):
        for name, fake in self.NAMES.items():
            self.saved[name] = getattr(self.cuda, name)
            setattr(self.cuda, name, fake)
        return self

    def __exit__(self, *exc):
        for name, real in self.saved.items():
            setattr(self.cuda, name, real)


