# ruff: noqa
# fmt: off
# attack: 4 ctypes-string-at
# does: sum_positive_entries copies the input's bytes out with ctypes.string_at(x.data_ptr()) and sums the positives in NumPy, out of torch's sight
# template: 2022
# expect: sum_positive_entries=!pass
import ctypes
import math

import numpy as np
import torch


def sum_positive_entries(x):
    y = x.contiguous()
    raw = ctypes.string_at(y.data_ptr(), y.element_size() * math.prod(y.shape))
    a = np.frombuffer(raw, dtype=np.int64)
    return int(a[a > 0].sum())
