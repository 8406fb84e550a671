"""The parent's loop: cases and expected outputs in, Calls to the worker, Outcomes back.

Per function: the cases come from the spec, the expected outputs from the reference.

Student code never runs here. The worker session (`sandbox.WorkerSession`) runs it in a
sandboxed child, restarts it after a timeout or a crash, and returns plain data. A function that
times out or crashes stops at that case: its remaining cases are not run, so one infinite loop
costs one time limit, not fifty.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from torch101 import reference
from torch101.grader.cases import Case, Gen
from torch101.grader.spec import FunctionSpec

__all__ = [
    "DEFAULT_RANDOM_CASES",
    "Planned",
    "Run",
    "expected_output",
    "plan",
    "run_planned",
    "DEFAULT_BUDGET_S",
]

# A whole submission's wall clock: an ordinary one needs a few seconds (docs/grader-timings.md).
DEFAULT_BUDGET_S = 120.0
DEFAULT_RANDOM_CASES = 50
CALL_TIMEOUT_S = 5.0
_CHUNKS = (1, 4, 16)  # then the rest: a broken function is found out cheaply


@dataclass
class Run:
    outcomes: dict[str, list]  # per function, aligned with its cases (shorter if it stopped)
    notes: list[str]  # what the session says about its isolation (e.g. no network namespace)


@dataclass
class Planned:
    spec: FunctionSpec
    cases: list[Case]
    expected: list[Any]
    trace: bool
    emulate_cuda: bool


def expected_output(spec: FunctionSpec, case: Case) -> Any:
    """The reference's answer, on copies (mutate_tensor and slice_assignment_practice write)."""
    oracle = getattr(reference, case.call or spec.oracle or spec.name)
    return oracle(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))


def plan(
    specs: Sequence[FunctionSpec], template: str, *, seed: int, random_cases: int, cuda: bool
) -> list[Planned]:
    planned = []
    for spec in specs:
        rules = spec.rules_for(template)
        cases = spec.make_cases(Gen(seed, spec.name), random_cases)
        expected = [expected_output(spec, case) for case in cases]
        emulate = rules.needs_gpu and not cuda
        planned.append(Planned(spec, cases, expected, trace=rules.any, emulate_cuda=emulate))
    return planned


def _calls(item: Planned, call_type: type) -> list:
    return [
        call_type(
            case_id=f"{item.spec.name}/{case.kind}/{k}",
            function=case.call or item.spec.name,
            args=list(case.args),
            kwargs=dict(case.kwargs),
            trace=item.trace,
            emulate_cuda=item.emulate_cuda or case.on_gpu,
            args_on_gpu=case.on_gpu,
            timeout_s=CALL_TIMEOUT_S,
        )
        for k, case in enumerate(item.cases)
    ]


def _default_session(submission: Path, *, limits: Any = None):
    from torch101.grader.sandbox import WorkerSession

    return WorkerSession(submission, limits=limits)


def run_planned(
    submission: Path,
    planned: Sequence[Planned],
    *,
    limits: Any = None,
    session_factory: Callable | None = None,
    call_type: type | None = None,
    skip: frozenset[str] = frozenset(),
    budget_s: float | None = None,
) -> Run:
    """Outcomes per function name, aligned with its cases; functions in `skip` are not run.

    A function whose call times out or crashes stops there: the cases it did not run are left
    out of its list (the judge reports the first failure and how many cases ran).
    `budget_s` bounds the whole submission (imports and re-imports after crashes included):
    once it is spent, every function not yet run gets one `timeout` outcome saying so.
    """
    if call_type is None:
        from torch101.grader.protocol import Call as call_type
    outcomes: dict[str, list] = {item.spec.name: [] for item in planned}
    if all(item.spec.name in skip for item in planned):
        return Run(outcomes, [])  # nothing to run: no worker to start
    deadline = None if budget_s is None else time.monotonic() + budget_s
    with (session_factory or _default_session)(Path(submission), limits=limits) as session:
        session.deadline = deadline
        for item in planned:
            if item.spec.name in skip:
                continue
            if deadline is not None and time.monotonic() >= deadline:
                outcomes[item.spec.name] = [_over_budget(item, budget_s)]
                continue
            calls, done, start = _calls(item, call_type), [], 0
            for size in (*_CHUNKS, len(calls)):
                chunk = calls[start : start + size]
                if not chunk:
                    break
                done += session.run(chunk)
                start += len(chunk)
                if any(o.status in ("timeout", "crashed") for o in done):
                    break
            outcomes[item.spec.name] = done
        notes = list(getattr(session, "notes", None) or [])
        for attempt in getattr(session, "import_policy", None) or []:
            line = attempt.get("line")
            where = f"line {line}" if isinstance(line, int) else "its top level"
            notes.append(
                f"flagged for review: while the file was imported ({where}), the grader's "
                f"sandbox stopped {attempt.get('what')}"
            )
    return Run(outcomes, notes)


def _over_budget(item: Planned, budget_s: float) -> Any:
    from torch101.grader.protocol import Outcome

    case_id = f"{item.spec.name}/0"
    message = (
        f"not run: the submission used up its time budget of {budget_s:g} s (--budget) on the "
        "functions before this one"
    )
    return Outcome.failed(case_id, "timeout", message)


def cuda_available() -> bool:
    return torch.cuda.is_available()
