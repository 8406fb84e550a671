"""normalize_columns_fast: the assignment's normalize_columns near the memory floor.

The floor is reading x twice (statistics, then the normalisation) and writing y once. The
assignment's formula takes about five passes. On CUDA a torch.compile'd kernel (compiled on
first use, cached) fuses the reduction into one Welford pass and the rest into one elementwise
pass. On the CPU, compiling takes tens of seconds, so an eager version in three cheap passes
is used: the column sum, the centred copy (the one new tensor), and the sum of squares over
16 MiB row blocks, so that (x - mean)**2 is never materialised in full.
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections.abc import Callable

import torch

from torch101.reference._checks import check_tensor

__all__ = ["normalize_columns_fast"]

# Row blocks of the CPU sum of squares: small enough for the last-level cache, few enough that
# per-op overhead stays small (on a busy 2-core machine, 1 MiB blocks were 15x slower).
_BLOCK_BYTES = 16 * 2**20
_COMPILE_BROKEN: list[BaseException] = []
_WARNED_CPU: list[bool] = []  # the no-CUDA warning, once per process
_LOCK = threading.Lock()


def normalize_columns_fast(x: torch.Tensor) -> torch.Tensor:
    """Return y[i, j] = (x[i, j] - mu_j) / sigma_j as a new tensor of x's dtype.

    Same contract as torch101.reference.normalize_columns: x is a 2-D floating-point tensor
    with M >= 2 rows; sigma is the sample (unbiased, 1 / (M - 1)) standard deviation; x is not
    modified; a constant column gives NaN. Statistics of float16/bfloat16 inputs accumulate in
    float32. On CUDA the work is one fused torch.compile kernel: the first call compiles (a
    few seconds), and so does the first call with a new dtype, layout or grad mode, and the
    second shape (sizes then become dynamic); past torch's recompile limit (8 variants) it
    runs eagerly. Elsewhere, or if compiling fails (one warning), eager PyTorch; without a
    CUDA device at all it says so once (a RuntimeWarning).
    """
    check_tensor("normalize_columns_fast", "x", x, ndim=2, min_shape=(2, 0), dtypes="float")
    if not x.is_cuda and not torch.cuda.is_available():
        _warn_cpu_once()
    if _use_compiled(x):
        try:
            return _compiled()(x)
        except Exception as err:  # an inductor/triton failure must not break the function
            if _is_device_failure(err):
                raise  # out of memory or a CUDA error: not the compiler's, keep compiling
            with _LOCK:
                _COMPILE_BROKEN.append(err)
            warnings.warn(
                f"normalize_columns_fast: torch.compile failed ({type(err).__name__}: {err}); "
                "using eager PyTorch from now on",
                RuntimeWarning,
                stacklevel=2,
            )
    return _normalize_eager(x)


def _warn_cpu_once() -> None:
    """Like mm_offload: say once per process that there is no GPU to fuse on."""
    with _LOCK:
        if _WARNED_CPU:
            return
        _WARNED_CPU.append(True)
    warnings.warn(
        "normalize_columns_fast: no CUDA device (torch.cuda.is_available() is False); "
        "computing on the CPU with eager PyTorch",
        RuntimeWarning,
        stacklevel=3,
    )


# What device failures look like once inductor or Triton has wrapped them: not the compiler's.
_DEVICE_FAILURE_TEXT = ("CUDA error", "Triton Error [CUDA]", "out of memory")


def _is_device_failure(err: BaseException) -> bool:
    """Out of memory or a CUDA error anywhere in the chain (inductor wraps what it catches)."""
    device_errors = (torch.cuda.OutOfMemoryError, *_accelerator_error())
    seen: set[int] = set()
    link: BaseException | None = err
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, device_errors) or any(t in str(link) for t in _DEVICE_FAILURE_TEXT):
            return True
        link = link.__cause__ or link.__context__
    return False


def _accelerator_error() -> tuple[type[BaseException], ...]:
    error = getattr(torch, "AcceleratorError", None)  # torch >= 2.8 raises it for CUDA errors
    return (error,) if isinstance(error, type) else ()


def _use_compiled(x: torch.Tensor) -> bool:
    return x.is_cuda and x.numel() > 0 and not _COMPILE_BROKEN


def normalize_kernel(x: torch.Tensor) -> torch.Tensor:
    """The math torch.compile fuses: Welford statistics in one pass, then one elementwise pass."""
    stats_dtype = torch.promote_types(x.dtype, torch.float32)
    var, mean = torch.var_mean(x.to(stats_dtype), dim=0, correction=1)
    return ((x - mean) * torch.rsqrt(var)).to(x.dtype)


@functools.cache
def _compiled() -> Callable[[torch.Tensor], torch.Tensor]:
    return torch.compile(normalize_kernel)


def _normalize_eager(x: torch.Tensor) -> torch.Tensor:
    if x.requires_grad and torch.is_grad_enabled():
        return normalize_kernel(x)  # the blocked version below writes with out=: no autograd
    if x.device.type != "cpu":  # var_mean is one Welford pass on a GPU: about 5 memory passes
        return normalize_kernel(x)
    m, n = x.shape
    stats_dtype = torch.promote_types(x.dtype, torch.float32)
    mean = x.sum(dim=0, dtype=stats_dtype) / m
    y = x - mean.to(x.dtype)  # the only full-size allocation
    rows = max(1, min(m, _BLOCK_BYTES // max(1, 4 * n)))
    square = torch.empty((rows, n), dtype=stats_dtype, device=y.device)
    sum_sq = torch.zeros(n, dtype=stats_dtype, device=y.device)
    for block in y.split(rows):
        wide = block.to(stats_dtype)  # no copy for float32/float64; half squares overflow
        part = square[: block.shape[0]]
        torch.mul(wide, wide, out=part)
        sum_sq += part.sum(dim=0)
    inv_sigma = sum_sq.div_(m - 1).rsqrt_()
    return y.mul_(inv_sigma.to(y.dtype))
