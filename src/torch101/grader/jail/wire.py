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


def describe_type(obj: Any, *, max_items: int | None = None) -> Any:
    """The exact type of `obj` as a JSON tree, with element types for exact lists and tuples.

    A leaf is an exact type name: `"int"`, `"torch.Tensor"`; subclasses keep their own name
    (`"pytorch101.EvilTensor"`, `"numpy.int64"`, `"torch.Size"`), so comparing the trees of
    `got` and `expected` checks types exactly. An exact list or tuple is `{"type": "tuple",
    "items": [...]}`, where a run of N > 1 equal items is the pair `[item, N]` and `"..."` stands
    for what is not described: items past `max_items` (for logs, not for verdicts), a container
    that holds itself, nesting deeper than `_TYPE_DEPTH`. `(t, t, 3)` is `{"type": "tuple",
    "items": [["torch.Tensor", 2], "int"]}`.
    """
    return _describe(obj, 0, set(), max_items)


# Nesting described: deeper containers are {"type": ..., "items": ["..."]}. Each level costs the
# codec up to three of its _MAX_DEPTH levels (the dict, its items, a run), and an op log's trees
# start four levels down.
_TYPE_DEPTH = 16


def _describe(obj: Any, depth: int, seen: set[int], max_items: int | None) -> Any:
    t = type(obj)
    if t is not list and t is not tuple:
        return _type_name(t)
    if depth >= _TYPE_DEPTH or id(obj) in seen:
        return {"type": t.__name__, "items": ["..."]}
    seen.add(id(obj))
    items: list[Any] = []
    for i, item in enumerate(list.__iter__(obj) if t is list else tuple.__iter__(obj)):
        if max_items is not None and i >= max_items:
            items.append("...")
            break
        tree = _describe(item, depth + 1, seen, max_items)
        last = items[-1] if items else None
        if type(last) is list and last[0] == tree:
            last[1] += 1
        elif items and last == tree:
            items[-1] = [tree, 2]
        else:
            items.append(tree)
    seen.discard(id(obj))
    return {"type": t.__name__, "items": items}
