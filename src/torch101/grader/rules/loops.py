"""No loops, exactly one loop, or a switch between the two (Fall 2020's use_loop).

Checked from explicit and hidden loops in the syntax tree, op counts that grow with the size,
and whole-batch products.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from torch101.grader import ops
from torch101.grader.cases import Case
from torch101.grader.mistake import Said
from torch101.grader.rules.base import CaseRun, Rule, Source, Violations, line_of
from torch101.grader.static.loops import _helper_loops
from torch101.grader.static.model import Finding, FunctionReport

__all__ = ["LoopSwitch", "NoLoops", "OneLoop"]

# Matrix products: in the loop version each may make one (N, P) matrix, not the batch's.
_LOOP_PRODUCTS = frozenset({"mm", "matmul", "bmm", "baddbmm", "addbmm", "einsum", "tensordot"})


@dataclass(frozen=True)
class NoLoops(Rule):
    """No loops, comprehensions or hidden loops; the op count stays constant as the size grows."""

    def static(self, src: Source) -> list[Finding]:
        hidden = src.hidden + _helper_loops(src.module, src.fn.name)
        return [Finding("loop", line, f"line {line}: {what}") for line, what in dict.fromkeys(src.loops + hidden)]  # fmt: skip

    def overall(self, cases, outcomes, out: Violations, static: FunctionReport) -> None:
        for counts, _ in _scaling(cases, outcomes).values():
            if _grows(counts):
                out.append(_grows_message("", counts))


@dataclass(frozen=True)
class OneLoop(Rule):
    """Exactly one explicit loop (over the batch): the op count grows with it."""

    def static(self, src: Source) -> list[Finding]:
        return _one_loop(src)

    def case(self, run: CaseRun, out: Violations) -> None:
        _whole_batch(run, out)

    def overall(self, cases, outcomes, out: Violations, static: FunctionReport) -> None:
        for counts, _ in _scaling(cases, outcomes).values():
            if not _grows(counts):
                out.append(_flat_message("", counts))


@dataclass(frozen=True)
class LoopSwitch(Rule):
    """A keyword whose True value asks for one loop, and False for a single operator."""

    keyword: str

    def static(self, src: Source) -> list[Finding]:
        return _one_loop(src)

    def case(self, run: CaseRun, out: Violations) -> None:
        if run.case.kwargs.get(self.keyword):
            _whole_batch(run, out)
        if run.case.kwargs.get(self.keyword) is False and len(run.case.args) == 2:
            products = [name for name in run.names if name in _LOOP_PRODUCTS]
            if len(products) != 1:
                made = ", ".join(sorted(set(ops.computing_ops(run.logged)) - ops.VIEW_OPS)) or "none"  # fmt: skip
                out.add(
                    "single_op",
                    f"at run time with {self.keyword}=False it makes {len(products)} matrix "
                    f"products (torch calls: {made}) ({run.where}); the assignment asks for a single "
                    "PyTorch operator: torch.bmm(x, y) or x @ y",
                )

    def overall(self, cases, outcomes, out: Violations, static: FunctionReport) -> None:
        for counts, kwargs in _scaling(cases, outcomes).values():
            label = f" with {self.keyword}={kwargs.get(self.keyword)}"
            if kwargs.get(self.keyword) and not _grows(counts):
                out.append(_flat_message(label, counts))
            elif not kwargs.get(self.keyword) and _grows(counts):
                out.append(_grows_message(label, counts))


def _one_loop(src: Source) -> list[Finding]:
    found = [
        Finding("loop", line, f"line {line}: {what}; write one explicit for loop over the batch")
        for line, what in src.hidden
    ]
    loops, fn = src.loops, src.fn
    if len(loops) > 1:
        lines = ", ".join(str(line) for line, _ in loops)
        found.append(Finding("loop", loops[1][0], f"lines {lines}: {len(loops)} loops; use a single explicit loop over B"))  # fmt: skip
    elif not loops:
        found.append(Finding("loop", fn.lineno, f"line {fn.lineno}: {fn.name} has no explicit loop"))  # fmt: skip
    return found


def _whole_batch(run: CaseRun, out: Violations) -> None:
    """The loop version multiplies one pair of matrices per pass, never the whole batch."""
    args = run.case.args
    if not (len(args) == 2 and all(getattr(a, "ndim", None) == 3 for a in args)):
        return
    _, n, m = args[0].shape
    one = n * args[1].shape[2]  # N * P: one matrix of the batch
    # ...or N * M * P for one matrix's product by broadcasting (x[i][:, :, None] * y[i])
    limit = {**dict.fromkeys(_LOOP_PRODUCTS, one), "mul": one * m}
    whole = [op for op, name in zip(run.logged, run.names) if name in limit and int(op.get("max_out_numel") or 0) > limit[name]]  # fmt: skip
    if whole and args[0].shape[0] > 1:
        out.add(
            "whole_batch",
            f"{line_of(whole[0])}at run time {whole[0]['name']} multiplies the whole batch at "
            f"once ({run.where}); the loop version multiplies one pair of matrices per pass",
        )


def _scaling(
    cases: Sequence[Case], outcomes: Sequence[Any]
) -> dict[str, tuple[list[tuple[int, int]], dict]]:
    """Per group of scaling cases with two sizes or more: (size, torch calls) sorted, kwargs."""
    groups: dict[str, list[tuple[int, int]]] = {}
    kwargs_of: dict[str, dict] = {}
    for case, outcome in zip(cases, outcomes):
        if case.kind != "scaling" or getattr(outcome, "status", "") != "ok" or outcome.ops is None:
            continue
        groups.setdefault(case.group, []).append(
            (case.size or 0, len(ops.computing_ops(outcome.ops)))
        )
        kwargs_of[case.group] = case.kwargs
    return {g: (sorted(c), kwargs_of[g]) for g, c in groups.items() if len(c) >= 2}


def _grows(counts: list[tuple[int, int]]) -> bool:
    return all(b[1] > a[1] for a, b in zip(counts, counts[1:]))


def _growth(counts: list[tuple[int, int]]) -> str:
    return ", ".join(f"size {s}: {c}" for s, c in counts)


def _grows_message(label: str, counts: list[tuple[int, int]]) -> str:
    return Said(f"the number of torch calls{label} grows with the input size ({_growth(counts)}): that is a loop over the data", "loop")  # fmt: skip


def _flat_message(label: str, counts: list[tuple[int, int]]) -> str:
    return f"the number of torch calls{label} does not grow with the batch size ({_growth(counts)}): there is no loop over B"  # fmt: skip
