"""Benchmark the grader: one submission, the cost of isolation, and a batch of students.

    python scripts/bench_grader.py [--students 50] [--jobs 2] [--repeats 3] [--markdown FILE]

1. One submission graded by `torch101.grader.grade` with the real sandbox (namespaces, fork
   server, worker process) and with the tests' in-process stand-in (no isolation at all), side
   by side: the difference is what isolation costs per submission (goal: at most 3 s).
2. `torch101 grade DIR --out summary.csv --jobs N` on N students built from the reference with
   one typical mistake each (from tests/grader/corpus/wrong), timed end to end.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from torch101.grader import grade
from torch101.reference.export import solution_source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "grader" / "corpus"


def in_process_session():
    """The tests' stand-in for WorkerSession (imports the submission into this process)."""
    spec = importlib.util.spec_from_file_location("_inprocess", CORPUS.parent / "inprocess.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.InProcessSession


def splice(source: str, snippet: str) -> str:
    """Replace each function the snippet defines in `source` by the snippet's version."""
    for match in re.finditer(r"^def (\w+)\(.*?(?=^def |\Z)", snippet, re.S | re.M):
        name, body = match.group(1), match.group(0).rstrip() + "\n\n\n"
        found = re.search(rf"^def {name}\(.*?(?=^def |\Z)", source, re.S | re.M)
        if found:
            source = source[: found.start()] + body + source[found.end() :]
    imports = "".join(line + "\n" for line in snippet.splitlines() if line.startswith("import "))
    return imports + source


def build_students(folder: Path, count: int) -> list[str]:
    base = {t: solution_source(t) for t in ("2020", "2022")}
    wrong = sorted((CORPUS / "wrong").glob("*.py"))
    kinds = []
    for k in range(count):
        student = folder / f"student{k:03d}"
        student.mkdir()
        if k % 5 == 0:  # some correct submissions, both templates
            source, kind = base["2022" if k % 10 else "2020"], "reference"
        else:
            snippet = wrong[k % len(wrong)].read_text()
            template = "2020" if "template: 2020" in snippet else "2022"
            source, kind = splice(base[template], snippet), wrong[k % len(wrong)].stem
        (student / "pytorch101.py").write_text(source)
        kinds.append(kind)
    return kinds


def time_grade(path: Path | None, repeats: int, **kwargs) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        grade(path, **kwargs)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", metavar="FILE")
    args = parser.parse_args()
    lines = [
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"torch {torch.__version__}, Python {platform.python_version()}, "
        f"load average at start {' '.join(f'{v:.1f}' for v in os.getloadavg())}.",
        "",
    ]
    InProcessSession = in_process_session()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subjects = {
            "reference, 2022": tmp / "ref2022.py",
            "correct alternative, 2022": CORPUS / "correct_alt_2022.py",
        }
        subjects["reference, 2022"].write_text(solution_source("2022"))
        lines += [
            "| submission | sandboxed s (median) | in-process s (median) | isolation costs s |",
            "|---|---|---|---|",
        ]
        for label, path in subjects.items():
            sandboxed = statistics.median(time_grade(path, args.repeats))
            bare = statistics.median(
                time_grade(path, args.repeats, session_factory=InProcessSession)
            )
            lines.append(f"| {label} | {sandboxed:.2f} | {bare:.2f} | {sandboxed - bare:+.2f} |")
            print(lines[-1], flush=True)

        students = tmp / "students"
        students.mkdir()
        kinds = build_students(students, args.students)
        out = tmp / "summary.csv"
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "torch101", "grade", str(students), "--out", str(out),
             "--jobs", str(args.jobs)],
            capture_output=True, text=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
        with out.open() as f:
            rows = list(csv.DictReader(f))
        graded = {r["student"] for r in rows if r["function"]}
        errors = {r["student"] for r in rows if not r["function"]}
        perfect = {
            s for s in graded if all(r["status"] in ("pass", "skipped") for r in rows if r["student"] == s)
        }
        expected_perfect = sum(kind == "reference" for kind in kinds)
        lines += [
            "",
            f"Batch: {args.students} students, `torch101 grade DIR --out summary.csv --jobs "
            f"{args.jobs}` (exit code {proc.returncode}): {elapsed:.1f} s wall, "
            f"{elapsed / args.students:.2f} s per student, "
            f"{60 * args.students / elapsed:.1f} students per minute; {len(graded)} graded, "
            f"{len(errors)} error rows, {len(perfect)} with every function passing "
            f"({expected_perfect} correct submissions were in the batch).",
        ]
        print(lines[-1])
        shutil.rmtree(students)
    text = "\n".join(lines) + "\n"
    if args.markdown:
        Path(args.markdown).write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
