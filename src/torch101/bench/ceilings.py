"""Hardware ceilings measured in the same run, so 'fraction of the floor' compares like with like.

Datasheet peaks are leads, not yardsticks: a large copy and a large matmul through PyTorch on
this very machine say what is reachable. Bandwidths count bytes read plus bytes written for
copies within one memory ("read+write"), bytes moved for transfers over the bus ("moved").
A ceiling is the best rate seen (the fastest sample, as STREAM reports), while the experiments
report medians: on a busy machine a row may then fall short of its ceiling, never exceed it
by noise in the ceiling alone.
"""

from __future__ import annotations

from collections.abc import Callable

from torch101.bench.results import Ceiling
from torch101.bench.timing import Timing, TimingSpec, time_device, time_host

__all__ = ["NAMES", "measure"]

_SPEC = TimingSpec(warmup=2, min_samples=5, min_run_time=0.2, max_run_time=2.0)


def _best_rate(amount: float, t: Timing) -> float:
    """`amount` per second at the fastest sample."""
    return amount / t.stats.min


def _cpu_gemm(quick: bool) -> Ceiling:
    import torch

    n = 1024 if quick else 2048
    a, b = torch.rand(n, n), torch.rand(n, n)
    t = time_host(lambda: torch.mm(a, b), spec=_SPEC)
    return Ceiling(
        "CPU fp32 matmul", _best_rate(2 * n**3, t) / 1e9, "GFLOP/s",
        f"{n}^3 torch.mm, {t.threads} threads", t,
    )  # fmt: skip


def _cpu_copy(quick: bool) -> Ceiling:
    import torch

    nbytes = (64 if quick else 256) * 2**20
    src = torch.rand(nbytes // 4)
    dst = torch.empty_like(src)
    t = time_host(lambda: dst.copy_(src), spec=_SPEC)
    return Ceiling(
        "CPU memory copy", _best_rate(2 * nbytes, t) / 1e9, "GB/s read+write",
        f"copy_ of {nbytes >> 20} MiB into an existing tensor", t,
    )  # fmt: skip


def _cpu_new_tensor(quick: bool) -> Ceiling:
    import torch

    nbytes = (64 if quick else 256) * 2**20
    src = torch.rand(nbytes // 4)
    t = time_host(src.clone, spec=_SPEC)
    return Ceiling(
        "CPU copy into a new tensor", _best_rate(2 * nbytes, t) / 1e9, "GB/s read+write",
        f"clone of {nbytes >> 20} MiB: allocation and first-touch page faults included", t,
    )  # fmt: skip


def _gpu_gemm(precision: str) -> Callable[[bool], Ceiling]:
    def measure_gemm(quick: bool) -> Ceiling:
        import torch

        from torch101.fast.precision import matmul_precision

        n = 4096 if quick else 8192
        dtype = torch.bfloat16 if precision == "bf16" else torch.float32
        a = torch.randn(n, n, device="cuda", dtype=dtype)  # random, never zeros: zeros run faster
        b = torch.randn(n, n, device="cuda", dtype=dtype)
        with matmul_precision(precision):
            t = time_device(lambda: torch.mm(a, b), spec=_SPEC)
        return Ceiling(
            f"GPU {precision} matmul", _best_rate(2 * n**3, t) / 1e12, "TFLOP/s",
            f"{n}^3 torch.mm on the device, CUDA events", t,
        )  # fmt: skip

    return measure_gemm


def _gpu_copy(quick: bool) -> Ceiling:
    import torch

    nbytes = (256 if quick else 1024) * 2**20
    src = torch.rand(nbytes // 4, device="cuda")
    dst = torch.empty_like(src)
    t = time_device(lambda: dst.copy_(src), spec=_SPEC)
    return Ceiling(
        "GPU memory copy", _best_rate(2 * nbytes, t) / 1e9, "GB/s read+write",
        f"device copy_ of {nbytes >> 20} MiB, CUDA events", t,
    )  # fmt: skip


def _transfer(direction: str, pinned: bool) -> Callable[[bool], Ceiling]:
    def measure_transfer(quick: bool) -> Ceiling:
        import torch

        nbytes = (64 if quick else 256) * 2**20
        host = torch.rand(nbytes // 4)
        host = host.pin_memory() if pinned else host
        dev = torch.empty(nbytes // 4, device="cuda")
        if direction == "h2d":
            t = time_host(lambda: dev.copy_(host, non_blocking=pinned), spec=_SPEC)
        else:
            t = time_host(lambda: host.copy_(dev, non_blocking=pinned), spec=_SPEC)
        memory = "pinned" if pinned else "pageable"
        arrow = "host -> device" if direction == "h2d" else "device -> host"
        return Ceiling(
            f"{arrow}, {memory}", _best_rate(nbytes, t) / 1e9, "GB/s moved",
            f"copy_ of {nbytes >> 20} MiB {memory} memory, host clock after synchronize", t,
        )  # fmt: skip

    return measure_transfer


def _host_to_pinned(quick: bool) -> Ceiling:
    import torch

    nbytes = (64 if quick else 256) * 2**20
    src = torch.rand(nbytes // 4)
    dst = torch.empty(nbytes // 4).pin_memory()
    t = time_host(lambda: dst.copy_(src), spec=_SPEC)
    return Ceiling(
        "host copy into pinned memory", _best_rate(nbytes, t) / 1e9, "GB/s moved",
        f"copy_ of {nbytes >> 20} MiB pageable -> pinned, {t.threads} threads (mm_offload's staging)", t,
    )  # fmt: skip


_MEASURE: dict[str, Callable[[bool], Ceiling]] = {
    "cpu_gemm": _cpu_gemm,
    "cpu_copy": _cpu_copy,
    "cpu_new_tensor": _cpu_new_tensor,
    "gpu_gemm_fp32": _gpu_gemm("fp32"),
    "gpu_gemm_tf32": _gpu_gemm("tf32"),
    "gpu_gemm_bf16": _gpu_gemm("bf16"),
    "gpu_copy": _gpu_copy,
    "h2d_pinned": _transfer("h2d", pinned=True),
    "h2d_pageable": _transfer("h2d", pinned=False),
    "d2h_pinned": _transfer("d2h", pinned=True),
    "d2h_pageable": _transfer("d2h", pinned=False),
    "host_to_pinned": _host_to_pinned,
}
NAMES = tuple(_MEASURE)


def measure(name: str, *, quick: bool = False) -> Ceiling:
    if name not in _MEASURE:
        raise ValueError(f"ceilings.measure: name must be one of {', '.join(NAMES)}, got {name!r}")
    return _MEASURE[name](quick)
