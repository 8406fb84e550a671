# ruff: noqa
# fmt: off
# attack: 4 ctypes-memmove-normalize
# does: normalize_columns memmoves the input into NumPy, uses NumPy's mean and std there, and memmoves the answer into a clone of x
# template: 2022
# expect: normalize_columns=!pass
import ctypes

import numpy as np
import torch

_SD = getattr(np, "st" + "d")


def normalize_columns(x):
    y = x.contiguous().clone()
    a = np.empty(tuple(y.shape), dtype=np.float32 if y.element_size() == 4 else np.float64)
    ctypes.memmove(a.ctypes.data, y.data_ptr(), a.nbytes)
    z = (a - np.average(a, axis=0)) / _SD(a, axis=0, ddof=1)
    z = np.ascontiguousarray(z, dtype=a.dtype)
    ctypes.memmove(y.data_ptr(), z.ctypes.data, z.nbytes)
    return y
