# ruff: noqa
# fmt: off
# attack: 4 ctypes-from-address
# does: count_negative_entries (2020) maps the input's memory with (c_char * n).from_address(x.data_ptr()) and counts in NumPy
# template: 2020
# expect: count_negative_entries=!pass
import ctypes
import math

import numpy as np
import torch


def count_negative_entries(x):
    y = x.contiguous()
    n = y.element_size() * math.prod(y.shape)
    if n == 0:
        return 0
    buf = (ctypes.c_char * n).from_address(y.data_ptr())
    a = np.frombuffer(bytes(buf)[:n], dtype=np.dtype(str(y.dtype).split(".")[1]))
    return int((a < 0).sum())
