"""Time a class of mixed submissions graded end to end: `torch101 grade CLASS --out --jobs N`.

    python scripts/bench_class.py [--students 100] [--jobs 2] [--keep DIR]

The class mixes correct submissions (both templates, plus the corpus' alternative solutions),
the reference with one typical mistake spliced in (tests/grader/corpus/wrong, in turn) and
untouched stubs, spread over the layouts instructors download (plain folders, GitHub Classroom
folders, loose Canvas files, renamed files). Prints submissions per hour and the load average.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from torch101.reference.export import solution_source

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "grader" / "corpus"


def splice(reference: str, snippet: str) -> str:
    """The reference with the snippet's functions in place of its own (other statements of the
    snippet, such as imports, go at the end: the reference starts with `from __future__`)."""
    ref_tree, snip_tree = ast.parse(reference), ast.parse(snippet)
    snip_lines, lines = snippet.splitlines(), reference.splitlines()
    new = {n.name: n for n in snip_tree.body if isinstance(n, ast.FunctionDef)}
    for node in sorted((n for n in ref_tree.body if isinstance(n, ast.FunctionDef)), key=lambda n: -n.lineno):  # fmt: skip
        if node.name in new:
            repl = new.pop(node.name)
            start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            lines[start : node.end_lineno] = snip_lines[repl.lineno - 1 : repl.end_lineno]
    extra = [n for n in snip_tree.body if not isinstance(n, ast.FunctionDef) or n.name in new]
    tail = ["\n".join(snip_lines[n.lineno - 1 : n.end_lineno]) for n in extra]
    return "\n".join(lines) + "\n\n" + "\n\n".join(tail) + "\n"


def build_class(folder: Path, count: int) -> dict[str, int]:
    base = {t: solution_source(t) for t in ("2020", "2022")}
    wrong = sorted((CORPUS / "wrong").glob("*.py"))
    correct = [CORPUS / "correct_alt_2022.py", CORPUS / "correct_alt_2020.py", CORPUS / "correct_styles_2022.py"]  # fmt: skip
    stub = (CORPUS / "stub_2022.py").read_text()
    kinds = {"correct": 0, "one mistake": 0, "stub": 0}
    for k in range(count):
        if k % 10 in (0, 5):
            source = base["2020" if k % 20 == 0 else "2022"] if k % 3 else correct[k % 3].read_text()
            kind = "correct"
        elif k % 10 == 9:
            source, kind = stub, "stub"
        else:
            snippet = wrong[k % len(wrong)].read_text()
            template = "2020" if "template: 2020" in snippet else "2022"
            source, kind = splice(base[template], snippet), "one mistake"
        kinds[kind] += 1
        layout = k % 4
        if layout == 0:
            path = folder / f"student{k:03d}" / "pytorch101.py"
        elif layout == 1:
            path = folder / "classroom" / f"a1-pytorch-user{k:03d}" / "src" / "pytorch101.py"
        elif layout == 2:
            path = folder / "canvas" / f"student{k:03d}_{1000 + k}_{5000 + k}_pytorch101.py"
        else:
            path = folder / f"student{k:03d}" / "PyTorch101 (1).py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", metavar="DIR", help="build the class and the outputs here")
    args = parser.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="torch101-class-bench-"))
    klass = root / "class"
    kinds = build_class(klass, args.students)
    out = root / "out" / "summary.csv"
    load_before = os.getloadavg()
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "torch101", "grade", str(klass), "--out", str(out), "--jobs", str(args.jobs)],
        capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    summary = json.loads(out.with_suffix(".json").read_text())
    per_student = sorted(s.get("elapsed_s") or 0.0 for s in summary["students"])
    print(f"class: {kinds}; exit code {proc.returncode}; counts {summary['counts']}")
    print(f"wall {wall:.1f} s for {args.students} submissions with --jobs {args.jobs}: {3600 * args.students / wall:.0f} per hour")  # fmt: skip
    print(f"per submission (in its job): median {per_student[len(per_student) // 2]:.2f} s, max {per_student[-1]:.2f} s")  # fmt: skip
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}; cores {os.cpu_count()}")  # fmt: skip
    print(proc.stderr.strip().splitlines()[-2] if proc.stderr.strip() else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
