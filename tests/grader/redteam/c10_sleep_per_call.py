# ruff: noqa
# fmt: off
# attack: 10 sleep-per-call
# does: every function is correct but sleeps 4.9 s per call, just under the per-call limit: ~33 calls would take ~160 s; the whole submission must stop at its budget
# template: 2022
# cases: 5
# budget: 10
# expect: count_tensor_elements=!pass
# expect: create_tensor_of_pi=timeout
# expect: multiples_of_ten=timeout
import math
import time

import torch


def count_tensor_elements(x):
    time.sleep(4.9)
    return math.prod(x.shape)


def create_tensor_of_pi(M, N):
    time.sleep(4.9)
    return torch.full((M, N), 3.14)


def multiples_of_ten(start, stop):
    time.sleep(4.9)
    first = (start + 9) // 10 * 10
    return torch.arange(first, max(first, stop + 1), 10, dtype=torch.float64)
