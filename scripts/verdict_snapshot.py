"""Grade every corpus and red-team file through the real sandboxed worker with one fixed seed,
and write the verdicts (status, score, messages, summary, lesson, notes, review) as one JSON
file: the before/after evidence for a change that must not change behaviour.

    python scripts/verdict_snapshot.py before.json
    ... change the grader ...
    python scripts/verdict_snapshot.py after.json --diff before.json

Exit status 1 when --diff finds a difference (each is printed as file, key, before, after).
A file that differs is graded again (--recheck times): a key whose value varies from run to run
of the same code (a count that depends on where the allocator puts a buffer) is reported as
unstable, not as a difference.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("tests/grader/corpus", "tests/grader/redteam")


def _grade(path: str, seed: int, cases: int) -> tuple[str, dict]:
    from torch101.grader import grade

    try:
        data = grade(path, seed=seed, cases=cases).to_dict()
    except Exception as err:  # a refused file is a verdict too
        return path, {"refused": f"{type(err).__name__}: {err}"}
    data.pop("duration_s", None)
    data.pop("submission", None)
    return path, data


def _flatten(data: object, key: str = "") -> dict[str, object]:
    if isinstance(data, dict):
        out: dict[str, object] = {}
        for k, v in data.items():
            out.update(_flatten(v, f"{key}.{k}" if key else str(k)))
        return out
    if isinstance(data, list) and data and isinstance(data[0], dict) and "name" in data[0]:
        return {k: v for item in data for k, v in _flatten(item, f"{key}[{item['name']}]").items()}
    return {key: data}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--diff", type=Path, help="an earlier snapshot to compare with")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--recheck", type=int, default=4, help="regrades of a differing file")
    args = parser.parse_args()
    files = sorted(str(p.relative_to(ROOT)) for f in FOLDERS for p in (ROOT / f).rglob("*.py"))
    files = [f for f in files if not Path(f).name.startswith(("__init__", "test_"))]
    with ProcessPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(_grade, str(ROOT / f), args.seed, args.cases) for f in files]
        results = {f: fut.result()[1] for f, fut in zip(files, futures)}
    args.out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(f"{len(results)} files graded, seed {args.seed}: {args.out}")
    if args.diff is None:
        return 0
    before = json.loads(args.diff.read_text())
    differences = unstable = 0
    for f in sorted(set(before) | set(results)):
        a, b = _flatten(before.get(f, {})), _flatten(results.get(f, {}))
        keys = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
        if not keys:
            continue
        again = [_flatten(_grade(str(ROOT / f), args.seed, args.cases)[1]) for _ in range(args.recheck)]  # fmt: skip
        for key in keys:
            seen = {repr(b.get(key))} | {repr(r.get(key)) for r in again}
            if len(seen) > 1:
                unstable += 1
                print(
                    f"{f}: {key} varies run to run ({len(seen)} values in {args.recheck + 1} runs)"
                )
                continue
            differences += 1
            print(f"{f}: {key}\n  before: {a.get(key)!r}\n  after:  {b.get(key)!r}")
    print(f"{differences} differences, {unstable} keys that vary run to run")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
