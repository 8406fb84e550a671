"""crossover: the size from which the GPU pays off, copies included.

A sweep of square float32 matmuls, CPU tensors in and a CPU tensor out: the CPU at torch's
default thread count against the GPU end to end (the notebook's naive path and mm_offload's
pipeline), with the device-only compute time for scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from torch101.bench.checks import flag, out_of_order, remeasure_out_of_order
from torch101.bench.context import Context
from torch101.bench.experiments._common import flag_timings, per_second
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


def _measure(n: int, spec: TimingSpec, *, cuda: bool, only: str | None = None) -> dict[str, Timing]:
    """The timings at size n (`only`: just that one, to measure a size again)."""
    import torch

    from torch101.fast.offload import offload_on_gpu
    from torch101.fast.precision import matmul_precision

    torch.manual_seed(n)
    x, w = torch.rand(n, n), torch.rand(n, n)
    timings = {}
    if only in (None, "CPU"):
        timings["CPU"] = time_host(lambda: torch.mm(x, w), spec=spec)
    if not cuda or only == "CPU":
        return timings
    xd, wd = x.cuda(), w.cuda()
    with matmul_precision("fp32"):  # IEEE fp32 on both sides, whatever the global setting
        if only in (None, "GPU naive"):
            timings["GPU naive"] = time_host(lambda: x.cuda().mm(w.cuda()).cpu(), spec=spec)
        if only in (None, "mm_offload"):
            timings["mm_offload"] = time_host(lambda: offload_on_gpu(x, w), spec=spec)
        if only is None:
            timings["GPU compute only"] = time_device(lambda: torch.mm(xd, wd), spec=spec)
    return timings


# The table column of each timing.
_COLUMNS = {
    "CPU": "cpu",
    "GPU naive": "naive",
    "mm_offload": "offload",
    "GPU compute only": "compute",
}


def run(ctx: Context, p: Params) -> Result:
    from torch101.fast.plan import should_offload

    res = ctx.start(Result(NAME, TITLE, ctx.machine, params=asdict(p)))
    table = Table(
        "Square float32 matmul, CPU tensors in and out (medians, ms)",
        [Column("n", "n", "int"), Column("cpu", "CPU ms", "ms"), Column("gflops", "CPU GFLOP/s", "num"),
         Column("naive", "GPU naive ms", "ms"), Column("offload", "mm_offload pipeline ms", "ms"),
         Column("compute", "GPU compute only ms", "ms"), Column("winner", "faster end to end")],
        note="naive = x.cuda().mm(w.cuda()).cpu() from pageable memory; compute = the mm alone on "
        "device-resident tensors (CUDA events). A size slower than a larger one beyond the noise "
        "is measured again (twice at most), then flagged.",
    )  # fmt: skip
    sizes = list(p.sizes)
    measured: dict[str, list[Timing]] = {label: [] for label in _COLUMNS}
    for n in ctx.track(sizes, "crossover sweep"):
        for label, timing in _measure(n, p.spec, cuda=ctx.cuda).items():
            measured[label].append(timing)
    measured = {label: ts for label, ts in measured.items() if ts}
    sizes = sizes[: len(measured["CPU"])]  # a sweep cut short by the time limit
    order: dict[str, dict[int, int]] = {}
    for label, ts in measured.items():
        if label in ("CPU", "GPU naive", "mm_offload"):  # host timings: measure them again
            order[label] = remeasure_out_of_order(
                sizes, ts, lambda n, k=label: _measure(n, p.spec, cuda=ctx.cuda, only=k)[k]
            )
        else:
            order[label] = out_of_order(sizes, ts)
    threads = measured["CPU"][0].threads
    series: dict[str, list[float]] = {
        label: [t.median_ms for t in ts] for label, ts in measured.items()
    }
    for i, n in enumerate(sizes):
        cpu = measured["CPU"][i]
        res.timings |= {f"{label} n={n}": ts[i] for label, ts in measured.items()}
        row = {"n": n, "cpu": cpu.median_ms, "gflops": per_second(2 * n**3, cpu, 1e9)}
        flag_timings(row, {"cpu": cpu, "gflops": cpu})
        if ctx.cuda:
            best = min(series["GPU naive"][i], series["mm_offload"][i])
            row |= {"naive": series["GPU naive"][i], "offload": series["mm_offload"][i],
                    "compute": series["GPU compute only"][i],
                    "winner": "GPU" if best < cpu.median_ms else "CPU"}  # fmt: skip
            flag_timings(row, {_COLUMNS[k]: measured[k][i] for k in measured if k != "CPU"})
        for label, wrong in order.items():
            if i in wrong:
                reason = f"{label} slower than at n={wrong[i]}"
                flag(row, [reason], _COLUMNS[label], *(["gflops"] if label == "CPU" else []))
        if ctx.cuda and row.get("flags"):  # the winner rests on the flagged numbers
            row["suspect"].append("winner")
        table.rows.append(row)
    res.tables.append(table)
    res.plots.append(
        Plot("Square matmul, CPU tensors in and out", "n (matrices are n x n)", "median ms",
             [Series(label, sizes, ys) for label, ys in series.items()], logx=True, logy=True)
    )  # fmt: skip
    # The policy's own cut (a fixed rule, not measured here), found at any n, not only the sizes.
    policy = next((n for n in range(1, 16385) if should_offload(n, n, n, 4)), None)
    res.values["mm_offload policy switches at n"] = policy
    largest = table.rows[-1]
    basis = (
        f"sizes n = {', '.join(map(str, sizes))}, the CPU at {threads} thread{'s' * (threads != 1)}"
    )
    if not ctx.cuda:
        res.skipped.append(ctx.skip_reason("GPU end-to-end and compute timings of the sweep"))
        res.headline = (
            f"CPU {largest['gflops']:.0f} GFLOP/s at n={largest['n']}; crossover needs a GPU"
        )
        res.verdict = (
            f"Measured: {basis}. A {largest['n']}^3 matmul takes {largest['cpu']:.1f} ms on this "
            f"CPU ({largest['gflops']:.0f} GFLOP/s). No crossover was measured: where the GPU "
            "starts to win can only be measured with one."
        )
        return res
    naive_n = crossover(sizes, series["CPU"], series["GPU naive"])
    piped_n = crossover(sizes, series["CPU"], series["mm_offload"])
    res.values |= {"crossover naive": naive_n, "crossover mm_offload": piped_n}
    res.headline = (
        f"GPU wins end to end from n = {_at(naive_n)} (naive), n = {_at(piped_n)} (mm_offload), "
        f"of {len(sizes)} sizes"
    )
    res.verdict = (
        f"Measured: {basis}. Copies included, the GPU beats the CPU {_from(naive_n, sizes)} "
        f"with the notebook's naive path and {_from(piped_n, sizes)} with mm_offload's pinned "
        f"pipeline; below that, launch overheads and the bus cost more than the CPU's "
        f"arithmetic. At n = {largest['n']} the GPU takes {largest['offload']:.2f} ms end to end "
        f"against {largest['cpu']:.1f} ms on the CPU, of which only {largest['compute']:.2f} ms "
        "is compute."
    )
    if any(row.get("flags") for row in table.rows):
        res.verdict += " Flagged rows were disturbed while measuring: the crossover may be off."
    if ctx.quick or len(sizes) < 6:  # too few sizes to test a policy: say so, claim nothing
        res.verdict += (
            f" These {len(sizes)} sizes are too coarse to check mm_offload's built-in policy "
            f"(GPU from n = {policy}); run without --quick for the full sweep."
        )
    else:
        res.verdict += (
            f" mm_offload's built-in policy sends square products to the GPU from n = {policy}."
        )
    return res


def _at(n: int | None) -> str:
    return "-" if n is None else str(n)


def _from(n: int | None, sizes: list[int]) -> str:
    """Where the GPU starts to win, as precisely as the sizes allow."""
    if n is None:
        return "at none of these sizes"
    if n == sizes[0]:
        return f"already at the smallest size, n = {n}"
    before = sizes[sizes.index(n) - 1]
    return f"from somewhere between n = {before} and n = {n} on"
