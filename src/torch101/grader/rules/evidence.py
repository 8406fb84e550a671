"""Run-time evidence for the rules, from the worker's log of torch calls.

First what the sandbox stopped, then each rule over each correct traced call, then each rule
across all the calls.

The syntax tree says where a rule is broken; the call log says that it is, whatever the
disguise (synonyms, aliases, helpers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from torch101.grader import describe, ops
from torch101.grader.cases import Case
from torch101.grader.rules.base import CaseRun, Rules, Violations
from torch101.grader.static.model import FunctionReport

__all__ = ["runtime_violations"]


def runtime_violations(
    name: str,
    rules: Rules,
    cases: Sequence[Case],
    outcomes: Sequence[Any],
    static: FunctionReport,
    *,
    emulated: bool = False,
) -> Violations:
    """Rule violations seen in the torch-call logs of correct runs of function `name`."""
    out = Violations()
    for outcome in outcomes:
        for attempt in getattr(outcome, "policy", None) or []:
            what = str(attempt.get("what", "something"))
            line = attempt.get("line")
            where = f"line {line}: " if isinstance(line, int) else ""
            out.add(
                f"policy:{what}",
                f"{where}the grader's sandbox stopped it: {what}. Submissions may use torch "
                "only: no threads, processes, ctypes, gc, frames, files or patching torch",
            )
    banned = rules.named
    for case, outcome in zip(cases, outcomes):
        if getattr(outcome, "status", "") != "ok" or getattr(outcome, "ops", None) is None:
            continue
        logged = [op for op in outcome.ops if isinstance(op, dict)]
        run = CaseRun(
            case=case,
            outcome=outcome,
            logged=logged,
            names=ops.op_names(logged),
            counts=ops.count(logged),
            where=describe.case(name, case),
            static=static,
            emulated=emulated,
            banned=banned,
        )
        for rule in rules:
            rule.case(run, out)
    for rule in rules:
        rule.overall(cases, outcomes, out, static)
    return out
