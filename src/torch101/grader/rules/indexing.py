"""How many indexing operations read the input in one call.

As in "a single integer array indexing operation": counted in the call log, where building the
index does not count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from torch101.grader import ops
from torch101.grader.mistake import Said
from torch101.grader.rules.base import CaseRun, Rule, Violations, lines_of

__all__ = ["Indexing"]

_SPELLED = {"__getitem__": "x[...]"}


@dataclass(frozen=True)
class Indexing(Rule):
    at_least: int
    at_most: int

    def case(self, run: CaseRun, out: Violations) -> None:
        used = _indexing_of_input(run.logged)
        low, high = self.at_least, self.at_most
        if not low <= len(used) <= high:
            want = f"exactly {low}" if low == high else f"at most {high}"
            said = (
                f"{lines_of(used)}at run time it indexes the input {_times(len(used))} in one "
                f"call ({run.where}){_which(used)}; the rule asks for {want}"
            )
            out.add("getitem", Said(said, "index_count") if low == high == 1 else said)


def _indexing_of_input(logged: list[dict]) -> list[dict]:
    """The indexing ops applied to the input or to tensors computed from it, in call order.

    x[idx] counts; building the index does not (torch.arange(M)[:, None] reads no data of
    the input). The worker flags each op whose first argument comes from the input.
    """
    return [
        op
        for op in logged
        if op.get("of_input") and ops.canonical(str(op.get("name", ""))) in ops.INDEXING
    ]


def _which(used: list[dict]) -> str:
    """': gather, x[...]' when the ops differ (x[...] alone needs no naming), in call order."""
    counts = Counter(_SPELLED.get(n, n) for n in ops.op_names(used))
    if set(counts) <= {"x[...]"}:
        return ""
    return ": " + ", ".join(f"{n} ({k} times)" if k > 1 else n for n, k in counts.items())


def _times(n: int) -> str:
    return {0: "0 times", 1: "once", 2: "twice"}.get(n, f"{n} times")
