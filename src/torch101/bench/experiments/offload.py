"""offload: mm_offload against the naive GPU path, the CPU and the floor, 10000^3 by default.

From ordinary (pageable) CPU tensors to a CPU tensor, the floor is the largest of: the GEMM at
that precision on device-resident data, the host-to-device transfer of the inputs at the pinned
bandwidth, and the host's staging copies (inputs in, result out, through pinned memory) at the
host copy bandwidth. Everything is measured in this run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from torch101.bench.context import Context
from torch101.bench.experiments._common import TIME_COLUMNS, cells
from torch101.bench.results import Column, Result, Table, rel_error
from torch101.bench.timing import Timing, TimingSpec, time_device, time_host

NAME = "offload"
TITLE = "mm_offload: a CPU matmul through the GPU, against the naive path and the floor"

GOAL = 1.25  # the goal: within 1.25x of the floor on an H100/H200


@dataclass(frozen=True)
class Params:
    shape: tuple[int, int, int] = (10_000, 10_000, 10_000)
    cpu_shape: tuple[int, int, int] = (2048, 2048, 2048)  # the CPU fallback check, no CUDA
    precisions: tuple[str, ...] = ("fp32", "tf32", "bf16")
    sweep: tuple[Any, ...] = (1, 8, (2, 2), (4, 4), (6, 6), (8, 8))  # chunks for fp32 and tf32
    cpu_baseline: bool = True  # time the CPU at the GPU shape too (seconds on a big host)
    spec: TimingSpec = field(
        default_factory=lambda: TimingSpec(min_samples=5, min_run_time=0.3, max_run_time=3.0)
    )

    @classmethod
    def quick(cls) -> Params:
        return cls(
            shape=(4096, 4096, 4096),
            cpu_shape=(512, 512, 1024),
            sweep=(8, (4, 4)),
            spec=TimingSpec(min_samples=3, min_run_time=0.05, max_run_time=0.5),
        )

    @classmethod
    def full(cls) -> Params:
        return cls()


def run(ctx: Context, p: Params) -> Result:
    res = ctx.start(Result(NAME, TITLE, ctx.machine, params=asdict(p)))
    if ctx.cuda:
        _gpu(ctx, p, res)
    else:
        _cpu_only(ctx, p, res)
    return res


def _cpu_only(ctx: Context, p: Params, res: Result) -> None:
    import warnings

    import torch

    from torch101.fast import mm_offload
    from torch101.fast.plan import plan_offload

    m, k, n = p.cpu_shape
    torch.manual_seed(0)
    x, w = torch.randn(m, k), torch.randn(k, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the no-CUDA warning, once per process
        res.timings["CPU x @ w"] = cpu = time_host(lambda: x @ w, spec=p.spec)
        res.timings["mm_offload CPU fallback"] = fb = time_host(
            lambda: mm_offload(x, w), spec=p.spec
        )
        err = rel_error(mm_offload(x, w), x.double() @ w.double())
    table = Table(
        f"No CUDA: mm_offload falls back to the CPU ({m} x {k}) @ ({k} x {n})",
        [Column("path", "path"), *TIME_COLUMNS, Column("err", "rel. error vs float64", "sci")],
    )
    table.rows = [{"path": "x @ w", **cells(cpu)},
                  {"path": "mm_offload (CPU fallback)", **cells(fb), "err": err}]  # fmt: skip
    res.tables.append(table)
    gm, gk, gn = p.shape
    plans = Table(
        f"The plans mm_offload would follow for ({gm} x {gk}) @ ({gk} x {gn}) float32",
        [Column("chunks", "chunks"), Column("x_pieces", "x pieces", "int"),
         Column("w_pieces", "w pieces", "int"), Column("tiles", "tiles", "int"),
         Column("piece", "largest piece MB", "num"), Column("tile", "largest tile MB", "num")],
        note="Pure Python (torch101.fast.plan): uploads alternate between x and w so that the "
        "first tile starts after one piece of each.",
    )  # fmt: skip
    for chunks in (None, *p.sweep):
        d = plan_offload(gm, gk, gn, itemsize=4, chunks=chunks).describe(4)
        plans.rows.append({"chunks": "auto" if chunks is None else str(chunks),
                           "x_pieces": d["x_pieces"], "w_pieces": d["w_pieces"],
                           "tiles": d["tiles"], "piece": d["largest_piece_MB"],
                           "tile": d["largest_tile_MB"]})  # fmt: skip
    res.tables.append(plans)
    res.skipped.append(ctx.skip_reason(f"the GPU pipeline at {gm} x {gk} x {gn} and its floors"))
    res.values["fallback_overhead"] = fb.stats.median / cpu.stats.median
    res.headline = (
        f"no CUDA: falls back to the CPU at {fb.stats.median / cpu.stats.median:.2f}x x @ w"
    )
    res.verdict = (
        f"Without CUDA, mm_offload computes ({m} x {k}) @ ({k} x {n}) on the CPU at {cpu.threads} "
        f"threads ({fb.median_ms:.1f} ms against "
        f"{cpu.median_ms:.1f} ms for x @ w itself, relative error {err:.1e}) after one warning. "
        "The pipeline, its floors and the 1.25x goal need a GPU."
    )


def _gpu(ctx: Context, p: Params, res: Result) -> None:
    import torch

    from torch101.fast.offload import offload_on_gpu, plan_for
    from torch101.fast.precision import compute_dtype, matmul_precision

    for name in ("h2d_pinned", "host_to_pinned", "cpu_gemm"):
        res.ceilings[name] = ctx.ceiling(name)
    m, k, n = p.shape
    torch.manual_seed(0)
    x, w = torch.randn(m, k), torch.randn(k, n)
    out = torch.empty(m, n)
    in_bytes, out_bytes = (m * k + k * n) * 4, m * n * 4
    h2d_ms = in_bytes / res.ceilings["h2d_pinned"].value / 1e6
    staging_ms = (in_bytes + out_bytes) / res.ceilings["host_to_pinned"].value / 1e6
    xd, wd = x.cuda(), w.cuda()
    floors: dict[str, dict[str, float]] = {}
    for precision in p.precisions:
        cast = compute_dtype(precision, torch.float32)
        a, b = (xd, wd) if cast is None else (xd.to(cast), wd.to(cast))
        with matmul_precision(precision):
            t = time_device(lambda a=a, b=b: torch.mm(a, b), spec=p.spec)
        res.timings[f"device GEMM {precision}"] = t
        compute_ms = t.median_ms
        floors[precision] = {"compute": compute_ms, "h2d": h2d_ms, "staging": staging_ms,
                             "floor": max(compute_ms, h2d_ms, staging_ms)}  # fmt: skip
    del xd, wd, a, b
    torch.cuda.empty_cache()

    table = Table(
        f"({m} x {k}) @ ({k} x {n}) float32, pageable CPU tensors in, CPU tensor out",
        [Column("path", "path"), Column("chunks", "chunks"), *TIME_COLUMNS,
         Column("floor", "x floor", "x"), Column("speedup", "vs naive", "x"),
         Column("err", "rel. error vs float64", "sci")],
        note="floor = max(GEMM at that precision, H2D of x and w at the pinned bandwidth, host "
        "staging copies of x, w and y at the host copy bandwidth), all measured in this run.",
    )  # fmt: skip
    ref_rows = torch.randperm(m)[:256]  # float64 reference on a row sample: 256 x k x n
    with matmul_precision("fp32"):
        naive = time_host(lambda: x.cuda().mm(w.cuda()).cpu(), spec=p.spec)
    res.timings["naive"] = naive

    fresh: dict[str, tuple[Any, Any]] = {}

    def check(precision: str, chunks: Any) -> float:
        """Fresh inputs (one pair per precision: 2e8 normals cost seconds), poisoned output:
        every tile must be written and correct."""
        if precision not in fresh:
            fresh[precision] = torch.randn(m, k), torch.randn(k, n)
        xc, wc = fresh[precision]
        out.fill_(float("nan"))
        offload_on_gpu(xc, wc, precision=precision, chunks=chunks, out=out)
        if out.isnan().any():
            return float("inf")
        return rel_error(out[ref_rows], xc[ref_rows].double() @ wc.double())

    def row(label: str, chunks: Any, t: Timing, precision: str | None, err: float | None) -> None:
        floor = floors[precision]["floor"] if precision else None
        table.rows.append({"path": label, "chunks": str(chunks), **cells(t),
                           "floor": t.median_ms / floor if floor else None,
                           "speedup": naive.stats.median / t.stats.median, "err": err})  # fmt: skip

    if p.cpu_baseline:
        cpu_spec = TimingSpec(warmup=1, min_samples=3, min_run_time=0.1, max_run_time=10.0)
        res.timings["CPU"] = cpu = time_host(lambda: torch.mm(x, w, out=out), spec=cpu_spec)
        row(f"CPU torch.mm ({cpu.threads} threads)", "", cpu, None, None)
    with matmul_precision("fp32"):
        row("naive x.cuda().mm(w.cuda()).cpu()", "", naive, "fp32", rel_error(
            x[ref_rows].cuda().mm(w.cuda()).cpu(), x[ref_rows].double() @ w.double()))  # fmt: skip
    best: dict[str, float] = {}
    for precision in p.precisions:
        sweep = (None, *p.sweep) if precision in ("fp32", "tf32") else (None,)
        for chunks in ctx.track(sweep, f"mm_offload {precision}"):
            label = "auto" if chunks is None else chunks
            t = time_host(
                lambda c=chunks, pr=precision: offload_on_gpu(
                    x, w, precision=pr, chunks=c, out=out
                ),
                spec=p.spec,
            )
            res.timings[f"mm_offload {precision} chunks={label}"] = t
            row(f"mm_offload {precision}", label, t, precision, check(precision, chunks))
            best[precision] = min(best.get(precision, float("inf")), t.median_ms)
    res.values |= {"floors_ms": floors, "best_ms": best,
                   "best_vs_floor": {pr: best[pr] / floors[pr]["floor"] for pr in best}}  # fmt: skip
    res.tables.append(table)
    res.tables.append(_floor_table(floors, res, plan_for(x, w).describe(4)))
    fp32 = res.values["best_vs_floor"]["fp32"]
    tf32 = res.values["best_vs_floor"].get("tf32")
    res.headline = (
        f"mm_offload fp32 {best['fp32']:.0f} ms = {fp32:.2f}x floor, "
        f"{naive.median_ms / best['fp32']:.1f}x faster than naive"
        + (f"; TF32 {tf32:.2f}x floor" if tf32 else "")
    )
    res.verdict = (
        f"For ({m} x {k}) @ ({k} x {n}) float32 from pageable tensors, the naive path takes "
        f"{naive.median_ms:.0f} ms. mm_offload's best "
        f"fp32 time is {best['fp32']:.1f} ms against a floor of {floors['fp32']['floor']:.1f} ms "
        f"({fp32:.2f}x, goal {GOAL}x: {'met' if fp32 <= GOAL else 'missed'})"
        + (
            f"; TF32 {best['tf32']:.1f} ms against {floors['tf32']['floor']:.1f} ms ({tf32:.2f}x: "
            f"{'met' if tf32 <= GOAL else 'missed'})"
            if tf32
            else ""
        )
        + ". The floor's largest term says what bounds each precision: the GEMM for fp32, the "
        "bus and the host's staging copies once TF32 makes the GEMM cheap."
    )


def _floor_table(floors: dict[str, dict[str, float]], res: Result, plan: dict[str, Any]) -> Table:
    table = Table(
        "The floor, term by term (ms)",
        [Column("precision", "precision"), Column("compute", "GEMM on device", "ms"),
         Column("h2d", "H2D of x and w (pinned bw)", "ms"), Column("staging", "host staging copies", "ms"),
         Column("floor", "floor", "ms"), Column("best", "best mm_offload", "ms"), Column("ratio", "x floor", "x")],
        note=f"Default plan: {plan['x_pieces']} x {plan['w_pieces']} pieces, {plan['tiles']} tiles.",
    )  # fmt: skip
    for precision, f in floors.items():
        best = res.values.get("best_ms", {}).get(precision)
        table.rows.append({"precision": precision, **f, "best": best,
                           "ratio": best / f["floor"] if best else None})  # fmt: skip
    return table
