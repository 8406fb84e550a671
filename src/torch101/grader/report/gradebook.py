"""A class's summaries on disk: the long CSV, the wide CSV and the JSON summary.

The long CSV has one row per student and function, the wide CSV one row per student (for a
spreadsheet or an LMS gradebook), the JSON everything (also what `--resume` reads back).

    summary.csv        student, function, status, score, max_score, message, submission
    summary-wide.csv   student, name, email, sid, login, layout, status, template, total,
                       max_score, one column per function (its score), error, entry
    summary.json       every student with identity, functions and messages; the run's options,
                       timing and whether it completed

Every file is written whole to a temporary file beside it, then renamed over the old one: a
reader (or a crash) never sees half a file. The run rewrites all three after each student, so
an interrupted run keeps what was graded.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CSV_COLUMNS",
    "IDENTITY",
    "Outputs",
    "long_rows",
    "outputs_for",
    "previous_students",
    "wide_rows",
    "write_atomic",
]

CSV_COLUMNS = ("student", "function", "status", "score", "max_score", "message", "submission")
IDENTITY = ("name", "email", "sid", "login", "canvas_user_id", "submission_id")
_WIDE_HEAD = ("student", *IDENTITY, "layout", "status", "template", "total", "max_score")


@dataclass(frozen=True)
class Outputs:
    long_csv: Path
    wide_csv: Path
    json: Path

    def all(self) -> tuple[Path, Path, Path]:
        return (self.long_csv, self.wide_csv, self.json)


def outputs_for(csv_path: str | Path) -> Outputs:
    """summary.csv -> summary.csv, summary-wide.csv, summary.json."""
    path = Path(csv_path)
    return Outputs(path, path.with_name(f"{path.stem}-wide.csv"), path.with_suffix(".json"))


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file in `path`'s folder, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _row(entry: dict, function: str, status: str, score: Any, max_score: Any, message: str) -> dict:  # fmt: skip
    return {
        "student": entry["student"],
        "function": function,
        "status": status,
        "score": score,
        "max_score": max_score,
        "message": message,
        "submission": entry.get("submission") or entry.get("entry") or "",
    }


def long_rows(students: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per student and function; one `error` row for a student not graded."""
    rows = []
    for entry in students:
        functions = entry.get("functions") or []
        if entry.get("error") or not functions:
            rows.append(_row(entry, "", "error", 0.0, 0.0, entry.get("error") or "nothing graded"))
            continue
        for f in functions:
            message = " | ".join(f.get("messages") or [])
            rows.append(_row(entry, f["name"], f["status"], f["score"], f["max_score"], message))
    return rows


def _function_names(students: Sequence[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for entry in students:
        for f in entry.get("functions") or []:
            names.setdefault(f["name"], None)
    return list(names)


def wide_rows(students: Sequence[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows): one row per student, a score column per function (blank when the
    student's template has no such function, or the student was not graded)."""
    functions = _function_names(students)
    columns = [*_WIDE_HEAD, *functions, "error", "entry"]
    rows = []
    for entry in students:
        identity = entry.get("identity") or {}
        graded = not entry.get("error") and bool(entry.get("functions"))
        row: dict[str, Any] = {"student": entry["student"], **{k: identity.get(k, "") for k in IDENTITY}}  # fmt: skip
        row.update(
            layout=entry.get("layout", ""),
            status="graded" if graded else "error",
            template=entry.get("template") or "",
            total=entry.get("score") if graded else "",
            max_score=entry.get("max_score") if graded else "",
            error=entry.get("error") or ("" if graded else "nothing graded"),
            entry=entry.get("entry", ""),
        )
        scores = {f["name"]: f["score"] for f in entry.get("functions") or []}
        row.update({name: scores.get(name, "") for name in functions})
        rows.append(row)
    return columns, rows


def _csv_text(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_all(outputs: Outputs, summary: dict[str, Any]) -> None:
    """All three files from the JSON summary (`BatchResult.to_dict()`)."""
    students = summary["students"]
    write_atomic(outputs.long_csv, _csv_text(CSV_COLUMNS, long_rows(students)))
    write_atomic(outputs.wide_csv, _csv_text(*wide_rows(students)))
    write_atomic(outputs.json, json.dumps(summary, indent=2) + "\n")


def previous_students(json_path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(students, options) of an earlier run's summary, for --resume; ValueError if unreadable."""
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], {}
    except (OSError, ValueError) as err:
        raise ValueError(f"--resume: cannot read {json_path}: {err}") from None
    students = data.get("students") if isinstance(data, dict) else None
    if not isinstance(students, list) or not all(isinstance(s, dict) and "student" in s for s in students):  # fmt: skip
        raise ValueError(f"--resume: {json_path} is not a torch101 class summary (no students list)")  # fmt: skip
    return students, dict(data.get("options") or {})
