# ruff: noqa
# fmt: off
# attack: 4 ctypes-memmove-write
# does: slice_assignment_practice writes the pattern into x with ctypes.memmove at x.data_ptr() + strides: no slice assignment at all
# template: 2022
# expect: slice_assignment_practice=!pass
import ctypes

import numpy as np
import torch

_PATTERN = [[0, 1, 2, 2, 2, 2], [0, 1, 2, 2, 2, 2], [3, 4, 3, 4, 5, 5], [3, 4, 3, 4, 5, 5]]


def slice_assignment_practice(x):
    dt = np.dtype(str(x.dtype).split(".")[1])
    base, (s0, s1), size = x.data_ptr(), x.stride(), x.element_size()
    for i, row in enumerate(_PATTERN):
        for j, v in enumerate(row):
            cell = np.array([v], dtype=dt)
            ctypes.memmove(base + (i * s0 + j * s1) * size, cell.ctypes.data, size)
    return x
