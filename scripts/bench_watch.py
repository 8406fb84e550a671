"""Benchmark `torch101 grade --watch`: the first grading, and from a save to the redrawn table.

    python scripts/bench_watch.py [--saves 8] [--template 2022] [--function reshape_practice]

On a complete submission (the reference solution, `torch101 solution`):
1. `torch101 grade FILE`, wall time of the whole command (what a learner waits for today);
2. `torch101 grade --watch FILE`, from the command's start to its first full table;
3. then, per save that changes one function (--function, default `reshape_practice`, by a
   harmless new statement):
   from the write to the first redraw (the changed function re-graded), and to the settled
   table (the other functions re-graded too).
Times are wall clock, read from the command's output as it arrives, so they include everything
the learner waits for (rendering, the pipe). Load average is printed: the machine may be busy.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTLED = "(Ctrl-C to stop)"


def _env() -> dict[str, str]:
    src = str(ROOT / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""), "COLUMNS": "120"}  # fmt: skip


def _torch101(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "torch101", *args], env=_env(), text=True, **kwargs)  # fmt: skip


class Reader:
    """Reads the watch command's stdout in a thread, time-stamping each line."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.lines: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._pump, args=(proc,), daemon=True).start()

    def _pump(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            with self.cond:
                self.lines.append((time.perf_counter(), line))
                self.cond.notify_all()

    def wait(self, text: str, after: int, timeout: float = 120.0) -> tuple[float, int]:
        """(time, index) of the first line from `after` on that holds `text`."""
        with self.cond:
            found = self.cond.wait_for(lambda: any(text in line for _, line in self.lines[after:]), timeout)  # fmt: skip
            if not found:
                raise TimeoutError(f"no line with {text!r} within {timeout} s")
            k = next(i for i in range(after, len(self.lines)) if text in self.lines[i][1])
            return self.lines[k][0], k + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=8, help="one-function saves to time")
    parser.add_argument("--template", choices=("2020", "2022"), default="2022")
    parser.add_argument("--function", default="reshape_practice", help="the function each save changes")  # fmt: skip
    args = parser.parse_args()
    if args.saves < 1:
        parser.error(f"--saves must be >= 1, got {args.saves}")
    tmp = Path(tempfile.mkdtemp(prefix="torch101-bench-watch-"))
    path = tmp / "pytorch101.py"
    subprocess.run([sys.executable, "-m", "torch101", "solution", "--template", args.template, "--out", str(path)], env=_env(), check=True, capture_output=True)  # fmt: skip
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)

    t0 = time.perf_counter()
    _torch101("grade", str(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait()
    grade_s = time.perf_counter() - t0
    print(f"torch101 grade FILE (wall): {grade_s:.2f} s", flush=True)

    t0 = time.perf_counter()
    proc = _torch101("grade", "--watch", str(path), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    reader = Reader(proc)
    try:
        first_at, seen = reader.wait(SETTLED, 0)
        print(f"--watch, start to first full table: {first_at - t0:.2f} s", flush=True)
        time.sleep(3.0)  # let the warm-up (fork server) finish, as a learner's typing would
        redraw, settled = [], []
        source = path.read_text()
        start_of = source.find(f"\ndef {args.function}(")
        if start_of < 0:
            parser.error(
                f"--function: no function {args.function!r} in the {args.template} template"
            )
        head = source.index(":\n", start_of) + 2  # after the signature line
        for k in range(args.saves):
            text = source[:head] + f"    unused = {k}\n" + source[head:]
            start = time.perf_counter()
            path.write_text(text)
            at, seen = reader.wait(f"graded {args.function} in", seen)
            redraw.append(at - start)
            at, seen = reader.wait(SETTLED, seen)
            settled.append(at - start)
            time.sleep(0.5)
        print(f"save -> redrawn table (changed function): median {statistics.median(redraw):.2f} s, max {max(redraw):.2f} s over {args.saves} saves", flush=True)  # fmt: skip
        print(f"save -> settled table (all functions):    median {statistics.median(settled):.2f} s, max {max(settled):.2f} s", flush=True)  # fmt: skip
        print("each save (redraw / settled): " + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(redraw, settled)))  # fmt: skip
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: the command stops its fork server
        proc.wait(timeout=30)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
