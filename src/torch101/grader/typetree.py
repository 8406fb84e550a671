"""A value's exact type as the worker describes it (`jail.wire.describe_type`), read in the parent.

A leaf is an exact type name ("int", "torch.Tensor", "pytorch101.EvilTensor"); an exact list or
tuple is {"type": "list" | "tuple", "items": [...]}, where [item, N] is a run of N equal items
and "..." stands for what was not described. `check` refuses anything else (a tree comes from
the untrusted worker); `top`, `item` and `leaves` read one without unfolding its runs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["check", "item", "leaves", "top"]

_CONTAINERS = ("list", "tuple")


def check(tree: Any) -> None:
    """ValueError unless `tree` is a type tree (the decoder already bounds its depth)."""
    if type(tree) is str:
        return
    if type(tree) is not dict or set(tree) != {"type", "items"}:
        raise ValueError("a type must be a name or {'type', 'items'}")
    if tree["type"] not in _CONTAINERS or type(tree["items"]) is not list:
        raise ValueError("a type's items must be a list in a list or tuple")
    for entry in tree["items"]:
        if type(entry) is list:
            if len(entry) != 2 or type(entry[1]) is not int or entry[1] < 2:
                raise ValueError("a run of items must be [item, count >= 2]")
            entry = entry[0]
        check(entry)


def top(tree: Any) -> str:
    """The outer type's name: "tuple" for a tuple, the name of a leaf, "" when not known."""
    if type(tree) is dict:
        return str(tree.get("type", ""))
    return tree if type(tree) is str else ""


def item(tree: Any, k: int) -> Any:
    """The type of item `k` of a list or tuple (runs counted), None past its end or for a leaf."""
    entries = tree.get("items") if type(tree) is dict else None
    if type(entries) is not list:
        return None
    for entry in entries:
        sub, count = (entry[0], entry[1]) if _run(entry) else (entry, 1)
        if k < count:
            return sub
        k -= count
    return None


def leaves(tree: Any, *, depth: int = 0) -> set[str]:
    """Every leaf's name, containers left out; anything that is not a tree adds nothing."""
    if type(tree) is str:
        return {tree}
    if depth > 64 or type(tree) is not dict or type(tree.get("items")) is not list:
        return set()
    found: set[str] = set()
    for entry in tree["items"]:
        found |= leaves(entry[0] if _run(entry) else entry, depth=depth + 1)
    return found


def _run(entry: Any) -> bool:
    return type(entry) is list and len(entry) == 2 and type(entry[1]) is int
