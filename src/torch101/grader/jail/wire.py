"""The codec's ground: frame constants, its errors, `Opaque`, lazy torch/NumPy, exact type names.

Standard library only at module level (torch and NumPy are looked up lazily), like the rest
of the jail.
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass
from typing import Any

MAGIC = b"T101"
_HEADER = struct.Struct(">4sIQ")
_MAX_DEPTH = 64
_REPR_CAP = 200


class DecodeError(ValueError):
    """A frame or a tree that does not follow the format (or breaks a size limit)."""


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise DecodeError(what)


class TooLarge(ValueError):
    """Encoding would exceed the byte budget."""


@dataclass(frozen=True)
class Opaque:
    """A value the codec does not carry: its exact type name and a short repr."""

    type_name: str
    repr: str

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.repr}>"


def _torch():
    return sys.modules.get("torch")


def _numpy():
    return sys.modules.get("numpy")


# ---------------------------------------------------------------------------------------------
# Exact type names


def _type_name(t: type) -> str:
    module = getattr(t, "__module__", "") or ""
    qualname = getattr(t, "__qualname__", None) or getattr(t, "__name__", "?")
    if module == "builtins":
        return qualname
    if module.startswith("torch") and qualname in ("Tensor", "Size", "dtype", "device"):
        return f"torch.{qualname}"
    return f"{module}.{qualname}"


def describe_type(obj: Any, *, max_items: int | None = None) -> str:
    """The exact type of `obj`, with element types for exact lists and tuples.

    `tuple[torch.Tensor*2, int]` means two tensors then an int; runs of equal element types are
    folded as `T*N`. Subclasses keep their own name (`pytorch101.EvilTensor`, `numpy.int64`,
    `torch.Size`), so comparing `describe_type(got)` with `describe_type(expected)` checks
    types exactly. `max_items` stops after that many elements (for logs, not for verdicts).
    """
    return _describe(obj, 0, set(), max_items)


def _describe(obj: Any, depth: int, seen: set[int], max_items: int | None) -> str:
    t = type(obj)
    if t is not list and t is not tuple:
        return _type_name(t)
    if depth >= _MAX_DEPTH or id(obj) in seen:
        return f"{t.__name__}[...]"
    seen.add(id(obj))
    names: list[str] = []
    for i, item in enumerate(list.__iter__(obj) if t is list else tuple.__iter__(obj)):
        if max_items is not None and i >= max_items:
            names.append("...")
            break
        names.append(_describe(item, depth + 1, seen, max_items))
    seen.discard(id(obj))
    parts: list[str] = []
    run = 0
    for k, name in enumerate(names):
        run += 1
        if k + 1 == len(names) or names[k + 1] != name:
            parts.append(f"{name}*{run}" if run > 1 else name)
            run = 0
    return f"{t.__name__}[{', '.join(parts)}]"


