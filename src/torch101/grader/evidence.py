"""Run-time evidence for the rules, from the worker's log of torch calls.

The syntax tree says where a rule is broken; the call log says that it is, whatever the
disguise: forbidden calls and their synonyms, indexing and comparison counts, slice-assignment
values, allowed-ops-only, the largest tensor created (memory rules), op counts that grow with
the input size (a loop) and the GPU round trip (emulated or real).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from torch101.grader import describe, ops
from torch101.grader.cases import Case
from torch101.grader.spec import FunctionSpec, Rules
from torch101.grader.static import FunctionReport

__all__ = ["runtime_violations"]


def _largest(outcome: Any) -> int:
    """Largest tensor a non-view op produced during the call."""
    largest = 0
    for op in getattr(outcome, "ops", None) or []:
        if isinstance(op, dict) and ops.canonical(str(op.get("name", ""))) not in ops.VIEW_OPS:
            largest = max(largest, int(op.get("max_out_numel") or 0))
    return largest


def _raw(outcome: Any, canonical: str) -> str:
    for op in getattr(outcome, "ops", None) or []:
        raw = op if isinstance(op, str) else str(op.get("name", ""))
        if ops.canonical(raw) == canonical:
            return raw
    return canonical


_PRODUCTS = {
    "mm",
    "matmul",
    "bmm",
    "einsum",
    "tensordot",
    "addmm",
    "baddbmm",
    "mv",
    "dot",
    "inner",
    "chain_matmul",
    "linear",
}


def _gpu_problem(outcome: Any, static: FunctionReport, *, emulated: bool) -> str | None:
    """Evidence of the round trip: moved to the GPU, multiplied there, result back on the CPU.

    On an emulated GPU every logged op says whether an input was on the (fake) GPU; on a real
    one the device of the result is compared like any value, and the log shows the moves.
    """
    if any(getattr(outcome, "on_fake_gpu", None) or []):
        return "returns its result on the GPU; move it back with .cpu()"
    logged = [op for op in getattr(outcome, "ops", None) or [] if isinstance(op, dict)]
    names = ops.op_names(logged)
    if not emulated:
        if "cuda" in names or ("to" in names and static.moves_to_gpu):
            return None
        return "never moves x and w to the GPU: call .cuda() on both, multiply, then .cpu()"
    on_gpu = [n for n, op in zip(names, logged) if op.get("fake_gpu")]
    if not on_gpu:
        return "never moves x and w to the GPU: call .cuda() on both, multiply, then .cpu()"
    products = [(n, bool(op.get("fake_gpu"))) for n, op in zip(names, logged) if n in _PRODUCTS]
    if products and not any(gpu for _, gpu in products):
        return "multiplies on the CPU: move x and w to the GPU with .cuda() before multiplying"
    return None


def _key_types(op: dict, position: int) -> set[str]:
    """Type names inside one logged argument: 'tuple[slice, NoneType]' -> {'slice', 'NoneType'}."""
    types = op.get("arg_types") or []
    if position >= len(types):
        return set()
    return {
        t
        for t in re.split(r"[\[\],\s*]+", str(types[position]))
        if t and not t.isdigit() and t not in ("tuple", "list")
    }


def _growth(counts: list[tuple[int, int]]) -> str:
    return ", ".join(f"size {s}: {c}" for s, c in counts)


def runtime_violations(
    spec: FunctionSpec,
    rules: Rules,
    cases: Sequence[Case],
    outcomes: Sequence[Any],
    static: FunctionReport,
    *,
    emulated: bool = False,
) -> tuple[list[str], bool]:
    """Rule violations seen in the torch-call logs of correct runs, and whether half credit applies."""
    problems: list[str] = []
    half = False
    # A forbidden name the syntax tree already showed, with its line, need not be said twice.
    seen: set[str] = {f"forbidden:{f.subject}" for f in static.violations if f.subject}

    def add(key: str, message: str) -> None:
        if key not in seen:
            seen.add(key)
            problems.append(message)

    traced = [
        (c, o)
        for c, o in zip(cases, outcomes)
        if getattr(o, "status", "") == "ok" and getattr(o, "ops", None) is not None
    ]
    for case, outcome in traced:
        logged = outcome.ops
        counts = ops.count(logged)
        computing = ops.computing_ops(logged)
        where = describe.case(spec.name, case)
        for name in sorted({ops.canonical(n) for n in rules.forbidden} & set(counts)):
            add(f"forbidden:{name}", f"at run time it calls {_raw(outcome, name)} ({where})")
        if set(rules.half_credit) & set(counts):
            half = True
        if rules.getitem is not None:
            low, high = rules.getitem
            n = counts.get("__getitem__", 0)
            if not low <= n <= high:
                want = f"exactly {low}" if low == high else f"at most {high}"
                add(
                    "getitem",
                    f"at run time it indexes (x[...]) {n} times in one call ({where}); the rule asks for {want}",
                )
        if rules.max_compare is not None:
            n = sum(counts.get(c, 0) for c in ops.COMPARISONS)
            if n > rules.max_compare:
                add(
                    "compare",
                    f"at run time it makes {n} comparisons in one call ({where}); the rule allows {rules.max_compare}",
                )
        if rules.max_setitem is not None:
            n = counts.get("__setitem__", 0)
            if n > rules.max_setitem:
                add(
                    "setitem",
                    f"at run time it makes {n} slice assignments in one call ({where}); at most {rules.max_setitem} are allowed",
                )
        for op in logged if (rules.int_values or rules.subscripts_reshape_only) else ():
            name = ops.canonical(str(op.get("name", ""))) if isinstance(op, dict) else ""
            if rules.int_values and name == "__setitem__":
                value = _key_types(op, 2)
                if value and value != {"int"}:
                    add(
                        "setitem_value",
                        f"at run time it assigns a {'/'.join(sorted(value))} ({where}); assign integers only (x[...] = 3)",
                    )
            if rules.subscripts_reshape_only and name == "__getitem__":
                key = _key_types(op, 1)
                if key - {"slice", "NoneType", "ellipsis"}:
                    add(
                        "getitem_key",
                        f"at run time it indexes with {'/'.join(sorted(key))} ({where}); allowed: {rules.only_what} (x[:, None] for broadcasting is fine)",
                    )
        if rules.only is not None:
            banned = {ops.canonical(n) for n in (*rules.forbidden, *rules.half_credit)}
            extra = [n for n in computing if n not in rules.only and n not in banned]
            for name in dict.fromkeys(extra):
                add(
                    f"only:{name}",
                    f"at run time it calls {_raw(outcome, name)} ({where}); allowed: {rules.only_what}",
                )
        if rules.max_numel:
            limit, what = _numel_limit(rules.max_numel, case)
            largest = _largest(outcome)
            if largest > limit:
                add(
                    "numel",
                    f"at run time it creates a tensor of {largest} elements ({where}); {what}",
                )
        if rules.gpu_round_trip:
            problem = _gpu_problem(outcome, static, emulated=emulated)
            if problem:
                add("gpu", problem)
    problems += _scaling_violations(rules, cases, outcomes)
    return problems, half


def _numel_limit(kind: str, case: Case) -> tuple[int, str]:
    if kind == "input":
        n = case.args[0].numel()
        return n, f"the input has {n}: no new tensor may be larger than the input (O(N) memory)"
    xs, _ = case.args
    total, count, longest = sum(t.numel() for t in xs), len(xs), max(t.numel() for t in xs)
    return 4 * (total + count), (
        f"the inputs hold {total} values in {count} tensors: do not pad to N x max(K) = "
        f"{count * longest} (memory must stay O(total length))"
    )


def _scaling_violations(rules: Rules, cases: Sequence[Case], outcomes: Sequence[Any]) -> list[str]:
    groups: dict[str, list[tuple[int, int]]] = {}
    kwargs_of: dict[str, dict] = {}
    for case, outcome in zip(cases, outcomes):
        if case.kind != "scaling" or getattr(outcome, "status", "") != "ok" or outcome.ops is None:
            continue
        groups.setdefault(case.group, []).append(
            (case.size or 0, len(ops.computing_ops(outcome.ops)))
        )
        kwargs_of[case.group] = case.kwargs
    problems = []
    for group, counts in groups.items():
        counts.sort()
        if len(counts) < 2:
            continue
        grows = all(b[1] > a[1] for a, b in zip(counts, counts[1:]))
        needs_loop = rules.one_loop or (
            rules.loop_switch and kwargs_of[group].get(rules.loop_switch)
        )
        label = (
            f" with {rules.loop_switch}={kwargs_of[group].get(rules.loop_switch)}"
            if rules.loop_switch
            else ""
        )
        if needs_loop and not grows:
            problems.append(
                f"the number of torch calls{label} does not grow with the batch size ({_growth(counts)}): there is no loop over B"
            )
        elif (rules.no_loops or (rules.loop_switch and not needs_loop)) and grows:
            problems.append(
                f"the number of torch calls{label} grows with the input size ({_growth(counts)}): that is a loop over the data"
            )
    return problems
