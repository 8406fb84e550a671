"""Run-time evidence for the rules, from the worker's log of torch calls.

The syntax tree says where a rule is broken; the call log says that it is, whatever the
disguise: forbidden calls and their synonyms, indexing and comparison counts, slice-assignment
values, allowed-ops-only, the largest tensor created (memory rules), op counts that grow with
the input size (a loop) and the GPU round trip (emulated or real).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from torch101.grader import describe, ops
from torch101.grader.cases import Case
from torch101.grader.spec import FunctionSpec, Rules
from torch101.grader.static import FunctionReport

__all__ = ["runtime_violations"]


def _largest_op(logged: list[dict], names: list[str]) -> dict | None:
    """The op that produced the largest tensor (views allocate nothing and do not count)."""
    made = [
        (int(op.get("max_out_numel") or 0), k)
        for k, (op, name) in enumerate(zip(logged, names))
        if name not in ops.VIEW_OPS
    ]
    return logged[max(made)[1]] if made else None


def _first(logged: list[dict], names: list[str], canonical: str) -> dict:
    return next(op for op, name in zip(logged, names) if name == canonical)


def _line(op: dict) -> str:
    """'line 12: ' for an op the worker traced to a line of the student's file."""
    return f"line {op['line']}: " if op.get("line") else ""


def _lines(made: list[dict]) -> str:
    lines = list(dict.fromkeys(op["line"] for op in made if op.get("line")))
    if not lines:
        return ""
    return f"line {lines[0]}: " if len(lines) == 1 else f"lines {', '.join(map(str, lines))}: "


# Matrix products, for the GPU round trip: each must run on the GPU.
_GPU_PRODUCTS = {
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
            return _product_problem(names, logged, "gpu")
        return "never moves x and w to the GPU: call .cuda() on both, multiply, then .cpu()"
    on_gpu = [n for n, op in zip(names, logged) if op.get("fake_gpu")]
    if not on_gpu:
        return "never moves x and w to the GPU: call .cuda() on both, multiply, then .cpu()"
    return _product_problem(names, logged, "fake_gpu")


def _product_problem(names: list[str], logged: list[dict], key: str) -> str | None:
    products = [(n, bool(op.get(key))) for n, op in zip(names, logged) if n in _GPU_PRODUCTS]
    if any(not gpu for _, gpu in products):
        return "multiplies on the CPU: move x and w to the GPU with .cuda() before multiplying"
    return None


def _key_types(op: dict, position: int) -> set[str]:
    """Type names inside one logged argument (a `typetree`): a tuple of a slice and None ->
    {'slice', 'NoneType'}."""
    from torch101.grader.typetree import leaves

    types = op.get("arg_types")
    if type(types) is not list or position >= len(types):
        return set()
    return leaves(types[position]) - {"tuple", "list"}


# Matrix products: in the loop version each may make one (N, P) matrix, not the batch's.
_LOOP_PRODUCTS = frozenset({"mm", "matmul", "bmm", "baddbmm", "addbmm", "einsum", "tensordot"})


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

    for outcome in outcomes:
        for attempt in getattr(outcome, "policy", None) or []:
            what = str(attempt.get("what", "something"))
            line = attempt.get("line")
            where = f"line {line}: " if isinstance(line, int) else ""
            add(
                f"policy:{what}",
                f"{where}the grader's sandbox stopped it: {what}. Submissions may use torch "
                "only: no threads, processes, ctypes, gc, frames, files or patching torch",
            )
    traced = [
        (c, o)
        for c, o in zip(cases, outcomes)
        if getattr(o, "status", "") == "ok" and getattr(o, "ops", None) is not None
    ]
    for case, outcome in traced:
        logged = [op for op in outcome.ops if isinstance(op, dict)]
        names = ops.op_names(logged)
        counts = ops.count(logged)
        where = describe.case(spec.name, case)
        for name in sorted({ops.canonical(n) for n in rules.forbidden} & set(counts)):
            op = _first(logged, names, name)
            add(f"forbidden:{name}", f"{_line(op)}at run time it calls {op['name']} ({where})")
        if set(rules.half_credit) & set(counts):
            half = True
        if rules.getitem is not None:
            low, high = rules.getitem
            used = _indexing_of_input(logged)
            if not low <= len(used) <= high:
                want = f"exactly {low}" if low == high else f"at most {high}"
                add(
                    "getitem",
                    f"{_lines(used)}at run time it indexes the input {_times(len(used))} in one "
                    f"call ({where}){_which(used)}; the rule asks for {want}",
                )
        if rules.in_torch:
            for op, name in zip(logged, names):
                if name in ops.LEAVES_TORCH and int(op.get("self_numel") or 0) > 1:
                    add(
                        "leaves_torch",
                        f"{_line(op)}at run time it turns a tensor of {op['self_numel']} values "
                        f"into {'Python' if name == 'tolist' else 'NumPy'} data with .{name}() "
                        f"({where}): the work then happens outside torch (in Python loops or "
                        "NumPy), where the rules cannot follow it; keep it in torch (x.sum(), x.max(), ...)",
                    )
        looping = rules.one_loop or (rules.loop_switch and case.kwargs.get(rules.loop_switch))
        if looping and len(case.args) == 2 and all(getattr(a, "ndim", None) == 3 for a in case.args):  # fmt: skip
            _, n, m = case.args[0].shape
            one = n * case.args[1].shape[2]  # N * P: one matrix of the batch
            # ...or N * M * P for one matrix's product by broadcasting (x[i][:, :, None] * y[i])
            limit = {**dict.fromkeys(_LOOP_PRODUCTS, one), "mul": one * m}
            whole = [op for op, name in zip(logged, names) if name in limit and int(op.get("max_out_numel") or 0) > limit[name]]  # fmt: skip
            if whole and case.args[0].shape[0] > 1:
                add(
                    "whole_batch",
                    f"{_line(whole[0])}at run time {whole[0]['name']} multiplies the whole batch at "
                    f"once ({where}); the loop version multiplies one pair of matrices per pass",
                )
        vectorised = rules.loop_switch and case.kwargs.get(rules.loop_switch) is False
        if vectorised and len(case.args) == 2:
            products = [name for name in names if name in _LOOP_PRODUCTS]
            if len(products) != 1:
                made = ", ".join(sorted(set(ops.computing_ops(logged)) - ops.VIEW_OPS)) or "none"
                add(
                    "single_op",
                    f"at run time with {rules.loop_switch}=False it makes {len(products)} matrix "
                    f"products (torch calls: {made}) ({where}); the assignment asks for a single "
                    "PyTorch operator: torch.bmm(x, y) or x @ y",
                )
        if rules.max_compare is not None:
            made = [op for op, name in zip(logged, names) if name in ops.COMPARISONS]
            if len(made) > rules.max_compare:
                add(
                    "compare",
                    f"{_lines(made)}at run time it makes {len(made)} comparisons in one call "
                    f"({where}); the rule allows {rules.max_compare}",
                )
        if rules.max_setitem is not None:
            made = [op for op, name in zip(logged, names) if name == "__setitem__"]
            if len(made) > rules.max_setitem:
                add(
                    "setitem",
                    f"{_lines(made)}at run time it makes {len(made)} slice assignments in one "
                    f"call ({where}); at most {rules.max_setitem} are allowed",
                )
        for op, name in zip(logged, names):
            if rules.int_values and name == "__setitem__":
                value = _key_types(op, 2)
                if value and value != {"int"}:
                    add(
                        "setitem_value",
                        f"{_line(op)}at run time it assigns a {'/'.join(sorted(value))} ({where}); assign integers only (x[...] = 3)",
                    )
            if rules.subscripts_reshape_only and name == "__getitem__":
                key = _key_types(op, 1)
                if key - {"slice", "NoneType", "ellipsis"}:
                    add(
                        "getitem_key",
                        f"{_line(op)}at run time it indexes with {'/'.join(sorted(key))} ({where}); allowed: {rules.only_what} (x[:, None] for broadcasting is fine)",
                    )
        if rules.only is not None:
            banned = {ops.canonical(n) for n in (*rules.forbidden, *rules.half_credit)}
            for op, name in zip(logged, names):
                if not ops.computes(name) or name in rules.only or name in banned:
                    continue
                why = (
                    ": iterating over a tensor (a for loop, sum(), list(), zip()...) is a Python loop"
                    if name in ("unbind", "__iter__")
                    else ""
                )
                add(
                    f"only:{name}",
                    f"{_line(op)}at run time it calls {op['name']} ({where}){why}; allowed: {rules.only_what}",
                )
        if rules.max_numel:
            limit, what = _numel_limit(rules.max_numel, case)
            op = _largest_op(logged, names)
            if op is not None and int(op.get("max_out_numel") or 0) > limit:
                add(
                    "numel",
                    f"{_line(op)}at run time it creates a tensor of {op['max_out_numel']} elements ({where}); {what}",
                )
        if rules.gpu_round_trip:
            problem = _gpu_problem(outcome, static, emulated=emulated)
            if problem:
                add("gpu", problem)
    problems += _scaling_violations(rules, cases, outcomes)
    return problems, half


_SPELLED = {"__getitem__": "x[...]"}


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
