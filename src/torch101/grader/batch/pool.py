"""Grade a class in parallel: `torch101 grade PATH... --out summary.csv --jobs N [--resume]`.

`layouts.collect` turns the PATHs (folders, zips, files; Gradescope, Canvas, GitHub Classroom
or plain layouts) into one `Submission` per student entry, each a file to grade or an error
that says why there is none. Every entry gives exactly one row: graded, or `error`.

Submissions are graded by `torch101.grader.grade` in `jobs` spawned processes (each grade runs
the student's code in its own sandboxed worker), with a progress bar. A job process that dies is
replaced and its submission retried once. SIGINT, SIGTERM and SIGHUP stop the job processes and
everything they started, keep what was graded, and exit 130 / 143 / 129 (`interrupt`).

Output (`gradebook`): the long CSV, a wide CSV (one row per student) and the JSON summary,
rewritten atomically after each student; `--resume` keeps the students of an earlier summary
whose file has not changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

from torch101.grader.batch.layouts import Submission, collect
from torch101.grader.errors import UsageError
from torch101.grader.interrupt import (
    Interrupted,
    descendants,
    exit_now,
    kill_leftovers,
    stop_on_signals,
)
from torch101.grader.report import gradebook

__all__ = ["BatchResult", "Submission", "discover", "grade_many", "write_summary"]

CSV_COLUMNS = gradebook.CSV_COLUMNS
_STOP_GRACE_S = 1.5  # job processes get this long to close their workers, then SIGKILL


def discover(paths: Sequence[str | Path], *, unpack_to: Path | None = None) -> list[Submission]:
    """The students behind `paths`, in order, with unique names (see `layouts.collect`)."""
    into = unpack_to or Path(tempfile.mkdtemp(prefix="torch101-batch-"))
    return collect(paths, unpack_to=into).submissions


@dataclass
class BatchResult:
    students: list[dict[str, Any]] = field(default_factory=list)  # one per entry, in order
    _: KW_ONLY
    elapsed_s: float = 0.0
    jobs: int = 1
    options: dict[str, Any] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    complete: bool = True
    interrupted: str | None = None  # the signal that stopped the run
    total: int | None = None  # entries found (more than `students` when interrupted)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One row per student and function (one error row for a submission not graded)."""
        return gradebook.long_rows(self.students)

    @property
    def counts(self) -> dict[str, int]:
        errors = sum(1 for s in self.students if s.get("error") or not s.get("functions"))
        total = self.total if self.total is not None else len(self.students)
        return {"graded": len(self.students) - errors, "error": errors, "total": total}

    def to_dict(self) -> dict[str, Any]:
        n = len(self.students)
        return {
            "jobs": self.jobs,
            "elapsed_s": round(self.elapsed_s, 3),
            "submissions_per_minute": round(60 * n / self.elapsed_s, 2) if self.elapsed_s else None,
            "complete": self.complete,
            "interrupted": self.interrupted,
            "counts": self.counts,
            "options": self.options,
            "ignored": self.ignored,
            "students": self.students,
            "rows": self.rows,
        }


# ---------------------------------------------------------------------------------------------
# Grading


def _grade_one(path: str, grade_kwargs: dict[str, Any]) -> dict[str, Any]:
    """Runs in a job process: one submission, never raising (a stop signal ends the process)."""
    from torch101.grader import grade

    t0 = time.perf_counter()
    try:
        result = grade(path, **grade_kwargs).to_dict()
        result["error"] = None
    except KeyboardInterrupt as exc:  # the run is stopping: grade()'s `with` blocks unwound
        exit_now(Interrupted.of(exc))
    except Exception as exc:  # a syntax error, a grader bug: one row, not a stop
        result = {"functions": [], "score": 0.0, "max_score": 0.0, "template": None, "notes": []}
        usage = isinstance(exc, UsageError)
        result["error"] = str(exc) if usage else f"{type(exc).__name__}: {exc}"
    result["elapsed_s"] = round(time.perf_counter() - t0, 3)
    return result


def _sha256(path: Path | None) -> str:
    if path is None or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry(sub: Submission, result: dict[str, Any], digest: str = "") -> dict[str, Any]:
    keep = ("template", "score", "max_score", "error", "elapsed_s", "functions")
    notes = [*(result.get("notes") or []), *([sub.note] if sub.note else [])]
    return {
        "student": sub.student,
        "identity": dict(sub.identity),
        "layout": sub.layout,
        "entry": sub.entry or str(sub.path or ""),
        "submission": str(sub.path or ""),
        "sha256": digest,
        **{k: result.get(k) for k in keep},
        "notes": notes,
    }


def _key(entry: dict[str, Any]) -> tuple[str, str, str]:
    return (entry["student"], entry.get("entry", ""), entry.get("sha256", ""))


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """SIGTERM every job process (each closes its workers and fork server), SIGKILL stragglers,
    then whatever they started that still runs (a fork server caught starting, its workers)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    below = descendants(os.getpid(), min_depth=2)  # not the job processes nor the tracker
    for proc in procs:
        if proc.is_alive() and proc.pid:
            proc.terminate()
    deadline = time.monotonic() + _STOP_GRACE_S
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
    for proc in procs:
        if proc.is_alive() and proc.pid:
            with contextlib.suppress(OSError):  # it may end between the check and the kill
                os.kill(proc.pid, signal.SIGKILL)
            proc.join(1.0)
    kill_leftovers(below)
    pool.shutdown(wait=False, cancel_futures=True)


def grade_many(
    submissions: Sequence[Submission],
    *,
    jobs: int | None = None,
    grade_kwargs: dict[str, Any] | None = None,
    on_done: Callable[[Submission, dict[str, Any]], None] | None = None,
    previous: Sequence[dict[str, Any]] = (),
    scratch: Path | None = None,
) -> BatchResult:
    """Grade every submission with `jobs` processes (default: the machine's cores).

    `on_done(submission, entry)` is called as each one finishes (progress bars and progressive
    output hang here). A submission with an error is not graded: its entry says why. An entry of
    `previous` with the same student, entry and file contents (sha256), graded without error, is
    kept as it was (`--resume`). A job process that dies is replaced; the submissions it held
    are retried once. KeyboardInterrupt (and `Interrupted`) stops every job process first.
    `scratch`: a folder for the job processes' temporary folders (the caller removes it).
    """
    if jobs is None:
        jobs = os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"grade_many: jobs must be an int >= 1, got {jobs!r}")
    kwargs = dict(grade_kwargs or {})
    t0 = time.perf_counter()
    kept = {_key(e): e for e in previous if not e.get("error") and e.get("functions")}
    entries: dict[int, dict[str, Any]] = {}
    pending: list[int] = []
    digests: dict[int, str] = {}

    def finish(i: int, entry: dict[str, Any]) -> None:
        entries[i] = entry
        if on_done:
            on_done(submissions[i], entry)

    for i, sub in enumerate(submissions):
        digests[i] = _sha256(sub.path)
        if sub.error is not None:
            finish(i, _entry(sub, {"error": sub.error}, digests[i]))
        elif (sub.student, sub.entry or str(sub.path or ""), digests[i]) in kept:
            finish(i, {**kept[(sub.student, sub.entry or str(sub.path or ""), digests[i])], "resumed": True})  # fmt: skip
        else:
            pending.append(i)
    tries = dict.fromkeys(pending, 0)
    context = multiprocessing.get_context("spawn")  # a clean interpreter per job, no forked threads
    while pending:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(pending)), mp_context=context, initializer=stop_on_signals, initargs=(str(scratch) if scratch else None,))  # fmt: skip
        running: dict[Future, int] = {}
        broken = False
        try:
            while (pending or running) and not broken:
                while pending and len(running) < jobs:
                    i = pending.pop(0)
                    tries[i] += 1
                    running[pool.submit(_grade_one, str(submissions[i].path), kwargs)] = i
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    i = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if tries[i] < 2:
                            pending.insert(0, i)
                            continue
                        result = {"error": "the grading process died twice on this submission"}
                    finish(i, _entry(submissions[i], result, digests[i]))
            if broken:  # whatever was still running died with the pool: try it again
                for i in running.values():
                    if tries[i] < 2:
                        pending.insert(0, i)
                    else:
                        finish(i, _entry(submissions[i], {"error": "the grading process died"}, digests[i]))  # fmt: skip
        except BaseException:
            _stop_pool(pool)
            raise
        pool.shutdown(wait=True, cancel_futures=True)
    students = [entries[i] for i in range(len(submissions))]
    return BatchResult(students, elapsed_s=time.perf_counter() - t0, jobs=jobs)


def write_summary(batch: BatchResult, csv_path: str | Path) -> tuple[Path, Path]:
    """The long CSV, the wide CSV and the JSON beside it; returns (long CSV, JSON)."""
    outputs = gradebook.outputs_for(csv_path)
    gradebook.write_all(outputs, batch.to_dict())
    return outputs.long_csv, outputs.json
