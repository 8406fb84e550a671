"""Benchmark the Winter 2022 challenge functions of the reference against their floors.

challenge_mean_tensors: N = 10,000 tensors with lengths drawn from 1..10, 1..100 and 1..1000,
against the floor for a Python-list input (torch.cat then torch.segment_reduce) and a Python
loop of .mean(). Timed with torch.utils.benchmark in interleaved rounds (median per call), at 1
thread and at torch's default thread count.

challenge_get_uniques: N = 10^7 int64 against torch.unique(sorted=True): the median of
interleaved single calls (each call takes a good fraction of a second, and interleaving keeps
a busy shared machine from favouring one side), and the peak extra memory. torch's CPU
allocator keeps no statistics and tracemalloc does not see it, so each variant runs in a fresh
subprocess that resets the kernel's resident-set high-water mark (writing 5 to
/proc/self/clear_refs), reads VmRSS, calls the function once, then reads VmHWM: the difference
is the peak of every page the call touched, outputs included. Where clear_refs is not
writable it falls back to ru_maxrss, valid only when the call sets a new high-water mark.

Usage: python scripts/bench_challenges.py [--quick] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch.utils import benchmark

from torch101.reference import challenge_get_uniques, challenge_mean_tensors

GOAL_MEAN_VS_FLOOR = 1.5
GOAL_UNIQUES_VS_TORCH = 1.5
GOAL_UNIQUES_MEMORY = 4.0  # elements of extra memory per input element


# ---------------------------------------------------------------- the machine


def machine() -> dict[str, str]:
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(
                line.split(":", 1)[1].strip() for line in f if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "torch": torch.__version__,
        "default threads": str(torch.get_num_threads()),
        "python": platform.python_version(),
        "load average at start": " ".join(f"{v:.1f}" for v in os.getloadavg()),
    }


# ---------------------------------------------------------------- challenge_mean_tensors


def mean_inputs(n: int, longest: int, seed: int = 0) -> tuple[list[torch.Tensor], torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    ls = torch.randint(1, longest + 1, (n,), generator=gen)
    values = torch.randn(int(ls.sum()), generator=gen)
    return list(values.split(ls.tolist())), ls  # separate 1-D tensors, as a student gets them


def floor_mean(xs: list[torch.Tensor], ls: torch.Tensor) -> torch.Tensor:
    return torch.segment_reduce(torch.cat(xs), "mean", lengths=ls)


def loop_mean(xs: list[torch.Tensor], ls: torch.Tensor) -> torch.Tensor:
    return torch.stack([x.mean() for x in xs])


MEAN_VARIANTS: dict[str, Callable] = {
    "reference": challenge_mean_tensors,
    "floor": floor_mean,
    "loop": loop_mean,
}


@dataclass
class MeanRow:
    longest: int
    threads: int
    ms: dict[str, float]

    @property
    def ok(self) -> bool:
        ref = self.ms["reference"]
        return ref <= GOAL_MEAN_VS_FLOOR * self.ms["floor"] and ref < self.ms["loop"]


def bench_mean(n: int, longests: tuple[int, ...], threads: list[int], rounds: int):
    """Median per-call time of each variant over interleaved rounds of about 20 ms each.

    Interleaving matters on a shared 2-core machine: a neighbour's burst then slows every
    variant of a round alike instead of one variant's whole measurement.
    """
    rows = []
    for longest in longests:
        xs, ls = mean_inputs(n, longest)
        xs = [x.clone() for x in xs]  # separate storages, not slices of one buffer
        torch.testing.assert_close(challenge_mean_tensors(xs, ls), floor_mean(xs, ls))
        for t in threads:
            timers = {
                name: benchmark.Timer(
                    "fn(xs, ls)", globals={"fn": fn, "xs": xs, "ls": ls}, num_threads=t
                )
                for name, fn in MEAN_VARIANTS.items()
            }
            number = {
                name: max(1, round(0.02 / timer.blocked_autorange(min_run_time=0.1).median))
                for name, timer in timers.items()
            }
            per_call: dict[str, list[float]] = {name: [] for name in timers}
            for _ in range(rounds):
                for name, timer in timers.items():
                    per_call[name].append(timer.timeit(number[name]).median)
            ms = {name: statistics.median(v) * 1e3 for name, v in per_call.items()}
            rows.append(MeanRow(longest, t, ms))
    return rows


# ---------------------------------------------------------------- challenge_get_uniques


def uniques_input(kind: str, n: int, seed: int = 0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    if kind == "randint(0, N)":
        return torch.randint(0, n, (n,), generator=gen)
    if kind == "randperm(N)":
        return torch.randperm(n, generator=gen)
    if kind == "randint(0, 1000)":
        return torch.randint(0, 1000, (n,), generator=gen)
    raise ValueError(f"unknown input kind {kind!r}")


UNIQUES_VARIANTS: dict[str, Callable] = {
    "reference": challenge_get_uniques,
    "torch.unique": lambda x: torch.unique(x, sorted=True),
    "torch.sort(stable)": lambda x: torch.sort(x, stable=True),  # what any sort-based one pays
}
UNIQUES_KINDS = ("randint(0, N)", "randperm(N)", "randint(0, 1000)")


def _status_bytes(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    raise KeyError(key)


def measure_peak_in_this_process(variant: str, kind: str, n: int) -> dict:
    """Peak extra resident memory of one call (run in a fresh subprocess)."""
    fn = UNIQUES_VARIANTS[variant]
    fn(uniques_input(kind, 1000, seed=1))  # load the kernels on a tiny input first
    x = uniques_input(kind, n)
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset VmHWM to the current VmRSS
        method = "VmHWM after clear_refs"
    except OSError:
        method = "ru_maxrss"
    base = _status_bytes("VmRSS:")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out = fn(x)
    if method == "ru_maxrss":
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        valid = peak > before
    else:
        peak, valid = _status_bytes("VmHWM:"), True
    del out
    return {"extra_bytes": peak - base, "method": method, "valid": valid}


def measure_peak(variant: str, kind: str, n: int) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--_peak", variant, kind, str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


@dataclass
class UniquesRow:
    kind: str
    distinct: int
    ms: dict[str, float]
    extra: dict[str, float]  # extra elements per input element
    method: str

    @property
    def ok(self) -> bool:
        return (
            self.ms["reference"] <= GOAL_UNIQUES_VS_TORCH * self.ms["torch.unique"]
            and self.extra["reference"] <= GOAL_UNIQUES_MEMORY
        )


def bench_uniques(n: int, kinds: tuple[str, ...], repeats: int, memory: bool) -> list[UniquesRow]:
    rows = []
    for kind in kinds:
        x = uniques_input(kind, n)
        uniques, indices = challenge_get_uniques(x)
        assert torch.equal(uniques, torch.unique(x, sorted=True))
        assert torch.equal(x[indices], uniques)
        times: dict[str, list[float]] = {name: [] for name in UNIQUES_VARIANTS}
        for _ in range(repeats):
            for name, fn in UNIQUES_VARIANTS.items():
                start = time.perf_counter()
                fn(x)
                times[name].append(time.perf_counter() - start)
        extra, method = {}, ""
        for name in UNIQUES_VARIANTS if memory else ():
            peak = measure_peak(name, kind, n)
            extra[name] = peak["extra_bytes"] / (x.element_size() * n)
            method = peak["method"] + ("" if peak["valid"] else " (INVALID: no new high-water)")
        ms = {name: statistics.median(t) * 1e3 for name, t in times.items()}
        rows.append(UniquesRow(kind, uniques.shape[0], ms, extra, method))
    return rows


# ---------------------------------------------------------------- report


def markdown(info, n_mean, mean_rows, n_uniques, uniques_rows) -> str:
    lines = ["## Performance", ""]
    lines.append("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".")
    lines += [
        "",
        f"`challenge_mean_tensors`, N = {n_mean:,} tensors (ms per call, median of interleaved",
        "torch.utils.benchmark rounds; goal: at most 1.5x the floor `segment_reduce(cat(xs))`,",
        "faster than the loop):",
        "",
        "| lengths | threads | reference | floor | loop of .mean() | ref / floor | ref / loop | goal |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in mean_rows:
        m = r.ms
        lines.append(
            f"| 1..{r.longest} | {r.threads} | {m['reference']:.2f} | {m['floor']:.2f} | "
            f"{m['loop']:.2f} | {m['reference'] / m['floor']:.2f}x | "
            f"{m['reference'] / m['loop']:.2f}x | {'met' if r.ok else 'MISSED'} |"
        )
    lines += [
        "",
        f"`challenge_get_uniques`, N = {n_uniques:,} int64 (median ms of interleaved calls at the",
        "default thread count; peak extra memory in int64 elements per input element, outputs",
        "included; goal: at most 1.5x `torch.unique(sorted=True)` and at most 4N):",
        "",
        "| input | K distinct | reference ms | torch.unique ms | stable sort ms | ref / unique "
        "| ref memory | unique memory | sort memory | goal |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in uniques_rows:
        m, e = r.ms, r.extra

        def mem(name: str, e=e) -> str:
            return f"{e[name]:.2f}N" if name in e else "-"

        lines.append(
            f"| {r.kind} | {r.distinct:,} | {m['reference']:.0f} | {m['torch.unique']:.0f} | "
            f"{m['torch.sort(stable)']:.0f} | {m['reference'] / m['torch.unique']:.2f}x | "
            f"{mem('reference')} | {mem('torch.unique')} | {mem('torch.sort(stable)')} | "
            f"{'met' if r.ok else 'MISSED'} |"
        )
    methods = {r.method for r in uniques_rows if r.method}
    if methods:
        lines += ["", "Memory measured with " + ", ".join(sorted(methods)) + "."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--markdown", metavar="FILE", help="also write the tables here")
    parser.add_argument("--repeats", type=int, default=7, help="calls per uniques variant")
    parser.add_argument("--_peak", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._peak:
        variant, kind, n = args._peak
        print(json.dumps(measure_peak_in_this_process(variant, kind, int(n))))
        return 0

    info = machine()
    default_threads = torch.get_num_threads()
    threads = sorted({1, default_threads})
    if args.quick:
        n_mean, longests, rounds = 200, (10, 100), 3
        n_uniques, kinds, repeats = 100_000, UNIQUES_KINDS[1:2], 2
    else:
        n_mean, longests, rounds = 10_000, (10, 100, 1000), 25
        n_uniques, kinds, repeats = 10_000_000, UNIQUES_KINDS, args.repeats

    mean_rows = bench_mean(n_mean, longests, threads, rounds)
    torch.set_num_threads(default_threads)  # benchmark.Timer changes it while it runs
    uniques_rows = bench_uniques(n_uniques, kinds, repeats, memory=True)
    text = markdown(info, n_mean, mean_rows, n_uniques, uniques_rows)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
