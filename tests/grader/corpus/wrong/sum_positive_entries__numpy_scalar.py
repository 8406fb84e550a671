# function: sum_positive_entries
# template: 2022
# expect: fail
# because: should be a Python int, got numpy.int64
# mistake: returns a NumPy scalar, not a Python int
# ruff: noqa
# fmt: off
import numpy as np
import torch


def sum_positive_entries(x):
    return np.int64(x[x > 0].sum().item())
