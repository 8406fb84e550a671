"""Grade many submissions in parallel: `torch101 grade PATH... --out summary.csv --jobs N`.

Each PATH is a student's pytorch101.py, a folder or .zip holding one, or a folder (or .zip) of
such submissions, one per student: `discover` names each student after their folder, zip or
file. Submissions are graded by `torch101.grader.grade` in `jobs` processes (each grade runs
the student's code in its own sandboxed worker), with a progress bar. A submission that cannot
be graded (no pytorch101.py, a syntax error, a grader failure) becomes an `error` row and the
batch goes on.

Output: a CSV with one row per student and function (student, function, status, score,
max_score, message, submission) and, beside it, a JSON file with the same rows plus one entry per
student (template, total, notes, error) and the run's timing.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["BatchResult", "Submission", "discover", "grade_many", "run_batch", "write_summary"]

FILENAME = "pytorch101.py"
CSV_COLUMNS = ("student", "function", "status", "score", "max_score", "message", "submission")
_SKIP_PARTS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git"}


@dataclass(frozen=True)
class Submission:
    student: str  # a name for the gradebook: the folder, zip or file it came from
    path: Path  # what grade() is given: a file, a folder holding one, or a .zip


@dataclass
class BatchResult:
    students: list[dict[str, Any]] = field(default_factory=list)  # one per submission, in order
    elapsed_s: float = 0.0
    jobs: int = 1

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One row per student and function (one error row for a submission not graded)."""
        rows = []
        for entry in self.students:
            functions = entry.get("functions") or []
            if not functions:
                rows.append(_row(entry, "", "error", 0.0, 0.0, entry.get("error") or ""))
            for f in functions:
                message = " | ".join(f.get("messages") or [])
                rows.append(
                    _row(entry, f["name"], f["status"], f["score"], f["max_score"], message)
                )
        return rows

    def to_dict(self) -> dict[str, Any]:
        n = len(self.students)
        return {
            "jobs": self.jobs,
            "elapsed_s": round(self.elapsed_s, 3),
            "submissions_per_minute": round(60 * n / self.elapsed_s, 2) if self.elapsed_s else None,
            "students": [{k: v for k, v in s.items() if k != "functions"} for s in self.students],
            "rows": self.rows,
        }


def _row(
    entry: dict, function: str, status: str, score: float, max_score: float, message: str
) -> dict:
    return {
        "student": entry["student"],
        "function": function,
        "status": status,
        "score": score,
        "max_score": max_score,
        "message": message,
        "submission": entry["submission"],
    }


# ---------------------------------------------------------------------------------------------
# Finding the students


def _is_submission_folder(folder: Path) -> bool:
    return any(
        p.is_file() and not _SKIP_PARTS & set(p.relative_to(folder).parts)
        for p in folder.rglob(FILENAME)
    )


def _zip_students(archive: Path) -> list[str] | None:
    """Folders inside a zip that each hold one student's pytorch101.py (None: the zip is one)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [
                PurePosixPath(m.filename)
                for m in zf.infolist()
                if not m.is_dir() and PurePosixPath(m.filename).name == FILENAME
                and not _SKIP_PARTS & set(PurePosixPath(m.filename).parts)
            ]  # fmt: skip
    except zipfile.BadZipFile:
        return None
    parents = sorted({str(n.parent) for n in names})
    if len(parents) <= 1:
        return None
    return parents


def _extract_member(archive: Path, folder: str, into: Path) -> Path:
    """Copy one student's pytorch101.py out of a zip by reading it (no extractall)."""
    member = f"{folder}/{FILENAME}" if folder != "." else FILENAME
    target = into / folder.replace("/", "__") / FILENAME
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as zf:
        target.write_bytes(zf.read(member))
    return target


def discover(paths: Sequence[str | Path], *, unpack_to: Path | None = None) -> list[Submission]:
    """The students behind `paths`, in order, with unique names.

    A .py file, a folder holding one pytorch101.py, or a .zip holding one is one student; a
    folder of such entries (or a zip of several students' folders, extracted to `unpack_to`)
    is one student per entry.
    """
    found: list[Submission] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            found.append(Submission(path.name or str(path), path))  # graded: an error row
        elif path.is_file() and path.suffix.lower() == ".zip":
            folders = _zip_students(path)
            if folders is None:
                found.append(Submission(path.stem, path))
            else:
                into = unpack_to or Path(tempfile.mkdtemp(prefix="torch101-batch-"))
                for folder in folders:
                    name = PurePosixPath(folder).name or path.stem
                    found.append(Submission(name, _extract_member(path, folder, into)))
        elif path.is_file():
            name = path.parent.name if path.name == FILENAME and path.parent.name else path.stem
            found.append(Submission(name, path))
        elif (path / FILENAME).is_file():
            found.append(Submission(path.resolve().name, path))
        else:
            for entry in sorted(path.iterdir()):
                if entry.name.startswith(".") or entry.name in _SKIP_PARTS:
                    continue
                if entry.is_dir() and _is_submission_folder(entry):
                    found.append(Submission(entry.name, entry))
                elif entry.is_file() and entry.suffix.lower() in (".zip", ".py"):
                    found += discover([entry], unpack_to=unpack_to)
    return _unique(found)


def _unique(subs: list[Submission]) -> list[Submission]:
    seen: dict[str, int] = {}
    out = []
    for sub in subs:
        n = seen.get(sub.student, 0) + 1
        seen[sub.student] = n
        out.append(sub if n == 1 else Submission(f"{sub.student}-{n}", sub.path))
    return out


# ---------------------------------------------------------------------------------------------
# Grading


def _grade_one(path: str, grade_kwargs: dict[str, Any]) -> dict[str, Any]:
    """Runs in a job process: one submission, never raising."""
    from torch101.grader import grade

    t0 = time.perf_counter()
    try:
        result = grade(path, **grade_kwargs).to_dict()
        result["error"] = None
    except Exception as exc:  # a missing file, a syntax error, a grader bug: one row, not a stop
        result = {"functions": [], "score": 0.0, "max_score": 0.0, "template": None, "notes": []}
        result["error"] = f"{type(exc).__name__}: {exc}" if not _is_usage(exc) else str(exc)
    result["elapsed_s"] = round(time.perf_counter() - t0, 3)
    return result


def _is_usage(exc: Exception) -> bool:
    return type(exc).__name__ in ("SubmissionError", "UsageError")


def _entry(sub: Submission, result: dict[str, Any]) -> dict[str, Any]:
    keep = ("template", "score", "max_score", "notes", "error", "elapsed_s", "functions")
    return {"student": sub.student, "submission": str(sub.path), **{k: result.get(k) for k in keep}}


def grade_many(
    submissions: Sequence[Submission],
    *,
    jobs: int | None = None,
    grade_kwargs: dict[str, Any] | None = None,
    on_done: Callable[[Submission, dict[str, Any]], None] | None = None,
) -> BatchResult:
    """Grade every submission with `jobs` processes (default: the machine's cores).

    `on_done(submission, entry)` is called as each one finishes (progress bars hang here).
    A job process that dies is replaced; the submissions it held are retried once.
    """
    if jobs is None:
        jobs = os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"grade_many: jobs must be an int >= 1, got {jobs!r}")
    kwargs = dict(grade_kwargs or {})
    t0 = time.perf_counter()
    entries: dict[int, dict[str, Any]] = {}
    tries = dict.fromkeys(range(len(submissions)), 0)
    pending = list(range(len(submissions)))
    context = multiprocessing.get_context("spawn")  # a clean interpreter per job, no forked threads
    while pending:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(pending)), mp_context=context)
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
                    entries[i] = _entry(submissions[i], result)
                    if on_done:
                        on_done(submissions[i], entries[i])
            if broken:  # whatever was still running died with the pool: try it again
                for i in running.values():
                    if tries[i] < 2:
                        pending.insert(0, i)
                    else:
                        entries[i] = _entry(submissions[i], {"error": "the grading process died"})
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    students = [entries[i] for i in range(len(submissions))]
    return BatchResult(students, time.perf_counter() - t0, jobs)


# ---------------------------------------------------------------------------------------------
# Output


def write_summary(batch: BatchResult, csv_path: str | Path) -> tuple[Path, Path]:
    """The CSV (one row per student and function) and the JSON beside it; returns both paths."""
    csv_path = Path(csv_path)
    json_path = csv_path.with_suffix(".json")
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(batch.rows)
    json_path.write_text(json.dumps(batch.to_dict(), indent=2) + "\n")
    return csv_path, json_path


def run_batch(
    paths: Sequence[str], *, out: str | None, jobs: int | None, grade_kwargs: dict
) -> int:
    """The command line's batch mode: progress bar, summary table, files. Exit code 0 when
    every submission was graded (whatever the scores), 1 when any could not be."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table
    from rich.text import Text

    console = Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="torch101-batch-") as tmp:
        submissions = discover(paths, unpack_to=Path(tmp))
        if not submissions:
            from torch101.cli import fail

            return fail("grade", f"no submissions found in {', '.join(paths)}")
        columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"))  # fmt: skip
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("", total=len(submissions))

            def done(sub: Submission, entry: dict) -> None:
                progress.update(task, advance=1, description=sub.student)

            batch = grade_many(submissions, jobs=jobs, grade_kwargs=grade_kwargs, on_done=done)
    table = Table(title=f"{len(submissions)} submissions, {batch.elapsed_s:.1f} s with {batch.jobs} jobs")  # fmt: skip
    for column in ("student", "template", "score", "problem"):
        table.add_column(column, justify="right" if column == "score" else "left")
    for entry in batch.students:
        score = f"{entry['score']:g} / {entry['max_score']:g}" if not entry["error"] else "-"
        # Text, not markup: a folder name or an error may hold "[...]"
        table.add_row(
            Text(entry["student"]), entry["template"] or "-", score, Text(entry["error"] or "")
        )
    Console().print(table)
    if out:
        csv_path, json_path = write_summary(batch, out)
        console.print(f"wrote {csv_path} and {json_path}")
    return 1 if any(entry["error"] for entry in batch.students) else 0
