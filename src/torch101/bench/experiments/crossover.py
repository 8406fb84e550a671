"""crossover: from which size on does the GPU pay off, copies included?

A sweep of square float32 matmuls, CPU tensors in and a CPU tensor out: the CPU at torch's
default thread count against the GPU end to end (the notebook's naive path and mm_offload's
pipeline), with the device-only compute time for scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from torch101.bench.context import Context
from torch101.bench.experiments._common import per_second
from torch101.bench.results import Column, Plot, Result, Series, Table
from torch101.bench.timing import Timing, TimingSpec, time_device, time_host

NAME = "crossover"
TITLE = "The smallest square matmul the GPU wins end to end"


@dataclass(frozen=True)
class Params:
    sizes: tuple[int, ...] = (64, 128, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096)
    spec: TimingSpec = field(
        default_factory=lambda: TimingSpec(min_samples=3, min_run_time=0.05, max_run_time=1.0)
    )

    @classmethod
    def quick(cls) -> Params:
        return cls(
            sizes=(64, 256, 1024),
            spec=TimingSpec(min_samples=3, min_run_time=0.02, max_run_time=0.3),
        )

    @classmethod
    def full(cls) -> Params:
        return cls()


def crossover(sizes: Sequence[int], cpu: Sequence[float], gpu: Sequence[float]) -> int | None:
    """The smallest size from which the GPU is faster at every larger size of the sweep."""
    found = None
    for size, c, g in reversed(list(zip(sizes, cpu, gpu))):
        if g >= c:
            break
        found = size
    return found


def _measure(n: int, spec: TimingSpec, *, cuda: bool) -> dict[str, Timing]:
    import torch

    from torch101.fast.offload import offload_on_gpu
    from torch101.fast.precision import matmul_precision

    torch.manual_seed(n)
    x, w = torch.rand(n, n), torch.rand(n, n)
    timings = {"CPU": time_host(lambda: torch.mm(x, w), spec=spec)}
    if not cuda:
        return timings
    xd, wd = x.cuda(), w.cuda()
    with matmul_precision("fp32"):  # IEEE fp32 on both sides, whatever the global setting
        timings["GPU naive"] = time_host(lambda: x.cuda().mm(w.cuda()).cpu(), spec=spec)
        timings["mm_offload"] = time_host(lambda: offload_on_gpu(x, w), spec=spec)
        timings["GPU compute only"] = time_device(lambda: torch.mm(xd, wd), spec=spec)
    return timings


def run(ctx: Context, p: Params) -> Result:
    from torch101.fast.plan import should_offload

    res = Result(NAME, TITLE, ctx.machine, params=asdict(p))
    table = Table(
        "Square float32 matmul, CPU tensors in and out (medians, ms)",
        [Column("n", "n", "int"), Column("cpu", "CPU ms", "ms"), Column("gflops", "CPU GFLOP/s", "num"),
         Column("naive", "GPU naive ms", "ms"), Column("offload", "mm_offload pipeline ms", "ms"),
         Column("compute", "GPU compute only ms", "ms"), Column("winner", "faster end to end")],
        note="naive = x.cuda().mm(w.cuda()).cpu() from pageable memory; compute = the mm alone on "
        "device-resident tensors (CUDA events).",
    )  # fmt: skip
    series: dict[str, list[float]] = {
        "CPU": [],
        "GPU naive": [],
        "mm_offload": [],
        "GPU compute only": [],
    }
    for n in ctx.track(p.sizes, "crossover sweep"):
        t = _measure(n, p.spec, cuda=ctx.cuda)
        res.timings |= {f"{label} n={n}": timing for label, timing in t.items()}
        cpu = t["CPU"]
        row = {"n": n, "cpu": cpu.median_ms, "gflops": per_second(2 * n**3, cpu, 1e9)}
        series["CPU"].append(cpu.median_ms)
        if ctx.cuda:
            best = min(t["GPU naive"].median_ms, t["mm_offload"].median_ms)
            row |= {"naive": t["GPU naive"].median_ms, "offload": t["mm_offload"].median_ms,
                    "compute": t["GPU compute only"].median_ms,
                    "winner": "GPU" if best < cpu.median_ms else "CPU"}  # fmt: skip
            for label in ("GPU naive", "mm_offload", "GPU compute only"):
                series[label].append(t[label].median_ms)
        table.rows.append(row)
    res.tables.append(table)
    sizes = list(p.sizes)
    res.plots.append(
        Plot("Square matmul, CPU tensors in and out", "n (matrices are n x n)", "median ms",
             [Series(label, sizes, ys) for label, ys in series.items() if ys], logx=True, logy=True)
    )  # fmt: skip
    policy = next((n for n in sizes if should_offload(n, n, n, 4)), None)
    res.values["mm_offload policy switches at n"] = policy
    largest = table.rows[-1]
    last = f"CPU n={largest['n']}"
    if not ctx.cuda:
        res.skipped.append(ctx.skip_reason("GPU end-to-end and compute timings of the sweep"))
        res.headline = (
            f"CPU {largest['gflops']:.0f} GFLOP/s at n={largest['n']}; crossover needs a GPU"
        )
        res.verdict = (
            f"On this CPU a {largest['n']}^3 matmul takes {largest['cpu']:.1f} ms "
            f"({largest['gflops']:.0f} GFLOP/s at {res.timings[last].threads} threads). Where the GPU starts to win can only be measured with one. mm_offload "
            f"sends square products to the GPU from n = {policy} (its built-in policy, set from "
            "the crossover measured on an H200 host)."
        )
        return res
    naive_n = crossover(sizes, series["CPU"], series["GPU naive"])
    piped_n = crossover(sizes, series["CPU"], series["mm_offload"])
    res.values |= {"crossover naive": naive_n, "crossover mm_offload": piped_n}
    res.headline = f"GPU wins end to end from n = {naive_n} (naive), n = {piped_n} (mm_offload)"
    res.verdict = (
        f"Copies included, the GPU beats the CPU from n = {naive_n} with the notebook's naive path "
        f"and from n = {piped_n} with mm_offload's pinned pipeline; below that, launch overheads "
        f"and the bus cost more than the CPU's arithmetic. At n = {largest['n']} the GPU takes "
        f"{largest['offload']:.2f} ms end to end against {largest['cpu']:.1f} ms on the CPU, of "
        f"which only {largest['compute']:.2f} ms is compute. mm_offload's policy switches to the "
        f"GPU at n = {policy}."
    )
    return res
