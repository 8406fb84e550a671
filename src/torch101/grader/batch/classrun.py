"""The command line's class mode: `torch101 grade PATH... [--out summary.csv] [--resume]`.

Finds the students, grades them with a progress bar, rewrites the outputs after each student,
prints a table and the counts (graded / error / total entries). Exit codes: 0 every entry was
graded (whatever the scores), 1 any entry is an error row, 2 bad options or an output that
cannot be written, 128 + N for a stop signal N (130 SIGINT, 143 SIGTERM, 129 SIGHUP) after
writing what was graded.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from torch101.grader.batch.layouts import collect
from torch101.grader.batch.pool import BatchResult, Submission, grade_many
from torch101.grader.interrupt import Interrupted
from torch101.grader.report import gradebook

__all__ = ["run_batch"]

_RESUME_KEYS = ("template", "cases", "weights", "only", "strict")  # options that change a verdict


class _Progressive:
    """The outputs, rewritten after each student; a failure to write is kept, not raised."""

    def __init__(self, outputs: gradebook.Outputs | None, base: BatchResult, order: Sequence[Submission]):  # fmt: skip
        self.outputs = outputs
        self.base = base
        self.order = order
        self.done: dict[str, dict[str, Any]] = {}
        self.error: str | None = None
        self.t0 = time.perf_counter()

    def add(self, sub: Submission, entry: dict[str, Any]) -> None:
        self.done[sub.student] = entry
        self.write(complete=False)

    def result(self, **extra: Any) -> BatchResult:
        students = [self.done[s.student] for s in self.order if s.student in self.done]
        b = self.base
        return BatchResult(students, elapsed_s=time.perf_counter() - self.t0, jobs=b.jobs, options=b.options, ignored=b.ignored, total=len(self.order), **extra)  # fmt: skip

    def write(self, *, complete: bool, **extra: Any) -> None:
        self.save(self.result(complete=complete, **extra))

    def save(self, batch: BatchResult) -> None:
        if self.outputs is None:
            return
        try:
            gradebook.write_all(self.outputs, batch.to_dict())
            self.error = None
        except OSError as exc:
            self.error = f"cannot write {exc.filename or self.outputs.json}: {exc.strerror or exc}"


def _rescue(batch: BatchResult) -> Path:
    """Where the results go when the outputs cannot be written: a file in the temp folder."""
    fd, name = tempfile.mkstemp(prefix="torch101-class-", suffix=".json")
    with open(fd, "w", encoding="utf-8") as f:
        json.dump(batch.to_dict(), f, indent=2)
    return Path(name)


def load_resume(out: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    """The students of out's JSON summary that --resume may keep; ValueError with the reason."""
    students, before = gradebook.previous_students(gradebook.outputs_for(out).json)
    changed = [k for k in _RESUME_KEYS if k in before and before.get(k) != options.get(k)]
    if changed:
        diff = ", ".join(f"--{k} {before.get(k)!r} then, {options.get(k)!r} now" for k in changed)
        raise ValueError(f"--resume: the summary was graded with other options ({diff}); grade again without --resume")  # fmt: skip
    return students


def run_batch(
    paths: Sequence[str],
    *,
    out: str | None,
    jobs: int | None,
    grade_kwargs: dict[str, Any],
    resume: bool = False,
    options: dict[str, Any] | None = None,
) -> int:
    from rich.console import Console

    from torch101._cli import fail

    console = Console(stderr=True)
    options = dict(options or {})
    previous: list[dict[str, Any]] = []
    if resume and out:
        try:
            previous = load_resume(out, options)
        except ValueError as exc:
            return fail("grade", str(exc))
    outputs = gradebook.outputs_for(out) if out else None
    with tempfile.TemporaryDirectory(prefix="torch101-batch-") as tmp:
        found = collect(paths, unpack_to=Path(tmp))
        subs = found.submissions
        if not subs:
            return fail("grade", f"no submissions found in {', '.join(paths)}")
        for path in found.ignored:
            console.print(f"ignored (no student's entry): {path}", markup=False, highlight=False)
        base = BatchResult([], jobs=jobs or 0, options=options, ignored=found.ignored)
        progressive = _Progressive(outputs, base, subs)
        try:
            batch = _graded(subs, jobs, grade_kwargs, previous, progressive, console, Path(tmp) / "jobs")  # fmt: skip
        except KeyboardInterrupt as exc:
            stop = Interrupted.of(exc)
            name = str(stop)
            progressive.write(complete=False, interrupted=name)
            partial = progressive.result(complete=False, interrupted=name)
            _report(partial, console, progressive, outputs)
            console.print(f"interrupted by {name}: {len(partial.students)} of {len(subs)} entries kept", markup=False)  # fmt: skip
            return stop.exit_code
    batch.options, batch.ignored, batch.total = options, found.ignored, len(subs)
    progressive.save(batch)
    return _report(batch, console, progressive, outputs)


def _graded(subs, jobs, grade_kwargs, previous, progressive: _Progressive, console, scratch: Path) -> BatchResult:  # fmt: skip
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"))  # fmt: skip
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("", total=len(subs))

        def done(sub: Submission, entry: dict) -> None:
            progressive.add(sub, entry)
            progress.update(task, advance=1, description=sub.student)

        return grade_many(subs, jobs=jobs, grade_kwargs=grade_kwargs, on_done=done, previous=previous, scratch=scratch)  # fmt: skip


def _report(batch: BatchResult, console, progressive: _Progressive, outputs) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from torch101._cli import fail

    title = f"{batch.counts['total']} entries, {batch.elapsed_s:.1f} s with {batch.jobs} jobs"
    table = Table(title=title)
    for column in ("student", "template", "score", "problem"):
        table.add_column(column, justify="right" if column == "score" else "left")
    for entry in batch.students:
        graded = not entry.get("error") and entry.get("functions")
        score = f"{entry['score']:g} / {entry['max_score']:g}" if graded else "-"
        problem = entry.get("error") or ("; ".join(entry.get("notes") or [])[:120])
        table.add_row(Text(entry["student"]), entry.get("template") or "-", score, Text(problem))
    Console().print(table)
    c = batch.counts
    resumed = sum(1 for s in batch.students if s.get("resumed"))
    tail = f", {resumed} kept from the earlier summary" if resumed else ""
    print(f"graded {c['graded']}, error {c['error']}, total {c['total']} entries{tail}", file=sys.stderr)  # fmt: skip
    if outputs is not None:
        if progressive.error:
            rescued = _rescue(batch)
            return fail("grade", f"{progressive.error}; the results were saved to {rescued}")
        console.print(f"wrote {', '.join(map(str, outputs.all()))}", markup=False, highlight=False)
    return 1 if c["error"] else 0
