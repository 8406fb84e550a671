"""mm: the notebook's "mm_on_cpu vs mm_on_gpu" cell, as written and then measured properly.

The cell times one cold call of each with time.time(): the GPU time then holds one-time costs
(CUDA context, the first copies, cuBLAS set-up and kernel loading) that dwarf the work. Here the
cold costs are measured on their own, each in a fresh process, and the warm path is timed end
to end (host clock) and broken down on the device timeline (CUDA events): copies in, compute,
copy out; pageable vs pinned memory; fp32 vs TF32, with the error against float64.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from torch101.bench.context import Context
from torch101.bench.experiments._common import TIME_COLUMNS, cells, flag_timings, per_second
from torch101.bench.results import Column, Result, Table, rel_error
from torch101.bench.timing import Timing, TimingSpec, fresh_process, time_device, time_host

NAME = "mm"
TITLE = "CPU vs GPU matrix multiply: the notebook's cell, then measured right"


@dataclass(frozen=True)
class Params:
    m: int = 512
    k: int = 4096
    n: int = 4096
    fresh_repeats: int = 3  # fresh processes for the cold measurements
    one_thread: bool = True  # also time the CPU at 1 thread (torch.utils.benchmark's default)
    spec: TimingSpec = field(default_factory=TimingSpec)

    @classmethod
    def quick(cls) -> Params:
        return cls(
            fresh_repeats=1, spec=TimingSpec(min_samples=3, min_run_time=0.1, max_run_time=1.0)
        )

    @classmethod
    def full(cls) -> Params:
        return cls()


# The cell in notebook order: earlier "Running on GPU" cells have created the CUDA context.
_AS_WRITTEN = """
import torch
from torch101.reference import mm_on_cpu, mm_on_gpu
cuda = {cuda}
if cuda:
    torch.tensor([[1.0, 2.0], [3.0, 4.0]]).to("cuda")  # what the earlier cells did
x = torch.rand({m}, {k})
w = torch.rand({k}, {n})
for call in ("first", "second"):
    with stage(call + " call: CPU"):
        y0 = mm_on_cpu(x, w)
    if cuda:
        with stage(call + " call: GPU"):
            y1 = mm_on_gpu(x, w)
            torch.cuda.synchronize()
        result[call + " max_diff"] = (y0 - y1).abs().max().item()
"""

_COLD = """
with stage("import torch"):
    import torch
x = torch.rand({m}, {k})
w = torch.rand({k}, {n})
with stage("first CPU mm"):
    x.mm(w)
with stage("second CPU mm"):
    x.mm(w)
if {cuda}:
    with stage("CUDA context"):
        torch.cuda.init()
        torch.empty(1, device="cuda")
        torch.cuda.synchronize()
    with stage("first copy to GPU"):
        xd, wd = x.cuda(), w.cuda()
        torch.cuda.synchronize()
    with stage("first GPU mm (cuBLAS set-up)"):
        yd = xd.mm(wd)
        torch.cuda.synchronize()
    with stage("first copy back"):
        yd.cpu()
    with stage("second copy to GPU"):
        xd, wd = x.cuda(), w.cuda()
        torch.cuda.synchronize()
    with stage("second GPU mm"):
        yd = xd.mm(wd)
        torch.cuda.synchronize()
"""

RATE_COLUMNS = [
    Column("rate", "rate", "num"),
    Column("unit", "unit"),
    Column("pct", "% of ceiling", "pct"),
]


def run(ctx: Context, p: Params) -> Result:
    import torch

    res = ctx.start(Result(NAME, TITLE, ctx.machine, params=asdict(p)))
    shape = dict(m=p.m, k=p.k, n=p.n, cuda=ctx.cuda)
    flop = 2 * p.m * p.k * p.n
    _as_written(ctx, p, res, shape)
    _cold(p, res, shape)

    torch.manual_seed(0)
    x, w = torch.rand(p.m, p.k), torch.rand(p.k, p.n)  # the notebook's inputs
    ref = x.double() @ w.double()
    cpu_gemm = ctx.ceiling("cpu_gemm")
    res.ceilings["cpu_gemm"] = cpu_gemm
    res.timings["warm CPU"] = cpu = time_host(lambda: torch.mm(x, w), spec=p.spec)
    res.values["rel_error CPU"] = rel_error(torch.mm(x, w), ref)
    res.values["CPU GFLOP/s"] = per_second(flop, cpu, 1e9)
    warm = Table(
        f"Warm, end to end: ({p.m} x {p.k}) @ ({p.k} x {p.n}) float32, CPU tensors in and out",
        [Column("path", "path"), *TIME_COLUMNS, Column("speedup", "vs CPU", "x"), *RATE_COLUMNS,
         Column("err", "rel. error vs float64", "sci")],
    )  # fmt: skip

    def add_row(label: str, t: Timing, err: float | None, ceiling: str, unit: str) -> None:
        scale = 1e12 if unit == "TFLOP/s" else 1e9
        rate = per_second(flop, t, scale)
        warm.rows.append(flag_timings({
            "path": label, **cells(t, "speedup", "rate", "pct"),
            "speedup": cpu.stats.median / t.stats.median, "rate": rate, "unit": unit,
            "pct": 100 * rate / res.ceilings[ceiling].value, "ceiling": ceiling, "err": err,
        }, {"speedup": cpu}))  # fmt: skip

    add_row(f"CPU torch.mm, {cpu.threads} threads", cpu, res.values["rel_error CPU"],
            "cpu_gemm", "GFLOP/s")  # fmt: skip
    if p.one_thread and cpu.threads != 1:
        res.timings["warm CPU 1 thread"] = one = time_host(
            lambda: torch.mm(x, w), spec=p.spec, threads=1
        )
        add_row("CPU torch.mm, 1 thread", one, None, "cpu_gemm", "GFLOP/s")
    res.tables.append(warm)
    if ctx.cuda:
        _gpu(ctx, p, res, x, w, ref, add_row)
    else:
        res.skipped += [
            ctx.skip_reason("GPU half of the notebook's cell and its cold-start breakdown"),
            ctx.skip_reason("warm GPU end to end (pageable, pinned, TF32, mm_offload)"),
            ctx.skip_reason("device-side breakdown with CUDA events"),
        ]
    _verdict(ctx, res, cpu)
    return res


def _as_written(ctx: Context, p: Params, res: Result, shape: dict[str, Any]) -> None:
    timings, results = fresh_process(_AS_WRITTEN.format(**shape), repeats=p.fresh_repeats)
    res.timings.update({f"as written: {k}": t for k, t in timings.items()})
    table = Table(
        "The notebook's cell as written: one call each, no warm-up (fresh process)",
        [Column("call", "call"), Column("cpu", "CPU ms", "ms"), Column("gpu", "GPU ms", "ms"),
         Column("speedup", "GPU speedup", "x"), Column("diff", "max abs diff", "sci")],
        note=f"Median of {p.fresh_repeats} fresh process(es), one call each, like the cell."
        + (
            " The GPU time covers the .cuda() copies, the mm and .cpu(). Earlier notebook cells "
            "have already created the CUDA context; the first cuBLAS call and the first large "
            "copies happen here."
            if ctx.cuda
            else ""
        ),
    )  # fmt: skip
    for call in ("first", "second"):
        cpu = timings[f"{call} call: CPU"]
        row: dict[str, Any] = {"call": call, "cpu": cpu.median_ms}
        flag_timings(row, {"cpu": cpu, "speedup": cpu})
        if ctx.cuda:
            gpu = timings[f"{call} call: GPU"]
            row |= {"gpu": gpu.median_ms, "speedup": row["cpu"] / gpu.median_ms,
                    "diff": max(r[f"{call} max_diff"] for r in results)}  # fmt: skip
            flag_timings(row, {"gpu": gpu, "speedup": gpu})
        table.rows.append(row)
    res.tables.append(table)


def _cold(p: Params, res: Result, shape: dict[str, Any]) -> None:
    timings, _ = fresh_process(_COLD.format(**shape), repeats=p.fresh_repeats)
    res.timings.update({f"cold: {k}": t for k, t in timings.items()})
    table = Table(
        "Cold-start costs, each stage timed in a fresh process",
        [Column("stage", "stage"), *TIME_COLUMNS],
        note="GPU stages end with torch.cuda.synchronize(); 'first' pays one-time set-up.",
    )
    table.rows = [{"stage": name, **cells(t)} for name, t in timings.items()]
    res.tables.append(table)


def _gpu(ctx: Context, p: Params, res: Result, x: Any, w: Any, ref: Any, add_row: Any) -> None:
    import torch

    from torch101.fast import mm_offload
    from torch101.fast.precision import matmul_precision

    for name in ("gpu_gemm_fp32", "gpu_gemm_tf32", "h2d_pinned", "h2d_pageable", "d2h_pinned",
                 "d2h_pageable"):  # fmt: skip
        res.ceilings[name] = ctx.ceiling(name)
    xd, wd = torch.empty_like(x, device="cuda"), torch.empty_like(w, device="cuda")
    yd = torch.empty(p.m, p.n, device="cuda")
    xp, wp, yp = x.pin_memory(), w.pin_memory(), torch.empty(p.m, p.n).pin_memory()
    y_pageable = torch.empty(p.m, p.n)

    def naive() -> Any:
        return x.cuda().mm(w.cuda()).cpu()

    def pinned() -> None:
        xd.copy_(xp, non_blocking=True)
        wd.copy_(wp, non_blocking=True)
        torch.mm(xd, wd, out=yd)
        yp.copy_(yd, non_blocking=True)
        torch.cuda.synchronize()

    fp32, tf32 = "gpu_gemm_fp32", "gpu_gemm_tf32"
    with matmul_precision("fp32"):
        res.timings["warm GPU naive"] = t = time_host(naive, spec=p.spec)
        res.values["rel_error GPU fp32"] = rel_error(naive(), ref)
        add_row(
            "GPU x.cuda().mm(w.cuda()).cpu(), pageable",
            t,
            res.values["rel_error GPU fp32"],
            fp32,
            "TFLOP/s",
        )
        res.timings["warm GPU pinned"] = t = time_host(pinned, spec=p.spec)
        add_row("GPU, pinned buffers, fp32", t, rel_error(yp, ref), fp32, "TFLOP/s")
    with matmul_precision("tf32"):
        res.timings["warm GPU pinned tf32"] = t = time_host(pinned, spec=p.spec)
        res.values["rel_error GPU tf32"] = rel_error(yp, ref)
        add_row("GPU, pinned buffers, TF32", t, res.values["rel_error GPU tf32"], tf32, "TFLOP/s")
    res.timings["warm mm_offload"] = t = time_host(lambda: mm_offload(x, w), spec=p.spec)
    add_row(
        "torch101.mm_offload (pageable in/out), fp32",
        t,
        rel_error(mm_offload(x, w), ref),
        fp32,
        "TFLOP/s",
    )

    nbytes_in, nbytes_out = (x.numel() + w.numel()) * 4, p.m * p.n * 4
    parts = [
        ("host -> device, pageable", lambda: (xd.copy_(x), wd.copy_(w)), nbytes_in, "h2d_pageable"),
        ("host -> device, pinned",
         lambda: (xd.copy_(xp, non_blocking=True), wd.copy_(wp, non_blocking=True)), nbytes_in, "h2d_pinned"),
        ("mm fp32", lambda: torch.mm(xd, wd, out=yd), None, "gpu_gemm_fp32"),
        ("mm TF32", lambda: torch.mm(xd, wd, out=yd), None, "gpu_gemm_tf32"),
        ("device -> host, pageable", lambda: y_pageable.copy_(yd), nbytes_out, "d2h_pageable"),
        ("device -> host, pinned", lambda: yp.copy_(yd, non_blocking=True), nbytes_out, "d2h_pinned"),
    ]  # fmt: skip
    table = Table(
        "Where the GPU time goes (device timeline, CUDA events)",
        [Column("part", "part"), *TIME_COLUMNS, *RATE_COLUMNS],
        note="Copies from pageable memory are staged by the driver through a bounce buffer; "
        "pinned memory is copied by DMA at bus speed.",
    )
    flop = 2 * p.m * p.k * p.n
    for label, fn, nbytes, ceiling in parts:
        with matmul_precision("tf32" if "TF32" in label else "fp32"):
            t = time_device(fn, spec=p.spec)
        res.timings[f"device: {label}"] = t
        unit = "TFLOP/s" if nbytes is None else "GB/s"
        rate = per_second(flop, t, 1e12) if nbytes is None else per_second(nbytes, t, 1e9)
        table.rows.append({"part": label, **cells(t, "rate", "pct"), "rate": rate, "unit": unit,
                           "pct": 100 * rate / res.ceilings[ceiling].value,
                           "ceiling": ceiling})  # fmt: skip
    res.tables.append(table)


def _verdict(ctx: Context, res: Result, cpu: Timing) -> None:
    t = res.timings
    cell_cpu = t["as written: first call: CPU"].median_ms
    first_mm, second_mm = t["cold: first CPU mm"].median_ms, t["cold: second CPU mm"].median_ms
    cpu_rate = res.values["CPU GFLOP/s"]
    p = res.params
    shape = f"({p['m']} x {p['k']}) @ ({p['k']} x {p['n']}) float32"
    if not ctx.cuda:
        res.headline = (
            f"CPU {cpu.median_ms:.1f} ms warm ({cpu.threads} threads, {cpu_rate:.0f} GFLOP/s); "
            "GPU parts need a CUDA device"
        )
        res.verdict = (
            f"For the cell's {shape} on this machine, the CPU call took {cell_cpu:.0f} ms as "
            f"written; warm, torch.mm takes {cpu.median_ms:.0f} ms (median of {cpu.stats.n}, "
            f"{cpu.threads} threads). In a fresh process the first mm took {first_mm:.0f} ms and "
            f"the second {second_mm:.0f} ms: on the CPU, cold start costs little. Why the "
            "notebook's GPU time misleads (CUDA context, first copies, cuBLAS set-up) can only be "
            "measured on a CUDA machine: see the skipped parts."
        )
        return
    cell_gpu = t["as written: first call: GPU"].median_ms
    setup = sum(
        t[f"cold: {s}"].median_ms
        for s in ("CUDA context", "first copy to GPU", "first GPU mm (cuBLAS set-up)")
    )
    naive, pinned = t["warm GPU naive"].median_ms, t["warm GPU pinned"].median_ms
    tf32 = t["warm GPU pinned tf32"].median_ms
    compute = t["device: mm fp32"].median_ms
    copies = (
        t["device: host -> device, pinned"].median_ms
        + t["device: device -> host, pinned"].median_ms
    )
    res.values |= {"cell_speedup": cell_cpu / cell_gpu, "pinned_speedup": cpu.median_ms / pinned,
                   "tf32_speedup": cpu.median_ms / tf32, "naive_speedup": cpu.median_ms / naive}  # fmt: skip
    res.headline = (
        f"cell said GPU {cell_cpu / cell_gpu:.2f}x; warm: {cpu.median_ms / naive:.1f}x pageable, "
        f"{cpu.median_ms / pinned:.1f}x pinned, {cpu.median_ms / tf32:.1f}x TF32"
    )
    res.verdict = (
        f"For {shape}, as written, the cell timed the CPU at {cell_cpu:.0f} ms and the GPU at "
        f"{cell_gpu:.0f} ms "
        f"({cell_cpu / cell_gpu:.2f}x). In a fresh process the CUDA context, the first copies and "
        f"the first cuBLAS call alone cost {setup:.0f} ms, while a warm mm takes {compute:.2f} ms. "
        f"Warm, the GPU path takes {naive:.1f} ms from pageable memory "
        f"({cpu.median_ms / naive:.1f}x the CPU's {cpu.median_ms:.1f} ms at {cpu.threads} threads), "
        f"{pinned:.2f} ms with pinned buffers ({cpu.median_ms / pinned:.1f}x) and {tf32:.2f} ms "
        f"with TF32 ({cpu.median_ms / tf32:.1f}x, relative error "
        f"{res.values['rel_error GPU tf32']:.1e} vs {res.values['rel_error GPU fp32']:.1e}). "
        f"At this size the copies ({copies:.2f} ms pinned) cost more than the compute: the "
        "notebook measured start-up and the bus, not the GPU's arithmetic."
    )
