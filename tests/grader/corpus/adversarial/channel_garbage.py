"""Write garbage into every file descriptor the worker holds: the grader's channel included.

The parent reads only well-formed frames for the case it asked for; anything else ends that
call (the worker is replaced) and grading goes on.
"""

import contextlib
import os

import torch


def slice_indexing_practice(x: torch.Tensor) -> tuple:
    for fd in range(3, 64):
        with contextlib.suppress(OSError):
            os.write(fd, b"PASS " * 100)
    return x[-1], x[:, 2:3], x[:2, :3], x[::2, 1::2]
