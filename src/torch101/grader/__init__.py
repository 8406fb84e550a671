"""Grade a student's pytorch101.py as strictly as the course staff would.

`torch101.grade("pytorch101.py")` returns a `GradeResult` (a rich table in the terminal, an HTML
table in Jupyter, `.to_json()` for tools). Student code runs only in a sandboxed worker process;
this process computes the expected outputs with `torch101.reference` and judges. The names below
load on first use, so that `torch101 --help` (which imports `torch101.grader.cli`) stays fast.
"""

from __future__ import annotations

from torch101._lazy import lazy_getattr

_LAZY = {
    "grade": "torch101.grader.api",
    "SubmissionError": "torch101.grader.errors",
    "GradeResult": "torch101.grader.report.result",
    "FunctionResult": "torch101.grader.report.result",
    "load_weights": "torch101.grader.weights",
}

__all__ = sorted(_LAZY)


__getattr__ = lazy_getattr(__name__, _LAZY)
