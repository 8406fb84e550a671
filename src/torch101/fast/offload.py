"""mm_offload: a CPU matrix product done on the GPU, at close to the speed of the hardware.

The notebook's `x.cuda().mm(w.cuda()).cpu()` copies from pageable memory (the driver stages it
through a small pinned bounce buffer, at a fraction of the bus speed), waits for each copy and
overlaps nothing. mm_offload stages pieces through reusable pinned buffers and overlaps the
host copies, the bus transfers, the GEMMs and the copies back (see plan.py and pipeline.py).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import torch

from torch101.fast.pipeline import CudaOps, device_bytes, run_plan
from torch101.fast.plan import OffloadPlan, plan_offload, should_offload
from torch101.fast.pool import staging_pool
from torch101.fast.precision import check_precision, compute_dtype, matmul_precision
from torch101.reference._checks import _describe, check_matmul_operands

__all__ = ["GPU_DTYPES", "mm_offload", "offload_on_gpu", "plan_for"]

GPU_DTYPES = (torch.float32, torch.float64, torch.float16, torch.bfloat16)

# One offload at a time: the staging pool is shared, and the free-memory check must not see
# another offload's buffers. Reentrant: mm_offload holds it across the check and the run.
_GPU_LOCK = threading.RLock()
_WARNED: set[str] = set()
_WARN_LOCK = threading.Lock()
_HEADROOM = 256 * 2**20  # device bytes left free for cuBLAS workspaces and the allocator


def _warn_once(key: str, message: str) -> None:
    with _WARN_LOCK:  # two threads falling back at once still warn once
        if key in _WARNED:
            return
        _WARNED.add(key)
    warnings.warn(message, RuntimeWarning, stacklevel=3)


def _check_chunks(fn: str, chunks: object) -> None:
    def is_int(c: object) -> bool:
        return isinstance(c, int) and not isinstance(c, bool)

    if chunks is None:
        return
    counts = chunks if isinstance(chunks, tuple) and len(chunks) == 2 else (chunks,)
    expected = (
        "None, an int >= 1 (row chunks of x) or a pair of ints >= 1 (row pieces of x, column "
        "pieces of w)"
    )
    if not all(map(is_int, counts)):
        raise TypeError(f"{fn}: argument 'chunks' must be {expected}; got {chunks!r}")
    if min(counts) < 1:  # type: ignore[type-var]
        raise ValueError(f"{fn}: argument 'chunks' must be {expected}; got {chunks!r}")


def _check(fn: str, x: object, w: object, out: object, precision: object, chunks: object) -> None:
    check_matmul_operands(fn, x, w, batched=False)
    assert isinstance(x, torch.Tensor) and isinstance(w, torch.Tensor)
    for name, t in (("x", x), ("w", w)):
        if t.device.type != "cpu":
            raise ValueError(
                f"{fn}: argument '{name}' must be a CPU tensor (mm_offload moves it to the GPU "
                f"itself; for tensors already on a GPU use x @ w), got {_describe(t)}"
            )
    check_precision(fn, precision)
    _check_chunks(fn, chunks)
    if out is None:
        return
    shape = (x.shape[0], w.shape[1])
    if not isinstance(out, torch.Tensor):
        raise TypeError(
            f"{fn}: argument 'out' must be a torch.Tensor or None, got {_describe(out)}"
        )
    if out.device.type != "cpu" or out.dtype != x.dtype or tuple(out.shape) != shape:
        raise ValueError(
            f"{fn}: argument 'out' must be a CPU tensor of shape {shape} and dtype {x.dtype}, "
            f"got {_describe(out)}"
        )
    storage = out.untyped_storage().data_ptr()
    if storage in (x.untyped_storage().data_ptr(), w.untyped_storage().data_ptr()):
        raise ValueError(f"{fn}: argument 'out' must not share memory with 'x' or 'w'")


def mm_offload(
    x: torch.Tensor,
    w: torch.Tensor,
    *,
    precision: str = "fp32",
    chunks: int | tuple[int, int] | None = None,
    out: torch.Tensor | None = None,
) -> torch.Tensor:
    """Return x @ w for CPU tensors x (m, k) and w (k, n), computed on the GPU when it pays.

    The result is a CPU tensor of x's dtype, complete when the call returns; no autograd graph
    is recorded. Where the GPU cannot win it computes on the CPU instead, exactly:
    without CUDA (one RuntimeWarning per process), for integer dtypes, below the crossover
    size (`should_offload`: under ~2 * 768**3 flops or ~64 flops per byte moved), and when
    the operands do not fit in the GPU's free memory, or the GPU runs out of memory on the
    way (one warning; `out` is then rewritten in full on the CPU).

    Args:
        x, w: CPU tensors of one real dtype; pageable or pinned (pinned pieces skip staging).
        precision: "fp32" (IEEE, default), "tf32" (float32 inputs on TF32 tensor cores,
            relative error ~1e-4), "bf16" or "fp16" (multiply in that dtype, ~1e-3 to 1e-2).
        chunks: None (chosen from the sizes), an int c (x in c row chunks, w whole) or a pair
            (a, b) (x in a row pieces, w in b column pieces). See torch101.fast.plan.
        out: an optional CPU tensor (m, n) of x's dtype to write into; it is returned.

    Safe to call repeatedly and from several threads (GPU calls run one at a time).
    """
    _check("mm_offload", x, w, out, precision, chunks)
    m, k, n = x.shape[0], x.shape[1], w.shape[1]
    if out is None:
        out = torch.empty((m, n), dtype=x.dtype)
    if not torch.cuda.is_available():
        _warn_once(
            "no-cuda",
            "mm_offload: no CUDA device (torch.cuda.is_available() is False); computing on the "
            "CPU instead",
        )
        return _on_cpu(x, w, out)
    if x.dtype not in GPU_DTYPES or not should_offload(m, k, n, x.element_size()):
        return _on_cpu(x, w, out)
    with _exclusive(precision):  # a running offload's memory is free again once it ends
        plan = plan_for(x, w, chunks=chunks)
        if _fits(plan, x.element_size(), compute_dtype(precision, x.dtype)):
            try:
                return offload_on_gpu(x, w, precision=precision, chunks=chunks, out=out)
            except torch.cuda.OutOfMemoryError:
                pass  # the check counted fragmented cache as free: fall back to the CPU
            # After the except: the failed call's tensors are gone, so the cache can shrink.
            torch.cuda.empty_cache()
    _warn_once(
        "too-big",
        f"mm_offload: x {tuple(x.shape)} and w {tuple(w.shape)} do not fit in the GPU's "
        "free memory; computing on the CPU instead",
    )
    return _on_cpu(x, w, out)  # outside the lock: the CPU matmul must not hold up the GPU


def _on_cpu(x: torch.Tensor, w: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return torch.mm(x, w, out=out)


def _fits(plan: OffloadPlan, itemsize: int, cast: torch.dtype | None) -> bool:
    """Whether the operands, the tile slots and any reduced-precision copies fit on the GPU."""
    free, _ = torch.cuda.mem_get_info()
    cached = torch.cuda.memory_reserved() - torch.cuda.memory_allocated()
    cast_itemsize = 0 if cast is None else torch.empty((), dtype=cast).element_size()
    return device_bytes(plan, itemsize, cast_itemsize) + _HEADROOM <= free + cached


def plan_for(
    x: torch.Tensor, w: torch.Tensor, *, chunks: int | tuple[int, int] | None = None
) -> OffloadPlan:
    """The plan mm_offload would follow for these operands (w pinned: kept whole)."""
    w_whole = chunks is None and w.is_contiguous() and w.is_pinned()
    return plan_offload(
        x.shape[0],
        x.shape[1],
        w.shape[1],
        itemsize=x.element_size(),
        chunks=chunks,
        w_whole=w_whole,
    )


def offload_on_gpu(
    x: torch.Tensor,
    w: torch.Tensor,
    *,
    precision: str = "fp32",
    chunks: int | tuple[int, int] | None = None,
    out: torch.Tensor | None = None,
) -> torch.Tensor:
    """mm_offload's GPU path with no size policy: always pipelines through the current GPU.

    For benchmarks and tests. Needs CUDA, a float dtype and m, k, n >= 1.
    """
    fn = "offload_on_gpu"
    _check(fn, x, w, out, precision, chunks)
    if not torch.cuda.is_available():
        raise RuntimeError(f"{fn}: no CUDA device (torch.cuda.is_available() is False)")
    if x.dtype not in GPU_DTYPES:
        raise TypeError(f"{fn}: dtype must be one of {GPU_DTYPES}, got {x.dtype}")
    if min(x.shape[0], x.shape[1], w.shape[1]) < 1:
        raise ValueError(f"{fn}: needs m, k, n >= 1, got x {tuple(x.shape)}, w {tuple(w.shape)}")
    if out is None:
        out = torch.empty((x.shape[0], w.shape[1]), dtype=x.dtype)
    plan = plan_for(x, w, chunks=chunks)
    device = torch.device("cuda", torch.cuda.current_device())
    with _exclusive(precision), torch.no_grad(), torch.cuda.device(device):
        return run_plan(
            plan,
            x,
            w,
            out,
            ops=CudaOps(device),
            pool=staging_pool(),
            cast=compute_dtype(precision, x.dtype),
        )


@contextmanager
def _exclusive(precision: str) -> Iterator[None]:
    """One offload at a time, under its matmul precision.

    The precision's lock is taken first, as by every other user of matmul_precision: a thread
    that calls mm_offload inside its own matmul_precision block (the benchmarks do) then cannot
    deadlock against another thread's offload that holds _GPU_LOCK and waits for that lock.
    """
    with matmul_precision(precision), _GPU_LOCK:
        yield
