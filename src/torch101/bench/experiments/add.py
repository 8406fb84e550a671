"""add: the notebook's 10000 x 10000 elementwise add, CPU vs GPU.

An add reads two tensors and writes one: memory-bound, so its yardstick is the copy bandwidth
measured in the same run. The notebook's cell (one call each, the GPU one synchronised) is
shown next to warm medians.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from torch101.bench.context import Context
from torch101.bench.experiments._common import TIME_COLUMNS, cells, flag_timings, per_second
from torch101.bench.results import Column, Result, Table
from torch101.bench.timing import Timing, TimingSpec, time_device, time_host, time_once

NAME = "add"
TITLE = "Elementwise add of two n x n float32 tensors, CPU vs GPU"


@dataclass(frozen=True)
class Params:
    n: int = 10_000
    spec: TimingSpec = field(default_factory=lambda: TimingSpec(min_samples=5, max_run_time=2.0))

    @classmethod
    def quick(cls) -> Params:
        return cls(n=4096, spec=TimingSpec(min_samples=3, min_run_time=0.05, max_run_time=0.5))

    @classmethod
    def full(cls) -> Params:
        return cls()


def run(ctx: Context, p: Params) -> Result:
    import torch

    res = ctx.start(Result(NAME, TITLE, ctx.machine, params=asdict(p)))
    nbytes = 3 * p.n * p.n * 4  # read a, read b, write the sum
    torch.manual_seed(0)
    a, b = torch.randn(p.n, p.n), torch.randn(p.n, p.n)
    res.ceilings |= {
        "cpu_copy": ctx.ceiling("cpu_copy"),
        "cpu_new_tensor": ctx.ceiling("cpu_new_tensor"),
    }
    res.timings["CPU as written"] = time_once(lambda: a + b)
    res.timings["CPU warm"] = cpu = time_host(lambda: a + b, spec=p.spec)
    out = torch.empty_like(a)
    res.timings["CPU warm, out="] = cpu_out = time_host(
        lambda: torch.add(a, b, out=out), spec=p.spec
    )
    table = Table(
        f"{p.n} x {p.n} float32: c = a + b ({nbytes / 1e9:.2f} GB read and written)",
        [Column("path", "path"), *TIME_COLUMNS, Column("speedup", "vs CPU", "x"),
         Column("gbps", "GB/s", "num"), Column("pct", "% of copy bandwidth", "pct")],
        note="GB/s counts both reads and the write; the ceiling is a large copy_ on the same memory.",
    )  # fmt: skip

    def row(label: str, t: Timing, ceiling: str) -> None:
        rate = per_second(nbytes, t, 1e9)
        table.rows.append(flag_timings(
            {"path": label, **cells(t, "speedup", "gbps", "pct"),
             "speedup": cpu.stats.median / t.stats.median, "gbps": rate,
             "pct": 100 * rate / res.ceilings[ceiling].value, "ceiling": ceiling},
            {"speedup": cpu},
        ))  # fmt: skip

    cpu_bw = res.ceilings["cpu_copy"].value
    row("CPU, as the notebook times it (one call)", res.timings["CPU as written"], "cpu_copy")
    row(f"CPU a + b, warm ({cpu.threads} threads)", cpu, "cpu_copy")
    row("CPU torch.add(a, b, out=c), warm", cpu_out, "cpu_copy")
    if ctx.cuda:
        res.ceilings["gpu_copy"] = ctx.ceiling("gpu_copy")
        ad, bd = a.cuda(), b.cuda()
        torch.cuda.synchronize()
        res.timings["GPU as written"] = gpu_once = time_once(lambda: ad + bd)  # clock synchronises
        res.timings["GPU warm"] = gpu = time_device(lambda: ad + bd, spec=p.spec)
        res.values["max_diff"] = ((ad + bd).cpu() - (a + b)).abs().max().item()
        row("GPU, as the notebook times it (one call + synchronize)", gpu_once, "gpu_copy")
        row("GPU a + b, warm (CUDA events)", gpu, "gpu_copy")
        res.values["speedup"] = cpu.stats.median / gpu.stats.median
        res.headline = (
            f"GPU {res.values['speedup']:.0f}x faster warm ({gpu.median_ms:.2f} vs "
            f"{cpu.median_ms:.0f} ms); the notebook promised 10-30x"
        )
    else:
        res.skipped.append(ctx.skip_reason("the GPU add"))
        res.headline = (
            f"CPU {cpu.median_ms:.0f} ms ({per_second(nbytes, cpu, 1e9):.1f} GB/s); "
            "the GPU side needs a CUDA device"
        )
    res.tables.append(table)
    fresh = per_second(nbytes, cpu, 1e9)
    into = per_second(nbytes, cpu_out, 1e9)
    res.verdict = (
        f"An add moves 12 bytes per element and does one flop: its speed is memory bandwidth. "
        f"For {p.n} x {p.n} float32 at {cpu.threads} CPU threads, a + b reaches {fresh:.1f} GB/s while writing into an existing tensor "
        f"reaches {into:.1f} GB/s: a new result tensor costs page faults on first touch "
        f"(a fresh copy runs at {res.ceilings['cpu_new_tensor'].value:.1f} vs "
        f"{cpu_bw:.1f} GB/s into existing memory)."
    )
    if ctx.cuda:
        once, warm = res.timings["GPU as written"], res.timings["GPU warm"]
        res.verdict += (
            f" The GPU reaches {per_second(nbytes, warm, 1e9):.0f} GB/s, "
            f"{res.values['speedup']:.0f}x the CPU. The notebook's single synchronised call took "
            f"{once.median_ms:.2f} ms, {once.stats.median / warm.stats.median:.1f}x the warm "
            "median: it includes the first launch of the add kernel and the host-side sync."
        )
    return res
