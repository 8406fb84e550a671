"""Trusted verdicts: a status and credit for each function, from its cases, contract and rules.

For each function, its cases are compared with the reference (`compare`), the contract checked
(input unchanged, same object, views), the rules checked (`static` findings and run-time
`evidence`), and a status and credit decided. The first failing case is reported: the input,
what was expected, what came back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import torch

from torch101.grader import describe, failure
from torch101.grader.cases import Case
from torch101.grader.judge.compare import compare, compare_uniques
from torch101.grader.judge.contract import contract_problem
from torch101.grader.mistake import Said, mistake_of
from torch101.grader.protocol import Outcome
from torch101.grader.rules import runtime_violations
from torch101.grader.spec import FunctionSpec
from torch101.grader.static import FunctionReport
from torch101.grader.weights import Credits

__all__ = ["VERDICT_STATUSES", "Credits", "Verdict", "contract_problem", "judge"]

VERDICT_STATUSES = ("pass", "partial", "fail", "error", "timeout", "not_implemented", "skipped")


@dataclass
class Verdict:
    status: str
    credit: float  # share of the function's points, 0..1 (ignored when skipped)
    _: KW_ONLY
    messages: list[str] = field(default_factory=list)
    cases_run: int = 0
    cases_passed: int = 0
    summary: str = ""  # the result in a few words, for one line of a table
    mistakes: list[str] = field(default_factory=list)  # recognised ones (mistake.MISTAKES), in order
    scaffold: str = ""  # what the template's own code (e.g. a dispatcher) did wrong, said once


# --- the verdict ---------------------------------------------------------------------------

_POLICY = (
    "uses what a submission may not use (the grader's policy; the file is flagged for a person "
    "to review):"
)


def judge(
    spec: FunctionSpec,
    template: str,
    cases: Sequence[Case],
    expected: Sequence[Any],
    outcomes: Sequence[Outcome],
    static: FunctionReport,
    *,
    cuda: bool = False,
    credits: Credits = Credits(),
    strict: bool = False,
) -> Verdict:
    """`strict`: refuse the representation details the template's own checks accept (a 0-d
    integer tensor for a Python int); by default they pass with a note."""
    cases_in = cases
    cases, expected, outcomes, scaffold = _without_scaffold(spec, cases, expected, outcomes, strict)
    verdict = _judge(spec, template, cases, expected, outcomes, static, cuda=cuda, credits=credits, strict=strict)  # fmt: skip
    if scaffold:
        verdict.scaffold = scaffold
        call = next(c.call for c in cases_in if c.call and c.call != spec.name)
        verdict.messages.append(f"graded on its own cases: the template's {call} does not work (see the note)")  # fmt: skip
    return verdict


def _without_scaffold(spec, cases, expected, outcomes, strict) -> tuple[list, list, list, str]:
    """Leave out the cases that go through code the template provides (the 2022
    batched_matrix_multiply dispatcher, which the notebook's check calls) when they fail: a
    student who broke that code keeps the credit of the functions it dispatches to; what to
    restore is said once (`Verdict.scaffold`)."""
    through = [k for k, c in enumerate(cases) if c.call and c.call != spec.name]
    own = [k for k in range(len(cases)) if k not in through]
    names = describe._parameters(spec.name)
    problem = ""
    for k in through:
        if k >= len(outcomes):
            continue
        status, message, _ = _check_case(spec, cases[k], expected[k], outcomes[k], names, strict)
        if status != "ok":
            problem = (
                f"the template's {cases[k].call} (provided by the template; the notebook's check "
                f"calls it) does not work: {message}. Restore the template's version"
            )
            break
    if not problem:
        return list(cases), list(expected), list(outcomes), ""
    keep = [k for k in own if k < len(outcomes)]
    return [cases[k] for k in own], [expected[k] for k in own], [outcomes[k] for k in keep], problem


def _judge(spec, template, cases, expected, outcomes, static, *, cuda, credits, strict=False) -> Verdict:  # fmt: skip
    rules = spec.rules_for(template)
    if not static.defined:
        return Verdict(
            "not_implemented",
            0.0,
            messages=[f"pytorch101.py defines no function {spec.name}"],
            summary="not in the file",
        )
    if static.stub:
        return Verdict(
            "not_implemented",
            0.0,
            messages=[
                f"{spec.name} (line {static.line}) is still the template's stub: replace the pass statement with your code"
            ],
            summary=f"still the template's stub (line {static.line})",
        )
    if outcomes and all(
        o.status == "raised" and failure.is_a(o.exception, "NotImplementedError") for o in outcomes
    ):
        return Verdict(
            "not_implemented",
            0.0,
            messages=[f"{spec.name} raises NotImplementedError"],
            summary="raises NotImplementedError",
        )

    first, passed, contract_msg = _first_failure(spec, cases, expected, outcomes, strict)
    messages = _case_messages(cases, outcomes, first, passed, contract_msg)
    int_note = not strict and any(_int_as_0d(spec, w, o) for w, o in zip(expected, outcomes))
    if int_note:
        messages.append(_INT_AS_0D)
    emulated = rules.needs_gpu and not cuda
    found = runtime_violations(spec.name, rules, cases, outcomes, static, emulated=emulated)
    runtime, half = found.problems, found.half_credit
    said = [mistake_of(first[1]) if first else "", mistake_of(contract_msg), *found.mistakes]
    mistakes = list(dict.fromkeys(m for m in said if m))
    # The static policy (static/policy.py) is not one of the assignment's rules: breaking it fails the
    # function whatever credit.rule_violation says, and the file is flagged for review.
    policy = [f.message for f in static.violations if f.rule == "policy"]
    violations = [f.message for f in static.violations if f.rule != "policy"] + runtime
    half = half or any(f.rule == "half_credit" for f in static.findings)
    if policy:
        messages += [_POLICY, *policy]
    if violations:
        messages += [f"breaks the rule: {rules.text}", *violations]
    messages += [f.message for f in static.findings if not f.penalty]
    messages += found.notes
    total = len(cases)

    def decided(status: str, credit: float, summary: str, *, ran: int = total) -> Verdict:
        return Verdict(
            status, credit, messages=messages, cases_run=ran, cases_passed=passed,
            summary=summary, mistakes=mistakes,
        )  # fmt: skip

    if emulated:  # without CUDA: the same maximum as with it, and the message says so
        gpu_note = _emulated_gpu_note(outcomes, first, violations + policy)
        if first is None and not violations and not policy:
            messages.insert(0, gpu_note)
            return decided("pass", 1.0, "right on an emulated GPU (no CUDA here)")
        messages.append(gpu_note)
    if first is not None:
        ran = len(outcomes)  # a timeout or crash stops a function's cases early
        short = (
            f"{ran - passed} of {total} cases failed: {first[2]}"
            if ran == total
            else f"{first[2]}; {total - ran} cases not run"
        )
        return decided(first[0], 0.0, short, ran=ran)
    # Right on every case, so the summary names what else is wrong: the first policy finding or
    # broken rule (after the note on 0-d integer tensors, when there is one).
    first_note = _INT_AS_0D if int_note else ""
    if policy:
        short = policy[0].split(": ", 1)[-1] or _plain(first_note or _POLICY)
        return decided("fail", 0.0, short)
    if violations:
        credit = credits.rule_violation * (credits.half_credit if half else 1.0)
        short = _plain(first_note or violations[0])
        return decided("partial" if credit > 0 else "fail", credit, short)
    if half:
        short = f"right on all {total} cases; torch.unique: half credit"
        return decided("partial", credits.half_credit, short)
    return decided("pass", 1.0, messages[0])


def _as(problem: str, message: str) -> str:
    """The message, stating the mistake its problem states."""
    return Said(message, mistake_of(problem)) if mistake_of(problem) else message


def _plain(message: str) -> str:
    """A rule's message as a summary: "at run time it makes 3 products" -> "makes 3 products"."""
    return message.replace("at run time it ", "", 1)


def _first_failure(
    spec, cases, expected, outcomes, strict: bool = False
) -> tuple[tuple[str, str, str] | None, int, str | None]:
    """(status, message, short) of the first failing case in case order, cases passed, and
    the first contract note."""
    names = describe._parameters(spec.name)
    first, passed, contract_msg = None, 0, None
    for case, want, outcome in zip(cases, expected, outcomes):
        status, problem, short = _check_case(spec, case, want, outcome, names, strict)
        if status == "ok":
            passed += 1
            continue
        if status == "contract":
            contract_msg = contract_msg or problem
            status = "fail"
        first = first or (status, problem, short)
    return first, passed, contract_msg


def _short(problem: str) -> str:
    """A problem's first clause: 'the output is wrong at index [0, 1]: expected ...' -> its head."""
    cuts = [k for k in (problem.find(": "), problem.find(". "), problem.find("; ")) if k > 0]
    return problem[: min(cuts)] if cuts else problem


def _case_messages(cases, outcomes, first, passed, contract_msg) -> list[str]:
    total, ran = len(cases), len(outcomes)
    if first is None:
        return [f"right on all {total} cases ({_kinds(cases)})"]
    if ran == total:
        messages = [f"{ran - passed} of {total} cases failed; the first: {first[1]}"]
    else:  # "1 of 57 failed" would hide that 56 never ran
        head = "the first case failed" if ran == 1 else f"{ran - passed} of the first {ran} cases failed; the first"  # fmt: skip
        messages = [
            f"{head}: {first[1]}",
            f"stopped after {ran} of {total} cases (a timeout or crash ends the run): "
            f"{total - ran} did not run",
        ]
    if contract_msg and contract_msg not in first[1]:
        messages.append(contract_msg)
    return messages


# Errors the emulated GPU raises exactly where a real one would (mixed devices, numpy of a GPU
# tensor): the student's bug, so a failure. Any other CUDA error may be the emulation's limit.
_REAL_GPU_ERRORS = ("Expected all tensors to be on the same device", "can't convert cuda:0")


def _cuda_error(outcome: Outcome) -> bool:
    """The error (or the student's line it came from) mentions CUDA, and a real GPU would not."""
    said = failure.said(outcome.exception)
    return "cuda" in said.lower() and not any(real in said for real in _REAL_GPU_ERRORS)


def _emulated_gpu_note(outcomes: Sequence[Outcome], first, violations) -> str:
    """What running on the emulated GPU means for this verdict (it is never a skip: a correct
    round trip passes, an error is a failure, as on a real GPU)."""
    if first is None and not violations:
        return (
            "no CUDA device here: the GPU was emulated, and on it the round trip checked out "
            "(moved to the GPU, multiplied there, returned on the CPU)"
        )
    cuda_error = next((o for o in outcomes if o.status == "raised" and _cuda_error(o)), None)
    if cuda_error is not None:
        return (
            "no CUDA device here: the GPU was emulated, and this code failed on it "
            f"({failure.summary(cuda_error.exception)}); on a real GPU it may behave the same: "
            "check it there"
        )
    return "no CUDA device here: the GPU was emulated"


def _kinds(cases: Sequence[Case]) -> str:
    counts: dict[str, int] = {}
    for case in cases:
        counts[case.kind] = counts.get(case.kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


_INT_AS_0D = (
    "returns a 0-d integer tensor where the docstring asks for a Python int: accepted, as the "
    "template's own check (== 2) accepts it; return int(...) or .item() to match the docstring "
    "(graders using --strict refuse it)"
)


def _int_as_0d(spec: FunctionSpec, want: Any, outcome: Outcome) -> bool:
    """A 0-d integer tensor (a plain one) returned where the spec expects a Python int."""
    value = outcome.value
    return (
        spec.contract.int_or_0d
        and outcome.status == "ok"
        and type(want) is int
        and type(value) is torch.Tensor
        and value.ndim == 0
        and not value.dtype.is_floating_point
        and not value.dtype.is_complex
        and value.dtype != torch.bool
    )


def _check_case(
    spec: FunctionSpec, case: Case, want: Any, outcome: Outcome, names: Sequence[str],
    strict: bool = False,
) -> tuple[str, str, str]:  # fmt: skip
    """(status, message, short): "ok", "fail", "contract", "error" or "timeout"."""
    where = describe.clip(describe.call(case.call or spec.name, case.args, case.kwargs), 400)
    about = f" ({case.note})" if case.note else ""
    status, exception = outcome.status, outcome.exception
    if status == "timeout":
        return (
            "timeout",
            f"{where}{about} ran past its time limit ({failure.text(exception) or 'killed'})",
            "ran past the time limit",
        )
    if status == "crashed":
        summary = failure.summary(exception)
        if exception is not None and exception.get("importing"):
            return "error", f"the file cannot be imported, so nothing can run: {summary}", "the file cannot be imported"  # fmt: skip
        return "error", f"the worker crashed on {where}{about}: {summary}", "the worker crashed"
    if status == "raised":
        summary = failure.summary(exception)
        return "error", f"{where}{about} raised {summary}", f"raised {summary.split(':', 1)[0]}"
    if spec.unordered_uniques:
        problem = compare_uniques(want, outcome.value, outcome.value_type)
    elif not strict and _int_as_0d(spec, want, outcome):
        problem = compare(want, int(outcome.value.item()), "int", spec.tolerance)
    else:
        problem = compare(
            want,
            outcome.value,
            outcome.value_type,
            spec.tolerance,
            any_dtype=spec.contract.any_dtype,
        )
    if problem:
        return "fail", _as(problem, f"on {where}{about}, {problem}"), _short(problem)
    problem = contract_problem(spec, case, outcome, names)
    if problem:
        return "contract", _as(problem, f"on {where}{about}, {spec.name} {problem}"), _short(problem)
    return "ok", "", ""
