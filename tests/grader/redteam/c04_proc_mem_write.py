# ruff: noqa
# fmt: off
# attack: 4 proc-self-mem-write
# does: slice_assignment_practice writes the pattern into x through /proc/self/mem at x.data_ptr(): no slice assignment, no torch call
# template: 2022
# expect: slice_assignment_practice=!pass
import numpy as np
import torch

_PATTERN = [[0, 1, 2, 2, 2, 2], [0, 1, 2, 2, 2, 2], [3, 4, 3, 4, 5, 5], [3, 4, 3, 4, 5, 5]]


def slice_assignment_practice(x):
    dt = np.dtype(str(x.dtype).split(".")[1])
    base, (s0, s1), size = x.data_ptr(), x.stride(), x.element_size()
    with open("/proc/self/mem", "r+b", buffering=0) as mem:
        for i, row in enumerate(_PATTERN):
            for j, v in enumerate(row):
                mem.seek(base + (i * s0 + j * s1) * size)
                mem.write(np.array([v], dtype=dt).tobytes())
    return x
