"""The contract of a call, checked from its evidence.

Checked: inputs unchanged (values and `_version`), the same object returned where the function
mutates in place, views that share storage, results that are plain new tensors (not
`requires_grad`, not memory kept from an earlier call, on the inputs' device).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from torch101.grader import describe
from torch101.grader.cases import Case
from torch101.grader.mistake import Said
from torch101.grader.spec import FunctionSpec

__all__ = ["contract_problem"]


def _same(a: Any, b: Any) -> bool:
    """Equal type, shape, dtype and values (NaN equals NaN)."""
    if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        return (
            bool(torch.isclose(a.cpu(), b.cpu(), rtol=0, atol=0, equal_nan=True).all())
            if a.dtype.is_floating_point
            else torch.equal(a.cpu(), b.cpu())
        )
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _first_change(before: torch.Tensor, after: torch.Tensor) -> str:
    if before.shape != after.shape or before.dtype != after.dtype:
        return f"it became {describe.value(after)}"
    diff = (before.cpu() != after.cpu()).nonzero()
    if not len(diff):
        return "the values came out the same, but it was written to in place (x._version went up)"
    at = tuple(diff[0].tolist())
    return f"x[{', '.join(map(str, at))}] was {describe.value(before[at].item())}, became {describe.value(after[at].item())}"


def _per_arg(values: Sequence | None, args: tuple) -> list:
    """Per-argument flags: aligned with args, or with the tensor arguments only."""
    values = list(values or [])
    if len(values) == len(args):
        return values
    tensor_positions = [k for k, a in enumerate(args) if isinstance(a, torch.Tensor)]
    aligned = [None] * len(args)
    for k, v in zip(tensor_positions, values):
        aligned[k] = v
    return aligned


def contract_problem(
    spec: FunctionSpec, case: Case, outcome: Any, names: Sequence[str]
) -> str | None:
    contract = spec.contract
    after = list(getattr(outcome, "args_after", None) or [])
    bumped = _per_arg(getattr(outcome, "arg_versions_bumped", None), case.args)
    same = list(getattr(outcome, "same_object", None) or [])
    shares = list(getattr(outcome, "shares_storage", None) or [])
    if any(getattr(outcome, "kept_storage", None) or []):
        return (
            "returned the memory of a tensor it returned for an earlier call (a tensor kept "
            "between calls and refilled): a caller's later change would corrupt it; build a "
            "new tensor on every call"
        )
    if any(getattr(outcome, "requires_grad", None) or []):
        return (
            "returned a tensor with requires_grad=True: autograd would record every later "
            "operation on it (and writing into it in place fails); return a plain tensor"
        )
    if getattr(case, "on_gpu", False) and not all(getattr(outcome, "on_fake_gpu", None) or [False]):
        return (
            "the inputs were on the GPU but the result came back on the CPU: make new tensors "
            "on the inputs' device (torch.zeros(n, device=x.device), x.new_zeros(n))"
        )
    if contract.mutates and (not same or same[0] != 0):
        return "must change x in place and return x itself; it returned a different object"
    for k, before in enumerate(case.args):
        if contract.mutates and k == 0:
            continue  # x is the one input it may change
        name = names[k] if k < len(names) else f"argument {k}"
        changed = k < len(after) and not _same(before, after[k])
        if changed or (isinstance(before, torch.Tensor) and bumped[k]):
            how = (
                _first_change(before, after[k])
                if isinstance(before, torch.Tensor) and k < len(after)
                else f"it was {describe.value(before)}, became {describe.value(after[k])}"
                if k < len(after)
                else "it changed"
            )
            advice = (
                "Work on a copy (.clone()) or use out-of-place operations"
                if isinstance(before, torch.Tensor)
                else "Read it without changing it, or work on a copy"
            )
            return Said(f"must not modify its input {name}: {how.replace('x[', name + '[')}. {advice}", "mutated")  # fmt: skip
    if contract.views:
        for k, share in enumerate(shares):
            if share != 0:
                return Said(f"output {k} is not a view of x (it does not share x's storage): take it with slicing, without copying", "not_a_view")  # fmt: skip
    if contract.new_tensor and any(s == 0 for s in same):
        return "returned the input x itself; return a new tensor"
    return None
