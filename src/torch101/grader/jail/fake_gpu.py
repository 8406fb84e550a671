"""The emulated GPU, for grading `mm_on_gpu` (and GPU inputs) on a machine without CUDA.

Tensors "on the GPU" are CPU tensors marked as such: `.cuda()`/`.to("cuda")` return marked
copies, `.device` reads `cuda:0`, `.cpu()` returns an unmarked copy, and mixing marked and
unmarked tensors in one op raises as on a real GPU. `FakeCuda` makes `torch.cuda`'s queries
answer as if a device were there, for the length of one call.
"""

from __future__ import annotations

import weakref
from typing import Any

__all__ = ["FakeCuda", "FakeGpu", "remember", "tensors"]

_CROSS_DEVICE_OK = frozenset(
    {
        "torch.Tensor.__getitem__", "torch.Tensor.__setitem__", "torch.Tensor.copy_",
        "torch.Tensor.to", "torch.Tensor.cpu", "torch.Tensor.cuda", "torch.Tensor.type_as",
        "torch.Tensor.index_put_", "torch.Tensor.index_put", "torch.Tensor.new_tensor",
    }
)  # fmt: skip


def remember(table: dict, t: Any) -> None:
    """`t` in an identity table that forgets it when it is freed."""
    key = id(t)
    table[key] = weakref.ref(t, lambda _, key=key: table.pop(key, None))


def tensors(torch, obj: Any, depth: int = 0) -> list:
    """The tensors in a value, two containers deep (a call's inputs or outputs)."""
    if isinstance(obj, torch.Tensor):
        return [obj]
    if depth < 2 and isinstance(obj, (list, tuple)):
        return [t for item in obj for t in tensors(torch, item, depth + 1)]
    if depth < 2 and isinstance(obj, dict):
        return [t for item in obj.values() for t in tensors(torch, item, depth + 1)]
    return []


class FakeGpu:
    """Which tensors are on the emulated device, and torch calls as they would run there."""

    def __init__(self, torch):
        self.torch = torch
        self._marked: dict[int, weakref.ref] = {}
        self._cuda = torch.device("cuda", 0)

    def marked(self, t: Any) -> bool:
        ref = self._marked.get(id(t))
        return ref is not None and ref() is t

    def mark(self, t: Any) -> None:
        remember(self._marked, t)

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

    def run(self, name, func, args, kwargs, inputs, on_gpu) -> Any:
        """`func(*args, **kwargs)` as it would run with a GPU: moves mark, devices read cuda:0."""
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
            return self.to(func, self_t, args, kwargs)
        if self.is_cuda_target(kwargs.get("device")):
            out = func(*args, **{**kwargs, "device": "cpu"})
            for t in tensors(self.torch, out):
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
            for t in tensors(self.torch, out):
                self.mark(t)
        return out

    def to(self, func, self_t, args, kwargs) -> Any:
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
