# function: count_tensor_elements
# template: 2022
# expect: pass
# style: int(np.prod(x.shape))
# ruff: noqa
# fmt: off
import torch
import numpy as np


def count_tensor_elements(x):
    return int(np.prod(x.shape))
