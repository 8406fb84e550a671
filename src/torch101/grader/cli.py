"""`torch101 grade [PATH]`: grade a pytorch101.py, or with no PATH the bundled reference.

Exit codes: 0 every function passes (or is skipped for want of a GPU), 1 any does not,
2 usage errors (missing file, not Python, a syntax error, options that would be ignored, an
output that cannot be written). Options are parsed here and handed to `torch101.grader.api`;
new options go into `add_arguments` and `run` the same way.

Several PATHs or `--out summary.csv` grade a whole class in parallel (`grader.batch.classrun`: every
student entry one row, exit code 1 when any entry is an error row); SIGINT, SIGTERM and SIGHUP
end every process and exit 130 / 143 / 129 (`grader.interrupt`); `--gradescope results.json` writes
Gradescope's schema and `--gradescope-bundle autograder.zip` builds the autograder
(`torch101.grader.report.gradescope`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from torch101.reference.templates import TEMPLATE_NAMES

HELP = "Grade a pytorch101.py (a file, a folder holding one, or a .zip) as strictly as the course staff would."

_HOW_TO = (
    "This was the bundled reference solution. Grade your own file with:\n"
    "    torch101 grade path/to/pytorch101.py          (or a folder or .zip holding it)\n"
    "    torch101 grade pytorch101.py --json report.json --seed 1"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="*",
        metavar="PATH",
        help="pytorch101.py, a folder holding it, or a .zip (default: the bundled reference solution); several PATHs, or folders of submissions with --out, grade a class",
    )
    parser.add_argument(
        "--template",
        choices=TEMPLATE_NAMES,
        help="force the template (default: detected from the functions in the file)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seed of the random cases (default: a fresh one per run, printed in every report): "
        "the same seed gives the same cases, so --seed N reproduces a run",
    )
    parser.add_argument(
        "--cases",
        type=int,
        default=None,
        metavar="N",
        help="random cases per function (default 50)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the result as JSON to FILE ('-': JSON on stdout, the table on stderr)")  # fmt: skip
    parser.add_argument("--html", metavar="FILE", help="also write the result as an HTML page (generated files: --json, --html and --gradescope replace an existing FILE)")  # fmt: skip
    parser.add_argument(
        "--weights",
        metavar="FILE.toml",
        help="points and credits (default: the packaged weights.toml)",
    )
    parser.add_argument("--strict", action="store_true", help="refuse what the template's own checks accept but the docstring does not (2020 count_negative_entries returning a 0-d integer tensor); by default it passes with a note")  # fmt: skip
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        metavar="SECONDS",
        help="wall clock for a whole submission, imports and every call (default 120 s, many times "
        "what an ordinary one needs); functions not run by then are reported timeout",
    )
    parser.add_argument("--only", nargs="+", metavar="FUNCTION", help="grade only these functions")
    parser.add_argument("--out", metavar="SUMMARY.csv", help="grade every student entry in PATH... (Gradescope export, Canvas download, GitHub Classroom folders, plain folders, zips) and write SUMMARY.csv (one row per student and function), SUMMARY-wide.csv (one row per student, for a gradebook) and SUMMARY.json, rewritten after each student")  # fmt: skip
    parser.add_argument("--resume", action="store_true", help="with --out: keep the students already graded in SUMMARY.json (same entry, unchanged file) and grade the rest")  # fmt: skip
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="submissions graded at once with --out (default: the number of cores)")  # fmt: skip
    parser.add_argument("--gradescope", metavar="RESULTS.json", help="also write the result in Gradescope's results.json schema")  # fmt: skip
    parser.add_argument("--watch", action="store_true", help="re-grade PATH (default: ./pytorch101.py) every time it is saved; Ctrl-C stops")  # fmt: skip
    parser.add_argument("--gradescope-bundle", metavar="AUTOGRADER.zip", help="build a Gradescope autograder zip (setup.sh, run_autograder) that grades with these options, and exit")  # fmt: skip


def grade_kwargs(args: argparse.Namespace) -> dict:
    """The keyword arguments of `api.grade` that the options set."""
    from torch101.grader.api import fresh_seed

    kwargs = {
        "template": args.template,
        "seed": args.seed if args.seed is not None else fresh_seed(),  # one per run: a class shares it
        "weights": args.weights,
        "functions": args.only,
    }
    if args.strict:
        kwargs["strict"] = True
    if args.cases is not None:
        kwargs["random_cases"] = args.cases
    if args.budget is not None:
        kwargs["budget"] = args.budget
    return kwargs


# Options that only one mode reads: refused elsewhere rather than silently ignored.
_SINGLE_ONLY = ("json", "html", "gradescope")
_BUNDLE_IGNORES = ("only", "out", "jobs", "json", "html", "gradescope", "resume")


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _usage_problem(args: argparse.Namespace, paths: list[str]) -> str | None:
    """Why these options cannot go together, or None."""
    if args.jobs is not None and args.jobs < 1:
        return f"--jobs must be at least 1, got {args.jobs}"
    if args.cases is not None and args.cases < 1:
        return f"--cases must be >= 1, got {args.cases}"
    if args.gradescope_bundle:
        ignored = [_option(n) for n in _BUNDLE_IGNORES if getattr(args, n)]
        if paths or ignored:
            given = ", ".join([*(["PATH"] if paths else []), *ignored])
            return (
                f"--gradescope-bundle builds the autograder and grades nothing, so {given} "
                "would be ignored; it keeps only --template, --seed, --cases, --weights and --strict"
            )
    batch = args.out or len(paths) > 1
    if batch and any(getattr(args, n) for n in _SINGLE_ONLY):
        given = [_option(n) for n in _SINGLE_ONLY if getattr(args, n)]
        verb = "writes" if len(given) == 1 else "write"
        return (
            f"{', '.join(given)} {verb} one submission's result; grading a class (--out or several PATHs) "
            "writes SUMMARY.csv and a SUMMARY.json beside it instead"
        )
    if getattr(args, "watch", False):
        given = [_option(n) for n in (*_SINGLE_ONLY, "out", "jobs", "gradescope_bundle") if getattr(args, n)]  # fmt: skip
        if given or len(paths) > 1:
            return f"--watch re-grades one file in the terminal; it cannot go with {', '.join(given) or 'several PATHs'}"  # fmt: skip
    if args.out and not paths:
        return "--out needs the submissions to grade: torch101 grade FOLDER... --out SUMMARY.csv"
    if args.resume and not args.out:
        return "--resume continues the class summary given by --out: torch101 grade FOLDER --out SUMMARY.csv --resume"
    return None


def _outputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    """Every file this command will write, with the option that names it."""
    outputs = [("--json", args.json), ("--html", args.html), ("--gradescope", args.gradescope), ("--gradescope-bundle", args.gradescope_bundle)]  # fmt: skip
    if args.out:
        from torch101.grader.report.gradebook import outputs_for

        outputs += [("--out", str(path)) for path in outputs_for(args.out).all()]
    return [(option, target) for option, target in outputs if target and target != "-"]


def run(args: argparse.Namespace) -> int:
    from torch101.grader.interrupt import Interrupted, on_signals

    try:
        with on_signals():
            return _run(args)
    except Interrupted as stop:
        print(f"interrupted by {stop}", file=sys.stderr)
        return stop.exit_code


def _run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from torch101._cli import fail, prepare_output
    from torch101.grader.api import UsageError, grade
    from torch101.grader.report.gradebook import write_atomic

    paths = args.path if isinstance(args.path, list) else [args.path] if args.path else []
    problem = _usage_problem(args, paths)
    for option, target in _outputs(args):  # checked before any grading: never lose the results
        problem = problem or prepare_output(option, target)
    if problem:
        return fail("grade", problem)
    if getattr(args, "watch", False):
        from torch101.grader.watch.cli import run_watch, watch_target

        target, why = watch_target(paths[0] if paths else None)
        if target is None:
            return fail("grade", why)
        kwargs = grade_kwargs(args)
        options = {"template": kwargs["template"], "seed": kwargs["seed"], "weights": kwargs["weights"], "only": kwargs["functions"], "cases": kwargs.get("random_cases")}  # fmt: skip
        return run_watch(target, **options)
    if args.gradescope_bundle:
        from torch101.grader.report.gradescope import build_bundle

        options = {"template": args.template, "seed": args.seed, "cases": args.cases, "weights": args.weights, "strict": args.strict}  # fmt: skip
        try:
            print(f"wrote {build_bundle(args.gradescope_bundle, **options)}: upload it as the Gradescope autograder")  # fmt: skip
        except ValueError as exc:
            return fail("grade", str(exc))
        return 0
    if args.out or len(paths) > 1:
        from torch101.grader.batch.classrun import run_batch

        options = {"template": args.template, "seed": args.seed, "cases": args.cases, "weights": args.weights, "only": args.only, "strict": args.strict}  # fmt: skip
        return run_batch(paths, out=args.out, jobs=args.jobs, grade_kwargs=grade_kwargs(args), resume=args.resume, options=options)  # fmt: skip
    args.path = paths[0] if paths else None
    try:
        result = grade(args.path, **grade_kwargs(args))
    except UsageError as exc:  # a missing or broken file, a bad option value
        return fail("grade", str(exc).removeprefix("grade: "))
    to_stdout = args.json == "-"  # `--json - | jq`: stdout holds the JSON alone
    Console(stderr=to_stdout).print(result)
    try:
        if to_stdout:
            print(result.to_json())
        elif args.json:
            write_atomic(Path(args.json), result.to_json() + "\n")
            print(f"wrote {args.json}", file=sys.stderr)
        if args.html:
            write_atomic(Path(args.html), result.to_html_page())
            print(f"wrote {args.html}", file=sys.stderr)
        if args.gradescope:
            from torch101.grader.report.gradescope import write_results

            print(f"wrote {write_results(result, args.gradescope)}", file=sys.stderr)
    except OSError as exc:
        return fail("grade", f"cannot write {exc.filename or ''}: {exc.strerror or exc}")
    if result.is_reference:
        print(_HOW_TO, file=sys.stderr if to_stdout else sys.stdout)
    return result.exit_code
