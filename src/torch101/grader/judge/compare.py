"""Strict comparison of a returned value with the expected one, in words when they differ.

In order: exact Python type (a Python int is not a 0-d tensor; tensor subclasses and numpy
scalars are rejected through the type name the worker saw), shape (never broadcast), dtype,
device, then values (exact for integers, the function's tolerance for floats).
"""

from __future__ import annotations

from typing import Any

import torch

from torch101.grader import describe, typetree
from torch101.grader.mistake import Said
from torch101.grader.spec import Tolerance

__all__ = ["compare", "compare_uniques", "type_name"]


def _kind(v: Any) -> str:
    if type(v) is bool:
        return "a Python bool"
    if type(v) is int:
        return "a Python int"
    if type(v) is float:
        return "a Python float"
    if isinstance(v, torch.Tensor):
        return f"a {v.dim()}-D tensor" if v.dim() else "a 0-d tensor"
    if v is None:
        return "None"
    return f"a {type(v).__name__}"


def type_name(v: Any) -> str:
    if isinstance(v, torch.Tensor):
        return "torch.Tensor"
    return type(v).__name__


def compare(
    expected: Any,
    got: Any,
    got_type: Any,
    tol: Tolerance,
    *,
    any_dtype: bool = False,
    where: str = "the output",
) -> str | None:
    """None when `got` matches `expected` exactly enough; otherwise what differs, in words.
    `got_type` is its type in the worker (a `typetree`; None when not known)."""
    top = typetree.top(got_type)
    want = type_name(expected)
    if top and top not in (want, f"builtins.{want}"):
        shown = f"{top} ({describe.value(got)})" if got is not None else top
        hint = (
            " Return a Python int: int(...) or .item()."
            if want == "int" and "Tensor" in top
            else ""
        )
        said = f"{where} should be {_kind(expected)}, got {shown}.{hint}"
        number = type(expected) in (int, float) and top.startswith("torch.Tensor")
        return Said(said, "python_number") if number else said
    if type(got) is not type(expected) and not (
        want == "tuple" and isinstance(got, (list, tuple)) and top == "tuple"
    ):
        hint = ""
        if type(expected) is int and isinstance(got, torch.Tensor):
            hint = " Return a Python int: int(...) or .item()."
        return (
            f"{where} should be {_kind(expected)}, got {_kind(got)} ({describe.value(got)}).{hint}"
        )
    if isinstance(expected, tuple):
        if len(got) != len(expected):
            return f"{where} should be a tuple of {len(expected)} items, got {len(got)}"
        for k, (e, g) in enumerate(zip(expected, got)):
            problem = compare(
                e,
                g,
                typetree.item(got_type, k),
                tol,
                any_dtype=any_dtype,
                where=f"item {k} of {where}",
            )
            if problem:
                return problem
        return None
    if isinstance(expected, torch.Tensor):
        return _compare_tensors(expected, got, tol, any_dtype=any_dtype, where=where)
    if expected != got:
        return f"{where} should be {expected!r}, got {got!r}"
    return None


def _compare_tensors(
    e: torch.Tensor, g: torch.Tensor, tol: Tolerance, *, any_dtype: bool, where: str
) -> str | None:
    if tuple(g.shape) != tuple(e.shape):
        return f"{where} should have shape {tuple(e.shape)}, got shape {tuple(g.shape)}: {describe.value(g)}"
    if g.dtype != e.dtype and not (any_dtype and not g.dtype.is_complex and g.dtype != torch.bool):
        return Said(f"{where} should have dtype {e.dtype}, got {g.dtype}", "dtype")
    if g.device.type != e.device.type:
        return f"{where} should be on {e.device.type}, got {g.device}"
    gc, ec = g.detach().cpu(), e.detach().cpu()
    rtol, atol = tol.for_dtype(e.dtype)
    if e.dtype.is_floating_point and gc.dtype.is_floating_point:
        close = torch.isclose(gc.to(ec.dtype), ec, rtol=rtol, atol=atol, equal_nan=True)
    else:
        close = gc.to(torch.float64) == ec.to(torch.float64) if any_dtype else gc == ec
    if bool(close.all()):
        return None
    bad = (~close).nonzero()
    first = tuple(bad[0].tolist())
    at = f"[{', '.join(map(str, first))}]" if first else ""
    exp_v, got_v = ec[first].item(), gc[first].item()
    tol_text = f" (tolerance rtol={rtol:g}, atol={atol:g})" if (rtol or atol) else ""
    return (
        f"{where} is wrong at {_at(at)}: expected {describe.value(exp_v)}, got "
        f"{describe.value(got_v)}{tol_text}; {len(bad)} of {e.numel()} entries differ. "
        f"Expected {describe.value(e)}, got {describe.value(g)}"
    )


def _at(at: str) -> str:
    return f"index {at}" if at else "its value"


def compare_uniques(expected: tuple, got: Any, got_type: Any) -> str | None:
    """(uniques, first indices) in any order of the pairs: the assignment fixes no order."""
    top = typetree.top(got_type)
    if (top and top != "tuple") or not isinstance(got, (tuple, list)) or len(got) != 2:
        return f"the output should be a tuple (uniques, indices), got {describe.value(got)}"
    for k, (label, g) in enumerate(zip(("uniques", "indices"), got)):
        sub_top = typetree.top(typetree.item(got_type, k))
        if (sub_top and sub_top != "torch.Tensor") or type(g) is not torch.Tensor:
            return f"{label} should be a tensor, got {sub_top or _kind(g)}"
        if g.dtype != torch.int64 or g.dim() != 1:
            return f"{label} should be a 1-D int64 tensor, got {g.dim()}-D {g.dtype}"
    uniques, indices = got
    want_u, want_i = expected
    if uniques.shape != want_u.shape or indices.shape != want_i.shape:
        return (
            f"there are {want_u.shape[0]} distinct values, got {uniques.shape[0]} uniques and "
            f"{indices.shape[0]} indices: uniques {describe.value(uniques)}"
        )
    order = torch.argsort(uniques.cpu())
    u, i = uniques.cpu()[order], indices.cpu()[order]
    if not torch.equal(u, want_u):
        return f"uniques should hold each distinct value once: expected (in any order) {describe.value(want_u)}, got {describe.value(uniques)}"
    if not torch.equal(i, want_i):
        k = int((i != want_i).nonzero()[0])
        return (
            f"the index of value {int(u[k])} should be {int(want_i[k])} (its first occurrence), "
            f"got {int(i[k])}"
        )
    return None
