"""Matmul precision names shared by mm_offload and the benchmarks.

"fp32" is IEEE arithmetic in the input dtype (TF32 off, whatever the global setting), "tf32"
lets float32 matmuls use TF32 tensor cores (10-bit mantissa, float32 accumulate), "bf16" and
"fp16" multiply in that dtype (float32 accumulate) and cast the result back.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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

    torch >= 2.9 has two switches for one setting: the new `fp32_precision` strings (what
    cuBLAS reads) and the legacy `allow_tf32` / `set_float32_matmul_precision`, and raises
    whenever code reads the legacy one while the two disagree. So the block sets both through
    the legacy setter (which keeps them in step), is a no-op when both already say the right
    thing, and afterwards puts every value back exactly, also on exceptions. (Mixed values are
    not harmless: torch.compile's global-state guard, for one, reads the legacy flag.)

    The flag is global to the process: matmuls launched by other threads while the block runs
    see it too. Our own users (mm_offload, the benchmarks) take one lock, so they never
    interleave; hold this block around the whole GPU section, never inside another lock.
    """
    want_tf32 = precision == "tf32"
    matmul = torch.backends.cuda.matmul
    with _FLAG_LOCK:
        if not hasattr(matmul, "fp32_precision"):  # pragma: no cover - torch < 2.9
            old_flag = matmul.allow_tf32
            try:
                matmul.allow_tf32 = want_tf32
                yield
            finally:
                matmul.allow_tf32 = old_flag
            return
        with _quiet():
            already = _new_api_tf32() == want_tf32 and _legacy_tf32() == want_tf32
        if already:
            yield  # leave the globals alone: other threads see no change at all
            return
        with _quiet():
            saved = _save()
        try:  # the setters inside: a failure between them still restores every value
            with _quiet():
                matmul.allow_tf32 = want_tf32
                if _new_api_tf32() != want_tf32:  # a torch whose setter left it inheriting
                    matmul.fp32_precision = "tf32" if want_tf32 else "ieee"
            yield
        finally:
            with _quiet():
                _restore(saved)


@contextmanager
def _quiet() -> Iterator[None]:
    """Hide torch 2.9-2.11's one-time notice that the legacy TF32 API will be deprecated: it is
    used here on purpose, as the only setter of the legacy value (runs under _FLAG_LOCK)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*new API settings to control TF32")
        yield


def _new_api_tf32() -> bool:
    """What cuBLAS uses: the matmul setting, else the generic one it inherits ("none" = IEEE)."""
    for level in (torch.backends.cuda.matmul, torch.backends):
        value = getattr(level, "fp32_precision", "none")
        if value not in ("none", "default"):
            return value == "tf32"
    return False


def _legacy_tf32() -> bool | None:
    """The legacy allow_tf32 flag, or None where torch refuses to read it (the APIs disagree)."""
    try:
        return bool(torch.backends.cuda.matmul.allow_tf32)
    except RuntimeError:
        return None


def _new_api_levels() -> list[Any]:
    """The objects whose fp32_precision set_float32_matmul_precision may rewrite."""
    backends = torch.backends
    levels = [backends.cuda.matmul, getattr(backends.mkldnn, "matmul", None)]
    return [level for level in levels if hasattr(level, "fp32_precision")]


Saved = tuple[str | None, bool, list[tuple[Any, str]]]


def _save() -> Saved:
    try:
        legacy: str | None = torch.get_float32_matmul_precision()
    except RuntimeError:  # the APIs already disagree
        legacy = None
    allow = _legacy_tf32()
    if allow is None:  # unreadable because it differs from the new value: so it is the opposite
        allow = not _new_api_tf32()
    return legacy, allow, [(level, level.fp32_precision) for level in _new_api_levels()]


def _restore(saved: Saved) -> None:
    legacy, allow, levels = saved
    if legacy is not None:
        torch.set_float32_matmul_precision(legacy)
    else:
        torch.backends.cuda.matmul.allow_tf32 = allow
    for level, value in levels:  # both setters above rewrite new values too: put them back
        level.fp32_precision = value
