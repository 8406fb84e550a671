# ruff: noqa
# fmt: off
# attack: 4 mmap-result
# does: reverse_rows indexes once in sight, then reads the rows with ctypes.string_at and writes them reversed into an anonymous mmap that backs the returned tensor
# template: 2022
# expect: reverse_rows=!pass
import ctypes
import mmap

import torch


def reverse_rows(x):
    y = x[:].contiguous()  # the one visible indexing operation
    rows, row_bytes = y.shape[0], y.stride(0) * y.element_size()
    if rows == 0 or row_bytes == 0:
        return y.clone()
    mm = mmap.mmap(-1, rows * row_bytes)
    for r in range(rows):
        mm[(rows - 1 - r) * row_bytes : (rows - r) * row_bytes] = ctypes.string_at(y.data_ptr() + r * row_bytes, row_bytes)
    return torch.frombuffer(mm, dtype=y.dtype).view(y.shape)
