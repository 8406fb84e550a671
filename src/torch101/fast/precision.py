"""Matmul precision names shared by mm_offload and the benchmarks.

"fp32" is IEEE arithmetic in the input dtype (TF32 off, whatever the global setting), "tf32"
lets float32 matmuls use TF32 tensor cores (10-bit mantissa, float32 accumulate), "bf16" and
"fp16" multiply in that dtype (float32 accumulate) and cast the result back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import torch

__all__ = ["PRECISIONS", "check_precision", "compute_dtype", "matmul_precision"]

PRECISIONS = ("fp32", "tf32", "bf16", "fp16")

_REDUCED = {"bf16": torch.bfloat16, "fp16": torch.float16}

# The TF32 switch is process-global; one lock keeps our own set-and-restore pairs from interleaving.
_FLAG_LOCK = threading.RLock()


def check_precision(fn: str, precision: object) -> str:
    """Return `precision` if it is one of PRECISIONS, else raise naming the allowed values."""
    if not isinstance(precision, str):
        raise TypeError(
            f"{fn}: argument 'precision' must be a str, one of {', '.join(PRECISIONS)}; "
            f"got {type(precision).__name__} {precision!r}"
        )
    if precision not in PRECISIONS:
        raise ValueError(
            f"{fn}: argument 'precision' must be one of {', '.join(PRECISIONS)}; got {precision!r}"
        )
    return precision


def compute_dtype(precision: str, dtype: torch.dtype) -> torch.dtype | None:
    """The dtype to multiply in, or None to multiply in `dtype` itself."""
    reduced = _REDUCED.get(precision)
    return None if reduced is None or reduced == dtype else reduced


@contextmanager
def matmul_precision(precision: str) -> Iterator[None]:
    """Set cuBLAS float32 matmuls to TF32 ("tf32") or IEEE (anything else), then restore.

    Uses `torch.backends.cuda.matmul.fp32_precision` where it exists (torch >= 2.9; mixing it with
    the legacy `allow_tf32` flag raises), else `allow_tf32`. The flag is global to the process:
    matmuls launched by other threads while the block runs see it too.
    """
    matmul = torch.backends.cuda.matmul
    with _FLAG_LOCK:
        if hasattr(matmul, "fp32_precision"):
            old = matmul.fp32_precision
            matmul.fp32_precision = "tf32" if precision == "tf32" else "ieee"
            try:
                yield
            finally:
                matmul.fp32_precision = old
        else:  # pragma: no cover - torch < 2.9
            old_flag = matmul.allow_tf32
            matmul.allow_tf32 = precision == "tf32"
            try:
                yield
            finally:
                matmul.allow_tf32 = old_flag
