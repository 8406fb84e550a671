"""Gradescope: results.json in its schema, and the autograder bundle that produces it.

    torch101 grade pytorch101.py --gradescope results.json    # one submission, Gradescope's JSON
    torch101 grade --gradescope-bundle autograder.zip         # upload this as the autograder

The bundle holds `setup.sh` (run once when Gradescope builds the image: a virtual environment in
/autograder/source with the CPU build of the torch version used here, numpy and rich at the
versions of `constraints.txt`; nothing installed system-wide, so PEP 668 images work),
`run_autograder` (run per submission) and a copy of the torch101 package. `run_autograder` grades whatever pytorch101.py the student
uploaded (also inside a folder or a .zip) and always writes results/results.json, even when the
file is missing or broken. Only this trusted process writes it: the student's code runs in the
sandboxed worker as an unprivileged user, with the filesystem read-only where the machine
allows. The root defaults to /autograder; set AUTOGRADER_ROOT (or --root) to run it elsewhere,
e.g. against a fake layout in a test.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from torch101.grader.errors import UsageError
from torch101.grader.report.result import PASSING

__all__ = ["build_bundle", "main", "results_json", "run_autograder", "write_results"]

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# Everything goes into a virtual environment inside /autograder/source: no system-wide pip, so
# base images whose Python is "externally managed" (PEP 668: Ubuntu 24.04, Debian 12) work too.
# Versions come from constraints.txt beside this file; torch is the CPU build.
# TORCH101_TORCH_INDEX: where the CPU build of torch comes from ("" = pip's default index and
# PIP_FIND_LINKS, e.g. a local wheel).
set -euo pipefail
HERE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3 python3-venv >/dev/null
fi
python3 -m venv "$HERE/venv"
PIP=("$HERE/venv/bin/python" -m pip install --quiet --disable-pip-version-check --constraint "$HERE/constraints.txt")
TORCH_INDEX="${{TORCH101_TORCH_INDEX-https://download.pytorch.org/whl/cpu}}"
"${{PIP[@]}}" ${{TORCH_INDEX:+--index-url "$TORCH_INDEX"}} "torch=={torch}"
"${{PIP[@]}}" {requirements}
"$HERE/venv/bin/python" -c "import torch, numpy, rich; print('torch101 autograder: torch', torch.__version__)"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission; results/results.json is written by torch101 alone.
set -u
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{PYTHON:-$ROOT/source/venv/bin/python}}"
[ -x "$PYTHON" ] || PYTHON=python3
export PYTHONPATH="$ROOT/source/lib${{PYTHONPATH:+:$PYTHONPATH}}"
exec "$PYTHON" -m torch101.grader.report.gradescope run --root "$ROOT" {options}
"""

# What run_autograder imports besides torch (the class-mode and bench extras are not needed).
RUNTIME = ("numpy", "rich", "markdown-it-py", "mdurl", "Pygments", "pyseccomp")
_REQUIREMENTS = '"numpy" "rich" "pyseccomp" "tomli>=2; python_version < \'3.11\'"'


def bundle_constraints() -> str:
    """constraints.txt for the bundle: the project's pins where it is found (a source checkout),
    else the versions installed here, for what run_autograder imports."""
    from importlib import metadata

    lines = ["# torch101 autograder: versions tested together (torch is pinned in setup.sh)"]
    project = _package_dir().parents[1] / "constraints.txt"
    pinned: dict[str, str] = {}
    if project.is_file():
        for line in project.read_text().splitlines():
            name, _, version = line.partition("==")
            if version and not line.startswith("#"):
                pinned[name.strip().lower()] = line.strip()
    for name in RUNTIME:
        if name.lower() in pinned:
            lines.append(pinned[name.lower()])
            continue
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# results.json


def results_json(
    result: Any,
    *,
    visibility: str = "visible",
    stdout_visibility: str = "hidden",
    extra_output: Sequence[str] = (),
) -> dict[str, Any]:
    """Gradescope's results.json for a GradeResult (or its `to_dict()`): one test per function,
    with name, number, score, max_score, status ("passed"/"failed"), output and visibility."""
    if visibility not in VISIBILITIES or stdout_visibility not in VISIBILITIES:
        raise ValueError(
            f"results_json: visibility must be one of {', '.join(VISIBILITIES)}, "
            f"got {visibility!r} / {stdout_visibility!r}"
        )
    data = result if isinstance(result, dict) else result.to_dict()
    tests = []
    for number, f in enumerate(data["functions"], start=1):
        lines = [f"status: {f['status']}", *f.get("messages", [])]
        tests.append(
            {
                "name": f["name"],
                "number": str(number),
                "score": float(f["score"]),
                "max_score": float(f["max_score"]),
                "status": "passed" if f["status"] in PASSING else "failed",
                "output": "\n".join(lines),
                "tags": [f["status"]],
                "visibility": visibility,
            }
        )
    summary = [
        f"torch101: {data['score']:g} / {data['max_score']:g} ({data['template']} template, "
        f"seed {data.get('seed')})"
    ]
    summary += [f"note: {n}" for n in [*data.get("notes", []), *extra_output]]
    summary += [f"review: {r}" for r in data.get("review", [])]  # flagged for a person to look at
    return {
        "score": float(data["score"]),
        "execution_time": round(float(data.get("duration_s", 0.0)), 3),
        "output": "\n".join(summary),
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "tests": tests,
    }


def _failure_json(message: str, visibility: str, duration_s: float) -> dict[str, Any]:
    return {
        "score": 0.0,
        "execution_time": round(duration_s, 3),
        "output": message,
        "visibility": visibility,
        "stdout_visibility": "hidden",
        "tests": [],
    }


def _write_atomic(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    os.replace(f.name, path)


def write_results(result: Any, path: str | Path, **options: Any) -> Path:
    """Write results.json (atomically: a reader never sees half a file)."""
    path = Path(path)
    _write_atomic(results_json(result, **options), path)
    return path


# ---------------------------------------------------------------------------------------------
# run_autograder


def _find_submission(folder: Path) -> Path:
    """The student's upload: pytorch101.py (anywhere, also renamed: `PyTorch101.py`,
    `pytorch101 (1).py`) or a single .zip; two different candidates are refused, never chosen."""
    from torch101.grader.batch.entry import IGNORED_PARTS, is_candidate

    if not folder.is_dir():
        raise FileNotFoundError(f"no submission folder at {folder}")
    files = [p for p in folder.rglob("*") if p.is_file() and not IGNORED_PARTS & set(p.relative_to(folder).parts)]  # fmt: skip
    found = [p for p in files if is_candidate(p.name)]
    if len({p.read_bytes() for p in found}) > 1:
        names = ", ".join(str(p.relative_to(folder)) for p in found[:5])
        raise FileNotFoundError(f"the submission holds several different pytorch101.py files ({names}): upload only the one to grade")  # fmt: skip
    if found:
        return found[0]
    zips = [p for p in files if p.suffix.lower() == ".zip"]
    if len(zips) == 1:
        return zips[0]
    raise FileNotFoundError("the submission holds no pytorch101.py: upload pytorch101.py itself, or a zip holding it")  # fmt: skip


def run_autograder(
    root: str | Path = "/autograder",
    *,
    visibility: str = "visible",
    grade_kwargs: dict[str, Any] | None = None,
) -> int:
    """Grade `root`/submission, write `root`/results/results.json; 0 if graded, 1 if not."""
    root = Path(root)
    out = root / "results" / "results.json"
    t0 = time.perf_counter()
    try:
        from torch101.grader import grade

        path = _find_submission(root / "submission")
        result = grade(path, **(grade_kwargs or {}))
    except Exception as exc:  # the student must still get a results.json that says why
        usage = isinstance(exc, (UsageError, FileNotFoundError))
        why = str(exc) if usage else f"the grader failed: {type(exc).__name__}: {exc}"
        _write_atomic(_failure_json(f"torch101 could not grade this submission: {why}", visibility, time.perf_counter() - t0), out)  # fmt: skip
        print(why, file=sys.stderr)
        return 1
    write_results(result, out, visibility=visibility)
    print(f"torch101: {result.score:g} / {result.max_score:g}")
    return 0


# ---------------------------------------------------------------------------------------------
# The bundle


def _package_dir() -> Path:
    import torch101

    return Path(torch101.__file__).resolve().parent


def _options(template: str | None, seed: int | None, cases: int | None, weights: bool, visibility: str, strict: bool = False) -> str:  # fmt: skip
    parts = ["--strict"] if strict else []
    if template:
        parts += ["--template", template]
    if seed is not None:
        parts += ["--seed", str(seed)]
    if cases is not None:
        parts += ["--cases", str(cases)]
    if weights:
        parts += ["--weights", '"$ROOT/source/weights.toml"']
    if visibility != "visible":
        parts += ["--visibility", visibility]
    return " ".join(parts)


def build_bundle(
    out: str | Path,
    *,
    template: str | None = None,
    seed: int | None = None,
    cases: int | None = None,
    weights: str | Path | None = None,
    visibility: str = "visible",
    strict: bool = False,
) -> Path:
    """Write the autograder zip (atomically): setup.sh, run_autograder, constraints.txt,
    lib/torch101 (and weights.toml)."""
    import torch

    if visibility not in VISIBILITIES:
        raise ValueError(f"build_bundle: visibility must be one of {', '.join(VISIBILITIES)}, got {visibility!r}")  # fmt: skip
    if weights is not None and not Path(weights).is_file():
        raise ValueError(f"build_bundle: weights must be an existing TOML file, got {str(weights)!r}")  # fmt: skip
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    version = torch.__version__.split("+")[0]
    files: dict[str, bytes] = {
        "setup.sh": SETUP_SH.format(torch=f"{version}+cpu", requirements=_REQUIREMENTS).encode(),
        "run_autograder": RUN_AUTOGRADER.format(
            options=_options(template, seed, cases, weights is not None, visibility, strict)
        ).encode(),  # fmt: skip
        "constraints.txt": bundle_constraints().encode(),
    }
    if weights is not None:
        files["weights.toml"] = Path(weights).read_bytes()
    package = _package_dir()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files[f"lib/torch101/{path.relative_to(package).as_posix()}"] = path.read_bytes()
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                executable = name in ("setup.sh", "run_autograder")
                info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


# ---------------------------------------------------------------------------------------------
# `python -m torch101.grader.report.gradescope run|bundle`


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m torch101.grader.report.gradescope", description=__doc__.splitlines()[0])  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="grade ROOT/submission into ROOT/results/results.json")
    bundle = sub.add_parser("bundle", help="build the autograder zip")
    bundle.add_argument("out", metavar="ZIP")
    run.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    for p in (run, bundle):
        p.add_argument("--template", choices=("2020", "2022"))
        p.add_argument("--seed", type=int)
        p.add_argument("--cases", type=int, metavar="N")
        p.add_argument("--weights", metavar="FILE.toml")
        p.add_argument("--visibility", choices=VISIBILITIES, default="visible")
        p.add_argument("--strict", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    kwargs: dict[str, Any] = {"template": args.template, "weights": args.weights}
    if args.strict:
        kwargs["strict"] = True
    if args.seed is not None:
        kwargs["seed"] = args.seed
    if args.cases is not None:
        kwargs["random_cases"] = args.cases
    if args.command == "bundle":
        path = build_bundle(args.out, template=args.template, seed=args.seed, cases=args.cases, weights=args.weights, visibility=args.visibility, strict=args.strict)  # fmt: skip
        print(f"wrote {path}: upload it as the Gradescope autograder")
        return 0
    return run_autograder(args.root, visibility=args.visibility, grade_kwargs=kwargs)


if __name__ == "__main__":
    sys.exit(main())
