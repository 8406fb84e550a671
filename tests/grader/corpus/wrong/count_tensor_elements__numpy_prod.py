# function: count_tensor_elements
# template: 2022
# expect: fail
# because: should be a Python int, got numpy
# mistake: np.prod(x.shape) is a NumPy scalar (and a float for a 0-d tensor)
# ruff: noqa
# fmt: off
import numpy as np
import torch


def count_tensor_elements(x):
    return np.prod(x.shape)
