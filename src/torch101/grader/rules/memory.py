"""Memory: no new tensor larger than the input (O(N)), or no padding of segments to N x max(K).

Checked on the largest tensor each call made, from the call log (views allocate nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from torch101.grader import ops
from torch101.grader.cases import Case
from torch101.grader.rules.base import CaseRun, Rule, Violations, line_of

__all__ = ["MaxNumel"]


@dataclass(frozen=True)
class MaxNumel(Rule):
    of: Literal["input", "segments"]

    def case(self, run: CaseRun, out: Violations) -> None:
        limit, what = _limit(self.of, run.case)
        op = _largest_op(run.logged, run.names)
        if op is not None and int(op.get("max_out_numel") or 0) > limit:
            out.add(
                "numel",
                f"{line_of(op)}at run time it creates a tensor of {op['max_out_numel']} elements ({run.where}); {what}",
            )


def _largest_op(logged: list[dict], names: list[str]) -> dict | None:
    """The op that produced the largest tensor (views allocate nothing and do not count)."""
    made = [
        (int(op.get("max_out_numel") or 0), k)
        for k, (op, name) in enumerate(zip(logged, names))
        if name not in ops.VIEW_OPS
    ]
    return logged[max(made)[1]] if made else None


def _limit(kind: str, case: Case) -> tuple[int, str]:
    if kind == "input":
        n = case.args[0].numel()
        return n, f"the input has {n}: no new tensor may be larger than the input (O(N) memory)"
    xs, _ = case.args
    total, count, longest = sum(t.numel() for t in xs), len(xs), max(t.numel() for t in xs)
    return 4 * (total + count), (
        f"the inputs hold {total} values in {count} tensors: do not pad to N x max(K) = "
        f"{count * longest} (memory must stay O(total length))"
    )
