"""`grade(path)`: grade a pytorch101.py (a file, a folder holding one, or a .zip) end to end.

Order of work: find the file -> parse it (a syntax error is a usage error, with file and line)
-> pick the template -> static checks -> cases and expected outputs (reference, in this
process) -> the student's code in the sandboxed worker -> the judge -> a GradeResult.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from torch101.grader import failure, static
from torch101.grader.errors import SubmissionError, UsageError
from torch101.grader.judge import judge
from torch101.grader.lessons import Lesson, lesson_for
from torch101.grader.report.result import FunctionResult, GradeResult
from torch101.grader.runner import (
    DEFAULT_BUDGET_S,
    DEFAULT_RANDOM_CASES,
    cuda_available,
    plan,
    run_planned,
)
from torch101.grader.spec import graded_functions
from torch101.grader.submission import open_submission, read_source
from torch101.grader.weights import Weights, load_weights
from torch101.reference.templates import TEMPLATE_NAMES, detect_template

__all__ = ["SubmissionError", "UsageError", "grade", "open_submission"]

def _parse(source: str, shown: str) -> static.Module:
    try:
        return static.parse(source, shown)
    except SyntaxError as err:
        where = f"{shown}, line {err.lineno}" + (f", column {err.offset}" if err.offset else "")
        text = f"\n    {err.text.rstrip()}" if err.text else ""
        raise SubmissionError(f"{where}: SyntaxError: {err.msg}{text}") from None
    except ValueError as err:  # e.g. null bytes
        raise SubmissionError(f"grade: '{shown}' is not valid Python source ({err})") from None


def grade(
    path: str | Path | None = None,
    *,
    template: str | None = None,
    seed: int | None = None,
    cases: int | None = None,
    weights: str | Path | Weights | None = None,
    only: Sequence[str] | None = None,
    limits: Any = None,
    session_factory: Callable | None = None,
    budget: float | None = DEFAULT_BUDGET_S,
    random_cases: int | None = None,
    functions: Sequence[str] | None = None,
    strict: bool = False,
) -> GradeResult:
    """Grade a pytorch101.py; with no path, the bundled reference solution (everything passes).

    The options are those of `torch101 grade`, with the same names:
    template: "2020" or "2022" (default: detected from the functions the file defines).
    seed: the random cases' seed (same seed, same cases); None draws a fresh one, recorded in
    the result, so that no table of answers prepared in advance can pass. cases: random cases
    per function (>= 1, default 50). weights: a TOML file (see weights.toml) or a Weights.
    only: grade only these functions. budget: wall-clock seconds for the whole submission (its
    import and every call), after which the functions not yet run are reported `timeout`;
    None: no budget. (random_cases and functions are the older names of cases and only.)
    strict: refuse what the template's own checks accept but the docstring does not (a 0-d
    integer tensor for a Python int); by default it passes with a note (docs/grader-design.md).
    """
    random_cases = _alias("cases", cases, "random_cases", random_cases, DEFAULT_RANDOM_CASES)
    functions = _alias("only", only, "functions", functions, None)
    if isinstance(functions, str):  # only="reshape_practice": one name, not its letters
        functions = [functions]
    seed = fresh_seed() if seed is None else seed
    weights = _check_options(template, seed, random_cases, weights, budget)
    started = time.perf_counter()
    with open_submission(path, template=template) as (file, shown, is_reference):
        module = _parse(read_source(file, shown), shown)
        tpl = template or detect_template(set(module.functions))
        specs = _select(graded_functions(tpl), functions, tpl)
        reports = {s.name: static.check_function(module, s.name, s.rules_for(tpl)) for s in specs}
        # Missing functions and untouched stubs are not_implemented: nothing to run for them.
        runnable = [s for s in specs if reports[s.name].defined and not reports[s.name].stub]
        cuda = cuda_available()
        planned = plan(runnable, tpl, seed=seed, random_cases=random_cases, cuda=cuda)
        run = run_planned(
            file, planned, limits=limits, session_factory=session_factory, budget_s=budget
        )
    by_name = {p.spec.name: p for p in planned}
    results, scaffolds = [], []
    for spec in specs:
        item = by_name.get(spec.name)
        cases, expected = (item.cases, item.expected) if item else ([], [])
        outcomes = run.outcomes.get(spec.name, [])
        verdict = judge(spec, tpl, cases, expected, outcomes, reports[spec.name], cuda=cuda, credits=weights.credits, strict=strict)  # fmt: skip
        lesson = lesson_for(spec.name, verdict.status, verdict.mistakes, reports[spec.name].findings, cases, expected, outcomes)  # fmt: skip
        results.append(_result(spec.name, verdict, weights.points.get(spec.name, 1.0), lesson))
        scaffolds.append(verdict.scaffold)
    notes = _notes(module, run.outcomes) + run.notes
    notes += [v for v in scaffolds if v][:1]  # what to restore, said once for the submission
    if notes and notes[0].startswith(_IMPORT_NOTE):
        results = [_not_imported(r) for r in results]
    elapsed = time.perf_counter() - started
    review = [v.message for v in module.policy.review]  # breaks the static policy: a person looks
    return GradeResult(
        tpl, results, submission=shown, seed=seed, notes=notes, duration_s=elapsed,
        is_reference=is_reference, review=review,
    )  # fmt: skip


def fresh_seed() -> int:
    """A seed nobody can know in advance (the report records it: --seed N reproduces a run)."""
    return secrets.randbelow(2**31)


def _alias(name: str, value: Any, old: str, old_value: Any, default: Any) -> Any:
    if value is not None and old_value is not None:
        raise UsageError(f"grade: give {name} or {old} (the same option), not both; got {name}={value!r} and {old}={old_value!r}")  # fmt: skip
    return value if value is not None else old_value if old_value is not None else default


def _check_options(template, seed, random_cases, weights, budget=None) -> Weights:
    if template is not None and template not in TEMPLATE_NAMES:
        raise UsageError(
            f"grade: template must be one of {', '.join(TEMPLATE_NAMES)}, got {template!r}"
        )
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, (int, float)) or not budget > 0):  # fmt: skip
        raise UsageError(f"grade: budget must be a positive number of seconds or None, got {budget!r}")  # fmt: skip
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"grade: seed must be an int, got {seed!r}")
    if isinstance(random_cases, bool) or not isinstance(random_cases, int) or random_cases < 1:
        raise UsageError(f"grade: cases (random cases per function) must be an int >= 1, got {random_cases!r}")  # fmt: skip
    if isinstance(weights, Weights):
        return weights
    try:
        return load_weights(weights)
    except ValueError as err:
        raise UsageError(str(err)) from None


def _select(specs: list, functions: Sequence[str] | None, template: str) -> list:
    if functions is None:
        return specs
    unknown = sorted(set(functions) - {s.name for s in specs})
    if unknown:
        raise UsageError(
            f"grade: no graded function {', '.join(unknown)} in the {template} template; "
            f"choose from {', '.join(s.name for s in specs)}"
        )
    return [s for s in specs if s.name in functions]


def _result(name: str, verdict, points: float, lesson: Lesson) -> FunctionResult:
    max_score = 0.0 if verdict.status == "skipped" else points  # not counted without a GPU
    score = round(verdict.credit * max_score, 6)
    return FunctionResult(
        name, verdict.status, score, max_score, messages=verdict.messages,
        cases_run=verdict.cases_run, cases_passed=verdict.cases_passed, summary=verdict.summary,
        tour=lesson.tour, lesson=lesson.idea,
    )  # fmt: skip


_IMPORT_NOTE = "the file could not be imported (every function fails)"
NOT_IMPORTED = "not run: the file cannot be imported (the error is in the notes, once)"
_TRACEBACK_LINES = 12


def _not_imported(result: FunctionResult) -> FunctionResult:
    """The one-line status of a function that could not run because the import failed."""
    if result.status != "error" or not any("cannot be imported" in m for m in result.messages):
        return result
    result.messages = [NOT_IMPORTED]
    result.summary = "not run: the file cannot be imported"
    return result


def _trim(text: str) -> str:
    lines = text.strip().splitlines()
    if len(lines) <= _TRACEBACK_LINES:
        return "\n".join(lines)
    return "\n".join([*lines[:2], f"  ... {len(lines) - _TRACEBACK_LINES} lines ...", *lines[-(_TRACEBACK_LINES - 2) :]])  # fmt: skip


def _notes(module: static.Module, outcomes: dict[str, list]) -> list[str]:
    notes = []
    firsts = [o[0] for o in outcomes.values() if o]
    if (
        firsts
        and all(o.status == "crashed" for o in firsts)
        and len({failure.text(o.exception) for o in firsts}) == 1
    ):
        notes.append(f"{_IMPORT_NOTE}: {_trim(failure.text(firsts[0].exception))}")
    reviewed = {v.line for v in module.policy.review}  # those lines fail by the policy instead
    tampering = [n.message for n in module.notes if n.line not in reviewed]
    if tampering:
        notes.append(
            "changes to torch or the interpreter change no verdict (the grader compares outside your process): "
            + "; ".join(tampering[:5])
        )
    return notes
