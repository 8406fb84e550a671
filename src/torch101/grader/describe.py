"""Short, concrete renderings of inputs and outputs for messages a student can act on."""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

import torch

from torch101 import reference

__all__ = ["call", "case", "clip", "value"]

_MAX_NUMEL = 24
_MAX_ITEMS = 8
_DEFAULTS = {torch.float32, torch.int64, torch.bool}


def value(v: Any) -> str:
    """`tensor([[1, 2], [3, 4]])`, `a float32 tensor of shape (100, 100)`, `6 (int)`."""
    if isinstance(v, torch.Tensor):
        return _tensor(v)
    if isinstance(v, (list, tuple)):
        inner = ", ".join(value(x) for x in v[:_MAX_ITEMS])
        more = f", ... ({len(v)} items)" if len(v) > _MAX_ITEMS else ""
        open_, close = ("[", "]") if isinstance(v, list) else ("(", ",)" if len(v) == 1 else ")")
        return f"{open_}{inner}{more}{close}"
    if isinstance(v, float):
        return f"{v:.6g}"
    return repr(v)[:200]


def _tensor(t: torch.Tensor) -> str:
    dtype = "" if t.dtype in _DEFAULTS else f", dtype={str(t.dtype).removeprefix('torch.')}"
    device = "" if t.device.type == "cpu" else f", device='{t.device}'"
    if t.numel() > _MAX_NUMEL:
        kind = str(t.dtype).removeprefix("torch.")
        return f"a {kind} tensor of shape {tuple(t.shape)}{device.replace(', device=', ' on ')}"
    data = t.detach().cpu()
    items = data.tolist()
    if data.dtype.is_floating_point:
        items = _round(items)
    if data.dim() == 0:
        return f"tensor({items}{dtype}{device})"
    empty = f", size={tuple(t.shape)}" if t.numel() == 0 and t.dim() > 1 else ""
    return f"tensor({items}{empty}{dtype}{device})"


def _round(items):
    if isinstance(items, list):
        return [_round(i) for i in items]
    return float(f"{items:.5g}")


@cache
def _parameters(name: str) -> tuple[str, ...]:
    fn = getattr(reference, name, None)
    if fn is None:
        return ()
    return tuple(inspect.signature(fn).parameters)


def call(name: str, args: tuple, kwargs: dict[str, Any] | None = None) -> str:
    """`reverse_rows(x=tensor([[1, 2], [3, 4]]))`."""
    params = _parameters(name)
    parts = [f"{params[i]}={value(a)}" if i < len(params) else value(a) for i, a in enumerate(args)]
    parts += [f"{k}={value(v)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def case(name: str, case) -> str:
    """A case in a few words: its note when it has one, else the call, shortened."""
    if case.note:
        return case.note
    return clip(call(case.call or name, case.args, case.kwargs), 160)
