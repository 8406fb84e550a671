"""Input validation shared by the reference functions.

Every error names the function, the argument, what was expected and what was given.
Kept free of torch calls per element so that validation never looks like a loop of tensor ops.
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any

import torch


def _describe(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return (
            f"a {value.dim()}-D {type(value).__name__} of shape {tuple(value.shape)}, "
            f"dtype {value.dtype}, on {value.device}"
        )
    return f"{type(value).__name__} {value!r}"[:200]


def check_tensor(
    fn: str,
    name: str,
    x: Any,
    *,
    ndim: int | None = None,
    min_shape: tuple[int, ...] | None = None,
    dtypes: str | torch.dtype | None = None,
) -> None:
    """Raise TypeError/ValueError unless `x` is a tensor of the given rank, size and dtype kind.

    dtypes: None (any), a torch.dtype, "float" (floating point), "integer" (signed or unsigned
    integers, not bool) or "real" (integers or floating point, not bool or complex).
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{fn}: argument '{name}' must be a torch.Tensor, got {_describe(x)}")
    if ndim is not None and x.dim() != ndim:
        raise ValueError(f"{fn}: argument '{name}' must be a {ndim}-D tensor, got {_describe(x)}")
    if min_shape is not None:
        for axis, (size, least) in enumerate(zip(x.shape, min_shape)):
            if size < least:
                want = " x ".join(f">={m}" for m in min_shape)
                raise ValueError(
                    f"{fn}: argument '{name}' must have shape ({want}); dimension {axis} is "
                    f"{size} < {least} in {_describe(x)}"
                )
    if dtypes is None:
        return
    if isinstance(dtypes, torch.dtype):
        ok, want = x.dtype == dtypes, f"dtype {dtypes}"
    elif dtypes == "float":
        ok, want = x.dtype.is_floating_point, "a floating-point dtype"
    elif dtypes == "integer":
        ok, want = is_integer_dtype(x.dtype), "an integer dtype"
    elif dtypes == "real":
        ok = x.dtype.is_floating_point or is_integer_dtype(x.dtype)
        want = "an integer or floating-point dtype"
    else:
        raise ValueError(f"check_tensor: unknown dtypes {dtypes!r}")
    if not ok:
        raise TypeError(f"{fn}: argument '{name}' must have {want}, got {_describe(x)}")


def is_integer_dtype(dtype: torch.dtype) -> bool:
    return not dtype.is_floating_point and not dtype.is_complex and dtype != torch.bool


def check_int(fn: str, name: str, value: Any, *, minimum: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{fn}: argument '{name}' must be a Python int, got {_describe(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{fn}: argument '{name}' must be >= {minimum}, got {value}")


def check_same_device(fn: str, **tensors: torch.Tensor) -> None:
    devices = {name: t.device for name, t in tensors.items()}
    if len(set(devices.values())) > 1:
        listed = ", ".join(f"'{n}' on {d}" for n, d in devices.items())
        raise ValueError(f"{fn}: all tensors must be on the same device, got {listed}")


def check_matmul_operands(fn: str, x: Any, w: Any, *, batched: bool) -> None:
    ndim = 3 if batched else 2
    check_tensor(fn, "x", x, ndim=ndim, dtypes="real")
    check_tensor(fn, "y" if batched else "w", w, ndim=ndim, dtypes="real")
    other = "y" if batched else "w"
    if x.dtype != w.dtype:
        raise TypeError(
            f"{fn}: 'x' and '{other}' must have the same dtype, got {x.dtype} and {w.dtype}"
        )
    check_same_device(fn, x=x, **{other: w})
    if batched and x.shape[0] != w.shape[0]:
        raise ValueError(
            f"{fn}: batch sizes differ: x is {tuple(x.shape)} and y is {tuple(w.shape)}"
        )
    if x.shape[-1] != w.shape[-2]:
        raise ValueError(
            f"{fn}: inner dimensions differ: x is {tuple(x.shape)} and {other} is "
            f"{tuple(w.shape)} (x.shape[-1] must equal {other}.shape[-2])"
        )


def check_list(fn: str, name: str, value: Any, *, nonempty: bool) -> None:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{fn}: argument '{name}' must be a list, got {_describe(value)}")
    if nonempty and len(value) == 0:
        raise ValueError(f"{fn}: argument '{name}' must be a non-empty list, got []")


def check_index_pairs(fn: str, x: torch.Tensor, indices: Any, values: Any) -> None:
    """Validate mutate_tensor's (i, j) pairs and values (a plain loop: mutate_tensor may loop)."""
    check_list(fn, "indices", indices, nonempty=False)
    check_list(fn, "values", values, nonempty=False)
    if len(indices) != len(values):
        raise ValueError(
            f"{fn}: 'indices' and 'values' must have equal lengths, got {len(indices)} "
            f"and {len(values)}"
        )
    height, width = x.shape
    for k, (pair, value) in enumerate(zip(indices, values)):
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or any(isinstance(i, bool) or not isinstance(i, numbers.Integral) for i in pair)
        ):
            raise TypeError(
                f"{fn}: indices[{k}] must be a pair of ints (i, j), got {_describe(pair)}"
            )
        i, j = pair
        if not (-height <= i < height and -width <= j < width):
            raise ValueError(
                f"{fn}: indices[{k}] = {tuple(pair)} is out of range for x of shape "
                f"({height}, {width})"
            )
        if not isinstance(value, numbers.Number) or isinstance(value, complex):
            raise TypeError(f"{fn}: values[{k}] must be a real number, got {_describe(value)}")
        if not _fits(value, x.dtype):
            raise ValueError(
                f"{fn}: values[{k}] = {value!r} cannot be stored in x of dtype {x.dtype}"
            )


def _fits(value: numbers.Number, dtype: torch.dtype) -> bool:
    # Whether torch can write the Python number into this dtype without an overflow error.
    if dtype == torch.bool or dtype.is_complex:
        return True
    if dtype.is_floating_point:
        if dtype.itemsize < 4:
            return True  # 16-bit floats round to +-inf instead of raising
        try:
            value = float(value)
        except OverflowError:  # a Python int beyond float64
            return False
        return not math.isfinite(value) or abs(value) <= torch.finfo(dtype).max
    info = torch.iinfo(dtype)
    finite = isinstance(value, numbers.Integral) or math.isfinite(value)
    return finite and info.min <= value <= info.max


_SHAPE = operator.attrgetter("shape")


def check_segments(fn: str, xs: Any, ls: Any) -> torch.Tensor:
    """Validate challenge_mean_tensors' inputs; return the concatenated values.

    torch.cat checks devices and ranks in C; the lengths are compared as Python ints. No
    tensor op runs per element, so validation never looks like a loop of tensor ops.
    """
    check_list(fn, "xs", xs, nonempty=True)
    check_tensor(fn, "ls", ls, ndim=1, dtypes=torch.int64)
    if ls.shape[0] != len(xs):
        raise ValueError(
            f"{fn}: 'ls' must hold one length per tensor of 'xs': {len(xs)} tensors, "
            f"{ls.shape[0]} lengths"
        )
    try:
        values = torch.cat(xs)
    except TypeError:
        raise TypeError(f"{fn}: argument 'xs' must be a list of tensors") from None
    except RuntimeError as err:
        raise ValueError(f"{fn}: 'xs' must be 1-D tensors on one device: {err}") from None
    check_same_device(fn, xs=values, ls=ls)
    check_tensor(fn, "xs", values, dtypes="real")
    shapes = list(map(_SHAPE, xs))  # torch.Size per tensor, read in C
    if shapes != list(zip(ls.tolist())):  # (k,) == torch.Size([k]): 1-D and the right length
        if any(len(s) != 1 for s in shapes):
            raise ValueError(f"{fn}: every tensor of 'xs' must be 1-D, got shapes {shapes[:5]}")
        raise ValueError(
            f"{fn}: 'ls' does not match the lengths of 'xs' (shapes start {shapes[:5]}, "
            f"ls starts {ls[:5].tolist()})"
        )
    if int(ls.min()) < 1:
        raise ValueError(f"{fn}: every tensor of 'xs' must be non-empty (K_i >= 1)")
    return values


def check_cuda(fn: str) -> None:
    if not torch.cuda.is_available():
        raise RuntimeError(
            f"{fn}: no CUDA device is available (torch.cuda.is_available() is False); "
            "use mm_on_cpu, or run on a machine with an NVIDIA GPU and a CUDA build of torch"
        )
