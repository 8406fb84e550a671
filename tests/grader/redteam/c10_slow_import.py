# ruff: noqa
# fmt: off
# attack: 10 slow-import
# does: importing the file takes 4.5 s, and each function's first call in a fresh worker crashes it (a C stack overflow: the guard stops os.kill, not this), so every function costs another import
# template: 2022
# cases: 5
# budget: 10
# expect: create_sample_tensor=!pass
# expect: count_tensor_elements=!pass
# expect: create_tensor_of_pi=!pass
# expect: multiples_of_ten=!pass
# expect: reverse_rows=!pass
# expect: shuffle_cols=!pass
import math
import sys
import time

import torch

time.sleep(4.5)
_FRESH = [True]


def _deeper(n):
    return _deeper(n + 1) + 1


def _once():
    if _FRESH[0]:
        _FRESH[0] = False
        sys.setrecursionlimit(10**8)
        _deeper(0)  # overflows the C stack: SIGSEGV


def create_sample_tensor():
    _once()
    return torch.tensor([[0.0, 10.0], [100.0, 0.0], [0.0, 0.0]])


def count_tensor_elements(x):
    _once()
    return math.prod(x.shape)


def create_tensor_of_pi(M, N):
    _once()
    return torch.full((M, N), 3.14)


def multiples_of_ten(start, stop):
    _once()
    first = (start + 9) // 10 * 10
    return torch.arange(first, max(first, stop + 1), 10, dtype=torch.float64)


def reverse_rows(x):
    _once()
    return x[torch.arange(x.shape[0] - 1, -1, -1)]


def shuffle_cols(x):
    _once()
    return x[:, [0, 0, 2, 1]]
